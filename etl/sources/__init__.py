"""Discovery: each kind of source (RSS/Atom feed, sitemap, URL list, folder of files) yields ArticleRefs.

The parsers of each kind are pure functions over bytes; this module adds the fetching (with the fetcher's
politeness and conditional GET) and the date-window filter that backfills use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from etl.fetch import FEED_TYPES, TEXT_TYPES, Fetcher, FetchError
from etl.models import ArticleRef
from etl.sources.errors import SourceError
from etl.sources.files import list_files
from etl.sources.rss import parse_feed
from etl.sources.sitemap import parse_sitemap
from etl.sources.urls import parse_url_list

KINDS = ("rss", "atom", "sitemap", "urls", "files")
MAX_CHILD_SITEMAPS = 200

__all__ = ["KINDS", "Discovery", "SourceError", "SourceSpec", "discover", "in_window"]


@dataclass(frozen=True)
class SourceSpec:
    """What discovery needs to know about a source (a row of news.sources)."""

    kind: str
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Discovery:
    refs: list[ArticleRef] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (url, reason, detail) of parts unread
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


def in_window(ref: ArticleRef, start: dt.datetime | None, end: dt.datetime | None) -> bool:
    """Whether a ref belongs to ``[start, end)``; refs without a date are kept (their page may carry one)."""
    if ref.published is None:
        return True
    published = ref.published if ref.published.tzinfo else ref.published.replace(tzinfo=dt.UTC)
    return (start is None or published >= start) and (end is None or published < end)


def discover(source: SourceSpec, fetcher: Fetcher) -> Discovery:
    """The article refs a source lists now; raises SourceError (or FetchError) when it cannot be read."""
    if source.kind in {"rss", "atom"}:
        response = fetcher.get(source.url, accept=FEED_TYPES, etag=source.etag, last_modified=source.last_modified)
        if response.not_modified:
            return Discovery(not_modified=True, etag=source.etag, last_modified=source.last_modified)
        return Discovery(parse_feed(response.body), etag=response.etag, last_modified=response.last_modified)
    if source.kind == "sitemap":
        return _walk_sitemaps(source.url, fetcher)
    if source.kind == "urls":
        if source.url.startswith(("http://", "https://")):
            text = fetcher.get(source.url, accept=TEXT_TYPES).body.decode("utf-8", errors="replace")
        else:
            text = Path(source.url).expanduser().read_text(encoding="utf-8")
        return Discovery(parse_url_list(text))
    if source.kind == "files":
        return Discovery(list_files(source.url))
    raise SourceError("unknown_source_kind", source.kind)


def _walk_sitemaps(url: str, fetcher: Fetcher) -> Discovery:
    """A sitemap or a sitemap index with its children (one level, bounded); an unreadable child is reported."""
    root = parse_sitemap(fetcher.get(url, accept=FEED_TYPES).body)
    found = Discovery(list(root.refs))
    for child in root.children[:MAX_CHILD_SITEMAPS]:
        try:
            found.refs.extend(parse_sitemap(fetcher.get(child, accept=FEED_TYPES).body).refs)
        except (FetchError, SourceError) as exc:
            found.failures.append((child, exc.reason, exc.detail))
    return found
