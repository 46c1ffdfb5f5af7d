"""What one mention of a name says: whether it names an actor or only describes something else (a *weak* mention).

FORMAT.md keeps out places named only in a title or a dateline, and names that only describe something else ("U.S.
population", "a New York man", "Kazakhstan's Air Astana"), that say where people live or work ("teachers from
schools near Evansville"), that are examples ("states like Ohio") or reference points ("southwest of Ithaca").
``MentionRules`` is a mixin of the actor builder in ``actors``: it reads the builder's doc, name spans, quotations
and role tokens.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from etl.analyze.entities import PLACE_LABELS, NameSpan
from etl.analyze.gazetteer import Gazetteer
from etl.analyze.lexicon import actor_nouns, context_words, words

LOCATIVE_PREPOSITIONS = words(context_words(), "locative")
COMPASS_WORDS = words(context_words(), "compass")
AGENT_NOUNS = words(actor_nouns(), "agent")
ORG_WORDS = words(actor_nouns(), "orgword")
PEOPLE_NOUNS = words(actor_nouns(), "people")
PARTY_INITIALS = frozenset({"R", "D", "I"})  # "R-Neb.", "D-Minn.", "I-Vt.": Republican, Democrat, independent
PLACE_DESCRIPTION_STEPS = 6  # prepositions and nouns between a place and the people it describes


def in_regions(span: Span, regions: list[tuple[int, int]]) -> bool:
    return any(start <= span.start_char and span.end_char <= end for start, end in regions)


class MentionRules:
    """Rules over one mention in its sentence; the builder supplies the state below."""

    doc: Doc
    gazetteer: Gazetteer
    quotes: list[tuple[int, int]]
    role_tokens: set[int]
    name_tokens: dict[int, NameSpan]

    def _known_place(self, text: str) -> bool:
        g = self.gazetteer
        return bool(g.country(text) or g.capital(text) or g.place(text) or g.us_state(text))

    def _is_weak(self, name: NameSpan) -> bool:
        """Whether this mention, alone, does not make an actor (FORMAT.md's exclusions plus mere modifiers)."""
        if name.label == "NORP":
            return True
        if in_regions(name.span, self.quotes):
            return True  # quoted speech: "if we were any higher, we'd be North Dakota"
        if name.label != "PERSON" and any(i in self.role_tokens for i in range(name.span.start, name.span.end)):
            # "US Secretary of State", "White House Press Secretary": part of a title; but a body named by its
            # full name ("Indiana State Teachers Association President") is the one the person speaks for
            return not (name.label == "ORG" and any(t.lower_ in ORG_WORDS and t.is_title for t in name.span))
        if name.body or name.noun:
            return False
        root = name.span.root
        if self._is_reference_point(root):
            return True
        head = root.head
        if name.label in PLACE_LABELS and (self._describes_people(root) or self._is_example(root)):
            return True
        if name.label in PLACE_LABELS and (self._locates_place(name.span) or self._is_party_label(name.span)):
            return True
        if name.label in PLACE_LABELS:
            if root.dep_ in {"compound", "amod", "nmod", "npadvmod"} and head.pos_ == "NOUN" and head.i not in \
                    self.name_tokens:
                return True  # "the U.S. population", "a New York man", "US forces"
            if root.dep_ in {"compound", "poss", "nmod"} and head.i in self.name_tokens and \
                    self.name_tokens[head.i] is not name:
                return True  # "Kazakhstan's Air Astana": the organization's country
        return self._is_minor(name)

    def _locates_place(self, span: Span) -> bool:
        """"Palm Beach, Florida", "McAllen, Texas", "Columbia, S.C.", "Doha, Qatar": a state or a country written
        after a town only says where the town is (a list of states or countries, "Texas, Florida", does not)."""
        doc = self.doc
        if span.start < 2 or doc[span.start - 1].text != ",":
            return False
        town = self.name_tokens.get(span.start - 2)
        if town is None or town.label not in PLACE_LABELS or self._is_region(town.text):
            return False
        return self._is_region(span.text) or (len(span) == 1 and span.text.endswith(".") and span.text[:1].isupper())

    def _is_region(self, text: str) -> bool:
        """A country or a US state (by name or postal code)."""
        g = self.gazetteer
        place = g.place(text)
        return bool(g.country(text) or g.us_state(text) or (place is not None and place.kind == "state"))

    def _is_party_label(self, span: Span) -> bool:
        """"Sen. Ben Sasse, R-Neb.": the state in a lawmaker's party label."""
        doc = self.doc
        return (span.start >= 2 and doc[span.start - 1].text in {"-", "–"}
                and doc[span.start - 2].text in PARTY_INITIALS)

    def _is_minor(self, name: NameSpan) -> bool:
        """An organization only describing a thing ("his Navy jet", "the TexAuto Facts report"), not a source
        ("an AP journalist reported"). One such mention is no actor; an organization the article keeps coming
        back to this way ("Security Council resolutions", "a UN Security Council debate") is one."""
        root = name.span.root
        head = root.head
        return (name.label == "ORG" and not name.body and root.dep_ == "compound" and head.pos_ == "NOUN"
                and head.lower_ not in AGENT_NOUNS and head.i not in self.name_tokens
                and not in_regions(name.span, self.quotes))

    def _is_reference_point(self, root: Token) -> bool:
        """"a village southwest of Ithaca", "Carlineo, 55, of Addison": where someone or something is, no more."""
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ != "of":
            return False
        owner = prep.head
        if owner.lower_ in COMPASS_WORDS:
            return True
        owner_name = self.name_tokens.get(owner.i)
        return owner_name is not None and owner_name.label == "PERSON"

    def _is_example(self, root: Token) -> bool:
        """"key states like Ohio, Michigan and Pennsylvania", "regions such as Yunnan": places listed as examples
        of a kind of place, not taking part in anything themselves."""
        first = root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        prep = first.head
        if first.dep_ != "pobj" or prep.head.tag_ != "NNS":
            return False
        if prep.lower_ == "like":
            return True
        return prep.lower_ == "as" and prep.i > 0 and self.doc[prep.i - 1].lower_ == "such"

    def _describes_people(self, root: Token) -> bool:
        """"teachers from the schools near Evansville", "Scissors, a scholar with the American Enterprise Institute
        in Washington": a place that only says where people live or work."""
        current = root
        for _ in range(PLACE_DESCRIPTION_STEPS):
            if current.dep_ not in {"pobj", "prep", "conj", "appos"} or current.head.i == current.i:
                return False
            current = current.head
            if current.pos_ not in {"NOUN", "PROPN", "ADP"}:
                return False
            if current.pos_ == "ADP":
                continue
            if current.lower_ in PEOPLE_NOUNS:
                return True
            if current.dep_ == "appos":
                owner = self.name_tokens.get(current.head.i)
                if owner is not None and owner.label == "PERSON":
                    return True  # the place is in a description of a named person
        return False

    def _place_context(self, span: Span) -> bool:
        """Whether a capital names the city here ("in Moscow", "east Jerusalem", "Doha, Qatar"), not the state."""
        doc = self.doc
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None:
            if before.lower_ in LOCATIVE_PREPOSITIONS or before.lower_ in COMPASS_WORDS:
                return True
            if before.lower_ == "of" and span.start > 1 and (
                doc[span.start - 2].lower_ in COMPASS_WORDS or doc[span.start - 2].lower_ in {"city", "capital"}
            ):
                return True
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.text == "," and span.end + 1 < len(doc):
            following = self.name_tokens.get(span.end + 1)
            if following is not None and self.gazetteer.country(following.text):
                return True
        root = span.root
        for other in [*root.conjuncts, *([root.head] if root.dep_ == "conj" else [])]:
            listed = self.name_tokens.get(other.i)
            if listed is not None and not self.gazetteer.country(listed.text) and self._known_place(listed.text):
                return True  # "Colorado, Washington, Alaska": a list of states and cities
        return root.dep_ in {"compound", "nmod"} and root.head.pos_ == "NOUN"
