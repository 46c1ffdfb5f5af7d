"""What every statement step shares: the article's text, quotations and paragraphs, the reviewed word lists, and
the records the steps hand each other (a cue, what it reports).

``statements.py`` runs the steps; ``statement_cues.py`` finds the cues and their speakers, ``statement_content.py``
what each cue reports, ``statement_quotes.py`` which cue each quotation belongs to. They are mixins over
``StatementContext``, so they share one article's state and may call each other's methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from etl.analyze.actors import ActorIndex
from etl.analyze.nlp import doc_text
from etl.analyze.quotes import QuoteSpan, find_quote_spans, paragraphs
from etl.analyze.speakers import SpeakerResolver
from etl.datafiles import data_lines, data_rows
from etl.models import Actor

SUBJECTS = {"nsubj", "nsubjpass"}
CHAIN_STEPS = 8
MIN_LABEL_WORDS = 2  # 'called Omar a "terrorist"' is a label; 'called it the "end of an era"' is a statement
MIN_INLINE_WORDS = 6  # a cue-less quotation inside a sentence must be this long to be taken as someone's words
INVERTED_SUBJECT_TOKENS = 10  # '<clause>, executives of both companies announced ...': comma to cue


@cache
def cue_lexicon() -> dict[str, frozenset[str]]:
    """``lemma -> frames`` from ``etl/data/cue_verbs.tsv`` (see the comments there)."""
    return {row[0]: frozenset(f.strip() for f in row[1].split(",")) for row in data_rows("cue_verbs.tsv")
            if len(row) >= 2}


@cache
def cue_nouns() -> frozenset[str]:
    """Claim nouns from ``etl/data/cue_nouns.tsv``."""
    return frozenset(data_lines("cue_nouns.tsv"))


@cache
def statement_words(group: str) -> frozenset[str]:
    """Words of one group (document, medium, refusal, credit, causative) from ``etl/data/statement_words.tsv``."""
    return frozenset(row[0] for row in data_rows("statement_words.tsv") if len(row) >= 2 and row[1] == group)


@dataclass(frozen=True)
class Content:
    """Token range ``[start, end)`` of what a cue reports, and the token the range was taken from."""

    start: int
    end: int
    head: Token
    frame: str | None = None  # "label" when the range is a quoted label ('called it the "end of an era"')


@dataclass
class Cue:
    """One attribution cue and what it governs."""

    token: Token
    frames: frozenset[str]
    text: str
    speakers: list[Actor] = field(default_factory=list)
    subject: Token | None = None
    content: Content | None = None
    addressee: str | None = None
    quotes: list[QuoteSpan] = field(default_factory=list)


class StatementContext:
    """One article's text, quotations, paragraphs, cues and speaker resolver, with position helpers."""

    def __init__(self, doc: Doc, actors: ActorIndex, resolver: SpeakerResolver | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.actors = actors
        self.paragraph_spans = paragraphs(self.text)
        self.quotes = find_quote_spans(self.text)
        self.resolver = resolver or SpeakerResolver(doc, actors)
        self.quote_of = self.resolver.quoted  # token index -> index of the quotation it sits in (marks included)
        self.cues: dict[int, Cue] = {}
        self.used_quotes: set[int] = set()
        self.modifiers: set[int] = set()  # quotations that only modify a noun: labels, not statements
        self.set_off: set[int] = set()  # quotations set off from their cue by punctuation: '"...," he said'

    # -- helpers ---------------------------------------------------------------------------------------------------

    def _chars(self, content: Content) -> tuple[int, int]:
        last = self.doc[content.end - 1]
        return self.doc[content.start].idx, last.idx + len(last)

    def _number(self, quote: QuoteSpan) -> int:
        return next(i for i, q in enumerate(self.quotes) if q is quote)

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand") if end > start else None
        return list(span) if span is not None else []

    def _paragraph_bounds(self, number: int) -> tuple[int, int]:
        return self.paragraph_spans[number] if number < len(self.paragraph_spans) else (0, len(self.text))

    def _paragraph_of(self, position: int) -> int:
        for number, (low, high) in enumerate(self.paragraph_spans):
            if low <= position < high:
                return number
        return len(self.paragraph_spans) - 1

    def _same_paragraph(self, a: int, b: int) -> bool:
        return self._paragraph_of(a) == self._paragraph_of(b)


def has_subject(token: Token) -> bool:
    """Whether a clause has a subject of its own ("it", "there" included)."""
    return any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in token.children)
