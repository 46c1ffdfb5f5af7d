"""Person names within one article: which short forms ("Psaki", "von Weizsäcker", "Liu") belong to which full name.

News prose introduces a person once by full name and then uses the surname (or, for many Asian names written
surname first, the first word). Two people may share a surname ("Richard von Weizsäcker" and his son "Fritz
Eckart von Weizsäcker"); a bare surname then means the one named most recently, which is how reporters write.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from etl.analyze.lexicon import name_affixes, words

POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])$")


def strip_possessive(text: str) -> str:
    """"Cruz’s" -> "Cruz", "Weeks’" -> "Weeks"; other text unchanged."""
    return POSSESSIVE.sub("", text)


def name_parts(text: str) -> list[str]:
    """The words of a name without a possessive ending."""
    return [part for part in strip_possessive(text.strip()).split() if part]


def _suffixes() -> frozenset[str]:
    return words(name_affixes(), "suffix")


def _particles() -> frozenset[str]:
    return words(name_affixes(), "particle")


def core_parts(parts: list[str]) -> list[str]:
    """The name without trailing suffixes ("Jr.", "III")."""
    suffixes = _suffixes()
    end = len(parts)
    while end > 1 and parts[end - 1].lower().rstrip(",") in suffixes:
        end -= 1
    return [part.rstrip(",") for part in parts[:end]]


def _is_particle(part: str) -> bool:
    """"von", "bin", "al-": only written in lowercase; "Ben Sasse" and "Al Gore" start with given names."""
    return part.islower() and part in _particles()


def surname_parts(parts: list[str]) -> list[str]:
    """The surname with its lowercase particles: "Fritz Eckart von Weizsäcker" -> ["von", "Weizsäcker"]."""
    core = core_parts(parts)
    if not core:
        return []
    start = len(core) - 1
    while start > 1 and _is_particle(core[start - 1]):
        start -= 1
    return core[start:]


def is_full_name(parts: list[str]) -> bool:
    """A given name plus a surname; "von Weizsäcker" (particle + surname) is a short form."""
    core = core_parts(parts)
    if len(core) < 2:
        return False
    return not _is_particle(core[0])


def full_key(parts: list[str]) -> str:
    """One key per person however the full name is written: given name + surname, initials and suffixes dropped."""
    core = core_parts(parts)
    return " ".join([core[0], *surname_parts(parts)]).lower()


@dataclass
class _FullName:
    key: str
    first: str
    surname: str
    core: tuple[str, ...]
    positions: list[int] = field(default_factory=list)


class PersonNames:
    """The article's full names and the rule that maps any person form, at a position, to one of them.

    A two-word form that ends a longer name ("Hawk Sawyer" after "Kathleen Hawk Sawyer") is that person too, in
    whichever order the two appear.
    """

    def __init__(self) -> None:
        self._full: dict[str, _FullName] = {}
        self._merged: dict[str, str] = {}  # key of a tail form -> key of the longer name it ends
        self._singles: set[str] = set()

    def add(self, text: str, position: int) -> None:
        """Register a form seen as a person at character ``position``."""
        parts = name_parts(text)
        if not parts:
            return
        if not is_full_name(parts):
            self._singles.add(" ".join(core_parts(parts)).lower())
            return
        core = tuple(part.lower() for part in core_parts(parts))
        owner = self._longer_owner(core) or self._initialled_owner(parts)
        if owner is not None:
            self._merged[full_key(parts)] = owner.key
            owner.positions = sorted([*owner.positions, position])
            return
        key = full_key(parts)
        entry = self._full.get(key)
        if entry is None:
            entry = self._full[key] = _FullName(
                key=key, first=parts[0].lower(), surname=" ".join(surname_parts(parts)).lower(), core=core
            )
        entry.positions = sorted([*entry.positions, position])
        for other in list(self._full.values()):
            initialled = (other is not entry and other.surname == entry.surname and _initial(other.first)
                          and not _initial(entry.first) and entry.first.startswith(_initial(other.first)))
            if initialled or (len(other.core) < len(core) and core[-len(other.core):] == other.core):
                entry.positions = sorted(entry.positions + other.positions)
                del self._full[other.key]
                self._merged[other.key] = key
                for short, long in self._merged.items():
                    if long == other.key:
                        self._merged[short] = key

    def _initialled_owner(self, parts: list[str]) -> _FullName | None:
        """"B. U. Nzeribe" after "Benjamin Nzeribe": a given name written as an initial, the one person it fits."""
        initial = _initial(parts[0])
        if not initial:
            return None
        surname = " ".join(surname_parts(parts)).lower()
        owners = [e for e in self._full.values()
                  if e.surname == surname and e.first.startswith(initial) and not _initial(e.first)]
        return owners[0] if len(owners) == 1 else None

    def _longer_owner(self, core: tuple[str, ...]) -> _FullName | None:
        owners = [e for e in self._full.values() if len(e.core) > len(core) and e.core[-len(core):] == core]
        return owners[0] if len(owners) == 1 else None

    def knows(self, text: str) -> bool:
        """Whether ``text`` names a person seen in this article (full name, surname or first name)."""
        return self.key(text, 0) is not None

    def surnames(self) -> set[str]:
        """Surnames and single-word names of this article's people, lowercased."""
        return {entry.surname for entry in self._full.values()} | self._singles

    def key(self, text: str, position: int) -> str | None:
        """The person key for ``text`` seen at ``position``, or None when no person of the article has that name."""
        parts = name_parts(text)
        if not parts:
            return None
        if is_full_name(parts):
            key = full_key(parts)
            key = self._merged.get(key, key)
            if key in self._full:
                return key
        short = " ".join(core_parts(parts)).lower()
        by_surname = [e for e in self._full.values() if e.surname == short]
        if by_surname:
            return _nearest(by_surname, position).key
        by_first = [e for e in self._full.values() if e.first == short and " " not in short]
        if by_first:
            return _nearest(by_first, position).key
        if short in self._singles:
            return short
        return None


def has_initial(text: str) -> bool:
    """Whether a name's given name is written as an initial ("B. U. Nzeribe", "J. Smith")."""
    parts = name_parts(text)
    return len(parts) > 1 and bool(_initial(parts[0]))


def _initial(part: str) -> str:
    """The letter of a given name written as an initial ("B.", "J"), lowercased; "" for a written-out name."""
    letters = part.replace(".", "")
    return letters.lower() if len(letters) == 1 and letters.isalpha() else ""


def _nearest(candidates: list[_FullName], position: int) -> _FullName:
    """The full name mentioned last before ``position``; the first one after it when none comes before."""
    best: tuple[int, _FullName] | None = None
    for entry in candidates:
        index = bisect_left(entry.positions, position + 1) - 1
        if index >= 0 and (best is None or entry.positions[index] > best[0]):
            best = (entry.positions[index], entry)
    if best is not None:
        return best[1]
    return min(candidates, key=lambda entry: entry.positions[0] if entry.positions else 0)
