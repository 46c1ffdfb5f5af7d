"""Applies the numbered SQL files in ``sql/`` once each, in order, recording what was applied.

Safe to run from several processes at once (DAG tasks, CLI, tests): a transaction-level advisory lock
serialises them, and each file runs in the same transaction as its bookkeeping row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import psycopg

from etl.config import PROJECT_ROOT

SQL_DIR = PROJECT_ROOT / "sql"
MIGRATION_LOCK = 7_300_001  # advisory lock key reserved for migrations


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def available(sql_dir: Path = SQL_DIR) -> list[Migration]:
    """Files named ``NNN_description.sql``, ordered by their number."""
    return [Migration(p.stem, p) for p in sorted(sql_dir.glob("[0-9][0-9][0-9]_*.sql"))]


def migrate(conn: psycopg.Connection, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply every migration not yet applied; returns the versions applied now."""
    applied_now: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE SCHEMA IF NOT EXISTS news")
        conn.execute(
            """CREATE TABLE IF NOT EXISTS news.schema_migrations (
                   version    text PRIMARY KEY,
                   checksum   text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        done = {row[0]: row[1] for row in conn.execute("SELECT version, checksum FROM news.schema_migrations")}
        for migration in available(sql_dir):
            if migration.version in done:
                if done[migration.version] != migration.checksum:
                    raise RuntimeError(
                        f"migration {migration.version} was edited after it was applied; add a new migration instead"
                    )
                continue
            conn.execute(migration.text)
            conn.execute(
                "INSERT INTO news.schema_migrations (version, checksum) VALUES (%s, %s)",
                (migration.version, migration.checksum),
            )
            applied_now.append(migration.version)
    return applied_now
