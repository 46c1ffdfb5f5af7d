"""
### news_ingest

Hourly ingestion of every enabled source in `news.sources`: **discover** (one mapped task per source) →
**fetch** (one mapped task per host, in the `news_fetch` pool, so each site sees one polite crawler) →
**process** (parse, analyze, load; one transaction per article) → **finish** (records counts in `news.runs`
and updates the `news_articles` Asset for downstream DAGs).

Each scheduled run takes its data interval `[start, end)` (widened back by `lookback_hours`); a manual run
takes `window_start`/`window_end` from its params, or everything the sources list. Bad pages never fail the
run: they land in `news.quarantine` with their stage and reason. Only ids and counts travel through XCom.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import Param, dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from etl.orchestration import FETCH_POOL, articles_asset, mark_run_failed

ARTICLES = articles_asset()


@dag(
    dag_id="news_ingest",
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    on_failure_callback=mark_run_failed,
    tags=["news", "ingest"],
    default_args={
        "owner": "news-event-feed",
        "retries": 2,
        "retry_delay": dt.timedelta(minutes=1),
        "retry_exponential_backoff": True,
        "max_retry_delay": dt.timedelta(minutes=15),
    },
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
    @task
    def start_run(params=None, dag_run=None, data_interval_start=None, data_interval_end=None) -> dict:
        from etl.orchestration import news_db, run_kind, run_window
        from etl.store import runs
        from etl.store.migrate import migrate
        from etl.store.sources import list_sources

        kind = run_kind(dag_run.run_type)
        start, end = run_window(kind, data_interval_start, data_interval_end, params)
        with news_db() as conn:
            migrate(conn)
            source_ids = [s.source_id for s in list_sources(conn, enabled_only=True, names=params["sources"])]
            run_id = runs.start_run(conn, kind=kind, window_start=start, window_end=end, source_ids=source_ids,
                                    dag_id=dag_run.dag_id, dag_run_id=dag_run.run_id)
        return {"run_id": run_id, "source_ids": source_ids,
                "start": start.isoformat() if start else None, "end": end.isoformat() if end else None}

    @task
    def source_ids(run: dict) -> list[int]:
        return run["source_ids"]

    @task(pool=FETCH_POOL)
    def discover(source_id: int, run: dict) -> int:
        from etl.fetch import Fetcher
        from etl.orchestration import news_db
        from etl.pipeline import Window, discover_source

        window = Window(*(dt.datetime.fromisoformat(v) if v else None for v in (run["start"], run["end"])))
        with news_db() as conn:
            return discover_source(conn, source_id, run_id=run["run_id"], fetcher=Fetcher(), window=window)["new_refs"]

    @task
    def hosts(run: dict, discovered: list[int]) -> list[str]:
        from etl.orchestration import news_db
        from etl.pipeline import hosts_to_fetch

        with news_db() as conn:
            return hosts_to_fetch(conn, run["source_ids"])

    @task(pool=FETCH_POOL)
    def fetch(host: str, run: dict) -> int:
        from etl.fetch import Fetcher
        from etl.orchestration import news_db
        from etl.pipeline import fetch_host

        with news_db() as conn:
            return fetch_host(conn, host, run_id=run["run_id"], fetcher=Fetcher(), source_ids=run["source_ids"])[
                "fetched"
            ]

    @task(trigger_rule="all_done")
    def process(run: dict, fetched: list[int] | None = None) -> int:
        from etl.orchestration import news_db
        from etl.pipeline import process_pages

        with news_db() as conn:
            return process_pages(conn, run_id=run["run_id"], source_ids=run["source_ids"])["loaded"]

    @task(outlets=[ARTICLES])
    def finish(run: dict, loaded: int | None = None, *, outlet_events=None) -> dict:
        from etl.orchestration import news_db
        from etl.store import runs

        with news_db() as conn:
            counts = runs.finish_run(conn, run["run_id"])
        outlet_events[ARTICLES].extra = {"run_id": run["run_id"], "counts": counts}
        return counts

    run = start_run()
    discovered = discover.partial(run=run).expand(source_id=source_ids(run))
    fetched = fetch.partial(run=run).expand(host=hosts(run, discovered))
    finish(run, process(run, fetched))


news_ingest()
