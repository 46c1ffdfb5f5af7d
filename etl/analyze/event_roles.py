"""Roles: the source and target actors of a trigger, read from spaCy's dependency parse.

The source comes from the subject (inherited through "agreed to meet", "met ... and spoke", "pleaded guilty to
threatening", relative clauses, the light verb an event noun hangs from), the target from the object and the
prepositions that carry a target for the event's type; pronouns through the ActorIndex and the statements module's
resolver, "we" inside a quotation through its speaker.

Beyond the names themselves, a phrase can stand for an actor it does not name: "the country" for the country named
before, "the Trump administration" for the leader's country, "these accusations" for whoever made them, "the
Russian and Syrian defense ministries" for both countries. "A New York man" is from New York and does not stand for
it. A few repairs undo the small model's usual misparses (a subject hung on the auxiliary, a main verb hung from its
subject after a parenthetical dash, a noun's preposition hung on its light verb).

Where no doer is written (an agentless passive), the source stays empty: FORMAT.md's unnamed doer. Harm suffered in
an event ("killed in the fighting", "died in a crash") makes the harmed the event noun's target.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from etl.analyze.actors import is_title_head
from etl.analyze.event_context import Context
from etl.analyze.event_lexicon import lexicon
from etl.analyze.event_triggers import (
    OBJECTS,
    Trigger,
    casualty_verb,
    complement_clauses,
    is_passive,
    is_verb,
    match_trigger,
    root_noun_verb,
)
from etl.analyze.gazetteer import get_gazetteer
from etl.models import Actor

# Grammar, not vocabulary: prepositions that introduce the target of a verb or an event noun, by type.
# "talks with X", "attack on X", "support for X", "withdraw from X", "troops near X".
TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "default": ("with", "to", "against", "on", "upon", "toward", "towards"),
    "CONSULT": ("with", "to"),
    "AGREE": ("with", "to"),
    "COOPERATE": ("with", "to", "from", "of"),
    "SUPPORT": ("for", "to", "with", "behind"),
    "AID": ("to", "for", "with", "into", "toward", "towards"),
    "RETREAT": ("from", "to", "of"),
    "REQUEST": ("on", "upon", "to", "from"),
    "ACCUSE": ("against", "on", "to", "of"),
    "REJECT": ("on", "to", "from"),
    "THREATEN": ("against", "on", "to"),
    "PROTEST": ("against", "outside"),
    "SANCTION": ("on", "against", "to", "for"),
    "MOBILIZE": ("near", "into", "toward", "towards", "against", "along", "on"),
    "COERCE": ("to", "on", "against", "of"),
    "ASSAULT": ("on", "against", "into", "of"),
    "OTHER": (),
}
NOUN_SOURCE_PREPS = ("by", "from")  # "an attack by X", "claims from Moscow"
BETWEEN_PREPS = ("between", "among")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my", "ours"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
LIGHT_PREPOSITIONS = {"in", "into", "on"}  # a verb lends its subject to an event noun after these only
REPORTED_ACTS = {"ACCUSE", "REQUEST", "THREATEN"}  # "these accusations", "the demands": whose they are is known


def resolve(ctx: Context, token: Token, agent: bool = True) -> list[Actor]:
    """Actors a noun phrase names. Beyond ``ActorIndex.resolve``: relative pronouns, "we" inside a quotation (its
    speaker), "it"/"they" as doers (the latest subject naming an actor), titles whose holder the article names
    ("China's ambassador" -> Liu Xiaming), and appositions ("two Arab states - Egypt and Jordan")."""
    lower = token.lower_
    if lower in RELATIVE_PRONOUNS:
        return _relative(ctx, token)
    if lower in FIRST_PERSON and token.pos_ == "PRON":  # "us", not "the US"
        if ctx.in_quote(token) is None:
            return []
        speaker = ctx.speaker(token)
        return [speaker] if speaker else []
    if lower in GROUP_PRONOUNS and token.pos_ == "PRON":
        return _antecedent(ctx, token) if agent else []
    if lower in PERSONAL_PRONOUNS and token.pos_ == "PRON":
        people = ctx.people(token)
        found = people if people is not None else ctx.actors.resolve(token)
        return [a for a in found if a.type == "person"]  # "he was arrested" is no newspaper
    if is_title_head(token) and ctx.actors.at_token(token) is None:
        holder = _title_holder(ctx, token)
        if holder is not None:
            return [holder] + [a for c in token.conjuncts if c.i > token.i for a in resolve(ctx, c, agent)]
    if token.pos_ == "NOUN" and lexicon().cue(token, "regime"):
        state = _led_state(ctx, token)
        if state is not None:
            return [state]  # "the Trump administration" acts for the United States
    if token.pos_ == "NOUN":  # "Dubai's flagship carrier Emirates Airline", "Carlineo's attorney, Sonya Zoghlin"
        for child in token.children:
            if child.dep_ == "appos" and ctx.actors.at_token(child) is not None:
                return ctx.actors.resolve(child)
    found = ctx.actors.resolve(token)
    if found and _one_person(ctx, token):
        found = [a for a in found if a.type != "location"]  # "a New York man" is from New York, not New York
    if found:
        return found
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "some", "any"} for c in token.children)
    if token.pos_ == "NOUN" and definite and lexicon().cue(token, "referent"):
        country = _country_before(ctx, token)  # "Washington invaded the country"
        return [country] if country is not None else []
    if agent and token.pos_ == "NOUN" and definite:
        found = ctx.people(token) or []  # "the city's police deny", "the company said"
        if found:
            return found
    for child in sorted((c for c in token.children if c.dep_ == "appos"), key=lambda c: -c.i):
        found = ctx.actors.resolve(child)
        if found:
            return found
    if token.pos_ in {"NOUN", "NUM"} and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        # "tens of thousands of students throughout Indonesia", "members of the Kurdish party"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i > token.i:
                        found = resolve(ctx, pobj, agent)
                        if found:
                            return found
    if token.pos_ == "NOUN" and token.ent_type_ == "":
        # "security forces in Guinea", "students throughout Indonesia": a group placed in a country acts for it
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "throughout", "across"}:
                for pobj in child.children:
                    place = ctx.actors.at_token(pobj)
                    if pobj.dep_ == "pobj" and place is not None and get_gazetteer().country(place.name):
                        return [place]
    return []


def _relative(ctx: Context, token: Token) -> list[Actor]:
    """"the Taliban, who have refused": the noun right before the pronoun, else the one the clause modifies."""
    i = token.i - 1
    while i >= 0 and ctx.doc[i].is_punct:
        i -= 1
    if i >= 0 and ctx.doc[i].pos_ in {"NOUN", "PROPN"}:
        found = resolve(ctx, ctx.doc[i], agent=True)  # "The company, which is expected to": the company meant
        if found:
            return found
    clause = token.head
    return ctx.actors.resolve(clause.head) if clause.dep_ in {"relcl", "acl"} else []


def _led_state(ctx: Context, token: Token) -> Actor | None:
    """The country actor a leader's government stands for ("the Trump administration"), when the article names
    the leader's country as an actor."""
    gazetteer = get_gazetteer()
    for child in token.children:
        leader = ctx.actors.at_token(child) if child.dep_ in {"compound", "poss"} else None
        if leader is None or leader.type != "person" or not leader.country:
            continue
        for actor in ctx.actors.actors:
            country = gazetteer.country(actor.name) if actor.type == "location" else None
            if country is not None and country.alpha3 == leader.country:
                return actor
    return None


def _country_before(ctx: Context, token: Token) -> Actor | None:
    """The country a definite "the country" refers back to: the latest country named before it, not the doer of
    the clause it is in ("Washington invaded the country" is no self-invasion)."""
    doers = {c.i for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}}
    doers |= {t.i for d in list(doers) for t in ctx.doc[d].subtree}
    gazetteer = get_gazetteer()
    for i in range(token.i - 1, -1, -1):
        if i in doers:
            continue
        actor = ctx.actors.at_token(ctx.doc[i])
        if actor is not None and actor.type == "location" and gazetteer.country(actor.name) is not None:
            return actor
    return None


def _title_holder(ctx: Context, token: Token) -> Actor | None:
    """The named holder of a title phrase, when the phrase's own modifiers agree with the holder's role."""
    modifiers = [ctx.actors.at_token(c) for c in token.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
    modifiers = [m for m in modifiers if m is not None]
    if not modifiers:
        return None  # "the president" alone: ActorIndex.resolve already answers with the role holder
    holder = ctx.actors.role_holder(token)
    if holder is None:
        return None
    roles = " ".join(holder.roles).lower()
    for modifier in modifiers:
        if modifier.type == "person":
            return None
        forms = [modifier.name, *modifier.aliases]
        if (holder.country and holder.country == modifier.country) or any(f.lower() in roles for f in forms):
            return holder
    return None


def _antecedent(ctx: Context, token: Token) -> list[Actor]:
    """What "it"/"they" refers to as a doer: the subject of the verb a coordinated verb hangs from ("officials
    pushed back ... and they have attributed"), else the latest earlier subject (same or previous sentence) that
    names an actor; "it" only a single organization or place."""
    neuter = token.lower_ in {"it", "its"}
    verb = token.head
    if token.dep_ == "nsubj" and verb.dep_ == "conj":
        for child in verb.head.children:
            if child.dep_ == "nsubj" and child.lower_ not in GROUP_PRONOUNS:
                found = ctx.actors.resolve(child)
                if found and (not neuter or len(found) == 1):
                    return found
    sent = token.sent
    first = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(token.i - 1, first - 1, -1):
        candidate = ctx.doc[i]
        if candidate.dep_ not in {"nsubj", "nsubjpass"} or candidate.lower_ in GROUP_PRONOUNS | RELATIVE_PRONOUNS:
            continue
        found = ctx.actors.resolve(candidate)
        if not found:
            continue
        if neuter:
            things = [a for a in found if a.type != "person"]
            if len(things) == 1 and len(found) == 1:
                return things
            continue
        return found
    return []


def _np_actors(ctx: Context, token: Token, agent: bool = False) -> list[Actor]:
    """Actors of a noun phrase, also those deep in a compound chain ("50 Airbus A350-900 jets")."""
    if token.tag_ == "VBG":  # the small model's "The Red Cross operating in Iraq said": a gerund subject
        inner = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if inner is not None:
            token = inner
    found = resolve(ctx, token, agent)
    if found:
        for child in token.children:  # "the Russian and Syrian defense ministries": both modifiers act
            if child.dep_ in {"amod", "compound", "nmod"} and ctx.actors.at_token(child) in found:
                for conj in child.conjuncts:
                    actor = ctx.actors.at_token(conj)
                    if actor is not None and actor not in found:
                        found.append(actor)
        return found
    places_only_describe = _one_person(ctx, token)
    for child in token.children:
        if child.dep_ in {"compound", "nmod", "poss"} and child.i < token.i:
            for inner in child.subtree:
                actor = ctx.actors.at_token(inner)
                if actor is None or actor in found or (places_only_describe and actor.type == "location"):
                    continue
                found.append(actor)
    return found


def _one_person(ctx: Context, token: Token) -> bool:
    """"A New York man": one unnamed person, whom a place modifier describes (where from) rather than names."""
    return token.tag_ == "NN" and lexicon().cue(token, "person-noun") and ctx.actors.at_token(token) is None


def _prep_actors(
    ctx: Context, token: Token, preps: tuple[str, ...], agent: bool = False, deep: bool = False
) -> list[Actor]:
    """Actors named after these prepositions. ``deep``: an object naming none lends the doer of its own phrase
    ("agreed to a rescue by SoftBank", "responded to claims from Moscow")."""
    found: list[Actor] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in {"pobj", "pcomp"}:
                    named = _np_actors(ctx, pobj, agent)
                    if not named and deep and pobj.pos_ == "NOUN":
                        named = _prep_actors(ctx, pobj, NOUN_SOURCE_PREPS, agent=True)
                    found += [a for a in named if a not in found]
    return found


def _event_participants(ctx: Context, noun: Token) -> tuple[list[Actor], list[Actor]]:
    """Source and target of an earlier event that a definite event noun refers back to ("scuttled the talks")."""
    if not any(c.dep_ == "det" and c.lower_ in {"the", "these", "those", "this", "that"} for c in noun.children):
        return [], []
    lemma = {"talks": "talk"}.get(noun.lower_, noun.lemma_.lower())
    for seen, _, source, target in reversed(ctx.history):
        if seen == lemma and source:
            return source, target
    trig = match_trigger(noun)
    if trig is not None and trig.entry.type in REPORTED_ACTS:
        # "rejected these accusations" after "X accused Y": the accusation is X's, whatever its wording
        for _, kind, source, _ in reversed(ctx.history):
            if kind == trig.entry.type and source:
                return source, []
    return [], []


# ---------------------------------------------------------------------------------------------------------------
# roles


@dataclass
class Roles:
    source: list[Actor]
    target: list[Actor]
    anchor: Token  # the verb that carries tense, negation and date for this event
    own: bool  # some actor comes from the trigger's own dependents
    unresolved: bool = False  # the doer is a pronoun no actor could be found for ("they" with no antecedent)
    subjectless: bool = False  # no doer is written at all: an imperative, a title, a gerund ("Be sure to visit X")


def _subject(ctx: Context, verb: Token, depth: int = 0) -> list[Actor]:
    """The doers of ``verb``: its subject, else inherited through control ("agreed to meet", "urged Vietnam to"),
    coordination ("met ... and spoke"), participles (", citing"), relative clauses and "a decision to cut"."""
    if depth > 6:
        return []
    lex = lexicon()
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:  # "Sondland did, in fact, discuss": the small model hangs the subject on the auxiliary
        subjects = [s for a in verb.children if a.dep_ == "aux" and a.i < verb.i for s in a.children
                    if s.dep_ == "nsubj"]
    for child in subjects:  # several when the small model takes a dateline for a subject ("DUBAI, ... — X did")
        found = _np_actors(ctx, child, agent=True)
        if found or len(subjects) == 1:
            return found
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if patients and lex.cue(verb, "plan"):  # "Merkel is set to visit", "is expected to sign"
        return _np_actors(ctx, patients[0], agent=True)
    if subjects or patients:
        return []
    head = verb.head
    if head.i == verb.i:
        return []
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if root_noun_verb(verb):
        return _np_actors(ctx, head, agent=True)  # "The Palestinian Authority - which ... - called for"
    if verb.dep_ == "pcomp" and head.dep_ in {"prep", "agent"}:
        # "pleaded guilty to threatening", "did in lashing out at", "claimed responsibility for shooting down"
        governor = head.head
        if (governor.dep_ in OBJECTS or governor.pos_ in {"ADJ", "ADV"}) and is_verb(governor.head):
            governor = governor.head  # "claimed responsibility for ...", "pleaded guilty to threatening"
        return _subject(ctx, governor, depth + 1) if is_verb(governor) or governor.pos_ == "AUX" else []
    if verb.dep_ in {"xcomp", "acomp"} or (verb.dep_ == "advcl" and (infinitive or verb.tag_ == "VBG")):
        if lex.cue(head, "control"):
            for child in head.children:
                if child.dep_ in {"dobj", "dative"}:
                    return resolve(ctx, child, agent=True)
        return _subject(ctx, head, depth + 1)
    if verb.dep_ == "conj" and (is_verb(head) or head.pos_ == "AUX"):
        return [] if is_passive(head) else _subject(ctx, head, depth + 1)
    if verb.dep_ == "relcl" and not infinitive:
        return resolve(ctx, head, agent=True)
    if verb.dep_ in {"acl", "relcl"} and (infinitive or verb.tag_ == "VBG"):
        # "the Federal Reserve's decision to cut", "finalized a deal to purchase"
        found = ctx.actors.resolve(head)
        if found:
            return found
        governor = head.head
        if head.dep_ in {"dobj", "pobj", "attr"} and governor.dep_ == "prep":
            governor = governor.head
        if is_verb(governor):
            return _subject(ctx, governor, depth + 1)
        return []
    if verb.dep_ == "acomp" or head.pos_ == "ADJ":
        return _subject(ctx, head, depth + 1)
    if verb.tag_ in FINITE_TAGS and verb.dep_ not in {"ROOT", "ccomp", "advcl", "parataxis"}:
        # a finite verb the small model hung from a noun ("asked about the Brotherhood, called Omar ..."):
        # its subject is the closest earlier subject in the sentence
        for i in range(verb.i - 1, verb.sent.start - 1, -1):
            candidate = ctx.doc[i]
            if candidate.dep_ == "nsubj":
                return resolve(ctx, candidate, agent=True)
    return []


def _object_actors(ctx: Context, verb: Token) -> list[Actor]:
    """Actors of a verb's objects; an object naming no actor lends the actors of its own role prepositions
    ("accepted a meeting with Putin", "pushed back on claims from Moscow") or of the event it refers back to."""
    found: list[Actor] = []
    for child in verb.children:
        if child.dep_ not in OBJECTS and child.dep_ != "dative":
            continue
        named = _np_actors(ctx, child)
        if not named:
            named = _prep_actors(ctx, child, ("with", "from", "by", "to", "on", "against", "of"))
        if not named:  # "condemned the unilateral move announced on Monday by Mike Pompeo"
            for participle in child.children:
                if participle.dep_ == "acl" and participle.tag_ == "VBN":
                    named += _prep_actors(ctx, participle, ("by",), agent=True)
        if not named and match_trigger(child) is not None:
            earlier_source, earlier_target = _event_participants(ctx, child)
            named = earlier_source + [a for a in earlier_target if a not in earlier_source]
        found += [a for a in named if a not in found]
    return found


def verb_roles(ctx: Context, trig: Trigger) -> Roles:
    """Roles of a verbal trigger: subject and object, or agent and patient in the passive, plus the target
    prepositions of its type, its phrase's preposition ("called on X") and what its complement is about."""
    verb = trig.token
    kind = trig.entry.type
    preps = TARGET_PREPS.get(kind, TARGET_PREPS["default"])
    target: list[Actor] = []
    if is_passive(verb):
        source = _prep_actors(ctx, verb, ("by",), agent=True)
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        for patient in patients:
            target += resolve(ctx, patient, agent=False)
        if not patients and verb.dep_ in {"acl", "amod"}:
            target += resolve(ctx, verb.head, agent=False)
        elif not patients and verb.dep_ == "conj":
            for child in verb.head.children:
                if child.dep_ == "nsubjpass":
                    target += resolve(ctx, child, agent=False)
    else:
        source = _subject(ctx, verb)
        target = _object_actors(ctx, verb)
    doers = [c for c in verb.children if c.dep_ == "nsubj"] + [
        p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
    ]
    unresolved = not source and any(d.pos_ == "PRON" for d in doers)
    subjectless = not source and not _written_doer(verb)
    own = bool(target)
    for actor in _prep_actors(ctx, verb, preps, deep=True):
        if actor not in target:
            target.append(actor)
            own = True
    for partner in trig.partners:  # "called on X", "pushed back on claims from Moscow"
        if partner.dep_ in OBJECTS:  # "closed its borders with Syria", "lifted sanctions on Iran"
            target += [a for a in _prep_actors(ctx, partner, (*preps, "with")) if a not in target]
        if partner.dep_ == "prep":
            for pobj in partner.children:
                if pobj.dep_ == "pobj":
                    named = _np_actors(ctx, pobj) or _prep_actors(ctx, pobj, ("from", "by", "of", "with"))
                    target += [a for a in named if a not in target]
    if not target and kind == "PROTEST":
        target = [a for a in _places_in(ctx, [verb]) if a not in source]  # "teachers rallied in Indiana"
    if not target and trig.entry.flags & {"content", "wish"}:
        target = [a for a in _clause_subject(ctx, verb) if a not in source]  # "demanded that the US cancel"
    if not target and trig.entry.flags & {"future", "commit", "content", "refuse", "needcondition", "wish"}:
        target = _complement_target(ctx, verb)
    return Roles(source, target, verb, own or bool(source), unresolved, subjectless)


def _written_doer(verb: Token) -> bool:
    """Whether the text writes a doer for this verb, named or not ("a judge ordered"), on the verb or on the
    verbs it takes its subject from ("decided to order", "met ... and spoke", "pleaded guilty to threatening")."""
    for _ in range(5):
        if any(c.dep_ in {"nsubj", "nsubjpass", "agent", "csubj"} for c in verb.children):
            return True
        if any(a.dep_ == "aux" and any(s.dep_ == "nsubj" for s in a.children) for a in verb.children):
            return True  # the small model's "Sondland did, in fact, discuss"
        if verb.dep_ in {"relcl", "acl"} or root_noun_verb(verb):
            return True  # the noun it modifies is its doer ("the Taliban, who refused")
        head = verb.head
        if head.dep_ in {"prep", "agent"} and verb.dep_ == "pcomp":
            head = head.head
        if head.i == verb.i or verb.dep_ not in {"xcomp", "advcl", "conj", "pcomp", "ccomp", "acomp"}:
            return False
        verb = head
    return False


def _clause_subject(ctx: Context, head: Token) -> list[Actor]:
    """The subject of what a request or accusation is about: "demanded that the US cancel", "claims that Ukraine
    is threatening war", "said Sudan must return"."""
    clauses = [c for c in head.children if c.dep_ in {"ccomp", "acl"} and c.pos_ in {"VERB", "AUX"}]
    clauses += [c for c in complement_clauses(head) if c not in clauses]
    for clause in clauses:
        for subject in clause.children:
            if subject.dep_ in {"nsubj", "nsubjpass"}:
                return resolve(ctx, subject, agent=True)
    return []


def _complement_target(ctx: Context, verb: Token) -> list[Actor]:
    """The target of the act a verb governs: "agreed to meet with Putin" -> Putin; "refused to negotiate peace
    with Kabul" -> Kabul; "urged an end to the violence" -> nobody."""
    for child in verb.children:
        comp: Token | None = child
        if child.dep_ == "prep" and child.lower_ in {"to", "of"}:
            comp = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
        elif child.dep_ not in {"xcomp", "ccomp", "pcomp"}:
            continue
        if comp is None or not (is_verb(comp) or comp.pos_ == "AUX"):
            continue
        inner = match_trigger(comp)
        preps = TARGET_PREPS.get(inner.entry.type, TARGET_PREPS["default"]) if inner else TARGET_PREPS["default"]
        found = _object_actors(ctx, comp)
        found += [a for a in _prep_actors(ctx, comp, preps) if a not in found]
        for obj in comp.children:
            if obj.dep_ in OBJECTS:
                found += [a for a in _prep_actors(ctx, obj, ("with", "to", "against", "on")) if a not in found]
        if found:
            return found
    return []


def noun_roles(ctx: Context, trig: Trigger) -> Roles:
    """Roles of an event noun: "Russia's invasion of Ukraine", "talks between X and Y", "X held talks with Y"."""
    lex = lexicon()
    noun = trig.token
    if noun.dep_ == "compound" and lex.cue(noun.head, "carrier"):
        noun = noun.head  # "launched a mediation effort between the Emirates and Saudi Arabia"
    kind = trig.entry.type
    preps = TARGET_PREPS.get(kind, TARGET_PREPS["default"])
    source: list[Actor] = []
    places: list[Actor] = []
    for child in noun.children:  # "Russian invasion", "Russia's invasion", "Biden-Putin summit"
        if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i < noun.i and child not in trig.partners:
            named = resolve(ctx, child) if child.dep_ == "poss" else []
            if not named:
                named = [a for t in child.subtree if (a := ctx.actors.at_token(t)) is not None]
            if kind == "PROTEST":
                places += [a for a in named if a.type == "location"]  # "Hong Kong protests": where, not who
                named = [a for a in named if a.type != "location"]
            for actor in named:
                if actor not in source:
                    source.append(actor)
    source += [a for a in _prep_actors(ctx, noun, NOUN_SOURCE_PREPS, agent=True) if a not in source]
    target = [a for a in _prep_actors(ctx, noun, preps) if a not in source]
    between = _prep_actors(ctx, noun, BETWEEN_PREPS)
    if between:
        source, target = (source or between[:1]), [a for a in between if a not in (source or between[:1])]
    own = bool(source or target)
    # the verb the noun hangs from: "held talks", "imposed sanctions", "accepted a meeting"
    anchor = noun
    while anchor.dep_ in {"conj", "appos"} and anchor.head.i != anchor.i:
        anchor = anchor.head
    governor = anchor.head
    lends = True
    if anchor.dep_ == "pobj" and governor.dep_ == "prep":
        # "engaged in talks", "entered into negotiations"; not "held firm despite criticism"
        lends = governor.lower_ in LIGHT_PREPOSITIONS
        governor = governor.head
    if anchor.dep_ in {"dobj", "pobj", "nsubjpass", "attr", "oprd"} and (is_verb(governor) or governor.pos_ == "AUX"):
        as_object = anchor.dep_ == "dobj"
        anchor = governor
        lender = light_verb_of(governor) if lends else None
        if lender is not None and as_object and not target:
            # "filed charges against Assange", "imposed sanctions on Iran": the small model hangs the noun's
            # preposition on the light verb
            target = [a for a in _prep_actors(ctx, governor, preps) if a not in source]
            own = own or bool(target)
        if not source and lender is not None:
            source = [a for a in _subject(ctx, lender) if a not in target]
        elif not target and lex.cue(governor, "undergo"):
            target = [a for a in _subject(ctx, governor) if a not in source]  # "the U.S. faced criticism"
            if not source:  # "is facing scrutiny from the SEC": the small model hangs "from" on the verb
                source = [a for a in _prep_actors(ctx, governor, NOUN_SOURCE_PREPS, agent=True) if a not in target]
            own = own or bool(target)
    elif anchor.dep_ == "nsubj" and is_verb(governor):
        anchor = governor  # "talks began", "the attack killed"
    harmed_by = casualty_verb(noun)
    if harmed_by is not None:  # "two U.S. service members have been killed in a helicopter crash"
        target += [a for a in _harmed(ctx, harmed_by) if a not in source and a not in target]
        own = own or bool(target)
    if kind == "PROTEST" and not target:  # "protests were held in West Virginia": aimed at its authorities
        places += _places_in(ctx, [noun, anchor] if anchor.i != noun.i else [noun])
        target = [a for a in places if a not in source]
        own = own or bool(target)
    if not target and trig.entry.flags & {"content", "wish"}:
        target = [a for a in _clause_subject(ctx, noun) if a not in source]
    own = own or bool(source)
    if not (source or target):
        earlier_source, earlier_target = _event_participants(ctx, noun)
        if earlier_source:  # "the talks" again: the same event, named again
            source, target = earlier_source, earlier_target
            own = own or bool(earlier_target) or _mentioned_before(ctx, noun)
    return Roles(source, target, anchor, own)


def _mentioned_before(ctx: Context, noun: Token) -> bool:
    """An earlier event of this very word or its verb ("met" ... "the meeting"), not only of its type ("accused"
    ... "these accusations", a reference to someone's act that is no new act)."""
    lemma = {"talks": "talk"}.get(noun.lower_, noun.lemma_.lower())
    return any(seen == lemma for seen, _, _, _ in ctx.history)



def _harmed(ctx: Context, verb: Token) -> list[Actor]:
    """Who suffered a casualty verb: the subject of "were killed" or of "died"."""
    deps = {"nsubjpass"} if is_passive(verb) else {"nsubj"}
    found: list[Actor] = []
    for child in verb.children:
        if child.dep_ in deps:
            found += [a for a in _np_actors(ctx, child) if a not in found]
    return found


def _places_in(ctx: Context, holders: list[Token]) -> list[Actor]:
    """Places (countries, regions, cities the article names as actors) after "in" on these words."""
    found: list[Actor] = []
    for holder in holders:
        for actor in _prep_actors(ctx, holder, ("in",)):
            if actor.type == "location" and actor not in found:
                found.append(actor)
    return found


def light_verb_of(governor: Token) -> Token | None:
    """The verb whose subject does the event its object noun names: a light verb ("held talks", "imposed
    sanctions", also through "impose punishing sanctions"), a plan ("plans a visit") or a commitment
    ("accepted a meeting", "promised aid")."""
    lex = lexicon()
    verb = governor
    for step in range(3):
        governing = match_trigger(verb)
        if lex.cue(verb, "light") or (step == 0 and (lex.cue(verb, "plan") or (
            governing is not None and governing.entry.flags & {"future", "commit"}
        ))):
            return verb
        if governing is not None or verb.dep_ not in {"xcomp", "conj"} or not is_verb(verb.head):
            return None
        verb = verb.head
    return None
