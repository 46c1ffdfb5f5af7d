"""A plain list of article URLs, one per line, optionally followed by whitespace and a publication date.

Lines starting with ``#`` are comments. Example::

    https://example.com/news/1   2026-11-20
    https://example.com/news/2
"""

from __future__ import annotations

import datetime as dt

from etl.models import ArticleRef
from etl.sources.errors import SourceError


def parse_url_list(text: str) -> list[ArticleRef]:
    refs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, rest = line.partition(" ") if " " in line else line.partition("\t")
        if not url.startswith(("http://", "https://")):
            raise SourceError("malformed_url_list", f"line {number}: {line[:200]!r}")
        published = None
        if rest.strip():
            try:
                published = dt.datetime.fromisoformat(rest.strip())
            except ValueError as exc:
                raise SourceError("malformed_url_list", f"line {number}: bad date {rest.strip()!r}") from exc
            if published.tzinfo is None:
                published = published.replace(tzinfo=dt.UTC)
        refs.append(ArticleRef(url=url, published=published))
    return refs
