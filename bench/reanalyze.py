"""Re-analysis of stored articles (``newsfeed backfill --reanalyze``): time and peak memory for N articles.

    python bench/reanalyze.py [--articles 1000] [--processes 1]

Stores N distinct copies of the benchmark's real pages as raw pages, processes them once (the first load), then
re-analyses them all as a backfill would after an extractor upgrade (``etl.pipeline.run_pipeline`` with mode
``reanalyze`` and ``older_than``), timing that second pass: parse, spaCy, extraction and the diffing loader, which
rewrites nothing when nothing changed. Runs in a throwaway database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    PeakRss,
    database_line,
    load_templates,
    machine_line,
    run_pipeline,
    set_processes,
    settings_line,
    store_raw_pages,
    throwaway_database,
)

import etl.store.load
from etl import pipeline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=1, help="spaCy worker processes")
    args = parser.parse_args()
    set_processes(args.processes)
    templates = load_templates()
    print(machine_line())
    print(settings_line())
    with throwaway_database("reanalyze") as url, psycopg.connect(url, autocommit=True) as conn:
        print(database_line(url))
        store_raw_pages(conn, templates, args.articles, None)
        first = run_pipeline(conn, args.articles)
        print(f"first load:  {args.articles} pages in {first.seconds:.1f} s "
              f"({args.articles / first.seconds:.2f} articles/s), loaded {first.counts['loaded']}")

        etl.store.load.EXTRACTOR_VERSION = "999.0"  # as after an upgrade: every article is now older
        feed_before = conn.execute("SELECT COALESCE(max(seq), 0) FROM news.changes").fetchone()[0]
        with PeakRss() as rss:
            started = time.perf_counter()
            _, counts = pipeline.run_pipeline(conn, kind="backfill", mode="reanalyze", older_than="999.0")
            seconds = time.perf_counter() - started
        feed_rows = dict(conn.execute(
            "SELECT table_name, count(*) FROM news.changes WHERE seq > %s GROUP BY 1 ORDER BY 1", (feed_before,)))
    print(f"re-analysis: {counts.get('requeued', 0)} articles in {seconds:.1f} s "
          f"({counts.get('requeued', 0) / seconds:.2f} articles/s), loaded {counts.get('loaded', 0)}, "
          f"changed {counts.get('changed', 0)}")
    print(f"feed rows written, by table: {feed_rows} (article rows carry the new version; derived rows appear only "
          f"where the extractors' output changed)")
    print(f"peak memory during re-analysis: {rss.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
