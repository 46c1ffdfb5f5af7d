"""What every trigger of one article needs to know about the article: its quotations and their speakers, its
condition clauses ("if ...", "unless ...", "should Russia choose war", "on the condition that"), and the events seen
so far (for "the talks" that refer back to talks named earlier)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from etl.analyze.actors import ActorIndex
from etl.analyze.event_lexicon import lexicon
from etl.analyze.nlp import doc_tokens
from etl.analyze.speakers import SpeakerResolver, speaker_resolver
from etl.models import Actor, Statement


@dataclass
class Condition:
    """A condition clause: its tokens, the word it hangs from, and the actors it is about."""

    tokens: set[int]
    attach: int
    root_level: bool  # the small model made the clause the sentence root: it governs the whole sentence
    sentence: int
    subject: Token | None
    marker: str = "if"


@dataclass
class Context:
    """What every trigger of one article needs to know about the article."""

    doc: Doc
    actors: ActorIndex
    published: dt.date | None
    statements: list[Statement] | None = None  # the article's, when the caller already extracted them
    quotes: list[tuple[int, int]] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    # events seen so far, for nouns that refer back to them: lemma, type, source, target
    history: list[tuple[str, str, list[Actor], list[Actor]]] = field(default_factory=list)
    _speakers: dict[tuple[int, int], Actor | None] | None = None
    _resolver: SpeakerResolver | bool | None = None
    _sentences: list[int] = field(default_factory=list)

    def speaker_resolver(self) -> SpeakerResolver | None:
        """The statements module's resolver for pronouns, titles and "the company" (gender-aware): the article's
        when the caller passed it, else built once on demand; None when it cannot be built."""
        if self._resolver is None:  # an optional refinement: without it events fall back on ActorIndex alone
            self._resolver = speaker_resolver(self.doc, self.actors) or False
        return self._resolver if isinstance(self._resolver, SpeakerResolver) else None

    def people(self, token: Token) -> list[Actor] | None:
        """The actors the resolver reads a speaker-like phrase as ("he", "the commissioner", "the company");
        None when it cannot be built."""
        resolver = self.speaker_resolver()
        if resolver is None:
            return None
        try:
            return resolver.speakers(token)
        except Exception:
            return None

    def pronoun(self, token: Token) -> tuple[bool, Actor | None]:
        """The person the resolver reads a "he", "him", "his" or "her" outside quotations as: (known, actor).
        Known with no actor: the pronoun refers to a person the article does not name."""
        resolver = self.speaker_resolver()
        pronouns = getattr(resolver, "pronouns", None) or {}
        if token.i not in pronouns:
            return False, None
        return True, pronouns[token.i]

    def in_quote(self, token: Token) -> tuple[int, int] | None:
        for start, end in self.quotes:
            if start <= token.idx < end:
                return start, end
        return None

    def sentence_of(self, token: Token) -> int:
        """The number of the sentence holding ``token`` (as ``Condition.sentence`` counts them)."""
        if not self._sentences:
            self._sentences = [sent.start for sent in self.doc.sents]
        return bisect.bisect_right(self._sentences, token.i) - 1

    def antecedent(self, token: Token) -> Condition | None:
        return next((c for c in self.conditions if token.i in c.tokens), None)

    def speaker(self, token: Token) -> Actor | None:
        """Who speaks the quotation ``token`` is in, from the statements extractor (computed once, on demand)."""
        if self._speakers is None:
            self._speakers = _quote_speakers(self)
        for (start, end), actor in self._speakers.items():
            if start <= token.idx < end:
                return actor
        return None


def _quote_speakers(ctx: Context) -> dict[tuple[int, int], Actor | None]:
    from etl.analyze.statements import find_statements  # statements import actors; events are analysed after them

    by_name = {a.name: a for a in ctx.actors.actors}
    speakers: dict[tuple[int, int], Actor | None] = {}
    if ctx.statements is not None:
        statements = ctx.statements
    else:
        try:
            statements = find_statements(ctx.doc, ctx.actors, ctx.speaker_resolver())
        except Exception:  # the statements extractor must not take events down with it
            return speakers
    for statement in statements:
        if statement.kind == "direct" and statement.speaker:
            speakers[(statement.start, statement.end)] = by_name.get(statement.speaker)
    return speakers


def find_conditions(doc: Doc) -> list[Condition]:
    """Condition clauses: "if ...", "unless ...", inverted "should Russia choose war", "on the condition that"."""
    lex = lexicon()
    found: list[Condition] = []
    for number, sent in enumerate(doc.sents):
        tokens = doc_tokens(doc)[sent.start:sent.end]
        for k, token in enumerate(tokens):
            lower = token.lower_
            nxt = tokens[k + 1].lower_ if k + 1 < len(tokens) else ""
            opens = False
            if lower in {"if", "unless"} or (lower in {"provided", "providing"} and nxt == "that"):
                opens = lex.cue(token, "condition")
            elif lower == "should" and token.dep_ == "aux":
                verb = token.head
                opens = verb.i > token.i and any(
                    c.dep_ in {"nsubj", "nsubjpass"} and token.i < c.i < verb.i for c in verb.children
                )
            else:  # "on (the) condition that", "as long as"
                opens = (lower == "condition" and "on" in {t.lower_ for t in tokens[max(0, k - 2): k]}) or (
                    lower == "as" and nxt == "long" and k + 2 < len(tokens) and tokens[k + 2].lower_ == "as"
                )
            if not opens:
                continue
            clause, attach, root_level = _clause_from(token, tokens[k:])
            verb = next((t for t in clause if t.pos_ in {"VERB", "AUX"} and t.dep_ != "aux"), None)
            subject = None
            if verb is not None:
                subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            found.append(Condition({t.i for t in clause}, attach, root_level, number, subject, lower))
    return found


def _clause_from(marker: Token, rest: list[Token]) -> tuple[list[Token], int, bool]:
    """The clause a condition marker opens, the token it modifies, and whether it swallowed the sentence root.

    The subtree of the marker's head when the parse is sane; else (the small model often makes an inverted
    "should" clause the root) the words up to the next comma, semicolon or closing quotation mark.
    """
    if marker.lower_ == "condition":
        head = marker.head.head if marker.head.dep_ == "prep" else marker.head
        return list(marker.subtree), head.i, False
    head = marker.head
    if head.i > marker.i and head.dep_ != "ROOT":
        return [t for t in head.subtree if t.i >= marker.i], head.head.i, False
    out: list[Token] = []
    for token in rest:
        if out and token.text in {",", ";", ":", "”", '"', "—"}:
            break
        out.append(token)
    return out, head.i, head.dep_ == "ROOT"
