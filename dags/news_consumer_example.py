"""
### news_consumer_example

A downstream DAG to copy from: it runs whenever `news_ingest` updates the `news_articles` Asset, reads the
events that changed since its last run from the change feed (durable consumer `airflow-example`, so nothing
is missed or counted twice even if a run fails and is retried), and logs new events per PLOVER type.
Replace the body of `count_new_events` with your own work (refresh a model, notify a channel, export a file).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from airflow.sdk import dag, task

from etl.orchestration import DEFAULT_ARGS, articles_asset

ARTICLES = articles_asset()
CONSUMER = "airflow-example"
log = logging.getLogger(__name__)


@dag(
    dag_id="news_consumer_example",
    schedule=[ARTICLES],
    start_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["news", "consumer", "example"],
    default_args=DEFAULT_ARGS,
)
def news_consumer_example():
    @task
    def count_new_events(triggering_asset_events=None) -> dict[str, int]:
        from etl.orchestration import news_db
        from etl.subscribe import Subscription

        for event in (triggering_asset_events or {}).get(ARTICLES, []):
            log.info("triggered by news_ingest run %s: %s", event.extra.get("run_id"), event.extra.get("counts"))
        counts: Counter[str] = Counter()
        with news_db() as conn:
            feed = Subscription(conn, CONSUMER, tables=["events"], from_start=True)
            for batch in feed.batches(500):
                counts.update(c.row["event_type"] for c in batch if c.row is not None)
        log.info("new or changed events by type: %s", dict(counts))
        return dict(counts)

    count_new_events()


news_consumer_example()
