"""The README's configuration table names every setting, with the default the code has."""

from __future__ import annotations

import re
from pathlib import Path

from etl.config import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `NEWSFEED_([A-Z_]+)` \| (.+?) \| .+ \|$", re.M)


def _written(default: object) -> set[str]:
    """The ways the table may write a default: `true`; `10` or `10.0` for 10.0; `50`."""
    if isinstance(default, bool):
        return {f"`{str(default).lower()}`"}
    if isinstance(default, float) and default.is_integer():
        return {f"`{int(default)}`", f"`{default}`"}
    return {f"`{default}`"}


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    rows = {name.lower(): default for name, default in ROW.findall(README.read_text(encoding="utf-8"))}
    assert set(rows) == set(Settings.model_fields), "README's configuration table and etl/config.py disagree"
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None or field.default in (None, "") or isinstance(field.default, Path):
            continue  # computed defaults (all cores, the project folder) and "unset"/"empty" are written in words
        assert any(form in rows[name] for form in _written(field.default)), (
            f"NEWSFEED_{name.upper()}: the code's default is {field.default!r}, README says {rows[name]}")
