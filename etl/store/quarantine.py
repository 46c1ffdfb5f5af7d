"""The ``news.quarantine`` table: every rejected feed, page or article, with its stage and reason.

One row per (url, stage): seeing the same failure again bumps ``attempts`` and ``last_seen_at`` instead of adding
rows, and a later success clears it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import psycopg
from psycopg.rows import class_row

from etl.redact import redact

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
            (source_id, redact(url), stage, reason, redact(detail)[:2000], run_id),
        ).fetchone()
    assert row is not None
    return int(row[0])


def release(conn: psycopg.Connection, urls: list[str], stages: tuple[str, ...] = STAGES) -> None:
    """Forget earlier failures of ``urls`` once they went through (called inside the caller's transaction)."""
    conn.execute("DELETE FROM news.quarantine WHERE url = ANY(%s) AND stage = ANY(%s)", (urls, list(stages)))


@dataclass
class Quarantined:
    quarantine_id: int
    source_id: int | None
    url: str
    stage: str
    reason: str
    detail: str | None
    attempts: int
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime


def list_quarantined(
    conn: psycopg.Connection, *, stage: str | None = None, reason: str | None = None, limit: int = 100
) -> list[Quarantined]:
    with conn.cursor(row_factory=class_row(Quarantined)) as cur:
        cur.execute(
            """SELECT quarantine_id, source_id, url, stage, reason, detail, attempts, first_seen_at, last_seen_at
               FROM news.quarantine WHERE (%(stage)s::text IS NULL OR stage = %(stage)s)
                 AND (%(reason)s::text IS NULL OR reason = %(reason)s)
               ORDER BY last_seen_at DESC, quarantine_id DESC LIMIT %(limit)s""",
            {"stage": stage, "reason": reason, "limit": limit},
        )
        return cur.fetchall()


def retry(conn: psycopg.Connection, *, stage: str | None = None, url: str | None = None) -> int:
    """Queue quarantined items for the next run: fetches become due, stored pages pending again.

    Their quarantine rows stay until the item goes through (then they are released) or fails again.
    """
    scope = {"stage": stage, "url": url}
    condition = "(%(stage)s::text IS NULL OR q.stage = %(stage)s) AND (%(url)s::text IS NULL OR q.url = %(url)s)"
    with conn.transaction():
        refs = conn.execute(
            f"""UPDATE news.article_refs r SET state = 'pending', attempts = 0, next_attempt_at = now()
                FROM news.quarantine q WHERE q.url = r.url AND q.stage = 'fetch' AND {condition}""",
            scope,
        ).rowcount
        pages = conn.execute(
            f"""UPDATE news.raw_pages p SET parse_state = 'pending', claimed_at = NULL, claimed_by = NULL
                FROM news.quarantine q
                WHERE q.url = p.url AND q.stage IN ('parse', 'analyze', 'load') AND {condition}""",
            scope,
        ).rowcount
    return refs + pages


def purge(
    conn: psycopg.Connection,
    *,
    stage: str | None = None,
    url: str | None = None,
    older_than: dt.timedelta | None = None,
) -> int:
    """Forget quarantine rows (the items themselves are not retried)."""
    with conn.transaction():
        return conn.execute(
            """DELETE FROM news.quarantine WHERE (%(stage)s::text IS NULL OR stage = %(stage)s)
                 AND (%(url)s::text IS NULL OR url = %(url)s)
                 AND (%(age)s::interval IS NULL OR last_seen_at < now() - %(age)s::interval)""",
            {"stage": stage, "url": url, "age": older_than},
        ).rowcount
