"""Scaling of ingestion with volume: end-to-end time and peak memory at 500, 1,000, 2,000 and 4,000 articles.

    .venv/bin/python bench/scaling.py [--sizes 500,1000,2000,4000] [--processes <cores>] [--known-actors 200000]

The pipeline should grow linearly with work and stay flat in memory for any volume (issue 10): the cost per
article must not rise with N (no quadratic lookups, no table scans per article, no caches that only grow) and
peak memory must not depend on N (pages and documents stream through in batches).

Each size runs in a fresh Python process (this script again, with ``--single N``) with a throwaway database of
its own, because peak RSS only ever grows within a process: a process per size is the only way to see each
size's own peak. In it, N distinct copies of the real benchmark pages (see ``bench/common.py``) are COPYed into
``news.raw_pages`` and ``etl.pipeline.process_pages`` (parse, analyze, load) is timed over them, as the DAG's
``process`` task runs it (worker start-up and model loading included, once per run). Wall time on a shared
machine moves with other people's jobs, so CPU time per page (main process + workers) is printed beside it: it
is the steadier measure of work per article. The template pages are cycled, so sizes that are not multiples of
181 weight the first pages slightly more.

Copies of the same pages name the same people, so the actor tables hardly grow with N, while in production they
grow with every article. The last row therefore runs the smallest size again against a database that already
knows ``--known-actors`` people (one alias each, surnames shared by four), so a lookup whose cost grows with the
actor table shows up as a dearer page there (one did: a by-name lookup that scanned every actor).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import psycopg
from common import (
    PipelineRun,
    distinct_line,
    load_templates,
    machine_line,
    run_pipeline,
    rusage_peaks,
    set_processes,
    settings_line,
    store_raw_pages,
    throwaway_database,
)

from etl.store.db import connect
from etl.store.sources import add_source

DEFAULT_SIZES = "500,1000,2000,4000"
DEFAULT_KNOWN_ACTORS = 200_000


def add_known_actors(conn: psycopg.Connection, count: int) -> None:
    """``count`` people the database knows before the run, each with the alias loading them would have left."""
    conn.execute(
        """INSERT INTO news.actors (actor_id, canonical_key, name, type, surname)
           SELECT md5('known' || i)::uuid, 'person:known ' || i || ' name' || mod(i, %(surnames)s),
                  'Known ' || i || ' Name' || mod(i, %(surnames)s), 'person', 'name' || mod(i, %(surnames)s)
           FROM generate_series(1, %(count)s) i""",
        {"count": count, "surnames": max(count // 4, 1)},
    )
    conn.execute("""INSERT INTO news.actor_aliases (actor_id, alias, alias_key, reason)
                    SELECT actor_id, name, lower(name), 'known before the run' FROM news.actors""")
    conn.execute("ANALYZE news.actors")
    conn.execute("ANALYZE news.actor_aliases")


def single(n: int, known_actors: int) -> dict[str, object]:
    """One size, in this process: prepare N pages, time the pipeline, report as a dict (printed as JSON)."""
    templates = load_templates()
    with throwaway_database(f"scaling{n}") as url, connect(url) as conn:
        source = add_source(conn, "bench-scaling", "urls", "https://benchmark.invalid/urls.txt")
        if known_actors:
            add_known_actors(conn, known_actors)
        store_raw_pages(conn, templates, n, source.source_id)
        del templates  # the pipeline's memory is what is measured, not the benchmark's own page templates
        load1 = os.getloadavg()[0]
        run = run_pipeline(conn, n)
        check = distinct_line(conn, run)
    own, child = rusage_peaks()
    return {**run.as_json(), "maxrss_self_mb": own, "maxrss_child_mb": child,
            "load_before": load1, "load_after": os.getloadavg()[0], "distinct": check}


def run_size(n: int, processes: int, known_actors: int = 0) -> dict[str, object] | None:
    """Run one size in a fresh interpreter; its last stdout line is the JSON result (None when it failed: the
    error is printed and the other sizes still run)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--single", str(n), "--processes", str(processes),
         "--known-actors", str(known_actors)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        error = (proc.stderr.strip().splitlines() or ["no error output"])[-1]
        print(f"{n:>10}  FAILED (exit {proc.returncode}): {error}", flush=True)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def row(n: int, r: dict[str, object], label: str) -> tuple[list[str], float, float]:
    run = PipelineRun(**{k: r[k] for k in PipelineRun.__dataclass_fields__})
    c, t = run.counts, run.timings
    wall_ms = run.seconds / n * 1000
    cpu_ms = run.cpu_seconds / n * 1000
    analyzed = c.get("analyzed", 0) or 1
    analyze = t.get("nlp", 0) + t.get("extract", 0) + t.get("nlp_and_analyze", 0)  # the latter: older pipeline
    cells = [
        label, f"{run.seconds:.1f}", f"{n / run.seconds:.2f}", f"{wall_ms:.0f}", f"{cpu_ms:.0f}",
        f"{t.get('parse', 0) / n * 1000:.0f}", f"{analyze / analyzed * 1000:.0f}",
        f"{t.get('load', 0) / (c.get('loaded', 0) or 1) * 1000:.1f}",
        f"{run.peak_rss_mb:.0f}", f"{run.peak_pss_mb:.0f}", f"{run.peak_self_mb:.0f}",
        f"{r['load_before']:.1f}/{r['load_after']:.1f}",
    ]
    return cells, wall_ms, cpu_ms


HEADER = ["articles", "wall s", "pages/s", "wall ms/pg", "CPU ms/pg", "parse ms", "analyze ms", "load ms",
          "tree RSS MB", "tree PSS MB", "main RSS MB", "load avg"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated article counts ({DEFAULT_SIZES})")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="worker processes that parse and analyze (NEWSFEED_NLP_PROCESSES; default: all cores)")
    parser.add_argument("--known-actors", type=int, default=DEFAULT_KNOWN_ACTORS,
                        help="people the database knows before the last run (default %(default)s; 0: no such run)")
    parser.add_argument("--single", type=int, help=argparse.SUPPRESS)  # internal: one size in this process
    args = parser.parse_args()
    set_processes(args.processes)
    if args.single:
        print(json.dumps(single(args.single, args.known_actors)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_templates(limit=1)  # fail early, with the message, when ../shared is absent
    print("== bench/scaling.py: end-to-end time and peak memory against volume ==")
    print(machine_line())
    print(settings_line())
    print(f"sizes: {', '.join(map(str, sizes))} distinct articles (copies of the 181 benchmark pages); "
          f"{args.processes} worker processes; each size in a fresh process and a throwaway database")
    print("columns: wall/CPU ms per page = whole process_pages (CPU: main + workers); parse ms per page, analyze "
          "(spaCy + extractors) ms per analyzed article, load ms per loaded article: the pipeline's own stage "
          "timings (news.runs.timings; stages in workers are busy seconds summed over them); memory = peaks while "
          "it ran; load avg = before/after\n")
    widths = [max(len(h), 8) + 2 for h in HEADER]
    print("".join(h.rjust(w) for h, w in zip(HEADER, widths, strict=True)), flush=True)
    results = []
    for n in sizes:
        r = run_size(n, args.processes)
        if r is None:
            continue
        cells, wall_ms, cpu_ms = row(n, r, str(n))
        results.append((n, wall_ms, cpu_ms, r))
        print("".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)), flush=True)
    grown = run_size(sizes[0], args.processes, args.known_actors) if args.known_actors else None
    if grown is not None:
        cells, grown_wall, grown_cpu = row(sizes[0], grown, f"{sizes[0]}+known")
        print("".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)), flush=True)

    print()
    for n, _, _, r in results:
        counts = {k: v for k, v in r["counts"].items() if not k.startswith("rows_")}
        backend = r.get("backend_cpu_seconds")
        pg = f"Postgres backend CPU {backend / n * 1000:.1f} ms per page; " if backend is not None else ""
        print(f"{n}: counts {counts}; {r['distinct']}; timings {r['timings']}; {pg}"
              f"rusage maxrss main {r['maxrss_self_mb']:.0f} MB, largest worker {r['maxrss_child_mb']:.0f} MB")
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"\ncost per page at {last[0]} vs {first[0]} articles: wall x {last[1] / first[1]:.2f}, "
              f"CPU x {last[2] / first[2]:.2f} (1.00 = perfectly linear)")
        peaks = [r["peak_pss_mb"] for *_, r in results]
        print(f"peak tree PSS from {first[0]} to {last[0]} articles: {min(peaks):.0f}..{max(peaks):.0f} MB; "
              f"largest summed RSS {max(r['peak_rss_mb'] for *_, r in results):.0f} MB (target < 1536 MB)")
    if grown is not None and results and results[0][0] == sizes[0]:
        _, first_wall, first_cpu, first_run = results[0]
        load_ms = [r["timings"].get("load", 0) / (r["counts"].get("loaded", 0) or 1) * 1000
                   for r in (first_run, grown)]
        print(f"{sizes[0]} articles into a database knowing {args.known_actors:,} people vs an empty one: wall x "
              f"{grown_wall / first_wall:.2f}, CPU x {grown_cpu / first_cpu:.2f}, load ms per article "
              f"{load_ms[0]:.1f} -> {load_ms[1]:.1f}")
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
