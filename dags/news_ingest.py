"""
### news_ingest

Hourly ingestion of every enabled source in `news.sources`: **discover** (one mapped task per source) →
**fetch** (mapped over hosts — one task per host, or per group of hosts beyond 256 — in the `news_fetch` pool;
one fetcher per host at a time, so each site sees one polite crawler) →
**process** (parse, analyze, load; one transaction per batch of articles) → **prune_feed** (deletes change-feed
rows every consumer has passed; with `NEWSFEED_FEED_MAX_AGE_DAYS`, older ones too) → **finish** (records counts in
`news.runs` and updates the `news_articles` Asset for downstream DAGs).

Windows: a scheduled run takes its data interval `[start, end)`, widened back by `lookback_hours` (feeds list
items late; the frontier drops repeats); a run made by `airflow backfill create` takes exactly its interval; a
manual run takes `window_start`/`window_end` from its params, or everything the sources list. Bad pages never
fail the run: they land in `news.quarantine` with their stage and reason. Only ids and counts travel through XCom.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Param, dag
from airflow.timetables.interval import CronDataIntervalTimetable

from etl.dag_tasks import pipeline
from etl.orchestration import DEFAULT_ARGS, mark_run_failed


@dag(
    dag_id="news_ingest",
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    on_failure_callback=mark_run_failed,
    tags=["news", "ingest"],
    default_args=DEFAULT_ARGS,
    params={
        "sources": Param(None, type=["null", "array"], items={"type": "string"},
                         description="Source names to ingest (default: every enabled source)."),
        "window_start": Param(None, type=["null", "string"], description="Manual runs: oldest article date taken "
                              "(ISO 8601, inclusive). Scheduled runs use their data interval."),
        "window_end": Param(None, type=["null", "string"], description="Manual runs: newest article date taken "
                            "(ISO 8601, exclusive)."),
        "lookback_hours": Param(24, type="number", minimum=0, description="Scheduled runs also take articles "
                                "dated this many hours before their interval (feeds list items late)."),
    },
)
def news_ingest():
    pipeline("ingest")


news_ingest()
