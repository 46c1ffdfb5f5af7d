"""Quality gate for etl.parse on the 181 real pages of ../shared/data/article-benchmark.

Checks the acceptance criteria of the parser: body shingle F1 >= 0.968 with the benchmark's own metric
(``../shared/eval/score_body.py``, imported by path), a published date for >= 90% of pages, and, for every
page whose URL carries a date, a found date within a day of it. Skipped, with the reason, when the benchmark is
not beside the project. Parses every page once (about 10-20 s on two cores).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import statistics
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from etl.models import Article
from etl.parse import ParseError, parse_html

BENCHMARK = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article-benchmark"
SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score_body.py"
MIN_F1 = 0.968
MIN_DATE_COVERAGE = 0.90
# A date in the URL path, written the two common ways: /2019/11/18/ (or -) and /2019/nov/18/.
URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/.-]|$)"
    r"|/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/([0-3]?\d)/",
    re.I,
)
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _url_day(url: str) -> date | None:
    m = URL_DATE.search(url)
    if not m:
        return None
    if m.group(1):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return date(int(m.group(4)), MONTHS.index(m.group(5).lower()) + 1, int(m.group(6)))


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is absent: the body metric lives in ../shared/eval beside the project")
    spec = importlib.util.spec_from_file_location("score_body", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def parsed() -> list[tuple[str, str, Article | None]]:
    """``(url, true body, parsed article or None)`` for every benchmark page."""
    truth_file = BENCHMARK / "ground-truth.json"
    if not truth_file.exists():
        pytest.skip(f"{BENCHMARK} is absent: the article benchmark must be at ../shared/data beside the project")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    results = []
    for key, item in truth.items():
        html = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes())
        try:
            article: Article | None = parse_html(html, item["url"])
        except ParseError:
            article = None
        results.append((item["url"], item["articleBody"], article))
    return results


def test_every_page_parses(parsed: list[tuple[str, str, Article | None]]) -> None:
    assert len(parsed) == 181
    failed = [url for url, _, article in parsed if article is None]
    assert not failed


def test_body_f1(parsed: list[tuple[str, str, Article | None]], scorer: ModuleType) -> None:
    precisions, recalls = [], []
    for _url, true_text, article in parsed:  # averaged over pages exactly as score_body.main does
        tp, fp, fn = scorer.page_counts(true_text, article.body if article else "")
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * p * r / (p + r)
    assert f1 >= MIN_F1, f"body F1 {f1:.4f} (P {p:.4f}, R {r:.4f}) < {MIN_F1}"


def test_paragraph_breaks_survive(parsed: list[tuple[str, str, Article | None]]) -> None:
    multi = [a for _, truth, a in parsed if a is not None and truth.count("\n") >= 3]
    with_breaks = [a for a in multi if "\n\n" in a.body]
    assert len(with_breaks) >= 0.95 * len(multi)


def test_published_date_coverage(parsed: list[tuple[str, str, Article | None]]) -> None:
    dated = sum(1 for _, _, article in parsed if article is not None and article.published is not None)
    assert dated / len(parsed) >= MIN_DATE_COVERAGE, f"{dated}/{len(parsed)} pages dated"


def test_published_date_agrees_with_the_url(parsed: list[tuple[str, str, Article | None]]) -> None:
    with_url_date = [(url, a) for url, _, a in parsed if _url_day(url) is not None]
    assert len(with_url_date) >= 40  # the check must not pass by finding no URL dates (49 pages have one)
    wrong = []
    for url, article in with_url_date:
        found = article.published if article is not None else None
        if found is None or abs((found.date() - _url_day(url)).days) > 1:
            wrong.append((url, found))
    assert not wrong
