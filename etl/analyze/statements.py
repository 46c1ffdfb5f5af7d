"""Statements: who said what. Direct quotations and reported speech, each tied to the actor who spoke.

The rules follow ``../shared/eval/FORMAT.md`` and the SFU Gender Gap Tracker's approach (syntax first, then
adjacency, then continuation), tuned for one thing above all: a quote with the wrong speaker is worse than none.

1. Quotation marks are paired on the raw text (``quotes.py``), so offsets always index ``doc.text``.
2. Cue verbs (``etl/data/cue_verbs.tsv``) are found in the parse; each gets its speaker (the subject, found through
   participles and coordination: "..., adding", "and said"), its reported content (the complement its frames
   allow: "said that ...", "accused X of ...", "warned of ...", "..., according to X") and its addressee
   ("told CNN").
3. A quotation belongs to the cue its words hang from in the parse, else to a cue right beside it
   ('"...," said X' / 'X said: "..."').
4. Quoted words inside a reported clause: when the longest quotation is at least ``DIRECT_SHARE`` of the clause,
   the statement is direct with just the quoted words; otherwise the whole clause is indirect (the marks were
   a partial quote or scare quotes).
5. A quotation with no cue continues the previous statement's speaker when it follows it closely (the next
   paragraph of a running quotation, the second half of a quote broken by "she said", a new paragraph of
   quotes); a short one with no cue is a scare quote, a label or a name, and is no statement.
6. An embedded post ("... — Name (@handle) Month D, YYYY") is a direct statement of that person.

``find_statements`` never raises: a failure is logged and the article keeps the statements found so far.
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token

from etl.analyze.actors import ActorIndex
from etl.analyze.quotes import WORD, QuoteSpan, find_quote_spans, paragraphs
from etl.analyze.speakers import SpeakerResolver
from etl.models import Actor, Statement, StatementKind

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "statements/1.0"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DIRECT_SHARE = 0.4  # quoted words / reported clause at or above which the statement is the quotation itself
MIN_CLAUSE_WORDS = 3  # a reported "clause" shorter than this is an object ("reported using meth"), not speech
MIN_LABEL_WORDS = 2  # 'called Omar a "terrorist"' is a label; 'called it the "end of an era"' is a statement
MIN_CONTINUATION_WORDS = 4  # a cue-less quotation shorter than this is a scare quote or a slogan
MIN_INLINE_WORDS = 6  # ... and one inside a sentence must be longer still to be taken as the speaker's words
MIN_ANONYMOUS_WORDS = 8  # a paragraph-long quotation with nobody to attribute it to is still a statement
MAX_CUE_DISTANCE = 40  # tokens between a quotation and the cue its words hang from
ADJACENT_TOKENS = 10  # '"...," InfoNation President Dan McDowell said': tokens from the mark to the cue
CHAIN_STEPS = 8
SUBJECTS = {"nsubj", "nsubjpass"}
CLAUSE_DEPS = {"ccomp"}
CUT_DEPS = {"advcl", "conj", "parataxis"}
ADDRESS_NOUNS = {"interview", "email", "e-mail", "statement", "letter", "call", "post", "message", "conversation"}
SENTENCE_END = {".", "!", "?"}
CONTRAST_MARKS = {"while", "whereas", "although", "though"}  # ", while the Arab League condemned ...": not reported
EMBED = re.compile(
    r"^\s*[—–-]{1,2}\s*(?P<name>[^()\n]{2,80}?)\s*\(@\w{1,30}\)\s*"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?\s*$"
)
TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://|pic\.twitter\.com/)\S+)+\s*$")


@cache
def cue_lexicon() -> dict[str, frozenset[str]]:
    """``lemma -> frames`` from ``etl/data/cue_verbs.tsv`` (see the comments there)."""
    with open(DATA_DIR / "cue_verbs.tsv", encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t")
        return {row[0].strip(): frozenset(f.strip() for f in row[1].split(",")) for row in rows if len(row) >= 2}


@dataclass
class _Cue:
    """One attribution cue and what it governs."""

    token: Token
    frames: frozenset[str]
    text: str
    speakers: list[Actor] = field(default_factory=list)
    subject: Token | None = None
    content: tuple[int, int] | None = None  # token range [start, end) of the reported content
    content_head: Token | None = None
    addressee: str | None = None
    quotes: list[QuoteSpan] = field(default_factory=list)


@dataclass
class _Found:
    """A statement before it is split per speaker."""

    start: int
    end: int
    kind: StatementKind
    speakers: list[Actor]
    cue: str | None
    addressee: str | None
    paragraph: int
    cue_token: int | None = None


class _Extractor:
    def __init__(self, doc: Doc, actors: ActorIndex) -> None:
        self.doc = doc
        self.text = doc.text
        self.actors = actors
        self.paragraph_spans = paragraphs(self.text)
        self.quotes = find_quote_spans(self.text)
        self.quote_of: dict[int, int] = {}  # token index -> index of the quotation it sits in (marks included)
        for number, quote in enumerate(self.quotes):
            for token in self._tokens_between(quote.open_at, quote.close_at + 1):
                self.quote_of.setdefault(token.i, number)
        self.resolver = SpeakerResolver(doc, actors, set(self.quote_of))
        self.cues: dict[int, _Cue] = {}
        self.found: list[_Found] = []
        self.used_quotes: set[int] = set()
        self._last_head: Token | None = None

    # -- driver -------------------------------------------------------------------------------------------------

    def run(self) -> list[Statement]:
        for step in (self._find_cues, self._attach_quotes, self._cue_statements, self._cueless_quotes,
                     self._embedded_posts):
            try:
                step()
            except Exception:  # never abort the article: keep what the other steps found
                log.exception("statement step %s failed", step.__name__)
        return self._emit()

    # -- cues ---------------------------------------------------------------------------------------------------

    def _find_cues(self) -> None:
        lexicon = cue_lexicon()
        for token in self.doc:
            if token.i in self.quote_of:
                continue  # "said" inside a quotation belongs to the quoted voice
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                frames = lexicon.get("according to")
                if frames:
                    self.cues[token.i] = self._cue(token, frames, "according to")
                continue
            if token.pos_ not in {"VERB", "AUX"} and token.tag_ != "VBG":
                continue  # "warning" parsed as a noun in "with Safadi warning of ..." is still the verb
            frames = lexicon.get(token.lemma_.lower())
            if frames is None or (token.pos_ == "AUX" and token.lemma_.lower() != "say"):
                continue
            if token.dep_ in {"amod", "compound"}:
                continue  # "the self-declared government": an adjective, not a report
            self.cues[token.i] = self._cue(token, frames, token.text)
        for cue in self.cues.values():  # contents are cut at other cues, so all cues must be known first
            self._last_head = None
            cue.content = self._content(cue.token, cue.frames)
            cue.content_head = self._last_head

    def _cue(self, token: Token, frames: frozenset[str], text: str) -> _Cue:
        cue = _Cue(token=token, frames=frames, text=text)
        cue.subject = subject = self._speaker_token(token, frames)
        if subject is not None:
            cue.speakers = self.resolver.speakers(subject)
        cue.addressee = self._addressee(token)
        return cue

    def _speaker_token(self, token: Token, frames: frozenset[str]) -> Token | None:
        """The subject of the cue, found through participles, infinitives and coordination."""
        if "source" in frames:  # "according to X"
            for child in token.children:
                if child.lower_ == "to":
                    return next((g for g in child.children if g.dep_ == "pobj"), None)
            following = self.doc[token.i + 1]
            return next((g for g in following.children if g.dep_ == "pobj"), None)
        if _is_comma_participle(token):
            # ", adding ..." / ", saying ..." hangs in the parse from whatever clause precedes it, often a reported
            # one; it continues the reporting clause, so the speaker is the subject of the cue above it
            for ancestor in token.ancestors:
                if ancestor.i in self.cues or cue_lexicon().get(ancestor.lemma_.lower()):
                    return self._speaker_token(ancestor, cue_lexicon().get(ancestor.lemma_.lower(), frames))
        current = token
        via_conj = False
        for _ in range(CHAIN_STEPS):
            subject = next((c for c in current.children if c.dep_ == "nsubj"), None)
            if subject is None and current.lemma_.lower() == "quote":  # "X was quoted as saying"
                subject = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            if subject is not None:
                return subject
            if current is token:
                # "with Jordanian Foreign Minister Ayman Safadi warning of ...": the name hangs from the gerund
                named = [c for c in token.children
                         if c.dep_ in {"compound", "poss", "nmod"} and c.i < token.i and self.actors.at_token(c)]
                if named:
                    return named[-1]
            parent = current.head
            if parent is current:
                return None
            if current.dep_ == "xcomp":  # "led the manufacturer to announce", "prompted users to argue"
                obj = next((c for c in parent.children if c.dep_ in {"dobj", "obj"}), None)
                if obj is not None:
                    return obj
            elif current.dep_ == "acl" and parent.pos_ in {"NOUN", "PROPN"}:
                return parent  # "South Dakotans ... declaring, '...'"
            elif current.dep_ == "ccomp" and not via_conj:
                return None  # the cue is itself reported: its subject is not the outer speaker
            elif current.dep_ not in {"advcl", "conj", "xcomp", "pcomp", "prep", "pobj", "ccomp"}:
                return None
            via_conj = via_conj or current.dep_ == "conj"
            current = parent
        return None

    def _addressee(self, token: Token) -> str | None:
        """Who was told: "told CNN", "in an email to The Associated Press", "in an interview with CNN"."""
        for child in token.children:
            if child.dep_ in {"dobj", "dative"} and token.lemma_.lower() in {"tell", "warn", "ask", "assure"}:
                named = self.resolver.addressee(child)
                if named:
                    return named
            if child.dep_ == "prep" and child.lower_ in {"to", "in", "with", "on"}:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    if child.lower_ != "in":
                        named = self.resolver.addressee(pobj)
                        if named:
                            return named
                    if pobj.lower_ in ADDRESS_NOUNS:
                        for prep in (g for g in pobj.children if g.dep_ == "prep" and g.lower_ in {"to", "with"}):
                            for target in (g for g in prep.children if g.dep_ == "pobj"):
                                named = self.resolver.addressee(target)
                                if named:
                                    return named
        return None

    # -- reported content -----------------------------------------------------------------------------------------

    def _content(self, token: Token, frames: frozenset[str]) -> tuple[int, int] | None:
        """Token range of what the cue reports, by the first frame that applies."""
        children = list(token.children)
        if "source" in frames:
            head = token.head
            if head is token or head.i in self.cues:
                return None  # "... he told settler leaders, according to a statement": qualifies the cue
            return self._span(head, exclude=set(token.subtree))
        if "clause" in frames:
            clauses = [c for c in children if c.dep_ in CLAUSE_DEPS or (c.dep_ == "xcomp" and c.tag_ == "VBG")]
            if clauses:
                right = [c for c in clauses if c.i > token.i]
                clause = (right or clauses)[0]
                span = self._span(clause)
                subject = any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in clause.children)
                obj = next((c for c in children if c.dep_ == "dobj" and token.i < c.i < clause.i), None)
                if span is not None and obj is not None and not subject and token.lemma_.lower() != "tell":
                    # "added the exact circumstances ... remained unclear": the object is the clause's subject
                    return self._range(obj.left_edge.i, span[1])
                return span
            that = next((t for t in token.subtree if t.dep_ in {"mark", "advmod"} and t.lower_ == "that"
                         and t.i > token.i and t.head.pos_ in {"VERB", "AUX"} and t.head.i not in self.cues
                         and any(c.dep_ in SUBJECTS for c in t.head.children)), None)
            if that is not None:  # "told reporters at a press conference that ...", the clause mis-attached
                return self._span(that.head)
        if "on" in frames:
            for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "on"):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                xcomp = next((c for c in [*children, *(pobj.children if pobj else [])] if c.dep_ == "xcomp"), None)
                if pobj is not None and xcomp is not None:
                    return self._range(pobj.left_edge.i, xcomp.right_edge.i + 1)
        obj = next((c for c in children if c.dep_ in {"dobj", "obj"} and c.i > token.i), None)
        if "object" in frames and obj is not None:
            last = max((c.right_edge.i for c in children
                        if c.i > obj.i and c.dep_ in {"xcomp", "ccomp", "prep", "oprd"}
                        and not (c.dep_ == "prep" and c.lower_ in {"in", "at", "on", "during", "after", "before"})),
                       default=obj.right_edge.i)
            return self._range(obj.left_edge.i, last + 1)
        if "plan" in frames and obj is not None:
            that_clause = next((t for t in obj.subtree if t.dep_ == "mark" and t.lower_ == "that"), None)
            if that_clause is not None:
                return self._span(that_clause.head)
            if any(c.dep_ in {"acl", "relcl", "ccomp"} and c.pos_ in {"VERB", "AUX"} for c in obj.children):
                return self._span(obj)
        if "infinitive" in frames:
            xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > token.i), None)
            if xcomp is not None and any(c.lower_ == "to" for c in xcomp.children):
                return self._span(xcomp)
        if "of" in frames:
            for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "of"):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._span(pobj)
        if "label" in frames:
            label = next((c for c in children if c.dep_ == "oprd" and c.i > token.i), None)
            if label is None and obj is not None:
                label = next((c for c in obj.children if c.dep_ == "oprd"), None)
            if label is not None:
                return self._span(label)
        return None

    def _span(self, head: Token, exclude: set[Token] | None = None) -> tuple[int, int] | None:
        """``head``'s subtree, cut where another reporting clause starts (", adding ...", "and said ...")."""
        self._last_head = head
        excluded = {t.i for t in exclude} if exclude else set()
        for token in head.subtree:
            if token is head or token.i < head.i:
                continue
            contrast = token.dep_ == "advcl" and self.doc[token.left_edge.i].lower_ in CONTRAST_MARKS and (
                token.left_edge.i > 0 and self.doc[token.left_edge.i - 1].text == ",")
            if contrast or (token.dep_ in CUT_DEPS and token.i in self.cues and self._same_voice(token, head)):
                excluded.update(t.i for t in token.subtree)
                if self.doc[token.left_edge.i - 1].dep_ == "cc":
                    excluded.add(token.left_edge.i - 1)
        members = [t.i for t in head.subtree if t.i not in excluded]
        if not members:
            return None
        # the contiguous run around the head: reported content is one stretch of text
        start = end = head.i
        member_set = set(members)
        while start - 1 in member_set:
            start -= 1
        while end + 1 in member_set:
            end += 1
        return self._range(start, end + 1)

    def _same_voice(self, inner: Token, clause: Token) -> bool:
        """Whether the cue ``inner`` inside a reported clause speaks with the reporting voice (", adding ...",
        "and called on ...") rather than reporting someone inside the clause ("nations ... warning of ...")."""
        reporter = next((a for a in clause.ancestors if a.i in self.cues), None)
        if reporter is None:
            return True
        cue = self.cues[inner.i]
        return cue.subject is None or cue.subject is self.cues[reporter.i].subject

    def _range(self, start: int, end: int) -> tuple[int, int] | None:
        """Trim punctuation, spaces, "that" and conjunctions off both ends of a token range."""
        doc = self.doc
        while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in {"that", "and", "but"}
                               or doc[start].dep_ == "cc"):
            if self._is_quote_mark(doc[start]) and self._mark_opens_inside(doc[start], end):
                break
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
            if self._is_quote_mark(doc[end - 1]) and self._mark_closes_inside(doc[end - 1], start):
                break
            end -= 1
        return (start, end) if end > start else None

    def _is_quote_mark(self, token: Token) -> bool:
        return token.i in self.quote_of and any(c in token.text for c in "\"“”„‟«»'‘’")

    def _mark_opens_inside(self, token: Token, end: int) -> bool:
        quote = self.quotes[self.quote_of[token.i]]
        return quote.open_at == token.idx and quote.end <= self.doc[end - 1].idx + len(self.doc[end - 1])

    def _mark_closes_inside(self, token: Token, start: int) -> bool:
        quote = self.quotes[self.quote_of[token.i]]
        return quote.close_at == token.idx and quote.open_at >= self.doc[start].idx

    # -- quotations to cues ---------------------------------------------------------------------------------------

    def _attach_quotes(self) -> None:
        for number, quote in enumerate(self.quotes):
            cue = self._introducing_cue(quote) or self._syntactic_cue(number, quote) or self._adjacent_cue(quote)
            if cue is not None:
                cue.quotes.append(quote)

    def _syntactic_cue(self, number: int, quote: QuoteSpan) -> _Cue | None:
        """The nearest cue that the quotation's words hang from."""
        tokens = self._tokens_between(quote.start, quote.end)
        if not tokens:
            return None
        first, last = tokens[0].i, tokens[-1].i
        for token in tokens:
            head = token.head
            if self.quote_of.get(head.i) == number or head is token:
                continue
            current = head
            for _ in range(CHAIN_STEPS):
                if current.i in self.cues:
                    distance = min(abs(current.i - first), abs(current.i - last))
                    if distance <= MAX_CUE_DISTANCE and self._same_paragraph(current.idx, quote.start):
                        return self.cues[current.i]
                    break
                if current.head is current or current.i in self.quote_of:
                    break
                current = current.head
        return None

    def _introducing_cue(self, quote: QuoteSpan) -> _Cue | None:
        """'he said, "..."' / 'warning: "...': a cue, a comma or colon, then the mark. This beats the parse, which
        hangs a quote inside a report ('he said, "...," the office said') from the outer cue."""
        low, _ = self._paragraph_bounds(quote.paragraph)
        preceding = [t for t in self._tokens_between(low, quote.open_at) if not t.is_space]
        if len(preceding) < 2 or preceding[-1].text not in {",", ":"}:
            return None
        for token in reversed(preceding[-4:-1]):
            if token.i in self.cues:
                return self.cues[token.i]
            if not (token.is_punct or token.pos_ in {"ADV", "PART"}):
                return None
        return None

    def _adjacent_cue(self, quote: QuoteSpan) -> _Cue | None:
        """A cue right after the closing mark ('"...," she said') or right before the opening one ('He said: "')."""
        low, high = self._paragraph_bounds(quote.paragraph)
        tail = self.text[quote.end : quote.close_at]
        after_text = self.text[quote.close_at + 1 : high]
        continues = (bool(re.search(r"[,?!…—–-]", tail)) or self.text[quote.end - 1] in "?!…"
                     or bool(re.match(r"\s*[,—–-]|\s+[a-z]", after_text)))
        if quote.closed and continues:
            following = self._tokens_between(quote.close_at + 1, high)
            for token in following[:ADJACENT_TOKENS]:
                if token.i in self.quote_of or token.text in SENTENCE_END:
                    break
                if token.i in self.cues:
                    return self.cues[token.i]
        before_text = self.text[low : quote.open_at].rstrip()
        if before_text.endswith((",", ":")) or (before_text and before_text[-1].isalpha()):
            preceding = self._tokens_between(low, quote.open_at)
            for token in reversed(preceding[-ADJACENT_TOKENS:]):
                if token.i in self.quote_of or token.text in SENTENCE_END:
                    break
                if token.i in self.cues:
                    return self.cues[token.i]
        return None

    # -- statements from cues -------------------------------------------------------------------------------------

    def _cue_statements(self) -> None:
        direct_cues: set[int] = set()
        pending: list[tuple[_Cue, tuple[int, int]]] = []
        for cue in sorted(self.cues.values(), key=lambda c: c.token.i):
            quotes = list(cue.quotes)
            content = cue.content
            if content is not None:
                quotes += [q for q in self._quotes_within(content) if q not in quotes]
            if not quotes and content is None:
                continue
            if quotes:
                share = self._direct_share(quotes, content)
                if share >= DIRECT_SHARE or content is None:
                    for quote in quotes:
                        if "label" in cue.frames and not self._is_statement_label(quote):
                            self.used_quotes.add(self.quotes.index(quote))
                            continue
                        if quote.words(self.text) < MIN_LABEL_WORDS and content is not None:
                            continue
                        self._add_direct(quote, cue)
                        direct_cues.add(cue.token.i)
                    continue
                for quote in quotes:  # partial or scare quotes: the whole clause is reported speech
                    self.used_quotes.add(self.quotes.index(quote))
            if content is not None and "label" not in cue.frames:
                pending.append((cue, content))
        for cue, content in pending:
            if self._nests_statement(cue, content, direct_cues) or self._is_nested(cue):
                continue
            self._add_indirect(cue, content)

    def _direct_share(self, quotes: list[QuoteSpan], content: tuple[int, int] | None) -> float:
        if content is None:
            return 1.0
        start = min(self.doc[content[0]].idx, *(q.start for q in quotes))
        last = self.doc[content[1] - 1]
        end = max(last.idx + len(last), *(q.end for q in quotes))
        total = len(WORD.findall(self.text[start:end])) or 1
        return max(q.words(self.text) for q in quotes) / total

    def _is_statement_label(self, quote: QuoteSpan) -> bool:
        """'called it the "end of an era"' is a statement; 'called him a "terrorist"' or a quoted name is not."""
        words = WORD.findall(self.text[quote.start : quote.end])
        return len(words) >= MIN_LABEL_WORDS and not all(w[:1].isupper() for w in words)

    def _quotes_within(self, content: tuple[int, int]) -> list[QuoteSpan]:
        start = self.doc[content[0]].idx
        last = self.doc[content[1] - 1]
        end = last.idx + len(last)
        return [q for q in self.quotes if q.start >= start - 2 and q.end <= end + 2]

    def _nests_statement(self, cue: _Cue, content: tuple[int, int], direct_cues: set[int]) -> bool:
        """"The staff member recalled that he said, '...'": the inner quotation is the statement."""
        if any(content[0] <= i < content[1] for i in direct_cues if i != cue.token.i):
            return True
        head = cue.content_head
        return head is not None and any(
            head is self.doc[i] or head in self.doc[i].ancestors for i in direct_cues if i != cue.token.i
        )

    def _is_nested(self, cue: _Cue) -> bool:
        """A reported clause inside another cue's reported clause is part of that statement."""
        for other in self.cues.values():
            if other is cue or other.content is None or "label" in other.frames:
                continue
            if other.content[0] <= cue.token.i < other.content[1] and other.token.i not in range(*other.content):
                return True
        return False

    def _add_direct(self, quote: QuoteSpan, cue: _Cue | None, speakers: list[Actor] | None = None) -> None:
        number = self.quotes.index(quote)
        if number in self.used_quotes:
            return
        self.used_quotes.add(number)
        self.found.append(
            _Found(
                start=quote.start,
                end=quote.end,
                kind="direct",
                speakers=list(cue.speakers if cue is not None else speakers or []),
                cue=cue.text if cue is not None else None,
                addressee=cue.addressee if cue is not None else None,
                paragraph=quote.paragraph,
                cue_token=cue.token.i if cue is not None else None,
            )
        )

    def _add_indirect(self, cue: _Cue, content: tuple[int, int]) -> None:
        first, last = self.doc[content[0]], self.doc[content[1] - 1]
        start, end = first.idx, last.idx + len(last)
        if len(WORD.findall(self.text[start:end])) < MIN_CLAUSE_WORDS:
            return
        if any(f.start < end and start < f.end for f in self.found):
            return
        self.found.append(
            _Found(
                start=start,
                end=end,
                kind="indirect",
                speakers=list(cue.speakers),
                cue=cue.text,
                addressee=cue.addressee,
                paragraph=self._paragraph_of(start),
                cue_token=cue.token.i,
            )
        )

    # -- quotations without a cue ------------------------------------------------------------------------------------

    def _cueless_quotes(self) -> None:
        for number, quote in enumerate(self.quotes):
            if number in self.used_quotes or any(f.start < quote.end and quote.start < f.end for f in self.found):
                continue
            words = quote.words(self.text)
            previous = self._previous_statement(quote.start)
            close = previous is not None and previous.paragraph >= quote.paragraph - 1
            opens_paragraph = not self.text[quote.paragraph_start : quote.open_at].strip()
            if quote.continued and previous is not None and close:
                self._add_direct(quote, None, previous.speakers)
            elif close and previous is not None and words >= MIN_CONTINUATION_WORDS and (
                opens_paragraph or words >= MIN_INLINE_WORDS or previous.paragraph == quote.paragraph
            ):
                self._add_direct(quote, None, previous.speakers)
            elif opens_paragraph and words >= MIN_ANONYMOUS_WORDS and self._fills_paragraph(quote):
                self._add_direct(quote, None, [])

    def _previous_statement(self, position: int) -> _Found | None:
        before = [f for f in self.found if f.start < position]
        return max(before, key=lambda f: f.start) if before else None

    def _fills_paragraph(self, quote: QuoteSpan) -> bool:
        low, high = self._paragraph_bounds(quote.paragraph)
        return (quote.end - quote.start) >= 0.8 * len(self.text[low:high].strip())

    # -- embedded posts -----------------------------------------------------------------------------------------------

    def _embedded_posts(self) -> None:
        """"<post text>\\n\\n— Robert Maguire (@RobertMaguire_) November 18, 2019": the post is his statement."""
        for number, (low, high) in enumerate(self.paragraph_spans):
            match = EMBED.match(self.text, low, high)
            if match is None or match.end() != high or number == 0:
                continue
            post_low, post_high = self.paragraph_spans[number - 1]
            links = TRAILING_LINKS.search(self.text, post_low, post_high)
            end = links.start() if links else post_high
            start = post_low
            while start < end and self.text[start] in " \t\"“”":
                start += 1
            while end > start and self.text[end - 1] in " \t\"“”":
                end -= 1
            if end <= start or any(f.start < end and start < f.end for f in self.found):
                continue
            name_start = match.start("name")
            author = next((self.actors.at_token(t) for t in self._tokens_between(name_start, match.end("name"))
                           if self.actors.at_token(t) is not None), None)
            self.found.append(
                _Found(start=start, end=end, kind="direct", speakers=[author] if author else [], cue=None,
                       addressee=None, paragraph=number - 1)
            )

    # -- output ---------------------------------------------------------------------------------------------------------

    def _emit(self) -> list[Statement]:
        statements: list[Statement] = []
        seen: set[tuple[int, int, str | None]] = set()
        for found in sorted(self.found, key=lambda f: (f.start, f.end)):
            for speaker in found.speakers or [None]:
                key = (found.start, found.end, speaker.name if speaker else None)
                if key in seen:
                    continue
                seen.add(key)
                if speaker is not None:
                    self.actors.mark_used(speaker)
                statements.append(
                    Statement(
                        start=found.start,
                        end=found.end,
                        quote=self.text[found.start : found.end],
                        speaker=speaker.name if speaker else None,
                        kind=found.kind,
                        cue=found.cue,
                        addressee=found.addressee,
                    )
                )
        return statements

    # -- helpers ----------------------------------------------------------------------------------------------------------

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


def _is_comma_participle(token: Token) -> bool:
    """", adding that ...", ", saying ...": a participle opening a clause right after a comma."""
    return token.tag_ == "VBG" and token.i > 0 and token.doc[token.i - 1].text in {",", "—", "–"}


def find_statements(doc: Doc, actors: ActorIndex) -> list[Statement]:
    """Direct and indirect statements in ``doc``, each with its speaker from ``actors``, in text order.

    ``Statement.start``/``end`` are character offsets into ``doc.text`` and ``doc.text[start:end] == quote``.
    Speakers used are marked on ``actors`` so demonym-only actors they name are emitted. Never raises.
    """
    try:
        return _Extractor(doc, actors).run()
    except Exception:  # a statement extractor must never take the article down with it
        log.exception("statement extraction failed")
        return []
