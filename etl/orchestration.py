"""What the DAGs share: the Postgres connection id, the Asset they update, and how a run's window is chosen.

Kept apart from the DAG files so DAG parsing stays cheap (no spaCy, no database at import time) and so the
consumer DAGs and tests name the same Asset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg

NEWS_DB_CONN_ID = "news_db"
FETCH_POOL = "news_fetch"
ARTICLES_ASSET_URI = "postgres://news-db:5432/newsfeed/news/articles"
DEFAULT_LOOKBACK = dt.timedelta(hours=24)
DEFAULT_ARGS: dict[str, Any] = {
    "owner": "news-event-feed",
    "retries": 2,
    "retry_delay": dt.timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": dt.timedelta(minutes=15),
}


def articles_asset() -> Any:
    """The Asset news_ingest updates after every run; downstream DAGs schedule on it."""
    from airflow.sdk import Asset

    return Asset(name="news_articles", uri=ARTICLES_ASSET_URI)


def news_db() -> psycopg.Connection:
    """An autocommit psycopg 3 connection from the Airflow connection ``news_db``."""
    from airflow.providers.postgres.hooks.postgres import PostgresHook

    conn = PostgresHook(postgres_conn_id=NEWS_DB_CONN_ID).get_conn()
    conn.autocommit = True
    return conn


def run_kind(run_type: Any) -> str:
    """Map Airflow's run type to the kinds ``news.runs`` records."""
    value = str(getattr(run_type, "value", run_type))
    return {"scheduled": "scheduled", "backfill": "backfill", "asset_triggered": "scheduled"}.get(value, "manual")


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def run_window(
    kind: str,
    interval_start: dt.datetime | None,
    interval_end: dt.datetime | None,
    params: dict[str, Any],
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The ``[start, end)`` of article dates a run takes.

    Scheduled runs take their data interval, widened backwards by ``lookback_hours`` because feeds list items
    some time after their stated publication (the frontier drops the repeats). Backfill runs (``airflow backfill
    create``) take exactly their interval, so each window is fetched once. Manual runs take only what their
    params say (``window_start`` / ``window_end``), and everything when they say nothing.
    """
    if kind == "manual":
        return _parse_time(params.get("window_start")), _parse_time(params.get("window_end"))
    if kind == "backfill":
        return interval_start, interval_end
    lookback = dt.timedelta(hours=float(params.get("lookback_hours") or DEFAULT_LOOKBACK.total_seconds() / 3600))
    start = interval_start - lookback if interval_start else None
    return start, interval_end


def mark_run_failed(context: dict[str, Any]) -> None:
    """DAG failure callback: close the run's ``news.runs`` row as failed so operators see it."""
    dag_run = context.get("dag_run")
    if dag_run is None:
        return
    with news_db() as conn, conn.transaction():
        conn.execute(
            """UPDATE news.runs SET status = 'failed', finished_at = now(),
                   error = COALESCE(error, 'a task of the DAG run failed; see Airflow logs')
               WHERE dag_id = %s AND dag_run_id = %s AND status = 'running'""",
            (dag_run.dag_id, dag_run.run_id),
        )
