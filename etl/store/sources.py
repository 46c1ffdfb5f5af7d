"""The ``news.sources`` table: what to discover from, and the feed validators for conditional GET."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.rows import class_row

from etl.sources import KINDS, SourceSpec


@dataclass
class Source:
    source_id: int
    name: str
    kind: str
    url: str
    enabled: bool
    etag: str | None
    last_modified: str | None

    @property
    def spec(self) -> SourceSpec:
        return SourceSpec(self.kind, self.url, self.etag, self.last_modified)


COLUMNS = "source_id, name, kind, url, enabled, etag, last_modified"


def add_source(conn: psycopg.Connection, name: str, kind: str, url: str) -> Source:
    """Create a source, or point an existing one of that name at a new kind/URL (and re-enable it)."""
    if kind not in KINDS:
        raise ValueError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")
    with conn.transaction(), conn.cursor(row_factory=class_row(Source)) as cur:
        cur.execute(
            f"""INSERT INTO news.sources (name, kind, url) VALUES (%s, %s, %s)
                ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url, enabled = true,
                    etag = CASE WHEN sources.url = EXCLUDED.url THEN sources.etag END,
                    last_modified = CASE WHEN sources.url = EXCLUDED.url THEN sources.last_modified END
                RETURNING {COLUMNS}""",
            (name, kind, url),
        )
        source = cur.fetchone()
    assert source is not None
    return source


def list_sources(
    conn: psycopg.Connection, *, enabled_only: bool = False, names: list[str] | None = None
) -> list[Source]:
    with conn.cursor(row_factory=class_row(Source)) as cur:
        cur.execute(
            f"""SELECT {COLUMNS} FROM news.sources
                WHERE (NOT %(enabled)s OR enabled) AND (%(names)s::text[] IS NULL OR name = ANY(%(names)s))
                ORDER BY source_id""",
            {"enabled": enabled_only, "names": names},
        )
        return cur.fetchall()


def get_source(conn: psycopg.Connection, source_id: int) -> Source:
    with conn.cursor(row_factory=class_row(Source)) as cur:
        cur.execute(f"SELECT {COLUMNS} FROM news.sources WHERE source_id = %s", (source_id,))
        source = cur.fetchone()
    if source is None:
        raise LookupError(f"no source with id {source_id}")
    return source


def set_enabled(conn: psycopg.Connection, name: str, enabled: bool) -> bool:
    with conn.transaction():
        return conn.execute("UPDATE news.sources SET enabled = %s WHERE name = %s", (enabled, name)).rowcount == 1


def record_discovery(conn: psycopg.Connection, source_id: int, etag: str | None, last_modified: str | None) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE news.sources SET etag = %s, last_modified = %s, last_discovered_at = now() WHERE source_id = %s",
            (etag, last_modified, source_id),
        )
