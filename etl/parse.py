"""Stage "parse": an HTML page -> ``etl.models.Article`` (body, title, authors, dates, section, URL, language).

The public surface is :func:`parse_html` and :class:`ParseError`. The work is split into one-job modules:

- ``etl.decoding`` — bytes -> text (BOM, ``<meta charset>``, fallbacks) -> lxml tree;
- ``etl.metadata`` — title, authors, published/modified time, section, canonical URL, declared language;
- ``etl.body`` — the article text (trafilatura as the base, re-rendered block by block, cleaned, completed);
- ``etl.language`` — py3langid on the body.

``parse_html`` never raises on odd markup: broken JSON-LD, impossible dates, undecodable bytes or markup the
block splitter cannot follow all degrade to "field missing". It raises :class:`ParseError` only when there is
no article text at all, because the pipeline must record that page (quarantine with a reason), not load it.
"""

from __future__ import annotations

import logging
import unicodedata

from etl.body import BodyHints, extract_body, text_key
from etl.decoding import load_tree
from etl.language import detect_language
from etl.metadata import extract_metadata
from etl.models import Article

log = logging.getLogger(__name__)

STRUCTURED_BODY_PREFERENCE = 0.5
"""When the extracted body has less than this share of the JSON-LD ``articleBody``'s text, the latter is used."""


class ParseError(ValueError):
    """The page has no article text. ``reason`` is short and machine-readable.

    Reasons: ``"empty_document"`` (no markup or text at all), ``"empty_body"`` (markup, but no article text).
    """

    def __init__(self, reason: str, detail: str | None = None) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(reason if detail is None else f"{reason}: {detail}")


MAX_CONTROL_SHARE = 0.02
"""Real text has next to no control characters or undecodable bytes; a page with more is binary or garbled."""


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    odd = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\t\r"))
    return odd > MAX_CONTROL_SHARE * len(sample)


def parse_html(html: str | bytes, url: str | None = None) -> Article:
    """Parse one page into an :class:`~etl.models.Article`.

    ``html`` may be text or the raw bytes as fetched (decoded per ``etl.decoding``); ``url`` is the page's
    address, used for the URL date, resolving a relative canonical link, and stored as ``Article.url``.
    Paragraphs in ``Article.body`` are separated by a blank line ("\\n\\n"). ``published``/``modified`` are
    timezone-aware when the page states a zone or offset and naive (publisher-local, zone unknown) when it
    does not; a date found only in the URL is naive midnight (see ``etl.metadata``).
    """
    tree = load_tree(html)
    if tree is None:
        raise ParseError("empty_document")
    meta = extract_metadata(tree, url)
    body = extract_body(tree, url, BodyHints(titles=tuple(meta.titles), structured_body=meta.structured_body))
    structured = meta.structured_body
    if structured and len(text_key(body)) < STRUCTURED_BODY_PREFERENCE * len(text_key(structured)):
        # The page's markup hides most of the text (rendered by script, cut by a paywall) but the publisher's
        # structured data has it: use that, with its own line breaks as paragraph breaks.
        body = "\n\n".join(line.strip() for line in structured.splitlines() if line.strip())
    body = body.strip()
    if not body:
        raise ParseError("empty_body", url)
    if _looks_binary(body):
        raise ParseError("binary_content", url)
    return Article(
        url=url,
        canonical_url=meta.canonical_url,
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        section=meta.section,
        language=detect_language(body, meta.language),
        body=body,
    )
