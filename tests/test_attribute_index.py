"""The indexed attribute ruler must leave every token exactly as spaCy's own ``AttributeRuler`` does.

Both rulers are run on copies of the same documents, parsed up to the ruler, with the model's own rules (on real
articles) and with hand-written rules that take every path: values the rules never name, IN / NOT_IN / REGEX,
rules over two tokens with a target index, and later rules overriding earlier ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from etl.analyze.attribute_index import AttributeIndex
from etl.analyze.nlp import load_nlp
from tests.conftest import shared_path

OWN_TEXT = (
    "There is a problem, and there were two more. I'd say it isn't over: we're gonna need help, y'all know that. "
    "Let's go. \n\n  She gave it to me, because if you ask, they will. Nothin' has changed since Tuesday; "
    "the minister, who has resigned, did not ask whether it was true. Which of those did he do?"
)
TRICKY_RULES: list[dict[str, Any]] = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "noun", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["problem", "help"]}}]], "attrs": {"LEMMA": "named"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["nsubj", ""]}, "TAG": {"IN": ["PRP", "DT"]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": {"REGEX": "^th"}}], [{"IS_SPACE": True}]], "attrs": {"LEMMA": "th-or-space"}},
    {"patterns": [[{"LOWER": "there"}, {"LOWER": {"IN": ["is", "were"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "going"}, "index": -2},
    {"patterns": [[{"TAG": "NN"}, {"OP": "?"}]], "attrs": {"MORPH": "Overridden=Yes"}},
    {"patterns": [[{"IS_PUNCT": True, "LOWER": ","}]], "attrs": {"TAG": "COMMA", "POS": "PUNCT"}},
]


def _annotations(docs: Iterable[Doc]) -> list[list[tuple[str, ...]]]:
    return [[(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in docs]


def _up_to_the_ruler(nlp: Language, texts: list[str]) -> list[Doc]:
    """The texts through every component before the attribute ruler."""
    names = nlp.pipe_names
    before = names[: names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        return list(nlp.pipe(texts))


def _both(nlp: Language, texts: list[str], rules: list[dict[str, Any]]) -> tuple[list[Doc], list[Doc]]:
    docs = _up_to_the_ruler(nlp, texts)
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(rules)
    indexed = AttributeIndex(nlp, "attribute_ruler", rules)
    return [stock(doc.copy()) for doc in docs], [indexed(doc.copy()) for doc in docs]


def test_the_pipeline_runs_the_indexed_ruler_with_the_models_rules() -> None:
    component = load_nlp().get_pipe("attribute_ruler")
    assert isinstance(component, AttributeIndex)
    assert len(component.patterns) > 100  # the model's rules, not an empty set


def test_hand_written_rules_leave_the_same_tokens_as_spacys_ruler() -> None:
    stock, indexed = _both(load_nlp(), [OWN_TEXT], TRICKY_RULES)
    assert _annotations(indexed) == _annotations(stock)
    changed = [t for t in stock[0] if t.lemma_ in {"noun", "named", "th-or-space", "going"} or t.pos_ == "X"]
    assert len(changed) > 10  # the rules did apply, so the comparison compares something


def test_the_models_rules_leave_the_same_tokens_as_spacys_ruler_on_real_articles() -> None:
    truth = json.loads(shared_path("data", "article-benchmark", "ground-truth.json").read_text(encoding="utf-8"))
    texts = [item["articleBody"] for _, item in sorted(truth.items())][:60]
    nlp = load_nlp()
    stock, indexed = _both(nlp, texts, nlp.get_pipe("attribute_ruler").patterns)
    assert _annotations(indexed) == _annotations(stock)
