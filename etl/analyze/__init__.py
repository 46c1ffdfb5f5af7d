"""Text -> Document: actors first (everything else points at them), then statements, figures and events.

``analyze_doc`` works on a spaCy Doc so the pipeline can parse many texts at once with ``nlp.pipe``;
``analyze_text`` is the one-article convenience used by ``newsfeed extract`` and tests.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from etl.analyze.actors import find_actors
from etl.analyze.events import find_events
from etl.analyze.figures import find_figures
from etl.analyze.nlp import forget_tokens, parse_text
from etl.analyze.speakers import speaker_resolver
from etl.analyze.statements import find_statements
from etl.models import Document


def analyze_doc(
    doc: Doc,
    *,
    doc_id: str,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Extract actors, statements, figures and events from one parsed article body."""
    try:
        actors = find_actors(doc)
        resolver = speaker_resolver(doc, actors)  # who "he" and "the minister" are: read once for both extractors
        statements = find_statements(doc, actors, resolver)
        figures = find_figures(doc)
        events = find_events(doc, actors, published, statements, resolver)
    finally:
        forget_tokens(doc)  # the shared token list and the Doc refer to each other: let the Doc go when done
    return Document(
        id=doc_id,
        url=url,
        published=published,
        title=title,
        actors=actors.emitted(),
        statements=statements,
        figures=figures,
        events=events,
    )


def analyze_text(
    text: str,
    *,
    doc_id: str,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Parse ``text`` with spaCy and extract its document."""
    return analyze_doc(parse_text(text), doc_id=doc_id, published=published, url=url, title=title)
