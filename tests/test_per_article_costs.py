"""Nothing loads a model, opens a connection or compiles a pattern per article (issue 10).

The pipeline runs once over a first set of pages, so everything loaded or compiled on first use is; then over a
second set made from the same template with other people, places, organisations and numbers. Anything the second
run loads, connects or compiles is paid per article — most likely a pattern built from an article's own words.
"""

from __future__ import annotations

import re._compiler
import sys
from pathlib import Path

import psycopg
import pytest
import spacy

from etl.pipeline import run_pipeline
from etl.store.sources import add_source

ETL = str(Path(__file__).resolve().parents[1] / "etl")
RE_MODULE = str(Path(re.__file__).parent)

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{city} talks: {org} agrees deal</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{city} talks: {org} agrees deal",
"datePublished": "2026-03-{day:02d}T09:30:00Z", "author": {{"@type": "Person", "name": "{reporter}"}}}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{city} talks: {org} agrees deal</h1><p class="byline">By {reporter}</p>
<p>{city}, {country} - {leader}, the president of {country}, met executives of {org} on Tuesday and signed an
agreement to build a {km} km railway costing ${billions}.{tenths} billion, officials said.</p>
<p>"This line will carry {tonnes},000 tonnes a year," {leader} told reporters. "We waited {years} years for it."</p>
<p>{org} said on Wednesday that it would hire {jobs} workers, a rise of {percent} percent. Protesters from
{union} marched outside the ministry and threatened to strike if {org} cut wages.</p>
<p>The deal follows a dispute between {country} and {neighbour} over the border, which {leader} accused
{neighbour} of blocking last month.</p></article><footer>Copyright {org} News</footer></body></html>"""
"""Our own page: a dateline, a quotation with its speaker, figures, an agreement, a protest, an accusation."""

FIRST = [
    dict(city="Lisbon", country="Portugal", neighbour="Spain", leader="Ana Sousa", org="Ferrovia Atlantica",
         union="the Rail Workers Union", reporter="Mark Jensen"),
    dict(city="Nairobi", country="Kenya", neighbour="Tanzania", leader="Grace Wanjiru", org="Savanna Rail",
         union="the Transport Guild", reporter="Paul Otieno"),
    dict(city="Lima", country="Peru", neighbour="Chile", leader="Diego Paredes", org="Andes Freight",
         union="the Miners Federation", reporter="Laura Quispe"),
]
SECOND = [
    dict(city="Hanoi", country="Vietnam", neighbour="Laos", leader="Linh Tran", org="Mekong Logistics",
         union="the Dockers Alliance", reporter="Minh Pham"),
    dict(city="Accra", country="Ghana", neighbour="Togo", leader="Kwame Asante", org="Volta Railways",
         union="the Port Workers Union", reporter="Ama Owusu"),
    dict(city="Tbilisi", country="Georgia", neighbour="Armenia", leader="Nino Beridze", org="Caucasus Cargo",
         union="the Engineers Guild", reporter="Levan Kapanadze"),
]


def _write_pages(folder: Path, people: list[dict[str, str]], offset: int) -> None:
    folder.mkdir()
    for n, names in enumerate(people, start=offset):
        numbers = dict(day=n + 1, km=100 + 37 * n, billions=n + 1, tenths=n % 10, tonnes=40 + n, years=10 + n,
                       jobs=1200 + 75 * n, percent=5 + n)
        (folder / f"deal-{n}.html").write_text(PAGE.format(**names, **numbers), encoding="utf-8")


def _caller_in_etl() -> str | None:
    """``file:line`` of the code of ours that asked ``re`` to compile, if it was ours."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(RE_MODULE):
        frame = frame.f_back
    if frame is None or not frame.f_code.co_filename.startswith(ETL):
        return None
    return f"{frame.f_code.co_filename.removeprefix(ETL)}:{frame.f_lineno}"


def test_nothing_is_loaded_connected_or_compiled_per_article(conn: psycopg.Connection, tmp_path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _write_pages(tmp_path / "first", FIRST, 0)
    add_source(conn, "first", "files", str(tmp_path / "first"))
    _, counts = run_pipeline(conn)
    assert counts["loaded"] == len(FIRST)

    models: list[str] = []
    connections: list[object] = []
    patterns: list[tuple[str, str]] = []
    load, connect, compile_ = spacy.load, psycopg.Connection.connect, re._compiler.compile

    def counting_load(name, *args, **kwargs):
        models.append(str(name))
        return load(name, *args, **kwargs)

    def counting_connect(cls, *args, **kwargs):
        connections.append(args)
        return connect(*args, **kwargs)

    def counting_compile(pattern, flags=0):
        where = _caller_in_etl()
        if where is not None:
            patterns.append((where, str(pattern)[:80]))
        return compile_(pattern, flags)

    _write_pages(tmp_path / "second", SECOND, len(FIRST))
    add_source(conn, "second", "files", str(tmp_path / "second"))
    with monkeypatch.context() as hooks:  # only around the second run (undo() would also undo the fixtures' env)
        hooks.setattr(spacy, "load", counting_load)
        hooks.setattr(psycopg.Connection, "connect", classmethod(counting_connect))
        hooks.setattr(re._compiler, "compile", counting_compile)
        _, counts = run_pipeline(conn)

    assert counts["loaded"] == len(SECOND) and counts["analyzed"] == len(SECOND)
    assert conn.execute("SELECT count(*) FROM news.events e JOIN news.articles a USING (article_id)"
                        " WHERE a.title LIKE 'Hanoi%'").fetchone()[0] > 0  # the second set was really analyzed
    assert models == [], "a model was loaded again for later articles"
    assert connections == [], "the pipeline opened connections for later articles"
    assert patterns == [], f"patterns compiled for later articles: {patterns}"
