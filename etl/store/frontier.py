"""The crawl frontier (``news.article_refs``) and stored pages (``news.raw_pages``).

Discovery adds refs; fetching takes due refs per host and stores pages gzip-compressed; processing claims
pending pages in batches. Claims use ``FOR UPDATE SKIP LOCKED`` and expire, so parallel workers never take the same
page and a worker that died releases its pages to the next run.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from dataclasses import dataclass

import psycopg
from psycopg.rows import class_row

from etl.fetch import FetchResult
from etl.models import ArticleRef
from etl.urls import canonical_url, host_of

CLAIM_EXPIRY = dt.timedelta(hours=1)


@dataclass
class DueRef:
    url: str
    source_id: int
    attempts: int
    etag: str | None
    last_modified: str | None


@dataclass
class Page:
    url: str
    source_id: int | None
    final_url: str
    content_type: str | None
    html_gzip: bytes
    fetched_at: dt.datetime
    ref_title: str | None
    ref_published: dt.datetime | None

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.html_gzip)


def add_refs(conn: psycopg.Connection, source_id: int, refs: list[ArticleRef], run_id: int | None) -> int:
    """Insert refs not seen before (by canonical URL); returns how many are new."""
    rows = {}
    for ref in refs:
        url = canonical_url(ref.url)
        rows.setdefault(url, (url, source_id, host_of(url), ref.title, ref.published, run_id))
    if not rows:
        return 0
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS new_refs (LIKE news.article_refs INCLUDING DEFAULTS)"
                    " ON COMMIT DELETE ROWS")
        with cur.copy("COPY new_refs (url, source_id, host, title, published_at, last_run_id) FROM STDIN") as copy:
            for row in rows.values():
                copy.write_row(row)
        cur.execute(
            """INSERT INTO news.article_refs (url, source_id, host, title, published_at, last_run_id)
               SELECT url, source_id, host, title, published_at, last_run_id FROM new_refs
               ON CONFLICT (url) DO NOTHING"""
        )
        return cur.rowcount


def due_hosts(conn: psycopg.Connection, source_ids: list[int] | None, max_attempts: int) -> list[str]:
    """Hosts with refs waiting to be fetched (new, or failed earlier and due for another try)."""
    rows = conn.execute(
        """SELECT DISTINCT host FROM news.article_refs
           WHERE state IN ('pending', 'failed') AND next_attempt_at <= now() AND attempts < %s
             AND (%s::int[] IS NULL OR source_id = ANY(%s::int[]))
           ORDER BY host""",
        (max_attempts, source_ids, source_ids),
    ).fetchall()
    return [r[0] for r in rows]


def due_refs(
    conn: psycopg.Connection, host: str, source_ids: list[int] | None, max_attempts: int, limit: int
) -> list[DueRef]:
    with conn.cursor(row_factory=class_row(DueRef)) as cur:
        cur.execute(
            """SELECT r.url, r.source_id, r.attempts, p.etag, p.last_modified
               FROM news.article_refs r LEFT JOIN news.raw_pages p USING (url)
               WHERE r.host = %s AND r.state IN ('pending', 'failed') AND r.next_attempt_at <= now()
                 AND r.attempts < %s AND (%s::int[] IS NULL OR r.source_id = ANY(%s::int[]))
               ORDER BY r.published_at DESC NULLS LAST, r.discovered_at
               LIMIT %s""",
            (host, max_attempts, source_ids, source_ids, limit),
        )
        return cur.fetchall()


def store_page(conn: psycopg.Connection, ref: DueRef, result: FetchResult, run_id: int | None) -> bool:
    """Keep a fetched page; returns True when its content is new or changed (and so needs processing)."""
    digest = hashlib.sha256(result.body).hexdigest()
    with conn.transaction():
        row = conn.execute(
            """INSERT INTO news.raw_pages (url, source_id, final_url, http_status, content_type, etag, last_modified,
                                          content_sha256, html_gzip, fetched_at)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT (url) DO UPDATE SET final_url = EXCLUDED.final_url, http_status = EXCLUDED.http_status,
                   content_type = EXCLUDED.content_type, etag = EXCLUDED.etag,
                   last_modified = EXCLUDED.last_modified, fetched_at = EXCLUDED.fetched_at,
                   content_sha256 = EXCLUDED.content_sha256, html_gzip = EXCLUDED.html_gzip,
                   parse_state = CASE WHEN raw_pages.content_sha256 = EXCLUDED.content_sha256
                                      THEN raw_pages.parse_state ELSE 'pending' END
               RETURNING parse_state = 'pending'""",
            (ref.url, ref.source_id, result.final_url, result.status, result.content_type, result.etag,
             result.last_modified, digest, gzip.compress(result.body, 6), result.fetched_at),
        ).fetchone()
        _mark_ref(conn, ref.url, "fetched", run_id)
    return bool(row and row[0])


def mark_not_modified(conn: psycopg.Connection, ref: DueRef, run_id: int | None) -> None:
    with conn.transaction():
        _mark_ref(conn, ref.url, "not_modified", run_id)


def mark_failed(
    conn: psycopg.Connection,
    ref: DueRef,
    *,
    retryable: bool,
    run_id: int | None,
    retry_delay: dt.timedelta,
    retry_after: float | None = None,
) -> None:
    """A failed fetch: tried again by a later run after a delay that doubles each time (or the server's own
    Retry-After, when longer), or given up for good when retrying cannot help (404, robots, wrong content)."""
    with conn.transaction():
        conn.execute(
            """UPDATE news.article_refs SET state = %s, attempts = attempts + 1, last_run_id = %s,
                   next_attempt_at = now() + GREATEST(%s * power(2, attempts), %s * interval '1 second')
               WHERE url = %s""",
            ("failed" if retryable else "rejected", run_id, retry_delay, retry_after or 0, ref.url),
        )


def _mark_ref(conn: psycopg.Connection, url: str, state: str, run_id: int | None) -> None:
    conn.execute(
        "UPDATE news.article_refs SET state = %s, attempts = attempts + 1, last_run_id = %s WHERE url = %s",
        (state, run_id, url),
    )


def claim_pages(conn: psycopg.Connection, limit: int, source_ids: list[int] | None = None) -> list[Page]:
    """Take up to ``limit`` pages waiting for processing (or abandoned by a worker whose backend is gone)."""
    with conn.transaction(), conn.cursor(row_factory=class_row(Page)) as cur:
        cur.execute(
            """WITH todo AS (
                   SELECT url FROM news.raw_pages
                   WHERE (parse_state = 'pending'
                          OR (parse_state = 'claimed'
                              AND (claimed_at < now() - %s
                                   OR claimed_by NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL))))
                     AND (%s::int[] IS NULL OR source_id = ANY(%s::int[]))
                   ORDER BY fetched_at LIMIT %s FOR UPDATE SKIP LOCKED)
               UPDATE news.raw_pages p SET parse_state = 'claimed', claimed_at = now(), claimed_by = pg_backend_pid()
               FROM todo LEFT JOIN news.article_refs r USING (url)
               WHERE p.url = todo.url
               RETURNING p.url, p.source_id, p.final_url, p.content_type, p.html_gzip, p.fetched_at,
                         r.title AS ref_title, r.published_at AS ref_published""",
            (CLAIM_EXPIRY, source_ids, source_ids, limit),
        )
        return cur.fetchall()


def reject_page(conn: psycopg.Connection, url: str) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE news.raw_pages SET parse_state = 'rejected', claimed_at = NULL, claimed_by = NULL WHERE url = %s",
            (url,),
        )


WINDOW_FILTER = """COALESCE(a.published_at, r.published_at) >= COALESCE(%(start)s, '-infinity'::timestamptz)
           AND COALESCE(a.published_at, r.published_at) < COALESCE(%(end)s, 'infinity'::timestamptz)
           AND (%(sources)s::int[] IS NULL OR r.source_id = ANY(%(sources)s::int[]))"""


def requeue_for_fetch(
    conn: psycopg.Connection, start: dt.datetime | None, end: dt.datetime | None, source_ids: list[int] | None
) -> int:
    """Make the already-known refs of a window due again (a refetch backfill): conditional GET keeps it cheap."""
    with conn.transaction():
        return conn.execute(
            f"""UPDATE news.article_refs AS target SET state = 'pending', attempts = 0, next_attempt_at = now()
                FROM news.article_refs r
                LEFT JOIN news.raw_pages p ON p.url = r.url
                LEFT JOIN news.articles a ON a.article_id = p.article_id
                WHERE target.url = r.url AND r.state <> 'pending' AND {WINDOW_FILTER}""",
            {"start": start, "end": end, "sources": source_ids},
        ).rowcount


def requeue_for_analysis(
    conn: psycopg.Connection,
    start: dt.datetime | None,
    end: dt.datetime | None,
    source_ids: list[int] | None,
    versions: list[str] | None = None,
) -> int:
    """Mark the stored pages of a window for processing again (re-analysis: no network).

    ``versions`` limits it to articles last analyzed by one of those extractor versions.
    """
    with conn.transaction():
        return conn.execute(
            f"""UPDATE news.raw_pages AS target SET parse_state = 'pending', claimed_at = NULL, claimed_by = NULL
                FROM news.raw_pages p
                LEFT JOIN news.article_refs r ON r.url = p.url
                LEFT JOIN news.articles a ON a.article_id = p.article_id
                WHERE target.url = p.url AND p.parse_state IN ('done', 'rejected') AND {WINDOW_FILTER}
                  AND (%(versions)s::text[] IS NULL OR a.extractor_version = ANY(%(versions)s::text[]))""",
            {"start": start, "end": end, "sources": source_ids, "versions": versions},
        ).rowcount


def pending_pages(conn: psycopg.Connection, source_ids: list[int] | None = None) -> int:
    row = conn.execute(
        """SELECT count(*) FROM news.raw_pages WHERE parse_state IN ('pending', 'claimed')
           AND (%s::int[] IS NULL OR source_id = ANY(%s::int[]))""",
        (source_ids, source_ids),
    ).fetchone()
    return int(row[0]) if row else 0
