"""The ``news.quarantine`` table: every rejected feed, page or article, with its stage and reason.

One row per (url, stage): seeing the same failure again bumps ``attempts`` and ``last_seen_at`` instead of adding
rows, and a later success clears it.
"""

from __future__ import annotations

import psycopg

STAGES = ("discover", "fetch", "parse", "analyze", "load")


def quarantine(
    conn: psycopg.Connection,
    *,
    url: str,
    stage: str,
    reason: str,
    detail: str = "",
    source_id: int | None = None,
    run_id: int | None = None,
) -> int:
    """Record (or re-record) a rejection; returns how many times this URL has failed at this stage."""
    with conn.transaction():
        row = conn.execute(
            """INSERT INTO news.quarantine (source_id, url, stage, reason, detail, last_run_id)
               VALUES (%s, %s, %s, %s, %s, %s)
               ON CONFLICT (url, stage) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail,
                   attempts = quarantine.attempts + 1, last_seen_at = now(), last_run_id = EXCLUDED.last_run_id,
                   source_id = COALESCE(EXCLUDED.source_id, quarantine.source_id)
               RETURNING attempts""",
            (source_id, url, stage, reason, detail[:2000], run_id),
        ).fetchone()
    assert row is not None
    return int(row[0])


def release(conn: psycopg.Connection, url: str, stages: tuple[str, ...] = STAGES) -> None:
    """Forget earlier failures of ``url`` once it went through (called inside the caller's transaction)."""
    conn.execute("DELETE FROM news.quarantine WHERE url = %s AND stage = ANY(%s)", (url, list(stages)))
