"""The pipeline's steps as plain functions over ids, shared by the Airflow DAGs and the ``newsfeed`` command.

discover (per source) -> fetch (per host) -> process (parse, analyze, load; in batches). Each step reads its
input from Postgres and writes its output there, so only ids and counts pass between steps, any step can run on
any machine, and a step that dies leaves nothing half-done: the next run picks up where it stopped.
A bad article never stops a step: it is quarantined with its stage and reason, and the step goes on.

Every function takes an autocommit psycopg connection and opens its own transactions (``conn.transaction()``),
so what one article writes commits on its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from packaging.version import InvalidVersion, Version

from etl.config import get_settings
from etl.fetch import Fetcher, FetchError, fetch_file
from etl.logs import run_context
from etl.progress import NoProgress, Progress
from etl.sources import SourceError, discover, in_window
from etl.store import feed, frontier, runs
from etl.store.load import LoadItem, load_articles
from etl.store.quarantine import quarantine, release
from etl.store.sources import Source, get_source, list_sources, record_discovery
from etl.workers import Analyzed, Analyzer

log = logging.getLogger(__name__)
HOST_LOCK_NAMESPACE = 7_300_002


@dataclass(frozen=True)
class Window:
    """A run's ``[start, end)``; None on either side means unbounded."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None


def discover_source(
    conn: psycopg.Connection, source_id: int, *, run_id: int, fetcher: Fetcher, window: Window | None = None
) -> Counter[str]:
    """Read one source and add the refs it lists (within ``window``) to the frontier."""
    source = get_source(conn, source_id)
    started = time.monotonic()
    try:
        found = discover(source.spec, fetcher)
    except (FetchError, SourceError, OSError) as exc:
        reason = getattr(exc, "reason", "unreadable_source")
        log.warning("source %s unreadable: %s", source.name, reason, extra={"url": source.url})
        quarantine(conn, url=source.url, stage="discover", reason=reason, detail=str(exc),
                   source_id=source_id, run_id=run_id)
        failed = Counter(discover_failed=1, quarantined=1)
        runs.add_counts(conn, run_id, failed, {"discover": time.monotonic() - started})
        return failed
    for url, reason, detail in found.failures:
        quarantine(conn, url=url, stage="discover", reason=reason, detail=detail, source_id=source_id, run_id=run_id)
    refs = [ref for ref in found.refs if window is None or in_window(ref, window.start, window.end)]
    new = frontier.add_refs(conn, source_id, refs, run_id)
    record_discovery(conn, source_id, found.etag, found.last_modified)
    with conn.transaction():
        release(conn, [source.url], ("discover",))
    counts = Counter(discovered=len(refs), new_refs=new, feed_not_modified=int(found.not_modified),
                     quarantined=len(found.failures))
    log.info("source %s lists %d articles, %d new", source.name, len(refs), new, extra={"url": source.url})
    runs.add_counts(conn, run_id, counts, {"discover": time.monotonic() - started})
    return counts


def hosts_to_fetch(conn: psycopg.Connection, source_ids: list[int] | None = None) -> list[str]:
    return frontier.due_hosts(conn, source_ids, get_settings().max_fetch_attempts)


@contextlib.contextmanager
def _host_lock(conn: psycopg.Connection, host: str) -> Iterator[bool]:
    """One fetcher per host across all workers and runs, so per-host politeness holds globally."""
    got = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (HOST_LOCK_NAMESPACE, host)).fetchone()
    try:
        yield bool(got and got[0])
    finally:
        if got and got[0]:
            conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", (HOST_LOCK_NAMESPACE, host))


def fetch_host(
    conn: psycopg.Connection,
    host: str,
    *,
    run_id: int,
    fetcher: Fetcher,
    source_ids: list[int] | None = None,
    limit: int = 10_000,
) -> Counter[str]:
    """Fetch the due refs of one host, one at a time with the fetcher's delay, storing each page as it comes."""
    counts: Counter[str] = Counter()
    started = time.monotonic()
    with _host_lock(conn, host) as locked:
        if not locked:
            return Counter(host_busy=1)
        settings = get_settings()
        retry_delay = dt.timedelta(minutes=settings.retry_delay_minutes)
        for ref in frontier.due_refs(conn, host, source_ids, settings.max_fetch_attempts, limit):
            try:
                if ref.url.startswith("file:"):
                    result = fetch_file(ref.url, settings.max_page_bytes)
                else:
                    result = fetcher.get(ref.url, etag=ref.etag, last_modified=ref.last_modified)
            except FetchError as exc:
                log.warning("fetch failed: %s %s", exc.reason, exc.detail[:200], extra={"url": ref.url})
                frontier.mark_failed(conn, ref, retryable=exc.retryable, run_id=run_id, retry_delay=retry_delay,
                                     retry_after=exc.retry_after)
                quarantine(conn, url=ref.url, stage="fetch", reason=exc.reason, detail=exc.detail,
                           source_id=ref.source_id, run_id=run_id)
                counts["fetch_failed"] += 1
                counts["quarantined"] += 1
                continue
            if result.not_modified:
                frontier.mark_not_modified(conn, ref, run_id)
                counts["not_modified"] += 1
            else:
                changed = frontier.store_page(conn, ref, result, run_id)
                counts["fetched"] += 1
                counts["unchanged"] += int(not changed)
            with conn.transaction():
                release(conn, [ref.url], ("fetch",))
    runs.add_counts(conn, run_id, counts, {"fetch": time.monotonic() - started})
    return counts


def process_pages(
    conn: psycopg.Connection,
    *,
    run_id: int,
    source_ids: list[int] | None = None,
    batch_size: int | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Counter[str]:
    """Parse, analyze and load every page waiting for it, batch by batch; each batch is one transaction.

    The workers analyze the next batch while this process loads the current one.
    """
    size = batch_size or get_settings().load_batch_size
    counts: Counter[str] = Counter()
    claimed = 0

    def claim() -> list[frontier.Page]:
        nonlocal claimed
        want = size if limit is None else min(size, limit - claimed)
        batch = frontier.claim_pages(conn, want, source_ids) if want > 0 else []
        claimed += len(batch)
        return batch

    with Analyzer() as analyzer:
        batch = claim()
        results = analyzer.submit(batch)
        while batch:
            following = claim()
            next_results = analyzer.submit(following)
            batch_counts, timings = _load_results(conn, results, run_id)
            counts.update(batch_counts)
            runs.add_counts(conn, run_id, batch_counts, timings)
            if progress is not None:
                progress.advance(len(batch))
            batch, results = following, next_results
    return counts


def _load_results(
    conn: psycopg.Connection, results: Iterator[Analyzed], run_id: int
) -> tuple[Counter[str], dict[str, float]]:
    """Quarantine the rejected pages and load the rest as one batch; the workers' seconds per stage are summed."""
    counts: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    loadable = []
    for result in results:
        timings.update(result.seconds)
        if result.rejected is not None:
            stage, reason, detail = result.rejected
            _reject(conn, result.page, stage, reason, detail, run_id, counts)
            continue
        counts["parsed"] += 1
        if result.document is None:  # stored and marked, not run through the English pipeline
            counts["not_english"] += 1
        else:
            counts["analyzed"] += 1
        loadable.append(result)
    started = time.monotonic()
    _load(conn, loadable, run_id, counts)
    timings["load"] += time.monotonic() - started
    return counts, dict(timings)


def _load(conn: psycopg.Connection, results: list[Analyzed], run_id: int, counts: Counter[str]) -> None:
    """Load the batch in one transaction; if it fails, article by article, so a bad one costs only itself."""
    if not results:
        return
    items = [LoadItem(r.article, r.document, r.page.source_id, r.page.fetched_at, r.page.url) for r in results]
    try:
        loaded = load_articles(conn, items)
    except psycopg.OperationalError:
        raise  # the database is gone: fail the step cleanly; the pages stay claimed and are retried next run
    except (psycopg.DatabaseError, ValueError) as exc:
        if len(results) > 1:
            for result in results:
                _load(conn, [result], run_id, counts)
        else:
            _reject(conn, results[0].page, "load", type(exc).__name__, str(exc), run_id, counts)
        return
    with conn.transaction():
        release(conn, [r.page.url for r in results], ("parse", "analyze", "load"))
    for article in loaded:
        counts["loaded"] += 1
        counts["changed"] += int(article.changed)
        for table, n in article.changes.items():
            counts[f"rows_{table}"] += n


def _reject(
    conn: psycopg.Connection,
    page: frontier.Page,
    stage: str,
    reason: str,
    detail: str,
    run_id: int,
    counts: Counter[str],
) -> None:
    counts[f"{stage}_failed"] += 1
    counts["quarantined"] += 1
    log.warning("%s rejected the page: %s", stage, reason, extra={"url": page.url})
    quarantine(conn, url=page.url, stage=stage, reason=reason, detail=detail, source_id=page.source_id, run_id=run_id)
    frontier.reject_page(conn, page.url)


MODES = ("ingest", "refetch", "reanalyze")


def prune_change_feed(conn: psycopg.Connection, *, run_id: int) -> Counter[str]:
    """Retention of the change feed, once per run: every row (about one per changed row) would otherwise stay.

    Rows every registered consumer has passed always go; with ``NEWSFEED_FEED_MAX_AGE_DAYS`` set, older rows go
    too, read or not, and the consumers that had not read them are logged as stale. With no consumer registered
    nothing is pruned unless that age is set (a consumer may yet start from the beginning).
    """
    started = time.monotonic()
    days = get_settings().feed_max_age_days
    result = feed.prune(conn, dt.timedelta(days=days) if days else None)
    for name in result.stale_consumers:
        log.warning("feed consumer %s had not read changes older than %s days, which are now pruned", name, days)
    counts = Counter(feed_pruned=result.deleted)
    runs.add_counts(conn, run_id, counts, {"prune_feed": time.monotonic() - started})
    return counts


def older_versions(conn: psycopg.Connection, than: str) -> list[str]:
    """Extractor versions recorded on articles that are older than ``than`` (PEP 440 ordering)."""
    limit = Version(than)
    found = [r[0] for r in conn.execute("SELECT DISTINCT extractor_version FROM news.articles")]
    return [v for v in found if _version_or_zero(v) < limit]


def _version_or_zero(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def run_pipeline(
    conn: psycopg.Connection,
    *,
    kind: str = "cli",
    mode: str = "ingest",
    source_names: list[str] | None = None,
    window: Window | None = None,
    older_than: str | None = None,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
) -> tuple[int, dict[str, int]]:
    """One whole run without Airflow; the same steps the DAGs run, in one process.

    ``ingest`` discovers and fetches what is new; ``refetch`` also fetches again what is already known in the
    window (conditional GET: unchanged pages cost a 304); ``reanalyze`` re-runs parse, analysis and load on the
    stored pages of the window, optionally only those analyzed by a version older than ``older_than``, with no
    network at all.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    window = window or Window()
    sources = list_sources(conn, enabled_only=mode != "reanalyze", names=source_names)
    source_ids = [s.source_id for s in sources]
    run_id = runs.start_run(conn, kind=kind, mode=mode, window_start=window.start, window_end=window.end,
                            source_ids=source_ids, hold_connection=True)
    progress = progress or NoProgress()
    with run_context(run_id):
        log.info("run %d: %s of %d sources, window %s to %s", run_id, mode, len(source_ids), window.start, window.end)
        scope = source_ids if source_names else None  # no names: all pages, even those of deleted sources
        counts = _run_steps(conn, run_id, mode, sources, scope, window, older_than, fetcher, progress)
        log.info("run %d finished: %s", run_id, json.dumps(counts, sort_keys=True))
    return run_id, counts


def _run_steps(
    conn: psycopg.Connection,
    run_id: int,
    mode: str,
    sources: list[Source],
    scope: list[int] | None,
    window: Window,
    older_than: str | None,
    fetcher: Fetcher | None,
    progress: Progress,
) -> dict[str, int]:
    try:
        if mode == "reanalyze":
            versions = older_versions(conn, older_than) if older_than else None
            queued = frontier.requeue_for_analysis(conn, window.start, window.end, scope, versions)
            runs.add_counts(conn, run_id, {"requeued": queued})
        else:
            fetcher = fetcher or Fetcher()
            for source in sources:
                discover_source(conn, source.source_id, run_id=run_id, fetcher=fetcher, window=window)
            if mode == "refetch":
                queued = frontier.requeue_for_fetch(conn, window.start, window.end, scope)
                runs.add_counts(conn, run_id, {"requeued": queued})
            for host in hosts_to_fetch(conn, scope):
                fetch_host(conn, host, run_id=run_id, fetcher=fetcher, source_ids=scope)
        progress.start(frontier.pending_pages(conn, scope))
        process_pages(conn, run_id=run_id, source_ids=scope, progress=progress)
        prune_change_feed(conn, run_id=run_id)
    except psycopg.OperationalError:
        raise  # the connection is gone: the next run sees this one's backend gone and closes it as abandoned
    except Exception as exc:
        runs.finish_run(conn, run_id, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        progress.close()
    return runs.finish_run(conn, run_id)
