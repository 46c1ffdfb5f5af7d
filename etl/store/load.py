"""Loading analyzed articles into Postgres: a batch per transaction, deterministic keys, only real changes written.

For every table the loader reads the current rows of the batch's articles, compares them with the new ones by
key and applies the difference: new rows by ``COPY`` (one per table for the whole batch), changed rows by
``UPDATE``, vanished rows by ``DELETE``. Loading an unchanged article therefore writes nothing — no row
versions, no change-feed entries — and a changed article replaces exactly the rows that changed.

Each article is all-or-nothing because the whole batch is: it commits or rolls back as one transaction. A batch
that fails is the caller's to split (``etl.pipeline`` reloads its articles one by one, so one bad article costs
only itself).

A derived row's ``extractor_version`` is the version that produced its current content: re-analysis by a newer
extractor that reaches the same result leaves the row alone, while the article row records the newest version
that analyzed the article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

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
class LoadItem:
    """One article to load; ``document`` None means "stored, not analyzed" (non-English)."""

    article: Article
    document: Document | None
    source_id: int | None
    fetched_at: dt.datetime
    page_url: str | None = None  # the raw page it came from, marked done in the same transaction

    @property
    def canonical_url(self) -> str:
        canonical = self.article.canonical_url or self.article.url or self.page_url
        if not canonical:
            raise ValueError("an article needs a URL to be keyed")
        return canonical


@dataclass(frozen=True)
class _Table:
    name: str
    key: tuple[str, ...]
    scope: str  # column that ties rows to their article (or to their event)
    columns: tuple[str, ...]

    @property
    def ident(self) -> sql.Identifier:
        return sql.Identifier("news", self.name)

    def key_of(self, row: Row) -> tuple:
        return self._key_getter(row)

    @cached_property
    def _key_getter(self) -> Callable[[Row], tuple]:
        """Reads the key columns in one call (the loader keys every row it reads or writes, ~100 per article)."""
        if len(self.key) == 1:
            column = self.key[0]
            return lambda row: (row[column],)
        return itemgetter(*self.key)


VERSIONED = ("extractor_version",)
ARTICLE_ACTORS = _Table("article_actors", ("article_id", "actor_id"), "article_id",
                        ("article_id", "actor_id", "name", "roles", "country", *VERSIONED))
MENTIONS = _Table("mentions", ("mention_id",), "article_id",
                  ("mention_id", "article_id", "actor_id", "surface", "start_char", "end_char", *VERSIONED))
STATEMENTS = _Table("statements", ("statement_id",), "article_id",
                    ("statement_id", "article_id", "speaker_actor_id", "speaker_name", "quote", "kind", "cue",
                     "addressee", "start_char", "end_char", *VERSIONED))
FIGURES = _Table("figures", ("figure_id",), "article_id",
                 ("figure_id", "article_id", "value", "value_high", "unit", "qualifier", "direction", "object",
                  "text", "start_char", "end_char", "sentence_start", "sentence_end", *VERSIONED))
EVENTS = _Table("events", ("event_id",), "article_id",
                ("event_id", "article_id", "event_type", "mode", "status", "event_date", "location", "trigger",
                 "sentence", "start_char", "end_char", "confidence", *VERSIONED))
EVENT_ACTORS = _Table("event_actors", ("event_id", "role", "actor_id"), "event_id",
                      ("event_id", "role", "actor_id", "actor_name"))
EVENT_MENTIONS = _Table("event_mentions", ("event_id", "start_char"), "event_id",
                        ("event_id", "start_char", "end_char", "trigger"))


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
    return load_articles(conn, [LoadItem(article, document, source_id, fetched_at, page_url)])[0]


def load_articles(conn: psycopg.Connection, items: Sequence[LoadItem]) -> list[LoadedArticle]:
    """Write every item's article and derived rows in one transaction; one result per item, in order.

    Two items of one batch that are the same article (URL variants) are loaded as the later one, as two loads
    in a row would leave it; the earlier one reports no changes.
    """
    if not items:
        return []
    loaded = [LoadedArticle(keys.article_id(item.canonical_url)) for item in items]
    latest = {result.article_id: i for i, result in enumerate(loaded)}
    chosen = sorted(latest.values())
    with conn.transaction():
        written = _upsert_articles(conn, [(loaded[i].article_id, items[i]) for i in chosen])
        for i in chosen:
            loaded[i].changes["articles"] += int(loaded[i].article_id in written)
        analyzed = [i for i in chosen if items[i].document is not None]
        if analyzed:
            _load_documents(conn, {loaded[i].article_id: (loaded[i], items[i].document) for i in analyzed})
        pages = [(item.page_url, result.article_id) for item, result in zip(items, loaded, strict=True)
                 if item.page_url is not None]
        if pages:
            urls, article_ids = zip(*pages, strict=True)
            conn.execute(
                """UPDATE news.raw_pages p SET parse_state = 'done', claimed_at = NULL, claimed_by = NULL,
                          article_id = done.article_id
                   FROM unnest(%s::text[], %s::uuid[]) AS done(url, article_id) WHERE p.url = done.url""",
                (list(urls), list(article_ids)),
            )
    return loaded


def _upsert_articles(conn: psycopg.Connection, batch: list[tuple[uuid.UUID, LoadItem]]) -> set[uuid.UUID]:
    """Insert or update the article rows; the keys of those written (an unchanged article is not rewritten)."""
    rows = [_article_row(article_key, item) for article_key, item in batch]
    columns = list(rows[0])
    content = [c for c in columns if c not in {"article_id", "fetched_at"}]
    query = sql.SQL(
        "INSERT INTO news.articles ({cols}) VALUES ({vals}) ON CONFLICT (article_id) DO UPDATE SET {sets},"
        " fetched_at = EXCLUDED.fetched_at, processed_at = now() WHERE ({old}) IS DISTINCT FROM ({new})"
        " RETURNING article_id"
    ).format(
        cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
        vals=sql.SQL(", ").join(sql.Placeholder(c) for c in columns),
        sets=sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in content),
        old=sql.SQL(", ").join(sql.Identifier("articles", c) for c in content),
        new=sql.SQL(", ").join(sql.Identifier("excluded", c) for c in content),
    )
    written = set()
    with conn.cursor() as cur:
        cur.executemany(query, rows, returning=True)
        while True:
            written.update(row[0] for row in cur.fetchall())
            if not cur.nextset():
                break
    return written


def _article_row(article_key: uuid.UUID, item: LoadItem) -> Row:
    article = item.article
    return {
        "article_id": article_key,
        "url": article.url or item.canonical_url,
        "canonical_url": item.canonical_url,
        "source_id": item.source_id,
        "title": article.title,
        "authors": article.authors,
        "published_at": _aware(article.published),
        "modified_at": _aware(article.modified),
        "section": article.section,
        "language": article.language,
        "body": article.body,
        "content_sha256": body_sha256(article.body),
        "extractor_version": EXTRACTOR_VERSION,
        "fetched_at": item.fetched_at,
    }


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """Pages that give a time without a zone are read as UTC, whatever the database session's time zone is."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


@dataclass
class _DerivedRows:
    """The rows a batch of documents becomes, table by table."""

    article_actors: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)
    figures: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    event_actors: list[Row] = field(default_factory=list)
    event_mentions: list[Row] = field(default_factory=list)

    def add(self, article_key: uuid.UUID, document: Document, actor_ids: list[uuid.UUID]) -> None:
        version = EXTRACTOR_VERSION
        by_name = {actor.name: actor_ids[i] for i, actor in enumerate(document.actors)}
        self.article_actors += [
            {"article_id": article_key, "actor_id": actor_ids[i], "name": a.name, "roles": a.roles,
             "country": a.country, "extractor_version": version}
            for i, a in enumerate(document.actors)
        ]
        self.mentions += [
            {"mention_id": keys.derived_id(article_key, "mention", content), "article_id": article_key,
             "actor_id": actor_ids[i], "surface": m.text, "start_char": m.start, "end_char": m.end,
             "extractor_version": version}
            for i, actor in enumerate(document.actors)
            for m, content in keys.numbered(actor.mentions, lambda m, a=actor: f"{keys.actor_key(a)}|{m.text}")
        ]
        self.statements += [
            {"statement_id": keys.derived_id(article_key, "statement", content), "article_id": article_key,
             "speaker_actor_id": by_name.get(s.speaker) if s.speaker else None, "speaker_name": s.speaker,
             "quote": s.quote, "kind": s.kind, "cue": s.cue, "addressee": s.addressee,
             "start_char": s.start, "end_char": s.end, "extractor_version": version}
            for s, content in keys.numbered(document.statements, lambda s: f"{s.kind}|{s.quote}")
        ]
        self.figures += [
            {"figure_id": keys.derived_id(article_key, "figure", content), "article_id": article_key,
             "value": f.value, "value_high": f.value_high, "unit": f.unit, "qualifier": f.qualifier,
             "direction": f.direction, "object": f.object, "text": f.text, "start_char": f.start,
             "end_char": f.end, "sentence_start": f.sentence_start, "sentence_end": f.sentence_end,
             "extractor_version": version}
            for f, content in keys.numbered(document.figures, lambda f: f"{f.text}|{f.value}")
        ]
        for e, content in keys.numbered(document.events, lambda e: f"{e.type}|{e.trigger}|{e.sentence}"):
            event_key = keys.derived_id(article_key, "event", content)
            for mention in e.mentions or [Mention(start=e.start, end=e.end, text=e.trigger)]:
                self.event_mentions.append({"event_id": event_key, "start_char": mention.start,
                                            "end_char": mention.end, "trigger": mention.text})
            self.events.append(
                {"event_id": event_key, "article_id": article_key, "event_type": e.type, "mode": e.mode,
                 "status": e.status, "event_date": e.date, "location": e.location, "trigger": e.trigger,
                 "sentence": e.sentence, "start_char": e.start, "end_char": e.end, "confidence": e.confidence,
                 "extractor_version": version}
            )
            for role, names in (("source", e.source), ("target", e.target)):
                self.event_actors += [
                    {"event_id": event_key, "role": role, "actor_id": by_name[name], "actor_name": name}
                    for name in dict.fromkeys(names) if name in by_name
                ]


def _load_documents(conn: psycopg.Connection, batch: dict[uuid.UUID, tuple[LoadedArticle, Document]]) -> None:
    """Make the derived rows of every article in ``batch`` equal its document's, table by table."""
    article_keys = list(batch)
    actor_ids = resolve_actors(conn, [(key, document.actors) for key, (_, document) in batch.items()])
    rows = _DerivedRows()
    for key, ids in zip(article_keys, actor_ids, strict=True):
        rows.add(key, batch[key][1], ids)
    owners = {key: loaded for key, (loaded, _) in batch.items()}  # scope value (article or event) -> its article

    # parents before children on insert; children before parents on delete (foreign keys)
    for table, new in ((ARTICLE_ACTORS, rows.article_actors), (MENTIONS, rows.mentions),
                       (STATEMENTS, rows.statements), (FIGURES, rows.figures)):
        _delete(conn, table, _sync(conn, table, article_keys, new, owners), owners)
    old_events = _sync(conn, EVENTS, article_keys, rows.events, owners)
    owners |= {row["event_id"]: owners[row["article_id"]] for row in [*rows.events, *old_events.existing]}
    event_keys = list({row["event_id"]: None for row in [*rows.events, *old_events.existing]})
    for table, new in ((EVENT_ACTORS, rows.event_actors), (EVENT_MENTIONS, rows.event_mentions)):
        _delete(conn, table, _sync(conn, table, event_keys, new, owners), owners)
    _delete(conn, EVENTS, old_events, owners)


@dataclass
class _Difference:
    """Rows of a table within a scope before the sync, and those of them the new rows no longer have."""

    existing: list[Row]
    gone: list[Row]


def _sync(
    conn: psycopg.Connection,
    table: _Table,
    scope: list[uuid.UUID],
    rows: list[Row],
    owners: dict[uuid.UUID, LoadedArticle],
) -> _Difference:
    """Insert and update ``rows`` of ``table`` where they differ from what ``scope`` holds; what to delete.

    Deleting is left to the caller (``_delete``), so that parents lose rows only after their children did.
    """
    existing = _read(conn, table, scope)
    by_key = {table.key_of(r): r for r in existing}
    new = {table.key_of(r): r for r in rows}
    inserts = [r for k, r in new.items() if k not in by_key]
    updates = [r for k, r in new.items() if k in by_key and not _same(by_key[k], r)]
    _copy(conn, table, inserts)
    _update(conn, table, updates)
    for row in (*inserts, *updates):
        owners[row[table.scope]].changes[table.name] += 1
    return _Difference(existing, [r for k, r in by_key.items() if k not in new])


def _read(conn: psycopg.Connection, table: _Table, scope: list[uuid.UUID]) -> list[Row]:
    if not scope:
        return []
    query = sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%s)").format(
        sql.SQL(", ").join(map(sql.Identifier, table.columns)), table.ident, sql.Identifier(table.scope)
    )
    return [dict(zip(table.columns, values, strict=True)) for values in conn.execute(query, (scope,))]


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


def _copy(conn: psycopg.Connection, table: _Table, rows: list[Row]) -> None:
    """New rows of the whole batch in one COPY (the change-feed triggers see them as one statement)."""
    if not rows:
        return
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(
        table.ident, sql.SQL(", ").join(map(sql.Identifier, table.columns))
    )
    with conn.cursor() as cur, cur.copy(query) as copy:
        for row in rows:
            copy.write_row([row[c] for c in table.columns])


def _update(conn: psycopg.Connection, table: _Table, rows: list[Row]) -> None:
    if not rows:
        return
    query = sql.SQL("UPDATE {} SET {} WHERE {}").format(
        table.ident,
        sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in table.columns),
        sql.SQL(" AND ").join(sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder(k)) for k in table.key),
    )
    with conn.cursor() as cur:
        cur.executemany(query, rows)


def _delete(
    conn: psycopg.Connection, table: _Table, difference: _Difference, owners: dict[uuid.UUID, LoadedArticle]
) -> None:
    if not difference.gone:
        return
    condition = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in table.key)
    with conn.cursor() as cur:
        cur.executemany(sql.SQL("DELETE FROM {} WHERE {}").format(table.ident, condition),
                        [table.key_of(row) for row in difference.gone])
    for row in difference.gone:
        owners[row[table.scope]].changes[table.name] += 1
