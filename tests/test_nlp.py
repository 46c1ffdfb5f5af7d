"""The spaCy model: loaded once per process, and always the one the settings name."""

from __future__ import annotations

import pytest

from etl.analyze.nlp import load_nlp
from etl.config import get_settings


def test_the_model_is_the_one_the_settings_name_even_after_another_was_loaded(monkeypatch) -> None:
    assert load_nlp() is load_nlp()  # loaded once per process
    monkeypatch.setenv("NEWSFEED_SPACY_MODEL", "no_such_model_package")
    get_settings.cache_clear()
    try:
        with pytest.raises(OSError, match="no_such_model_package"):
            load_nlp()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert load_nlp() is load_nlp()
