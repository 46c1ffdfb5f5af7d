"""The real DAGs in Airflow: they import cleanly, and a ``dag.test()`` run of news_ingest loads the sample site."""

from __future__ import annotations

import psycopg
import pytest

from etl import airflow_local
from etl.demo.server import SiteServer
from etl.orchestration import ARTICLES_ASSET_URI
from etl.report import table_counts
from etl.store.sources import add_source
from tests.conftest import wait_for_feed


@pytest.fixture(scope="module")
def dagbag():
    return airflow_local.load_dags()


def test_dags_import_without_errors_and_explain_themselves(dagbag) -> None:
    assert dagbag.import_errors == {}
    dag = dagbag.get_dag("news_ingest")
    assert dag is not None
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert dag.doc_md and "news_ingest" in dag.doc_md
    assert "news" in dag.tags
    fetch = dag.get_task("fetch")
    assert fetch.pool == "news_fetch" and fetch.retries >= 1
    consumer = dagbag.get_dag("news_consumer_example")
    assert ARTICLES_ASSET_URI in str(consumer.timetable.asset_condition)


def test_news_ingest_run_loads_the_feed_and_a_second_run_adds_nothing(conn: psycopg.Connection, site: SiteServer,
                                                                      dagbag) -> None:
    add_source(conn, "demo-wire", "rss", f"{site.base_url}/feed.xml")
    assert airflow_local.run_dag("news_ingest", run_conf={"sources": ["demo-wire"]}) == "success"
    first = table_counts(conn)
    assert first["articles"] == 8 and first["raw_pages"] == 8 and first["quarantine"] == 0
    assert first["events"] > 0 and first["statements"] > 0 and first["figures"] > 0 and first["actors"] > 0
    kind, status, counts = conn.execute("SELECT kind, status, counts FROM news.runs").fetchone()
    assert (kind, status, counts["loaded"]) == ("manual", "success", 8)

    assert airflow_local.run_dag("news_ingest", run_conf={"sources": ["demo-wire"]}) == "success"
    second = table_counts(conn)
    assert {t: n for t, n in second.items() if t != "runs"} == {t: n for t, n in first.items() if t != "runs"}
    assert second["runs"] == 2
    assert conn.execute("SELECT array_agg(status ORDER BY run_id) FROM news.runs").fetchone()[0] == ["success"] * 2

    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        events = (session.query(AssetEvent).join(AssetModel, AssetEvent.asset_id == AssetModel.id)
                  .filter(AssetModel.uri == ARTICLES_ASSET_URI).all())
        assert any(e.extra.get("counts", {}).get("loaded") == 8 for e in events)

    # the example downstream DAG reads the new events from the change feed, once
    wait_for_feed(conn)
    assert airflow_local.run_dag("news_consumer_example") == "success"
    cursor = conn.execute("SELECT last_seq FROM news.consumers WHERE name = 'airflow-example'").fetchone()
    assert cursor and cursor[0] > 0
    pending = conn.execute("SELECT count(*) FROM newsfeed.read_changes('airflow-example', 1000)").fetchone()[0]
    assert pending == 0

    # the next run's prune_feed task deletes what the only consumer has passed, and nothing after it
    passed = "SELECT count(*) FROM news.changes c, news.consumers k WHERE (c.txid, c.seq) <= (k.last_txid, k.last_seq)"
    assert conn.execute(passed).fetchone()[0] > 0
    total = conn.execute("SELECT count(*) FROM news.changes").fetchone()[0]
    assert airflow_local.run_dag("news_ingest", run_conf={"sources": ["demo-wire"]}) == "success"
    assert conn.execute(passed).fetchone()[0] == 0
    left = conn.execute("SELECT count(*) FROM news.changes").fetchone()[0]
    counts = conn.execute("SELECT counts FROM news.runs ORDER BY run_id DESC LIMIT 1").fetchone()[0]
    assert left < total and counts["feed_pruned"] == total - left
