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
from dataclasses import dataclass

import psycopg

from etl.models import Actor
from etl.store import keys

NAME_LOCK = 7_300_003


@dataclass(frozen=True)
class Resolution:
    actor_id: uuid.UUID
    reason: str


def resolve_actors(conn: psycopg.Connection, article_id: uuid.UUID, actors: list[Actor]) -> list[uuid.UUID]:
    """The actor row of each actor of an article (created or completed as needed), aliases recorded."""
    names = sorted({key for actor in actors for key in _name_keys(actor)})
    for name in names:
        conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (NAME_LOCK, name))
    ids = []
    for actor in actors:
        found = _resolve(conn, actor)
        _record_aliases(conn, article_id, found, actor)
        ids.append(found.actor_id)
    return ids


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


def _insert(conn: psycopg.Connection, actor: Actor, key: str) -> uuid.UUID:
    """A new actor row. Its id comes from its key, unless a completed surname-only row already holds that id."""
    surname = _surname(actor.name) if actor.type == "person" else None
    for attempt in range(100):
        actor_id = keys.actor_id(key if attempt == 0 else f"{key}#{attempt}")
        inserted = conn.execute(
            """INSERT INTO news.actors (actor_id, canonical_key, name, type, country, surname)
               VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (actor_id) DO NOTHING RETURNING actor_id""",
            (actor_id, key, actor.name, actor.type, actor.country, surname),
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
    rows = conn.execute(
        """SELECT DISTINCT a.actor_id, a.name FROM news.actors a
           LEFT JOIN news.actor_aliases al ON al.actor_id = a.actor_id AND al.alias_key = %(name)s
           WHERE a.type = %(type)s AND (al.actor_id IS NOT NULL OR (%(single)s AND a.surname = %(name)s))""",
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


def _record_aliases(conn: psycopg.Connection, article_id: uuid.UUID, found: Resolution, actor: Actor) -> None:
    rows = [(found.actor_id, actor.name, keys.normalise_name(actor.name), found.reason, article_id)]
    rows += [(found.actor_id, alias, keys.normalise_name(alias),
              f"named {alias!r} beside {actor.name!r} in the same article", article_id) for alias in actor.aliases]
    with conn.cursor() as cur:
        cur.executemany(
            """INSERT INTO news.actor_aliases (actor_id, alias, alias_key, reason, first_article_id)
               VALUES (%s, %s, %s, %s, %s) ON CONFLICT (actor_id, alias) DO NOTHING""",
            rows,
        )
