"""Change-feed delivery: changes/second to a follower and the lag from commit to delivery (median, p99).

    python bench/feed.py [--changes 10000] [--per-transaction 10] [--writers 2]

Writers commit transactions of actor inserts (each insert is one feed row, written by the table's trigger) while a
follower (``etl.subscribe.Subscription.follow``, woken by LISTEN/NOTIFY) receives them. The lag of a change is the
time from its transaction's commit, as seen by its writer, to the moment the follower holds it. Runs in a
throwaway database on the configured or embedded server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine_line, throwaway_database

from etl.store.migrate import migrate
from etl.subscribe import Subscription


def write(url: str, transactions: int, per_transaction: int, committed: dict[int, float]) -> None:
    """Commit ``transactions`` transactions and note when each committed, by transaction id."""
    with psycopg.connect(url) as conn:
        for _ in range(transactions):
            with conn.cursor() as cur:
                for _ in range(per_transaction):
                    name = uuid.uuid4().hex
                    cur.execute("INSERT INTO news.actors (actor_id, canonical_key, name, type) "
                                "VALUES (gen_random_uuid(), %s, %s, 'organization')", (f"organization:{name}", name))
                txid = int(cur.execute("SELECT pg_current_xact_id()::text").fetchone()[0])
            conn.commit()
            committed[txid] = time.monotonic()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--per-transaction", type=int, default=10)
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args()
    transactions = args.changes // args.per_transaction // args.writers
    total = transactions * args.per_transaction * args.writers
    print(machine_line())
    print(f"changes {total}: {args.writers} writers x {transactions} transactions x {args.per_transaction} inserts")

    with throwaway_database("feed") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            migrate(conn)
        committed: dict[int, float] = {}
        received: list[tuple[int, float]] = []
        with psycopg.connect(url, autocommit=True) as follower_conn:
            feed = Subscription(follower_conn, "bench", from_start=True)

            def follow() -> None:
                for batch in feed.follow(batch_size=1000, idle_timeout=5):
                    now = time.monotonic()
                    received.extend((change.txid, now) for change in batch)
                    if len(received) >= total:
                        return

            follower = threading.Thread(target=follow)
            follower.start()
            started = time.monotonic()
            writers = [threading.Thread(target=write, args=(url, transactions, args.per_transaction, committed))
                       for _ in range(args.writers)]
            for thread in writers:
                thread.start()
            for thread in writers:
                thread.join()
            written = time.monotonic() - started
            follower.join(timeout=120)
            # a consumer catching up on everything already committed: delivery rate without waiting for writers
            catch_up = Subscription(follower_conn, "bench-catch-up", from_start=True)
            clock = time.monotonic()
            drained = sum(len(batch) for batch in catch_up.batches(1000))
            drain_time = time.monotonic() - clock
        delivered = received[-1][1] - started if received else float("nan")
        lags = sorted((at - committed[txid]) * 1000 for txid, at in received if txid in committed)

    print(f"written:   {total / written:,.0f} changes/s ({written:.2f} s)")
    print(f"delivered: {len(received):,} of {total:,} changes, {len(received) / delivered:,.0f} changes/s "
          f"to the follower ({delivered:.2f} s from the first write to the last delivery)")
    print(f"catch-up:  {drained:,} committed changes read and acknowledged at {drained / drain_time:,.0f} changes/s")
    if lags:
        p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
        print(f"lag from commit to delivery: median {statistics.median(lags):.1f} ms, p99 {p99:.1f} ms, "
              f"max {lags[-1]:.1f} ms")
    return 0 if len(received) == total else 1


if __name__ == "__main__":
    sys.exit(main())
