"""The seed article (the one that shows what the product is for) through ``newsfeed extract``."""

from __future__ import annotations

import json

import pytest

from etl.cli import main
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed_document() -> dict:
    path = shared_path("data", "seed", "biden-putin-summit.txt")
    out = pytest.importorskip("io").StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        assert main(["extract", "--id", "seed-biden-putin-summit", "--published", "2022-02-20", str(path)]) == 0
    return json.loads(out.getvalue())


def test_document_has_the_published_format(seed_document: dict) -> None:
    assert set(seed_document) == {"id", "url", "published", "title", "actors", "statements", "figures", "events"}
    assert seed_document["id"] == "seed-biden-putin-summit" and seed_document["published"] == "2022-02-20"


def test_the_leaders_are_person_actors(seed_document: dict) -> None:
    people = {a["name"] for a in seed_document["actors"] if a["type"] == "person"}
    assert {"Vladimir Putin", "Jen Psaki", "Antony Blinken", "Sergey Lavrov", "Volodymyr Zelensky"} <= people


def test_psaki_is_quoted(seed_document: dict) -> None:
    assert any(s["speaker"] == "Jen Psaki" and "diplomacy" in s["quote"] for s in seed_document["statements"])


def test_the_troop_range(seed_document: dict) -> None:
    assert any(f["value"] == 160000 and f["value_high"] == 190000 and f["object"] == "troops"
               for f in seed_document["figures"])


def test_blinken_and_lavrov_meet_on_thursday(seed_document: dict) -> None:
    sides = lambda e: {*e["source"], *e["target"]}  # noqa: E731
    assert any(e["type"] == "CONSULT" and {"Antony Blinken", "Sergey Lavrov"} <= sides(e)
               and e["date"] == "2022-02-24" for e in seed_document["events"])
