"""Faults, tested rather than assumed: real processes killed, a real Postgres restarted, a real server gone.

Nothing loaded is ever lost or half-written, and the next run completes the work.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from etl.demo.server import SITE_DIR
from etl.parse import parse_html
from etl.pipeline import run_pipeline
from etl.report import table_counts
from etl.store.db import create_database
from etl.store.migrate import migrate
from etl.store.quarantine import list_quarantined, purge, retry
from etl.store.sources import add_source
from tests.factories import FETCHED, make_article, make_document, news_page
from tests.scripted_server import Reply, ScriptedServer

PROJECT = Path(__file__).resolve().parents[1]
DERIVED = ("articles", "mentions", "statements", "figures", "events", "event_actors", "article_actors")

KILL_MID_LOAD = """
import sys, time, psycopg
import etl.store.load as load
from tests.factories import FETCHED, make_article, make_document, news_page

original = load._copy

def insert_then_hang(conn, table, rows):
    original(conn, table, rows)
    if table.name == "statements":  # the article row, actors and mentions are written, the rest is not
        print("inside the transaction", flush=True)
        time.sleep(600)

load._copy = insert_then_hang
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    load.load_article(conn, make_article("k"), make_document("k"), source_id=None, fetched_at=FETCHED)
"""


def child_env(db_url: str, **extra: str) -> dict[str, str]:
    return os.environ | {"NEWSFEED_DATABASE_URL": db_url, "PYTHONPATH": str(PROJECT)} | extra


def test_a_loader_killed_mid_article_leaves_nothing_and_a_rerun_completes_it(db_url: str,
                                                                           conn: psycopg.Connection) -> None:
    child = subprocess.Popen([sys.executable, "-c", KILL_MID_LOAD, db_url], stdout=subprocess.PIPE, text=True,
                             env=child_env(db_url), cwd=PROJECT)
    assert child.stdout.readline().strip() == "inside the transaction"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    counts = table_counts(conn)
    assert all(counts[t] == 0 for t in ("articles", "mentions", "statements", "actors")), counts
    assert conn.execute("SELECT count(*) FROM news.changes").fetchone()[0] == 0

    loaded = __import__("etl.store.load", fromlist=["load_article"]).load_article(
        conn, make_article("k"), make_document("k"), source_id=None, fetched_at=FETCHED)
    assert loaded.changed
    after = table_counts(conn)
    assert (after["articles"], after["mentions"], after["statements"], after["events"]) == (1, 4, 1, 1)


@pytest.fixture
def private_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    """A Postgres server of this test's own (pgserver), so it can be restarted without disturbing others."""
    import pgserver

    root = Path(tempfile_dir := tmp_path_factory.mktemp("pg"))
    server = pgserver.get_server(root / "pgdata", cleanup_mode="stop")
    socket_dir = server.get_uri().split("host=", 1)[1]
    yield server, socket_dir
    server.cleanup()
    shutil.rmtree(tempfile_dir, ignore_errors=True)


def restart(server: object, mode: str = "immediate") -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", mode, "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60)


def article_folder(tmp_path: Path, copies: int = 3) -> Path:
    """The sample articles as plain texts, each in a few distinct copies: enough work to interrupt midway."""
    folder = tmp_path / "texts"
    folder.mkdir(parents=True)
    for page in sorted((SITE_DIR / "articles").glob("*.html")):
        body = parse_html(page.read_bytes()).body
        for copy in range(copies):
            (folder / f"{page.stem}-{copy}.txt").write_text(f"{body}\n\n(Copy {copy}.)", encoding="utf-8")
    return folder


def test_postgres_restarted_mid_run_then_the_next_run_completes(private_server, tmp_path: Path) -> None:
    server, socket_dir = private_server
    admin = f"host={socket_dir} user=postgres dbname=postgres"
    urls = {}
    for name in ("faulty", "clean"):
        create_database(admin, name)
        urls[name] = f"host={socket_dir} user=postgres dbname={name}"
        with psycopg.connect(urls[name], autocommit=True) as conn:
            migrate(conn)
            add_source(conn, "pages", "files", str(article_folder(tmp_path / name)))
    with psycopg.connect(urls["clean"], autocommit=True) as conn:
        run_pipeline(conn)
        reference = table_counts(conn)

    env = child_env(urls["faulty"], NEWSFEED_LOAD_BATCH_SIZE="1")
    child = subprocess.Popen([sys.executable, "-m", "etl.cli", "ingest", "--quiet"], env=env, cwd=PROJECT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with psycopg.connect(urls["faulty"], autocommit=True) as conn:
            if conn.execute("SELECT count(*) FROM news.articles").fetchone()[0] >= 2:
                break
        time.sleep(0.05)
    restart(server)
    assert child.wait(timeout=120) != 0, "the run should fail when its database goes away"

    with psycopg.connect(urls["faulty"], autocommit=True) as conn:
        midway = table_counts(conn)
        assert 2 <= midway["articles"] < 24
        # nothing half-written: every loaded article has all of its derived rows
        incomplete = conn.execute(
            """SELECT a.article_id FROM news.articles a WHERE NOT EXISTS
               (SELECT 1 FROM news.mentions m WHERE m.article_id = a.article_id)""").fetchall()
        assert incomplete == []
        run_id, _ = run_pipeline(conn)
        statuses = dict(conn.execute("SELECT run_id, status FROM news.runs").fetchall())
        assert statuses[run_id] == "success"
        assert list(statuses.values()).count("failed") == 1  # the interrupted run, closed as abandoned
        final = table_counts(conn)
    assert {t: final[t] for t in DERIVED} == {t: reference[t] for t in DERIVED}
    assert final["quarantine"] == 0


def test_the_source_server_disappearing_mid_run_keeps_what_was_fetched(conn: psycopg.Connection,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFEED_RETRY_DELAY_MINUTES", "0")
    from etl.config import get_settings

    get_settings.cache_clear()
    pages = sorted((SITE_DIR / "articles").glob("*.html"))[:6]

    def serve(port: int = 0) -> ScriptedServer:
        srv = ScriptedServer(port)
        items = "".join(f"<item><title>{p.stem}</title><link>{srv.base}/a/{p.stem}</link></item>" for p in pages)
        srv.route("/feed.xml", Reply(200, f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
                                          .encode(), {"Content-Type": "application/rss+xml"}))
        for page in pages:
            srv.route(f"/a/{page.stem}", Reply(200, page.read_bytes(), {"Content-Type": "text/html"}))
        return srv

    first = serve()
    served: list[str] = []

    def vanish_after_three(path: str) -> None:
        if path.startswith("/a/"):
            served.append(path)
            if len(served) == 3:
                first.vanish()

    first.after_request = vanish_after_three
    add_source(conn, "flaky", "rss", first.url("/feed.xml"))
    _, counts = run_pipeline(conn)
    port = first.port
    first.close()
    assert counts["loaded"] == 3 and counts["fetch_failed"] == 3
    assert {q.reason for q in list_quarantined(conn)} <= {"connection_refused", "connection_failed"}

    second = serve(port)  # the site is back on the same address
    try:
        _, counts = run_pipeline(conn)
    finally:
        second.close()
    assert counts["loaded"] == 3
    assert conn.execute("SELECT count(*) FROM news.articles").fetchone()[0] == 6
    assert list_quarantined(conn) == []  # released once the pages came through


def test_retries_exhausted_are_given_up_until_an_operator_retries(conn: psycopg.Connection,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFEED_RETRY_DELAY_MINUTES", "0")
    monkeypatch.setenv("NEWSFEED_MAX_FETCH_ATTEMPTS", "3")
    monkeypatch.setenv("NEWSFEED_MAX_RETRIES", "0")
    from etl.config import get_settings

    get_settings.cache_clear()
    server = ScriptedServer()
    try:
        server.route("/feed.xml", Reply(200, f"<rss version='2.0'><channel><title>t</title><item><link>"
                                             f"{server.base}/flaky</link></item></channel></rss>".encode(),
                                        {"Content-Type": "application/rss+xml"}))
        server.route("/flaky", Reply(503))
        add_source(conn, "flaky", "rss", server.url("/feed.xml"))
        for _ in range(5):
            run_pipeline(conn)
        assert server.hits["/flaky"] == 3
        (item,) = list_quarantined(conn)
        assert (item.stage, item.reason, item.attempts) == ("fetch", "http_503", 3)

        assert retry(conn, stage="fetch") == 1
        server.route("/flaky", Reply.html(news_page()))
        _, counts = run_pipeline(conn)
        assert counts["loaded"] == 1 and list_quarantined(conn) == []
    finally:
        server.close()


def test_quarantine_command_lists_retries_and_purges(db_url: str, conn: psycopg.Connection) -> None:
    from etl.store.quarantine import quarantine

    quarantine(conn, url="https://news.example/x", stage="parse", reason="empty_body",
               detail="fetched from https://user:hunter2@news.example/x")
    env = child_env(db_url)
    listed = subprocess.run([sys.executable, "-m", "etl.cli", "quarantine", "list"], env=env, cwd=PROJECT,
                            capture_output=True, text=True, check=True).stdout
    assert "empty_body" in listed and "https://news.example/x" in listed
    assert "hunter2" not in conn.execute("SELECT detail FROM news.quarantine").fetchone()[0]
    purged = subprocess.run([sys.executable, "-m", "etl.cli", "quarantine", "purge", "--stage", "parse"], env=env,
                            cwd=PROJECT, capture_output=True, text=True, check=True).stdout
    assert "purged 1" in purged
    assert purge(conn) == 0
