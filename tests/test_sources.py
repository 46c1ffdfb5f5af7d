"""Discovery parsers: RSS, Atom, sitemaps, URL lists, folders — and the XML that must be refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.sources import in_window
from etl.sources.errors import SourceError
from etl.sources.files import list_files
from etl.sources.rss import parse_feed
from etl.sources.sitemap import parse_sitemap
from etl.sources.urls import parse_url_list

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>T</title><link>https://news.example/</link><description>d</description>
<item><title>First</title><link>https://news.example/a/1</link><pubDate>Fri, 20 Nov 2026 09:15:00 +0000</pubDate></item>
<item><title>No date</title><link>https://news.example/a/2</link></item>
<item><title>No link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:x</id><updated>2026-11-21T10:00:00Z</updated>
<entry><title>Atom one</title><id>urn:1</id><link href="https://news.example/atom/1"/>
<updated>2026-11-21T10:00:00+02:00</updated></entry></feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>"""


def test_rss_items_become_refs_with_dates_and_items_without_links_are_skipped() -> None:
    refs = parse_feed(RSS)
    assert [r.url for r in refs] == ["https://news.example/a/1", "https://news.example/a/2"]
    assert refs[0].title == "First"
    assert refs[0].published == dt.datetime(2026, 11, 20, 9, 15, tzinfo=dt.UTC)
    assert refs[1].published is None


def test_atom_entries_become_refs_in_utc() -> None:
    (ref,) = parse_feed(ATOM)
    assert ref.url == "https://news.example/atom/1"
    assert ref.published == dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_feeds_declaring_entities_are_refused(document: bytes) -> None:
    with pytest.raises(SourceError) as error:
        parse_feed(document)
    assert error.value.reason == "xml_entities_forbidden"


def test_a_feed_that_is_not_xml_is_refused() -> None:
    with pytest.raises(SourceError) as error:
        parse_feed(b"<html><body>not a feed")
    assert error.value.reason == "malformed_xml"


def test_news_sitemap_uses_publication_date_and_index_lists_children() -> None:
    urlset = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/s/1</loc><lastmod>2026-11-01</lastmod>
<news:news><news:publication_date>2026-11-20T08:00:00Z</news:publication_date><news:title>S1</news:title></news:news></url>
<url><loc>https://news.example/s/2</loc><lastmod>2026-11-19T12:00:00+00:00</lastmod></url></urlset>"""
    parsed = parse_sitemap(urlset)
    assert [(r.url, r.published.date().isoformat(), r.title) for r in parsed.refs] == [
        ("https://news.example/s/1", "2026-11-20", "S1"),
        ("https://news.example/s/2", "2026-11-19", None),
    ]
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sm-1.xml</loc></sitemap><sitemap><loc>https://news.example/sm-2.xml</loc></sitemap>
</sitemapindex>"""
    assert parse_sitemap(index).children == ["https://news.example/sm-1.xml", "https://news.example/sm-2.xml"]


def test_url_list_with_optional_dates_and_comments() -> None:
    refs = parse_url_list("# archive\nhttps://news.example/1 2026-11-20\n\nhttps://news.example/2\n")
    assert [r.url for r in refs] == ["https://news.example/1", "https://news.example/2"]
    assert refs[0].published == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    with pytest.raises(SourceError):
        parse_url_list("ftp://elsewhere/file\n")


def test_folder_source_lists_pages_and_texts(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.txt").write_text("text")
    (tmp_path / "c.jpg").write_bytes(b"\xff")
    refs = list_files(tmp_path)
    assert [Path(r.url).name for r in refs] == ["a.html", "b.txt"]
    assert all(r.url.startswith("file://") for r in refs)


def test_window_keeps_refs_in_range_and_undated_refs() -> None:
    start, end = dt.datetime(2026, 11, 20, tzinfo=dt.UTC), dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    refs = parse_feed(RSS)
    assert in_window(refs[0], start, end)
    assert not in_window(refs[0], end, None)
    assert in_window(refs[1], start, end)
