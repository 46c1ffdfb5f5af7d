"""spaCy's attribute ruler with its one-token rules looked up by token instead of tried at every position.

The English models map each tag to its part of speech and morphology, and correct some words' lemmas, with an
``AttributeRuler`` of about 180 rules. Its ``Matcher`` tries every rule at every token, which costs about 13 ms per
news article (10% of the whole spaCy pipeline, as much as the dependency parser), although almost every rule reads
one token only. Which one-token rules hold for a token depends only on the few attributes those rules read (tag,
lower-case form, dependency, is-space for the English models), and of a word form only on whether it is one of the
forms some rule names, so the answer is worked out once per combination and then looked up. Rules over several
tokens still go through a ``Matcher``, and every rule is applied in the ruler's own order, later ones overriding
earlier ones, so the tokens come out exactly as the stock ruler leaves them (``tests/test_attribute_index.py``
compares the two on real articles).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

FACTORY = "newsfeed_attribute_index"
STRING_ATTRIBUTES = {"ORTH": "orth", "TEXT": "orth", "LOWER": "lower", "NORM": "norm", "TAG": "tag", "POS": "pos",
                     "DEP": "dep", "LEMMA": "lemma", "SHAPE": "shape", "ENT_TYPE": "ent_type"}
FLAG_ATTRIBUTES = {"IS_SPACE": "is_space", "IS_PUNCT": "is_punct", "IS_DIGIT": "is_digit", "IS_ALPHA": "is_alpha",
                   "IS_TITLE": "is_title", "IS_UPPER": "is_upper", "IS_LOWER": "is_lower"}
OTHER = -1  # any value of an attribute that no rule names: every equality and IN test fails, every NOT_IN holds
MOST_REMEMBERED = 100_000
"""Combinations of raw attribute values (word forms among them) whose answer is remembered; new words keep coming,
so the memory is emptied when full (about 20 MB) and refills from the rule-level lookup, which stays small."""


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Swap the pipeline's stock attribute ruler (if it has one) for the indexed one, with the same rules."""
    if name in nlp.pipe_names and isinstance(nlp.get_pipe(name), AttributeRuler):
        nlp.replace_pipe(name, FACTORY, config={"patterns": nlp.get_pipe(name).patterns})


@Language.factory(FACTORY, default_config={"patterns": []})
def make_attribute_index(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> AttributeIndex:
    return AttributeIndex(nlp, name, patterns)


@dataclass
class _Reader:
    """One attribute as the lookup key holds it: the value if some rule names it, else OTHER; plus, when rules
    test it with regular expressions, each expression's answer."""

    attribute: str  # integer attribute of Token ("lower"), or a flag ("is_space")
    named: set[Any] = field(default_factory=set)
    regexes: list[re.Pattern[str]] = field(default_factory=list)

    def part(self, token: Token) -> Any:
        value = getattr(token, self.attribute)
        named = value if value in self.named else OTHER
        if not self.regexes:
            return named
        text = getattr(token, self.attribute + "_")
        return (named, *(bool(regex.search(text)) for regex in self.regexes))


class AttributeIndex:
    """An ``AttributeRuler`` whose one-token rules are answered by a lookup on the attributes they read."""

    def __init__(self, nlp: Language, name: str, patterns: Iterable[dict[str, Any]]) -> None:
        self.name = name
        self.patterns = list(patterns)  # the rules as given, as ``AttributeRuler.patterns`` lists them
        self.attrs: list[dict[int, Any]] = []  # per rule, normalised as the stock ruler does
        self.indices: list[int] = []
        self.readers: dict[str, _Reader] = {}
        self.single: list[tuple[int, list[tuple[int, Callable[[Any], bool]]]]] = []  # rule number, (key slot, test)
        self.several = Matcher(nlp.vocab, validate=True)  # alternatives over several tokens, or unreadable ones
        alternatives = []
        for number, rule in enumerate(self.patterns):
            self.attrs.append(normalize_token_attrs(nlp.vocab, rule["attrs"]))
            self.indices.append(rule.get("index", 0))
            for alternative in rule["patterns"]:
                if self.indices[number] in (0, -1) and _readable(alternative):
                    alternatives.append((number, alternative[0]))
                else:
                    self.several.add(str(number), [alternative])
        for _, spec in alternatives:
            for key, wanted in spec.items():
                self._note(key, wanted)
        self.slots = {attribute: slot for slot, attribute in enumerate(self.readers)}
        for number, spec in alternatives:
            self.single.append((number, [self._test(key, wanted) for key, wanted in spec.items()]))
        self.by_key: dict[tuple[Any, ...], dict[int, Any]] = {}  # key as the rules see it -> attributes to set
        self.raw_values = attrgetter(*self.readers) if self.readers else (lambda token: ())
        self.by_raw: dict[Any, dict[int, Any]] = {}  # the token's own values -> attributes to set

    def __call__(self, doc: Doc) -> Doc:
        extra = self._several_token_rules(doc)
        by_raw, raw_values = self.by_raw, self.raw_values
        for token in doc:
            attrs = by_raw.get(raw_values(token))
            if attrs is None:
                attrs = self._attributes_for(token)
            if token.i in extra:
                attrs = self._merge([*self._holding(self._key(token)), *extra[token.i]])
            if attrs:
                set_token_attrs(token, attrs)
        return doc

    def _attributes_for(self, token: Token) -> dict[int, Any]:
        key = self._key(token)
        attrs = self.by_key.get(key)
        if attrs is None:
            attrs = self.by_key[key] = self._merge(self._holding(key))
        if len(self.by_raw) >= MOST_REMEMBERED:
            self.by_raw.clear()
        self.by_raw[self.raw_values(token)] = attrs
        return attrs

    def _key(self, token: Token) -> tuple[Any, ...]:
        return tuple([reader.part(token) for reader in self.readers.values()])

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _note(self, key: str, wanted: Any) -> None:
        """Record the values (or expressions) rules test ``key`` against."""
        reader = self.readers.setdefault(_attribute(key), _Reader(_attribute(key)))
        values = wanted.get("IN", wanted.get("NOT_IN")) if isinstance(wanted, dict) else [wanted]
        if isinstance(wanted, dict) and "REGEX" in wanted:
            reader.regexes.append(re.compile(wanted["REGEX"]))
        elif values is not None:
            reader.named |= {_as_value(key, value) for value in values}

    def _test(self, key: str, wanted: Any) -> tuple[int, Callable[[Any], bool]]:
        """A test of one part of the lookup key, equivalent to the Matcher's test of the token."""
        reader = self.readers[_attribute(key)]
        slot = self.slots[reader.attribute]
        if not isinstance(wanted, dict):
            value = _as_value(key, wanted)
            return slot, (lambda part: _value(part) == value)
        ((operator, argument),) = wanted.items()
        if operator == "REGEX":
            position = 1 + [regex.pattern for regex in reader.regexes].index(argument)
            return slot, (lambda part: part[position])
        values = {_as_value(key, value) for value in argument}
        if operator == "IN":
            return slot, (lambda part: _value(part) in values)
        return slot, (lambda part: _value(part) not in values)

    def _holding(self, key: tuple[Any, ...]) -> list[int]:
        """Numbers of the one-token rules that hold for a token with this key."""
        return [number for number, tests in self.single if all(test(key[slot]) for slot, test in tests)]

    def _several_token_rules(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> numbers of the rules over several tokens that set its attributes."""
        extra: dict[int, list[int]] = {}
        if len(self.several):
            for match_id, start, end in self.several(doc, allow_missing=True):
                number = int(doc.vocab.strings[match_id])
                extra.setdefault(doc[start:end][self.indices[number]].i, []).append(number)
        return extra

    def _merge(self, numbers: Iterable[int]) -> dict[int, Any]:
        """The attributes the rules set, applied in rule order: a later rule overrides an earlier one."""
        merged: dict[int, Any] = {}
        for number in sorted(numbers):
            merged.update(self.attrs[number])
        return merged


def _readable(alternative: list[dict[str, Any]]) -> bool:
    """Whether the alternative reads one token by plain values, IN, NOT_IN or REGEX only (no operators or
    extension attributes), so that the lookup key can answer it."""
    if len(alternative) != 1:
        return False
    for key, wanted in alternative[0].items():
        if key not in STRING_ATTRIBUTES and key not in FLAG_ATTRIBUTES:
            return False
        if isinstance(wanted, dict) and (len(wanted) != 1 or next(iter(wanted)) not in ("IN", "NOT_IN", "REGEX")):
            return False
        if isinstance(wanted, dict) and "REGEX" in wanted and key not in STRING_ATTRIBUTES:
            return False
    return True


def _attribute(key: str) -> str:
    return STRING_ATTRIBUTES.get(key) or FLAG_ATTRIBUTES[key]


def _as_value(key: str, wanted: Any) -> Any:
    """A pattern's value as the token's integer attribute holds it (a string's id; flags stay booleans)."""
    return get_string_id(wanted) if key in STRING_ATTRIBUTES else bool(wanted)


def _value(part: Any) -> Any:
    """The value in a key part (a part with regular-expression answers is a tuple that starts with it)."""
    return part[0] if isinstance(part, tuple) else part
