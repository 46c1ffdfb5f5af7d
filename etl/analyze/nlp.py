"""The spaCy pipeline, loaded once per process: loading costs about a second, so nothing may load it per article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from etl.analyze.attribute_index import replace_attribute_ruler
from etl.config import get_settings


def load_nlp(model: str | None = None) -> Language:
    """The configured model (``NEWSFEED_SPACY_MODEL``), cached for the life of the process.

    Cached by the model's name, not by the argument: after the settings change (tests, a long-lived process that
    re-reads its environment) ``load_nlp()`` must give the model they name, not the one loaded first.
    """
    return _load_model(model or get_settings().spacy_model)


TOKENS_KEY = "newsfeed_tokens"
VOCABULARY_GROWTH = 200_000
"""Strings a process may add to its model's vocabulary for good (about 65 MB): room for the words news keeps
repeating, whose lexemes and tokenizer-cache entries then stay warm. Past it, what each batch adds is forgotten."""

_strings_at_load: dict[str, int] = {}


@lru_cache(maxsize=4)
def _load_model(name: str) -> Language:
    nlp = spacy.load(name)
    replace_attribute_ruler(nlp)  # same annotations, an eighth of the stock ruler's time
    _strings_at_load[name] = len(nlp.vocab.strings)
    return nlp


def vocabulary_growth() -> int:
    """Strings the configured model's vocabulary has gained in this process since it was loaded."""
    nlp = load_nlp()
    return len(nlp.vocab.strings) - _strings_at_load[get_settings().spacy_model]


def bounded_vocabulary() -> AbstractContextManager[object]:
    """Where to run spaCy (and use its Docs) so that a long-lived process's memory stays bounded.

    spaCy keeps every word a Doc meets in the vocabulary for the life of the process (~0.6 KB a word), so a worker
    on a long backfill of fresh names and numbers would grow without end. spaCy's memory zone forgets what was
    added inside it, but a process working only inside zones never warms spaCy's caches (17% more CPU over two
    passes of the benchmark bodies). So: plain until the vocabulary has grown by ``VOCABULARY_GROWTH`` strings,
    then a memory zone, whose Docs must not be touched after the block (same CPU as plain once warm).
    """
    if vocabulary_growth() < VOCABULARY_GROWTH:
        return nullcontext()
    return load_nlp().memory_zone()


def parse_text(text: str) -> Doc:
    """One text through the full pipeline (tagger, parser, NER)."""
    return load_nlp()(text)


def parse_texts(texts: Iterable[str], batch_size: int | None = None, batch_chars: int | None = None) -> Iterator[Doc]:
    """Many texts through ``nlp.pipe``, in order, in this process (``etl.workers`` spreads work over processes).

    Batches hold at most ``batch_size`` texts and ``batch_chars`` characters (``NEWSFEED_NLP_BATCH_SIZE``,
    ``NEWSFEED_NLP_BATCH_CHARS``): spaCy's memory for a batch grows with the text in it, and on the benchmark
    pages a worker batching 8 articles whatever their length peaked at 574 MB, with at most 20,000 characters at
    458 MB, for the same CPU time.
    """
    settings = get_settings()
    nlp = load_nlp()
    for batch in text_batches(texts, batch_size or settings.nlp_batch_size, batch_chars or settings.nlp_batch_chars):
        yield from nlp.pipe(batch, batch_size=len(batch))


def text_batches(texts: Iterable[str], most_texts: int, most_chars: int) -> Iterator[list[str]]:
    """Consecutive texts grouped, in order, into batches of at most ``most_texts`` texts and ``most_chars``
    characters; a text longer than ``most_chars`` is a batch of its own.

    (spaCy's ``minibatch_by_words`` sizes batches this way but yields an oversized item ahead of the batch it
    interrupts; callers here pair docs with their articles by position, so order must hold.)
    """
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= most_texts or chars + len(text) > most_chars):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def doc_tokens(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` as one list, built once: iterating a Doc or indexing it builds a new Token object every
    time. The extractors built ~23,000 per article (about 27 per token, a quarter of their profiled time), a third
    of them in passes over the whole Doc. ``analyze_doc`` drops the list when it is done, as the list and the Doc
    refer to each other."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens is None:
        tokens = doc.user_data[TOKENS_KEY] = list(doc)
    return tokens


def forget_tokens(doc: Doc) -> None:
    """Drop the list ``doc_tokens`` keeps, so that the Doc is freed at once rather than by the cycle collector."""
    doc.user_data.pop(TOKENS_KEY, None)


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, read once: spaCy rebuilds ``Doc.text`` from every token on each access, and several
    extractors need it."""
    text = doc.user_data.get("newsfeed_text")
    if text is None:
        text = doc.user_data["newsfeed_text"] = doc.text
    return text
