"""The reviewed word lists behind the events extractor, read once per process.

``etl/data/event_triggers.tsv`` maps verbs, verb phrases, event nouns and adjectives to PLOVER types and modes, with
flags that say when a word names an event; ``etl/data/event_cues.tsv`` lists the words that decide whether an event
happened ("will", "plans to", "if", "allegedly") or who did it ("held talks"). Both files carry their own column
documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from etl.datafiles import data_rows

TRIGGERS_FILE = "event_triggers.tsv"
CUES_FILE = "event_cues.tsv"

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER",
}
FLAGS = {"content", "wish", "refuse", "commit", "future", "needobj", "needclause", "needactor", "needcomp",
         "needcondition", "labelling", "nolabel", "needmust", "hostile", "negreject", "needpair", "needtarget",
         "needcommit", "intransitive", "needother", "needperson", "noeventobj", "needtroops", "needfalse",
         "reported", "nomodifier", "needinf", "undo"}




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
    members: dict[str, tuple[str, ...]]  # "lawmaker" -> ("legislature", "congress", ...): cue role "member"

    def cue(self, token: Token, role: str) -> bool:
        return any(role in self.cues.get(form, ()) for form in word_forms(token))

    def institutions(self, token: Token) -> tuple[str, ...]:
        """The words naming the institution a member noun stands for ("prosecutors" -> "attorney", ...)."""
        return next((self.members[form] for form in word_forms(token) if form in self.members), ())


@cache
def lexicon() -> Lexicon:
    """The trigger and cue lists from ``etl/data``, read and checked once per process."""
    tables: dict[str, dict[str, list[Entry]]] = {"verb": {}, "noun": {}, "adj": {}}
    for row in data_rows(TRIGGERS_FILE):
        trigger, pos, kind, mode, flags, blocked = (*row, "", "", "", "", "", "")[:6]
        entry = Entry(
            words=tuple(trigger.lower().split()),
            pos=pos,
            type=kind,
            mode=mode or None,
            flags=frozenset(f.strip() for f in flags.split(",") if f.strip()),
            blocked=frozenset(b.strip() for b in blocked.split("|") if b.strip()),
        )
        if kind not in PLOVER_TYPES or pos not in tables or not entry.flags <= FLAGS or not entry.words:
            raise ValueError(f"{TRIGGERS_FILE}: bad line for {trigger!r} ({pos}, {kind}, {flags})")
        key = entry.words[-1] if pos == "noun" else entry.words[0]
        tables[pos].setdefault(key, []).append(entry)
    cues: dict[str, set[str]] = {}
    members: dict[str, tuple[str, ...]] = {}
    for row in data_rows(CUES_FILE):
        cues.setdefault(row[0].lower(), set()).add(row[1])
        if row[1] == "member":
            if len(row) < 3 or not row[2]:
                raise ValueError(f"{CUES_FILE}: member {row[0]!r} names no institution words")
            members[row[0].lower()] = tuple(row[2].lower().split())

    def frozen(table: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        # phrases before single words ("push back" before "back", "call on" before "call"), else file order
        return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in table.items()}

    return Lexicon(
        verbs=frozen(tables["verb"]),
        nouns=frozen(tables["noun"]),
        adjectives=frozen(tables["adj"]),
        cues={word: frozenset(roles) for word, roles in cues.items()},
        members=members,
    )


def word_forms(token: Token) -> tuple[str, ...]:
    """The lemma, the word, and a crude lemma of the word: the small model mislemmatizes ("hoped" -> "hop")."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("s", "")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            forms.append(lower[: -len(suffix)] + repl)
    return tuple(dict.fromkeys(forms))
