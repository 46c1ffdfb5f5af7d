"""What the three performance benchmarks share: the real pages, distinct copies of them, a throwaway database,
peak memory, and one timed run of the pipeline's own ``process_pages``.

Why a helper module: the benchmarks must measure the project's code, not a re-implementation of it, so they
all drive ``etl.pipeline`` the same way; and they must never touch the user's data, so each works in a
database of its own that it drops at the end (like ``tests/conftest.py`` does).

Repeating 181 pages to N articles only measures N articles if the loader sees N different articles. An
article's key is its canonical URL, which the parser takes from the page itself (``<link rel=canonical>``
first, then ``og:url`` and JSON-LD), so every copy gets its own URL *and* a ``<link rel="canonical">`` to it
inserted at the top of ``<head>``, where the parser looks first. Nothing in ``etl/`` knows about benchmarks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import html
import json
import os
import re
import resource
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg
from psycopg import sql

from etl.config import get_settings
from etl.pipeline import process_pages
from etl.store import runs
from etl.store.db import connect, create_database, embedded_server_url
from etl.store.migrate import migrate

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCHMARK = SHARED / "data" / "article-benchmark"
MB = 1024 * 1024
HEAD_TAG = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)


# --- the real pages, and distinct copies of them -------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One real page of the article benchmark: its id, the URL it was saved from, its HTML (decompressed)."""

    key: str
    url: str
    html: bytes


def load_templates(limit: int | None = None) -> list[Template]:
    """The benchmark's pages (``../shared/data/article-benchmark``); exits with a message when it is absent."""
    truth_path = BENCHMARK / "ground-truth.json"
    if not truth_path.is_file():
        sys.exit(f"{BENCHMARK} is absent: the benchmarks read the real pages of ../shared beside the project")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items())[:limit]:
        raw = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Template(key, item.get("url") or f"https://benchmark.invalid/{key}", raw))
    return pages


def copy_url(url: str, copy_no: int) -> str:
    """The page's own URL with ``bench_copy=N`` added, so its path (and any date in it) stays as published."""
    parts = urlsplit(url)
    query = f"{parts.query}&bench_copy={copy_no}" if parts.query else f"bench_copy={copy_no}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def with_canonical(page: bytes, canonical: str) -> bytes:
    """``page`` with ``<link rel="canonical" href=canonical>`` as the first element of its head.

    The parser takes the first canonical link in document order, so this one wins over the page's own; pages
    without a ``<head>`` tag get it in front (lxml puts a leading ``<link>`` into the head it creates).
    """
    link = f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">'.encode()
    match = HEAD_TAG.search(page)
    at = match.end() if match else 0
    return page[:at] + link + page[at:]


def article_copies(templates: list[Template], n: int) -> Iterator[tuple[str, bytes]]:
    """``(url, html)`` of ``n`` distinct articles, cycling through the templates; made one at a time, so that
    preparing 4,000 pages never holds 4,000 pages in memory."""
    for i in range(n):
        template = templates[i % len(templates)]
        url = copy_url(template.url, i)
        yield url, with_canonical(template.html, url)


# --- a database of our own -----------------------------------------------------------------------------------


def with_database(url: str, database: str) -> str:
    """The same server and credentials as ``url``, another database."""
    parts = psycopg.conninfo.conninfo_to_dict(url)
    parts["dbname"] = database
    return psycopg.conninfo.make_conninfo(**parts)


@contextlib.contextmanager
def throwaway_database(label: str) -> Iterator[str]:
    """A new, migrated database on the configured server (``NEWSFEED_DATABASE_URL``) or the embedded one, dropped
    afterwards; while it exists ``NEWSFEED_DATABASE_URL`` points at it, so every ``etl`` function uses it."""
    settings = get_settings()
    name = f"newsfeed_bench_{label}_{uuid.uuid4().hex[:8]}"
    if settings.database_url:
        admin = with_database(settings.database_url, "postgres")
        create_database(admin, name)
        url = with_database(settings.database_url, name)
    else:
        url = embedded_server_url(settings.data_dir, name)
        admin = with_database(url, "postgres")
    previous = os.environ.get("NEWSFEED_DATABASE_URL")
    # a benchmark stopped with SIGTERM (kill, a CI timeout) still drops its database: the signal unwinds to finally
    previous_handler = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with connect(url) as conn:
            migrate(conn)
        os.environ["NEWSFEED_DATABASE_URL"] = url
        get_settings.cache_clear()
        yield url
    finally:
        if previous is None:
            os.environ.pop("NEWSFEED_DATABASE_URL", None)
        else:
            os.environ["NEWSFEED_DATABASE_URL"] = previous
        get_settings.cache_clear()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        signal.signal(signal.SIGTERM, previous_handler)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    stop_workers()
    raise SystemExit(128 + signum)


def store_raw_pages(conn: psycopg.Connection, templates: list[Template], n: int, source_id: int | None) -> int:
    """Put ``n`` distinct pages into ``news.raw_pages`` as a fetch would leave them (gzip level 6, pending), by
    one COPY: the benchmarks time processing, and fetching them over HTTP is ``ingest_http.py``'s job."""
    start = dt.datetime.now(dt.UTC)
    with conn.transaction(), conn.cursor() as cur, cur.copy(
        "COPY news.raw_pages (url, source_id, final_url, http_status, content_type, content_sha256, html_gzip,"
        " fetched_at) FROM STDIN"
    ) as copy:
        for i, (url, page) in enumerate(article_copies(templates, n)):
            copy.write_row((url, source_id, url, 200, "text/html; charset=utf-8", hashlib.sha256(page).hexdigest(),
                            gzip.compress(page, 6), start + dt.timedelta(milliseconds=i)))
    return n


# --- memory --------------------------------------------------------------------------------------------------


class PeakRss:
    """Peak memory of this process *plus its descendants* (the pipeline's worker processes, or those of
    ``nlp.pipe(n_process=...)``), sampled in a thread.

    ``getrusage`` alone cannot say it: ``RUSAGE_SELF`` misses the workers and ``RUSAGE_CHILDREN`` is the largest
    single finished child, not the sum. Summed RSS counts the pages a forked worker shares with its parent (the
    model, everything the parent had read) once per process, so it is an upper bound; summed PSS splits shared
    pages between the processes sharing them, so it is what the tree really occupies. Both are kept.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0  # summed RSS, bytes
        self.peak_pss = 0  # summed PSS, bytes
        self.peak_self = 0  # this process's RSS
        self.peak_workers = 0  # descendants' summed RSS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)
        self._process = psutil.Process()

    def sample(self) -> None:
        own = self._process.memory_full_info()
        workers = workers_pss = 0
        for child in self._process.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
                info = child.memory_full_info()
                workers += info.rss
                workers_pss += info.pss
        self.peak_self = max(self.peak_self, own.rss)
        self.peak_workers = max(self.peak_workers, workers)
        self.peak = max(self.peak, own.rss + workers)
        self.peak_pss = max(self.peak_pss, own.pss + workers_pss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> PeakRss:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def summary(self) -> str:
        return (f"{self.peak / MB:.0f} MB summed RSS of the process tree (upper bound), {self.peak_pss / MB:.0f} MB "
                f"summed PSS; main process peak RSS {self.peak_self / MB:.0f} MB, workers together "
                f"{self.peak_workers / MB:.0f} MB")


def rusage_peaks() -> tuple[float, float]:
    """(this process's peak RSS, the largest finished child's peak RSS) in MB, as the kernel recorded them."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


# --- one timed run of the pipeline ---------------------------------------------------------------------------


@dataclass
class PipelineRun:
    """What one ``process_pages`` call did and cost: wall seconds, counts, the stage timings the pipeline itself
    records in ``news.runs``, and peak memory of the process tree while it ran."""

    pages: int
    seconds: float
    counts: Counter[str]
    timings: dict[str, float]
    cpu_seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    peak_self_mb: float
    peak_workers_mb: float
    memory: str
    backend_cpu_seconds: float | None = None  # the Postgres backend serving the pipeline's connection

    def as_json(self) -> dict[str, object]:
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in vars(self).items()}


def run_pipeline(conn: psycopg.Connection, pages: int) -> PipelineRun:
    """Time ``etl.pipeline.process_pages`` over every pending page, exactly as the DAG's ``process`` task calls it."""
    run_id = runs.start_run(conn, kind="cli")
    backend = backend_process(conn)
    backend_before = _cpu(backend)
    cpu_before = tree_cpu()
    with PeakRss() as rss:
        started = time.perf_counter()
        try:
            counts = process_pages(conn, run_id=run_id)
        except BaseException:
            stop_workers()
            raise
        seconds = time.perf_counter() - started
    cpu = tree_cpu() - cpu_before
    backend_after = _cpu(backend)
    backend_cpu = backend_after - backend_before if backend_after is not None and backend_before is not None else None
    runs.finish_run(conn, run_id)
    row = conn.execute("SELECT timings FROM news.runs WHERE run_id = %s", (run_id,)).fetchone()
    timings = {k: float(v) for k, v in (row[0] if row else {}).items()}
    return PipelineRun(pages, seconds, counts, timings, cpu, rss.peak / MB, rss.peak_pss / MB, rss.peak_self / MB,
                       rss.peak_workers / MB, rss.summary(), backend_cpu)


def backend_process(conn: psycopg.Connection) -> psutil.Process | None:
    """The Postgres server process behind ``conn`` when the server runs on this machine (the embedded one, or a
    local one), so the database's share of the CPU can be measured too; None for a remote server."""
    row = conn.execute("SELECT pg_backend_pid()").fetchone()
    host = conn.info.host
    if row is None or not (host.startswith("/") or host in ("localhost", "127.0.0.1", "::1")):
        return None
    try:
        process = psutil.Process(int(row[0]))
        return process if "postgres" in process.name() else None
    except psutil.Error:
        return None


def _cpu(process: psutil.Process | None) -> float | None:
    if process is None:
        return None
    try:
        times = process.cpu_times()
    except psutil.Error:
        return None
    return times.user + times.system


def stop_workers() -> None:
    """Terminate this process's children (the pipeline's workers) after the pipeline raised or was stopped.

    Seen with the earlier pipeline: ``nlp.pipe(n_process=...)`` stops its workers only when its generator is closed;
    an exception out of ``process_pages`` kept the generator alive in the traceback, the workers blocked writing
    docs nobody read, and multiprocessing's exit handler waited for them forever. A benchmark must fail, not hang.
    """
    children = psutil.Process().children()
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    psutil.wait_procs(children, timeout=10)


def tree_cpu() -> float:
    """CPU seconds of this process and its waited-for children (the workers, once they have exited and been joined).
    Postgres's own CPU is not in it."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# --- printing ------------------------------------------------------------------------------------------------


def machine_line() -> str:
    """Cores and load: the machine is shared, so every figure is printed beside how busy it was."""
    load = os.getloadavg()
    return (f"machine: {os.cpu_count()} cores (os.cpu_count()), load average {load[0]:.2f} {load[1]:.2f} "
            f"{load[2]:.2f}, Python {sys.version.split()[0]}")


def settings_line() -> str:
    s = get_settings()
    return (f"settings: model {s.spacy_model}, NEWSFEED_NLP_PROCESSES={s.nlp_processes}, "
            f"NEWSFEED_NLP_BATCH_SIZE={s.nlp_batch_size}, NEWSFEED_NLP_BATCH_CHARS={s.nlp_batch_chars}, "
            f"NEWSFEED_LOAD_BATCH_SIZE={s.load_batch_size}")


def database_line(url: str) -> str:
    with connect(url) as conn:
        row = conn.execute("SELECT current_database(), current_setting('server_version')").fetchone()
    assert row is not None
    return f"database: throwaway {row[0]} (PostgreSQL {row[1]}), dropped at the end"


def set_processes(processes: int) -> None:
    """Make the pipeline use ``processes`` workers (``NEWSFEED_NLP_PROCESSES``), as a deployment would."""
    os.environ["NEWSFEED_NLP_PROCESSES"] = str(processes)
    get_settings.cache_clear()


def distinct_line(conn: psycopg.Connection, run: PipelineRun) -> str:
    """Whether every copy became an article of its own (else the loader merged copies and the figures lie)."""
    row = conn.execute("SELECT count(*) FROM news.articles").fetchone()
    distinct = int(row[0]) if row else 0
    verdict = "every loaded copy is its own article" if distinct == run.counts["loaded"] else "COPIES WERE MERGED"
    return f"distinct rows in news.articles: {distinct} for {run.counts['loaded']} loads ({verdict})"
