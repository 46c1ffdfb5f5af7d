"""The ActorIndex: one article's actors and the look-ups statements and events make through it.

``actors.find_actors`` builds it; this module only answers questions: which actor a token belongs to, which actors a
noun phrase names ("Biden and Macron", "U.S. officials", "he", "the president"), and which weak actors something
used, so that they are emitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from etl.analyze.lexicon import is_title_head, title_forms
from etl.models import Actor

PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}


@dataclass
class ActorIndex:
    """The article's actors and a map from token positions to them."""

    doc: Doc
    actors: list[Actor]
    weak: list[bool]
    token_actor: dict[int, int]
    used: set[int] = field(default_factory=set)

    def at_token(self, token: Token) -> Actor | None:
        index = self.token_actor.get(token.i)
        return None if index is None else self.actors[index]

    def mark_used(self, actor: Actor) -> None:
        """Statements and events call this so weak actors they rely on ("Russian forces") are emitted."""
        for index, candidate in enumerate(self.actors):
            if candidate is actor:
                self.used.add(index)

    def is_weak(self, actor: Actor) -> bool:
        """Only described, not named ("Russian forces" -> Russia): emitted only when something relies on it."""
        return any(candidate is actor and weak for candidate, weak in zip(self.actors, self.weak, strict=True))

    def emitted(self) -> list[Actor]:
        """Actors for the document: every one named as an actor, plus weak ones something refers to."""
        return [a for i, a in enumerate(self.actors) if not self.weak[i] or i in self.used]

    def resolve(self, token: Token) -> list[Actor]:
        """Actors a noun phrase headed by ``token`` names, following coordination ("Biden and Macron")."""
        found: list[Actor] = []
        for head in [token, *_conjuncts(token)]:
            for actor in self._phrase_actors(head):
                if all(actor is not other for other in found):
                    found.append(actor)
        return found

    def resolve_one(self, token: Token) -> list[Actor]:
        """Actors the noun phrase headed by ``token`` names, without its coordinated phrases."""
        return self._phrase_actors(token)

    def _phrase_actors(self, token: Token) -> list[Actor]:
        direct = self.at_token(token)
        if direct is not None:
            return [direct]
        if token.lower_ in PERSONAL_PRONOUNS:
            person = self.previous_person(token)
            return [person] if person else []
        # "U.S. officials", "Russian forces", "the Kremlin's spokesman": actors modifying a generic head
        modifiers = [
            self.at_token(child)
            for child in token.children
            if child.dep_ in {"compound", "amod", "nmod", "poss"} and child.i < token.i
        ]
        named = [actor for actor in modifiers if actor is not None]
        if named:
            return named
        if is_title_head(token):
            holder = self.role_holder(token)
            if holder:
                return [holder]
        for child in token.children:  # "officials from Moscow", "a spokesman for the ministry"
            if child.dep_ == "prep" and child.lower_ in {"from", "of", "for"}:
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return self._phrase_actors(grandchild)
        return []

    def previous_person(self, token: Token) -> Actor | None:
        """The person mentioned last before ``token``: what "he" or "she" most often refers to in news prose."""
        for i in range(token.i - 1, -1, -1):
            actor = self.at_token(self.doc[i])
            if actor is not None and actor.type == "person":
                return actor
        return None

    def role_holder(self, token: Token) -> Actor | None:
        """The person whose role contains this title word ("the president"), the latest mentioned if several."""
        word = token.lower_
        holders = [a for a in self.actors if a.type == "person"
                   and any(word in title_forms(w) for r in a.roles for w in r.lower().replace("-", " ").split())]
        if not holders:
            return None
        if len(holders) == 1:
            return holders[0]
        best = None
        for i in range(token.i - 1, -1, -1):
            actor = self.at_token(self.doc[i])
            if actor is not None and any(actor is h for h in holders):
                best = actor
                break
        return best or holders[0]


def _conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i > token.i]

