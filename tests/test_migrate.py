"""Migrations: applied once, recorded, safe when several processes run them at the same time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from etl.store.migrate import available, migrate


def test_every_migration_is_recorded_and_a_second_run_applies_nothing(conn: psycopg.Connection) -> None:
    versions = {r[0] for r in conn.execute("SELECT version FROM news.schema_migrations")}
    assert versions == {m.version for m in available()}
    assert migrate(conn) == []


def test_concurrent_migrations_on_an_empty_database_apply_each_file_once(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA news, newsfeed CASCADE")
        conn.execute("DROP PUBLICATION newsfeed_publication")

    def run(_: int) -> list[str]:
        with psycopg.connect(db_url, autocommit=True) as conn:
            return migrate(conn)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(4)))
    applied = [version for result in results for version in result]
    assert sorted(applied) == sorted(m.version for m in available())


def test_an_edited_migration_is_refused(conn: psycopg.Connection) -> None:
    conn.execute("UPDATE news.schema_migrations SET checksum = 'changed' WHERE version = '001_schema'")
    with pytest.raises(RuntimeError, match="edited after it was applied"):
        migrate(conn)


def test_every_table_has_a_primary_key(conn: psycopg.Connection) -> None:
    missing = conn.execute(
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'news' AND c.relkind = 'r'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.oid AND p.contype = 'p')"""
    ).fetchall()
    assert missing == []
