"""Numbers as news text writes them -> floats: digits with separators, number words, scale words.

Kept apart from ``figures.py`` because turning "three hundred and fifty thousand" or "12.9bn" into a float is a
job of its own, with its own tests, and other extractors (dates, events) may want it too. The words themselves live
in ``etl/data/number_words.tsv`` so a reviewer can add "lakh" without reading code; this module reads that file once
per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.datafiles import data_rows

# Digits as English-language news writes them: "160,000", "12.9", "0.4", ".45". A comma group must have exactly
# three digits, so "1,2" is not read as 12. Compiled once at import.
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_DIGITS_RE = re.compile(rf"(?:{DIGITS})")

WORD_KINDS = frozenset({"word", "hundred", "dozen", "scale", "abbr", "fraction"})


@dataclass(frozen=True)
class NumberWord:
    """One row of number_words.tsv: the value a word stands for and how it combines with its neighbours."""

    value: float
    kind: str


@cache
def number_words() -> dict[str, NumberWord]:
    """Lowercase word -> NumberWord; raises at first use when the data file names an unknown kind."""
    words: dict[str, NumberWord] = {}
    for row in data_rows("number_words.tsv"):
        word, value, kind = row[0], float(row[1]), row[2]
        if kind not in WORD_KINDS:
            raise ValueError(f"number_words.tsv: unknown kind {kind!r} for {word!r}")
        words[word.lower()] = NumberWord(value, kind)
    return words


def parse_digits(text: str) -> float | None:
    """'160,000' -> 160000.0, '12.9' -> 12.9; None when the text is not exactly a number in digits."""
    if not _DIGITS_RE.fullmatch(text):
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:  # pragma: no cover - the pattern admits only valid floats
        return None


def word_kind(word: str) -> NumberWord | None:
    """The number word ``word`` (any case) stands for, or None."""
    return number_words().get(word.lower())


def combine(parts: list[float | str]) -> float | None:
    """Value of a run of number parts: floats (from digits) and number/scale words, in text order.

    "three hundred and fifty thousand" -> 350000, [1.2, "billion"] -> 1.2e9, ["a", "dozen"] -> 12,
    ["two", "dozen"] -> 24, ["half", "a", "million"] -> 500000. Returns None for runs that are not one number
    (two numbers in a row, a scale with nothing to scale): the caller then keeps the parts apart.
    """
    total = 0.0
    group: float | None = None  # the part below the last scale word: "three hundred fifty" before "thousand"
    last_kind = ""
    for part in parts:
        if isinstance(part, float | int):
            if group is not None:
                return None  # "5 7": two numbers, not one
            group, last_kind = float(part), "digits"
            continue
        word = part.lower()
        if word in {"a", "an"}:
            if group is None:
                group = 1.0
                last_kind = "article"
            elif last_kind == "fraction":  # "half a million" keeps the half
                last_kind = "article"
            elif last_kind in {"word", "digits", "hundred", "and"}:
                last_kind = "and a"  # "five and a half": only "half" may follow
            else:
                return None
            continue
        if word == "and":
            last_kind = "and" if last_kind in {"word", "digits"} else last_kind
            continue
        if word == "-":
            continue
        entry = word_kind(word)
        if entry is None:
            return None
        if last_kind == "and a" and entry.kind != "fraction":
            return None
        if entry.kind == "word":
            if group is None:
                group = entry.value
            elif last_kind == "hundred" or (
                last_kind == "word" and group >= 20 and group % 10 == 0 and group < 100 and entry.value < 10
            ):
                group += entry.value  # "three hundred fifty", "twenty five"
            else:
                return None  # "five three", "twenty thirty", "a five": two numbers or none
        elif entry.kind in {"hundred", "dozen"}:
            group = (group if group is not None else 1.0) * entry.value
        elif entry.kind in {"scale", "abbr"}:
            total += (group if group is not None else 1.0) * entry.value
            group = None
        elif entry.kind == "fraction":
            if last_kind == "and a" and group is not None:
                group += entry.value  # "five and a half", "two-and-a-half million"
            elif group is not None:
                return None
            else:
                group = entry.value
        last_kind = entry.kind
    if group is None and total == 0.0 and last_kind not in {"scale", "abbr"}:
        return None
    return total + (group or 0.0)
