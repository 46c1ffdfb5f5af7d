"""Roles: the source and target actors of a trigger, read from spaCy's dependency parse.

The source comes from the subject (inherited through "agreed to meet", "met ... and spoke", "pleaded guilty to
threatening", relative clauses, the light verb an event noun hangs from), the target from the object and the
prepositions that carry a target for the event's type; pronouns through the ActorIndex and the statements module's
resolver, "we" inside a quotation through its speaker.

Which actor a phrase stands for when it does not name one ("him", "the party", "prosecutors", "the authorities")
is ``event_referents``' job. A few repairs here undo the small model's usual misparses (a subject hung on the
auxiliary, a main verb hung from its subject after a parenthetical dash, a noun's preposition hung on its light
verb or on the verb it is the subject of).

Where no doer is written (an agentless passive), the source stays empty: FORMAT.md's unnamed doer. Harm suffered in
an event ("killed in the fighting", "died in a crash") makes the harmed the event noun's target. An event noun as
object lends its own target ("dropped its investigation into an allegation against Assange" -> Assange); a speech
act told in a participle is addressed to whom the speaker told ("Sasse told Hawk Sawyer, calling for ..."). A
passive adjunct happens to its clause's subject ("150 Indians returned home after being deported"), and a measure
that names no one it is taken against (a curfew, a blockade) is aimed at the place it is imposed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from etl.analyze.event_context import Context
from etl.analyze.event_lexicon import lexicon
from etl.analyze.event_referents import NOUN_SOURCE_PREPS, np_actors, prep_actors, resolve
from etl.analyze.event_triggers import (
    OBJECTS,
    Trigger,
    casualty_verb,
    complement_clauses,
    is_passive,
    is_verb,
    match_trigger,
    names_people,
    objects_of,
    root_noun_verb,
    shared_patients,
)
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
    "ACCUSE": ("against", "on", "to", "of", "into"),
    "REJECT": ("on", "to", "from"),
    "THREATEN": ("against", "on", "to"),
    "PROTEST": ("against", "outside"),
    "SANCTION": ("on", "against", "to", "for"),
    "MOBILIZE": ("near", "into", "toward", "towards", "against", "along", "on"),
    "COERCE": ("to", "on", "against", "of"),
    "ASSAULT": ("on", "against", "into", "of"),
    "OTHER": (),
}
BETWEEN_PREPS = ("between", "among")
MEASURES = {"COERCE", "SANCTION", "CONCEDE"}  # curfews, blockades, bans: imposed on or lifted from a place
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
LIGHT_PREPOSITIONS = {"in", "into", "on"}  # a verb lends its subject to an event noun after these only
REPORTED_ACTS = {"ACCUSE", "REQUEST", "THREATEN"}  # "these accusations", "the demands": whose they are is known
SPEECH_ACTS = {"ACCUSE", "REQUEST", "THREATEN", "SUPPORT", "REJECT"}  # said to someone: addressed
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}  # either side may be named first (FORMAT.md)


def event_noun_target(ctx: Context, noun: Token, depth: int = 0) -> list[Actor]:
    """The target an event noun names through its own prepositions, also through an event noun it governs
    ("dropped its investigation into a rape allegation against Assange" -> Assange; "lifted the ban on Iran")."""
    trig = match_trigger(noun) if noun.pos_ == "NOUN" and depth < 3 else None
    if trig is None or trig.kind != "noun":
        return []
    preps = TARGET_PREPS.get(trig.entry.type, TARGET_PREPS["default"])
    found: list[Actor] = []
    children = list(noun.children)
    if noun.dep_ in OBJECTS and is_verb(noun.head):  # the small model hangs the noun's preposition on its verb
        children += [c for c in noun.head.children if c.i > noun.i]
    for child in children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            named = np_actors(ctx, pobj) or event_noun_target(ctx, pobj, depth + 1)
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
    reciprocal: bool = False  # "Johnson and Corbyn attacked each other's policies": each side did it to the other


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
        found = np_actors(ctx, child, agent=True)
        if found or len(subjects) == 1:
            return found
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if patients and lex.cue(verb, "plan"):  # "Merkel is set to visit", "is expected to sign"
        return np_actors(ctx, patients[0], agent=True)
    if subjects or patients:
        return []
    head = verb.head
    if head.i == verb.i:
        return []
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if root_noun_verb(verb):
        return np_actors(ctx, head, agent=True)  # "The Palestinian Authority - which ... - called for"
    if verb.dep_ == "pcomp" and head.dep_ in {"prep", "agent"}:
        # "pleaded guilty to threatening", "did in lashing out at", "claimed responsibility for shooting down"
        governor = head.head
        if (governor.dep_ in OBJECTS or governor.pos_ in {"ADJ", "ADV"}) and is_verb(governor.head):
            governor = governor.head  # "claimed responsibility for ...", "pleaded guilty to threatening"
        return _subject(ctx, governor, depth + 1) if is_verb(governor) or governor.pos_ == "AUX" else []
    if verb.dep_ in {"xcomp", "acomp"} or (verb.dep_ == "advcl" and (infinitive or verb.tag_ == "VBG")):
        # "urged Vietnam to push back": the object does what it is urged to; "told Hawk Sawyer, calling for an
        # explanation": a participle adjunct is the subject's own act
        if lex.cue(head, "control") and (verb.dep_ == "xcomp" or infinitive):
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
        named = np_actors(ctx, child)
        if not named:
            named = prep_actors(ctx, child, ("with", "from", "by", "to", "on", "against", "of"))
        if not named:  # "condemned the unilateral move announced on Monday by Mike Pompeo"
            for participle in child.children:
                if participle.dep_ == "acl" and participle.tag_ == "VBN":
                    named += prep_actors(ctx, participle, ("by",), agent=True)
        if not named:  # "condemned the attacks on Gaza": the target of the event named
            named = event_noun_target(ctx, child)
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
        source = prep_actors(ctx, verb, ("by",), agent=True)
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        for patient in patients:
            target += resolve(ctx, patient, agent=False)
        if not patients and verb.dep_ in {"acl", "amod"}:
            target += resolve(ctx, verb.head, agent=False)
        elif not patients and verb.dep_ == "conj":
            for child in shared_patients(verb):  # "pleaded not guilty and were released"
                target += resolve(ctx, child, agent=False)
        elif not patients and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            target += _adjunct_patient(ctx, verb.head.head)  # "150 Indians returned home after being deported"
    else:
        source = _subject(ctx, verb)
        target = _object_actors(ctx, verb)
    doers = [c for c in verb.children if c.dep_ == "nsubj"] + [
        p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
    ]
    unresolved = not source and any(d.pos_ == "PRON" for d in doers)
    subjectless = not source and not _written_doer(verb)
    own = bool(target)
    for actor in prep_actors(ctx, verb, preps, deep=True):
        if actor not in target:
            target.append(actor)
            own = True
    for partner in trig.partners:  # "called on X", "pushed back on claims from Moscow"
        if partner.dep_ in OBJECTS:  # "closed its borders with Syria", "lifted sanctions on Iran"
            named = prep_actors(ctx, partner, (*preps, "with")) or event_noun_target(ctx, partner)
            if not named:  # the small model hangs the noun's "with" on the verb ("closed | its borders | with")
                named = prep_actors(ctx, verb, ("with",))
            target += [a for a in named if a not in target]
        if partner.dep_ == "prep":
            for pobj in partner.children:
                if pobj.dep_ == "pobj":
                    named = np_actors(ctx, pobj) or prep_actors(ctx, pobj, ("from", "by", "of", "with"))
                    target += [a for a in named if a not in target]
    if not target and kind in SPEECH_ACTS:
        target = [a for a in _addressee(ctx, verb) if a not in source]
    if not target and kind == "PROTEST":
        target = [a for a in _places_in(ctx, [verb]) if a not in source]  # "teachers rallied in Indiana"
    if not target and kind in MEASURES and not any(names_people(o) for o in objects_of(verb)):
        # "imposed a curfew in the town of Cizre", "lifted a night curfew in Montenegro": a measure that names
        # no one it is taken against is aimed at the place under it (PLOVER codes that place as the target)
        holders = [verb, *(c for c in verb.children if c.dep_ in OBJECTS)]
        target = [a for a in _places_in(ctx, holders) if a not in source]
    if not target and trig.entry.flags & {"content", "wish", "reported"}:
        target = [a for a in _clause_subject(ctx, verb) if a not in source]  # "demanded that the US cancel"
    if not target and trig.entry.flags & {"future", "commit", "content", "refuse", "needcondition", "wish"}:
        target = _complement_target(ctx, verb)
    reciprocal = len(source) > 1 and _reciprocal(verb)
    if reciprocal:
        target = []  # each other: the doers are the targets, pair by pair (events.py)
    return Roles(source, target, verb, own or bool(source), unresolved, subjectless, reciprocal)


def _adjunct_patient(ctx: Context, governor: Token) -> list[Actor]:
    """Who undergoes a passive adjunct ("after being deported", "before being released"): the subject of the
    clause it hangs from, climbing the small model's chains of adjuncts ("returned home broke after ...")."""
    for _ in range(3):
        subjects = [c for c in governor.children if c.dep_ == "nsubj"]
        if subjects:  # several when the small model takes a dateline for a subject ("NEW DELHI: ... Indians")
            return next((found for s in subjects if (found := resolve(ctx, s, agent=False))), [])
        if governor.dep_ not in {"advcl", "xcomp", "acomp", "conj"} or governor.head.i == governor.i:
            return []
        governor = governor.head
    return []


def _reciprocal(verb: Token) -> bool:
    """"attacked each other('s policies)", "spoke with one another": the object is the doers themselves."""
    holders = [c for c in verb.children if c.dep_ in OBJECTS]
    holders += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    for holder in holders:
        for word in [holder, *(c for c in holder.children if c.dep_ == "poss")]:
            if word.lower_ == "other" and any(c.lower_ == "each" for c in word.children):
                return True
            if word.lower_ == "another" and any(c.lower_ == "one" for c in word.children):
                return True
            if word.lower_ in {"other", "another"} and word.i > 0 and word.doc[word.i - 1].lower_ in {"each", "one"}:
                return True
    return False


def _addressee(ctx: Context, verb: Token) -> list[Actor]:
    """Whom a speech act told in a participle is addressed to: the one the speaker told ("Sasse told Hawk Sawyer,
    repeatedly calling for an explanation")."""
    head = verb.head
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or not lexicon().cue(head, "report"):
        return []
    return [a for c in head.children if c.dep_ in {"dobj", "dative"} for a in resolve(ctx, c, agent=False)]


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
        found += [a for a in prep_actors(ctx, comp, preps) if a not in found]
        for obj in comp.children:
            if obj.dep_ in OBJECTS:
                found += [a for a in prep_actors(ctx, obj, ("with", "to", "against", "on")) if a not in found]
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
    patients: list[Actor] = []
    for child in noun.children:  # "Russian invasion", "Russia's invasion", "Biden-Putin summit"
        if trig.entry.has("nomodifier"):
            break  # "the Code Media conference": named after its host, not its sides
        if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i < noun.i and child not in trig.partners:
            named = resolve(ctx, child) if child.dep_ == "poss" else []
            if not named:
                named = [a for t in child.subtree if (a := ctx.actors.at_token(t)) is not None]
            if child.dep_ == "poss" and lex.cue(noun, "patient-poss"):
                patients += [a for a in named if a not in patients]  # "Assange's arrest": who was arrested
                continue
            if kind == "PROTEST":
                places += [a for a in named if a.type == "location"]  # "Hong Kong protests": where, not who
                named = [a for a in named if a.type != "location"]
            for actor in named:
                if actor not in source:
                    source.append(actor)
    source += [a for a in prep_actors(ctx, noun, NOUN_SOURCE_PREPS, agent=True) if a not in source]
    target = [a for a in patients + prep_actors(ctx, noun, preps) if a not in source]
    between = prep_actors(ctx, noun, BETWEEN_PREPS)
    if not between and noun.dep_ in {"nsubj", "nsubjpass"} and is_verb(noun.head):
        between = prep_actors(ctx, noun.head, BETWEEN_PREPS)  # "talks have resumed between X and Y"
    if between:
        source, target = (source or between[:1]), [a for a in between if a not in (source or between[:1])]
    if kind in SYMMETRIC and not source and len(target) > 1:
        source, target = target[:1], target[1:]  # "the merger of Gannett and GateHouse": both sides
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
        if not source and responsibility_claimed(governor):  # "Hamas claimed responsibility for the attack"
            source = [a for a in _subject(ctx, governor.head) if a not in target]
    if anchor.dep_ in {"dobj", "pobj", "nsubjpass", "attr", "oprd"} and (is_verb(governor) or governor.pos_ == "AUX"):
        as_object = anchor.dep_ == "dobj"
        anchor = governor
        lender = light_verb_of(governor) if lends else None
        if lender is not None and as_object and not target:
            # "filed charges against Assange", "imposed sanctions on Iran": the small model hangs the noun's
            # preposition on the light verb
            target = [a for a in prep_actors(ctx, governor, preps) if a not in source]
            own = own or bool(target)
        if not source and lender is not None:
            source = [a for a in _subject(ctx, lender) if a not in target]
        elif not target and lex.cue(governor, "undergo"):
            target = [a for a in _subject(ctx, governor) if a not in source]  # "the U.S. faced criticism"
            if not source:  # "is facing scrutiny from the SEC": the small model hangs "from" on the verb
                source = [a for a in prep_actors(ctx, governor, NOUN_SOURCE_PREPS, agent=True) if a not in target]
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
    if kind in MEASURES and not target and anchor.i != noun.i:  # "Israel reimposed blockades in the West Bank"
        target = [a for a in _places_in(ctx, [noun, anchor]) if a not in source]
    if not target and trig.entry.flags & {"content", "wish", "reported"}:
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
            found += [a for a in np_actors(ctx, child) if a not in found]
    return found


def _places_in(ctx: Context, holders: list[Token]) -> list[Actor]:
    """Places (countries, regions, cities the article names as actors) after "in" on these words."""
    found: list[Actor] = []
    for holder in holders:
        for actor in prep_actors(ctx, holder, ("in",)):
            if actor.type == "location" and actor not in found:
                found.append(actor)
    return found


def responsibility_claimed(noun: Token) -> bool:
    """"claimed responsibility for", "claims credit for": an act its doer says it did, unverified."""
    return noun.lower_ in {"responsibility", "credit"} and noun.dep_ == "dobj" and lexicon().cue(noun.head, "allege")


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
