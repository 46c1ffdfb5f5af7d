"""Deterministic keys, so the same input always maps to the same rows and a re-run writes nothing new.

Articles are keyed by canonical URL; actors by a canonical key (countries by ISO code, others by type and
normalised name); derived rows by article + kind + their content + the occurrence number of that content in
the article — not by offsets, so an edit elsewhere in the article does not re-key rows it did not touch.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from etl.analyze.gazetteer import get_gazetteer
from etl.models import Actor

NAMESPACE = uuid.UUID("5b0e9a3c-4d1f-4c55-9a37-6f1e2d0c8b11")
T = TypeVar("T")


@lru_cache(maxsize=65_536)
def normalise_name(name: str) -> str:
    """Case, accents, punctuation and a leading "the" removed: "The U.S." and "U.S" compare equal.

    Remembered for the most recent names: the loader asks for the same names several times per article (keys,
    locks, alias rows), about 130 calls per article.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def article_id(canonical_url: str) -> uuid.UUID:
    """The same article whether it was reached over http or https."""
    return uuid.uuid5(NAMESPACE, f"article|{re.sub(r'^https?://', '//', canonical_url)}")


def actor_key(actor: Actor) -> str:
    """The cross-article identity of an actor: conservative, so two people called "Smith" stay apart."""
    if actor.type == "location" and actor.country:
        country = get_gazetteer().country(actor.name)
        if country is not None and country.alpha3 == actor.country:
            return f"country:{actor.country}"
    return f"{actor.type}:{normalise_name(actor.name)}"


def actor_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"actor|{key}")


def derived_id(article: uuid.UUID, kind: str, content: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{article}|{kind}|{content}")


def numbered(items: Iterable[T], content_of) -> Iterator[tuple[T, str]]:
    """Each item with its content string plus "#n", n counting earlier items of identical content."""
    seen: Counter[str] = Counter()
    for item in items:
        content = content_of(item)
        yield item, f"{content}#{seen[content]}"
        seen[content] += 1
