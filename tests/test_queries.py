"""The README's worked queries (its "Queries" section), run as written on the demo data: each must answer its
question with the rows the sample articles call for (etl/demo/site/README.md lists what they contain)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from etl.analyze import analyze_text
from etl.config import PROJECT_ROOT
from etl.demo.server import SiteServer
from etl.models import Article
from etl.pipeline import run_pipeline
from etl.store.load import load_article
from etl.store.sources import add_source
from tests.conftest import wait_for_feed

QUERY = re.compile(r"<!-- query: ([\w-]+) -->\n```sql\n(.*?)```", re.S)
START_OF_FEED = "'0:0'"  # the position literal the README tells readers to replace with their own
QUERIES = {"who-met-whom", "what-a-person-said", "figure-history", "events-between-countries",
           "articles-changed-since"}


def readme_queries() -> dict[str, str]:
    return dict(QUERY.findall((PROJECT_ROOT / "README.md").read_text(encoding="utf-8")))


def ingest_demo(conn: psycopg.Connection) -> None:
    """The sample site, loaded as `make demo` loads it, with every feed row visible to consumers."""
    with SiteServer() as site:
        add_source(conn, "demo-wire", "rss", f"{site.base_url}/feed.xml")
        _, counts = run_pipeline(conn)
    assert counts["loaded"] == 8
    wait_for_feed(conn)


def run(conn: psycopg.Connection, query: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query).fetchall()


@pytest.fixture(scope="module")
def demo(server_url: str, template_database: str) -> Iterator[psycopg.Connection]:
    """One database with the demo data for the read-only queries: loading it takes seconds, reading it nothing."""
    name = f"newsfeed_test_queries_{uuid.uuid4().hex[:12]}"
    admin = psycopg.conninfo.make_conninfo(server_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template_database)))
    try:
        with psycopg.connect(psycopg.conninfo.make_conninfo(server_url, dbname=name), autocommit=True) as conn:
            ingest_demo(conn)
            yield conn
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_the_readme_has_one_sql_block_per_question() -> None:
    assert set(readme_queries()) == QUERIES


def test_who_met_whom_finds_the_meetings_and_calls_of_the_week(demo: psycopg.Connection) -> None:
    rows = run(demo, readme_queries()["who-met-whom"])
    pairs = {(r["who"], r["whom"]) for r in rows}
    assert ("Margit Halvorsen", "Zhou Wenbin") in pairs  # "Halvorsen met Zhou Wenbin" (EU-China article)
    assert ("Ibrahima Diallo", "Adama Kouyaté") in pairs  # spoke by phone, Sunday 22 November
    assert all(dt.date(2026, 11, 18) <= r["day"] <= dt.date(2026, 11, 22) for r in rows)
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)


def test_what_a_person_said_lists_her_statements_newest_first(demo: psycopg.Connection) -> None:
    rows = run(demo, readme_queries()["what-a-person-said"])
    assert len(rows) >= 3  # a quotation broken by "Halvorsen told reporters", "She warned that ...", "said"
    assert all("electric cars" in r["article_title"] for r in rows)
    assert any("not a concession" in r["quote"] for r in rows)
    assert [r["published_at"] for r in rows] == sorted((r["published_at"] for r in rows), reverse=True)


def test_figure_history_gives_the_troop_counts_said_about_kosovo(demo: psycopg.Connection) -> None:
    rows = run(demo, readme_queries()["figure-history"])
    assert "about 1,500 troops" in {r["text"] for r in rows}
    assert {r["value"] for r in rows} >= {1500}
    assert all("Kosovo" in r["article_title"] for r in rows)


def test_events_between_two_countries_are_counted_by_type_per_week(demo: psycopg.Connection) -> None:
    rows = run(demo, readme_queries()["events-between-countries"])
    by_week_and_type = {(r["week"], r["event_type"]): r for r in rows}
    # "China had imposed sanctions on Monday on three U.S. defence contractors" (23 November, a Monday)
    sanctions = by_week_and_type[(dt.date(2026, 11, 23), "SANCTION")]
    assert sanctions["events"] >= 1
    assert all(r["week"].weekday() == 0 and r["events"] > 0 for r in rows)


def test_articles_changed_since_the_start_of_the_feed_are_all_articles(demo: psycopg.Connection) -> None:
    rows = run(demo, readme_queries()["articles-changed-since"])
    assert len(rows) == 8
    assert all({"articles", "events", "statements"} <= set(r["changed_tables"]) for r in rows)


def test_articles_changed_since_a_position_are_exactly_the_one_changed_after_it(conn: psycopg.Connection) -> None:
    ingest_demo(conn)
    position = conn.execute(
        "SELECT position FROM newsfeed.changes ORDER BY txid DESC, seq DESC LIMIT 1").fetchone()[0]
    changed = conn.execute(
        """SELECT article_id, url, canonical_url, source_id, title, authors, published_at, modified_at, section,
                  language, body
           FROM news.articles WHERE canonical_url LIKE %s""", ("%serbia-kosovo%",)).fetchone()
    article_id, url, canonical, source_id, title, authors, published, modified, section, language, body = changed
    body += "\n\nKosovo said on Friday that it would send 200 more police officers to the north."
    article = Article(url=url, canonical_url=canonical, title=title, authors=authors, published=published,
                      modified=modified, section=section, language=language, body=body)
    document = analyze_text(body, doc_id="serbia-kosovo", published=published.date(), url=canonical, title=title)
    load_article(conn, article, document, source_id=source_id, fetched_at=dt.datetime.now(dt.UTC))
    wait_for_feed(conn)

    query = readme_queries()["articles-changed-since"]
    assert query.count(START_OF_FEED) == 1
    rows = run(conn, query.replace(START_OF_FEED, f"'{position}'"))
    assert [r["article_id"] for r in rows] == [article_id]
    assert "articles" in rows[0]["changed_tables"]
