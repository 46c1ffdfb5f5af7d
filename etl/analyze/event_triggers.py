"""Trigger matching: which token names an event, by the lexicon and the token's own dependents.

A verb matches a lexicon line by lemma (or a crude lemma: the small model mislemmatizes) and, for a phrase
("push back", "impose sanction"), by the dependents that spell the rest of it; the line's flags then ask for an
object, a clausal complement, a coordinated subject and so on. A noun matches by its word or lemma, a noun phrase
("hunger strike") by its left modifiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from etl.analyze.actors import is_title_head
from etl.analyze.event_lexicon import Entry, lexicon, word_forms

OBJECTS = {"dobj", "dative", "obj", "oprd"}
PREDICATIVE = {"oprd", "xcomp", "ccomp", "attr"}
CLAUSAL = {"xcomp", "ccomp", "pcomp", "advcl"}
PEOPLE_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
OBLIGATION = {"must", "should"}  # "said Sudan must return", "the Legislature should direct": a request


@dataclass
class Trigger:
    """A word (with the dependents completing its phrase) that names an event."""

    token: Token
    entry: Entry
    partners: list[Token]

    @property
    def kind(self) -> str:
        return self.entry.pos


def is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def is_noun(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and token.tag_.startswith("NN")


def objects_of(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in OBJECTS or c.dep_ == "nsubjpass"]


def _predicative(token: Token, quoted: bool = False, adjectives: bool = False) -> bool:
    """"called Omar a “terrorist”": an object plus a second, predicative complement (in scare quotes: the
    label is the speaker's, and a quoted label is nearly always a charge; "called the ruling a landmark" is not).
    ``adjectives``: "called her performance stunning" labels too, though it accuses no one."""
    kinds = {"NOUN", "PROPN", "ADJ"} if adjectives else {"NOUN", "PROPN"}
    preds = [c for c in token.children if c.dep_ in PREDICATIVE and c.pos_ in kinds]
    objs = [c for c in token.children if c.dep_ in OBJECTS]
    if not preds or len({c.i for c in preds + objs}) < 2:
        return False
    return not quoted or any(t.is_quote for p in preds for t in p.subtree)


def _blocked(word: Token, blocked: frozenset[str]) -> bool:
    """An object or complement the lexicon's "not" column names, or a name such a word says the kind of: "defending
    champion Croatia" defends no one, the small model's object being the champion's name. Only for names: the
    compounds of a common noun ("a human rights organization") do not say what it is."""
    qualifiers = [c for c in word.children if c.dep_ == "compound"] if word.pos_ == "PROPN" else []
    return any(t.lemma_.lower() in blocked or t.lower_ in blocked for t in (word, *qualifiers))


def match_trigger(token: Token) -> Trigger | None:
    """The lexicon entry ``token`` triggers, with the dependents that complete a phrase, or None."""
    lex = lexicon()
    verb = is_verb(token)
    if verb and token.dep_ == "amod" and token.tag_ == "VBG":
        return None  # "the defending champion", "a growing threat": a participle describing a noun
    if verb:
        lemma = token.lemma_.lower()
        entries = lex.verbs.get(lemma) or next((lex.verbs[f] for f in word_forms(token) if f in lex.verbs), ())
        for entry in entries:
            partners = _phrase_partners(token, entry.words[1:])
            if partners is None:
                continue
            objects = [o for o in objects_of(token) if o not in partners]
            if token.dep_ in {"acl", "amod"} and is_passive(token):
                objects.append(token.head)  # "data released by the ministry": the patient is the noun
            objects += shared_patients(token)
            complements = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"}]
            if any(_blocked(o, entry.blocked) for o in objects + complements):
                return None
            if "that" in entry.blocked and any(m.dep_ == "mark" and m.lower_ == "that" for c in complements
                                               for m in c.children):
                return None  # "recognize that ...": a that-clause (see the "not" column)
            if entry.has("needobj") and not (objects or partners or complements or is_passive(token)):
                continue
            if entry.has("labelling") and not _predicative(token, quoted=True):
                continue
            if entry.has("intransitive") and (objects or complements):
                continue
            if entry.has("nolabel") and (_predicative(token, adjectives=True) or _naming_participle(token)):
                continue
            if entry.has("needcomp") and not has_complement(token):
                continue
            if entry.has("needinf") and not _infinitive(token):
                continue
            if entry.has("needmust") and not _must_clause(token):
                continue
            if entry.has("needpair") and not _paired_subject(token):
                continue
            if entry.has("needtroops") and not _troops_subject(token):
                continue
            if entry.has("needother") and not _other_actor_clause(token, objects):
                continue
            if entry.has("needperson") and not any(names_people(o) for o in objects):
                continue
            if entry.has("noeventobj") and any(_event_noun(o) for o in objects):
                continue
            return Trigger(token, entry, partners)
        return None
    if is_noun(token):
        for key in (token.lower_, token.lemma_.lower()):
            for entry in lex.nouns.get(key, ()):
                if len(entry.words) > 1:
                    left = [c for c in token.children if c.i < token.i and c.dep_ in {"compound", "amod", "nmod"}]
                    partners = [c for c in left if c.lower_ in entry.words or c.lemma_.lower() in entry.words]
                    if len(partners) < len(entry.words) - 1:
                        continue
                    return Trigger(token, entry, partners)
                if entry.has("needclause") and not _noun_clause(token) and not called_false(token):
                    continue
                if entry.has("needfalse") and not called_false(token):
                    continue
                if entry.blocked and any(o.lemma_.lower() in entry.blocked for o in _noun_objects(token)):
                    return None  # "the release of classified material", "attacks on his loyalty"
                return Trigger(token, entry, [])
        return None
    if token.pos_ == "ADJ":
        for entry in lex.adjectives.get(token.lower_, ()):
            if entry.has("needcomp") and not any(c.dep_ in {"xcomp"} for c in token.children):
                continue
            return Trigger(token, entry, [])
    return None


def _event_noun(token: Token) -> bool:
    """A noun the lexicon lists as an event ("an investigation", "the release of")."""
    if not is_noun(token):
        return False
    nouns = lexicon().nouns
    return token.lower_ in nouns or token.lemma_.lower() in nouns


def _noun_objects(noun: Token) -> list[Token]:
    """What an event noun is of, on or against ("the release of the hostages", "attacks on his loyalty")."""
    return [p for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "on", "against"}
            for p in c.children if p.dep_ == "pobj"]


def _naming_participle(token: Token) -> bool:
    """"a script called “Wild Rose”": a participle that gives its noun a name."""
    return token.tag_ == "VBN" and token.dep_ in {"acl", "amod"} and not any(
        c.dep_ == "agent" for c in token.children
    )


def _infinitive(token: Token) -> bool:
    """An infinitive complement: "told him to leave", "warned people to stay away" (not "told him that ...")."""
    return any(c.dep_ in {"xcomp", "ccomp"} and c.tag_ == "VB" and any(a.dep_ == "aux" and a.lower_ == "to"
               for a in c.children) for c in token.children)


def has_complement(token: Token) -> bool:
    """An act as complement, directly or through "to" ("committed to opening up the economy"); not a copula
    ("deals promise to be cheap")."""
    for child in token.children:
        if child.dep_ in CLAUSAL and child.lemma_ != "be":
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(c.dep_ == "pcomp" for c in child.children):
            return True
    return False


def _paired_subject(token: Token) -> bool:
    """"Biden and Macron spoke": a coordinated subject, the two sides of a symmetric event."""
    return any(c.dep_ == "nsubj" and any(g.dep_ == "conj" for g in c.children) for c in token.children)


def called_false(noun: Token) -> bool:
    """"the ministry's allegations are false", "the claim is absolutely not true": a noun its own clause calls
    untrue (event_cues.tsv "falsehood"); "the allegations are not false" does not."""
    verb = noun.head
    if noun.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_ != "be":
        return False
    for word in verb.children:
        if word.dep_ in {"acomp", "attr"} and lexicon().cue(word, "falsehood"):
            negated = any(c.dep_ == "neg" for c in (*verb.children, *word.children))
            return negated if word.lemma_.lower() == "true" else not negated
    return False


def _troops_subject(token: Token) -> bool:
    """"American troops leave Syria": the subject is soldiers (a member noun of an army in event_cues.tsv)."""
    return any(c.dep_ == "nsubj" and "army" in lexicon().institutions(c) for c in token.children)


def _must_clause(token: Token) -> Token | None:
    """The complement of a speech verb that says someone must or should act ("said Sudan must return the
    helicopter", "told teachers that the Legislature should direct money")."""
    for clause in complement_clauses(token):
        if any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in clause.children):
            return clause
        told = any(c.dep_ in OBJECTS for c in token.children)
        if told and clause.lemma_ in {"need", "have"} and any(c.dep_ == "xcomp" for c in clause.children):
            return clause  # "told Ukrainian officials they would need to deliver"; not "said he would have to"
    return None


def complement_clauses(token: Token) -> list[Token]:
    """The verbs of a word's "that"-clauses. The small model sometimes hangs the clause of "told X that ..." from a
    relative clause on X ("told teachers who covered the lawn that the Legislature should ..."): a that-clause
    there belongs to the speech verb."""
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    for obj in token.children:
        if obj.dep_ not in OBJECTS:
            continue
        for relative in obj.children:
            if relative.dep_ == "relcl":
                clauses += [c for c in relative.children if c.dep_ == "ccomp" and c.i > relative.i
                            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    return clauses


def names_people(token: Token) -> bool:
    """"the hostages", "Assange", "him", "its chief executive": someone, not something ("the iPad")."""
    if token.ent_type_ in PEOPLE_ENTITIES or (token.pos_ == "PRON" and token.lower_ not in {"it", "this", "that"}):
        return True
    return lexicon().cue(token, "people") or is_title_head(token)


def _other_actor_clause(token: Token, objects: list[Token]) -> bool:
    """"wants Trump to eliminate": a complement clause with a subject of its own, or an object with an infinitive
    complement; "wants to let supply and demand dictate" has neither."""
    for child in token.children:
        if child.dep_ == "ccomp" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children):
            return True
        if child.dep_ == "xcomp" and objects:
            return True
    return False


def _noun_clause(token: Token) -> bool:
    """"claims that ...", "calls by X to adopt reforms", "calls for sanctions": what the noun says or asks."""
    return any(
        c.dep_ in {"acl", "ccomp", "relcl"} or (c.dep_ == "prep" and c.lower_ == "for") for c in token.children
    )


def _phrase_partners(token: Token, rest: tuple[str, ...]) -> list[Token] | None:
    """The dependents that spell the rest of a phrase ("back" of "pushed back"), or None when one is missing."""
    partners: list[Token] = []
    deps = {"prt", "advmod", "prep", "dobj", "acomp", "attr", "npadvmod", "agent", "dative", "oprd", "nsubjpass"}
    candidates = [c for c in token.children if c.i > token.i and c.dep_ in deps]
    # a phrase's object may have modifiers of its own: "impose martial law", "fired four shell bombs"
    candidates += [g for c in candidates if c.dep_ in {"dobj", "nsubjpass"} for g in c.children
                   if g.dep_ in {"compound", "amod"}]
    # the small model hangs a phrase's preposition on the object: "stripped [Assange of] his status"
    candidates += [g for c in candidates if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep" and g.i > c.i]
    candidates += [g for c in candidates if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    def spells(candidate: Token, word: str) -> bool:
        # function words match as written ("according" is no "accord"); content words by lemma too
        if candidate.dep_ in {"prep", "prt", "agent", "advmod"} or candidate.pos_ in {"ADP", "PART"}:
            # "fired Kalanick on Monday" is no "fire on": a preposition of time completes no phrase
            return candidate.lower_ == word and not any(
                c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in candidate.children
            )
        return candidate.lower_ == word or candidate.lemma_.lower() == word

    for word in rest:
        found = next((c for c in candidates if c not in partners and spells(c, word)), None)
        if found is None:
            found = _nearby_object(token, word)
        if found is None:
            return None
        partners.append(found)
    return partners


def _nearby_object(verb: Token, word: str) -> Token | None:
    """A phrase's object noun the small model hung elsewhere ("amassed between 160,000 and 190,000 troops"):
    a noun a few words on, inside the verb's own phrase (no other verb between)."""
    for token in verb.doc[verb.i + 1: min(verb.i + 7, verb.sent.end)]:
        if token.pos_ != "NOUN" or token.lemma_.lower() != word:
            continue
        head = token
        while head.i != verb.i and head.head.i != head.i and not (is_verb(head.head) and head.head.i != verb.i):
            head = head.head
        if head.head.i == verb.i or head.i == verb.i:
            return token
    return None


def shared_patients(verb: Token) -> list[Token]:
    """The subject a passive verb shares with the verb it is coordinated with ("Noel and Thomas pleaded not
    guilty and were released"): its patient."""
    if verb.dep_ != "conj" or not is_passive(verb) or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return []
    return [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]


def is_passive(token: Token) -> bool:
    """"hostages held by the Taliban", "the town was shelled": the patient is the subject or the modified noun."""
    if any(c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in token.children):
        return True
    return token.tag_ == "VBN" and token.dep_ in {"acl", "amod"} and not root_noun_verb(token)


def root_noun_verb(verb: Token) -> bool:
    """The main verb the small model hung from its subject after a parenthetical ("The Palestinian Authority -
    which considers the US biased - called for a meeting": "called" as a participle of "Authority", the root).
    A noun is no sentence's root: a past-tense verb hanging from it across a dash or comma, with no agent, is its
    predicate."""
    head = verb.head
    if verb.dep_ not in {"acl", "relcl"} or head.dep_ != "ROOT" or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if verb.i < head.i or verb.tag_ not in {"VBD", "VBN"}:
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "agent", "auxpass"} or c.lower_ == "to" for c in verb.children):
        return False
    return any(t.text in {"-", "–", "—", ","} for t in verb.doc[head.i + 1: verb.i])


def casualty_verb(noun: Token) -> Token | None:
    """The harm verb an event noun is the cause of: "killed in a helicopter crash", "died in the fighting". The
    verb and the noun name one event, the noun's; only where the harm is suffered (passive or intransitive), for
    "Serbs killed 20 in an attack" has a doer of its own."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep":
        return None
    verb = prep.head
    if not lexicon().cue(verb, "casualty"):
        return None
    if is_passive(verb) or not any(c.dep_ in OBJECTS for c in verb.children):
        return verb
    return None


def caused_by_event(verb: Token) -> Token | None:
    """The event noun a casualty verb names the cause of ("were killed in the fighting" -> "fighting")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for noun in prep.children:
                harmed = casualty_verb(noun) if is_noun(noun) else None
                if harmed is not None and harmed.i == verb.i and match_trigger(noun) is not None:
                    return noun
    return None
