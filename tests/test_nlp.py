"""The spaCy model: loaded once per process, and always the one the settings name."""

from __future__ import annotations

import pytest

from etl.analyze.nlp import load_nlp, parse_texts, text_batches
from etl.config import get_settings


def test_the_model_is_the_one_the_settings_name_even_after_another_was_loaded(monkeypatch) -> None:
    assert load_nlp() is load_nlp()  # loaded once per process
    with monkeypatch.context() as env:
        env.setenv("NEWSFEED_SPACY_MODEL", "no_such_model_package")
        get_settings.cache_clear()
        with pytest.raises(OSError, match="no_such_model_package"):
            load_nlp()
    get_settings.cache_clear()
    assert load_nlp() is load_nlp()


def test_batches_keep_the_order_and_bound_both_texts_and_characters() -> None:
    texts = ["a" * 30, "b" * 30, "c" * 100, "d" * 10, "e" * 10, "f" * 10, "g" * 45]
    batches = list(text_batches(texts, most_texts=2, most_chars=60))
    assert [t for batch in batches for t in batch] == texts
    # "a"+"b" are 60 characters; "c" is longer than 60, so alone; "d"+"e" reach the 2-text bound; "f"+"g" fit in 60
    assert [[text[0] for text in batch] for batch in batches] == [["a", "b"], ["c"], ["d", "e"], ["f", "g"]]
    assert list(text_batches(["x" * 10] * 5, most_texts=16, most_chars=25)) == [["x" * 10] * 2] * 2 + [["x" * 10]]


def test_parse_texts_gives_one_doc_per_text_in_order_whatever_the_batches() -> None:
    texts = [f"Mayor Ana Diaz opened bridge number {n} in Springfield on Monday." * (1 + n % 3) for n in range(7)]
    docs = list(parse_texts(texts, batch_size=3, batch_chars=150))
    assert [doc.text for doc in docs] == texts
    assert all(doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB") for doc in docs)
