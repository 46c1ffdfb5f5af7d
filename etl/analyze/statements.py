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
6. An embedded post ("... — Name (@handle) Month D, YYYY") is a direct statement of its author.

Speakers come from ``speakers.py`` (pronouns, titles, spokes-nouns, organizations referred back to). Reviewed word
lists live in ``etl/data/``: ``cue_verbs.tsv``, ``cue_nouns.tsv``, ``statement_words.tsv``, ``speaker_nouns.tsv``
and ``gender_words.tsv``; the closed-class words (prepositions, conjunctions) stay next to the rules using them.
Stored rows carry the package's ``etl.EXTRACTOR_VERSION``: bump it when the output can change, so re-analysis
finds the articles to redo.

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

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DIRECT_SHARE = 0.4  # quoted words / reported clause at or above which the statement is the quotation itself
MIN_CLAUSE_WORDS = 3  # a reported "clause" shorter than this is an object ("reported using meth"), not speech
MAX_NAME_WORDS = 4  # '"Wild Rose"', '"Hanoi Hilton"': a short quotation all in capitals is a title or a name
# lower-case words a title may keep ("Takin' It to the Streets")
TITLE_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "and", "for", "at", "by", "or"}
MIN_LABEL_WORDS = 2  # 'called Omar a "terrorist"' is a label; 'called it the "end of an era"' is a statement
MIN_CONTINUATION_WORDS = 4  # a cue-less quotation shorter than this is a scare quote or a slogan
MIN_INLINE_WORDS = 6  # ... and one inside a sentence must be longer still to be taken as the speaker's words
MIN_ANONYMOUS_WORDS = 8  # a paragraph-long quotation with nobody to attribute it to is still a statement
MAX_CUE_DISTANCE = 40  # tokens between a quotation and the cue its words hang from
SHORT_QUOTE_ADJACENCY = 3  # a one-word quotation is speech only right beside its cue: '"Never," he said.'
ADJACENT_TOKENS = 10  # '"...," InfoNation President Dan McDowell said': tokens from the mark to the cue
CHAIN_STEPS = 8
SUBJECTS = {"nsubj", "nsubjpass"}
CLAUSE_DEPS = {"ccomp"}
CUT_DEPS = {"advcl", "conj", "parataxis"}
KEPT_PUNCTUATION = {"%", "…", "?", "!"}  # part of what was said: "3.5%", a question
SENTENCE_END = {".", "!", "?"}
ADVERBIAL_PREPOSITIONS = {"in", "at", "on", "during", "after", "before"}  # "urged X in a speech on Monday to ..."
INVERTED_SUBJECT_TOKENS = 10  # '<clause>, executives of both companies announced ...': comma to cue
# "DUBAI, United Arab Emirates —", "HANOI, Vietnam (AP) —": a dateline is not part of what anyone said
DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'’ -]{2,40}(?:,[^—–\n(]{1,40})?\s*(?:\([^)\n]{1,20}\)\s*)?[—–-]+"  # HANOI, Vietnam (AP) —
    r"|(?:[A-Z][\w.'’ -]{0,40})?\(\s*[A-Z][A-Za-z]{1,12}\s*\)\s*[—–-]*)\s*"  # Washington (CNN) / (CNN)
)
SPEAKER_PHRASE_POS = {"PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART", "ADV", "CCONJ"}
THAT_LOOKAHEAD = 10  # tokens from a cue to a "that" introducing its clause
CONTRAST_MARKS = {"while", "whereas", "although", "though"}  # ", while the Arab League condemned ...": not reported
EMBED = re.compile(
    r"\s*[—–-]{1,2}\s*(?P<name>[^()\n]{2,80}?)\s*\(@\w{1,30}\)\s*"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?\s*"
)
POST_TRIM = " \t\"“”"
POST_END = ".!?\"'”’)"
MIN_POST_WORDS = 3
MAX_POST_LINES = 6
CONTINUING_PUNCTUATION = re.compile(r"[,?!…—–-]")
CONTINUING_AFTER = re.compile(r"\s*[,—–-]")
LOWERCASE_AFTER = re.compile(r"\s+[a-z]")
TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://|pic\.twitter\.com/)\S+)+\s*$")


@cache
def cue_lexicon() -> dict[str, frozenset[str]]:
    """``lemma -> frames`` from ``etl/data/cue_verbs.tsv`` (see the comments there)."""
    with open(DATA_DIR / "cue_verbs.tsv", encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t")
        return {row[0].strip(): frozenset(f.strip() for f in row[1].split(",")) for row in rows if len(row) >= 2}


@cache
def cue_nouns() -> frozenset[str]:
    """Claim nouns from ``etl/data/cue_nouns.tsv``."""
    with open(DATA_DIR / "cue_nouns.tsv", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


@cache
def statement_words(group: str) -> frozenset[str]:
    """Words of one group (document, medium, refusal) from ``etl/data/statement_words.tsv``."""
    with open(DATA_DIR / "statement_words.tsv", encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if line.strip() and not line.startswith("#")), delimiter="\t")
        return frozenset(row[0].strip() for row in rows if len(row) >= 2 and row[1].strip() == group)


@dataclass(frozen=True)
class _Content:
    """Token range ``[start, end)`` of what a cue reports, and the token the range was taken from."""

    start: int
    end: int
    head: Token


@dataclass
class _Cue:
    """One attribution cue and what it governs."""

    token: Token
    frames: frozenset[str]
    text: str
    speakers: list[Actor] = field(default_factory=list)
    subject: Token | None = None
    content: _Content | None = None
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


class _Extractor:
    def __init__(self, doc: Doc, actors: ActorIndex) -> None:
        self.doc = doc
        self.text = doc.text
        self.actors = actors
        self.paragraph_spans = paragraphs(self.text)
        self.quotes = find_quote_spans(self.text)
        self.quote_of: dict[int, int] = {}  # token index -> index of the quotation it sits in (marks included)
        for number, quote in enumerate(self.quotes):
            for token in self._tokens_between(quote.open_at, max(quote.after, quote.open_at + 1)):
                self.quote_of.setdefault(token.i, number)
        self.resolver = SpeakerResolver(doc, actors, set(self.quote_of))
        self.cues: dict[int, _Cue] = {}
        self.found: list[_Found] = []
        self.used_quotes: set[int] = set()

    # -- driver ----------------------------------------------------------------------------------------------------

    def run(self) -> list[Statement]:
        for step in (self._find_cues, self._attach_quotes, self._cue_statements, self._cueless_quotes,
                     self._embedded_posts):
            try:
                step()
            except Exception:  # never abort the article: keep what the other steps found
                log.exception("statement step %s failed", step.__name__)
        return self._emit()

    # -- cues ------------------------------------------------------------------------------------------------------

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
            lemma = token.lemma_.lower()
            if token.pos_ == "NOUN" and lemma in cue_nouns():
                cue = self._noun_cue(token)
                if cue is not None:
                    self.cues[token.i] = cue
                    continue
            if token.pos_ not in {"VERB", "AUX"}:
                lemma = self._gerund_lemma(token)
                if lemma is None:
                    continue
            frames = lexicon.get(lemma)
            if frames is None or (token.pos_ == "AUX" and lemma != "say"):
                continue
            if token.dep_ in {"amod", "compound"}:
                continue  # "the self-declared government": an adjective, not a report
            if _is_negated(token):
                continue  # "VW didn't say when ...", "declined to say whether ...": nothing was said
            if _is_imperative(token):
                continue  # "Add the pears and heat to boiling": a recipe, not a report
            self.cues[token.i] = self._cue(token, frames, token.text)
        for cue in self.cues.values():  # contents are cut at other cues, so all cues must be known first
            if "noun" in cue.frames:
                clause = _noun_clause(cue.token)
                cue.content = self._span(clause) if clause is not None else None
            else:
                cue.content = self._content(cue.token, cue.frames)

    def _noun_cue(self, token: Token) -> _Cue | None:
        """"claims from Moscow that ...", "Beijing's insistence that ...": a claim noun with its that-clause and
        a named source; the clause is the source's indirect statement."""
        if _noun_clause(token) is None:
            return None
        source = next((c for c in token.children if c.dep_ == "poss"), None)
        if source is None:
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}):
                source = next((g for g in prep.children if g.dep_ == "pobj"), source)
        if source is None:
            return None
        speakers = self.resolver.speakers(source)
        if not speakers:
            return None
        return _Cue(token=token, frames=frozenset({"noun"}), text=token.text, speakers=speakers, subject=source)

    def _gerund_lemma(self, token: Token) -> str | None:
        """"with Jordanian Foreign Minister Ayman Safadi warning of ...": the parser reads "warning" as a noun
        with the name as its compound; it is the verb, and the name its subject."""
        word = token.lower_
        if token.pos_ != "NOUN" or not word.endswith("ing"):
            return None
        if not any(c.dep_ in {"compound", "nmod", "poss"} and c.i < token.i and self.actors.at_token(c)
                   for c in token.children):
            return None
        stem = word[:-3]
        for lemma in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
            if lemma in cue_lexicon():
                return lemma
        return None

    def _cue(self, token: Token, frames: frozenset[str], text: str) -> _Cue:
        cue = _Cue(token=token, frames=frames, text=text)
        subject = self._speaker_token(token, frames)
        if subject is None and token.i > 0 and self.doc[token.i - 1].text == ",":
            subject = self._inverted_speaker(token)
        cue.subject = subject
        if subject is not None:
            cue.speakers = self.resolver.speakers(subject)
        cue.addressee = self._addressee(token)
        return cue

    def _inverted_speaker(self, token: Token) -> Token | None:
        """'..., said The We Company's recently named executive chair Marcelo Claure in an email': the name
        right after an inverted cue when the parser hung it elsewhere. Persons before organizations."""
        found: list[Token] = []
        for candidate in self.doc[token.i + 1 : token.i + 1 + INVERTED_SUBJECT_TOKENS]:
            if candidate.is_punct and candidate.text not in {"’s", "'s", "-", "."}:
                break
            participle = candidate.tag_ == "VBN"  # stays inside the name's phrase: "recently named executive chair"
            if candidate.pos_ in {"ADP", "VERB", "AUX", "SCONJ"} and candidate.dep_ != "case" and not participle:
                break
            if self.actors.at_token(candidate) is not None:
                found.append(candidate)
        persons = [t for t in found if self.actors.at_token(t).type == "person"]
        return (persons or found or [None])[-1]

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
            if current.i == token.i:
                # "with Jordanian Foreign Minister Ayman Safadi warning of ...": the name hangs from the gerund
                named = [c for c in token.children
                         if c.dep_ in {"compound", "poss", "nmod"} and c.i < token.i and self.actors.at_token(c)]
                if named:
                    return named[-1]
            parent = current.head
            if parent.i == current.i:
                return None
            if current.dep_ == "conj" and parent.dep_ == "ccomp" and parent.head.i in self.cues:
                # "said it viewed ... and said it would ...": the parser coordinated the second cue with the
                # reported clause; it is the reporting clause's coordinate, so the reporter speaks
                reporter = self.cues[parent.head.i]
                return self._speaker_token(reporter.token, reporter.frames)
            if current.dep_ == "xcomp":  # "led the manufacturer to announce", "prompted users to argue"
                obj = next((c for c in parent.children if c.dep_ in {"dobj", "obj"}), None)
                if obj is not None:
                    return obj
            elif current.dep_ == "acl" and parent.pos_ in {"NOUN", "PROPN"}:
                if parent.lemma_.lower() in statement_words("document") and parent.dep_ == "dobj":
                    # "the Commission issued a statement warning that ...": the issuer speaks
                    return next((c for c in parent.head.children if c.dep_ == "nsubj"), None)
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
                    if pobj.lower_ in statement_words("medium"):
                        for prep in (g for g in pobj.children if g.dep_ == "prep" and g.lower_ in {"to", "with"}):
                            for target in (g for g in prep.children if g.dep_ == "pobj"):
                                named = self.resolver.addressee(target)
                                if named:
                                    return named
        return None

    # -- reported content ------------------------------------------------------------------------------------------

    def _content(self, token: Token, frames: frozenset[str]) -> _Content | None:
        """What the cue reports, by the first of its frames that applies."""
        children = list(token.children)
        if "source" in frames:
            head = token.head
            if head.i == token.i or head.i in self.cues:
                return None  # "... he told settler leaders, according to a statement": qualifies the cue
            return self._sourced_clause(head, token)
        if "clause" in frames:
            found = self._clause(token, children)
            if found is not None:
                return found
        if "on" in frames:
            for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "on"):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                xcomp = next((c for c in [*children, *(pobj.children if pobj else [])] if c.dep_ == "xcomp"), None)
                if pobj is not None and xcomp is not None:
                    return self._range(pobj.left_edge.i, xcomp.right_edge.i + 1, pobj)
        obj = next((c for c in children if c.dep_ in {"dobj", "obj"} and c.i > token.i), None)
        if "object" in frames and obj is not None:
            last = max((c.right_edge.i for c in children
                        if c.i > obj.i and c.dep_ in {"xcomp", "ccomp", "prep", "oprd"}
                        and not (c.dep_ == "prep" and c.lower_ in ADVERBIAL_PREPOSITIONS)),
                       default=obj.right_edge.i)
            return self._range(obj.left_edge.i, last + 1, obj)
        if "plan" in frames and obj is not None:
            # "reiterated the UK's position that ...", "cited the backlash as proof that ...": the that-clause
            # completing a noun is what was claimed
            that = next((t for t in token.subtree if t.i > obj.i and t.dep_ == "mark" and t.lower_ == "that"
                         and t.head.head.pos_ in {"NOUN", "PROPN"}), None)
            if that is not None:
                return self._span(that.head)
            if any(c.dep_ in {"acl", "relcl", "ccomp"} and c.pos_ in {"VERB", "AUX"} for c in obj.children):
                return self._span(obj)  # "revealed plans to expand the fleet"
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
        if "clause" in frames:
            return self._inverted(token)
        return None

    def _sourced_clause(self, head: Token, according: Token) -> _Content | None:
        """The clause "according to X" attaches to, without the phrase when it opens or closes the clause;
        a phrase in the middle ("This, according to attendees, is ...") stays, so the clause stays whole."""
        whole = self._span(head)
        if whole is None:
            return None
        first, last = according.left_edge.i, according.right_edge.i
        start, end = whole.start, whole.end
        if first <= start + 1 and last >= start:
            start = last + 1
        elif last >= end - 2 and first < end:
            end = first
        return self._range(start, end, head)

    def _clause(self, token: Token, children: list[Token]) -> _Content | None:
        """The reported clause of a "say"-like cue, including the usual misparses around it."""
        clauses = [c for c in children if c.dep_ in CLAUSE_DEPS or (c.dep_ == "xcomp" and c.tag_ == "VBG")]
        if clauses:
            right = [c for c in clauses if c.i > token.i]
            left = [c for c in clauses if c.i < token.i]
            after_comma = token.i > 0 and self.doc[token.i - 1].text == ","
            # '<clause>, said The We Company's chair Marcelo Claure': the parser took the speaker for a clause
            clause = left[-1] if after_comma and left else (right or clauses)[0]
            span = self._span(clause)
            has_subject = any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in clause.children)
            if span is None or has_subject or clause.i < token.i:
                return span
            # a clause without its subject: the parser hung the subject elsewhere
            that = next((t for t in self.doc[token.i + 1 : clause.i] if t.lower_ == "that"), None)
            if that is not None:  # "told friends that the interview aired at the weekend was ..."
                return self._range(that.i + 1, span.end, clause)
            obj = next((c for c in children if c.dep_ == "dobj" and token.i < c.i < clause.i), None)
            if obj is not None and token.lemma_.lower() != "tell":
                # "added the exact circumstances ... remained unclear": the object is the clause's subject
                return self._range(obj.left_edge.i, span.end, clause)
            return span
        for t in self.doc[token.i + 1 : min(token.i + 1 + THAT_LOOKAHEAD, len(self.doc))]:
            # "told reporters at a press conference that ...": the clause hung from a noun by mistake; only
            # the addressee and adverbials may stand between the cue and "that"
            if t.lower_ == "that" and t.dep_ in {"mark", "advmod"} and t.head.pos_ in {"VERB", "AUX"}:
                if t.head.i not in self.cues and any(c.dep_ in SUBJECTS for c in t.head.children):
                    return self._span(t.head)
                return None
            if t.is_punct or t.pos_ in {"VERB", "AUX"}:
                return None
        return None

    def _inverted(self, token: Token) -> _Content | None:
        """'<clause>, executives of both companies announced Wednesday.': a reporting clause closing the sentence
        whose parse lost the link to what it reports. Taken only when nothing but a noun phrase stands between
        the comma and the cue and nothing but adverbials follows it."""
        sentence = token.sent
        comma = next((t for t in reversed(self.doc[sentence.start : token.i]) if t.text == ","), None)
        if comma is None or token.i - comma.i > INVERTED_SUBJECT_TOKENS:
            return None
        between = self.doc[comma.i + 1 : token.i]
        after = self.doc[token.i + 1 : sentence.end]
        if any(t.pos_ in {"VERB", "AUX"} or t.i in self.quote_of for t in [*between, *after]):
            return None
        if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in between):
            return None  # "..., then add a jar of honey": no one is named as the source
        if any(t.pos_ in {"CCONJ", "SCONJ"} or t.tag_ in {"WDT", "WP"} for t in between):
            return None  # "..., and Vindman reported to him", "..., which Vindman denied": not a source
        reported = self.doc[sentence.start : comma.i]
        if not any(t.pos_ in {"VERB", "AUX"} for t in reported):
            return None
        return self._range(sentence.start, comma.i, reported.root)

    def _span(self, head: Token) -> _Content | None:
        """``head``'s subtree, cut where another reporting clause of the same voice starts (", adding ...",
        "and said ...") or a contrast begins (", while ...")."""
        excluded: set[int] = set()
        for token in head.subtree:
            if token.i <= head.i:
                continue
            edge = token.left_edge.i
            contrast = (token.dep_ == "advcl" and self.doc[edge].lower_ in CONTRAST_MARKS
                        and edge > 0 and self.doc[edge - 1].text == ",")
            if contrast or (token.dep_ in CUT_DEPS and token.i in self.cues and self._same_voice(token, head)):
                excluded.update(t.i for t in token.subtree)
                if edge > 0 and self.doc[edge - 1].dep_ == "cc":
                    excluded.add(edge - 1)
        members = {t.i for t in head.subtree} - excluded
        if head.i not in members:
            return None
        start = end = head.i  # reported content is one stretch of text: the contiguous run around the head
        while start - 1 in members:
            start -= 1
        while end + 1 in members:
            end += 1
        return self._range(start, end + 1, head)

    def _same_voice(self, inner: Token, clause: Token) -> bool:
        """Whether the cue ``inner`` inside a reported clause speaks with the reporting voice (", adding ...",
        "and called on ...") rather than reporting someone inside the clause ("nations ... warning of ...")."""
        reporter = next((a for a in clause.ancestors if a.i in self.cues), None)
        if reporter is None:
            return True
        inner_subject, outer_subject = self.cues[inner.i].subject, self.cues[reporter.i].subject
        return inner_subject is None or (outer_subject is not None and inner_subject.i == outer_subject.i)

    def _range(self, start: int, end: int, head: Token) -> _Content | None:
        """Trim punctuation, spaces, a dateline, "that" and conjunctions off a token range; keep quotation marks
        whose partner is inside, and take in the closing mark of a quotation the range opens."""
        doc = self.doc
        low, high = self._paragraph_bounds(self._paragraph_of(head.idx))
        dateline = DATELINE.match(self.text, low, high)
        while dateline and start < end and doc[start].idx < dateline.end():
            start += 1
        while start < end and doc[start].idx < low:  # what someone said never runs past a paragraph
            start += 1
        while end > start and doc[end - 1].idx >= high:
            end -= 1
        while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"
                               or (doc[start].dep_ == "mark" and doc[start].lower_ == "that")):
            if self._is_quote_mark(doc[start]) and self._mark_opens_inside(doc[start], end):
                break
            start += 1
        while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in KEPT_PUNCTUATION)
                               or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
            if self._is_quote_mark(doc[end - 1]) and self._mark_closes_inside(doc[end - 1], start):
                break
            end -= 1
        if end <= start:
            return None
        for after in range(end, min(end + 2, len(doc))):
            # 'settlements "are illegal under international law"': the mark hangs from the main verb
            if self._is_quote_mark(doc[after]) and self._mark_closes_inside(doc[after], start):
                end = after + 1
                break
            if not doc[after].is_punct:
                break
        return _Content(start, end, head)

    def _is_quote_mark(self, token: Token) -> bool:
        return token.i in self.quote_of and any(c in token.text for c in "\"“”„‟«»'‘’")

    def _mark_opens_inside(self, token: Token, end: int) -> bool:
        quote = self.quotes[self.quote_of[token.i]]
        return quote.open_at == token.idx and quote.end <= self.doc[end - 1].idx + len(self.doc[end - 1])

    def _mark_closes_inside(self, token: Token, start: int) -> bool:
        quote = self.quotes[self.quote_of[token.i]]
        return quote.close_at == token.idx and quote.open_at >= self.doc[start].idx

    # -- quotations to cues ----------------------------------------------------------------------------------------

    def _attach_quotes(self) -> None:
        for number, quote in enumerate(self.quotes):
            cue = self._introducing_cue(quote)
            if cue is None and quote.words(self.text) >= MIN_LABEL_WORDS:
                # a one-word quotation hanging somewhere below a cue is a label ('the word "We"'), not speech
                cue = self._syntactic_cue(number, quote)
            cue = cue or self._adjacent_cue(quote)
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
            if self.quote_of.get(head.i) == number or head.i == token.i:
                continue
            current = head
            for _ in range(CHAIN_STEPS):
                if current.i in self.cues:
                    distance = min(abs(current.i - first), abs(current.i - last))
                    if distance <= MAX_CUE_DISTANCE and self._same_paragraph(current.idx, quote.start):
                        return self.cues[current.i]
                    break
                if current.head.i == current.i or current.i in self.quote_of:
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
        after_text = self.text[quote.after : high]
        # '"...," she said' / '"...?" asked X' / '"..." — X said': the quotation's sentence goes on after the mark
        continues = (bool(CONTINUING_PUNCTUATION.search(tail)) or self.text[quote.end - 1] in "?!…"
                     or bool(CONTINUING_AFTER.match(after_text))
                     or (bool(LOWERCASE_AFTER.match(after_text)) and quote.words(self.text) >= MIN_INLINE_WORDS))
        if quote.closed and continues:
            following = [t for t in self._tokens_between(quote.after, high) if not t.is_space]
            words = [t for t in following if not t.is_punct]
            if words and words[0].pos_ in {"CCONJ", "SCONJ", "ADP"}:
                return None  # '"exciting," but cautions that ...': the sentence goes on, no attribution here
            limit = ADJACENT_TOKENS if quote.words(self.text) >= MIN_LABEL_WORDS else SHORT_QUOTE_ADJACENCY
            for token in following[:limit]:
                if token.i in self.quote_of or token.text in SENTENCE_END:
                    break
                if token.i in self.cues:
                    return self.cues[token.i]
                if token.pos_ not in SPEAKER_PHRASE_POS and not token.is_punct:
                    break  # only the speaker's name may stand between: '," InfoNation President Dan McDowell said'

        preceding = [t for t in self._tokens_between(low, quote.open_at) if not t.is_space]
        if preceding and preceding[-1].i in self.cues:  # 'adding "we need everyone on it."'
            return self.cues[preceding[-1].i]
        return None

    # -- statements from cues --------------------------------------------------------------------------------------

    def _cue_statements(self) -> None:
        direct_cues: set[int] = set()
        pending: list[_Cue] = []
        claimed = {id(q) for cue in self.cues.values() for q in cue.quotes}
        for cue in sorted(self.cues.values(), key=lambda c: c.token.i):
            quotes = list(cue.quotes)
            content = cue.content
            if content is not None:
                # quotations in the reported clause that no other cue claimed ("he said, '...'" is his)
                quotes += [q for q in self._quotes_within(content) if q not in quotes and id(q) not in claimed]
            if quotes and (content is None or self._direct_share(quotes, content) >= DIRECT_SHARE):
                for quote in quotes:
                    if "label" in cue.frames and not self._is_statement_label(quote):
                        self.used_quotes.add(self._number(quote))  # 'called Omar a "terrorist"'
                        continue
                    self._add_direct(quote, cue)
                    direct_cues.add(cue.token.i)
                continue
            for quote in quotes:  # partial or scare quotes: the whole clause is the reported speech
                self.used_quotes.add(self._number(quote))
            if content is not None and "label" not in cue.frames:
                pending.append(cue)
        for cue in pending:
            if not self._nests_statement(cue, direct_cues) and not self._is_nested(cue):
                self._add_indirect(cue)

    def _direct_share(self, quotes: list[QuoteSpan], content: _Content) -> float:
        """The longest quotation's share of the words of the reported clause (quotations included)."""
        low, high = self._chars(content)
        start = min(low, *(q.start for q in quotes))
        end = max(high, *(q.end for q in quotes))
        total = len(WORD.findall(self.text[start:end])) or 1
        return max(q.words(self.text) for q in quotes) / total

    def _is_name(self, quote: QuoteSpan) -> bool:
        """No words, or a short run of capitalised words: a quoted title or name ('"Wild Rose"'), not speech."""
        words = WORD.findall(self.text[quote.start : quote.end])
        if not words:
            return True
        capitalised = [w[:1].isupper() or w.isdigit() or (i > 0 and w in TITLE_SMALL_WORDS)
                       for i, w in enumerate(words)]
        return len(words) <= MAX_NAME_WORDS and all(capitalised)

    def _is_statement_label(self, quote: QuoteSpan) -> bool:
        """'called it the "end of an era"' is a statement; 'called him a "terrorist"' or a quoted name is not."""
        words = WORD.findall(self.text[quote.start : quote.end])
        return len(words) >= MIN_LABEL_WORDS and not all(w[:1].isupper() for w in words)

    def _quotes_within(self, content: _Content) -> list[QuoteSpan]:
        low, high = self._chars(content)
        return [q for q in self.quotes if q.start >= low - 2 and q.end <= high + 2]

    def _nests_statement(self, cue: _Cue, direct_cues: set[int]) -> bool:
        """"The staff member recalled that he said, '...'": the inner quotation is the statement, not the report
        of it. True when a cue with a direct quotation sits in (or under) this cue's reported clause."""
        content = cue.content
        if content is None:
            return False
        for i in direct_cues:
            if i == cue.token.i:
                continue
            if content.start <= i < content.end or any(a.i == content.head.i for a in self.doc[i].ancestors):
                return True
        return False

    def _is_nested(self, cue: _Cue) -> bool:
        """A cue inside another cue's reported clause is part of that statement ("X said Y announced Z")."""
        for other in self.cues.values():
            if other is cue or other.content is None or "label" in other.frames:
                continue
            if other.content.start <= cue.token.i < other.content.end:
                return True
        return False

    def _add_direct(self, quote: QuoteSpan, cue: _Cue | None, speakers: list[Actor] | None = None) -> None:
        number = self._number(quote)
        if number in self.used_quotes:
            return
        self.used_quotes.add(number)
        if self._is_name(quote):
            return
        self.found.append(
            _Found(
                start=quote.start,
                end=quote.end,
                kind="direct",
                speakers=list(cue.speakers if cue is not None else speakers or []),
                cue=cue.text if cue is not None else None,
                addressee=cue.addressee if cue is not None else None,
                paragraph=quote.paragraph,
            )
        )

    def _add_indirect(self, cue: _Cue) -> None:
        if cue.content is None:
            return
        start, end = self._chars(cue.content)
        if len(WORD.findall(self.text[start:end])) < MIN_CLAUSE_WORDS:
            return  # "people who have reported using meth": an object, not a reported clause
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
            )
        )

    # -- quotations without a cue ---------------------------------------------------------------------------------

    def _cueless_quotes(self) -> None:
        """Quotations no cue governs: the same speaker going on, or nobody's statement at all."""
        for number, quote in enumerate(self.quotes):
            if number in self.used_quotes or any(f.start < quote.end and quote.start < f.end for f in self.found):
                continue
            previous = self._previous_statement(quote.start)
            if (previous is not None and previous.paragraph >= quote.paragraph - 1
                    and (previous.speakers or quote.continued) and self._continues(quote, previous)):
                self._add_direct(quote, None, previous.speakers)
            elif self._is_anonymous_statement(quote):
                self._add_direct(quote, None, [])

    def _continues(self, quote: QuoteSpan, previous: _Found) -> bool:
        """Whether a cue-less quotation right after a statement is more of the same speaker's words: the next
        paragraph of a running quotation, or a real utterance (not a two-word scare quote) in the same or the
        next paragraph."""
        if quote.continued:
            return True
        words = quote.words(self.text)
        if words < MIN_CONTINUATION_WORDS:
            return False
        opens_paragraph = not self.text[quote.paragraph_start : quote.open_at].strip()
        return opens_paragraph or words >= MIN_INLINE_WORDS or previous.paragraph == quote.paragraph

    def _is_anonymous_statement(self, quote: QuoteSpan) -> bool:
        """A paragraph that is one long quotation is somebody's statement even when the text names nobody."""
        if quote.words(self.text) < MIN_ANONYMOUS_WORDS or self.text[quote.paragraph_start : quote.open_at].strip():
            return False
        low, high = self._paragraph_bounds(quote.paragraph)
        return (quote.end - quote.start) >= 0.8 * len(self.text[low:high].strip())

    def _previous_statement(self, position: int) -> _Found | None:
        before = [f for f in self.found if f.start < position]
        return max(before, key=lambda f: f.start) if before else None

    # -- embedded posts -------------------------------------------------------------------------------------------

    def _embedded_posts(self) -> None:
        """"<post text>\\n\\n— Robert Maguire (@RobertMaguire_) November 18, 2019": the post is his statement, and a
        statement introducing it with no named speaker ("Another wondered why ...") is his too."""
        for number, (low, high) in enumerate(self.paragraph_spans):
            match = EMBED.fullmatch(self.text, low, high)
            if match is None or number == 0:
                continue
            author = next((self.actors.at_token(t) for t in self._tokens_between(match.start("name"), match.end("name"))
                           if self.actors.at_token(t) is not None), None)
            authors = [author] if author is not None and author.type != "location" else []
            first = self._post_start(number)
            start, end = self.paragraph_spans[first][0], self.paragraph_spans[number - 1][1]
            while True:  # links, hashtag arrows and emoji closing the post are not its words
                links = TRAILING_LINKS.search(self.text, start, end)
                end = links.start() if links else end
                trimmed = end
                while trimmed > start and not (self.text[trimmed - 1].isalnum() or self.text[trimmed - 1] in POST_END):
                    trimmed -= 1
                if trimmed == end:
                    break
                end = trimmed
            while start < end and self.text[start] in POST_TRIM:
                start += 1
            while end > start and self.text[end - 1] in POST_TRIM:
                end -= 1
            if (len(WORD.findall(self.text[start:end])) >= MIN_POST_WORDS
                    and not any(f.start < end and start < f.end for f in self.found)):
                self.found.append(_Found(start=start, end=end, kind="direct", speakers=authors, cue=None,
                                         addressee=None, paragraph=first))
            for found in self.found:
                if found.paragraph == first - 1 and not found.speakers:
                    found.speakers = list(authors)

    def _post_start(self, signature: int) -> int:
        """The first paragraph of the post a signature closes: lines joined by single newlines belong to one
        post ("Hey Twitter, ...\n⬇️⬇️⬇️ https://t.co/..."); a blank line ends it."""
        first = signature - 1
        while first > 0 and signature - first < MAX_POST_LINES:
            gap = self.text[self.paragraph_spans[first - 1][1] : self.paragraph_spans[first][0]]
            if gap.count("\n") != 1:
                break
            first -= 1
        return first

    # -- output ----------------------------------------------------------------------------------------------------

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

    # -- helpers ---------------------------------------------------------------------------------------------------

    def _chars(self, content: _Content) -> tuple[int, int]:
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


def _is_negated(token: Token) -> bool:
    """A cue that reports silence: negated ("did not say"), or under a refusal ("declined to say")."""
    if any(child.dep_ == "neg" for child in token.children):
        return True
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_.lower() in statement_words("refusal")


def _is_imperative(token: Token) -> bool:
    """A bare verb opening its sentence with no subject ("Add the spices ...", "Tell your friends ...")."""
    return (token.tag_ == "VB" and token.dep_ == "ROOT" and token.i == token.sent.start
            and not any(child.dep_ in SUBJECTS or child.dep_ == "aux" for child in token.children))


def _noun_clause(token: Token) -> Token | None:
    """The that-clause completing a claim noun ("claims ... that Ukraine is threatening war")."""
    return next((c for c in token.children if c.dep_ in {"acl", "ccomp", "relcl"}
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)


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
