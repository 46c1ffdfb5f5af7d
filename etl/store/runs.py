"""The ``news.runs`` table: each run's window, mode, counts per stage and timings, for operators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import psycopg
from psycopg.types.json import Jsonb

from etl.redact import redact

RUN_KINDS = ("scheduled", "manual", "backfill", "cli")


def start_run(
    conn: psycopg.Connection,
    *,
    kind: str,
    mode: str = "ingest",
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
    source_ids: list[int] | None = None,
    dag_id: str | None = None,
    dag_run_id: str | None = None,
    hold_connection: bool = False,
) -> int:
    """Open a run's row; ``hold_connection`` says this connection lives as long as the run (CLI runs), so the run
    can be recognised as abandoned once its backend is gone."""
    with conn.transaction():
        close_abandoned(conn)
        row = conn.execute(
            """INSERT INTO news.runs (kind, mode, window_start, window_end, source_ids, dag_id, dag_run_id,
                                      backend_pid)
               VALUES (%s, %s, %s, %s, %s, %s, %s, CASE WHEN %s THEN pg_backend_pid() END) RETURNING run_id""",
            (kind, mode, window_start, window_end, source_ids, dag_id, dag_run_id, hold_connection),
        ).fetchone()
    assert row is not None
    return int(row[0])


def close_abandoned(conn: psycopg.Connection) -> int:
    """Close runs whose process died (their backend is gone) as failed; returns how many."""
    return conn.execute(
        """UPDATE news.runs SET status = 'failed', finished_at = now(),
               error = 'abandoned: the process running it or its database connection died'
           WHERE status = 'running' AND backend_pid IS NOT NULL
             AND backend_pid NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)"""
    ).rowcount


def add_counts(
    conn: psycopg.Connection, run_id: int, counts: Mapping[str, int], timings: Mapping[str, float] | None = None
) -> None:
    """Add ``counts`` (and stage timings in seconds) to the run's totals; safe from parallel tasks."""
    with conn.transaction():
        conn.execute("SELECT 1 FROM news.runs WHERE run_id = %s FOR UPDATE", (run_id,))
        conn.execute(
            """UPDATE news.runs SET
                   counts = (SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
                       SELECT k, SUM(v)::bigint AS v FROM (
                           SELECT key AS k, value::bigint AS v FROM jsonb_each_text(runs.counts)
                           UNION ALL SELECT key, value::bigint FROM jsonb_each_text(%s::jsonb)) AS both_sides
                       GROUP BY k) AS summed),
                   timings = (SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
                       SELECT k, round(SUM(v)::numeric, 3) AS v FROM (
                           SELECT key AS k, value::float8 AS v FROM jsonb_each_text(runs.timings)
                           UNION ALL SELECT key, value::float8 FROM jsonb_each_text(%s::jsonb)) AS both_sides
                       GROUP BY k) AS summed)
               WHERE run_id = %s""",
            (Jsonb(dict(counts)), Jsonb(dict(timings or {})), run_id),
        )


def finish_run(conn: psycopg.Connection, run_id: int, *, error: str | None = None) -> dict[str, int]:
    """Close the run; returns its counts."""
    with conn.transaction():
        row = conn.execute(
            """UPDATE news.runs SET status = %s, error = %s, finished_at = now() WHERE run_id = %s
               RETURNING counts""",
            ("failed" if error else "success", redact(error) if error else None, run_id),
        ).fetchone()
    return dict(row[0]) if row else {}
