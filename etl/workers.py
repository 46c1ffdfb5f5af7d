"""Parse and analyze: the CPU-bound half of processing, spread over worker processes.

Parsing (trafilatura and our own rules), spaCy and the extractors take nearly all the time, so they run in
``NEWSFEED_NLP_PROCESSES`` worker processes — each loads the model once, when it starts — while the main process
only talks to Postgres. Pages go to the workers in small chunks (spaCy batches within a chunk) and come back in
order, so the main process loads the first articles while the workers still analyze the rest. With one process
everything runs inline, with no pool to start. After ``NEWSFEED_NLP_POOL_PAGES`` pages the workers are replaced by
fresh ones, so a run of any length leaves them no bigger than that many pages can.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType

from etl.analyze import analyze_doc
from etl.analyze.nlp import bounded_vocabulary, load_nlp, parse_texts
from etl.config import get_settings
from etl.models import Article, Document
from etl.parse import ParseError, parse_html
from etl.store.frontier import Page

ENGLISH = {"en", None}
CHUNK_PAGES = 8


@dataclass
class Analyzed:
    """What became of one page: its article and document, or the stage and reason that rejected it."""

    page: Page
    article: Article | None = None
    document: Document | None = None
    rejected: tuple[str, str, str] | None = None  # (stage, reason, detail)
    seconds: dict[str, float] = field(default_factory=dict)


def page_to_article(page: Page) -> Article:
    """Parse a stored page; the feed's title and date fill gaps the page leaves."""
    if page.content_type == "text/plain":
        body = page.content.decode("utf-8", errors="replace").strip()
        if not body:
            raise ParseError("empty_body")
        article = Article(url=page.final_url, body=body)
    else:
        article = parse_html(page.content, url=page.final_url)
    updates = {}
    if not article.title and page.ref_title:
        updates["title"] = page.ref_title
    if not article.published and page.ref_published:
        updates["published"] = page.ref_published
    return article.model_copy(update=updates) if updates else article


def analyze_chunk(pages: list[Page]) -> list[Analyzed]:
    """Parse every page, then run spaCy over the English bodies in one batch and extract their documents."""
    min_chars = get_settings().min_body_chars
    results = []
    for page in pages:
        started = time.monotonic()
        result = Analyzed(page)
        try:
            result.article = page_to_article(page)
            if len(result.article.body) < min_chars:
                result.rejected = ("parse", "body_too_short", f"{len(result.article.body)} characters")
        except ParseError as exc:
            result.rejected = ("parse", exc.reason, str(exc))
        result.seconds["parse"] = time.monotonic() - started
        results.append(result)
    english = [r for r in results if r.rejected is None and r.article.language in ENGLISH]
    with bounded_vocabulary():  # nothing of a Doc outlives the block: the documents are plain data
        _analyze_english(english)
    return results


def _analyze_english(english: list[Analyzed]) -> None:
    """spaCy over the bodies in one batch, then the extractors over each Doc."""
    started = time.monotonic()
    docs = list(parse_texts([r.article.body for r in english]))
    spacy_share = (time.monotonic() - started) / max(len(english), 1)
    for result, doc in zip(english, docs, strict=True):
        started = time.monotonic()
        article = result.article
        try:
            result.document = analyze_doc(
                doc, doc_id=result.page.url, published=article.published.date() if article.published else None,
                url=result.page.final_url, title=article.title,
            )
        except Exception as exc:  # an extractor bug on one article must not stop the batch
            result.rejected = ("analyze", type(exc).__name__, traceback.format_exc(limit=5))
        result.seconds["nlp"] = spacy_share
        result.seconds["extract"] = time.monotonic() - started


def _warm_up() -> None:
    """Load the model when a worker starts, not on its first chunk."""
    load_nlp()


class Analyzer:
    """``with Analyzer() as analyzer: for result in analyzer.submit(pages): ...`` — results in page order.

    ``submit`` returns at once with a pool (the work goes on in the workers), so the caller can hand over the
    next batch before it loads this one and the workers never wait for the database.
    """

    def __init__(self, processes: int | None = None, pool_pages: int | None = None) -> None:
        settings = get_settings()
        self.processes = processes or settings.nlp_processes
        self.pool_pages = settings.nlp_pool_pages if pool_pages is None else pool_pages
        self.pool: ProcessPoolExecutor | None = None
        self.pages_in_pool = 0
        self.pools_started = 0

    def __enter__(self) -> Analyzer:
        if self.processes > 1:
            self._start_pool()
        return self

    def _start_pool(self) -> None:
        # spawn, not fork: the parent holds database connections and (under Airflow) threads
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_warm_up)
        self.pages_in_pool = 0
        self.pools_started += 1

    def _renew_pool(self) -> None:
        """Replace the workers once they have analyzed ``pool_pages`` pages (``NEWSFEED_NLP_POOL_PAGES``).

        Work already handed over finishes first (its results wait in their futures), so at no time do two pools'
        models share the memory. Not ``ProcessPoolExecutor(max_tasks_per_child=...)``: from Python 3.11 to 3.15b3
        it deadlocks when a worker retires while tasks are queued (cpython gh-115634), and queuing the next batch
        is how the pipeline keeps the workers busy.
        """
        assert self.pool is not None
        self.pool.shutdown(wait=True)
        self._start_pool()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def submit(self, pages: list[Page]) -> Iterator[Analyzed]:
        chunks = [pages[i:i + CHUNK_PAGES] for i in range(0, len(pages), CHUNK_PAGES)]
        if self.pool is None:
            return (result for chunk in chunks for result in analyze_chunk(chunk))
        if self.pool_pages and self.pages_in_pool >= self.pool_pages:
            self._renew_pool()
        self.pages_in_pool += len(pages)
        futures = [self.pool.submit(analyze_chunk, chunk) for chunk in chunks]
        return (result for future in futures for result in future.result())
