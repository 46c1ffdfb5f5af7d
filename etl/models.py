"""The normalized schema as pydantic models: what flows between stages and what ``newsfeed extract`` emits.

The document fields mirror ``../shared/eval/FORMAT.md``; offsets and provenance ride along as extra fields that
``Document.to_format()`` leaves out, so the evaluation JSON stays exactly the published shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ActorType = Literal["person", "organization", "location"]
StatementKind = Literal["direct", "indirect"]
EventStatus = Literal["occurred", "planned", "conditional", "threatened", "negated", "claimed"]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER",
]


class ArticleRef(BaseModel):
    """A URL discovered in a source, with whatever the source told us about it."""

    url: str
    title: str | None = None
    published: dt.datetime | None = None


class Article(BaseModel):
    """A parsed page: the clean body text and its metadata. Offsets of derived rows index into ``body``."""

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    section: str | None = None
    language: str | None = None
    body: str


class Span(BaseModel):
    """Character offsets ``[start, end)`` into the article body."""

    start: int
    end: int


class Mention(Span):
    text: str


class Actor(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    name: str
    type: ActorType
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 of the actor's country.")
    mentions: list[Mention] = Field(default_factory=list)


class Statement(Span):
    speaker: str | None
    quote: str
    kind: StatementKind
    cue: str | None = None
    addressee: str | None = Field(default=None, description="Who was told ('told CNN' -> CNN).")


class Figure(Span):
    value: float
    value_high: float | None = None
    unit: str | None = None
    object: str | None = None
    text: str
    qualifier: str | None = Field(default=None, description="'about', 'more than', 'up to', ... as written.")
    direction: Literal["up", "down"] | None = Field(default=None, description="For changes: 'fell 3%' -> down.")
    sentence_start: int | None = Field(default=None, description="Offsets of the sentence holding the figure.")
    sentence_end: int | None = None


class Event(Span):
    type: EventType
    mode: str | None = None
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    status: EventStatus = "occurred"
    date: dt.date | None = None
    location: str | None = None
    trigger: str
    sentence: str
    confidence: float = 0.5
    mentions: list[Mention] = Field(
        default_factory=list, description="Every mention of this event in the article (its trigger words)."
    )


class Document(BaseModel):
    """Everything extracted from one article."""

    id: str
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    actors: list[Actor] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def to_format(self) -> dict:
        """The document as FORMAT.md defines it: no offsets, integers where a value is whole."""
        return {
            "id": self.id,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "actors": [a.model_dump(include={"name", "type", "aliases", "roles", "country"}) for a in self.actors],
            "statements": [s.model_dump(include={"speaker", "quote", "kind", "cue"}) for s in self.statements],
            "figures": [
                {
                    "value": _number(f.value),
                    "value_high": _number(f.value_high),
                    "unit": f.unit,
                    "object": f.object,
                    "text": f.text,
                }
                for f in self.figures
            ],
            "events": [
                e.model_dump(include={"type", "source", "target", "status", "location", "trigger", "sentence"})
                | {"date": e.date.isoformat() if e.date else None}
                for e in self.events
            ],
        }


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
