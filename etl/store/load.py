"""Loading one analyzed article into Postgres: one transaction, deterministic keys, only real changes written.

For every table the loader reads the article's current rows, compares them with the new ones by key and
applies the difference (insert, update, delete). Loading an unchanged article therefore writes nothing — no
row versions, no change-feed entries — and a changed article replaces exactly the rows that changed.

A derived row's ``extractor_version`` is the version that produced its current content: re-analysis by a newer
extractor that reaches the same result leaves the row alone, while the article row records the newest version
that analyzed the article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from etl import EXTRACTOR_VERSION
from etl.models import Article, Document, Mention
from etl.store import keys
from etl.store.actors import resolve_actors

Row = dict[str, object]


@dataclass
class LoadedArticle:
    """What happened to one article: its key and how many rows each table gained, changed or lost."""

    article_id: uuid.UUID
    changes: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(self.changes.values())


@dataclass(frozen=True)
class _Table:
    name: str
    key: tuple[str, ...]
    scope: str  # column that ties rows to the article

    def select(self, columns: Sequence[str]) -> sql.Composed:
        return sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%s)").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), self.ident, sql.Identifier(self.scope)
        )

    @property
    def ident(self) -> sql.Identifier:
        return sql.Identifier("news", self.name)


ARTICLE_ACTORS = _Table("article_actors", ("article_id", "actor_id"), "article_id")
MENTIONS = _Table("mentions", ("mention_id",), "article_id")
STATEMENTS = _Table("statements", ("statement_id",), "article_id")
FIGURES = _Table("figures", ("figure_id",), "article_id")
EVENTS = _Table("events", ("event_id",), "article_id")
EVENT_ACTORS = _Table("event_actors", ("event_id", "role", "actor_id"), "event_id")
EVENT_MENTIONS = _Table("event_mentions", ("event_id", "start_char"), "event_id")


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def load_article(
    conn: psycopg.Connection,
    article: Article,
    document: Document | None,
    *,
    source_id: int | None,
    fetched_at: dt.datetime,
    page_url: str | None = None,
) -> LoadedArticle:
    """Write ``article`` and its derived rows in one transaction; ``document`` None means "not analyzed"."""
    canonical = article.canonical_url or article.url or page_url
    if not canonical:
        raise ValueError("an article needs a URL to be keyed")
    loaded = LoadedArticle(keys.article_id(canonical))
    with conn.transaction():
        written = _upsert_article(conn, loaded.article_id, canonical, article, source_id, fetched_at)
        loaded.changes["articles"] += written
        if document is not None:
            _load_document(conn, loaded, document)
        if page_url is not None:
            conn.execute(
                "UPDATE news.raw_pages SET parse_state = 'done', claimed_at = NULL, claimed_by = NULL, article_id = %s"
                " WHERE url = %s",
                (loaded.article_id, page_url),
            )
    return loaded


def _upsert_article(
    conn: psycopg.Connection,
    article_key: uuid.UUID,
    canonical: str,
    article: Article,
    source_id: int | None,
    fetched_at: dt.datetime,
) -> int:
    row = {
        "article_id": article_key,
        "url": article.url or canonical,
        "canonical_url": canonical,
        "source_id": source_id,
        "title": article.title,
        "authors": article.authors,
        "published_at": _aware(article.published),
        "modified_at": _aware(article.modified),
        "section": article.section,
        "language": article.language,
        "body": article.body,
        "content_sha256": body_sha256(article.body),
        "extractor_version": EXTRACTOR_VERSION,
        "fetched_at": fetched_at,
    }
    content = [c for c in row if c not in {"article_id", "fetched_at"}]
    query = sql.SQL(
        "INSERT INTO news.articles ({cols}) VALUES ({vals}) ON CONFLICT (article_id) DO UPDATE SET {sets},"
        " fetched_at = EXCLUDED.fetched_at, processed_at = now() WHERE ({old}) IS DISTINCT FROM ({new})"
    ).format(
        cols=sql.SQL(", ").join(map(sql.Identifier, row)),
        vals=sql.SQL(", ").join(sql.Placeholder(c) for c in row),
        sets=sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in content),
        old=sql.SQL(", ").join(sql.Identifier("articles", c) for c in content),
        new=sql.SQL(", ").join(sql.Identifier("excluded", c) for c in content),
    )
    return conn.execute(query, row).rowcount


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """Pages that give a time without a zone are read as UTC, whatever the database session's time zone is."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _load_document(conn: psycopg.Connection, loaded: LoadedArticle, document: Document) -> None:
    article_key = loaded.article_id
    actor_ids = resolve_actors(conn, article_key, document.actors)
    by_name = {actor.name: actor_ids[i] for i, actor in enumerate(document.actors)}
    version = EXTRACTOR_VERSION

    article_actors = [
        {"article_id": article_key, "actor_id": actor_ids[i], "name": a.name, "roles": a.roles,
         "country": a.country, "extractor_version": version}
        for i, a in enumerate(document.actors)
    ]
    mentions = [
        {"mention_id": keys.derived_id(article_key, "mention", content), "article_id": article_key,
         "actor_id": actor_ids[i], "surface": m.text, "start_char": m.start, "end_char": m.end,
         "extractor_version": version}
        for i, actor in enumerate(document.actors)
        for m, content in keys.numbered(actor.mentions, lambda m, a=actor: f"{keys.actor_key(a)}|{m.text}")
    ]
    statements = [
        {"statement_id": keys.derived_id(article_key, "statement", content), "article_id": article_key,
         "speaker_actor_id": by_name.get(s.speaker) if s.speaker else None, "speaker_name": s.speaker,
         "quote": s.quote, "kind": s.kind, "cue": s.cue, "addressee": s.addressee,
         "start_char": s.start, "end_char": s.end, "extractor_version": version}
        for s, content in keys.numbered(document.statements, lambda s: f"{s.kind}|{s.quote}")
    ]
    figures = [
        {"figure_id": keys.derived_id(article_key, "figure", content), "article_id": article_key,
         "value": f.value, "value_high": f.value_high, "unit": f.unit, "qualifier": f.qualifier,
         "direction": f.direction, "object": f.object, "text": f.text, "start_char": f.start, "end_char": f.end,
         "sentence_start": f.sentence_start, "sentence_end": f.sentence_end, "extractor_version": version}
        for f, content in keys.numbered(document.figures, lambda f: f"{f.text}|{f.value}")
    ]
    events, event_actors, event_mentions = [], [], []
    for e, content in keys.numbered(document.events, lambda e: f"{e.type}|{e.trigger}|{e.sentence}"):
        event_key = keys.derived_id(article_key, "event", content)
        for mention in e.mentions or [Mention(start=e.start, end=e.end, text=e.trigger)]:
            event_mentions.append({"event_id": event_key, "start_char": mention.start, "end_char": mention.end,
                                   "trigger": mention.text})
        events.append(
            {"event_id": event_key, "article_id": article_key, "event_type": e.type, "mode": e.mode,
             "status": e.status, "event_date": e.date, "location": e.location, "trigger": e.trigger,
             "sentence": e.sentence, "start_char": e.start, "end_char": e.end, "confidence": e.confidence,
             "extractor_version": version}
        )
        for role, names in (("source", e.source), ("target", e.target)):
            for name in dict.fromkeys(names):
                if name in by_name:
                    event_actors.append(
                        {"event_id": event_key, "role": role, "actor_id": by_name[name], "actor_name": name}
                    )

    # parents before children on insert; children before parents on delete (foreign keys)
    _sync(conn, loaded, ARTICLE_ACTORS, [article_key], article_actors)
    _sync(conn, loaded, MENTIONS, [article_key], mentions)
    _sync(conn, loaded, STATEMENTS, [article_key], statements)
    _sync(conn, loaded, FIGURES, [article_key], figures)
    old_events = [r[0] for r in conn.execute("SELECT event_id FROM news.events WHERE article_id = %s", (article_key,))]
    new_events = [e["event_id"] for e in events]
    _sync(conn, loaded, EVENTS, [article_key], events, delete=False)
    _sync(conn, loaded, EVENT_ACTORS, list({*old_events, *new_events}), event_actors)
    _sync(conn, loaded, EVENT_MENTIONS, list({*old_events, *new_events}), event_mentions)
    _delete_missing(conn, loaded, EVENTS, [article_key], {(k,) for k in new_events})


def _sync(
    conn: psycopg.Connection,
    loaded: LoadedArticle,
    table: _Table,
    scope: list[uuid.UUID],
    rows: list[Row],
    *,
    delete: bool = True,
) -> None:
    """Make the rows of ``table`` within ``scope`` equal ``rows``, touching only those that differ."""
    new = {tuple(r[k] for k in table.key): r for r in rows}
    columns = list(rows[0]) if rows else [*table.key]
    existing = {}
    if scope and rows:
        for values in conn.execute(table.select(columns), (scope,)):
            record = dict(zip(columns, values, strict=True))
            existing[tuple(record[k] for k in table.key)] = record
    inserts = [r for k, r in new.items() if k not in existing]
    updates = [r for k, r in new.items() if k in existing and not _same(existing[k], r)]
    if inserts:
        _insert(conn, table, inserts)
    for row in updates:
        _update(conn, table, row)
    loaded.changes[table.name] += len(inserts) + len(updates)
    if delete:
        _delete_missing(conn, loaded, table, scope, set(new))


def _same(old: Row, new: Row) -> bool:
    """Whether a row's content is unchanged (which extractor version produced it does not count)."""
    for column, value in new.items():
        if column == "extractor_version":
            continue
        before = old.get(column)
        if isinstance(value, float) and isinstance(before, float):
            if abs(value - before) > 1e-9 * max(1.0, abs(value)):
                return False
        elif before != value:
            return False
    return True


def _insert(conn: psycopg.Connection, table: _Table, rows: list[Row]) -> None:
    columns = list(rows[0])
    query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        table.ident,
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(sql.Placeholder(c) for c in columns),
    )
    with conn.cursor() as cur:
        cur.executemany(query, rows)


def _update(conn: psycopg.Connection, table: _Table, row: Row) -> None:
    query = sql.SQL("UPDATE {} SET {} WHERE {}").format(
        table.ident,
        sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in row),
        sql.SQL(" AND ").join(sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder(k)) for k in table.key),
    )
    conn.execute(query, row)


def _delete_missing(
    conn: psycopg.Connection, loaded: LoadedArticle, table: _Table, scope: list[uuid.UUID], keep: set[tuple]
) -> None:
    if not scope:
        return
    key_columns = sql.SQL(", ").join(map(sql.Identifier, table.key))
    current = conn.execute(
        sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%s)").format(key_columns, table.ident, sql.Identifier(table.scope)),
        (scope,),
    ).fetchall()
    gone = [k for k in current if tuple(k) not in keep]
    if not gone:
        return
    condition = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in table.key)
    with conn.cursor() as cur:
        cur.executemany(sql.SQL("DELETE FROM {} WHERE {}").format(table.ident, condition), gone)
    loaded.changes[table.name] += len(gone)
