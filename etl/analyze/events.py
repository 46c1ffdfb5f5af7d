"""Events: who did what to whom, when and where, coded with the PLOVER event types.

The design follows the dictionary coders (TABARI, PETRARCH) in keeping the vocabulary as reviewed data, not code:
``etl/data/event_triggers.tsv`` maps verbs, verb phrases and event nouns to PLOVER types and modes, and
``etl/data/event_cues.tsv`` lists the words that decide whether an event happened (``will``, ``plans to``, ``if``,
``allegedly``) or who did it (``held talks``: the subject of "held" did the talking). Unlike those coders, roles come
from spaCy's dependency parse rather than from phrase patterns, so "was attacked by X", "talks between X and Y",
"Biden and Macron spoke" and "the Taliban, who have refused to negotiate" need no per-verb patterns.

The steps, per trigger word:

1. *context*: is the word inside a condition ("if Russia invades"), under a hypothetical ("to avoid an invasion",
   "could begin") or inside what someone is accused of, urged to do or refused ("accused China of coercion")?
   Then it is not an event of its own and is skipped.
2. *roles*: source from the subject (inherited through "agreed to meet", "and spoke", relative clauses, the verb
   a nominal event hangs from), target from the object and role-bearing prepositions; pronouns through the
   ActorIndex, "we" inside a quotation through the quotation's speaker.
3. *status*: negated, claimed, conditional, planned, else occurred; a hostile act promised or announced under a
   condition is a threat that was made (THREATEN, occurred), as FORMAT.md codes it.
4. *date* and *location* from the words attached to the trigger (dates resolved by ``etl.analyze.dates``).

Finally mentions of one real event (same type, same actors, compatible status and date) merge into one row that
keeps every mention. Events naming no actor at all are dropped: a feed row nobody did to nobody is not usable.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import Field
from spacy.tokens import Doc, Span, Token

from etl.analyze.actors import ActorIndex
from etl.analyze.dates import Tense, resolve_date
from etl.models import Actor, Event, EventStatus, Mention

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TRIGGERS_FILE = DATA_DIR / "event_triggers.tsv"
CUES_FILE = DATA_DIR / "event_cues.tsv"

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER",
}
# PLOVER's symmetric types: who is "source" and who is "target" carries no meaning
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
# hostile acts: promised, or announced under a condition, they are threats (FORMAT.md: THREATEN + occurred)
HOSTILE = {"ASSAULT", "SANCTION", "COERCE", "MOBILIZE"}

# Grammar, not vocabulary: which prepositions introduce the target of a verb or an event noun, by type.
# "talks with X", "attack on X", "support for X", "withdraw from X", "troops near X".
TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "default": ("with", "to", "against", "on", "upon", "toward", "towards"),
    "CONSULT": ("with", "to", "between"),
    "AGREE": ("with", "to", "between"),
    "COOPERATE": ("with", "to", "from", "between"),
    "SUPPORT": ("for", "to", "with", "behind"),
    "AID": ("to", "for"),
    "RETREAT": ("from", "to"),
    "REQUEST": ("on", "upon", "to", "from"),
    "ACCUSE": ("against", "on", "to", "of"),
    "REJECT": ("on", "to", "from"),
    "THREATEN": ("against", "on", "to", "with"),
    "PROTEST": ("against", "outside", "at"),
    "SANCTION": ("on", "against", "to", "for"),
    "MOBILIZE": ("near", "into", "toward", "towards", "against", "along", "to", "on"),
    "COERCE": ("to", "on", "against", "of"),
    "ASSAULT": ("on", "against", "into", "of", "in"),
    "OTHER": (),
}
# prepositions on an event noun that name its doer ("an attack by X", "claims from Moscow")
NOUN_SOURCE_PREPS = ("by", "from")
LOCATION_PREPS = ("in", "at", "near", "outside", "inside")
LOCATION_ENTS = {"GPE", "LOC", "FAC"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "dative", "obj", "attr"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis", "conj", "pcomp"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my", "ours"}
PLURAL_PRONOUNS = {"they", "them", "their"}
NEUTER_PRONOUNS = {"it", "its"}
NEGATIONS = {"not", "n't", "never", "no"}
QUOTE_PAIRS = (("“", "”"), ('"', '"'))
STATUS_RANK: dict[str, int] = {"occurred": 0, "planned": 1, "conditional": 2, "claimed": 3, "negated": 4}


class EventRecord(Event):
    """An event with every mention of it in the article (FORMAT.md: one row per real event, all mentions kept).

    A subclass so ``Document.events`` (typed ``Event``) carries the mentions to the loader without changing
    the published document shape.
    """

    mentions: list[Mention] = Field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One reviewed lexicon line."""

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
    """Triggers by part of speech and first word (verbs) or last word (nouns), and cue roles by word."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    cues: dict[str, frozenset[str]]

    def has_cue(self, word: str, role: str) -> bool:
        return role in self.cues.get(word, ())


def _rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as handle:
        lines = (line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


@cache
def lexicon() -> Lexicon:
    """The trigger and cue lists from ``etl/data``, read once per process."""
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    adjectives: dict[str, list[Entry]] = {}
    for row in _rows(TRIGGERS_FILE):
        row += [""] * (7 - len(row))
        trigger, pos, kind, mode, flags, blocked = (cell.strip() for cell in row[:6])
        if kind not in PLOVER_TYPES:
            raise ValueError(f"{TRIGGERS_FILE.name}: unknown PLOVER type {kind!r} for {trigger!r}")
        entry = Entry(
            words=tuple(trigger.lower().split()),
            pos=pos,
            type=kind,
            mode=mode or None,
            flags=frozenset(f.strip() for f in flags.split(",") if f.strip()),
            blocked=frozenset(b.strip() for b in blocked.split("|") if b.strip()),
        )
        table = {"verb": verbs, "noun": nouns, "adj": adjectives}[pos]
        key = entry.words[-1] if pos == "noun" else entry.words[0]
        table.setdefault(key, []).append(entry)
    cues: dict[str, set[str]] = {}
    for row in _rows(CUES_FILE):
        cues.setdefault(row[0].strip().lower(), set()).add(row[1].strip())

    def frozen(table: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        # phrases before single words, so "push back" wins over "back" and "call on" over "call"
        return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in table.items()}

    return Lexicon(
        verbs=frozen(verbs),
        nouns=frozen(nouns),
        adjectives=frozen(adjectives),
        cues={word: frozenset(roles) for word, roles in cues.items()},
    )


# ---------------------------------------------------------------------------------------------------------------
# trigger matching


@dataclass
class Trigger:
    """A word (and its phrase partners) that names an event."""

    token: Token
    entry: Entry
    partners: list[Token]

    @property
    def kind(self) -> str:
        return "noun" if self.entry.pos == "noun" else ("adj" if self.entry.pos == "adj" else "verb")


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def _is_noun(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and token.tag_.startswith("NN") or token.tag_ == "VBG" and (
        token.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass"} and any(c.dep_ == "det" for c in token.children)
    )


def _objects(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in OBJECTS or c.dep_ == "nsubjpass"]


def match_trigger(token: Token) -> Trigger | None:
    """The lexicon entry ``token`` triggers, with the dependents that complete a phrase, or None."""
    lex = lexicon()
    lemma, lower = token.lemma_.lower(), token.lower_
    if _is_verb(token):
        for entry in lex.verbs.get(lemma, ()):
            partners = _phrase_partners(token, entry.words[1:])
            if partners is None:
                continue
            objects = [o for o in _objects(token) if o not in partners]
            if any(o.lemma_.lower() in entry.blocked or o.lower_ in entry.blocked for o in objects):
                return None
            if entry.has("needobj") and not objects and not partners and not _passive_participle(token):
                continue
            return Trigger(token, entry, partners)
    if _is_noun(token):
        for key in (lower, lemma):
            for entry in lex.nouns.get(key, ()):
                if len(entry.words) > 1:
                    left = [c for c in token.children if c.i < token.i and c.dep_ in {"compound", "amod", "nmod"}]
                    if not all(any(c.lower_ == w or c.lemma_.lower() == w for c in left) for w in entry.words[:-1]):
                        continue
                    return Trigger(token, entry, [c for c in left if c.lower_ in entry.words or
                                                   c.lemma_.lower() in entry.words])
                return Trigger(token, entry, [])
    if token.pos_ == "ADJ":
        for entry in lex.adjectives.get(lemma, ()):
            return Trigger(token, entry, [])
    return None


def _phrase_partners(token: Token, rest: tuple[str, ...]) -> list[Token] | None:
    """The dependents that spell the rest of a phrase ("back" of "pushed back"), or None when one is missing."""
    partners: list[Token] = []
    for word in rest:
        found = None
        for child in token.children:
            if child.i > token.i and child.dep_ in {"prt", "advmod", "prep", "dobj", "acomp", "attr", "npadvmod",
                                                     "agent", "dative", "oprd"} and (
                child.lower_ == word or child.lemma_.lower() == word
            ):
                found = child
                break
        if found is None:
            return None
        partners.append(found)
    return partners


def _passive_participle(token: Token) -> bool:
    """"hostages held by the Taliban", "the town was shelled": a participle whose patient is elsewhere."""
    return token.tag_ == "VBN" and (
        token.dep_ in {"acl", "amod"} or any(c.dep_ in {"auxpass", "agent"} for c in token.children)
    )


# ---------------------------------------------------------------------------------------------------------------
# the article-level context: quotations and their speakers, condition clauses


@dataclass
class Context:
    """What every trigger of one article needs to know about the article."""

    doc: Doc
    actors: ActorIndex
    published: dt.date | None
    quotes: list[tuple[int, int]] = field(default_factory=list)
    antecedents: set[int] = field(default_factory=set)  # tokens inside "if ..." / "should X ..." clauses
    conditional_sentences: set[int] = field(default_factory=set)  # sentence starts holding a condition

    def in_quote(self, token: Token) -> tuple[int, int] | None:
        for start, end in self.quotes:
            if start <= token.idx < end:
                return start, end
        return None


def _find_quotes(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations: curly pairs, and straight quotes paired within a paragraph."""
    ranges: list[tuple[int, int]] = []
    for match in re.finditer(r"“[^”]*(?:”|$)", text, flags=re.MULTILINE):
        ranges.append((match.start(), match.end()))
    for paragraph in re.finditer(r"[^\n]+", text):
        chunk = paragraph.group()
        marks = [m.start() + paragraph.start() for m in re.finditer(r'"', chunk)]
        for a, b in zip(marks[::2], marks[1::2], strict=False):
            ranges.append((a, b + 1))
        if len(marks) % 2 == 1:  # a quotation running on into the next paragraph
            ranges.append((marks[-1], paragraph.end()))
    return sorted(ranges)


def _condition_antecedents(doc: Doc) -> tuple[set[int], set[int]]:
    """Tokens inside condition clauses, and the sentences that hold one."""
    lex = lexicon()
    inside: set[int] = set()
    sentences: set[int] = set()
    for sent in doc.sents:
        tokens = list(sent)
        for k, token in enumerate(tokens):
            lower = token.lower_
            clause: Iterable[Token] | None = None
            if lower in {"if", "unless"} and lex.has_cue(lower, "condition"):
                clause = _clause_from(token, tokens[k:])
            elif lower in {"provided", "providing"} and k + 1 < len(tokens) and tokens[k + 1].lower_ == "that":
                clause = _clause_from(token, tokens[k:])
            elif lower == "should" and token.dep_ == "aux" and k + 1 < len(tokens) and (
                tokens[k + 1].pos_ in {"PROPN", "PRON", "NOUN", "DET"} and token.head.i > token.i
                and any(c.dep_ == "nsubj" and c.i > token.i for c in token.head.children)
            ):
                clause = _clause_from(token, tokens[k:])  # "should Russia instead choose war"
            elif lower == "condition" and token.i > 0 and (
                doc[token.i - 1].lower_ == "on" or (token.i > 1 and doc[token.i - 2].lower_ == "on")
            ):
                clause = _clause_from(token, tokens[k:])
            elif lower == "as" and k + 2 < len(tokens) and tokens[k + 1].lower_ == "long" and (
                tokens[k + 2].lower_ == "as"
            ):
                clause = _clause_from(token, tokens[k:])
            if clause is not None:
                inside.update(t.i for t in clause)
                sentences.add(sent.start)
    return inside, sentences


def _clause_from(marker: Token, rest: list[Token]) -> list[Token]:
    """The condition clause opened by ``marker``: its head's subtree when the parse is sane, else the words up to
    the next comma or semicolon (the small model often attaches an inverted "should" clause as the root)."""
    head = marker.head
    if marker.lower_ == "condition":
        return [t for t in marker.subtree]
    if head.i > marker.i and head.dep_ not in {"ROOT"}:
        return [t for t in head.subtree if t.i >= marker.i]
    out: list[Token] = []
    for token in rest:
        if out and token.text in {",", ";", ":"} or token.text in {"”", '"'} and out:
            break
        out.append(token)
    return out


# ---------------------------------------------------------------------------------------------------------------
# roles


def _resolve(ctx: Context, token: Token) -> list[Actor]:
    """Actors a noun phrase names, with the pronouns the ActorIndex leaves open: relative pronouns, "we" inside a
    quotation (its speaker), "it" and "they" (the latest subject that names an actor)."""
    lower = token.lower_
    if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return ctx.actors.resolve(token.head.head)
    if lower in FIRST_PERSON:
        if ctx.in_quote(token) is not None:
            speaker = _quote_speaker(ctx, token)
            return [speaker] if speaker else []
        return []
    if lower in PLURAL_PRONOUNS or lower in NEUTER_PRONOUNS:
        return _antecedent(ctx, token)
    return ctx.actors.resolve(token)


def _antecedent(ctx: Context, token: Token) -> list[Actor]:
    """The latest subject before ``token`` (same or previous sentence) that names non-person actors: what "it" and
    "they" most often refer to in news prose ("Washington and the Taliban ... They were on the verge")."""
    sent = token.sent
    start = sent.start
    previous = ctx.doc[start - 1].sent.start if start > 0 else start
    for i in range(token.i - 1, previous - 1, -1):
        candidate = ctx.doc[i]
        if candidate.dep_ not in {"nsubj", "nsubjpass"} or candidate.lower_ in PLURAL_PRONOUNS | NEUTER_PRONOUNS:
            continue
        found = ctx.actors.resolve(candidate)
        if not found:
            continue
        if token.lower_ in NEUTER_PRONOUNS:
            things = [a for a in found if a.type != "person"]
            if len(things) == 1:
                return things
            continue
        return found
    return []


def _quote_speaker(ctx: Context, token: Token) -> Actor | None:
    """Who speaks a quotation: the subject of the nearest speech verb outside quotation marks in the quotation's
    paragraph ("“We thank the Afghan government,” said Stephanie Grisham"), else in the paragraph before."""
    lex = lexicon()
    text = ctx.doc.text
    para_start = text.rfind("\n", 0, token.idx) + 1
    para_end = text.find("\n", token.idx)
    para_end = len(text) if para_end < 0 else para_end
    best: tuple[int, Actor] | None = None
    for _ in range(2):
        span = ctx.doc.char_span(para_start, para_end, alignment_mode="expand")
        for verb in span or ():
            if not lex.has_cue(verb.lemma_.lower(), "report") or ctx.in_quote(verb) is not None:
                continue
            for child in verb.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and ctx.in_quote(child) is None:
                    found = ctx.actors.resolve(child)
                    if found:
                        distance = abs(verb.i - token.i)
                        if best is None or distance < best[0]:
                            best = (distance, found[0])
        if best is not None or para_start == 0:
            break
        para_end = para_start - 1
        para_start = text.rfind("\n", 0, para_end) + 1
    return best[1] if best else None


def _subject(ctx: Context, verb: Token, depth: int = 0) -> tuple[list[Actor], bool]:
    """Actors doing ``verb`` and whether they came from an explicit subject; inherited through control verbs,
    coordination and relative clauses ("agreed to meet", "met ... and spoke", "Macron, who had spoken")."""
    if depth > 6:
        return [], False
    for child in verb.children:
        if child.dep_ == "nsubj":
            return _resolve(ctx, child), True
    head = verb.head
    if head.i == verb.i:
        return [], False
    if verb.dep_ in {"xcomp", "advcl", "ccomp"} and verb.dep_ != "ccomp" or verb.dep_ == "acomp":
        if lexicon().has_cue(head.lemma_.lower(), "control") or any(
            lexicon().has_cue(w, "control") for w in (head.lemma_.lower(),)
        ):
            for child in head.children:
                if child.dep_ in {"dobj", "dative"}:
                    return _resolve(ctx, child), True
        if verb.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return [], False  # a finite adverbial clause has its own (unstated) subject
        return _subject(ctx, head, depth + 1)
    if verb.dep_ == "conj" and _is_verb(head):
        if any(c.dep_ == "nsubjpass" for c in head.children):
            return [], False
        return _subject(ctx, head, depth + 1)
    if verb.dep_ == "relcl":
        return ctx.actors.resolve(head), True
    if head.pos_ == "ADJ" and verb.dep_ in {"xcomp"}:
        return _subject(ctx, head, depth + 1)
    return [], False


def _prep_actors(ctx: Context, token: Token, preps: tuple[str, ...]) -> list[Actor]:
    found: list[Actor] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            for grandchild in child.children:
                if grandchild.dep_ in {"pobj", "pcomp"}:
                    found += [a for a in _resolve(ctx, grandchild) if a not in found]
    return found


def _object_actors(ctx: Context, token: Token, kind: str) -> list[Actor]:
    """Actors of a verb's objects; an object that names no actor lends the actors of its own role preps
    ("accepted a meeting with Putin", "pushed back on claims from Moscow")."""
    found: list[Actor] = []
    for child in token.children:
        if child.dep_ not in OBJECTS and child.dep_ != "dative":
            continue
        named = _resolve(ctx, child)
        if not named:
            named = _prep_actors(ctx, child, ("with", "from", "by", "to", "on", "against", "of"))
        found += [a for a in named if a not in found]
    return found


def _noun_modifier_actors(ctx: Context, noun: Token) -> list[Actor]:
    """"Russian invasion", "Russia's invasion", "Biden-Putin summit": actors that modify an event noun."""
    found: list[Actor] = []
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i < noun.i:
            for token in child.subtree:
                actor = ctx.actors.at_token(token)
                if actor is not None and actor not in found:
                    found.append(actor)
            if not found and child.dep_ == "poss":
                found += _resolve(ctx, child)
    return found


@dataclass
class Roles:
    source: list[Actor]
    target: list[Actor]
    anchor: Token  # the verb that carries tense, negation and dates for this event
    own: bool  # roles come from the trigger's own dependents (not only from the verb it hangs from)


def _verb_roles(ctx: Context, trig: Trigger) -> Roles:
    verb = trig.token
    kind = trig.entry.type
    preps = TARGET_PREPS.get(kind, TARGET_PREPS["default"])
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}
    )
    target: list[Actor] = []
    if passive:
        source = _prep_actors(ctx, verb, ("by",))
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            for pobj in agent.children:
                source += [a for a in _resolve(ctx, pobj) if a not in source]
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        for patient in patients:
            target += _resolve(ctx, patient)
        if not patients and verb.dep_ in {"acl", "amod"}:
            target += _resolve(ctx, verb.head)
        elif not patients and verb.dep_ == "conj":
            for child in verb.head.children:
                if child.dep_ == "nsubjpass":
                    target += _resolve(ctx, child)
        own = bool(source or target)
    else:
        source, own = _subject(ctx, verb)
        target = _object_actors(ctx, verb, kind)
    for actor in _prep_actors(ctx, verb, preps):
        if actor not in target:
            target.append(actor)
    for partner in trig.partners:  # "called on X", "pushed back on claims from Moscow"
        if partner.dep_ == "prep":
            for pobj in partner.children:
                if pobj.dep_ == "pobj":
                    named = _resolve(ctx, pobj) or _prep_actors(ctx, pobj, ("from", "by", "of", "with"))
                    target += [a for a in named if a not in target]
    if not target and (trig.entry.flags & {"future", "commit", "content", "refuse"}):
        target = _complement_target(ctx, verb)
    return Roles(source, target, verb, own)


def _complement_target(ctx: Context, verb: Token) -> list[Actor]:
    """The target of the event a verb governs: "agreed to meet with Putin" -> Putin; "refused to negotiate peace
    with Kabul" -> Kabul."""
    for child in verb.children:
        if child.dep_ in {"xcomp", "ccomp", "pcomp"} or (child.dep_ == "prep" and child.lower_ in {"to", "of"}):
            comp = child
            if child.dep_ == "prep":
                comp = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
                if comp is None:
                    continue
            found = _object_actors(ctx, comp, "default")
            found += [a for a in _prep_actors(ctx, comp, TARGET_PREPS["default"]) if a not in found]
            for obj in comp.children:
                if obj.dep_ in OBJECTS:
                    found += [a for a in _prep_actors(ctx, obj, ("with", "to", "against", "on")) if a not in found]
            if found:
                return found
    return []


def _noun_roles(ctx: Context, trig: Trigger) -> Roles:
    noun = trig.token
    kind = trig.entry.type
    preps = TARGET_PREPS.get(kind, TARGET_PREPS["default"])
    source = _noun_modifier_actors(ctx, noun)
    source += [a for a in _prep_actors(ctx, noun, NOUN_SOURCE_PREPS) if a not in source]
    target = [a for a in _prep_actors(ctx, noun, preps) if a not in source]
    between = _prep_actors(ctx, noun, ("between", "among"))
    if between:
        source, target = between[:1], between[1:]
    own = bool(source or target)
    # the verb the noun hangs from: "held talks", "imposed sanctions", "called for a meeting"
    anchor = noun
    while anchor.dep_ in {"conj", "appos"} and anchor.head.i != anchor.i:
        anchor = anchor.head
    governor = anchor.head
    if anchor.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if anchor.dep_ in {"dobj", "pobj", "nsubjpass", "attr", "xcomp", "ccomp"} and _is_verb(governor):
        anchor = governor
        if not source and not _is_trigger_verb(governor):
            source, _ = _subject(ctx, governor)
            source = [a for a in source if a not in target]
        elif not source and lexicon().has_cue(governor.lemma_.lower(), "light"):
            source, _ = _subject(ctx, governor)
            source = [a for a in source if a not in target]
    elif anchor.dep_ in {"nsubj"} and _is_verb(governor):
        anchor = governor  # "talks began", "the attack killed"
    return Roles(source, target, anchor, own)


def _is_trigger_verb(token: Token) -> bool:
    return _is_verb(token) and match_trigger(token) is not None


# ---------------------------------------------------------------------------------------------------------------
# context: skip, status


def _ancestors_within_sentence(token: Token) -> Iterator[tuple[Token, Token]]:
    """(child, ancestor) pairs walking up from ``token`` to the sentence root."""
    child = token
    while child.head.i != child.i:
        yield child, child.head
        child = child.head


def _skip_reason(ctx: Context, trig: Trigger) -> str | None:
    """Why a trigger names no event of its own, or None when it does."""
    lex = lexicon()
    token = trig.token
    if token.i in ctx.antecedents:
        return "condition"
    if trig.kind == "noun" and token.dep_ == "compound":
        return "modifier"
    if trig.kind == "adj" and not any(c.dep_ == "xcomp" for c in token.children):
        return "no complement"
    for aux in token.children:
        if aux.dep_ == "aux" and lex.has_cue(aux.lower_, "modal"):
            return "hypothetical"
    for child, ancestor in _ancestors_within_sentence(token):
        lemma = ancestor.lemma_.lower()
        if child.dep_ in {"conj", "appos", "cc"}:
            continue
        if lex.has_cue(lemma, "irrealis") or lex.has_cue(ancestor.lower_, "irrealis"):
            if child.dep_ not in {"nsubj", "nsubjpass"}:
                return "hypothetical"
        if child.dep_ in CLAUSE_DEPS or child.dep_ in {"pobj", "prep", "dobj"}:
            for aux in ancestor.children:
                if aux.dep_ == "aux" and lex.has_cue(aux.lower_, "modal") and child.dep_ != "conj":
                    return "hypothetical"
        governing = match_trigger(ancestor) if ancestor.i != token.i else None
        if governing is not None and child.dep_ not in {"nsubj", "nsubjpass", "agent"}:
            if governing.entry.has("content") or governing.entry.has("refuse"):
                return "content"
            if governing.entry.has("commit") and trig.entry.type not in HOSTILE:
                pass
        if child.dep_ in {"ccomp", "relcl", "advcl"} and not lex.has_cue(lemma, "plan"):
            break  # a new clause: what governs it no longer governs the trigger
    if trig.entry.pos != "noun":
        for comp in token.children:
            if comp.dep_ == "xcomp" and trig.entry.has("commit"):
                inner = match_trigger(comp)
                if inner is not None and inner.entry.type in HOSTILE:
                    return "threat" # the complement becomes the THREATEN event
    return None


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in {"never"}) for c in token.children) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children
    )


def _tense_future(token: Token) -> bool:
    lex = lexicon()
    for child in token.children:
        if child.dep_ in {"aux", "auxpass"} and lex.has_cue(child.lower_, "future"):
            return True
    # "is going to visit"
    return token.dep_ == "xcomp" and token.head.lemma_ == "go" and token.head.tag_ == "VBG"


@dataclass
class Status:
    status: EventStatus
    kind: str
    speaker: list[Actor]


def _status(ctx: Context, trig: Trigger, roles: Roles) -> Status:
    """negated > claimed > conditional > planned > occurred, read from the trigger's clause and its governors."""
    lex = lexicon()
    token, anchor = trig.token, roles.anchor
    kind = trig.entry.type
    negated = _negated(token) or (anchor.i != token.i and _negated(anchor))
    planned = _tense_future(anchor) or _tense_future(token)
    committed = False
    claimed = False
    conditional = False
    speaker: list[Actor] = []
    if trig.kind == "noun":
        for child in token.children:
            if child.dep_ in {"amod", "compound"}:
                if lex.has_cue(child.lower_, "planned-mod"):
                    planned = True
                if lex.has_cue(child.lower_, "claimed-mod"):
                    claimed = True
    for child in anchor.children:
        if child.dep_ == "advmod" and lex.has_cue(child.lower_, "claimed-mod"):
            claimed = True
    # walk up the governors of the anchor
    current = anchor
    clause_open = True
    while current.head.i != current.i:
        dep, head = current.dep_, current.head
        lemma = head.lemma_.lower()
        if dep in {"xcomp", "acomp"} or (dep == "advcl" and any(c.lower_ == "to" for c in current.children)):
            if clause_open:
                if lex.has_cue(lemma, "plan") or lex.has_cue(head.lower_, "plan"):
                    planned = True
                if lex.has_cue(lemma, "negate"):
                    negated = True
                governing = match_trigger(head)
                if governing is not None and (governing.entry.has("future") or governing.entry.has("commit")):
                    planned = True
                    committed = committed or governing.entry.has("commit")
                if governing is not None and governing.entry.pos == "adj":
                    planned = True
                    committed = committed or governing.entry.has("commit")
                if _negated(head) and governing is not None:
                    negated = True
                if _tense_future(head):
                    planned = True
        elif dep in {"ccomp", "parataxis"} or (dep == "advcl" and head.i > current.i):
            if lex.has_cue(lemma, "allege"):
                claimed = claimed or not _same(speaker_of(ctx, head), roles.source)
            if lex.has_cue(lemma, "report") or lex.has_cue(lemma, "allege"):
                if not speaker:
                    speaker = speaker_of(ctx, head)
            clause_open = False
        elif dep == "conj":
            if _tense_future(head) and not any(c.dep_ in {"aux", "nsubj"} for c in current.children):
                planned = True
        elif dep in {"relcl", "acl"} and trig.kind == "verb" and current.i == anchor.i:
            clause_open = False
        current = head
    if not planned and token.i in ctx.antecedents:
        conditional = True
    if token.sent.start in ctx.conditional_sentences and (planned or committed):
        conditional = _condition_governs(ctx, anchor)
    conditional = conditional or _on_condition(anchor)
    if kind in HOSTILE and (committed or conditional):
        return Status("occurred", "THREATEN", speaker)
    if negated:
        return Status("negated", kind, speaker)
    if claimed:
        return Status("claimed", kind, speaker)
    if conditional:
        return Status("conditional", kind, speaker)
    if planned:
        return Status("planned", kind, speaker)
    return Status("occurred", kind, speaker)


def _condition_governs(ctx: Context, anchor: Token) -> bool:
    """A condition in the sentence applies to the event when it is not itself inside a finished past clause."""
    return anchor.tag_ not in {"VBD"} or anchor.i in ctx.antecedents


def _on_condition(anchor: Token) -> bool:
    """"meet ... on the condition that": a condition attached below the verb (through prepositions)."""
    stack = [c for c in anchor.children if c.dep_ in {"prep", "advcl", "npadvmod"}]
    seen = 0
    while stack and seen < 40:
        token = stack.pop()
        seen += 1
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in token.children):
            return True
        if token.lower_ == "condition":
            return True
        stack += [c for c in token.children if c.dep_ in {"prep", "pobj"}]
    return False


def speaker_of(ctx: Context, verb: Token) -> list[Actor]:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return _resolve(ctx, child)
    return []


def _same(a: list[Actor], b: list[Actor]) -> bool:
    return bool(a) and any(x is y for x in a for y in b)


# ---------------------------------------------------------------------------------------------------------------
# date and location


def _date_of(ctx: Context, roles: Roles, status: EventStatus) -> dt.date | None:
    if ctx.published is None:
        return None
    tense: Tense = "future" if status in {"planned", "conditional"} else "past"
    for holder in _date_holders(roles.anchor):
        for text in _date_phrases(holder):
            day = resolve_date(text, ctx.published, tense)
            if day is not None:
                return day
    return None


def _date_holders(anchor: Token) -> list[Token]:
    """The anchor, and the reporting verb whose clause it is when the event is told as done ("has agreed ...,
    the White House announced late Sunday")."""
    holders = [anchor]
    if anchor.dep_ in {"ccomp"} and anchor.head.i != anchor.i and anchor.tag_ in {"VBN", "VBD"}:
        holders.append(anchor.head)
    return holders


def _date_phrases(verb: Token) -> Iterator[str]:
    """Date expressions attached to a verb: "Sunday", "late Sunday", "on Feb. 12", "last week"."""
    doc = verb.doc
    for child in verb.children:
        heads = [child]
        if child.dep_ == "prep":
            heads = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ not in {"npadvmod", "advmod", "tmod", "obl", "nmod"}:
            continue
        for head in heads:
            if head.ent_type_ not in {"DATE", "TIME"}:
                continue
            start, end = head.i, head.i + 1
            while start > 0 and doc[start - 1].ent_type_ in {"DATE", "TIME"} and doc[start - 1].ent_iob_ != "O":
                start -= 1
                if doc[start].ent_iob_ == "B":
                    break
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            words = doc[start:end].text
            if start > 0 and doc[start - 1].lower_ in {"late", "early", "earlier", "later"}:
                words = f"{doc[start - 1].text} {words}"
            yield words


def _location_of(ctx: Context, roles: Roles, trig: Trigger) -> str | None:
    """The place where the event happened: a place or venue after "in"/"at" attached to the trigger (or to its
    partner in a meeting: "met with Zelensky at the Munich Security Conference")."""
    holders = [trig.token]
    if roles.anchor.i != trig.token.i:
        holders.append(roles.anchor)
    for holder in list(holders):
        holders += [c for c in holder.children if c.dep_ in OBJECTS]
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in {"with"}:
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
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            words = [t for t in ent if t.lower_ != "the"]
            if words:
                return doc[words[0].i: words[-1].i + 1].text
    return token.text


# ---------------------------------------------------------------------------------------------------------------
# assembly


@dataclass
class _Found:
    event: EventRecord
    source_ids: frozenset[int]
    target_ids: frozenset[int]


def _sentence(doc: Doc, token: Token) -> Span:
    return token.sent


def _trigger_text(trig: Trigger) -> tuple[int, int, str]:
    tokens = sorted([trig.token, *trig.partners], key=lambda t: t.i)
    if tokens[-1].i - tokens[0].i > 4:
        tokens = [trig.token]
    doc = trig.token.doc
    span = doc[tokens[0].i: tokens[-1].i + 1]
    return span.start_char, span.end_char, span.text


def _event_for(ctx: Context, trig: Trigger) -> EventRecord | None:
    if _skip_reason(ctx, trig) is not None:
        return None
    roles = _noun_roles(ctx, trig) if trig.kind == "noun" else _verb_roles(ctx, trig)
    if trig.kind == "noun" and trig.entry.has("needactor") and not roles.own:
        return None
    if trig.entry.has("needclause") and not any(c.dep_ in {"acl", "ccomp", "relcl"} for c in trig.token.children):
        return None
    status = _status(ctx, trig, roles)
    kind = status.kind
    source = list(roles.source)
    target = [a for a in roles.target if a not in source]
    if kind == "THREATEN" and trig.entry.type != "THREATEN" and status.speaker:
        source = status.speaker  # a threat is made by whoever announced it ("Biden was clear that ...")
        target = [a for a in target if a not in source]
    if not source and not target:
        return None
    if kind in SYMMETRIC and not target and len(source) > 1:
        source, target = source[:1], source[1:]  # "Biden and Macron spoke"
    for actor in (*source, *target):
        ctx.actors.mark_used(actor)
    start, end, text = _trigger_text(trig)
    sent = _sentence(ctx.doc, trig.token)
    confidence = 0.45
    confidence += 0.2 if source and target else 0.0
    confidence += 0.1 if trig.kind == "verb" else 0.0
    confidence += 0.1 if roles.own else 0.0
    confidence -= 0.1 if ctx.in_quote(trig.token) else 0.0
    return EventRecord(
        start=start,
        end=end,
        type=kind,
        mode=trig.entry.mode if kind == trig.entry.type else None,
        source=[a.name for a in source],
        target=[a.name for a in target],
        status=status.status,
        date=_date_of(ctx, roles, status.status),
        location=_location_of(ctx, roles, trig),
        trigger=text,
        sentence=sent.text.strip(),
        confidence=round(min(max(confidence, 0.05), 0.95), 2),
        mentions=[Mention(start=start, end=end, text=text)],
    )


def _same_event(a: EventRecord, b: EventRecord) -> bool:
    """Two mentions name one event: same type and actors (either order for symmetric types), compatible status
    (a planned meeting and a conditional one are the same meeting; one that happened is another) and dates."""
    if a.type != b.type:
        return False
    sides_a, sides_b = (set(a.source), set(a.target)), (set(b.source), set(b.target))
    same_sides = sides_a == sides_b
    if a.type in SYMMETRIC:
        same_sides = same_sides or (set(a.source) | set(a.target)) == (set(b.source) | set(b.target))
    if not same_sides:
        return False
    future = {"planned", "conditional"}
    if a.status != b.status and not (a.status in future and b.status in future):
        return False
    return a.date is None or b.date is None or a.date == b.date


def _merge(events: list[EventRecord]) -> list[EventRecord]:
    merged: list[EventRecord] = []
    for event in events:
        for kept in merged:
            if _same_event(kept, event):
                kept.mentions.append(event.mentions[0])
                kept.date = kept.date or event.date
                kept.location = kept.location or event.location
                if STATUS_RANK[event.status] > STATUS_RANK[kept.status] and kept.status != "occurred":
                    kept.status = event.status  # conditional is the more precise "planned"
                kept.confidence = round(min(0.95, max(kept.confidence, event.confidence) + 0.05), 2)
                break
        else:
            merged.append(event)
    return merged


def find_events(doc: Doc, actors: ActorIndex, published: dt.date | None) -> list[Event]:
    """PLOVER events of one article, one row per real event, in text order of their first mention."""
    ctx = Context(doc=doc, actors=actors, published=published, quotes=_find_quotes(doc.text))
    ctx.antecedents, ctx.conditional_sentences = _condition_antecedents(doc)
    found: list[EventRecord] = []
    for token in doc:
        trig = match_trigger(token)
        if trig is None:
            continue
        event = _event_for(ctx, trig)
        if event is not None:
            found.append(event)
    return list(_merge(found))
