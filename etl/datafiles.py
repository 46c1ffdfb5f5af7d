"""The reviewed data files under ``etl/data`` (word lists, lexicons, aliases), read one way and once per process.

Every file is plain text: blank lines and lines starting with ``#`` (the reviewers' comments) are skipped; TSV
files have tab-separated cells, each stripped, with no quoting (notes columns may contain quotation marks).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The entries of ``etl/data/<name>``: non-blank, non-comment lines, stripped."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@cache
def data_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the TSV file ``etl/data/<name>``, each a tuple of stripped cells."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return tuple(
        tuple(cell.strip() for cell in line.split("\t"))
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
