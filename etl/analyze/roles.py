"""Roles next to people's names: "Secretary of State Antony Blinken", "Jane Doe, the foreign minister".

The role is split off the name and kept on the person; the places and organizations inside it ("US" in "US Secretary
of State", "White House" in "White House Press Secretary") then only describe the person, which is why ``actors``
asks for the role's tokens and not just its text.
"""

from __future__ import annotations

from spacy.tokens import Span

from etl.analyze.lexicon import is_title_head, is_title_word

MAX_APPOSITION_ROLE = 10  # longer appositions are clauses about the person, not titles
CLAUSE_POS = frozenset({"SCONJ", "VERB", "AUX", "PUNCT"})
ROLE_ENTITY_LABELS = frozenset({"NORP", "GPE", "ORG"})
COUNTRY_LABELS = frozenset({"NORP", "GPE"})  # may open a role though not capitalised as a word ("US", "UK")


def role_before(span: Span) -> Span | None:
    """The title words right before a name ("Russian Foreign Minister" Sergey Lavrov), if they include a title."""
    doc = span.doc
    start = span.start
    i = span.start - 1
    while i >= 0:
        token = doc[i]
        joins_titles = token.lower_ in {"of", "for", "-"} and i > 0 and is_title_word(doc[i - 1])
        named = token.ent_type_ in ROLE_ENTITY_LABELS or (token.is_title and token.pos_ == "PROPN")
        owner = token.tag_ == "POS" and i > 0 and doc[i - 1].ent_type_ in {"GPE", "ORG"}  # "China's ambassador"
        if not (is_title_word(token) or joins_titles or named or owner):
            break
        start = i
        i -= 1
    role = doc[start:span.start]
    while len(role) and not is_title_word(role[0]) and not role[0].is_title and role[0].ent_type_ not in COUNTRY_LABELS:
        role = role[1:]
    if not any(is_title_head(t) for t in role):
        return None
    return role


def role_apposition(span: Span) -> Span | None:
    """A role given beside the name: "Jane Doe, the foreign minister, said" or "his attorney, Jane Doe, said"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and is_title_head(child):
            tokens = [t for t in child.subtree if t.dep_ != "punct"]
            while tokens and tokens[0].dep_ == "det":
                tokens = tokens[1:]
            if tokens and len(tokens) <= MAX_APPOSITION_ROLE:
                return span.doc[tokens[0].i:tokens[-1].i + 1]
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and is_title_head(head):
        first = head.i  # "Carlineo's attorney, Sonya Zoghlin": the noun phrase ending in the title
        while first > head.left_edge.i and span.doc[first - 1].pos_ not in CLAUSE_POS and \
                span.doc[first - 1].dep_ not in {"det", "mark", "punct"}:
            first -= 1
        if head.i - first < MAX_APPOSITION_ROLE:
            return span.doc[first:head.i + 1]
    return _role_before_comma(span)


def _role_before_comma(span: Span) -> Span | None:
    """A title phrase that ends in a comma right before the name, which the small parser did not hang on it: "dragged
    the Inspector-General of Police, Ibrahim Idris, to court" (the name made an adverbial of the verb)."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != "," or span.root.dep_ in {"appos", "conj"}:
        return None
    head = doc[span.start - 2]
    while head.head.i != head.i and head.head.i < span.start and head.head.right_edge.i == span.start - 2:
        head = head.head  # "Police" -> "of" -> "General": the phrase that ends at the comma
    if not is_title_head(head) or head.right_edge.i != span.start - 2:
        return None
    start = head.left_edge.i + (head.left_edge.dep_ in {"det", "punct"})  # "the Inspector-General": from "Inspector"
    return doc[start:span.start - 1] if span.start - 1 - start <= MAX_APPOSITION_ROLE else None


def find_role(span: Span) -> Span | None:
    """The person's role in this mention, before the name or in apposition, else None."""
    role = role_before(span) or role_apposition(span)
    if role is None:
        return None
    for token in role:
        if token.is_space or "\n" in token.whitespace_:  # a role never runs over a line break
            end = token.i if token.is_space else token.i + 1
            role = role.doc[role.start:end]
            break
    while len(role) and (role[-1].is_punct or role[-1].is_space):
        role = role[:-1]
    return role if len(role) and any(is_title_head(t) for t in role) else None
