"""The change feed on a real Postgres: ordering under out-of-order commits, concurrent loaders, crash safety,
NOTIFY wake-ups, the reader role, retention and the publication."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from etl.config import get_settings
from etl.pipeline import run_pipeline
from etl.store.feed import prune
from etl.store.load import load_article
from etl.subscribe import Subscription
from tests.conftest import wait_for_feed
from tests.factories import FETCHED, make_article, make_document

WRITERS = 4
ARTICLES_PER_WRITER = 250


def feed_positions(conn: psycopg.Connection) -> list[tuple[int, int]]:
    """Every feed row's position in feed order (ordered as xid8, not as the text it is read as)."""
    rows = conn.execute("SELECT c.txid::text, c.seq FROM news.changes c ORDER BY c.txid, c.seq")
    return [(int(txid), seq) for txid, seq in rows]





def insert_actor(conn: psycopg.Connection, name: str) -> None:
    conn.execute(
        "INSERT INTO news.actors (actor_id, canonical_key, name, type) VALUES (gen_random_uuid(), %s, %s, 'person')",
        (f"person:{name}", name),
    )


def test_a_transaction_that_commits_late_is_not_skipped(db_url: str, conn: psycopg.Connection) -> None:
    feed = Subscription(conn, "reader", from_start=True)
    with psycopg.connect(db_url) as a, psycopg.connect(db_url) as b:
        insert_actor(a, "first")  # A takes the lower txid and sequence and stays open
        insert_actor(b, "second")
        b.commit()  # B commits first
        assert feed.read() == []  # B's row waits behind A, which may still add rows before it
        a.commit()
    wait_for_feed(conn)
    batch = feed.read()
    assert [c.row["name"] for c in batch] == ["first", "second"]
    feed.ack(batch[-1])
    assert feed.read() == []


def _write_articles(db_url: str, writer: int) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        for i in range(ARTICLES_PER_WRITER):
            key = f"w{writer}-{i}"
            load_article(conn, make_article(key), make_document(key), source_id=None, fetched_at=FETCHED)


def test_concurrent_loaders_and_a_follower_see_exactly_the_committed_feed(db_url: str,
                                                                          conn: psycopg.Connection) -> None:
    received: list[tuple[int, int]] = []
    batches_while_writing = 0
    feed = Subscription(conn, "follower", from_start=True)
    stop = threading.Event()

    def follow() -> None:
        nonlocal batches_while_writing
        while not stop.is_set():  # follow() returns after 0.5 s without news; go on until the writers are done
            for batch in feed.follow(batch_size=500, idle_timeout=0.5):
                received.extend((c.txid, c.seq) for c in batch)
                batches_while_writing += not stop.is_set()

    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_articles, args=(db_url, w)) for w in range(WRITERS)]
    follower = threading.Thread(target=follow)
    follower.start()
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=300)
        assert process.exitcode == 0
    stop.set()
    follower.join(timeout=120)
    with psycopg.connect(db_url, autocommit=True) as check:
        for batch in Subscription(check, "follower").batches(1000):  # whatever the idle timeout left unread
            received.extend((c.txid, c.seq) for c in batch)
        committed = feed_positions(check)
        articles = check.execute("SELECT count(*) FROM news.articles").fetchone()[0]
    assert articles == WRITERS * ARTICLES_PER_WRITER
    assert batches_while_writing > WRITERS, "the follower did not run alongside the writers"
    assert len(received) == len(set(received)), "a change was delivered twice"
    missing, extra = sorted(set(committed) - set(received)), sorted(set(received) - set(committed))
    assert received == committed, (
        f"the follower's stream differs from the committed feed: {len(received)} received, {len(committed)}"
        f" committed; missing {len(missing)} {missing[:3]}; not in the table {len(extra)} {extra[:3]};"
        f" received {received[:2]}...{received[-2:]}; committed {committed[:2]}...{committed[-2:]}")
    assert received == sorted(received)


KILLABLE_CONSUMER = """
import sys, time, psycopg
from etl.subscribe import Subscription
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    batch = Subscription(conn, "crashy", from_start=True).read(5)
    print(",".join(c.position for c in batch), flush=True)
    time.sleep(600)  # killed here: after reading, before acknowledging
"""


def test_a_consumer_killed_before_acknowledging_gets_the_batch_again(db_url: str, conn: psycopg.Connection) -> None:
    for name in ("a", "b", "c"):
        insert_actor(conn, name)
    wait_for_feed(conn)
    child = subprocess.Popen([sys.executable, "-c", KILLABLE_CONSUMER, db_url], stdout=subprocess.PIPE, text=True,
                             env=os.environ | {"PYTHONPATH": os.getcwd()})
    first = child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert first
    again = Subscription(conn, "crashy").read(5)
    assert ",".join(c.position for c in again) == first


def test_reloading_unchanged_articles_adds_no_feed_rows(conn: psycopg.Connection) -> None:
    load_article(conn, make_article("x"), make_document("x"), source_id=None, fetched_at=FETCHED)
    before = feed_positions(conn)
    assert before
    load_article(conn, make_article("x"), make_document("x"), source_id=None, fetched_at=FETCHED)
    assert feed_positions(conn) == before


def test_feed_rows_carry_the_new_row_and_only_the_key_for_deletes(conn: psycopg.Connection) -> None:
    load_article(conn, make_article("x"), make_document("x"), source_id=None, fetched_at=FETCHED)
    changed = make_document("x")
    changed.figures = []
    load_article(conn, make_article("x"), changed, source_id=None, fetched_at=FETCHED)
    rows = conn.execute(
        "SELECT op, row_key, row_data FROM news.changes WHERE table_name = 'figures' ORDER BY txid, seq"
    ).fetchall()
    assert [r[0] for r in rows] == ["insert", "delete"]
    assert rows[0][2]["object"] == "troops" and set(rows[0][1]) == {"figure_id"}
    assert rows[1][2] is None and rows[1][1] == rows[0][1]


def test_one_statement_over_many_rows_gives_a_feed_row_per_changed_row(db_url: str,
                                                                       conn: psycopg.Connection) -> None:
    """The triggers run per statement (over transition tables); the feed still has one row per row changed."""
    load_article(conn, make_article("m"), make_document("m"), source_id=None, fetched_at=FETCHED)
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN news_changes")
        conn.execute("UPDATE news.mentions SET surface = surface")  # same content: not a change
        assert list(listener.notifies(timeout=0.5)) == []
        conn.execute("UPDATE news.mentions SET surface = upper(surface) WHERE surface <> 'Paris'")
        assert len(list(listener.notifies(timeout=1.0))) == 1
    rows = conn.execute(
        "SELECT op, row_key, row_data ->> 'surface' FROM news.changes WHERE table_name = 'mentions' AND op = 'update'"
    ).fetchall()
    assert sorted(r[2] for r in rows) == ["JANE ROE", "JOHN DOE", "ROE"]
    assert all(set(r[1]) == {"mention_id"} for r in rows)
    conn.execute("DELETE FROM news.event_actors")
    deleted = conn.execute("SELECT row_key FROM news.changes WHERE op = 'delete' ORDER BY seq").fetchall()
    assert len(deleted) == 2 and all(set(k[0]) == {"event_id", "role", "actor_id"} for k in deleted)


def test_one_notification_per_committing_transaction(db_url: str, conn: psycopg.Connection) -> None:
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN news_changes")
        load_article(conn, make_article("n"), make_document("n"), source_id=None, fetched_at=FETCHED)
        notes = list(listener.notifies(timeout=1.0))
    assert len(notes) == 1 and notes[0].payload.isdigit()


def test_follow_wakes_on_notify(db_url: str, conn: psycopg.Connection) -> None:
    feed = Subscription(conn, "waker")
    got: list[float] = []

    def follow() -> None:
        for batch in feed.follow(idle_timeout=10):
            if batch:
                got.append(time.monotonic())
                return

    thread = threading.Thread(target=follow)
    thread.start()
    time.sleep(0.5)
    committed = time.monotonic()
    with psycopg.connect(db_url, autocommit=True) as writer:
        insert_actor(writer, "late")
    thread.join(timeout=15)
    assert got and got[0] - committed < 5.0  # woken by NOTIFY: far below the 10 s idle timeout


def test_cli_prints_json_lines_and_resumes_from_its_cursor(db_url: str, conn: psycopg.Connection) -> None:
    load_article(conn, make_article("c"), make_document("c"), source_id=None, fetched_at=FETCHED)
    wait_for_feed(conn)
    command = [sys.executable, "-m", "etl.cli", "subscribe", "--consumer", "cli", "--from-start", "--tables",
               "events,statements", "--once"]
    env = os.environ | {"NEWSFEED_DATABASE_URL": db_url}
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout.splitlines()
    changes = [json.loads(line) for line in first]
    assert {c["table"] for c in changes} == {"events", "statements"}
    assert all(set(c) == {"position", "table", "op", "key", "row"} for c in changes)
    again = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    assert again == ""


def test_reader_role_reads_views_and_the_feed_but_cannot_write_or_read_tables(conn: psycopg.Connection) -> None:
    load_article(conn, make_article("r"), make_document("r"), source_id=None, fetched_at=FETCHED)
    wait_for_feed(conn)
    conn.execute("SET ROLE newsfeed_reader")
    try:
        assert conn.execute("SELECT count(*) FROM newsfeed.events").fetchone()[0] == 1
        assert conn.execute("SELECT source_names, target_names FROM newsfeed.events").fetchone() == (
            ["Jane Roe"], ["John Doe"])
        feed = Subscription(conn, "role-test", from_start=True)
        assert feed.read(1000)
        for statement in ("SELECT * FROM news.articles", "SELECT * FROM news.changes",
                          "INSERT INTO news.sources (name, kind, url) VALUES ('x', 'rss', 'http://x')",
                          "DELETE FROM news.consumers", "UPDATE news.consumers SET last_seq = 0"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(statement)
    finally:
        conn.execute("RESET ROLE")


def test_prune_deletes_what_every_consumer_has_passed(conn: psycopg.Connection) -> None:
    fast, slow = Subscription(conn, "fast", from_start=True), Subscription(conn, "slow", from_start=True)
    for name in ("a", "b", "c", "d"):
        insert_actor(conn, name)
    wait_for_feed(conn)
    changes = fast.read()
    fast.ack(changes[-1])
    slow.ack(changes[1])
    assert prune(conn).deleted == 2
    assert [c.row["name"] for c in slow.read()] == ["c", "d"]
    import datetime as dt

    conn.execute("UPDATE news.changes SET changed_at = now() - interval '10 days'")
    result = prune(conn, dt.timedelta(days=7))
    assert result.deleted == 2 and result.stale_consumers == ["slow"]


def test_every_run_prunes_the_feed_and_old_rows_only_when_an_age_is_set(
    conn: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Subscription(conn, "reader", from_start=True)
    for name in ("a", "b", "c"):
        insert_actor(conn, name)
    wait_for_feed(conn)
    reader.ack(reader.read()[0])
    run_pipeline(conn)
    assert [c.row["name"] for c in reader.read()] == ["b", "c"]  # the passed row went, the unread ones stay
    assert conn.execute("SELECT count(*) FROM news.changes").fetchone()[0] == 2

    conn.execute("UPDATE news.changes SET changed_at = now() - interval '10 days'")
    run_pipeline(conn)
    assert conn.execute("SELECT count(*) FROM news.changes").fetchone()[0] == 2  # unread: kept without an age
    with monkeypatch.context() as patch:
        patch.setenv("NEWSFEED_FEED_MAX_AGE_DAYS", "7")
        get_settings.cache_clear()
        _, counts = run_pipeline(conn)
    get_settings.cache_clear()
    assert counts["feed_pruned"] == 2 and conn.execute("SELECT count(*) FROM news.changes").fetchone()[0] == 0


def test_publication_covers_the_consumer_tables_which_all_have_primary_keys(conn: psycopg.Connection) -> None:
    published = {r[0] for r in conn.execute(
        "SELECT tablename FROM pg_publication_tables WHERE pubname = 'newsfeed_publication'")}
    declared = {r[0] for r in conn.execute("SELECT table_name FROM news.feed_tables")}
    assert published == declared
    assert {"articles", "actors", "statements", "figures", "events"} <= published
