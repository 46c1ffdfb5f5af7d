"""Finding and connecting to Postgres: ``NEWSFEED_DATABASE_URL`` when set, else an embedded server.

The embedded server (the ``pgserver`` package: real PostgreSQL binaries in a wheel) lives under
``<data_dir>/pgdata`` and keeps running after the process exits, so ``make demo`` and ``make test`` need no
service started by hand and later commands reuse it.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

from etl.config import get_settings

EMBEDDED_USER = "postgres"


def embedded_server_url(data_dir: Path, database: str) -> str:
    """Start (or reuse) the embedded server under ``data_dir`` and return a URL for ``database`` in it."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset; it falls back fine
        warnings.simplefilter("ignore")
        import pgserver  # imported here: only needed when no database URL is configured

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir / "pgdata", cleanup_mode=None)
    socket_dir = server.get_uri().split("host=", 1)[1]
    admin_url = f"postgresql://{EMBEDDED_USER}@/postgres?host={quote(socket_dir)}"
    create_database(admin_url, database)
    return f"postgresql://{EMBEDDED_USER}@/{database}?host={quote(socket_dir)}"


def create_database(admin_url: str, database: str) -> None:
    """Create ``database`` unless it exists (CREATE DATABASE cannot run inside a transaction)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            # another process may create it between our check and our CREATE
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def database_url() -> str:
    """The URL every command and DAG task connects to."""
    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    return embedded_server_url(settings.data_dir, settings.embedded_database)


def connect(url: str | None = None, *, autocommit: bool = True) -> psycopg.Connection:
    """A new psycopg 3 connection in autocommit mode: every write is inside an explicit ``conn.transaction()``."""
    return psycopg.connect(url or database_url(), autocommit=autocommit)
