"""The consumer schema reference, rendered from a live database's catalog rather than written by hand.

Descriptions live in the database as ``COMMENT ON`` text (``sql/006_comments.sql`` and later migrations), so
``psql``'s ``\\d+``, BI tools, the README and dbt all read the same words, and a test fails when the README's
copy drifts from the catalog. Three renderings of one ``Catalog``:

- ``render_markdown``: a section per ``newsfeed`` view, per ``news`` table and for the ``newsfeed`` functions,
  plus a Mermaid ``erDiagram`` of the ``news`` tables drawn from their foreign keys (``newsfeed schema docs``);
- ``render_dbt``: a dbt ``sources.yml`` for the ``newsfeed`` views (``newsfeed schema dbt``);
- ``undocumented``: what still lacks a comment, for the test that keeps every column described.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import yaml
from psycopg import sql

VIEWS_SCHEMA = "newsfeed"
TABLES_SCHEMA = "news"
INTERNAL_TABLES = ("schema_migrations",)  # migration bookkeeping (etl.store.migrate), not part of the product

README_START = "<!-- schema-docs:start -->"
README_END = "<!-- schema-docs:end -->"

# Freshness for dbt: the first of these columns a view has tells when its newest row arrived.
FRESHNESS_COLUMNS = ("processed_at", "changed_at", "published_at")
FRESHNESS = {"warn_after": {"count": 12, "period": "hour"}, "error_after": {"count": 48, "period": "hour"}}

_SHORT_TYPES = {"timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str | None
    not_null: bool


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str  # referenced table, schema-qualified
    optional: bool  # some referencing column may be null


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str  # "view" or "table"
    comment: str | None
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Function:
    name: str
    arguments: str
    result: str
    comment: str | None

    @property
    def signature(self) -> str:
        return f"{VIEWS_SCHEMA}.{self.name}({self.arguments})"


@dataclass(frozen=True)
class Catalog:
    """Everything consumers are told about: views, tables (feed tables first), functions, schema comments."""

    views: tuple[Relation, ...]
    feed_tables: tuple[Relation, ...]
    other_tables: tuple[Relation, ...]
    functions: tuple[Function, ...]
    schema_comments: dict[str, str | None]

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self.views + self.feed_tables + self.other_tables

    @property
    def tables(self) -> tuple[Relation, ...]:
        return self.feed_tables + self.other_tables


# ---------------------------------------------------------------------------------------------------------------
# reading the catalog

_RELATIONS = """
    SELECT n.nspname, c.relname, c.relkind = 'v', obj_description(c.oid, 'pg_class'), c.oid::regclass::text
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE (n.nspname = %(views)s AND c.relkind = 'v')
       OR (n.nspname = %(tables)s AND c.relkind IN ('r', 'p') AND c.relname <> ALL(%(internal)s))
    ORDER BY c.relname"""

_COLUMNS = """
    SELECT a.attrelid::regclass::text, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
           col_description(a.attrelid, a.attnum)
    FROM pg_attribute a
    WHERE a.attrelid = ANY(%s::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum"""

# key columns in constraint order, and for foreign keys the referenced table
_CONSTRAINTS = """
    SELECT con.conrelid::regclass::text, con.contype,
           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
           rn.nspname || '.' || r.relname
    FROM pg_constraint con
    LEFT JOIN pg_class r ON r.oid = con.confrelid
    LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
    WHERE con.conrelid = ANY(%s::regclass[]) AND con.contype IN ('p', 'u', 'f')
    ORDER BY con.conrelid, con.contype, con.conname"""

_FUNCTIONS = """
    SELECT p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), obj_description(p.oid, 'pg_proc')
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = %s
    ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)"""


def read_catalog(conn: psycopg.Connection) -> Catalog:
    """What the database says about its consumer-facing objects: every ``newsfeed`` view and function and every
    ``news`` table but migration bookkeeping, with columns, types, comments and keys."""
    params = {"views": VIEWS_SCHEMA, "tables": TABLES_SCHEMA, "internal": list(INTERNAL_TABLES)}
    found = conn.execute(_RELATIONS, params).fetchall()
    names = [regclass for *_, regclass in found]
    columns: dict[str, list[Column]] = {name: [] for name in names}
    for regclass, name, type_, not_null, comment in conn.execute(_COLUMNS, (names,)):
        columns[regclass].append(Column(name, _SHORT_TYPES.get(type_, type_), comment, not_null))
    keys: dict[str, dict[str, list[tuple[Any, ...]]]] = {name: {"p": [], "u": [], "f": []} for name in names}
    for regclass, kind, key_columns, referenced in conn.execute(_CONSTRAINTS, (names,)):
        keys[regclass][kind].append((tuple(key_columns), referenced))

    relations = []
    for schema, name, is_view, comment, regclass in found:
        by_name = {c.name: c for c in columns[regclass]}
        relations.append(Relation(
            schema=schema, name=name, kind="view" if is_view else "table", comment=comment,
            columns=tuple(columns[regclass]),
            primary_key=next((cols for cols, _ in keys[regclass]["p"]), ()),
            unique=tuple(cols for cols, _ in keys[regclass]["u"]),
            foreign_keys=tuple(
                ForeignKey(cols, referenced, any(not by_name[c].not_null for c in cols))
                for cols, referenced in keys[regclass]["f"]
            ),
        ))
    feed_tables = sql.SQL("SELECT table_name FROM {}.feed_tables").format(sql.Identifier(TABLES_SCHEMA))
    feed = {row[0] for row in conn.execute(feed_tables)}
    schema_comments = dict(conn.execute(
        "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ANY(%s)",
        ([VIEWS_SCHEMA, TABLES_SCHEMA],),
    ).fetchall())
    return Catalog(
        views=tuple(r for r in relations if r.kind == "view"),
        feed_tables=tuple(r for r in relations if r.kind == "table" and r.name in feed),
        other_tables=tuple(r for r in relations if r.kind == "table" and r.name not in feed),
        functions=tuple(Function(*row) for row in conn.execute(_FUNCTIONS, (VIEWS_SCHEMA,))),
        schema_comments=schema_comments,
    )


def undocumented(catalog: Catalog) -> list[str]:
    """Every relation, column and function without a comment, as ``schema.name[.column]``."""
    missing = [r.qualified for r in catalog.relations if not r.comment]
    missing += [f"{r.qualified}.{c.name}" for r in catalog.relations for c in r.columns if not c.comment]
    missing += [f.signature for f in catalog.functions if not f.comment]
    return missing


# ---------------------------------------------------------------------------------------------------------------
# Markdown


def render_markdown(catalog: Catalog) -> str:
    """The schema reference: views, the diagram, tables, functions. Headings start at level 3, to sit under the
    README's "## The schema for consumers"."""
    parts = [
        f"### Views (`{VIEWS_SCHEMA}`)",
        _prose(catalog.schema_comments.get(VIEWS_SCHEMA)),
        *(_relation_section(r) for r in catalog.views),
        f"### Tables (`{TABLES_SCHEMA}`)",
        _prose(catalog.schema_comments.get(TABLES_SCHEMA)),
        "How the tables refer to each other (key columns only; a line is a foreign key, labelled with its "
        "columns):",
        render_mermaid(catalog),
        f"#### Feed tables\n\nEvery insert, update and delete of these tables (`{TABLES_SCHEMA}.feed_tables`) "
        f"reaches the change feed and the logical-replication publication.",
        *(_relation_section(r, level=5) for r in catalog.feed_tables),
        "#### Pipeline and feed-state tables\n\nWhat the pipeline and the change feed keep for themselves: "
        "sources, runs, rejects, the frontier, the feed and its cursors.",
        *(_relation_section(r, level=5) for r in catalog.other_tables),
        f"### Functions (`{VIEWS_SCHEMA}`)",
        _table(["function", "returns", "description"],
               [[_code(f.signature), _code(f.result), _prose(f.comment)] for f in catalog.functions]),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _relation_section(relation: Relation, level: int = 4) -> str:
    facts = []
    if relation.primary_key:
        facts.append(f"Primary key: {_columns(relation.primary_key)}.")
    if relation.unique:
        facts.append(f"Unique: {'; '.join(_columns(u) for u in relation.unique)}.")
    if relation.foreign_keys:
        refs = ", ".join(f"{_columns(fk.columns)} → `{fk.table}`" for fk in relation.foreign_keys)
        facts.append(f"References: {refs}.")
    rows = [[_code(c.name), c.type, _prose(c.comment)] for c in relation.columns]
    return "\n\n".join(p for p in [
        f"{'#' * level} `{relation.qualified}`",
        _prose(relation.comment),
        " ".join(facts),
        _table(["column", "type", "description"], rows),
    ] if p)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _text(comment: str | None) -> str:
    """A comment on one line (Markdown table cells and YAML scalars read better without line breaks)."""
    return " ".join((comment or "").split())


def _prose(comment: str | None) -> str:
    """A comment as Markdown text: on one line, and "<" escaped so that it cannot open an HTML tag."""
    return _text(comment).replace("<", "&lt;")


def _code(name: str) -> str:
    return f"`{name}`"


def _columns(names: tuple[str, ...]) -> str:
    inner = ", ".join(_code(n) for n in names)
    return inner if len(names) == 1 else f"({inner})"


# ---------------------------------------------------------------------------------------------------------------
# Mermaid


def render_mermaid(catalog: Catalog) -> str:
    """An ``erDiagram`` of the ``news`` tables: key columns per entity, one relationship per foreign key.

    Entities are the bare table names (all in schema ``news``); a relationship is "one (or zero, when the
    referencing column may be null) to many", labelled with the referencing columns."""
    lines = ["```mermaid", "erDiagram"]
    for table in catalog.tables:
        for fk in table.foreign_keys:
            parent = fk.table.removeprefix(f"{TABLES_SCHEMA}.")
            one = "|o" if fk.optional else "||"
            lines.append(f'    {parent} {one}--o{{ {table.name} : "{", ".join(fk.columns)}"')
    for table in catalog.tables:
        referencing = {c for fk in table.foreign_keys for c in fk.columns}
        lines.append(f"    {table.name} {{")
        for column in table.columns:
            marks = [mark for mark, keys in (("PK", table.primary_key), ("FK", referencing)) if column.name in keys]
            if marks:
                lines.append(f"        {_mermaid_type(column.type)} {column.name} {', '.join(marks)}")
        lines.append("    }")
    lines.append("```")
    return "\n".join(lines)


def _mermaid_type(type_: str) -> str:
    """Mermaid attribute types are single words: ``character varying`` -> ``character_varying``."""
    return re.sub(r"\s+", "_", type_)


# ---------------------------------------------------------------------------------------------------------------
# dbt


def render_dbt(catalog: Catalog) -> str:
    """A dbt ``sources.yml`` (dbt 1.10+ layout) declaring every ``newsfeed`` view with its descriptions, a
    freshness check where a view has a load-time column, and unique/not_null tests on the key a view carries
    from its table (``newsfeed.events.event_id`` is ``news.events``' primary key)."""
    table_keys = {t.name: t.primary_key for t in catalog.tables}
    tables = []
    for view in catalog.views:
        names = [c.name for c in view.columns]
        entry: dict[str, Any] = {"name": view.name, "description": _text(view.comment)}
        loaded_at = next((c for c in FRESHNESS_COLUMNS if c in names), None)
        if loaded_at:
            entry["config"] = {"loaded_at_field": loaded_at, "freshness": FRESHNESS}
        key = table_keys.get(view.name, ())
        columns = []
        for column in view.columns:
            described: dict[str, Any] = {"name": column.name, "description": _text(column.comment)}
            if key == (column.name,):
                described["data_tests"] = ["unique", "not_null"]
            columns.append(described)
        entry["columns"] = columns
        tables.append(entry)
    document = {"version": 2, "sources": [{
        "name": VIEWS_SCHEMA,
        "description": _text(catalog.schema_comments.get(VIEWS_SCHEMA)),
        "schema": VIEWS_SCHEMA,
        "tables": tables,
    }]}
    header = ("# Generated by `newsfeed schema dbt` from the database's COMMENT ON text (sql/); do not edit by hand.\n"
              "# See integrations/dbt/README.md.\n")
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 16)


class _Dumper(yaml.SafeDumper):
    """Writes ``sources.yml`` the way dbt's documentation does: list items indented under their key, and no
    anchors for repeated values (every freshness block is spelled out)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


# ---------------------------------------------------------------------------------------------------------------
# the README


def readme_section(readme: str) -> str:
    """The generated reference between the README's markers."""
    start, end = _section_bounds(readme)
    return readme[start:end].removeprefix("\n")


def update_readme(path: Path, markdown: str) -> bool:
    """Replace the reference between the markers with ``markdown``; returns whether the file changed."""
    readme = path.read_text(encoding="utf-8")
    start, end = _section_bounds(readme)
    updated = readme[:start] + "\n" + markdown + readme[end:]
    if updated != readme:
        path.write_text(updated, encoding="utf-8")
    return updated != readme


def _section_bounds(readme: str) -> tuple[int, int]:
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"the README has no {README_START} ... {README_END} section")
    return start + len(README_START), end
