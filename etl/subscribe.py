"""Following the feed from Python: every change to the consumer-facing tables, in order, at least once.

    from etl.subscribe import Subscription

    with psycopg.connect(url, autocommit=True) as conn:
        feed = Subscription(conn, "my-service", tables=["events", "statements"], from_start=True)
        for batch in feed.follow():          # blocks on LISTEN/NOTIFY between batches
            handle(batch)                    # the batch is acknowledged when you ask for the next one

A batch is acknowledged only when the next one is requested (or ``ack`` is called), so a consumer that dies while
handling a batch gets the same batch again after a restart. Ordering and completeness come from the database:
``newsfeed.read_changes`` hands out only rows of transactions that have ended, in (txid, seq) order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg

CHANNEL = "news_changes"


@dataclass(frozen=True)
class Change:
    """One insert, update or delete of a consumer-facing table."""

    txid: int
    seq: int
    table: str
    op: str
    key: dict[str, Any]
    row: dict[str, Any] | None

    @property
    def position(self) -> str:
        """The feed position, ``"txid:seq"``; positions sort in feed order as (txid, seq) pairs."""
        return f"{self.txid}:{self.seq}"

    def as_json(self) -> dict[str, Any]:
        return {"position": self.position, "table": self.table, "op": self.op, "key": self.key, "row": self.row}


class Subscription:
    """A named consumer's view of the feed, with a durable cursor kept in ``news.consumers``."""

    def __init__(
        self,
        conn: psycopg.Connection,
        consumer: str,
        *,
        tables: list[str] | None = None,
        from_start: bool = False,
    ) -> None:
        if not conn.autocommit:
            raise ValueError("Subscription needs an autocommit connection (reads and acks commit on their own)")
        self.conn = conn
        self.consumer = consumer
        self.tables = tables
        self._listening = False
        conn.execute("SELECT newsfeed.subscribe(%s, %s, %s)", (consumer, from_start, tables))

    def read(self, batch_size: int = 100) -> list[Change]:
        """The next changes after the cursor, without moving it."""
        rows = self.conn.execute(
            "SELECT txid::text, seq, table_name, op, row_key, row_data FROM newsfeed.read_changes(%s, %s, %s)",
            (self.consumer, batch_size, self.tables),
        ).fetchall()
        return [Change(int(txid), seq, table, op, key, row) for txid, seq, table, op, key, row in rows]

    def ack(self, change: Change) -> None:
        """Move the cursor past ``change`` (and everything before it)."""
        self.conn.execute("SELECT newsfeed.ack(%s, %s::xid8, %s)", (self.consumer, str(change.txid), change.seq))

    def batches(self, batch_size: int = 100) -> Iterator[list[Change]]:
        """Batches until the feed is drained; each is acknowledged when the next is requested."""
        while batch := self.read(batch_size):
            yield batch
            self.ack(batch[-1])

    def follow(self, batch_size: int = 100, idle_timeout: float | None = None) -> Iterator[list[Change]]:
        """Batches forever (or until ``idle_timeout`` seconds pass with nothing new), waking on NOTIFY.

        A notification can arrive while an older, unrelated transaction still holds the snapshot horizon back;
        then the new rows are not readable yet, and the wait is bounded so they are picked up once it ends.
        """
        self._listen()
        while True:
            yield from self.batches(batch_size)
            waited = self._wait(idle_timeout if not self._held_back() else 0.2)
            if not waited and idle_timeout is not None and not self._held_back():
                return

    def _listen(self) -> None:
        if not self._listening:
            self.conn.execute(f"LISTEN {CHANNEL}")
            self._listening = True

    def _wait(self, timeout: float | None) -> bool:
        """Block until a notification arrives (True) or ``timeout`` passes (False)."""
        for _ in self.conn.notifies(timeout=timeout, stop_after=1):
            return True
        return False

    def _held_back(self) -> bool:
        """Whether committed rows after the cursor wait for an older transaction that is still running."""
        row = self.conn.execute("SELECT newsfeed.changes_held_back(%s)", (self.consumer,)).fetchone()
        return bool(row and row[0])
