"""Backfills: a date range loads exactly its articles, repeating it changes nothing, and re-analysis reads
stored pages only and rewrites only what changed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest

from etl import airflow_local
from etl.pipeline import Window, run_pipeline
from etl.report import table_counts
from etl.store.sources import add_source
from tests.scripted_server import Reply, ScriptedServer

DAYS = ["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]
PEOPLE = ["Anna Kovac", "Mark Ellis", "Lena Brandt", "Omar Haddad"]


def page(day: str, person: str) -> str:
    return f"""<html><head><title>Talks on {day}</title>
<meta property="article:published_time" content="{day}T09:00:00Z"></head><body><article>
<h1>Ministers meet on {day}</h1>
<p>Foreign Minister {person} met envoys from Norway and Chile in Geneva on {day}, officials said.</p>
<p>“We agreed to keep talking,” {person.split()[-1]} told reporters after a meeting that lasted three hours.</p>
<p>The two governments pledged $40 million in aid and said 300 engineers would help repair the damaged dam.</p>
</article></body></html>"""


def sitemap(base: str) -> bytes:
    urls = "".join(
        f"<url><loc>{base}/news/{day}</loc><news:news><news:publication_date>{day}T09:00:00Z"
        f"</news:publication_date><news:title>Talks {day}</news:title></news:news></url>" for day in DAYS)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()


@pytest.fixture
def news_site() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.route("/sitemap.xml", Reply(200, sitemap(server.base), {"Content-Type": "application/xml"}))
    for day, person in zip(DAYS, PEOPLE, strict=True):
        server.route(f"/news/{day}", Reply.html(page(day, person)))
    yield server
    server.close()


def two_days() -> Window:
    return Window(dt.datetime(2026, 11, 19, tzinfo=dt.UTC), dt.datetime(2026, 11, 21, tzinfo=dt.UTC))


def loaded_days(conn: psycopg.Connection) -> list[str]:
    return [r[0].date().isoformat() for r in conn.execute("SELECT published_at FROM news.articles ORDER BY 1")]


def feed_size(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM news.changes").fetchone()[0]


def test_a_backfill_loads_exactly_its_days_and_repeating_it_changes_nothing(conn: psycopg.Connection,
                                                                             news_site: ScriptedServer) -> None:
    add_source(conn, "sitemap", "sitemap", news_site.url("/sitemap.xml"))
    run_id, counts = run_pipeline(conn, kind="backfill", mode="refetch", window=two_days())
    assert loaded_days(conn) == ["2026-11-19", "2026-11-20"]
    assert news_site.hits["/news/2026-11-18"] == 0 and news_site.hits["/news/2026-11-21"] == 0
    row = conn.execute("SELECT kind, mode, window_start, window_end, status FROM news.runs WHERE run_id = %s",
                       (run_id,)).fetchone()
    assert row == ("backfill", "refetch", two_days().start, two_days().end, "success")
    assert counts["discovered"] == 2 and counts["loaded"] == 2

    before, feed_before = table_counts(conn), feed_size(conn)
    _, again = run_pipeline(conn, kind="backfill", mode="refetch", window=two_days())
    after = table_counts(conn)
    assert {t: n for t, n in after.items() if t != "runs"} == {t: n for t, n in before.items() if t != "runs"}
    assert feed_size(conn) == feed_before
    assert again["fetched"] == 2 and again["unchanged"] == 2 and again.get("loaded", 0) == 0


def test_reanalysis_reads_stored_pages_and_rewrites_only_what_changed(conn: psycopg.Connection,
                                                                      news_site: ScriptedServer,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    add_source(conn, "sitemap", "sitemap", news_site.url("/sitemap.xml"))
    run_pipeline(conn, kind="backfill", mode="refetch", window=two_days())
    hits = sum(news_site.hits.values())
    statements = conn.execute("SELECT statement_id, xmin::text FROM news.statements ORDER BY 1").fetchall()
    assert statements and conn.execute("SELECT count(*) FROM news.figures").fetchone()[0] > 0

    # a new extractor version that no longer reports figures, and nothing else different
    monkeypatch.setattr("etl.store.load.EXTRACTOR_VERSION", "99.0")
    monkeypatch.setattr("etl.analyze.find_figures", lambda doc: [])
    _, counts = run_pipeline(conn, kind="backfill", mode="reanalyze", window=two_days(), older_than="99.0")

    assert sum(news_site.hits.values()) == hits, "re-analysis made HTTP requests"
    assert counts["requeued"] == 2 and counts["loaded"] == 2
    assert conn.execute("SELECT count(*) FROM news.figures").fetchone()[0] == 0
    assert conn.execute("SELECT statement_id, xmin::text FROM news.statements ORDER BY 1").fetchall() == statements
    assert {r[0] for r in conn.execute("SELECT extractor_version FROM news.articles")} == {"99.0"}

    # everything is now at 99.0: asking again for articles older than 99.0 finds none
    _, none_left = run_pipeline(conn, kind="backfill", mode="reanalyze", window=two_days(), older_than="99.0")
    assert none_left["requeued"] == 0


def test_backfill_command_shows_progress_and_records_the_run(db_url: str, conn: psycopg.Connection,
                                                             news_site: ScriptedServer) -> None:
    add_source(conn, "sitemap", "sitemap", news_site.url("/sitemap.xml"))
    result = subprocess.run(
        [sys.executable, "-m", "etl.cli", "backfill", "--from", "2026-11-19", "--to", "2026-11-21",
         "--sources", "sitemap"], capture_output=True, text=True, env=os.environ | {"NEWSFEED_DATABASE_URL": db_url},
        check=True)
    assert "refetch: 2/2 articles" in result.stderr and "/s, about" in result.stderr
    assert loaded_days(conn) == ["2026-11-19", "2026-11-20"]


def test_news_backfill_dag_with_params(conn: psycopg.Connection, news_site: ScriptedServer) -> None:
    add_source(conn, "sitemap", "sitemap", news_site.url("/sitemap.xml"))
    conf = {"start_date": "2026-11-20", "end_date": "2026-11-22", "mode": "refetch", "sources": ["sitemap"]}
    assert airflow_local.run_dag("news_backfill", run_conf=conf) == "success"
    assert loaded_days(conn) == ["2026-11-20", "2026-11-21"]
    hits = sum(news_site.hits.values())
    conf["mode"] = "reanalyze"
    assert airflow_local.run_dag("news_backfill", run_conf=conf) == "success"
    assert sum(news_site.hits.values()) == hits
    modes = conn.execute("SELECT mode, kind, status FROM news.runs ORDER BY run_id").fetchall()
    assert modes == [("refetch", "backfill", "success"), ("reanalyze", "backfill", "success")]


def test_news_ingest_run_for_a_given_window(conn: psycopg.Connection, news_site: ScriptedServer) -> None:
    add_source(conn, "sitemap", "sitemap", news_site.url("/sitemap.xml"))
    conf = {"window_start": "2026-11-18T00:00:00+00:00", "window_end": "2026-11-19T00:00:00+00:00"}
    assert airflow_local.run_dag("news_ingest", run_conf=conf) == "success"
    assert loaded_days(conn) == ["2026-11-18"]
