"""Shared fixtures: a real Postgres (configured or embedded) with a fresh migrated database per test, the
bundled sample site served on 127.0.0.1, and Airflow configured for in-process ``dag.test()`` runs.

Airflow fixes its settings when first imported, so this module configures it before any test imports it.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

os.environ.update(
    NEWSFEED_NLP_PROCESSES="1",  # analysis inline: no worker pool to start in every test (one test uses a pool)
    NEWSFEED_ALLOW_PRIVATE_HOSTS="127.0.0.1",
    NEWSFEED_MIN_HOST_DELAY="0",
    NEWSFEED_BACKOFF_BASE="0.01",
    NEWSFEED_MAX_RETRIES="2",
    NEWSFEED_CONNECT_TIMEOUT="2",
    NEWSFEED_READ_TIMEOUT="2",
    NEWSFEED_TOTAL_TIMEOUT="5",
)

from etl import airflow_local
from etl.config import get_settings
from etl.demo.server import SiteServer
from etl.store.db import create_database, database_url
from etl.store.migrate import migrate

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="newsfeed-airflow-"))
airflow_local.configure(_AIRFLOW_HOME, "postgresql://unset/unset")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip with the reason when that material is not beside the project."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: tests on real articles need ../shared beside the project")
    return path


def wait_for_feed(conn: psycopg.Connection, timeout: float = 20.0) -> None:
    """Wait until every committed feed row is readable by consumers.

    Consumers only see rows older than every write transaction still running in the whole cluster, so an
    unrelated long transaction elsewhere (another test database, a benchmark) can hold rows back for a while.
    """
    deadline = time.monotonic() + timeout
    query = "SELECT (SELECT count(*) FROM news.changes) = (SELECT count(*) FROM newsfeed.changes)"
    while not conn.execute(query).fetchone()[0]:
        if time.monotonic() > deadline:
            raise AssertionError(f"feed rows still held back after {timeout}s")
        time.sleep(0.05)


def _with_database(url: str, database: str) -> str:
    parts = psycopg.conninfo.conninfo_to_dict(url)
    parts["dbname"] = database
    return psycopg.conninfo.make_conninfo(**parts)


@pytest.fixture(scope="session")
def server_url() -> str:
    """The server tests run against: NEWSFEED_DATABASE_URL, else the embedded one under .newsfeed/."""
    get_settings.cache_clear()
    return database_url()


@pytest.fixture(scope="session")
def template_database(server_url: str) -> Iterator[str]:
    """A migrated database that each test's database is copied from (much faster than migrating each time)."""
    name = f"newsfeed_template_{os.getpid()}"
    admin = _with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    create_database(admin, name)
    with psycopg.connect(_with_database(server_url, name), autocommit=True) as conn:
        migrate(conn)
    yield name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def db_url(server_url: str, template_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database with the schema, used by the pipeline, the CLI and the DAGs for this test."""
    name = f"newsfeed_test_{uuid.uuid4().hex[:12]}"
    admin = _with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template_database)))
    url = _with_database(server_url, name)
    monkeypatch.setenv("NEWSFEED_DATABASE_URL", url)
    get_settings.cache_clear()
    airflow_local.set_database(url)
    yield url
    get_settings.cache_clear()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """The bundled sample site (RSS feed + eight articles) on a free 127.0.0.1 port."""
    with SiteServer() as server:
        yield server
