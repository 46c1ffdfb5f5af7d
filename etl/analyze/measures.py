"""The reviewed word lists behind the figures extractor: currencies, units, qualifiers and cue words.

Each list lives in a commented TSV file under ``etl/data`` (people review words, not code); this module reads each
file once per process (``functools.cache``) and turns it into lookup tables keyed by lowercase token tuples, so the
extractor can match multi-word forms ("square miles", "Hong Kong dollars", "more than") token by token.
Currency codes are validated against pycountry's ISO 4217 table at load time: a typo in the data file fails loudly
instead of storing a code no consumer can join on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from etl.datafiles import data_rows

Phrase = tuple[str, ...]


class PhraseTable(dict):
    """A dict keyed by word tuples that knows its longest key, so matching tries only the lengths that exist."""

    def __init__(self, items: dict) -> None:
        super().__init__(items)
        self.max_len = max((len(k) for k in self), default=0)


@dataclass(frozen=True)
class Unit:
    """A unit of measure, percent or time: the normalised name stored in ``Figure.unit`` and its kind."""

    norm: str
    kind: str


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 code and the factor that turns the written number into the code's main unit (cents -> 0.01)."""

    code: str
    factor: float = 1.0


def phrase(text: str) -> Phrase:
    """The lookup key of a written form: lowercase words, split on spaces."""
    return tuple(text.lower().split())


def _iso_code(code: str, where: str) -> str:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"{where}: {code!r} is not an ISO 4217 currency code")
    return code


@cache
def units() -> PhraseTable:
    """units.tsv as phrase -> Unit."""
    return PhraseTable({phrase(row[0]): Unit(row[1], row[2]) for row in data_rows("units.tsv")})


@cache
def currency_words() -> PhraseTable:
    """Currencies written after the number ("20 yuan", "5 million Australian dollars")."""
    out = {}
    for row in data_rows("currencies.tsv"):
        if row[2] == "suffix":
            factor = float(row[3]) if len(row) > 3 and row[3] else 1.0
            out[phrase(row[0])] = Currency(_iso_code(row[1], "currencies.tsv"), factor)
    return PhraseTable(out)


@cache
def currency_symbols() -> dict[str, Currency]:
    """Currencies written before the number, exactly as written ("$", "US$", "£", "Rs")."""
    out = {}
    for row in data_rows("currencies.tsv"):
        if row[2] == "prefix":
            factor = float(row[3]) if len(row) > 3 and row[3] else 1.0
            out[row[0]] = Currency(_iso_code(row[1], "currencies.tsv"), factor)
    return out


@cache
def iso_codes() -> frozenset[str]:
    """ISO 4217 codes that may stand in capitals beside a number ("EUR 5m"), minus capitalised look-alikes."""
    stop = cues()["currency_code_stoplist"]
    return frozenset(c.alpha_3 for c in pycountry.currencies) - {s.upper() for s in stop}


@cache
def qualifiers() -> dict[str, PhraseTable]:
    """figure_qualifiers.tsv as {"before": {phrase: phrase as listed}, "after": {...}}."""
    out: dict[str, dict[Phrase, str]] = {"before": {}, "after": {}}
    for row in data_rows("figure_qualifiers.tsv"):
        out[row[1]][phrase(row[0])] = row[0]
    return {k: PhraseTable(v) for k, v in out.items()}


@cache
def cues() -> dict[str, frozenset[str]]:
    """figure_cues.tsv as category -> set of words (lowercase, except the stoplist of capitalised codes)."""
    grouped: dict[str, set[str]] = {}
    for row in data_rows("figure_cues.tsv"):
        if row[0] == "nominal":
            continue
        grouped.setdefault(row[0], set()).add(row[1] if row[0] == "currency_code_stoplist" else row[1].lower())
    return {k: frozenset(v) for k, v in grouped.items()}


@cache
def nominals() -> dict[str, str]:
    """Verb lemma -> the noun naming its activity ("sell" -> "sales"), from figure_cues.tsv's nominal rows."""
    return {row[1].lower(): row[2] for row in data_rows("figure_cues.tsv") if row[0] == "nominal"}


def longest(table: PhraseTable, words: list[str]) -> int:
    """Length of the longest key of ``table`` that ``words`` starts with (0 when none)."""
    best = 0
    for n in range(1, min(len(words), table.max_len) + 1):
        if tuple(words[:n]) in table:
            best = n
    return best
