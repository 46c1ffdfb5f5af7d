"""The whole DAG path over HTTP: 1,000 articles from a local news site through ``news_ingest`` (``dag.test()``).

    .venv/bin/python bench/ingest_http.py [--articles 1000] [--processes <cores>]

``throughput.py`` and ``scaling.py`` start from stored pages; this one measures everything a scheduled run does
(issue 10): discovery of an RSS feed, polite fetching of every page over real HTTP, storing, parsing, analysis,
loading, and Airflow's own cost around the tasks — end-to-end articles per second.

A small threaded HTTP server on 127.0.0.1 (in this process) serves ``/feed.xml``, an RSS 2.0 feed of N items,
and ``/news/<n>.html``: the real pages of ``../shared/data/article-benchmark`` in turn, each copy with a
``<link rel="canonical">`` to its own address, so N items become N distinct articles; ``/robots.txt`` is 404
(allow all). ``NEWSFEED_ALLOW_PRIVATE_HOSTS=127.0.0.1`` lets the fetcher reach it and
``NEWSFEED_MIN_HOST_DELAY=0`` removes the per-host politeness delay, which would otherwise make this a
benchmark of ``sleep``. Airflow gets a temporary home (SQLite metadata) and the throwaway database as its
``news_db`` connection, exactly as ``newsfeed demo`` runs it; the model is loaded inside the DAG's task, as in
production, and that second is part of the figure.
"""

from __future__ import annotations

import os

# Settings are read from the environment once per process, and Airflow fixes its own on first import: both
# must be set before anything below runs.
os.environ["NEWSFEED_ALLOW_PRIVATE_HOSTS"] = "127.0.0.1"
os.environ["NEWSFEED_MIN_HOST_DELAY"] = "0"

import argparse
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from types import TracebackType
from xml.sax.saxutils import escape

import psycopg
from common import (
    PeakRss,
    Template,
    database_line,
    load_templates,
    machine_line,
    rusage_peaks,
    set_processes,
    settings_line,
    throwaway_database,
    tree_cpu,
    with_canonical,
)

from etl import airflow_local
from etl.config import get_settings
from etl.demo.server import SiteServer
from etl.store.db import connect
from etl.store.sources import add_source

SOURCE = "bench-http"
STAGES = ("discover", "fetch", "parse", "nlp", "extract", "nlp_and_analyze", "load")
WORKER_STAGES = ("parse", "nlp", "extract", "nlp_and_analyze")  # run in the worker processes: busy seconds, summed


class BenchSite:
    """N distinct article pages and an RSS feed listing them, made on request from the benchmark's pages and served
    by the project's own site server."""

    def __init__(self, templates: list[Template], articles: int) -> None:
        self.templates = templates
        self.articles = articles
        self.server = SiteServer(pages=self.page)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def requests(self) -> Counter[str]:
        """Requests by kind of page: the feed, articles, robots.txt."""
        kinds: Counter[str] = Counter()
        for path, n in self.server.requests.items():
            kinds["feed" if path == "/feed.xml" else path.split("/")[1] or "/"] += n
        return kinds

    @property
    def bytes_sent(self) -> int:
        return self.server.bytes_sent

    def article_url(self, n: int) -> str:
        return f"{self.base_url}/news/{n:05d}.html"

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Article {n}</title><link>{escape(self.article_url(n))}</link>"
            f"<guid>{escape(self.article_url(n))}</guid></item>"
            for n in range(self.articles)
        )
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
                f"<link>{self.base_url}/</link><description>benchmark site</description>{items}</channel></rss>"
                ).encode()

    def page(self, path: str) -> tuple[bytes, str] | None:
        if path == "/feed.xml":
            return self.feed(), "application/rss+xml"
        if path.startswith("/news/") and path.endswith(".html"):
            try:
                n = int(path.removeprefix("/news/").removesuffix(".html"))
            except ValueError:
                return None
            if 0 <= n < self.articles:
                page = self.templates[n % len(self.templates)].html
                return with_canonical(page, self.article_url(n)), "text/html; charset=utf-8"
        return None

    def __enter__(self) -> BenchSite:
        self.server.__enter__()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.server.__exit__(exc_type, exc, tb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles the site serves (default 1000)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="worker processes that parse and analyze (NEWSFEED_NLP_PROCESSES; default: all cores)")
    args = parser.parse_args()
    set_processes(args.processes)
    # Airflow's in-process API client warns about its own test-client dependency; nothing to act on here
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    templates = load_templates()

    print("== bench/ingest_http.py: news_ingest DAG (dag.test()) over HTTP from a local site ==")
    print(machine_line())
    print(settings_line() + ", NEWSFEED_MIN_HOST_DELAY=0, NEWSFEED_ALLOW_PRIVATE_HOSTS=127.0.0.1")
    home = Path(tempfile.mkdtemp(prefix="newsfeed-bench-airflow-"))
    try:
        with throwaway_database("http") as url, BenchSite(templates, args.articles) as site:
            print(database_line(url))
            print(f"site: {site.base_url}/feed.xml lists {args.articles} distinct articles (copies of "
                  f"{len(templates)} real pages); Airflow home {home} (SQLite), {args.processes} worker processes")
            airflow_local.configure(home, url)
            started = time.perf_counter()
            airflow_local.load_dags()  # metadata tables + DagBag once, so the run below is a warm scheduler's run
            print(f"Airflow set up (initdb + DagBag) in {time.perf_counter() - started:.1f} s (not timed below)")
            started = time.perf_counter()
            airflow_local.load_dags()  # run_dag does this again: how much of the run below is that
            print(f"run_dag repeats initdb + DagBag on a set-up home: {time.perf_counter() - started:.1f} s "
                  "(inside the timed run)")
            with connect(url) as conn:
                add_source(conn, SOURCE, "rss", f"{site.base_url}/feed.xml")

            cpu_before = tree_cpu()
            with PeakRss() as rss:
                started = time.perf_counter()
                state = airflow_local.run_dag("news_ingest", run_conf={"sources": [SOURCE]})
                seconds = time.perf_counter() - started
            cpu = tree_cpu() - cpu_before
            with connect(url) as conn:
                report(conn, state, seconds, cpu, rss, site, args.articles)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    own, child = rusage_peaks()
    print(f"rusage maxrss over the whole script: main {own:.0f} MB, largest finished child {child:.0f} MB")
    print(machine_line())
    return 0


def task_durations() -> list[tuple[str, int, float]]:
    """(task, map index, seconds) of the last ``news_ingest`` run, from Airflow's own metadata: where the wall time
    of the run went, task by task, so what is left over is Airflow's (and ``dag.test()``'s) own cost."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = session.query(TaskInstance).filter(TaskInstance.dag_id == "news_ingest").all()
        latest = max((ti.run_id for ti in rows), default=None)
        return sorted(((ti.task_id, ti.map_index, float(ti.duration or 0.0)) for ti in rows if ti.run_id == latest),
                      key=lambda t: (t[0] != "start_run", t[0] == "finish", t[0], t[1]))


def report(
    conn: psycopg.Connection, state: str, seconds: float, cpu: float, rss: PeakRss, site: BenchSite, n: int
) -> None:
    """What the run did (``news.runs``, written by the DAG's tasks), where its time went, and what it cost."""
    row = conn.execute(
        "SELECT counts, timings, status FROM news.runs WHERE dag_id = 'news_ingest' ORDER BY run_id DESC LIMIT 1"
    ).fetchone()
    counts, timings, status = row if row else ({}, {}, "missing")
    found = conn.execute("SELECT count(*) FROM news.articles").fetchone()
    articles = found[0] if found else 0
    loaded = int(counts.get("loaded", 0))
    processes = get_settings().nlp_processes
    print(f"\nDAG run: {state}; news.runs status {status}")
    print(f"counts: {dict(sorted((k, v) for k, v in counts.items() if not k.startswith('rows_')))}")
    print(f"site served: {dict(site.requests)} ({site.bytes_sent / 1e6:.0f} MB); distinct rows in news.articles: "
          f"{articles} of {n}")

    print(f"\n{'Airflow task (its own duration)':<36}{'seconds':>9}")
    durations = task_durations()
    for task, index, spent in durations:
        print(f"{task + (f'[{index}]' if index >= 0 else ''):<36}{spent:>9.1f}")
    in_tasks = sum(spent for *_, spent in durations)
    print(f"{'outside tasks (Airflow, dag.test())':<36}{seconds - in_tasks:>9.1f}")

    print(f"\n{'pipeline stage (news.runs.timings)':<36}{'seconds':>9}{'items':>7}{'items/s':>9}")
    basis = {"discover": counts.get("discovered", 0), "fetch": counts.get("fetched", 0),
             "parse": counts.get("parsed", 0), "nlp": counts.get("analyzed", 0), "extract": counts.get("analyzed", 0),
             "nlp_and_analyze": counts.get("analyzed", 0), "load": loaded}
    for stage in [*STAGES, *sorted(set(timings) - set(STAGES))]:
        if stage not in timings:
            continue
        spent = float(timings[stage])
        items = basis.get(stage, 0)
        where = " (workers, summed)" if stage in WORKER_STAGES and processes > 1 else ""
        print(f"{stage + where:<36}{spent:>9.1f}{items:>7}{items / spent if spent else float('nan'):>9.1f}")
    print(f"{'whole DAG run (dag.test())':<36}{seconds:>9.1f}{loaded:>7}{loaded / seconds:>9.2f}")
    print(f"END TO END: {loaded} articles loaded in {seconds:.1f} s = {loaded / seconds:.2f} articles/s "
          f"({counts.get('analyzed', 0) / seconds:.2f} analyzed articles/s), {processes} worker processes")
    print(f"CPU seconds (this process + workers; the HTTP server thread is in this process too): {cpu:.0f} "
          f"= {cpu / seconds:.2f} cores busy on average")
    print(f"peak memory during the run: {rss.summary()}")


if __name__ == "__main__":
    sys.exit(main())
