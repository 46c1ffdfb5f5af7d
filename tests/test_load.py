"""The loader: one transaction per batch (each article all-or-nothing), deterministic keys, only real changes
written."""

from __future__ import annotations

import psycopg

from etl.models import Actor, Article, Document, Mention
from etl.store.load import LoadItem, load_article, load_articles
from tests.factories import BODY, FETCHED, make_article, make_document


def article(body: str = BODY) -> Article:
    return make_article("a", body)


def document(quote: str = "We agreed,") -> Document:
    return make_document("a", quote)


def counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = ["articles", "actors", "actor_aliases", "article_actors", "mentions", "statements", "figures", "events",
              "event_actors"]
    return {t: conn.execute(f"SELECT count(*) FROM news.{t}").fetchone()[0] for t in tables}


def xmin_snapshot(conn: psycopg.Connection) -> set:
    """Row versions of every derived table: unchanged when nothing was rewritten."""
    rows = set()
    for table in ("articles", "mentions", "statements", "figures", "events", "event_actors", "article_actors"):
        rows |= {(table, r[0]) for r in conn.execute(f"SELECT xmin::text || ctid::text FROM news.{table}")}
    return rows


def test_an_article_and_its_rows_land_with_links_between_them(conn: psycopg.Connection) -> None:
    loaded = load_article(conn, article(), document(), source_id=None, fetched_at=FETCHED)
    assert loaded.changed
    assert counts(conn) == {"articles": 1, "actors": 3, "actor_aliases": 4, "article_actors": 3, "mentions": 4,
                            "statements": 1, "figures": 1, "events": 1, "event_actors": 2}
    row = conn.execute(
        """SELECT s.speaker_name, a.name FROM news.statements s JOIN news.actors a ON a.actor_id = s.speaker_actor_id"""
    ).fetchone()
    assert row == ("Jane Roe", "Jane Roe")
    roles = conn.execute("SELECT role, actor_name FROM news.event_actors ORDER BY role").fetchall()
    assert roles == [("source", "Jane Roe"), ("target", "John Doe")]


def test_loading_the_same_article_again_writes_nothing(conn: psycopg.Connection) -> None:
    load_article(conn, article(), document(), source_id=None, fetched_at=FETCHED)
    before = xmin_snapshot(conn)
    again = load_article(conn, article(), document(), source_id=None, fetched_at=FETCHED)
    assert not again.changed
    assert xmin_snapshot(conn) == before


def test_a_changed_article_replaces_exactly_what_changed(conn: psycopg.Connection) -> None:
    load_article(conn, article(), document(), source_id=None, fetched_at=FETCHED)
    figure_before = conn.execute("SELECT figure_id, xmin::text FROM news.figures").fetchone()
    changed = document(quote="We agreed on everything,")
    changed.events = []
    loaded = load_article(conn, article(BODY.replace("agreed", "agreed on everything")), changed, source_id=None,
                          fetched_at=FETCHED)
    assert loaded.changes["statements"] == 2  # one removed, one added
    assert loaded.changes["events"] == 1 and loaded.changes["event_actors"] == 2
    assert loaded.changes["figures"] == 0
    assert conn.execute("SELECT figure_id, xmin::text FROM news.figures").fetchone() == figure_before
    assert conn.execute("SELECT quote FROM news.statements").fetchall() == [("We agreed on everything,",)]
    assert counts(conn)["events"] == 0


def test_a_failed_load_leaves_nothing_of_the_article(conn: psycopg.Connection) -> None:
    broken = document()
    broken.figures[0].direction = "sideways"  # violates the CHECK constraint, after the other rows were written
    try:
        load_article(conn, article(), broken, source_id=None, fetched_at=FETCHED)
    except psycopg.errors.CheckViolation:
        pass
    else:  # pragma: no cover - the constraint must fire
        raise AssertionError("the bad figure was accepted")
    assert counts(conn)["articles"] == 0 and counts(conn)["statements"] == 0


def test_the_same_actor_in_two_articles_is_one_row_with_every_alias(conn: psycopg.Connection) -> None:
    load_article(conn, article(), document(), source_id=None, fetched_at=FETCHED)
    other = Article(url="https://news.example/b", canonical_url="https://news.example/b", body="Ms. Roe spoke.")
    doc = Document(id="b", actors=[Actor(name="Jane Roe", type="person", aliases=["Ms. Roe"],
                                         mentions=[Mention(start=0, end=7, text="Ms. Roe")])])
    load_article(conn, other, doc, source_id=None, fetched_at=FETCHED)
    rows = conn.execute(
        """SELECT a.name, array_agg(al.alias ORDER BY al.alias) FROM news.actors a
           JOIN news.actor_aliases al USING (actor_id) WHERE a.name = 'Jane Roe' GROUP BY a.actor_id"""
    ).fetchall()
    assert rows == [("Jane Roe", ["Jane Roe", "Ms. Roe", "Roe"])]


def test_a_batch_is_one_transaction_and_gives_the_rows_loading_one_at_a_time_gives(conn: psycopg.Connection) -> None:
    loaded = load_articles(conn, [LoadItem(make_article(n), make_document(n), None, FETCHED) for n in "abc"])
    assert [(r.changes["articles"], r.changes["statements"], r.changes["mentions"]) for r in loaded] == [(1, 1, 4)] * 3
    assert counts(conn) == {
        "articles": 3, "actors": 3, "actor_aliases": 4, "article_actors": 9, "mentions": 12, "statements": 3,
        "figures": 3, "events": 3, "event_actors": 6}
    assert conn.execute("SELECT count(DISTINCT txid) FROM news.changes").fetchone()[0] == 1
    rows_before = xmin_snapshot(conn)
    again = [load_article(conn, make_article(n), make_document(n), source_id=None, fetched_at=FETCHED) for n in "abc"]
    assert not any(r.changed for r in again)  # each article alone would have written exactly these rows
    assert xmin_snapshot(conn) == rows_before


def test_a_changed_article_in_a_batch_changes_only_its_own_rows(conn: psycopg.Connection) -> None:
    load_articles(conn, [LoadItem(make_article(n), make_document(n), None, FETCHED) for n in "ab"])
    changed = make_document("b")
    changed.events = []
    loaded = load_articles(conn, [LoadItem(make_article("a"), make_document("a"), None, FETCHED),
                                  LoadItem(make_article("b"), changed, None, FETCHED)])
    assert not loaded[0].changed
    assert +loaded[1].changes == {"events": 1, "event_actors": 2, "event_mentions": 1}
    assert conn.execute("SELECT count(*) FROM news.events").fetchone()[0] == 1


def test_two_copies_of_one_article_in_a_batch_load_as_the_later_one(conn: psycopg.Connection) -> None:
    first = LoadItem(make_article("a"), make_document("a", "We agreed,"), None, FETCHED)
    later = LoadItem(make_article("a"), make_document("a", "We disagreed,"), None, FETCHED)
    loaded = load_articles(conn, [first, later])
    assert loaded[0].article_id == loaded[1].article_id
    assert not loaded[0].changed and loaded[1].changed
    assert conn.execute("SELECT quote FROM news.statements").fetchall() == [("We disagreed,",)]
