"""The spaCy pipeline, loaded once per process: loading costs about a second, so nothing may load it per article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from etl.config import get_settings


def load_nlp(model: str | None = None) -> Language:
    """The configured model (``NEWSFEED_SPACY_MODEL``), cached for the life of the process.

    Cached by the model's name, not by the argument: after the settings change (tests, a long-lived process that
    re-reads its environment) ``load_nlp()`` must give the model they name, not the one loaded first.
    """
    return _load_model(model or get_settings().spacy_model)


@lru_cache(maxsize=4)
def _load_model(name: str) -> Language:
    return spacy.load(name)


def parse_text(text: str) -> Doc:
    """One text through the full pipeline (tagger, parser, NER)."""
    return load_nlp()(text)


def parse_texts(texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
    """Many texts through ``nlp.pipe`` in batches, in this process (``etl.workers`` spreads work over processes)."""
    yield from load_nlp().pipe(texts, batch_size=batch_size or get_settings().nlp_batch_size)


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, read once: spaCy rebuilds ``Doc.text`` from every token on each access, and several
    extractors need it."""
    text = doc.user_data.get("newsfeed_text")
    if text is None:
        text = doc.user_data["newsfeed_text"] = doc.text
    return text
