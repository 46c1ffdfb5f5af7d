"""The language of an article body, as an ISO 639-1 code, with py3langid.

py3langid's model also knows a few dialects and languages that have no two-letter code (``arz``, ``yue``,
``zxx`` for "no language" ...). ``Article.language`` is ISO 639-1, so the identifier is restricted to the
two-letter labels: Egyptian Arabic then reads as ``ar``, Cantonese as ``zh``.

Short texts classify badly, so below ``MIN_CHARS`` of body the page's own declaration (``<html lang>``,
og:locale) wins when it has one; a classifier guess with low confidence also yields to a declaration.
"""

from __future__ import annotations

from functools import lru_cache

MIN_CHARS = 200
"""Below this many characters of text, the page's declared language is trusted over the classifier."""
MIN_CONFIDENCE = 0.5
"""A classifier answer less certain than this yields to a declared language."""
SAMPLE_CHARS = 5_000
"""Classifying more text than this does not change the answer, only the time (a few milliseconds a page)."""


@lru_cache(maxsize=1)
def _identifier():  # -> py3langid.langid.LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([label for label in identifier.labels if len(label) == 2])
    return identifier


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; ``declared`` (already a two-letter code) breaks ties on short/unclear text."""
    sample = text[:SAMPLE_CHARS].strip()
    if len(sample) < MIN_CHARS and declared:
        return declared
    if not sample:
        return declared
    lang, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE and declared:
        return declared
    return lang
