"""Operating the change feed: retention (``newsfeed feed prune``) and consumer lag."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import psycopg


@dataclass
class Pruned:
    deleted: int = 0
    stale_consumers: list[str] = field(default_factory=list)


def prune(conn: psycopg.Connection, max_age: dt.timedelta | None = None) -> Pruned:
    """Delete feed rows every consumer has passed; with ``max_age``, also rows older than that.

    Rows older than ``max_age`` go even if a consumer has not read them yet: such consumers are stale (they have not
    acknowledged anything within ``max_age``) and are reported so an operator can look at them.
    """
    result = Pruned()
    with conn.transaction():
        slowest = conn.execute(
            "SELECT last_txid, last_seq FROM news.consumers ORDER BY last_txid, last_seq LIMIT 1"
        ).fetchone()
        if slowest is not None:
            result.deleted += conn.execute(
                "DELETE FROM news.changes WHERE (txid, seq) <= (%s::xid8, %s)", (str(slowest[0]), slowest[1])
            ).rowcount
        if max_age is not None:
            result.stale_consumers = [
                r[0] for r in conn.execute(
                    """SELECT k.name FROM news.consumers k
                       WHERE EXISTS (SELECT 1 FROM news.changes c WHERE (c.txid, c.seq) > (k.last_txid, k.last_seq)
                                     AND c.changed_at < now() - %s)
                       ORDER BY k.name""", (max_age,))
            ]
            result.deleted += conn.execute(
                "DELETE FROM news.changes WHERE changed_at < now() - %s", (max_age,)
            ).rowcount
    return result


def consumer_lag(conn: psycopg.Connection) -> list[tuple[str, int, dt.datetime]]:
    """Per consumer: how many readable changes wait after its cursor, and when it last acknowledged."""
    return conn.execute(
        """SELECT k.name,
                  (SELECT count(*) FROM news.changes c WHERE (c.txid, c.seq) > (k.last_txid, k.last_seq)
                     AND c.txid < pg_snapshot_xmin(pg_current_snapshot())),
                  k.acked_at
           FROM news.consumers k ORDER BY k.name"""
    ).fetchall()
