"""RSS 2.0 and Atom feeds -> ArticleRefs, parsed without ever expanding XML entities.

defusedxml first proves the document declares no entities (billion-laughs and external-entity attacks are
refused outright); feedparser then reads the items, tolerating the everyday sloppiness of real feeds.
"""

from __future__ import annotations

import calendar
import datetime as dt

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from etl.models import ArticleRef
from etl.sources.errors import SourceError


def check_xml_safety(data: bytes) -> None:
    """Raise SourceError when ``data`` is not well-formed XML or declares entities or DTD tricks."""
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceError("xml_entities_forbidden", type(exc).__name__) from exc
    except Exception as exc:  # ParseError and friends: the document is not XML we can trust
        raise SourceError("malformed_xml", str(exc)[:300]) from exc


def parse_feed(data: bytes) -> list[ArticleRef]:
    """Items of an RSS or Atom document, newest information feedparser can give (link, title, date)."""
    check_xml_safety(data)
    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        raise SourceError("malformed_feed", str(feed.get("bozo_exception", ""))[:300])
    refs = []
    for entry in feed.entries:
        link = entry.get("link")
        if not link:
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC) if parsed else None
        refs.append(ArticleRef(url=link, title=entry.get("title"), published=published))
    return refs
