"""Article parsing quality and speed: our parser against plain trafilatura, in the same run, on the same pages.

    .venv/bin/python bench/parse_quality.py [--benchmark ../shared/data/article-benchmark] [--limit N]

Reads the 181 real pages of the article benchmark (``html/<id>.html.gz`` + ``ground-truth.json``) and runs

- ``etl.parse.parse_html`` (body + all metadata),
- trafilatura's ``bare_extraction`` with metadata (its ``text``: comments are kept apart), as shipped and with
  ``favor_precision=True``.

For each it prints body F1 / precision / recall with the benchmark's metric (``../shared/eval/score_body.py``,
imported by path, not copied), the share of pages with a published date, how many dates disagree by more than a
day with a date written in the page's URL, and pages per second (wall clock, and per CPU second: the machine
is shared, so CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import logging
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_BENCHMARK = SHARED / "data" / "article-benchmark"
SCORER = SHARED / "eval" / "score_body.py"
URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/.-]|$)"
    r"|/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/([0-3]?\d)/",
    re.I,
)
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

Extractor = Callable[[bytes, str], tuple[str, "datetime | date | None"]]


def load_scorer() -> ModuleType:
    """``score_body.py`` from ../shared/eval, imported by path."""
    spec = importlib.util.spec_from_file_location("score_body", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(benchmark: Path, limit: int | None) -> list[tuple[str, str, bytes, str]]:
    """``(id, url, html bytes, true body)`` for each page of the benchmark."""
    truth = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in list(truth.items())[:limit]:
        raw = gzip.decompress((benchmark / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, item.get("url") or "", raw, item.get("articleBody") or ""))
    return pages


def url_day(url: str) -> date | None:
    """The day a URL's path states (``/2019/11/18/``, ``/2019-11-18``, ``/2019/nov/18/``), if any."""
    m = URL_DATE.search(url)
    if not m:
        return None
    try:
        if m.group(1):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return date(int(m.group(4)), MONTHS.index(m.group(5).lower()) + 1, int(m.group(6)))
    except ValueError:
        return None


def score(scorer: ModuleType, truths: list[str], preds: list[str]) -> tuple[float, float, float]:
    """F1, precision, recall averaged over pages exactly as ``score_body.main`` does."""
    precisions, recalls = [], []
    for true_text, pred_text in zip(truths, preds, strict=True):
        tp, fp, fn = scorer.page_counts(true_text, pred_text)
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def ours() -> Extractor:
    from etl.parse import ParseError, parse_html

    def run(html: bytes, url: str) -> tuple[str, datetime | None]:
        try:
            article = parse_html(html, url)
        except ParseError:
            return "", None
        return article.body, article.published

    return run


def plain_trafilatura(**options: bool) -> Extractor:
    import trafilatura

    def run(html: bytes, url: str) -> tuple[str, date | None]:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
        if doc is None:
            return "", None
        found = doc.date if isinstance(doc.date, str) else None
        return doc.text or "", date.fromisoformat(found[:10]) if found else None

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = ap.parse_args(argv)
    if not (args.benchmark / "ground-truth.json").exists() or not SCORER.exists():
        print(f"benchmark or scorer missing: {args.benchmark}, {SCORER}", file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)  # trafilatura and htmldate log every page they give up on
    sys.path.insert(0, str(ROOT))
    scorer = load_scorer()
    pages = load_pages(args.benchmark, args.limit)
    truths = [p[3] for p in pages]
    systems: list[tuple[str, Extractor]] = [
        ("news-event-feed parse_html", ours()),
        ("trafilatura default", plain_trafilatura()),
        ("trafilatura favor_precision", plain_trafilatura(favor_precision=True)),
    ]
    print(f"{len(pages)} pages from {args.benchmark}")
    header = f"{'system':36} {'F1':>6} {'prec':>6} {'recall':>6} {'dated':>6} {'URL-date miss':>13} {'pages/s':>8}"
    print(f"{header} {'pages/CPU-s':>11}")
    for name, extract in systems:
        extract(pages[0][2], pages[0][1])  # warm up: imports, models, caches
        bodies, dated, misses = [], 0, 0
        wall, cpu = time.perf_counter(), time.process_time()
        for _key, url, html, _truth in pages:
            body, published = extract(html, url)
            bodies.append(body)
            if published is not None:
                dated += 1
                day = published.date() if isinstance(published, datetime) else published
                expected = url_day(url)
                if expected is not None and abs((day - expected).days) > 1:
                    misses += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        f1, p, r = score(scorer, truths, bodies)
        print(
            f"{name:36} {f1:6.3f} {p:6.3f} {r:6.3f} {dated / len(pages):6.1%} {misses:13d} "
            f"{len(pages) / wall:8.1f} {len(pages) / cpu:11.1f}"
        )
    print("URL-date miss: pages whose found date is more than a day from the date in their URL.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
