"""Events: who did what to whom, when and where, coded with the PLOVER event types.

The design follows the dictionary coders (TABARI, PETRARCH) in keeping the vocabulary as reviewed data, not code:
``etl/data/event_triggers.tsv`` maps verbs, verb phrases and event nouns to PLOVER types and modes, and
``etl/data/event_cues.tsv`` lists the words that decide whether an event happened ("will", "plans to", "if",
"allegedly") or who did it ("held talks": the subject of "held" did the talking). Unlike those coders, roles come
from spaCy's dependency parse rather than from phrase patterns, so "was attacked by X", "talks between X and Y",
"Biden and Macron spoke" and "the Taliban, who have refused to negotiate" need no per-verb patterns.

Per trigger word:

1. *context*: a word inside a condition ("if Russia invades"), under a hypothetical ("to avoid an invasion",
   "could begin") or inside what someone is urged to do or accused of ("accused China of using coercion") names
   no event of its own and is skipped.
2. *roles*: the source from the subject (inherited through "agreed to meet", "met ... and spoke", relative
   clauses, the light verb an event noun hangs from), the target from the object and the prepositions that carry
   a target for that type; pronouns through the ActorIndex, "we" inside a quotation through its speaker.
3. *status*: negated, claimed, conditional, planned, else occurred. A hostile act promised, or announced under a
   condition, is a threat that was made: THREATEN with status occurred, as FORMAT.md codes it.
4. *date* (``etl.analyze.dates``, with the clause's tense) and *location* from words attached to the trigger.

Mentions of one real event (same type, same actors, compatible status and date) are merged into one row that keeps
every mention (``Event.mentions``). Speech acts (ACCUSE, REQUEST, ...) repeated in other sentences with other
words are new acts and stay apart.

Which rows are kept is a precision decision, measured on the development set (bench/gold_eval.py):

- an event needs a doer. A doer the text leaves unnamed ("abducted by gunmen", "Serb forces killed ...") keeps
  an empty source, as FORMAT.md says; but where no doer is written at all (agentless passives: "was shot down",
  "were released in Doha") or our resolution failed (an unresolved "they"), rows were wrong far more often than
  right, and a row without a source does not answer "who did what";
- inside quotations, a speech act or commitment needs a target: quoted speech is full of generic stances ("we
  oppose intimidation", "we stand ready to support") that address no one.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token

from etl.analyze.actors import ActorIndex, is_title_head
from etl.analyze.dates import Tense, resolve_date
from etl.analyze.gazetteer import get_gazetteer
from etl.analyze.quotes import find_quote_spans
from etl.models import Actor, Event, EventStatus, Mention

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TRIGGERS_FILE = DATA_DIR / "event_triggers.tsv"
CUES_FILE = DATA_DIR / "event_cues.tsv"

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER",
}
# PLOVER's symmetric types: which side is "source" and which "target" carries no meaning
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
# hostile acts: promised, or announced under a condition, they are threats (FORMAT.md: THREATEN + occurred)
HOSTILE = {"ASSAULT", "SANCTION", "COERCE", "MOBILIZE"}
FLAGS = {"content", "wish", "refuse", "commit", "future", "needobj", "needclause", "needactor", "needcomp",
         "needcondition", "labelling", "nolabel", "needmust", "hostile", "negreject", "needpair", "needtarget",
         "needcommit", "intransitive"}
# entity labels whose words are names, not events ("the UN Climate Action Summit", "Investigating ... Rover")
NAME_LABELS = {"ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "FAC", "PERSON", "GPE", "LOC", "NORP"}
UNLESS_THREATS = HOSTILE | {"RETREAT", "REJECT", "PROTEST"}  # adverse acts that "unless" makes a threat
VERBAL = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"}  # speech acts: repeated, they are new acts

# Grammar, not vocabulary: prepositions that introduce the target of a verb or an event noun, by type.
# "talks with X", "attack on X", "support for X", "withdraw from X", "troops near X".
TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "default": ("with", "to", "against", "on", "upon", "toward", "towards"),
    "CONSULT": ("with", "to"),
    "AGREE": ("with", "to"),
    "COOPERATE": ("with", "to", "from", "of"),
    "SUPPORT": ("for", "to", "with", "behind"),
    "AID": ("to", "for", "with"),
    "RETREAT": ("from", "to", "of"),
    "REQUEST": ("on", "upon", "to", "from"),
    "ACCUSE": ("against", "on", "to", "of"),
    "REJECT": ("on", "to", "from"),
    "THREATEN": ("against", "on", "to"),
    "PROTEST": ("against", "outside"),
    "SANCTION": ("on", "against", "to", "for"),
    "MOBILIZE": ("near", "into", "toward", "towards", "against", "along", "on"),
    "COERCE": ("to", "on", "against", "of"),
    "ASSAULT": ("on", "against", "into", "of"),
    "OTHER": (),
}
NOUN_SOURCE_PREPS = ("by", "from")  # "an attack by X", "claims from Moscow"
BETWEEN_PREPS = ("between", "among")
LOCATION_PREPS = ("in", "at", "near", "outside", "inside")
LOCATION_ENTS = {"GPE", "LOC", "FAC"}
OBJECTS = {"dobj", "dative", "obj", "oprd"}
PREDICATIVE = {"oprd", "xcomp", "ccomp", "attr"}
CLAUSAL = {"xcomp", "ccomp", "pcomp", "advcl"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my", "ours"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
STATUS_RANK: dict[str, int] = {"occurred": 0, "planned": 1, "conditional": 2, "claimed": 3, "negated": 4}
REQUIRE_SOURCE = True  # see the module docstring; an unnamed doer ("gunmen") still makes an event
log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------------------------
# the reviewed word lists


@dataclass(frozen=True)
class Entry:
    """One line of ``event_triggers.tsv``."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    flags: frozenset[str]
    blocked: frozenset[str]

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class Lexicon:
    """Triggers by part of speech and key word (a verb's first word, a noun's last), cue roles by word."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    cues: dict[str, frozenset[str]]

    def cue(self, token: Token, role: str) -> bool:
        return any(role in self.cues.get(form, ()) for form in _forms(token))


def _rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as handle:
        lines = (line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


@cache
def lexicon() -> Lexicon:
    """The trigger and cue lists from ``etl/data``, read and checked once per process."""
    tables: dict[str, dict[str, list[Entry]]] = {"verb": {}, "noun": {}, "adj": {}}
    for row in _rows(TRIGGERS_FILE):
        row += [""] * (6 - len(row))
        trigger, pos, kind, mode, flags, blocked = (cell.strip() for cell in row[:6])
        entry = Entry(
            words=tuple(trigger.lower().split()),
            pos=pos,
            type=kind,
            mode=mode or None,
            flags=frozenset(f.strip() for f in flags.split(",") if f.strip()),
            blocked=frozenset(b.strip() for b in blocked.split("|") if b.strip()),
        )
        if kind not in PLOVER_TYPES or pos not in tables or not entry.flags <= FLAGS or not entry.words:
            raise ValueError(f"{TRIGGERS_FILE.name}: bad line for {trigger!r} ({pos}, {kind}, {flags})")
        key = entry.words[-1] if pos == "noun" else entry.words[0]
        tables[pos].setdefault(key, []).append(entry)
    cues: dict[str, set[str]] = {}
    for row in _rows(CUES_FILE):
        cues.setdefault(row[0].strip().lower(), set()).add(row[1].strip())

    def frozen(table: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        # phrases before single words ("push back" before "back", "call on" before "call"), else file order
        return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in table.items()}

    return Lexicon(
        verbs=frozen(tables["verb"]),
        nouns=frozen(tables["noun"]),
        adjectives=frozen(tables["adj"]),
        cues={word: frozenset(roles) for word, roles in cues.items()},
    )


def _forms(token: Token) -> tuple[str, ...]:
    """The lemma, the word, and a crude lemma of the word: the small model mislemmatizes ("hoped" -> "hop")."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("s", "")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            forms.append(lower[: -len(suffix)] + repl)
    return tuple(dict.fromkeys(forms))


# ---------------------------------------------------------------------------------------------------------------
# trigger matching


@dataclass
class Trigger:
    """A word (with the dependents completing its phrase) that names an event."""

    token: Token
    entry: Entry
    partners: list[Token]

    @property
    def kind(self) -> str:
        return self.entry.pos


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def _is_noun(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and token.tag_.startswith("NN")


def _objects(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in OBJECTS or c.dep_ == "nsubjpass"]


def _predicative(token: Token, quoted: bool = False) -> bool:
    """"called Omar a “terrorist”": an object plus a second, predicative complement (in scare quotes: the
    label is the speaker's, and a quoted label is nearly always a charge; "called the ruling a landmark" is not)."""
    preds = [c for c in token.children if c.dep_ in PREDICATIVE and c.pos_ in {"NOUN", "PROPN"}]
    objs = [c for c in token.children if c.dep_ in OBJECTS]
    if not preds or len({c.i for c in preds + objs}) < 2:
        return False
    return not quoted or any(t.is_quote for p in preds for t in p.subtree)


def match_trigger(token: Token) -> Trigger | None:
    """The lexicon entry ``token`` triggers, with the dependents that complete a phrase, or None."""
    lex = lexicon()
    if _is_verb(token):
        lemma = token.lemma_.lower()
        entries = lex.verbs.get(lemma) or next((lex.verbs[f] for f in _forms(token) if f in lex.verbs), ())
        for entry in entries:
            partners = _phrase_partners(token, entry.words[1:])
            if partners is None:
                continue
            objects = [o for o in _objects(token) if o not in partners]
            if token.dep_ in {"acl", "amod"} and _passive(token):
                objects.append(token.head)  # "data released by the ministry": the patient is the noun
            complements = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"}]
            if any(o.lemma_.lower() in entry.blocked or o.lower_ in entry.blocked for o in objects + complements):
                return None
            if entry.has("needobj") and not (objects or partners or complements or _passive(token)):
                continue
            if entry.has("labelling") and not _predicative(token, quoted=True):
                continue
            if entry.has("intransitive") and (objects or complements):
                continue
            if entry.has("nolabel") and _predicative(token):
                continue
            if entry.has("needcomp") and not _has_complement(token):
                continue
            if entry.has("needmust") and not _must_clause(token):
                continue
            if entry.has("needpair") and not _paired_subject(token):
                continue
            return Trigger(token, entry, partners)
        return None
    if _is_noun(token):
        for key in (token.lower_, token.lemma_.lower()):
            for entry in lex.nouns.get(key, ()):
                if len(entry.words) > 1:
                    left = [c for c in token.children if c.i < token.i and c.dep_ in {"compound", "amod", "nmod"}]
                    partners = [c for c in left if c.lower_ in entry.words or c.lemma_.lower() in entry.words]
                    if len(partners) < len(entry.words) - 1:
                        continue
                    return Trigger(token, entry, partners)
                if entry.has("needclause") and not _noun_clause(token):
                    continue
                return Trigger(token, entry, [])
        return None
    if token.pos_ == "ADJ":
        for entry in lex.adjectives.get(token.lower_, ()):
            if entry.has("needcomp") and not any(c.dep_ in {"xcomp"} for c in token.children):
                continue
            return Trigger(token, entry, [])
    return None


def _has_complement(token: Token) -> bool:
    """An act as complement, directly or through "to" ("committed to opening up the economy"); not a copula
    ("deals promise to be cheap")."""
    for child in token.children:
        if child.dep_ in CLAUSAL and child.lemma_ != "be":
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(c.dep_ == "pcomp" for c in child.children):
            return True
    return False


def _paired_subject(token: Token) -> bool:
    """"Biden and Macron spoke": a coordinated subject, the two sides of a symmetric event."""
    return any(c.dep_ == "nsubj" and any(g.dep_ == "conj" for g in c.children) for c in token.children)


def _must_clause(token: Token) -> Token | None:
    """The complement of a speech verb that says someone must act ("said Sudan must return the helicopter")."""
    for child in token.children:
        if child.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "must" for c in child.children):
            return child
    return None


def _noun_clause(token: Token) -> bool:
    """"claims that ...", "calls by X to adopt reforms", "calls for sanctions": what the noun says or asks."""
    return any(
        c.dep_ in {"acl", "ccomp", "relcl"} or (c.dep_ == "prep" and c.lower_ == "for") for c in token.children
    )


def _phrase_partners(token: Token, rest: tuple[str, ...]) -> list[Token] | None:
    """The dependents that spell the rest of a phrase ("back" of "pushed back"), or None when one is missing."""
    partners: list[Token] = []
    deps = {"prt", "advmod", "prep", "dobj", "acomp", "attr", "npadvmod", "agent", "dative", "oprd", "nsubjpass"}
    candidates = [c for c in token.children if c.i > token.i and c.dep_ in deps]
    # a phrase's object may have modifiers of its own: "impose martial law", "fired four shell bombs"
    candidates += [g for c in candidates if c.dep_ in {"dobj", "nsubjpass"} for g in c.children
                   if g.dep_ in {"compound", "amod"}]
    candidates += [g for c in candidates if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    def spells(candidate: Token, word: str) -> bool:
        # function words match as written ("according" is no "accord"); content words by lemma too
        if candidate.dep_ in {"prep", "prt", "agent", "advmod"} or candidate.pos_ in {"ADP", "PART"}:
            return candidate.lower_ == word
        return candidate.lower_ == word or candidate.lemma_.lower() == word

    for word in rest:
        found = next((c for c in candidates if c not in partners and spells(c, word)), None)
        if found is None:
            found = _nearby_object(token, word)
        if found is None:
            return None
        partners.append(found)
    return partners


def _nearby_object(verb: Token, word: str) -> Token | None:
    """A phrase's object noun the small model hung elsewhere ("amassed between 160,000 and 190,000 troops"):
    a noun a few words on, inside the verb's own phrase (no other verb between)."""
    for token in verb.doc[verb.i + 1: min(verb.i + 7, verb.sent.end)]:
        if token.pos_ != "NOUN" or token.lemma_.lower() != word:
            continue
        head = token
        while head.i != verb.i and head.head.i != head.i and not (_is_verb(head.head) and head.head.i != verb.i):
            head = head.head
        if head.head.i == verb.i or head.i == verb.i:
            return token
    return None


def _passive(token: Token) -> bool:
    """"hostages held by the Taliban", "the town was shelled": the patient is the subject or the modified noun."""
    if any(c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in token.children):
        return True
    return token.tag_ == "VBN" and token.dep_ in {"acl", "amod"}


# ---------------------------------------------------------------------------------------------------------------
# the article: quotations with their speakers, condition clauses, events seen so far


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
    quotes: list[tuple[int, int]] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    history: list[tuple[str, list[Actor], list[Actor]]] = field(default_factory=list)  # lemma, source, target
    _speakers: dict[tuple[int, int], Actor | None] | None = None
    _resolver: object | None = None
    _sentences: list[int] = field(default_factory=list)

    def people(self, token: Token) -> list[Actor] | None:
        """The statements module's resolver for pronouns, titles and "the company" (gender-aware, built once on
        demand); None when it cannot be built."""
        if self._resolver is None:
            try:
                from etl.analyze.speakers import SpeakerResolver

                quoted = {t.i for t in self.doc if self.in_quote(t) is not None}
                self._resolver = SpeakerResolver(self.doc, self.actors, quoted)
            except Exception:  # an optional refinement: events fall back on ActorIndex alone
                self._resolver = False
        if self._resolver is False:
            return None
        try:
            return self._resolver.speakers(token)  # type: ignore[attr-defined]
        except Exception:
            return None

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
    try:
        statements = find_statements(ctx.doc, ctx.actors)
    except Exception:  # the statements extractor must not take events down with it
        return speakers
    for statement in statements:
        if statement.kind == "direct" and statement.speaker:
            speakers[(statement.start, statement.end)] = by_name.get(statement.speaker)
    return speakers


def _conditions(doc: Doc) -> list[Condition]:
    """Condition clauses: "if ...", "unless ...", inverted "should Russia choose war", "on the condition that"."""
    lex = lexicon()
    found: list[Condition] = []
    for number, sent in enumerate(doc.sents):
        tokens = list(sent)
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


# ---------------------------------------------------------------------------------------------------------------
# actors of a phrase


def _resolve(ctx: Context, token: Token, agent: bool = True) -> list[Actor]:
    """Actors a noun phrase names. Beyond ``ActorIndex.resolve``: relative pronouns, "we" inside a quotation (its
    speaker), "it"/"they" as doers (the latest subject naming an actor), titles whose holder the article names
    ("China's ambassador" -> Liu Xiaming), and appositions ("two Arab states - Egypt and Jordan")."""
    lower = token.lower_
    if lower in RELATIVE_PRONOUNS:
        return _relative(ctx, token)
    if lower in FIRST_PERSON and token.pos_ == "PRON":  # "us", not "the US"
        if ctx.in_quote(token) is None:
            return []
        speaker = ctx.speaker(token)
        return [speaker] if speaker else []
    if lower in GROUP_PRONOUNS and token.pos_ == "PRON":
        return _antecedent(ctx, token) if agent else []
    if lower in PERSONAL_PRONOUNS and token.pos_ == "PRON":
        people = ctx.people(token)
        return people if people is not None else ctx.actors.resolve(token)
    if is_title_head(token) and ctx.actors.at_token(token) is None:
        holder = _title_holder(ctx, token)
        if holder is not None:
            return [holder] + [a for c in token.conjuncts if c.i > token.i for a in _resolve(ctx, c, agent)]
    if token.pos_ == "NOUN":  # "Dubai's flagship carrier Emirates Airline", "Carlineo's attorney, Sonya Zoghlin"
        for child in token.children:
            if child.dep_ == "appos" and ctx.actors.at_token(child) is not None:
                return ctx.actors.resolve(child)
    found = ctx.actors.resolve(token)
    if found:
        return found
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "some", "any"} for c in token.children)
    if agent and token.pos_ == "NOUN" and definite:
        found = ctx.people(token) or []  # "the city's police deny", "the company said"
        if found:
            return found
    for child in sorted((c for c in token.children if c.dep_ == "appos"), key=lambda c: -c.i):
        found = ctx.actors.resolve(child)
        if found:
            return found
    if token.pos_ in {"NOUN", "NUM"} and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        # "tens of thousands of students throughout Indonesia", "members of the Kurdish party"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i > token.i:
                        found = _resolve(ctx, pobj, agent)
                        if found:
                            return found
    if token.pos_ == "NOUN" and token.ent_type_ == "":
        # "security forces in Guinea", "students throughout Indonesia": a group placed in a country acts for it
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "throughout", "across"}:
                for pobj in child.children:
                    place = ctx.actors.at_token(pobj)
                    if pobj.dep_ == "pobj" and place is not None and get_gazetteer().country(place.name):
                        return [place]
    return []


def _relative(ctx: Context, token: Token) -> list[Actor]:
    """"the Taliban, who have refused": the noun right before the pronoun, else the one the clause modifies."""
    i = token.i - 1
    while i >= 0 and ctx.doc[i].is_punct:
        i -= 1
    if i >= 0:
        found = ctx.actors.resolve(ctx.doc[i])
        if found:
            return found
    clause = token.head
    return ctx.actors.resolve(clause.head) if clause.dep_ in {"relcl", "acl"} else []


def _title_holder(ctx: Context, token: Token) -> Actor | None:
    """The named holder of a title phrase, when the phrase's own modifiers agree with the holder's role."""
    modifiers = [ctx.actors.at_token(c) for c in token.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
    modifiers = [m for m in modifiers if m is not None]
    if not modifiers:
        return None  # "the president" alone: ActorIndex.resolve already answers with the role holder
    holder = ctx.actors.role_holder(token)
    if holder is None:
        return None
    roles = " ".join(holder.roles).lower()
    for modifier in modifiers:
        if modifier.type == "person":
            return None
        forms = [modifier.name, *modifier.aliases]
        if (holder.country and holder.country == modifier.country) or any(f.lower() in roles for f in forms):
            return holder
    return None


def _antecedent(ctx: Context, token: Token) -> list[Actor]:
    """What "it"/"they" refers to as a doer: the subject of the verb a coordinated verb hangs from ("officials
    pushed back ... and they have attributed"), else the latest earlier subject (same or previous sentence) that
    names an actor; "it" only a single organization or place."""
    neuter = token.lower_ in {"it", "its"}
    verb = token.head
    if token.dep_ == "nsubj" and verb.dep_ == "conj":
        for child in verb.head.children:
            if child.dep_ == "nsubj" and child.lower_ not in GROUP_PRONOUNS:
                found = ctx.actors.resolve(child)
                if found and (not neuter or len(found) == 1):
                    return found
    sent = token.sent
    first = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(token.i - 1, first - 1, -1):
        candidate = ctx.doc[i]
        if candidate.dep_ not in {"nsubj", "nsubjpass"} or candidate.lower_ in GROUP_PRONOUNS | RELATIVE_PRONOUNS:
            continue
        found = ctx.actors.resolve(candidate)
        if not found:
            continue
        if neuter:
            things = [a for a in found if a.type != "person"]
            if len(things) == 1 and len(found) == 1:
                return things
            continue
        return found
    return []


def _np_actors(ctx: Context, token: Token, agent: bool = False) -> list[Actor]:
    """Actors of a noun phrase, also those deep in a compound chain ("50 Airbus A350-900 jets")."""
    if token.tag_ == "VBG":  # the small model's "The Red Cross operating in Iraq said": a gerund subject
        inner = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if inner is not None:
            token = inner
    found = _resolve(ctx, token, agent)
    if found:
        return found
    for child in token.children:
        if child.dep_ in {"compound", "nmod", "poss"} and child.i < token.i:
            for inner in child.subtree:
                actor = ctx.actors.at_token(inner)
                if actor is not None and actor not in found:
                    found.append(actor)
    return found


def _prep_actors(ctx: Context, token: Token, preps: tuple[str, ...], agent: bool = False) -> list[Actor]:
    found: list[Actor] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in {"pobj", "pcomp"}:
                    found += [a for a in _np_actors(ctx, pobj, agent) if a not in found]
    return found


def _event_participants(ctx: Context, noun: Token) -> tuple[list[Actor], list[Actor]]:
    """Source and target of an earlier event that a definite event noun refers back to ("scuttled the talks")."""
    if not any(c.dep_ == "det" and c.lower_ in {"the", "these", "those", "this", "that"} for c in noun.children):
        return [], []
    lemma = {"talks": "talk"}.get(noun.lower_, noun.lemma_.lower())
    for seen, source, target in reversed(ctx.history):
        if seen == lemma and source:
            return source, target
    return [], []


# ---------------------------------------------------------------------------------------------------------------
# roles


@dataclass
class Roles:
    source: list[Actor]
    target: list[Actor]
    anchor: Token  # the verb that carries tense, negation and date for this event
    own: bool  # some actor comes from the trigger's own dependents
    unnamed: bool = False  # the doer is a phrase naming no actor ("gunmen", "unknown attackers")


def _subject(ctx: Context, verb: Token, depth: int = 0) -> list[Actor]:
    """The doers of ``verb``: its subject, else inherited through control ("agreed to meet", "urged Vietnam to"),
    coordination ("met ... and spoke"), participles (", citing"), relative clauses and "a decision to cut"."""
    if depth > 6:
        return []
    lex = lexicon()
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    for child in subjects:  # several when the small model takes a dateline for a subject ("DUBAI, ... — X did")
        found = _np_actors(ctx, child, agent=True)
        if found or len(subjects) == 1:
            return found
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if patients and lex.cue(verb, "plan"):  # "Merkel is set to visit", "is expected to sign"
        return _np_actors(ctx, patients[0], agent=True)
    if subjects or patients:
        return []
    head = verb.head
    if head.i == verb.i:
        return []
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ in {"xcomp", "acomp"} or (verb.dep_ == "advcl" and (infinitive or verb.tag_ == "VBG")):
        if lex.cue(head, "control"):
            for child in head.children:
                if child.dep_ in {"dobj", "dative"}:
                    return _resolve(ctx, child, agent=True)
        return _subject(ctx, head, depth + 1)
    if verb.dep_ == "conj" and (_is_verb(head) or head.pos_ == "AUX"):
        return [] if _passive(head) else _subject(ctx, head, depth + 1)
    if verb.dep_ == "relcl" and not infinitive:
        return _resolve(ctx, head, agent=True)
    if verb.dep_ in {"acl", "relcl"} and (infinitive or verb.tag_ == "VBG"):
        # "the Federal Reserve's decision to cut", "finalized a deal to purchase"
        found = ctx.actors.resolve(head)
        if found:
            return found
        governor = head.head
        if head.dep_ in {"dobj", "pobj", "attr"} and governor.dep_ == "prep":
            governor = governor.head
        if _is_verb(governor):
            return _subject(ctx, governor, depth + 1)
        return []
    if verb.dep_ == "acomp" or head.pos_ == "ADJ":
        return _subject(ctx, head, depth + 1)
    if verb.tag_ in FINITE_TAGS and verb.dep_ not in {"ROOT", "ccomp", "advcl", "parataxis"}:
        # a finite verb the small model hung from a noun ("asked about the Brotherhood, called Omar ..."):
        # its subject is the closest earlier subject in the sentence
        for i in range(verb.i - 1, verb.sent.start - 1, -1):
            candidate = ctx.doc[i]
            if candidate.dep_ == "nsubj":
                return _resolve(ctx, candidate, agent=True)
    return []


def _object_actors(ctx: Context, verb: Token) -> list[Actor]:
    """Actors of a verb's objects; an object naming no actor lends the actors of its own role prepositions
    ("accepted a meeting with Putin", "pushed back on claims from Moscow") or of the event it refers back to."""
    found: list[Actor] = []
    for child in verb.children:
        if child.dep_ not in OBJECTS and child.dep_ != "dative":
            continue
        named = _np_actors(ctx, child)
        if not named:
            named = _prep_actors(ctx, child, ("with", "from", "by", "to", "on", "against", "of"))
        if not named and match_trigger(child) is not None:
            earlier_source, earlier_target = _event_participants(ctx, child)
            named = earlier_source + [a for a in earlier_target if a not in earlier_source]
        found += [a for a in named if a not in found]
    return found


def _verb_roles(ctx: Context, trig: Trigger) -> Roles:
    """Roles of a verbal trigger: subject and object, or agent and patient in the passive, plus the target
    prepositions of its type, its phrase's preposition ("called on X") and what its complement is about."""
    verb = trig.token
    kind = trig.entry.type
    preps = TARGET_PREPS.get(kind, TARGET_PREPS["default"])
    target: list[Actor] = []
    if _passive(verb):
        source = _prep_actors(ctx, verb, ("by",), agent=True)
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        for patient in patients:
            target += _resolve(ctx, patient, agent=False)
        if not patients and verb.dep_ in {"acl", "amod"}:
            target += _resolve(ctx, verb.head, agent=False)
        elif not patients and verb.dep_ == "conj":
            for child in verb.head.children:
                if child.dep_ == "nsubjpass":
                    target += _resolve(ctx, child, agent=False)
    else:
        source = _subject(ctx, verb)
        target = _object_actors(ctx, verb)
    doers = [c for c in verb.children if c.dep_ == "nsubj"] + [
        p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
    ]
    unnamed = not source and any(d.pos_ == "NOUN" and d.ent_type_ == "" for d in doers)
    own = bool(target)
    for actor in _prep_actors(ctx, verb, preps):
        if actor not in target:
            target.append(actor)
            own = True
    for partner in trig.partners:  # "called on X", "pushed back on claims from Moscow"
        if partner.dep_ == "prep":
            for pobj in partner.children:
                if pobj.dep_ == "pobj":
                    named = _np_actors(ctx, pobj) or _prep_actors(ctx, pobj, ("from", "by", "of", "with"))
                    target += [a for a in named if a not in target]
    if not target and trig.entry.flags & {"content", "wish"}:
        target = [a for a in _clause_subject(ctx, verb) if a not in source]  # "demanded that the US cancel"
    if not target and trig.entry.flags & {"future", "commit", "content", "refuse", "needcondition", "wish"}:
        target = _complement_target(ctx, verb)
    return Roles(source, target, verb, own or bool(source), unnamed)


def _clause_subject(ctx: Context, head: Token) -> list[Actor]:
    """The subject of what a request or accusation is about: "demanded that the US cancel", "claims that Ukraine
    is threatening war", "said Sudan must return"."""
    for child in head.children:
        if child.dep_ in {"ccomp", "acl"} and child.pos_ in {"VERB", "AUX"}:
            for subject in child.children:
                if subject.dep_ in {"nsubj", "nsubjpass"}:
                    return _resolve(ctx, subject, agent=True)
    return []


def _complement_target(ctx: Context, verb: Token) -> list[Actor]:
    """The target of the act a verb governs: "agreed to meet with Putin" -> Putin; "refused to negotiate peace
    with Kabul" -> Kabul; "urged an end to the violence" -> nobody."""
    for child in verb.children:
        comp: Token | None = child
        if child.dep_ == "prep" and child.lower_ in {"to", "of"}:
            comp = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
        elif child.dep_ not in {"xcomp", "ccomp", "pcomp"}:
            continue
        if comp is None or not (_is_verb(comp) or comp.pos_ == "AUX"):
            continue
        inner = match_trigger(comp)
        preps = TARGET_PREPS.get(inner.entry.type, TARGET_PREPS["default"]) if inner else TARGET_PREPS["default"]
        found = _object_actors(ctx, comp)
        found += [a for a in _prep_actors(ctx, comp, preps) if a not in found]
        for obj in comp.children:
            if obj.dep_ in OBJECTS:
                found += [a for a in _prep_actors(ctx, obj, ("with", "to", "against", "on")) if a not in found]
        if found:
            return found
    return []


def _noun_roles(ctx: Context, trig: Trigger) -> Roles:
    """Roles of an event noun: "Russia's invasion of Ukraine", "talks between X and Y", "X held talks with Y"."""
    lex = lexicon()
    noun = trig.token
    if noun.dep_ == "compound" and lex.cue(noun.head, "carrier"):
        noun = noun.head  # "launched a mediation effort between the Emirates and Saudi Arabia"
    kind = trig.entry.type
    preps = TARGET_PREPS.get(kind, TARGET_PREPS["default"])
    source: list[Actor] = []
    for child in noun.children:  # "Russian invasion", "Russia's invasion", "Biden-Putin summit"
        if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i < noun.i and child not in trig.partners:
            named = _resolve(ctx, child) if child.dep_ == "poss" else []
            if not named:
                named = [a for t in child.subtree if (a := ctx.actors.at_token(t)) is not None]
            if kind == "PROTEST":
                named = [a for a in named if a.type != "location"]  # "Hong Kong protests": where, not who
            for actor in named:
                if actor not in source:
                    source.append(actor)
    source += [a for a in _prep_actors(ctx, noun, NOUN_SOURCE_PREPS, agent=True) if a not in source]
    target = [a for a in _prep_actors(ctx, noun, preps) if a not in source]
    between = _prep_actors(ctx, noun, BETWEEN_PREPS)
    if between:
        source, target = (source or between[:1]), [a for a in between if a not in (source or between[:1])]
    own = bool(source or target)
    # the verb the noun hangs from: "held talks", "imposed sanctions", "accepted a meeting"
    anchor = noun
    while anchor.dep_ in {"conj", "appos"} and anchor.head.i != anchor.i:
        anchor = anchor.head
    governor = anchor.head
    if anchor.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if anchor.dep_ in {"dobj", "pobj", "nsubjpass", "attr", "oprd"} and (_is_verb(governor) or governor.pos_ == "AUX"):
        anchor = governor
        lender = _lender(governor)
        if not source and lender is not None:
            source = [a for a in _subject(ctx, lender) if a not in target]
        elif not target and lex.cue(governor, "undergo"):
            target = [a for a in _subject(ctx, governor) if a not in source]  # "the U.S. faced criticism"
    elif anchor.dep_ == "nsubj" and _is_verb(governor):
        anchor = governor  # "talks began", "the attack killed"
    if not target and trig.entry.flags & {"content", "wish"}:
        target = [a for a in _clause_subject(ctx, noun) if a not in source]
    if not (source or target):
        earlier_source, earlier_target = _event_participants(ctx, noun)
        if earlier_source:
            source, target = earlier_source, earlier_target
    return Roles(source, target, anchor, own or bool(source))


# ---------------------------------------------------------------------------------------------------------------
# context: skip, status


def _lender(governor: Token) -> Token | None:
    """The verb whose subject does the event its object noun names: a light verb ("held talks", "imposed
    sanctions", also through "impose punishing sanctions"), a plan ("plans a visit") or a commitment
    ("accepted a meeting", "promised aid")."""
    lex = lexicon()
    verb = governor
    for step in range(3):
        governing = match_trigger(verb)
        if lex.cue(verb, "light") or (step == 0 and (lex.cue(verb, "plan") or (
            governing is not None and governing.entry.flags & {"future", "commit"}
        ))):
            return verb
        if governing is not None or verb.dep_ not in {"xcomp", "conj"} or not _is_verb(verb.head):
            return None
        verb = verb.head
    return None


def _skip_reason(ctx: Context, trig: Trigger) -> str | None:
    """Why a trigger names no event of its own (or None): inside a condition, a hypothetical, or the content of
    a request, accusation, refusal or threat; or a commitment whose hostile complement is the real event."""
    lex = lexicon()
    token = trig.token
    if ctx.antecedent(token) is not None:
        return "condition"
    if token.ent_type_ in NAME_LABELS and (token.pos_ == "PROPN" or ctx.actors.at_token(token) is not None):
        return "name"
    if trig.kind == "noun" and token.dep_ == "compound":
        if not lex.cue(token.head, "carrier"):
            return "modifier"
        token = token.head  # "a mediation effort between X and Y": the effort carries the event
    if trig.entry.has("needcondition") and not _has_condition_below(ctx, token):
        return "no condition"
    if any(c.dep_ == "aux" and lex.cue(c, "modal") for c in token.children) and not _conditioned(ctx, token):
        return "hypothetical"  # "an invasion could begin any day"; "may halt mediation if ..." is a threat
    if trig.kind == "noun" and trig.entry.type == "AGREE" and any(
        c.dep_ in {"acl", "relcl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        and match_trigger(c) is not None for c in token.children
    ):
        return "same event"  # "a deal to purchase Boeing jets" is the purchase
    child = token
    clausal = False
    while child.head.i != child.i:
        ancestor = child.head
        dep = child.dep_
        if dep in CLAUSAL or (dep == "pobj" and child.pos_ == "VERB") or dep in {"acl", "relcl"}:
            clausal = True
        if dep not in {"conj", "cc", "appos", "nsubj", "nsubjpass"}:
            if lex.cue(ancestor, "irrealis"):
                return "hypothetical"
            governing = match_trigger(ancestor) if _is_verb(ancestor) or _is_noun(ancestor) else None
            if governing is not None:
                if governing.entry.has("wish") or (governing.entry.has("refuse") and dep in CLAUSAL | {"pobj"}):
                    return "content"
                if governing.entry.has("content") and clausal:
                    return "content"
            if dep in CLAUSAL | {"acl", "relcl", "pobj", "dobj"} and any(
                c.dep_ == "aux" and lex.cue(c, "modal") for c in ancestor.children
            ):
                return "hypothetical"
        if dep in {"advcl", "relcl", "acl"} and _purpose(child) and not lex.cue(child, "manifest") and (
            _is_verb(ancestor) or ancestor.ent_type_ in {"DATE", "TIME"}
            or (ancestor.pos_ == "NOUN" and not lex.cue(ancestor, "realized") and match_trigger(ancestor) is None)
        ):
            return "purpose"  # "launched a mission to free the hostages": intended, not done
        if dep in {"ccomp", "relcl", "advcl", "parataxis"} and not lex.cue(ancestor, "plan"):
            break  # a new clause: what governs it no longer governs the trigger
        child = ancestor
    if trig.entry.has("commit") and _hostile_below(token):
        return "threat"  # the complement becomes the THREATEN event
    return None


def _conditioned(ctx: Context, verb: Token) -> bool:
    """A condition hangs from this verb ("may halt mediation if cooperation founders")."""
    return any(c.attach == verb.i for c in ctx.conditions)


def _purpose(clause: Token) -> bool:
    """An infinitival adverbial clause: "(in order) to push for a diplomatic solution"."""
    return clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _hostile_below(token: Token) -> bool:
    """A hostile act in the complement of a commitment ("promised to impose punishing sanctions")."""
    for comp in token.children:
        if comp.dep_ != "xcomp":
            continue
        for inner in comp.subtree:
            if inner.dep_ in {"ccomp", "advcl", "relcl"} and inner.i != comp.i:
                continue
            found = match_trigger(inner)
            if found is not None and (found.entry.type in HOSTILE or found.entry.has("hostile")):
                return True
    return False


def _has_condition_below(ctx: Context, verb: Token) -> bool:
    """"warned that the government will not sit on its hands if ...": a condition inside the complement."""
    below = {t.i for c in verb.children if c.dep_ in {"ccomp", "xcomp"} for t in c.subtree}
    return any(c.tokens & below or c.attach in below for c in ctx.conditions)


def _negated(token: Token) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") or (c.dep_ == "det" and c.lower_ == "no")
        for c in token.children
    )


def _future(token: Token) -> bool:
    lex = lexicon()
    if any(c.dep_ in {"aux", "auxpass"} and lex.cue(c, "future") for c in token.children):
        return True
    return token.dep_ == "xcomp" and token.head.lemma_ == "go" and token.head.tag_ == "VBG"  # "is going to"


@dataclass
class Status:
    status: EventStatus
    kind: str
    speaker: list[Actor]
    condition: Condition | None


def _status(ctx: Context, trig: Trigger, roles: Roles) -> Status:
    """negated > claimed > conditional > planned > occurred, read from the trigger's clause and its governors;
    a hostile act that is promised or conditional becomes a THREATEN that occurred."""
    lex = lexicon()
    token, anchor = trig.token, roles.anchor
    kind = trig.entry.type
    # a noun's event is negated by its own "no" or by its light verb ("held no talks", "did not hold talks");
    # "I was not on the call" denies the speaker's presence, not the call
    negated = _negated(token) or (anchor.i != token.i and (trig.kind != "noun" or _lender(anchor) is not None)
                                  and _negated(anchor))
    planned = _future(anchor) or _future(token)
    committed = trig.entry.has("commit") and trig.kind == "verb" and kind == "THREATEN"
    claimed = False
    speaker: list[Actor] = []
    if trig.kind == "noun":
        for child in token.children:
            if child.dep_ in {"amod", "compound"}:
                planned = planned or lex.cue(child, "planned-mod")
                claimed = claimed or lex.cue(child, "claimed-mod")
        if anchor.i != token.i and token.dep_ in {"dobj", "pobj", "attr", "oprd"}:  # "accepted a meeting"
            governing = match_trigger(anchor)
            if lex.cue(anchor, "plan") or (governing is not None and governing.entry.flags & {"future", "commit"}):
                planned = True
                committed = governing is not None and governing.entry.has("commit")
    claimed = claimed or any(c.dep_ == "advmod" and lex.cue(c, "claimed-mod") for c in anchor.children)
    chain = [anchor.i]
    current = anchor
    clause_open = True
    while current.head.i != current.i:
        dep, head = current.dep_, current.head
        if dep in {"xcomp", "acomp"} or (dep == "advcl" and any(c.lower_ == "to" for c in current.children)):
            if clause_open:
                chain.append(head.i)
                governing = match_trigger(head)
                if lex.cue(head, "plan") or _future(head):
                    planned = True
                if lex.cue(head, "negate") or (_negated(head) and governing is not None):
                    negated = True
                if governing is not None and (governing.entry.flags & {"future", "commit"}):
                    planned = True
                    committed = committed or governing.entry.has("commit")
        elif dep in {"ccomp", "parataxis"} or (dep == "advcl" and head.i > current.i):
            if clause_open:
                chain.append(head.i)
            reporter = _reporter(head)
            if reporter is not None and not speaker:
                speaker = _speaker_of(ctx, reporter)
                others = not _overlaps(speaker, roles.source)
                if others and (lex.cue(reporter, "allege") or (speaker and _past_perfect(anchor))):
                    claimed = True  # "the U.S. estimates Russia has amassed", "Kyiv said Russia had shelled"
            clause_open = False
        elif dep == "conj":
            if clause_open:
                chain.append(head.i)
            if _future(head) and not any(c.dep_ in {"aux", "nsubj"} for c in current.children):
                planned = True
        elif dep in {"relcl", "acl"}:
            clause_open = False
        current = head
    modal = any(c.dep_ == "aux" and lex.cue(c, "modal") for c in anchor.children)
    condition = _governing_condition(ctx, trig, chain, planned or committed or modal or _would(anchor))
    hostile = kind in HOSTILE or trig.entry.has("hostile")
    if condition is not None and condition.marker == "unless" and kind in UNLESS_THREATS:
        hostile = True  # "will withdraw its peacekeepers unless ...": do this or else
    if hostile and (committed or condition is not None):
        return Status("occurred", "THREATEN", speaker, condition)
    if hostile and planned and not negated and speaker and _own_intention(anchor, speaker, roles.source):
        # "the farmers said they would blockade Paris": a hostile act announced by its doer is a threat
        return Status("occurred", "THREATEN", speaker, condition)
    if negated and trig.entry.has("negreject"):
        return Status("occurred", "REJECT", speaker, condition)  # "will not accept any more refugees"
    if negated:
        status: EventStatus = "negated"
    elif claimed:
        status = "claimed"
    elif condition is not None:
        status = "conditional"
    elif planned:
        status = "planned"
    else:
        status = "occurred"
    return Status(status, kind, speaker, condition)


def _own_intention(anchor: Token, speaker: list[Actor], source: list[Actor]) -> bool:
    """The speaker announces its own act: the doer is the speaker, or a pronoun standing for it."""
    if _overlaps(speaker, source):
        return True
    subject = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.pos_ == "PRON" and subject.lower_ in GROUP_PRONOUNS | PERSONAL_PRONOUNS


def _past_perfect(verb: Token) -> bool:
    """"had shelled": told by someone else in the past perfect, the act is that someone's account."""
    return verb.tag_ == "VBN" and any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"had", "'d"} for c in verb.children)


def _would(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in token.children)


def _governing_condition(ctx: Context, trig: Trigger, chain: list[int], future: bool) -> Condition | None:
    """The condition that governs the event: one attached to the event's own clause (or below it through
    prepositions: "meet ... on the condition that"), when the event is still to come."""
    anchor = chain[0]
    sentence_conditions = [c for c in ctx.conditions if c.sentence == ctx.sentence_of(trig.token)]
    for condition in sentence_conditions:
        if condition.root_level and future:
            return condition
        if condition.attach in chain and future:
            return condition
        if condition.attach != anchor and _below_through_preps(ctx.doc[anchor], condition.attach):
            return condition
    return None


def _below_through_preps(verb: Token, index: int) -> bool:
    stack = [c for c in verb.children if c.dep_ in {"prep", "npadvmod"}]
    while stack:
        token = stack.pop()
        if token.i == index:
            return True
        stack += [c for c in token.children if c.dep_ in {"prep", "pobj"}]
    return False


def _reporter(verb: Token) -> Token | None:
    """The speech verb a clause is reported by: "said", or "was clear" (a report adjective on "be")."""
    lex = lexicon()
    if lex.cue(verb, "report") or lex.cue(verb, "allege"):
        return verb
    for child in verb.children:
        if child.dep_ == "acomp" and lex.cue(child, "report"):
            return verb
    return None


def _speaker_of(ctx: Context, verb: Token) -> list[Actor]:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return _resolve(ctx, child, agent=True)
    return []


def _overlaps(a: list[Actor], b: list[Actor]) -> bool:
    return any(x is y for x in a for y in b)


# ---------------------------------------------------------------------------------------------------------------
# date and location


def _date_of(ctx: Context, roles: Roles, status: EventStatus) -> dt.date | None:
    """The day the event happened or will happen, when words attached to it fix one; never the publication date
    by default. A finished event told by a dated report ("has agreed ..., the White House announced late Sunday")
    takes the report's date: it had happened by then and the article says no more."""
    if ctx.published is None:
        return None
    tense: Tense = "future" if status in {"planned", "conditional"} else "past"
    holders = [roles.anchor]
    anchor = roles.anchor
    if status == "occurred" and anchor.dep_ == "ccomp" and anchor.tag_ in {"VBN", "VBD"}:
        holders.append(anchor.head)
    for holder in holders:
        for text in _date_phrases(holder):
            day = resolve_date(text, ctx.published, tense)
            if day is not None:
                return day
    return None


def _date_phrases(verb: Token) -> Iterator[str]:
    """Date expressions attached to a verb: "Sunday", "late Sunday", "on Feb. 12", "last week"."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "prep":
            heads = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ in {"npadvmod", "advmod", "tmod", "obl", "nmod", "dobj"}:
            heads = [child]
        else:
            continue
        for head in heads:
            if head.ent_type_ not in {"DATE", "TIME"}:
                continue
            ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
            if ent is None:
                continue
            words = ent.text
            if ent.start > 0 and doc[ent.start - 1].lower_ in {"late", "early", "earlier", "later"}:
                words = f"{doc[ent.start - 1].text} {words}"
            yield words


def _location_of(roles: Roles, trig: Trigger) -> str | None:
    """Where the event happened: a place or venue after "in"/"at" attached to the trigger, its anchor verb or
    its partner ("met with Zelensky at the Munich Security Conference"); not every place the sentence names."""
    holders = [trig.token]
    if roles.anchor.i != trig.token.i:
        holders.append(roles.anchor)
    for holder in list(holders):
        holders += [c for c in holder.children if c.dep_ in OBJECTS]
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                holders += [c for c in prep.children if c.dep_ == "pobj"]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATION_PREPS:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                if pobj.ent_type_ in LOCATION_ENTS or (prep.lower_ == "at" and pobj.ent_type_ in {"ORG", "EVENT"}):
                    return _entity_text(pobj)
    return None


def _entity_text(token: Token) -> str:
    doc = token.doc
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return token.text
    words = [t for t in ent if t.lower_ != "the"]
    return doc[words[0].i: words[-1].i + 1].text if words else ent.text


# ---------------------------------------------------------------------------------------------------------------
# assembly


def _trigger_span(trig: Trigger) -> tuple[int, int, str]:
    tokens = sorted([trig.token, *trig.partners], key=lambda t: t.i)
    if tokens[-1].i - tokens[0].i > 4:
        tokens = [trig.token]
    span = trig.token.doc[tokens[0].i: tokens[-1].i + 1]
    return span.start_char, span.end_char, span.text


def _history_key(trig: Trigger) -> str:
    """Verbs and nouns of one event share a key: "held talks" ... "the talks"; "met" ... "the meeting"."""
    lemma = trig.token.lemma_.lower()
    return {"meet": "meeting", "talk": "talk", "negotiate": "negotiation"}.get(lemma, lemma)


def _is_place(actor: Actor) -> bool:
    """A city, region or venue rather than a state: visited, not met."""
    return actor.type == "location" and get_gazetteer().country(actor.name) is None


def _event_for(ctx: Context, trig: Trigger) -> Event | None:
    """The event one trigger names, or None when it names none (see ``_skip_reason`` and the module docstring)."""
    if _skip_reason(ctx, trig) is not None:
        return None
    roles = _noun_roles(ctx, trig) if trig.kind == "noun" else _verb_roles(ctx, trig)
    if trig.kind == "noun" and trig.entry.has("needactor") and not roles.own:
        return None
    status = _status(ctx, trig, roles)
    kind = status.kind
    source = list(roles.source)
    target = [a for a in roles.target if a not in source]
    if kind == "THREATEN":
        if trig.entry.type != "THREATEN" and status.speaker:
            source = status.speaker  # a threat is made by whoever announced it ("Biden was clear that ...")
        target = [a for a in target if a not in source]
        if not target and status.condition is not None and status.condition.subject is not None:
            # the threat is aimed at whoever the condition is about ("should Russia choose war")
            target = [a for a in _resolve(ctx, status.condition.subject) if a not in source]
    if kind == "CONSULT":
        places = [a for a in target if _is_place(a)]
        if places and len(places) == len(target) and trig.entry.mode == "visit":
            return None  # a visit to a city or a site ("visited the Gush Etzion settlement bloc") meets no one
        target = [a for a in target if a not in places]
    if kind in SYMMETRIC and not target and len(source) > 1:
        source, target = source[:1], source[1:]  # "Biden and Macron spoke"
    if trig.kind == "noun" or trig.token.lemma_.lower() in {"talk", "meet", "negotiate"}:
        ctx.history.append((_history_key(trig), source, target))
    if not source and (not target or (REQUIRE_SOURCE and not roles.unnamed)):
        return None
    if trig.entry.has("needtarget") and not target and kind == trig.entry.type:
        return None  # "provided by Statista", "shares the formula": aid and exchange need a receiving side
    if trig.entry.has("needcommit") and kind == trig.entry.type and not (
        target or _has_complement(trig.token) or any(match_trigger(o) for o in _objects(trig.token))
    ):
        return None  # "promises 355 horsepower": a commitment needs something to do or someone to do it for
    if kind in VERBAL | {"AGREE"} and not target and ctx.in_quote(trig.token) is not None:
        return None  # quoted "we oppose intimidation", "we stand ready to support": no one is addressed
    for actor in (*source, *target):
        ctx.actors.mark_used(actor)
    start, end, text = _trigger_span(trig)
    confidence = _confidence(ctx, trig, roles, bool(source and target))
    return Event(
        start=start,
        end=end,
        type=kind,
        mode=trig.entry.mode if kind == trig.entry.type else None,
        source=[a.name for a in source],
        target=[a.name for a in target],
        status=status.status,
        date=_date_of(ctx, roles, status.status),
        location=_location_of(roles, trig),
        trigger=text,
        sentence=trig.token.sent.text.strip(),
        confidence=confidence,
        mentions=[Mention(start=start, end=end, text=text)],
    )


def _confidence(ctx: Context, trig: Trigger, roles: Roles, both_sides: bool) -> float:
    """A heuristic 0..1 score for consumers who want to filter, from what the dev set showed to go wrong most:
    one-sided events, nominal triggers (more often generic or hypothetical than verbs), actors borrowed from an
    earlier mention or a light verb instead of the trigger's own words, and speech inside quotation marks. Not a
    calibrated probability."""
    score = 0.45 + (0.2 if both_sides else 0.0) + (0.1 if trig.kind == "verb" else 0.0)
    score += 0.1 if roles.own else 0.0
    score -= 0.1 if ctx.in_quote(trig.token) else 0.0
    return round(min(max(score, 0.05), 0.95), 2)


def _same_event(a: Event, b: Event) -> bool:
    """Two mentions name one event: same type and actors (either order for symmetric types), compatible status
    (a planned meeting and a conditional one are one meeting; one that happened is another) and dates."""
    if a.type != b.type:
        return False
    same_sides = (set(a.source), set(a.target)) == (set(b.source), set(b.target))
    if a.type in SYMMETRIC:
        same_sides = same_sides or (set(a.source) | set(a.target)) == (set(b.source) | set(b.target))
    if not same_sides:
        return False
    future = {"planned", "conditional"}
    if a.status != b.status and not (a.status in future and b.status in future):
        return False
    if a.type in VERBAL and a.sentence != b.sentence and a.trigger.lower() != b.trigger.lower():
        return False  # "accused China" in the speech, "we oppose violations by China" later: two acts
    return a.date is None or b.date is None or a.date == b.date


def _merge(events: list[Event]) -> list[Event]:
    """One row per real event: later mentions join the first one, adding their offsets, date and location."""
    merged: list[Event] = []
    for event in events:
        for kept in merged:
            if _same_event(kept, event):
                kept.mentions.append(event.mentions[0])
                kept.date = kept.date or event.date
                kept.location = kept.location or event.location
                if STATUS_RANK[event.status] > STATUS_RANK[kept.status]:
                    kept.status = event.status  # "conditional" is the more precise "planned"
                kept.confidence = round(min(0.95, max(kept.confidence, event.confidence) + 0.05), 2)
                break
        else:
            merged.append(event)
    return merged


def find_events(doc: Doc, actors: ActorIndex, published: dt.date | None) -> list[Event]:
    """PLOVER events of one article, one row per real event, in the order of their first mention.

    ``Event.start``/``end`` are the trigger's character offsets in ``doc.text``; source and target are actor
    names; actors used are marked on ``actors`` so weak ones are emitted. Never raises on odd text: a trigger that
    fails is skipped.
    """
    ctx = Context(doc=doc, actors=actors, published=published)
    try:
        ctx.quotes = [(q.start, q.end) for q in find_quote_spans(doc.text)]
        ctx.conditions = _conditions(doc)
    except Exception:  # without quotes and conditions the events are coarser, not wrong
        log.warning("events: quotations or conditions failed", exc_info=True)
    triggers: list[Trigger] = []
    for token in doc:
        try:
            trig = match_trigger(token)
        except Exception:  # one odd parse must not cost the article its other events
            log.warning("events: matching %r at %d failed", token.text, token.idx, exc_info=True)
            continue
        if trig is not None:
            triggers.append(trig)
    # "imposed sanctions": the noun is part of the verb's phrase, not an event of its own
    partners = {p.i for trig in triggers for p in trig.partners}
    found: list[Event] = []
    for trig in triggers:
        if trig.token.i in partners:
            continue
        try:
            event = _event_for(ctx, trig)
        except Exception:  # one odd parse must not cost the article its other events
            log.warning("events: trigger %r at %d failed", trig.token.text, trig.token.idx, exc_info=True)
            continue
        if event is not None:
            found.append(event)
    return list(_merge(found))
