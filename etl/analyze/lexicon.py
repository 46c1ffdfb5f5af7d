"""The reviewed word lists actor extraction reads, loaded once per process from ``etl/data``.

People review these lists (titles, name particles, institution nouns, context words) without reading code, so
they live in commented TSV files; this module only parses them and answers membership questions.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from spacy.tokens import Token

from etl.datafiles import data_rows


def _by_kind(name: str) -> dict[str, frozenset[str]]:
    """``kind -> words`` for a two-column ``word<TAB>kind`` file; a word may carry several kinds."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for word, kind in data_rows(name):
        kinds[kind].add(word.lower())
    return {kind: frozenset(words) for kind, words in kinds.items()}


@cache
def title_words() -> dict[str, str]:
    """``word -> "head" | "modifier" | "honorific"`` from ``titles.tsv``."""
    return {row[0]: row[1] for row in data_rows("titles.tsv")}


@cache
def title_expansions() -> dict[str, str]:
    """``abbreviation -> word`` from ``titles.tsv``'s third column ("gov." -> "governor")."""
    return {row[0]: row[2] for row in data_rows("titles.tsv") if len(row) > 2 and row[2]}


def title_forms(word: str) -> tuple[str, ...]:
    """A lowercase title word and the word it abbreviates, if any: "gov." -> ("gov.", "governor")."""
    full = title_expansions().get(word)
    return (word, full) if full else (word,)


@cache
def name_affixes() -> dict[str, frozenset[str]]:
    """Name suffixes ("Jr.") and surname particles ("von") from ``name_affixes.tsv``."""
    return _by_kind("name_affixes.tsv")


@cache
def actor_nouns() -> dict[str, frozenset[str]]:
    """Institution, place, organization-name and agent nouns from ``actor_nouns.tsv``."""
    return _by_kind("actor_nouns.tsv")


@cache
def context_words() -> dict[str, frozenset[str]]:
    """Locative prepositions, compass words, verbs of saying and credit-line phrases from ``actor_context.tsv``."""
    return _by_kind("actor_context.tsv")


def words(table: dict[str, frozenset[str]], kind: str) -> frozenset[str]:
    """One kind's words; an empty set when the file has none, so a trimmed list never breaks extraction."""
    return table.get(kind, frozenset())


def _title_kind(token: Token) -> str | None:
    """A title word's kind; a capitalised abbreviation counts written without its period too ("Lt Col", "Gov
    Eric Holcomb"; lowercase "rep" is a publicist, not a representative)."""
    words = title_words()
    word = token.lower_
    kind = words.get(word)
    if kind is None and token.is_alpha and token.text[:1].isupper():
        kind = words.get(f"{word}.")
    return kind


def is_title_head(token: Token) -> bool:
    """A word that makes a phrase a title on its own ("minister", "spokesman")."""
    return _title_kind(token) == "head"


def is_title_word(token: Token) -> bool:
    """A head or a modifier of titles ("foreign" in "Foreign Minister")."""
    return _title_kind(token) is not None


def is_honorific(token: Token) -> bool:
    """"Mr.", "Dr.": marks a person's name but is no role."""
    return _title_kind(token) == "honorific"
