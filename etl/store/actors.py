"""Cross-article actor identity: one ``news.actors`` row per real-world actor, joined conservatively, with a reason.

Within an article the extractor already joined "Psaki" to "Jen Psaki". Across articles this module decides, for
each actor of a new article, which existing row it is:

1. the same canonical key (countries by ISO code, others by type and normalised name) -> that row;
2. otherwise a name that exactly one known actor of the same type already answers to (an alias, or for a
   surname alone, the surname of exactly one known person) -> that row; a one-word "organization" that is the
   surname of exactly one known person is that person (spaCy types "Psaki said" as an organization);
3. a full name whose surname earlier articles used alone, when no other known person has that surname -> the
   surname-only row is completed with the full name;
4. otherwise a new row. Two people called "Smith" are never joined on the surname alone.

Every alias row records why the form was joined to its actor. Loaders resolving the same names take an advisory
lock per name (in sorted order, so they cannot deadlock), so concurrent loaders never create twins.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import psycopg

from etl.models import Actor
from etl.store import keys

NAME_LOCK = 7_300_003
ActorRow = tuple[uuid.UUID, str, str, str, str | None, str | None]


@dataclass(frozen=True)
class Resolution:
    actor_id: uuid.UUID
    reason: str


def resolve_actors(
    conn: psycopg.Connection, batch: list[tuple[uuid.UUID, list[Actor]]]
) -> list[list[uuid.UUID]]:
    """The actor row of each actor of each article in ``batch`` (created or completed as needed), aliases recorded.

    Most actors of a running feed are known by their canonical key, and most of the others are plainly new: no
    known actor, in the database or earlier in the batch, answers to their name or surname. Those two kinds are
    settled with a few queries for the whole batch, and their rows, aliases and countries written with one
    statement each. Only an actor that might be joined by name takes the one-by-one path, after what the batch
    found so far is written, so the answer is the one loading the articles one at a time would give.
    """
    names = sorted({key for _, actors in batch for actor in actors for key in _name_keys(actor)})
    conn.execute(
        "SELECT count(pg_advisory_xact_lock(%s, hashtext(name))) FROM unnest(%s::text[]) AS name",
        (NAME_LOCK, names),
    )
    keyed = [(article_id, [(actor, keys.actor_key(actor)) for actor in actors]) for article_id, actors in batch]
    wanted = list({key for _, actors in keyed for _, key in actors})
    known = dict(conn.execute(
        "SELECT canonical_key, actor_id FROM news.actors WHERE canonical_key = ANY(%s)", (wanted,)
    ).fetchall())
    names_in_use = _NamesInUse.of(conn, [a for _, actors in keyed for a, key in actors if key not in known])
    pending = _Pending()
    ids = []
    for article_id, actors in keyed:
        article_ids = []
        for actor, key in actors:
            if key in known:
                found = Resolution(known[key], "canonical name")
                if actor.country:
                    pending.countries.setdefault(found.actor_id, actor.country)
            elif names_in_use.might_name(actor, key):
                pending.write(conn)
                found = _resolve(conn, actor)
            else:
                found = Resolution(keys.actor_id(key), "canonical name")
                pending.actors.append(_actor_row(found.actor_id, key, actor))
            known[key] = found.actor_id
            names_in_use.add(actor)
            pending.aliases += _alias_rows(article_id, found, actor)
            article_ids.append(found.actor_id)
        ids.append(article_ids)
    pending.write(conn)
    return ids


@dataclass
class _NamesInUse:
    """Normalised names and surnames that known actors (in the database or earlier in the batch) answer to."""

    aliases: set[str]
    surnames: set[str]

    @classmethod
    def of(cls, conn: psycopg.Connection, unknown: list[Actor]) -> _NamesInUse:
        """Only the names the batch's unknown actors could be joined by are looked up."""
        names = list({keys.normalise_name(a.name) for a in unknown})
        surnames = list({*names, *(_surname(a.name) for a in unknown if a.type == "person")})
        return cls(
            {r[0] for r in conn.execute(
                "SELECT DISTINCT alias_key FROM news.actor_aliases WHERE alias_key = ANY(%s)", (names,))},
            {r[0] for r in conn.execute(
                "SELECT DISTINCT surname FROM news.actors WHERE surname = ANY(%s)", (surnames,))},
        )

    def might_name(self, actor: Actor, key: str) -> bool:
        """Whether ``_resolve`` could join this actor to a known one by name (else it is plainly new)."""
        if key.startswith("country:"):
            return False
        name = keys.normalise_name(actor.name)
        words = name.split()
        return (name in self.aliases or (len(words) == 1 and name in self.surnames)
                or (actor.type == "person" and len(words) >= 2 and words[-1] in self.surnames))

    def add(self, actor: Actor) -> None:
        self.aliases |= {keys.normalise_name(form) for form in (actor.name, *actor.aliases)}
        if actor.type == "person":
            self.surnames.add(_surname(actor.name))


@dataclass
class _Pending:
    """New actors, country fills and alias rows gathered for the batch, written together."""

    actors: list[ActorRow] = field(default_factory=list)
    countries: dict[uuid.UUID, str] = field(default_factory=dict)  # the first country the batch gave
    aliases: list[tuple[uuid.UUID, str, str, str, uuid.UUID]] = field(default_factory=list)

    def write(self, conn: psycopg.Connection) -> None:
        if self.actors:
            conn.execute(
                """INSERT INTO news.actors (actor_id, canonical_key, name, type, country, surname)
                   SELECT * FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])""",
                [list(column) for column in zip(*self.actors, strict=True)],
            )
        if self.countries:
            conn.execute(
                """UPDATE news.actors a SET country = f.country
                   FROM unnest(%s::uuid[], %s::text[]) AS f(actor_id, country)
                   WHERE a.actor_id = f.actor_id AND a.country IS NULL""",
                (list(self.countries), list(self.countries.values())),
            )
        if self.aliases:
            conn.execute(
                """INSERT INTO news.actor_aliases (actor_id, alias, alias_key, reason, first_article_id)
                   SELECT * FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::text[], %s::uuid[])
                   ON CONFLICT (actor_id, alias) DO NOTHING""",
                [list(column) for column in zip(*self.aliases, strict=True)],
            )
        self.actors.clear()
        self.countries.clear()
        self.aliases.clear()


def _name_keys(actor: Actor) -> set[str]:
    forms = [actor.name, *actor.aliases]
    found = {keys.normalise_name(f) for f in forms} - {""}
    if actor.type == "person":
        found |= {_surname(actor.name)}
    return found


def _surname(name: str) -> str:
    words = keys.normalise_name(name).split()
    return words[-1] if words else ""


def _resolve(conn: psycopg.Connection, actor: Actor) -> Resolution:
    key = keys.actor_key(actor)
    row = conn.execute("SELECT actor_id FROM news.actors WHERE canonical_key = %s", (key,)).fetchone()
    if row:
        conn.execute(
            "UPDATE news.actors SET country = %s WHERE actor_id = %s AND country IS NULL AND %s::text IS NOT NULL",
            (actor.country, row[0], actor.country),
        )
        return Resolution(row[0], "canonical name")
    if not key.startswith("country:"):
        known = _known_by_name(conn, actor)
        if known is None and _maybe_surname(actor):
            known = _known_by_name(conn, actor.model_copy(update={"type": "person"}))
        if known is not None:
            return known
    if actor.type == "person" and len(keys.normalise_name(actor.name).split()) >= 2:
        completed = _complete_surname_only(conn, actor, key)
        if completed is not None:
            return completed
    return Resolution(_insert(conn, actor, key), "canonical name")


def _actor_row(actor_id: uuid.UUID, key: str, actor: Actor) -> ActorRow:
    """A ``news.actors`` row: id, canonical key, name, type, country, and the surname people are joined by."""
    surname = _surname(actor.name) if actor.type == "person" else None
    return actor_id, key, actor.name, actor.type, actor.country, surname


def _insert(conn: psycopg.Connection, actor: Actor, key: str) -> uuid.UUID:
    """A new actor row. Its id comes from its key, unless a completed surname-only row already holds that id."""
    for attempt in range(100):
        actor_id = keys.actor_id(key if attempt == 0 else f"{key}#{attempt}")
        inserted = conn.execute(
            """INSERT INTO news.actors (actor_id, canonical_key, name, type, country, surname)
               VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (actor_id) DO NOTHING RETURNING actor_id""",
            _actor_row(actor_id, key, actor),
        ).fetchone()
        if inserted:
            return actor_id
    raise RuntimeError(f"no free actor id for {key!r}")


def _maybe_surname(actor: Actor) -> bool:
    """A one-word "organization" is often a surname spaCy mistyped ("Psaki said"): worth asking known people."""
    return actor.type == "organization" and len(keys.normalise_name(actor.name).split()) == 1 and actor.name.istitle()


def _known_by_name(conn: psycopg.Connection, actor: Actor) -> Resolution | None:
    """The one known actor of this type already called this name; None when none or several are."""
    name = keys.normalise_name(actor.name)
    single_word = actor.type == "person" and " " not in name
    # Two indexed lookups (alias key, surname) joined by UNION: one join with "alias OR surname" made Postgres
    # scan every actor of the type, a cost per call that grew with the table (82 ms at 200,000 actors).
    rows = conn.execute(
        """SELECT a.actor_id, a.name FROM news.actors a JOIN news.actor_aliases al ON al.actor_id = a.actor_id
           WHERE al.alias_key = %(name)s AND a.type = %(type)s
           UNION
           SELECT actor_id, name FROM news.actors WHERE %(single)s AND surname = %(name)s AND type = %(type)s""",
        {"name": name, "type": actor.type, "single": single_word},
    ).fetchall()
    if len(rows) != 1:
        return None  # unknown, or ambiguous: two people called "Smith" are not joined without more evidence
    actor_id, known_name = rows[0]
    what = "the surname" if single_word and keys.normalise_name(known_name) != name else "a name"
    return Resolution(actor_id, f"{actor.name!r} is {what} of {known_name!r} and of no other known {actor.type}")


def _complete_surname_only(conn: psycopg.Connection, actor: Actor, key: str) -> Resolution | None:
    """Earlier articles named this person by surname only; if nobody else has that surname, it is the same one."""
    surname = _surname(actor.name)
    rows = conn.execute(
        "SELECT actor_id, canonical_key FROM news.actors WHERE type = 'person' AND surname = %s", (surname,)
    ).fetchall()
    if len(rows) != 1 or rows[0][1] != f"person:{surname}":
        return None
    conn.execute(
        "UPDATE news.actors SET name = %s, canonical_key = %s, country = COALESCE(country, %s) WHERE actor_id = %s",
        (actor.name, key, actor.country, rows[0][0]),
    )
    return Resolution(rows[0][0], f"earlier articles named {actor.name!r} by surname only, and no other known "
                                  f"person has the surname {surname!r}")


def _alias_rows(
    article_id: uuid.UUID, found: Resolution, actor: Actor
) -> list[tuple[uuid.UUID, str, str, str, uuid.UUID]]:
    rows = [(found.actor_id, actor.name, keys.normalise_name(actor.name), found.reason, article_id)]
    rows += [(found.actor_id, alias, keys.normalise_name(alias),
              f"named {alias!r} beside {actor.name!r} in the same article", article_id) for alias in actor.aliases]
    return rows
