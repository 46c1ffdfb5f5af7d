"""The pipeline without Airflow (``newsfeed ingest``): sample site -> Postgres, repeatable, bad input quarantined."""

from __future__ import annotations

import psycopg

from etl.demo.server import SiteServer
from etl.pipeline import run_pipeline
from etl.report import table_counts
from etl.store.sources import add_source
from tests.factories import news_page
from tests.scripted_server import Reply, ScriptedServer


def feed(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>'
            f"<description>d</description>{items}</channel></rss>").encode()


def test_ingest_loads_the_sample_site_and_a_second_run_adds_nothing(conn: psycopg.Connection,
                                                                    site: SiteServer) -> None:
    add_source(conn, "demo-wire", "rss", f"{site.base_url}/feed.xml")
    run_id, counts = run_pipeline(conn)
    assert counts["loaded"] == 8 and counts.get("parse_failed", 0) == 0
    first = table_counts(conn)
    assert first["articles"] == 8 and first["quarantine"] == 0
    assert min(first[t] for t in ("actors", "mentions", "statements", "figures", "events")) > 0
    status, window_counts = conn.execute("SELECT status, counts FROM news.runs WHERE run_id = %s",
                                         (run_id,)).fetchone()
    assert status == "success" and window_counts["loaded"] == 8

    _, again = run_pipeline(conn)
    assert again.get("loaded", 0) == 0 and again.get("fetched", 0) == 0
    assert again["feed_not_modified"] == 1  # the feed itself answered 304 to our ETag
    second = table_counts(conn)
    assert {t: n for t, n in second.items() if t != "runs"} == {t: n for t, n in first.items() if t != "runs"}


def test_bad_pages_are_quarantined_with_stage_and_reason_and_the_good_one_loads(conn: psycopg.Connection) -> None:
    server = ScriptedServer()
    try:
        server.route("/feed.xml", Reply(200, feed(server.base, ["/good", "/gone", "/image", "/empty"]),
                                        {"Content-Type": "application/rss+xml"}))
        server.route("/good", Reply.html(news_page()))
        server.route("/gone", Reply(404))
        server.route("/image", Reply(200, b"\x89PNG\r\n", {"Content-Type": "image/png"}))
        server.route("/empty", Reply.html("<html><body><nav>Home | World</nav></body></html>"))
        add_source(conn, "scripted", "rss", server.url("/feed.xml"))
        _, counts = run_pipeline(conn)
    finally:
        server.close()
    assert counts["loaded"] == 1
    rows = conn.execute("SELECT url, stage, reason FROM news.quarantine ORDER BY url").fetchall()
    reasons = {url.rsplit("/", 1)[1]: (stage, reason) for url, stage, reason in rows}
    assert reasons["gone"] == ("fetch", "http_404")
    assert reasons["image"] == ("fetch", "unexpected_content_type")
    assert reasons["empty"][0] == "parse"
    title = conn.execute("SELECT title FROM news.articles").fetchone()[0]
    assert title and "Envoys meet" in title


def test_an_unreadable_feed_is_quarantined_and_the_run_still_succeeds(conn: psycopg.Connection) -> None:
    server = ScriptedServer()
    try:
        server.route("/feed.xml", Reply(200, b"<rss><channel><title>broken", {"Content-Type": "application/xml"}))
        add_source(conn, "broken", "rss", server.url("/feed.xml"))
        run_id, counts = run_pipeline(conn)
    finally:
        server.close()
    assert counts.get("discover_failed") == 1
    assert conn.execute("SELECT stage, reason FROM news.quarantine").fetchall() == [("discover", "malformed_xml")]
    assert conn.execute("SELECT status FROM news.runs WHERE run_id = %s", (run_id,)).fetchone()[0] == "success"


def test_a_folder_source_loads_plain_text_articles(conn: psycopg.Connection, tmp_path) -> None:
    (tmp_path / "talks.txt").write_text(
        "Prime Minister Ana Sousa met President Tomas Berg in Lisbon on Monday. Sousa said the two countries had "
        "agreed to build a 40 km pipeline costing $1.2 billion, according to officials familiar with the talks. "
        "Berg said the deal would create 2,000 jobs.", encoding="utf-8")
    add_source(conn, "archive", "files", str(tmp_path))
    _, counts = run_pipeline(conn)
    assert counts["loaded"] == 1
    assert conn.execute("SELECT count(*) FROM news.figures").fetchone()[0] >= 1


def test_an_article_the_database_refuses_costs_only_itself_not_its_batch(conn: psycopg.Connection,
                                                                         tmp_path) -> None:
    """The batch is one transaction; when it fails, its articles are loaded one by one and only the bad one is
    quarantined (here Postgres itself refuses it, through a trigger the test adds)."""
    story = ("Prime Minister Ana Sousa met President Tomas Berg in Lisbon on Monday. Sousa said the two countries "
             "had agreed to build a 40 km pipeline costing $1.2 billion, according to officials familiar with the "
             "talks. Berg said the deal would create {n} jobs.")
    for n in (100, 200, 300):
        (tmp_path / f"talks-{n}.txt").write_text(story.format(n=n), encoding="utf-8")
    conn.execute("""CREATE FUNCTION public.refuse_300() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.body LIKE '%300 jobs%' THEN RAISE EXCEPTION 'refused: 300 jobs'; END IF;
                          RETURN NEW; END $$""")
    conn.execute("CREATE TRIGGER refuse_300 BEFORE INSERT ON news.articles FOR EACH ROW "
                 "EXECUTE FUNCTION public.refuse_300()")
    add_source(conn, "archive", "files", str(tmp_path))
    _, counts = run_pipeline(conn)
    assert counts["loaded"] == 2 and counts["load_failed"] == 1
    assert conn.execute("SELECT count(*) FROM news.articles").fetchone()[0] == 2
    assert conn.execute("SELECT count(DISTINCT article_id) FROM news.events").fetchone()[0] == 2
    (stage, reason, detail), = conn.execute("SELECT stage, reason, detail FROM news.quarantine").fetchall()
    assert (stage, reason) == ("load", "RaiseException") and detail.startswith("refused: 300 jobs")


def test_worker_processes_give_the_same_rows_as_inline_analysis(conn: psycopg.Connection, site: SiteServer,
                                                                monkeypatch) -> None:
    add_source(conn, "demo-wire", "rss", f"{site.base_url}/feed.xml")
    monkeypatch.setenv("NEWSFEED_NLP_PROCESSES", "2")
    monkeypatch.setenv("NEWSFEED_LOAD_BATCH_SIZE", "3")  # several batches: the next is analyzed while one loads
    from etl.config import get_settings

    get_settings.cache_clear()
    _, counts = run_pipeline(conn)
    pooled = table_counts(conn)
    monkeypatch.setenv("NEWSFEED_NLP_PROCESSES", "1")
    get_settings.cache_clear()
    _, again = run_pipeline(conn, mode="reanalyze")
    assert counts["loaded"] == 8 and again["loaded"] == 8
    assert again.get("changed", 0) == 0, "inline analysis disagrees with the workers' results"
    assert {t: n for t, n in table_counts(conn).items() if t != "runs"} == {
        t: n for t, n in pooled.items() if t != "runs"}
