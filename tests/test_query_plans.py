"""The loader's and the frontier's queries stay indexed as the tables grow: none of them reads a whole table.

A feed's tables only grow (actors, aliases, articles and their rows), so a query that scans one costs more with
every article loaded; the scaling benchmark repeats the same pages and would not notice. Here the tables hold
tens of thousands of rows (statistics analyzed, as autovacuum keeps them in production), a batch is loaded, and
every statement the loader sent is EXPLAINed: no plan may scan a grown table sequentially. (A name lookup written
as one join with "alias OR surname" scanned every actor of the type: 82 ms per surname at 200,000 actors.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from etl.models import Actor, Document, Mention
from etl.store import frontier
from etl.store.load import LoadItem, load_articles
from tests.factories import FETCHED, make_article, make_document

ROWS = 20_000
GROWN = ("article_refs", "raw_pages", "articles", "actors", "actor_aliases", "article_actors", "mentions", "statements",
         "figures", "events", "event_actors", "event_mentions")

FILL = """
SET session_replication_role = replica;  -- no change-feed rows for the filler, it is not what is measured
INSERT INTO news.sources (name, kind, url) VALUES ('big', 'rss', 'https://big.invalid/feed.xml');
INSERT INTO news.article_refs (url, source_id, host, state, attempts)
    SELECT 'https://big.invalid/' || i, (SELECT source_id FROM news.sources), 'big.invalid', 'fetched', 1
    FROM generate_series(1, {rows}) i;
INSERT INTO news.articles (article_id, url, canonical_url, body, content_sha256, extractor_version, fetched_at)
    SELECT md5('article' || i)::uuid, 'https://big.invalid/' || i, 'https://big.invalid/' || i, 'Text.', 'x', 'v',
           now() FROM generate_series(1, {rows}) i;
INSERT INTO news.raw_pages (url, final_url, content_sha256, html_gzip, parse_state, article_id)
    SELECT 'https://big.invalid/' || i, 'https://big.invalid/' || i, 'x', '', 'done', md5('article' || i)::uuid
    FROM generate_series(1, {rows}) i;
INSERT INTO news.actors (actor_id, canonical_key, name, type, surname)
    SELECT md5('actor' || i)::uuid, 'person:person ' || i || ' name' || (i % 3000), 'Person ' || i || ' Name'
           || (i % 3000), 'person', 'name' || (i % 3000) FROM generate_series(1, {rows}) i;
INSERT INTO news.actor_aliases (actor_id, alias, alias_key, reason)
    SELECT actor_id, name, lower(name), 'filler' FROM news.actors;
INSERT INTO news.article_actors (article_id, actor_id, name, extractor_version)
    SELECT md5('article' || i)::uuid, md5('actor' || i)::uuid, 'Person', 'v' FROM generate_series(1, {rows}) i;
INSERT INTO news.mentions (mention_id, article_id, actor_id, surface, start_char, end_char, extractor_version)
    SELECT md5('mention' || i)::uuid, md5('article' || i)::uuid, md5('actor' || i)::uuid, 'P', 0, 1, 'v'
    FROM generate_series(1, {rows}) i;
INSERT INTO news.statements (statement_id, article_id, quote, kind, start_char, end_char, extractor_version)
    SELECT md5('statement' || i)::uuid, md5('article' || i)::uuid, 'Q', 'direct', 0, 1, 'v'
    FROM generate_series(1, {rows}) i;
INSERT INTO news.figures (figure_id, article_id, value, text, start_char, end_char, extractor_version)
    SELECT md5('figure' || i)::uuid, md5('article' || i)::uuid, i, 'n', 0, 1, 'v' FROM generate_series(1, {rows}) i;
INSERT INTO news.events (event_id, article_id, event_type, status, trigger, sentence, start_char, end_char,
                         confidence, extractor_version)
    SELECT md5('event' || i)::uuid, md5('article' || i)::uuid, 'CONSULT', 'occurred', 'met', 'S.', 0, 1, 0.5, 'v'
    FROM generate_series(1, {rows}) i;
INSERT INTO news.event_actors (event_id, role, actor_id, actor_name)
    SELECT md5('event' || i)::uuid, 'source', md5('actor' || i)::uuid, 'P' FROM generate_series(1, {rows}) i;
INSERT INTO news.event_mentions (event_id, start_char, end_char, trigger)
    SELECT md5('event' || i)::uuid, 0, 1, 'met' FROM generate_series(1, {rows}) i;
RESET session_replication_role;
"""


@pytest.fixture
def grown(conn: psycopg.Connection) -> psycopg.Connection:
    conn.execute(FILL.format(rows=ROWS))
    for table in GROWN:
        conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier("news", table)))
    return conn


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Every statement sent through a cursor from now on, with its (first) parameters."""
    sent: list[tuple[Any, Any]] = []
    execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

    def recording_execute(self: psycopg.Cursor, query: Any, params: Any = None, **kwargs: Any) -> Any:
        sent.append((query, params))
        return execute(self, query, params, **kwargs)

    def recording_executemany(self: psycopg.Cursor, query: Any, params_seq: Any, **kwargs: Any) -> Any:
        params_seq = list(params_seq)
        sent.append((query, params_seq[0] if params_seq else None))
        return executemany(self, query, params_seq, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", recording_execute)
    monkeypatch.setattr(psycopg.Cursor, "executemany", recording_executemany)
    return sent


def _scans(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(node type, relation) of every node of a JSON plan."""
    yield plan["Node Type"], plan.get("Relation Name", "")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _full_scans(conn: psycopg.Connection, sent: list[tuple[Any, Any]]) -> dict[str, list[str]]:
    """For each statement whose plan reads a grown table sequentially, those tables."""
    found = {}
    for query, params in sent:
        explain = (sql.SQL("EXPLAIN (FORMAT JSON) ") + query) if isinstance(query, sql.Composable) \
            else "EXPLAIN (FORMAT JSON) " + query
        (plan,) = conn.execute(explain, params).fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        scanned = sorted({table for node, table in _scans(plan["Plan"]) if node == "Seq Scan" and table in GROWN})
        if scanned:
            text = query.as_string(conn) if isinstance(query, sql.Composable) else query
            found[" ".join(text.split())[:160]] = scanned
    return found


def _document_with_name_lookups(n: int) -> Document:
    """The hand-made document plus the actors that take the by-name path: a surname several known people have,
    one only a known alias answers to, a one-word "organization" that may be a surname, and a new full name
    whose surname earlier rows used alone."""
    base = make_document(n)
    extra = [Actor(name="Name42", type="person", mentions=[Mention(start=0, end=6, text="Name42")]),
             Actor(name="Person 7 Name7", type="person", mentions=[Mention(start=0, end=4, text="Person")]),
             Actor(name="Name9", type="organization", mentions=[Mention(start=0, end=5, text="Name9")]),
             Actor(name="Ada Name11", type="person", country="FRA", mentions=[Mention(start=0, end=3, text="Ada")])]
    return base.model_copy(update={"actors": [*base.actors, *extra]})


def test_no_loader_or_frontier_query_scans_a_grown_table(
    grown: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a first batch makes some of the batch's actors known, so the second one takes every path
    load_articles(grown, [LoadItem(make_article("first"), make_document("first"), None, FETCHED)])
    items = [LoadItem(make_article(i), _document_with_name_lookups(i), None, FETCHED,
                      page_url=f"https://big.invalid/{i + 1}") for i in range(3)]
    first = make_document("first")  # its second version updates a statement and drops the figure and event
    changed = first.model_copy(update={"statements": [first.statements[0].model_copy(update={"cue": "told"})],
                                       "figures": [], "events": []})
    items.append(LoadItem(make_article("first"), changed, None, FETCHED))
    with monkeypatch.context() as patch:
        sent = _recorded(patch)
        load_articles(grown, items)
        frontier.claim_pages(grown, 50)
        for host in frontier.due_hosts(grown, None, 3) or ["big.invalid"]:
            frontier.due_refs(grown, host, None, 3, 100)
    assert len(sent) > 10  # the recording saw the loader's statements
    statements = [q.as_string(grown) if isinstance(q, sql.Composable) else q for q, _ in sent]
    for expected in ("surname = %(name)s", "UPDATE news.raw_pages", 'UPDATE "news"."statements"',
                     'DELETE FROM "news"."figures"', 'DELETE FROM "news"."events"'):
        assert any(expected in statement for statement in statements), expected
    assert _full_scans(grown, sent) == {}
