"""XML sitemaps, news sitemaps and sitemap indexes -> ArticleRefs (and child sitemaps to read next).

Dates come from ``<news:publication_date>`` when present, else ``<lastmod>``; backfills use them to keep only
the URLs of their window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import dateparser
from defusedxml.ElementTree import fromstring

from etl.models import ArticleRef
from etl.sources.rss import check_xml_safety

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@dataclass
class Sitemap:
    refs: list[ArticleRef] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def _date(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    parsed = dateparser.parse(text.strip(), settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC"})
    return parsed


def parse_sitemap(data: bytes) -> Sitemap:
    """A ``<urlset>`` gives article refs; a ``<sitemapindex>`` gives the child sitemaps to fetch."""
    check_xml_safety(data)
    root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    result = Sitemap()
    if root.tag.endswith("sitemapindex"):
        for node in root.findall("sm:sitemap", NS):
            loc = node.findtext("sm:loc", default="", namespaces=NS).strip()
            if loc:
                result.children.append(loc)
        return result
    for node in root.findall("sm:url", NS):
        loc = node.findtext("sm:loc", default="", namespaces=NS).strip()
        if not loc:
            continue
        news_date = node.findtext("news:news/news:publication_date", namespaces=NS)
        title = node.findtext("news:news/news:title", namespaces=NS)
        published = _date(news_date) or _date(node.findtext("sm:lastmod", namespaces=NS))
        result.refs.append(ArticleRef(url=loc, title=title, published=published))
    return result
