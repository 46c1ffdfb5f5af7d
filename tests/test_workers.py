"""The worker step (parse, spaCy, extractors over a chunk of pages) in this process, and the pool of workers."""

from __future__ import annotations

import gzip
import multiprocessing
from itertools import product

import pytest

from etl.analyze import nlp
from etl.analyze.nlp import load_nlp, vocabulary_growth
from etl.store.frontier import Page
from etl.workers import Analyzer, analyze_chunk
from tests.factories import FETCHED

SYLLABLES = ("vor", "quel", "tash", "mir", "zan", "ulk", "brev", "ost")


def _invented(n: int) -> list[str]:
    """Words no model has seen, different for every ``n``: names as a long backfill keeps meeting them."""
    combos = list(product(SYLLABLES, repeat=3))
    return ["".join(combos[(n * 7 + i) % len(combos)]).capitalize() for i in range(7)]


def _page(n: int) -> Page:
    a, b, c, d, place, e, f = _invented(n)
    body = (f"Foreign Minister {a} {b} met {c} {d} in {place} on Monday to discuss the dispute over the river. "
            f"\u201cWe agreed to keep talking,\u201d {b} told reporters after the meeting. {d} said that about "
            f"{300 + n} engineers from {e} {f} would help repair the damaged dam before the spring floods.")
    return Page(url=f"https://news.example/{n}", source_id=None, final_url=f"https://news.example/{n}",
                content_type="text/plain", html_gzip=gzip.compress(body.encode()), fetched_at=FETCHED,
                ref_title=None, ref_published=None)


def test_a_worker_keeps_new_words_up_to_a_bound_then_forgets_them(monkeypatch: pytest.MonkeyPatch) -> None:
    strings = load_nlp().vocab.strings
    analyze_chunk([_page(0)])  # the first chunk may load what the extractors keep for the process's life
    monkeypatch.setattr(nlp, "VOCABULARY_GROWTH", vocabulary_growth() + 1)
    before = len(strings)
    analyze_chunk([_page(1)])  # still under the bound: its words stay (spaCy's caches warm up)
    assert len(strings) > before
    at_bound = len(strings)
    results = analyze_chunk([_page(n) for n in range(2, 10)])
    assert all(r.rejected is None and r.document is not None for r in results)
    names = {actor.name for r in results for actor in r.document.actors}
    assert any(_invented(n)[1] in name for n in range(2, 10) for name in names), names  # the new words got through
    assert len(strings) == at_bound  # ...and were forgotten with their Docs


def test_the_workers_are_replaced_after_their_quota_of_pages_and_no_result_is_lost() -> None:
    """A long run must not keep one pair of workers for its whole length: their memory creeps up with every new
    word. After ``pool_pages`` pages the pool is renewed; what the old one was still analyzing comes back whole."""
    batches = [[_page(n) for n in range(start, start + 4)] for start in (0, 4, 8)]
    with Analyzer(processes=2, pool_pages=8) as analyzer:
        first = analyzer.submit(batches[0])
        workers_first = {p.pid for p in multiprocessing.active_children()}
        second = analyzer.submit(batches[1])  # 4 pages so far: same pool
        assert analyzer.pools_started == 1
        third = analyzer.submit(batches[2])  # 8 pages reached: the old pool finishes, a new one takes this batch
        assert analyzer.pools_started == 2
        results = [r for batch in (first, second, third) for r in batch]
        workers_third = {p.pid for p in multiprocessing.active_children()}
    assert [r.page.url for r in results] == [p.url for batch in batches for p in batch]
    assert all(r.rejected is None and r.document is not None for r in results)
    assert workers_first and workers_third and not workers_first & workers_third
