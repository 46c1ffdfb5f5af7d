"""Across articles, one actor row per real-world actor, with every surface form and the reason it was joined;
two different people with the same surname are kept apart."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from etl.models import Actor, Article, Document, Mention
from etl.pipeline import run_pipeline
from etl.store.load import LoadItem, load_article, load_articles
from etl.store.sources import add_source
from tests.factories import FETCHED

ARTICLES = {
    "a-briefing.txt": (
        "White House press secretary Jen Psaki said on Monday that the U.S. would send 300 engineers to Ukraine. "
        "Psaki told reporters that Secretary of State Antony Blinken would travel to Kyiv on Thursday. "
        "Blinken said the talks would focus on the repair of the damaged dam."
    ),
    "b-follow-up.txt": (
        "Psaki said on Tuesday that the United States had not changed its position. The White House said America "
        "remained ready to help. Blinken met Ukrainian officials in Kyiv, and the two sides agreed to keep talking."
    ),
    "c-smiths.txt": (
        "Senator John Smith met Governor Jane Smith in Denver on Wednesday to discuss the water dispute between "
        "their states. John Smith said the talks had been difficult, while Jane Smith said she was hopeful about "
        "an agreement before the spring."
    ),
    "d-smith.txt": (
        "Senator Smith said on Friday that the water dispute would go to court if no agreement was reached by "
        "March. He said the dispute concerns about 2 million acre-feet of water a year, and that farmers in three "
        "states were worried."
    ),
}


def person_rows(conn: psycopg.Connection) -> dict[str, list[str]]:
    rows = conn.execute(
        """SELECT a.name, array_agg(al.alias ORDER BY al.alias) FROM news.actors a
           JOIN news.actor_aliases al USING (actor_id) WHERE a.type = 'person' GROUP BY a.actor_id, a.name"""
    ).fetchall()
    return {name: aliases for name, aliases in rows}


def test_articles_naming_people_differently_make_one_actor_each_and_smiths_stay_apart(conn: psycopg.Connection,
                                                                                      tmp_path: Path) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    add_source(conn, "texts", "files", str(tmp_path))
    _, counts = run_pipeline(conn)
    assert counts["loaded"] == len(ARTICLES)
    people = person_rows(conn)
    assert set(people["Jen Psaki"]) >= {"Jen Psaki", "Psaki"}
    assert set(people["Antony Blinken"]) >= {"Antony Blinken", "Blinken"}
    assert "Psaki" not in people and "Blinken" not in people
    assert "John Smith" in people and "Jane Smith" in people
    assert "Smith" in people, "a bare 'Smith' must not be merged into either Smith"
    usa = conn.execute(
        """SELECT array_agg(al.alias ORDER BY al.alias) FROM news.actors a JOIN news.actor_aliases al USING (actor_id)
           WHERE a.canonical_key = 'country:USA'"""
    ).fetchone()[0]
    assert {"United States", "U.S."} <= set(usa)
    assert conn.execute("SELECT count(*) FROM news.actors WHERE canonical_key LIKE 'country:%'").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM news.actors WHERE name = 'Psaki'").fetchone()[0] == 0


def article(key: str, body: str = "text") -> Article:
    return Article(url=f"https://news.example/{key}", canonical_url=f"https://news.example/{key}", body=body)


def people_document(key: str, *actors: tuple[str, list[str]]) -> Document:
    return Document(id=key, actors=[
        Actor(name=name, type="person", aliases=aliases, mentions=[Mention(start=0, end=len(name), text=name)])
        for name, aliases in actors])


def load_people(conn: psycopg.Connection, batched: bool, *articles: tuple[str, tuple[str, list[str]]]) -> None:
    """Load one-person articles one at a time, or all in one batch: the rows must come out the same."""
    items = [LoadItem(article(key), people_document(key, person), None, FETCHED) for key, person in articles]
    if batched:
        load_articles(conn, items)
    else:
        for item in items:
            load_articles(conn, [item])


@pytest.mark.parametrize("batched", [False, True], ids=["one_at_a_time", "one_batch"])
def test_a_surname_seen_first_is_completed_by_the_full_name_later_and_the_reason_is_kept(
        conn: psycopg.Connection, batched: bool) -> None:
    load_people(conn, batched, ("1", ("Blinken", [])), ("2", ("Antony Blinken", ["Blinken"])),
                ("3", ("Blinken", [])))
    assert person_rows(conn) == {"Antony Blinken": ["Antony Blinken", "Blinken"]}
    reason = conn.execute("SELECT reason FROM news.actor_aliases WHERE alias = 'Antony Blinken'").fetchone()[0]
    assert "surname only" in reason
    mentions = conn.execute("SELECT count(DISTINCT actor_id), count(*) FROM news.mentions").fetchone()
    assert mentions == (1, 3)


@pytest.mark.parametrize("batched", [False, True], ids=["one_at_a_time", "one_batch"])
def test_a_surname_shared_by_two_known_people_is_not_joined(conn: psycopg.Connection, batched: bool) -> None:
    load_people(conn, batched, ("1", ("John Smith", ["Smith"])), ("2", ("Jane Smith", [])), ("3", ("Smith", [])))
    assert set(person_rows(conn)) == {"John Smith", "Jane Smith", "Smith"}
    # with a single Smith known, the surname alone is that Smith, and the reason says so
    load_people(conn, batched, ("4", ("Lena Brandt", [])), ("5", ("Brandt", [])))
    assert "Brandt" not in person_rows(conn)
    reason = conn.execute("SELECT reason FROM news.actor_aliases WHERE alias = 'Brandt'").fetchone()[0]
    assert reason == "'Brandt' is the surname of 'Lena Brandt' and of no other known person"


def test_reloading_resolves_to_the_same_rows_and_writes_nothing(conn: psycopg.Connection) -> None:
    document = people_document("1", ("Antony Blinken", ["Blinken"]))
    load_article(conn, article("1"), document, source_id=None, fetched_at=FETCHED)
    before = conn.execute("SELECT count(*) FROM news.changes").fetchone()[0]
    again = load_article(conn, article("1"), document, source_id=None, fetched_at=FETCHED)
    assert not again.changed
    assert conn.execute("SELECT count(*) FROM news.changes").fetchone()[0] == before
