"""The schema reference, the dbt sources and the article JSON Schema are generated, never written by hand, and the
committed copies (README.md, integrations/dbt/sources.yml) must equal what a freshly migrated database renders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import psycopg
import pytest
import yaml

from etl import schema_docs
from etl.cli import main
from etl.config import PROJECT_ROOT
from etl.models import Actor, Document, Event, Figure, Statement

README = PROJECT_ROOT / "README.md"
DBT_SOURCES = PROJECT_ROOT / "integrations" / "dbt" / "sources.yml"
# consumer-facing beyond the feed tables: what operators and consumers query directly (issue 12)
OPERATIONS_TABLES = {"sources", "runs", "quarantine", "changes", "consumers"}
FUNCTIONS = {"subscribe", "read_changes", "ack", "changes_held_back"}


@pytest.fixture
def catalog(conn: psycopg.Connection) -> schema_docs.Catalog:
    return schema_docs.read_catalog(conn)


def _feed_tables(conn: psycopg.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT table_name FROM news.feed_tables")}


def _views(conn: psycopg.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT viewname FROM pg_views WHERE schemaname = 'newsfeed'")}


def test_the_readme_reference_is_what_schema_docs_prints_for_a_fresh_database(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:  # empty: `schema docs` must migrate by itself
        conn.execute("DROP SCHEMA news, newsfeed CASCADE")
        conn.execute("DROP PUBLICATION newsfeed_publication")
    assert main(["schema", "docs"]) == 0
    printed = capsys.readouterr().out
    assert schema_docs.readme_section(README.read_text(encoding="utf-8")) == printed, (
        "README's schema reference drifted from the database: run `newsfeed schema docs --readme README.md`"
    )


def test_every_consumer_facing_table_view_column_and_function_is_described(
    conn: psycopg.Connection, catalog: schema_docs.Catalog
) -> None:
    assert schema_docs.undocumented(catalog) == []
    tables = {r.name for r in catalog.tables}
    assert _feed_tables(conn) | OPERATIONS_TABLES <= tables
    assert {r.name for r in catalog.views} == _views(conn)
    assert {f.name for f in catalog.functions} >= FUNCTIONS
    assert {r.name for r in catalog.feed_tables} == _feed_tables(conn)


def test_the_diagram_names_every_feed_table_and_draws_every_foreign_key(
    conn: psycopg.Connection, catalog: schema_docs.Catalog
) -> None:
    diagram = schema_docs.render_mermaid(catalog)
    assert diagram.startswith("```mermaid\nerDiagram\n")
    entities = set(re.findall(r"^ {4}(\w+) \{$", diagram, re.M))
    assert _feed_tables(conn) <= entities
    relationships = re.findall(r"^ {4}(\w+) (?:\|\||\|o)--o\{ (\w+) : \"([\w, ]+)\"$", diagram, re.M)
    foreign_keys = conn.execute(
        """SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
           WHERE n.nspname = 'news' AND c.contype = 'f'"""
    ).fetchone()[0]
    assert len(relationships) == foreign_keys
    assert ("articles", "events", "article_id") in relationships
    assert ("sources", "articles", "source_id") in relationships


def test_the_dbt_sources_file_is_what_the_database_renders_and_lists_every_view(
    conn: psycopg.Connection, catalog: schema_docs.Catalog
) -> None:
    assert DBT_SOURCES.read_text(encoding="utf-8") == schema_docs.render_dbt(catalog), (
        "integrations/dbt/sources.yml drifted: run `newsfeed schema dbt > integrations/dbt/sources.yml`"
    )
    (source,) = yaml.safe_load(DBT_SOURCES.read_text(encoding="utf-8"))["sources"]
    assert source["name"] == source["schema"] == "newsfeed"
    tables = {t["name"]: t for t in source["tables"]}
    assert set(tables) == _views(conn)
    assert all(c["description"] for t in tables.values() for c in t["columns"])
    assert tables["articles"]["config"]["loaded_at_field"] == "processed_at"
    assert tables["events"]["config"]["loaded_at_field"] == "published_at"
    event_id = next(c for c in tables["events"]["columns"] if c["name"] == "event_id")
    assert event_id["data_tests"] == ["unique", "not_null"]


def test_schema_json_prints_a_json_schema_that_article_documents_satisfy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "json"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"actors", "statements", "figures", "events"} <= set(schema["properties"])
    document = Document(
        id="x",
        actors=[Actor(name="Margit Halvorsen", type="person")],
        statements=[Statement(start=0, end=4, speaker="Margit Halvorsen", quote="Done", kind="direct")],
        figures=[Figure(start=5, end=9, value=1500, unit=None, object="troops", text="1,500 troops")],
        events=[Event(start=10, end=13, type="CONSULT", source=["Margit Halvorsen"], trigger="met", sentence="...")],
    )
    jsonschema.validate(document.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "events": [{"type": "PARTY"}]}, schema)


def test_refreshing_the_readme_replaces_only_the_marked_reference(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n\nintro\n{schema_docs.README_START}\nold\n{schema_docs.README_END}\n\n## next\n")
    assert schema_docs.update_readme(readme, "### new\n")
    assert readme.read_text() == (
        f"# t\n\nintro\n{schema_docs.README_START}\n### new\n{schema_docs.README_END}\n\n## next\n"
    )
    assert not schema_docs.update_readme(readme, "### new\n")
    assert schema_docs.readme_section(readme.read_text()) == "### new\n"
