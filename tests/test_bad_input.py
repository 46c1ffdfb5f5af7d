"""Every kind of bad input becomes a quarantine row with its stage and reason, and the run goes on.

Each test serves a feed from a real HTTP server on 127.0.0.1 listing one good article plus the bad input, runs
the pipeline, and checks the good article loaded, the bad one is quarantined as it should be, and the run closed
as a success.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from html import escape

import psycopg
import pytest

from etl.pipeline import Window, run_pipeline
from etl.store.sources import add_source
from tests.factories import news_page
from tests.scripted_server import Reply, ScriptedServer, unresponsive_port

GERMAN = """<html lang="de"><head><title>Gespräche in Genf</title></head><body><article><h1>Gespräche in Genf</h1>
<p>Die Außenministerin traf am Donnerstag in Genf ihren amerikanischen Amtskollegen, wie Beamte mitteilten.</p>
<p>„Wir haben vereinbart, weiter miteinander zu reden“, sagte sie nach dem Treffen, das mehr als drei Stunden
dauerte. Die Vereinigten Staaten wollen 300 Ingenieure schicken, um den beschädigten Damm zu reparieren.</p>
</article></body></html>"""


def rss(base: str, paths: list[str]) -> bytes:
    links = [escape(p if "://" in p else base + p) for p in paths]
    items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>'
            f"<description>d</description>{items}</channel></rss>").encode()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    srv.route("/good", Reply.html(news_page()))
    yield srv
    srv.close()


def run_feed(conn: psycopg.Connection, server: ScriptedServer, *paths: str) -> dict[str, int]:
    server.route("/feed.xml", Reply(200, rss(server.base, ["/good", *paths]), {"Content-Type": "application/rss+xml"}))
    add_source(conn, "scripted", "rss", server.url("/feed.xml"))
    run_id, counts = run_pipeline(conn)
    assert conn.execute("SELECT status FROM news.runs WHERE run_id = %s", (run_id,)).fetchone()[0] == "success"
    assert conn.execute("SELECT count(*) FROM news.articles WHERE title = 'Envoys meet in Geneva'").fetchone()[0] == 1
    return counts


def quarantined(conn: psycopg.Connection) -> dict[str, tuple[str, str]]:
    rows = conn.execute("SELECT url, stage, reason FROM news.quarantine").fetchall()
    return {url.split("/", 3)[-1]: (stage, reason) for url, stage, reason in rows}


def ref_state(conn: psycopg.Connection, path: str) -> tuple[str, int, bool]:
    """(state, attempts, due later) of a frontier row."""
    return conn.execute(
        "SELECT state, attempts, next_attempt_at > now() FROM news.article_refs WHERE url LIKE %s", (f"%{path}",)
    ).fetchone()


def test_http_errors_are_quarantined_and_only_server_errors_retried_later(conn, server) -> None:
    server.route("/missing", Reply(404))
    server.route("/broken", Reply(500))
    run_feed(conn, server, "/missing", "/broken")
    assert quarantined(conn) == {"missing": ("fetch", "http_404"), "broken": ("fetch", "http_500")}
    assert ref_state(conn, "/missing")[0] == "rejected"
    assert ref_state(conn, "/broken") == ("failed", 1, True)
    assert server.hits["/broken"] == 3  # the first try and two retries within the run


def test_429_with_a_short_retry_after_is_waited_out(conn, server) -> None:
    server.route("/busy", Reply(429, headers={"Retry-After": "0"}), Reply.html(news_page("Busy page")))
    counts = run_feed(conn, server, "/busy")
    assert counts["loaded"] == 2 and quarantined(conn) == {}


def test_429_with_a_long_retry_after_waits_for_a_later_run(conn, server) -> None:
    server.route("/busy", Reply(429, headers={"Retry-After": "3600"}))
    run_feed(conn, server, "/busy")
    assert quarantined(conn) == {"busy": ("fetch", "http_429")}
    assert server.hits["/busy"] == 1
    later = conn.execute("SELECT next_attempt_at > now() + interval '50 minutes' FROM news.article_refs "
                         "WHERE url LIKE '%/busy'").fetchone()[0]
    assert later


def test_connection_refused(conn, server) -> None:
    closed = ScriptedServer()
    dead_url = closed.url("/gone")
    closed.close()
    run_feed(conn, server, dead_url)
    assert quarantined(conn) == {"gone": ("fetch", "connection_refused")}
    assert ref_state(conn, "/gone")[0] == "failed"


def test_dns_failure(conn, server) -> None:
    run_feed(conn, server, "http://no-such-host.invalid/article")
    assert quarantined(conn) == {"article": ("fetch", "dns_failure")}


def test_connect_timeout(conn, server) -> None:
    with unresponsive_port() as port:
        run_feed(conn, server, f"http://127.0.0.1:{port}/slow")
    assert quarantined(conn) == {"slow": ("fetch", "connect_timeout")}


def test_read_timeout(conn, server) -> None:
    server.route("/stalls", Reply(200, b"<p>late</p>", {"Content-Type": "text/html"}, delay=3))
    run_feed(conn, server, "/stalls")
    assert quarantined(conn) == {"stalls": ("fetch", "read_timeout")}


def test_a_server_that_trickles_forever_hits_the_total_deadline(conn, server, monkeypatch) -> None:
    monkeypatch.setenv("NEWSFEED_TOTAL_TIMEOUT", "1")
    monkeypatch.setenv("NEWSFEED_MAX_RETRIES", "0")
    from etl.config import get_settings

    get_settings.cache_clear()
    server.route("/trickle", Reply(200, b"<p>" + b"x" * 1000 + b"</p>", {"Content-Type": "text/html"}, trickle=0.05))
    run_feed(conn, server, "/trickle")
    assert quarantined(conn) == {"trickle": ("fetch", "deadline_exceeded")}


def test_redirect_loops_and_too_many_redirects(conn, server) -> None:
    server.route("/loop-a", Reply(302, headers={"Location": "/loop-b"}))
    server.route("/loop-b", Reply(302, headers={"Location": "/loop-a"}))
    for i in range(8):
        server.route(f"/hop{i}", Reply(301, headers={"Location": f"/hop{i + 1}"}))
    run_feed(conn, server, "/loop-a", "/hop0")
    assert quarantined(conn) == {"loop-a": ("fetch", "redirect_loop"), "hop0": ("fetch", "too_many_redirects")}


def test_robots_disallow(conn, server) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    server.route("/private/memo", Reply.html(news_page("Secret")))
    run_feed(conn, server, "/private/memo")
    assert quarantined(conn) == {"private/memo": ("fetch", "robots_disallowed")}
    assert server.hits["/private/memo"] == 0


def test_non_html_content(conn, server) -> None:
    server.route("/report.pdf", Reply(200, b"%PDF-1.7", {"Content-Type": "application/pdf"}))
    run_feed(conn, server, "/report.pdf")
    assert quarantined(conn) == {"report.pdf": ("fetch", "unexpected_content_type")}


def test_oversize_pages_and_gzip_bombs(conn, server, monkeypatch) -> None:
    monkeypatch.setenv("NEWSFEED_MAX_PAGE_BYTES", "100000")
    from etl.config import get_settings

    get_settings.cache_clear()
    server.route("/huge", Reply.html("<p>" + "x" * 200_000 + "</p>"))
    bomb = gzip.compress(b"<html><body>" + b"A" * 50_000_000 + b"</body></html>")
    server.route("/bomb", Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    run_feed(conn, server, "/huge", "/bomb")
    assert quarantined(conn) == {"huge": ("fetch", "too_large"), "bomb": ("fetch", "too_large")}


def test_mislabelled_encoding_is_decoded_and_garbage_is_quarantined(conn, server) -> None:
    latin = news_page("Café talks in Genève").encode("cp1252")
    server.route("/latin", Reply(200, latin, {"Content-Type": "text/html; charset=utf-8"}))
    server.route("/garbage", Reply(200, bytes(range(256)) * 40, {"Content-Type": "text/html"}))
    run_feed(conn, server, "/latin", "/garbage")
    title = conn.execute("SELECT title FROM news.articles WHERE url LIKE '%/latin'").fetchone()[0]
    assert title == "Café talks in Genève"
    assert quarantined(conn)["garbage"][0] == "parse"


def test_empty_and_boilerplate_only_bodies(conn, server) -> None:
    server.route("/empty", Reply.html(""))
    server.route("/chrome", Reply.html("<html><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav>"
                                       "<footer>© 2026 Demo</footer></body></html>"))
    run_feed(conn, server, "/empty", "/chrome")
    found = quarantined(conn)
    assert found["empty"][0] == "parse" and found["chrome"][0] == "parse"


def test_non_english_articles_are_stored_and_marked_but_not_analysed(conn, server) -> None:
    server.route("/de", Reply.html(GERMAN))
    counts = run_feed(conn, server, "/de")
    assert counts["not_english"] == 1
    article_id, language = conn.execute(
        "SELECT article_id, language FROM news.articles WHERE url LIKE '%/de'").fetchone()
    assert language == "de"
    for table in ("mentions", "statements", "figures", "events"):
        rows = conn.execute(f"SELECT count(*) FROM news.{table} WHERE article_id = %s", (article_id,)).fetchone()[0]
        assert rows == 0, table


def test_malformed_feeds_sitemaps_and_xml_bombs(conn, server) -> None:
    server.route("/bad-feed.xml", Reply(200, b"<rss><channel><item>", {"Content-Type": "application/xml"}))
    server.route("/bomb.xml", Reply(200, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                                         b"<urlset>&b;</urlset>", {"Content-Type": "application/xml"}))
    add_source(conn, "bad-feed", "rss", server.url("/bad-feed.xml"))
    add_source(conn, "bomb", "sitemap", server.url("/bomb.xml"))
    run_feed(conn, server)
    assert quarantined(conn) == {"bad-feed.xml": ("discover", "malformed_xml"),
                                 "bomb.xml": ("discover", "xml_entities_forbidden")}


def test_url_variants_resolve_to_one_article(conn, server) -> None:
    page = news_page()
    server.route("/good?utm_source=feed&utm_medium=rss", Reply.html(page))
    variants = ["/good?utm_source=feed&utm_medium=rss", "/good#comments", f"HTTP://127.0.0.1:{server.port}/good"]
    counts = run_feed(conn, server, *variants)
    assert conn.execute("SELECT count(*) FROM news.article_refs").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM news.articles").fetchone()[0] == 1
    assert counts["fetched"] == 1


def test_http_and_https_copies_of_an_article_are_one_article(conn) -> None:
    from etl.models import Article
    from etl.store.load import load_article
    from tests.factories import FETCHED, make_document

    body = "Jane Roe met John Doe in Paris. \u201cWe agreed,\u201d Roe said. About 300 troops left."
    for scheme in ("http", "https"):
        article = Article(url=f"{scheme}://news.example/a", canonical_url=f"{scheme}://news.example/a", body=body)
        load_article(conn, article, make_document(), source_id=None, fetched_at=FETCHED)
    assert conn.execute("SELECT count(*) FROM news.articles").fetchone()[0] == 1


def test_a_changed_article_replaces_the_old_version_atomically(conn, server) -> None:
    server.route("/story", Reply.html(news_page("Story")))
    run_feed(conn, server, "/story")
    old = conn.execute("SELECT body FROM news.articles WHERE title = 'Story'").fetchone()[0]
    server.route("/story", Reply.html(news_page("Story").replace("300 engineers", "450 engineers")))
    _, counts = run_pipeline(conn, mode="refetch", window=Window())
    assert counts["fetched"] >= 1 and counts["loaded"] == 1
    new = conn.execute("SELECT body FROM news.articles WHERE title = 'Story'").fetchone()[0]
    assert new != old and "450 engineers" in new
    values = {r[0] for r in conn.execute(
        "SELECT f.value FROM news.figures f JOIN news.articles a USING (article_id) WHERE a.title = 'Story'")}
    assert 450 in values and 300 not in values


def test_a_redirect_to_a_metadata_or_private_address_is_refused(conn, server) -> None:
    server.route("/moved", Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    server.route("/inside", Reply(302, headers={"Location": "http://10.0.0.8/admin"}))
    run_feed(conn, server, "/moved", "/inside")
    assert quarantined(conn) == {"moved": ("fetch", "forbidden_address"), "inside": ("fetch", "forbidden_address")}


def test_credentials_never_reach_the_runs_table(conn) -> None:
    from etl.store import runs

    run_id = runs.start_run(conn, kind="cli")
    runs.finish_run(conn, run_id, error="OperationalError: postgres://loader:hunter2@db/news password=hunter2")
    error = conn.execute("SELECT error FROM news.runs WHERE run_id = %s", (run_id,)).fetchone()[0]
    assert "hunter2" not in error and "loader:***@" in error


def test_the_writer_role_writes_data_but_cannot_change_the_schema(conn) -> None:
    conn.execute("SET ROLE newsfeed_writer")
    try:
        with conn.transaction():
            conn.execute("INSERT INTO news.sources (name, kind, url) VALUES ('w', 'rss', 'https://news.example/rss')")
        assert conn.execute("SELECT count(*) FROM newsfeed.articles").fetchone()[0] == 0
        for statement in ("CREATE TABLE news.extra (x int)", "DROP TABLE news.sources", "ALTER TABLE news.articles "
                          "ADD COLUMN x int", "TRUNCATE news.changes"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(statement)
    finally:
        conn.execute("RESET ROLE")
