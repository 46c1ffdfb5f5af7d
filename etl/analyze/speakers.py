"""Who a speaker phrase names: the actor behind "he", "the commissioner", "U.S. officials" or "the company".

``ActorIndex.resolve`` answers for names and for actors modifying a generic head. Attribution needs more, and
needs it to be careful, because a quote with the wrong speaker is worse than one with none:

- pronouns: "he said" is resolved to the person meant, preferring the subject of the nearest sentence and
  refusing a person whose gender the article has already fixed otherwise (learnt in one pass over the pronouns);
- titles: "China's ambassador to Britain accused ..." names the person the article calls that elsewhere, even
  later ("China's ambassador to Britain Liu Xiaming has said ...");
- groups: only nouns that speak for an actor ("officials", "a spokesman", "the ministry") inherit the actor that
  modifies them; "Israeli settlers" or "aviation analysts" speak for no actor, so they give no speaker;
- "the company" / "the French manufacturer" refer back to the organization named last;
- "both men" / "they" refer back to persons just named together ("King and Weeks"); "they" also to a subject
  naming a person and a body together ("Gov. Eric Holcomb and leaders of the Legislature");
- "his office" speaks for him; "the 56-year-old" is the person the last sentences were about; an abbreviated
  title ("Gov. Eric Holcomb") answers to the full word ("the governor"), the holder mentioned last first, but a
  title someone owns ("Morrison's lawyer") is not another holder of it ("Trump's lawyer Rudy Giuliani");
- "the real estate agent", "the woman": a definite person noun is the subject of the sentence before;
- "prosecutors said": members speak for the one body of the article their noun belongs to ("U.S. Attorney's Office").

The reviewed word lists live in ``etl/data/speaker_nouns.tsv`` and ``etl/data/gender_words.tsv``.
"""

from __future__ import annotations

import logging
from functools import cache

from spacy.tokens import Doc, Token

from etl.analyze.actors import ActorIndex, is_title_head, is_title_word
from etl.analyze.lexicon import actor_nouns, title_forms, words
from etl.analyze.nlp import doc_text, doc_tokens
from etl.analyze.quotes import find_quote_spans
from etl.datafiles import data_rows
from etl.models import Actor

log = logging.getLogger(__name__)

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
NAME_PARTS = {"compound", "appos", "flat", "conj"}
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
SPEAKING_PRONOUNS = {"he": "m", "she": "f", "his": "m", "her": "f"}  # "his vow that ...", "her claim that ..."
ANTECEDENT_SENTENCES = 4  # how far back a pronoun may look for its person
TITLE_LOOKAHEAD = 6  # "China's ambassador to Britain Liu Xiaming": tokens from the title to the name
DOCUMENT_PREPOSITIONS = {"from", "of", "for", "by", "at"}
# a document "issued by" someone is theirs; one "obtained by" or "leaked to" a newspaper is not the paper's
ISSUING_VERBS = {"issue", "release", "publish", "receive", "compile", "prepare", "sign", "send", "write"}
PERSON_NOUNS = words(actor_nouns(), "people") | words(actor_nouns(), "agent")  # "the teacher", "the woman"
MEDIA_WORDS = {"news", "newspaper", "paper", "outlet", "broadcaster", "network", "magazine", "channel", "agency",
               "wire"}  # "the news organization" may refer back to the outlet a story cites


def _read_tsv(name: str) -> dict[str, str]:
    return {row[0]: row[1] for row in data_rows(name) if len(row) >= 2}


@cache
def speaker_nouns() -> dict[str, str]:
    """``word -> spokesperson | organization | plural | member`` from ``etl/data/speaker_nouns.tsv``."""
    return _read_tsv("speaker_nouns.tsv")


@cache
def member_bodies() -> dict[str, frozenset[str]]:
    """``member noun -> words naming the body it belongs to`` from the third column of ``speaker_nouns.tsv``."""
    return {row[0]: frozenset(row[2].split()) for row in data_rows("speaker_nouns.tsv")
            if len(row) >= 3 and row[1] == "member"}


@cache
def gender_words() -> dict[str, str]:
    """``word -> m | f`` from ``etl/data/gender_words.tsv``."""
    return _read_tsv("gender_words.tsv")


def quotation_tokens(doc: Doc) -> dict[int, int]:
    """Token index -> number of the quotation (``find_quote_spans``) it sits in, the marks included."""
    quote_of: dict[int, int] = {}
    for number, quote in enumerate(find_quote_spans(doc_text(doc))):
        span = doc.char_span(quote.open_at, max(quote.after, quote.open_at + 1), alignment_mode="expand")
        for token in span if span is not None else ():
            quote_of.setdefault(token.i, number)
    return quote_of


def speaker_resolver(doc: Doc, actors: ActorIndex) -> SpeakerResolver | None:
    """The article's resolver, or None when an odd parse breaks it (each extractor then copes on its own)."""
    try:
        return SpeakerResolver(doc, actors)
    except Exception:
        log.warning("speaker resolver failed", exc_info=True)
        return None


class SpeakerResolver:
    """Speaker look-ups for one article; built once per Doc, after its actors, and shared by statements and
    events (it reads every pronoun and title of the article, the larger part of their cost)."""

    def __init__(self, doc: Doc, actors: ActorIndex) -> None:
        self.doc = doc
        self.actors = actors
        # token indices inside quotation marks: pronouns there belong to the quoted voice
        self.quoted = quotation_tokens(doc)
        self.sentence_of = _sentence_numbers(doc)
        self.mentions = self._person_mentions()
        self.unnamed_gender: dict[int, str] = {}
        self.unnamed = self._unnamed_persons()
        self.gender: dict[int, str] = {}
        self._learn_gender_from_words()
        self.pronouns: dict[int, Actor | None] = {}
        self._resolve_pronouns()
        self.titles = self._title_holders()

    # -- public ---------------------------------------------------------------------------------------------

    def speakers(self, token: Token) -> list[Actor]:
        """The actors a speaker phrase headed by ``token`` names; several for "Biden and Harris"."""
        conjuncts = [c for c in token.conjuncts if c.i > token.i]
        if not any(child.dep_ == "cc" for part in [token, *conjuncts] for child in part.children):
            conjuncts = []  # "Mayer, Disney's chairman, said": a comma without "and" is an apposition
        heads = [token] + [c for c in conjuncts if not _is_other(c)]
        found: list[Actor] = []
        for head in heads:
            for actor in self._one(head):
                if all(actor is not known for known in found):
                    found.append(actor)
        return found

    def addressee(self, token: Token) -> str | None:
        """An addressee or medium named by ``token``'s phrase: an actor's name, or a named outlet as written."""
        actor = self.actors.at_token(token)
        if actor is not None:
            return actor.name
        if token.ent_type_ in {"ORG", "PERSON", "NORP", "GPE", "WORK_OF_ART"}:
            span = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
            return span.text if span is not None else token.text
        return None

    # -- one head -------------------------------------------------------------------------------------------

    def _one(self, token: Token) -> list[Actor]:
        word = token.lower_
        if word in SPEAKING_PRONOUNS:
            actor = self.pronouns.get(token.i) or self._antecedent(token, SPEAKING_PRONOUNS[word])
            return [actor] if actor else []
        if word == "it":
            actor = self._previous_subject(token, {"organization", "location"})
            return [actor] if actor else []
        if _is_age_reference(token):  # "The 56-year-old said": the person the sentences before were about
            actor = self._topic_person(token)
            return [actor] if actor else []
        actor = self.actors.at_token(token) or self._by_surname(token)
        if actor is not None:
            return [actor]
        for child in token.children:  # "Carlineo's attorney, Sonya Zoghlin, said": the named one speaks
            if child.dep_ == "appos":
                named = self._named_in(child, "person") or self._named_in(child, "organization")
                if named is not None:
                    return [named]
        named = self._organization_named(token)
        if named is not None:
            return [named]
        kind = speaker_nouns().get(word)
        if kind == "member":  # "prosecutors said": the article's prosecuting office ("U.S. Attorney's Office")
            body = self._body_of(token, member_bodies().get(word, frozenset()))
            return [body] if body else []
        if kind == "plural":
            return self._group(token)
        if is_title_head(token):
            # "chairman, CEO and president Craig Menear said": the person named right after the title
            holder = self._name_after(token) or self._title_holder(token)
            if holder is not None:
                return [holder] if self._holds_for_owner(token, holder) else []
            return self._represented(token)
        if kind == "spokesperson":
            return self._represented(token)
        if kind == "organization" and any(c.lower_ in {"the", "this", "that"} for c in token.children):
            organization = self._previous_actor(token, {"organization"})
            return [organization] if organization else self._represented(token)
        if word in PERSON_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            actor = self._described_person(token)  # "Eyamba Sowers ... The real estate agent said ..."
            return [actor] if actor else []
        return []

    def _described_person(self, token: Token) -> Actor | None:
        """"the real estate agent", "the woman": a definite description of the person the sentence before was
        about (its subject), when nothing says it is someone else (another gender, an unnamed person between)."""
        here = self.sentence_of[token.i]
        gender = gender_words().get(token.lower_)
        people = [m for m in self.mentions + self.unnamed if m[0] < token.i]
        # its own sentence, nearest first; then the sentence before, its main subject (the first) first
        ranked = sorted((m for m in people if m[2] == here), key=lambda m: -m[0])
        ranked += sorted((m for m in people if m[2] == here - 1), key=lambda m: m[0])
        for _, actor, _, subject in ranked:
            if actor is None:
                return None  # "one mother, who ...": an unnamed person is nearer
            if subject and (gender is None or self.gender.get(id(actor)) == gender):
                return actor
        return None

    def _holds_for_owner(self, token: Token, holder: Actor) -> bool:
        """"Morrison's lawyer said": a title owned by a named person is that person's lawyer, not whoever else the
        article calls a lawyer (Trump's lawyer Rudy Giuliani); the holder counts only when the article ties them."""
        for child in token.children:
            if child.dep_ != "poss":
                continue
            owner = self.actors.at_token(child) or self.pronouns.get(child.i)
            if owner is None or owner.type != "person" or owner is holder:
                continue
            surname = owner.name.split()[-1]
            if not any(surname in role for role in holder.roles) and self._name_after(token) is not holder:
                return False
        return True

    def _represented(self, token: Token) -> list[Actor]:
        """Actors a spokes-noun speaks for: "a spokesman for the ministry", "U.S. officials", "Russia's office",
        "reports received by Amnesty", "a statement issued by the ministry"."""
        for child in token.children:
            preps = [child] if child.dep_ == "prep" and child.lower_ in DOCUMENT_PREPOSITIONS else []
            if child.dep_ == "acl" and child.lemma_.lower() in ISSUING_VERBS:
                preps = [c for c in child.children if c.dep_ == "agent"]
            for prep in preps:
                for grandchild in prep.children:
                    if grandchild.dep_ == "pobj":
                        found = self.speakers(grandchild)
                        if found:
                            return found
        found: list[Actor] = []
        for child in token.children:
            if child.dep_ in {"compound", "amod", "nmod", "poss"} and child.i < token.i:
                actor = self.actors.at_token(child)
                if actor is None and child.dep_ == "poss" and child.lower_ in {"its", "their"}:
                    actor = self._previous_actor(token, {"organization", "location"})
                if actor is None and child.dep_ == "poss" and speaker_nouns().get(token.lower_) == "spokesperson":
                    actor = self.pronouns.get(child.i)  # "his office said": the office speaks for him
                if actor is not None and all(actor is not known for known in found):
                    found.append(actor)
                    for conj in child.conjuncts:
                        other = self.actors.at_token(conj)
                        if other is not None and all(other is not known for known in found):
                            found.append(other)
        return found

    def _organization_named(self, token: Token) -> Actor | None:
        """"police said" / "the ministry said" after "Hong Kong police" / "Russia's foreign ministry": the
        organization whose name contains this common noun, the one mentioned nearest before (else first after).
        Not when the phrase names an actor of its own ("U.S. officials") or is indefinite ("a ministry")."""
        if token.pos_ != "NOUN" or any(c.lower_ in {"a", "an", "another", "some", "one"} for c in token.children):
            return None
        if any(self.actors.at_token(c) for c in token.children if c.dep_ in {"compound", "amod", "nmod", "poss"}):
            return None
        forms = {token.lower_, token.lemma_.lower()}
        candidates = [a for a in self.actors.actors
                      if a.type == "organization" and forms & {w.lower() for w in a.name.split()}]
        if not candidates:
            return None
        position = token.idx
        before = [(m.start, a) for a in candidates for m in a.mentions if m.start < position]
        if before:
            return max(before, key=lambda pair: pair[0])[1]
        after = [(m.start, a) for a in candidates for m in a.mentions]
        return min(after, key=lambda pair: pair[0])[1] if after else candidates[0]

    def _body_of(self, token: Token, names: frozenset[str]) -> Actor | None:
        """The one organization of the article whose name has one of these words; none when two could be meant."""
        bodies = [a for a in self.actors.actors if a.type == "organization"
                  and names & {w.lower().strip("’'s") for form in (a.name, *a.aliases) for w in form.split()}]
        return bodies[0] if len(bodies) == 1 else None

    def _by_surname(self, token: Token) -> Actor | None:
        """A person's surname the entity recogniser missed ("King and Weeks were abducted"): the one person
        whose full name ends with this capitalised word."""
        if token.pos_ != "PROPN" or not token.is_title:
            return None
        owners = [a for a in self.actors.actors
                  if a.type == "person" and " " in a.name and a.name.split()[-1] == token.text]
        return owners[0] if len(owners) == 1 else None

    def _named_in(self, token: Token, actor_type: str) -> Actor | None:
        for part in token.subtree:
            actor = self.actors.at_token(part)
            if actor is not None and actor.type == actor_type:
                return actor
        return None

    # -- references back --------------------------------------------------------------------------------------

    def _previous_actor(self, token: Token, types: set[str]) -> Actor | None:
        for i in range(token.i - 1, -1, -1):
            if i in self.quoted:
                continue  # a name inside a quotation is the quoted voice's, not what "the company" refers to
            actor = self.actors.at_token(self.doc[i])
            if actor is not None and actor.type in types and not (_cited_outlet(self.doc[i]) and not _media(token)):
                return actor
        return None

    def _previous_subject(self, token: Token, types: set[str]) -> Actor | None:
        """The last actor of these types in subject position, within the sentence and the one before."""
        low = self.sentence_of[token.i] - 1
        for i in range(token.i - 1, -1, -1):
            if self.sentence_of[i] < low:
                break
            candidate = self.doc[i]
            actor = self.actors.at_token(candidate)
            if actor is not None and actor.type in types and _heads_subject(candidate, actor, self.actors):
                return actor
        return None

    def _group(self, token: Token) -> list[Actor]:
        """"Both men", "they": the persons last named together, in this sentence or the two before."""
        low = self.sentence_of[token.i] - 2
        for i in range(token.i - 1, -1, -1):
            if self.sentence_of[i] < low:
                break
            candidate = self.doc[i]
            if token.lower_ == "they" and candidate.dep_ in SUBJECT_DEPS and i not in self.quoted:
                together = self._subjects_together(candidate)
                if together:
                    return together
            actor = self.actors.at_token(candidate) or self._by_surname(candidate)
            if actor is None or actor.type != "person" or candidate.dep_ != "conj":
                continue
            members = [candidate.head, *candidate.head.conjuncts]
            group = [self.actors.at_token(t) or self._by_surname(t) for t in members]
            persons: list[Actor] = []
            for member in group:
                if member is not None and member.type == "person" and all(member is not p for p in persons):
                    persons.append(member)
            if len(persons) >= 2:
                return persons
        return []

    def _subjects_together(self, subject: Token) -> list[Actor]:
        """A coordinated subject every part of which names an actor ("Gov. Eric Holcomb and leaders of the
        Legislature have avoided ..."): what a later "they" refers to."""
        members = [subject, *(c for c in subject.conjuncts if c.i > subject.i)]
        if len(members) < 2:
            return []
        found: list[Actor] = []
        for member in members:
            actor = self.actors.at_token(member) or self._by_surname(member)
            named = [actor] if actor is not None else self.actors.resolve_one(member)
            if not named:
                return []
            found.extend(a for a in named if all(a is not known for known in found))
        return found if len(found) >= 2 else []

    # -- pronouns ---------------------------------------------------------------------------------------------

    def _person_mentions(self) -> list[tuple[int, Actor, int, bool]]:
        """``(token, actor, sentence, is_subject)`` for each person mention, one entry per name."""
        mentions: list[tuple[int, Actor, int, bool]] = []
        previous: Actor | None = None
        for token in doc_tokens(self.doc):
            actor = self.actors.at_token(token)
            if actor is None or actor.type != "person" or token.i in self.quoted:
                previous = None  # a name inside a quotation is the quoted voice's, not an antecedent for "she said"
                continue
            if actor is previous and mentions and mentions[-1][0] == token.i - 1:
                # same name continues: keep the head token (the one the parse hangs the name from)
                _, _, sentence, subject = mentions[-1]
                mentions[-1] = (token.i, actor, sentence, subject or _is_subject(token))
            else:
                mentions.append((token.i, actor, self.sentence_of[token.i], _is_subject(token)))
            previous = actor
        return mentions

    def _learn_gender_from_words(self) -> None:
        words = gender_words()
        for i, actor, _, _ in self.mentions:
            key = id(actor)
            if key in self.gender:
                continue
            start = i
            while start > 0 and self.actors.at_token(self.doc[start - 1]) is actor:
                start -= 1
            before = self.doc[start - 1].lower_ if start > 0 else ""
            role_words = [w.lower().strip(".,") for role in actor.roles for w in role.split()]
            for word in [before, *role_words, *self._described_as(self.doc[i])]:
                if word in words:
                    self.gender[key] = words[word]
                    break

    def _described_as(self, token: Token) -> list[str]:
        """Nouns the text describes a person with: an apposition or the complement of "is"."""
        head = token
        while head.dep_ in {"compound", "flat"} and head.head.i != head.i:
            head = head.head
        phrases = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            phrases += [c for c in head.head.children if c.dep_ in {"attr", "acomp"}]
        return [t.lower_ for phrase in phrases for t in phrase.subtree if t.pos_ == "NOUN"][:8]

    def _resolve_pronouns(self) -> None:
        """Resolve every third-person singular pronoun outside quotes in reading order, learning genders."""
        for token in doc_tokens(self.doc):
            word = token.lower_
            if token.i in self.quoted or (word not in MALE and word not in FEMALE):
                continue
            gender = "m" if word in MALE else "f"
            actor = self._antecedent(token, gender)
            self.pronouns[token.i] = actor
            if actor is not None:
                self.gender.setdefault(id(actor), gender)
                # the pronoun now stands for its person: "He was arrested ... During the call, he asked ..."
                self.mentions.append((token.i, actor, self.sentence_of[token.i], _is_subject(token)))
            else:  # ... or for the unnamed person it refers to
                self.unnamed.append((token.i, None, self.sentence_of[token.i], _is_subject(token)))
                self.unnamed_gender[token.i] = gender

    def _topic_person(self, token: Token) -> Actor | None:
        """The person last named as a subject in the few sentences before ("Jose Mourinho has agreed ... The
        56-year-old said"), else the person named last."""
        here = self.sentence_of[token.i]
        recent = [m for m in self.mentions if here - ANTECEDENT_SENTENCES <= m[2] and m[0] < token.i]
        subjects = [m for m in recent if m[3]]
        best = max(subjects or recent, key=lambda m: m[0], default=None)
        return best[1] if best is not None else None

    def _antecedent(self, token: Token, gender: str) -> Actor | None:
        """The person a pronoun means: in its own sentence before it, else in the nearest sentences before,
        subjects first; never a person known to be of the other gender."""
        here = self.sentence_of[token.i]
        candidates = [*self.mentions, *self.unnamed]
        # in its own sentence a pronoun looks for a named person only: "the staff member who took the call
        # recalled that he said" is about the caller far more often than about the staff member
        same = [m for m in self.mentions if m[2] == here and m[0] < token.i]
        ranked = sorted(same, key=lambda m: (not m[3], -m[0]))
        for back in range(1, ANTECEDENT_SENTENCES + 1):
            earlier = [m for m in candidates if m[2] == here - back]
            ranked.extend(sorted(earlier, key=lambda m: (not m[3], m[0])))
        for i, actor, _, _ in ranked:
            if actor is None:  # "one mother, who ..." then "she said": a person the article does not name
                if self.unnamed_gender.get(i, gender) == gender:
                    return None
                continue
            if self.gender.get(id(actor), gender) == gender:
                return actor
        return None

    def _unnamed_persons(self) -> list[tuple[int, None, int, bool]]:
        """Common nouns that are people: with a "who" clause ("one mother, who knew ...") or a gendered word
        ("the woman"). They compete with named persons for a pronoun, so "she said" after "one mother" does not
        jump back to the last woman named."""
        words = gender_words()
        found: list[tuple[int, None, int, bool]] = []
        for token in doc_tokens(self.doc):
            if token.pos_ != "NOUN" or token.i in self.quoted or self.actors.at_token(token) is not None:
                continue
            if self.actors.at_token(token.head) is not None and token.dep_ in {"compound", "appos"}:
                continue  # "spokesman Andrew Bates": the title of a named person
            who = any(c.dep_ == "relcl" and c.left_edge.lower_ in {"who", "whom"} for c in token.children)
            if who or token.lower_ in words:
                found.append((token.i, None, self.sentence_of[token.i], _is_subject(token)))
                if token.lower_ in words:
                    self.unnamed_gender[token.i] = words[token.lower_]
        return found

    # -- titles -----------------------------------------------------------------------------------------------

    def _title_holders(self) -> dict[str, list[tuple[int, Actor]]]:
        """Title word -> ``(position, person)`` for every place the article gives a person that title."""
        holders: dict[str, list[tuple[int, Actor]]] = {}

        def add(word: str, position: int, actor: Actor) -> None:
            for form in title_forms(word):  # "Gov. Eric Holcomb" is "the governor" too
                holders.setdefault(form, []).append((position, actor))

        for token in doc_tokens(self.doc):
            if not is_title_head(token) or self.actors.at_token(token) is not None:
                continue
            head_actor = self.actors.at_token(token.head)
            if token.dep_ == "appos" and head_actor is not None and head_actor.type == "person":
                add(token.lower_, token.i, head_actor)  # "Chris Tang, Hong Kong's new police commissioner"
                continue
            for child in token.children:
                person = self._named_in(child, "person") if child.dep_ == "appos" else None
                if person is not None:
                    add(token.lower_, token.i, person)
                    break
            else:
                person = self._name_after(token)
                if person is not None:
                    add(token.lower_, token.i, person)
        for actor in self.actors.actors:
            if actor.type != "person" or not actor.mentions:
                continue
            for role in actor.roles:
                for word in role.lower().split():
                    position = self._token_at_char(actor.mentions[0].start)
                    add(word, position, actor)
        return holders

    def _name_after(self, token: Token) -> Actor | None:
        """A person named right after a title ("ambassador to Britain Liu Xiaming"), nothing but name-like
        words between."""
        for i in range(token.i + 1, min(token.i + 1 + TITLE_LOOKAHEAD, len(self.doc))):
            candidate = self.doc[i]
            actor = self.actors.at_token(candidate)
            if actor is not None and actor.type == "person":
                return actor
            if candidate.is_punct and candidate.text not in {"-", "’s", "'s"}:
                return None
            if candidate.pos_ in {"VERB", "AUX"} or self.sentence_of[i] != self.sentence_of[token.i]:
                return None
            if not (candidate.is_title or is_title_word(candidate) or candidate.lower_ in {"of", "to", "for", "the"}
                    or candidate.ent_type_):
                return None
        return None

    def _title_holder(self, token: Token) -> Actor | None:
        """The person this title names: of the holders given before, the one the text mentioned last (by name or
        pronoun: "Gov. Eric Holcomb ... Gov. Matt Bevin ... Holcomb's office said he ... The governor said"); else
        the first given after."""
        entries = self.titles.get(token.lower_, [])
        before = [entry for entry in entries if entry[0] < token.i]
        if before:
            holders = {id(actor): actor for _, actor in before}
            if len(holders) > 1:
                mentioned = [(i, actor) for i, actor, _, _ in self.mentions
                             if i < token.i and actor is not None and id(actor) in holders]
                if mentioned:
                    return max(mentioned, key=lambda entry: entry[0])[1]
            return max(before, key=lambda entry: entry[0])[1]
        after = [entry for entry in entries if entry[0] > token.i]
        if after:
            return min(after, key=lambda entry: entry[0])[1]
        return None

    def _token_at_char(self, char: int) -> int:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None else 0


def _sentence_numbers(doc: Doc) -> list[int]:
    """Sentence number of every token. A paragraph break always ends a sentence: the parser sometimes runs a
    sentence on over a closing quotation mark into the next paragraph, which would put two speakers in one."""
    numbers: list[int] = []
    number = -1
    previous_break = True
    for token in doc_tokens(doc):
        if token.is_sent_start or previous_break:
            number += 1
        numbers.append(max(number, 0))
        previous_break = "\n" in token.text or "\n" in token.whitespace_
    return numbers


def _cited_outlet(token: Token) -> bool:
    """A name cited as the source of the news ("..., Reuters reported", "according to Bloomberg", "told CNN"): the
    outlet relaying the story, which "the company" of the story does not refer back to."""
    head = token
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    governor = head.head
    if head.dep_ == "nsubj" and governor.lemma_ == "report":
        return True
    if head.dep_ == "pobj" and governor.lower_ == "to":
        verb = governor.head  # "according to Bloomberg", "declined to comment on the pricing to Reuters"
        while verb.pos_ not in {"VERB", "AUX"} and verb.lower_ != "according" and verb.head.i != verb.i:
            verb = verb.head
        return verb.lemma_.lower() in {"according", "comment", "say", "confirm", "speak"}
    return head.dep_ in {"dobj", "dative"} and governor.lemma_ == "tell"


def _media(token: Token) -> bool:
    """A phrase that names a news outlet ("the news organization", "the newspaper"), which may refer to one."""
    return any(t.lower_ in MEDIA_WORDS for t in (token, *token.children))


def _is_subject(token: Token) -> bool:
    """True when the name this token belongs to is a clause's subject ("Esper said", "King and Weeks were")."""
    current = token
    for _ in range(4):
        if current.dep_ in SUBJECT_DEPS:
            return True
        if current.dep_ not in NAME_PARTS or current.head.i == current.i:
            return False
        current = current.head
    return False


def _heads_subject(token: Token, actor: Actor, actors: ActorIndex) -> bool:
    """True when the actor's name is itself a clause's subject ("the Chinese CDC has said"), not a modifier of
    one ("Beijing residents worry")."""
    current = token
    for _ in range(4):
        if current.dep_ in SUBJECT_DEPS:
            return True
        if current.dep_ not in NAME_PARTS or current.head.i == current.i or actors.at_token(current.head) is not actor:
            return False
        current = current.head
    return False


def _is_age_reference(token: Token) -> bool:
    """"the 56-year-old": a person referred to by age, headed by "old" after "-year-"."""
    doc = token.doc
    return (token.lower_ == "old" and token.i >= 4 and doc[token.i - 2].lower_ in {"year", "years"}
            and doc[token.i - 4].like_num and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children))


def _is_other(token: Token) -> bool:
    """"Biden and other White House officials": the second conjunct is the group the first belongs to."""
    return any(child.lower_ in {"other", "fellow"} for child in token.children)
