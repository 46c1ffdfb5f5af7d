"""``newsfeed status``: is the feed healthy? Per source its last successful run, newest article, last run's
counts and quarantine size; per consumer its lag. Stale sources make the command exit non-zero, so it can serve
as a health check (cron, Kubernetes probe, Airflow sensor)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg
from psycopg.rows import class_row

from etl.store.feed import consumer_lag


@dataclass
class SourceStatus:
    name: str
    kind: str
    enabled: bool
    last_success: dt.datetime | None
    newest_article: dt.datetime | None
    quarantined: int
    last_run_id: int | None
    last_run_counts: dict[str, int] = field(default_factory=dict)
    stale: bool = False


@dataclass
class ConsumerStatus:
    name: str
    waiting: int
    last_ack: dt.datetime


@dataclass
class Status:
    checked_at: dt.datetime
    stale_after: dt.timedelta
    sources: list[SourceStatus]
    consumers: list[ConsumerStatus]
    running: list[int]

    @property
    def healthy(self) -> bool:
        return not any(s.stale for s in self.sources)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["stale_after"] = self.stale_after.total_seconds()
        data["healthy"] = self.healthy
        return data


def collect(conn: psycopg.Connection, stale_after: dt.timedelta) -> Status:
    """Everything ``newsfeed status`` shows, read in one snapshot."""
    with conn.transaction(), conn.cursor(row_factory=class_row(SourceStatus)) as cur:
        now = conn.execute("SELECT now()").fetchone()[0]
        cur.execute(
            """SELECT s.name, s.kind, s.enabled,
                      (SELECT max(r.finished_at) FROM news.runs r
                       WHERE r.status = 'success' AND s.source_id = ANY(r.source_ids)) AS last_success,
                      (SELECT max(COALESCE(a.published_at, a.fetched_at)) FROM news.articles a
                       WHERE a.source_id = s.source_id) AS newest_article,
                      (SELECT count(*) FROM news.quarantine q WHERE q.source_id = s.source_id)::int AS quarantined,
                      last.run_id AS last_run_id, COALESCE(last.counts, '{}') AS last_run_counts
               FROM news.sources s
               LEFT JOIN LATERAL (SELECT r.run_id, r.counts FROM news.runs r WHERE s.source_id = ANY(r.source_ids)
                                  ORDER BY r.run_id DESC LIMIT 1) last ON true
               ORDER BY s.name"""
        )
        sources = cur.fetchall()
        running = [r[0] for r in conn.execute("SELECT run_id FROM news.runs WHERE status = 'running' ORDER BY 1")]
        consumers = [ConsumerStatus(*row) for row in consumer_lag(conn)]
    for source in sources:
        source.stale = source.enabled and (source.last_success is None or now - source.last_success > stale_after)
    return Status(now, stale_after, sources, consumers, running)


def _age(now: dt.datetime, moment: dt.datetime | None) -> str:
    if moment is None:
        return "never"
    seconds = max(0.0, (now - moment).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit} ago"
    return f"{seconds:.0f}s ago"


def render(status: Status) -> str:
    """The status as a readable table."""
    now = status.checked_at
    lines = [f"{'source':<22} {'kind':<8} {'last success':<14} {'newest article':<15} {'quarantined':>11}  last run"]
    for s in status.sources:
        flag = " STALE" if s.stale else (" (disabled)" if not s.enabled else "")
        counts = ", ".join(f"{k} {v}" for k, v in sorted(s.last_run_counts.items())
                           if k in ("discovered", "fetched", "not_modified", "parsed", "analyzed", "loaded",
                                    "quarantined") and v)
        run = f"#{s.last_run_id}: {counts or 'nothing new'}" if s.last_run_id else "-"
        lines.append(f"{s.name:<22} {s.kind:<8} {_age(now, s.last_success):<14} {_age(now, s.newest_article):<15} "
                     f"{s.quarantined:>11}  {run}{flag}")
    if status.consumers:
        lines.append("")
        lines.append(f"{'consumer':<22} {'waiting changes':>15}  last acknowledged")
        lines += [f"{c.name:<22} {c.waiting:>15}  {_age(now, c.last_ack)}" for c in status.consumers]
    if status.running:
        lines.append(f"\nruns in progress: {', '.join(f'#{r}' for r in status.running)}")
    verdict = "healthy" if status.healthy else f"STALE: no successful run within {status.stale_after}"
    lines.append(f"\n{verdict}")
    return "\n".join(lines)
