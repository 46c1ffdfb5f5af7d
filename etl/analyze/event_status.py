"""Context and status: whether a trigger names an event of its own, and whether that event happened.

- *skip*: a word inside a condition ("if Russia invades"), under a hypothetical ("to avoid an invasion", "could
  begin", "whether it violated", "would like to see China agree") or inside what someone is urged to do or accused
  of ("accused China of using coercion") names no event of its own, nor does what is undone ("lifted the ban",
  "scuttled the talks"); what governs a clause does not reach into an adverbial clause below it ("a policy of
  requiring employees to sign ... after reaching a settlement"), and an adverbial clause with a tense of its own
  takes no plan from above ("decided to reopen the case after he was taken into custody": the arrest happened);
- *status*: negated, claimed, conditional, planned, else occurred. A hostile act promised, or announced under a
  condition, is a threat that was made: THREATEN with status occurred, as FORMAT.md codes it. A clause of time in
  the present under a future is planned ("will keep its base after the troops leave"); an act someone "claimed
  responsibility for" is claimed.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from etl.analyze.entities import capitalised_by_position
from etl.analyze.event_context import Condition, Context
from etl.analyze.event_lexicon import lexicon
from etl.analyze.event_referents import GROUP_PRONOUNS, PERSONAL_PRONOUNS, resolve
from etl.analyze.event_roles import Roles, light_verb_of, responsibility_claimed
from etl.analyze.event_triggers import CLAUSAL, Trigger, caused_by_event, is_noun, is_verb, match_trigger
from etl.models import Actor, EventStatus

# hostile acts: promised, or announced under a condition, they are threats (FORMAT.md: THREATEN + occurred)
HOSTILE = {"ASSAULT", "SANCTION", "COERCE", "MOBILIZE"}
# entity labels whose words are names, not events ("the UN Climate Action Summit", "Investigating ... Rover")
NAME_LABELS = {"ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "FAC", "PERSON", "GPE", "LOC", "NORP"}
UNLESS_THREATS = HOSTILE | {"RETREAT", "REJECT", "PROTEST"}  # adverse acts that "unless" makes a threat
# "after reaching a settlement", "before meeting Putin": a preposition with a verb opens an adverbial clause, which
# what governs the main clause ("a policy of requiring employees to sign ...") does not govern
UNDOING = {"CONCEDE", "RETREAT"}  # their object noun names what is given up ("lifted the ban", "ended the siege")
ADVERBIAL_PREPOSITIONS = {"after", "before", "since", "until", "following", "despite", "during", "upon"}
TIME_MARKS = {"after", "when", "once", "until", "before", "as"}  # clauses of time: present tense for the future


def skip_reason(ctx: Context, trig: Trigger) -> str | None:
    """Why a trigger names no event of its own (or None): inside a condition, a hypothetical, or the content of
    a request, accusation, refusal or threat; or a commitment whose hostile complement is the real event."""
    lex = lexicon()
    token = trig.token
    if ctx.antecedent(token) is not None:
        return "condition"
    if token.ent_type_ in NAME_LABELS and (token.pos_ == "PROPN" or ctx.actors.at_token(token) is not None):
        return "name"
    if token.ent_type_ in {"DATE", "TIME"}:
        return "date"  # "the March 21 call": a month, not a march
    if token.is_title and not capitalised_by_position(token):
        return "title"  # capitalised mid-sentence: "Attack on Titan" (a game), "Lakers: Visit the Thunder on Friday"
    if trig.kind == "noun" and trig.entry.type == "PROTEST" and token.dep_ == "pobj" and token.head.lower_ == "at" \
            and (lex.cue(token.head.head, "report") or token.head.head.lemma_ == "speak"):
        return "venue"  # "Trump said at a rally in Monroe": where a speaker spoke, not a protest
    if trig.kind == "noun" and token.dep_ == "compound":
        if not lex.cue(token.head, "carrier"):
            return "modifier"
        token = token.head  # "a mediation effort between X and Y": the effort carries the event
    if trig.kind == "noun" and token.dep_ in {"dobj", "nsubjpass"} and is_verb(token.head):
        undoing = match_trigger(token.head)  # "lifted the ban", "scuttled the talks": undone, not done
        if undoing is not None and undoing.entry.type != trig.entry.type and (
            undoing.entry.type in UNDOING or undoing.entry.has("undo")
        ):
            return "undone"
    if trig.kind == "verb" and caused_by_event(token) is not None:
        return "same event"  # "killed in a helicopter crash": the crash is the event, the dead its target
    if trig.entry.has("needcondition") and not _has_condition_below(ctx, token):
        return "no condition"
    if any(c.dep_ == "aux" and lex.cue(c, "modal") for c in token.children) and not _conditioned(ctx, token):
        return "hypothetical"  # "an invasion could begin any day"; "may halt mediation if ..." is a threat
    if trig.kind == "noun" and trig.entry.type == "AGREE" and any(
        c.dep_ in {"acl", "relcl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        and match_trigger(c) is not None for c in token.children
    ):
        return "same event"  # "a deal to purchase Boeing jets" is the purchase
    child = token
    clausal = False
    while child.head.i != child.i:
        ancestor = child.head
        dep = child.dep_
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in child.children):
            return "hypothetical"  # "over whether it violated financial rules": a question, not a fact
        if dep in CLAUSAL or (dep == "pobj" and child.pos_ == "VERB") or dep in {"acl", "relcl"}:
            clausal = True
        if dep not in {"conj", "cc", "appos", "nsubj", "nsubjpass"}:
            if lex.cue(ancestor, "irrealis"):
                return "hypothetical"
            governing = match_trigger(ancestor) if is_verb(ancestor) or is_noun(ancestor) else None
            if governing is not None:
                if governing.entry.has("wish") or (governing.entry.has("refuse") and dep in CLAUSAL | {"pobj"}):
                    return "content"
                if governing.entry.has("content") and clausal:
                    return "content"
            if dep in {"xcomp", "pcomp", "acl", "relcl", "pobj", "dobj"} and any(
                c.dep_ == "aux" and lex.cue(c, "modal") for c in ancestor.children
            ):
                return "hypothetical"  # "could begin talks", "may decide to invade"; not "could ..., once agreed"
        if dep in {"advcl", "relcl", "acl"} and _purpose(child) and not lex.cue(child, "manifest") and (
            is_verb(ancestor) or ancestor.ent_type_ in {"DATE", "TIME"}
            or (ancestor.pos_ == "NOUN" and not lex.cue(ancestor, "realized") and match_trigger(ancestor) is None)
        ):
            return "purpose"  # "launched a mission to free the hostages": intended, not done
        new_clause = dep in {"ccomp", "relcl", "advcl", "parataxis"} and not _small_clause(child)
        new_clause = new_clause or (dep == "pcomp" and ancestor.lower_ in ADVERBIAL_PREPOSITIONS)
        if new_clause and not lex.cue(ancestor, "plan"):
            break  # a new clause: what governs it no longer governs the trigger
        child = ancestor
    if trig.entry.has("commit") and _hostile_below(token):
        return "threat"  # the complement becomes the THREATEN event
    return None


def _small_clause(verb: Token) -> bool:
    """"see China agree", "let supply and demand dictate": a bare infinitive with a subject is part of the clause
    of the verb it hangs from, not a new clause (no "to", no tense, no modal, no "that")."""
    return verb.dep_ == "ccomp" and verb.tag_ == "VB" and not any(
        c.dep_ in {"aux", "auxpass", "mark"} for c in verb.children
    )


def _conditioned(ctx: Context, verb: Token) -> bool:
    """A condition hangs from this verb ("may halt mediation if cooperation founders")."""
    return any(c.attach == verb.i for c in ctx.conditions)


def _purpose(clause: Token) -> bool:
    """An infinitival adverbial clause: "(in order) to push for a diplomatic solution"."""
    return clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _hostile_below(token: Token) -> bool:
    """A hostile act in the complement of a commitment ("promised to impose punishing sanctions")."""
    for comp in token.children:
        if comp.dep_ != "xcomp":
            continue
        for inner in comp.subtree:
            if inner.dep_ in {"ccomp", "advcl", "relcl"} and inner.i != comp.i:
                continue
            found = match_trigger(inner)
            if found is None or not (found.entry.type in HOSTILE or found.entry.has("hostile")):
                continue
            if found.kind == "noun" and inner.dep_ in {"dobj", "nsubjpass"} and is_verb(inner.head):
                undoing = match_trigger(inner.head)  # "prepared to lift the ban": the lifting is the act
                if undoing is not None and undoing.entry.type not in HOSTILE:
                    continue
            return True
    return False


def _has_condition_below(ctx: Context, verb: Token) -> bool:
    """"warned that the government will not sit on its hands if ...": a condition inside the complement."""
    below = {t.i for c in verb.children if c.dep_ in {"ccomp", "xcomp"} for t in c.subtree}
    return any(c.tokens & below or c.attach in below for c in ctx.conditions)


def _negated(token: Token) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") or (c.dep_ == "det" and c.lower_ == "no")
        for c in token.children
    )


def _future(token: Token) -> bool:
    lex = lexicon()
    if any(c.dep_ in {"aux", "auxpass"} and lex.cue(c, "future") for c in token.children):
        return True
    return token.dep_ == "xcomp" and token.head.lemma_ == "go" and token.head.tag_ == "VBG"  # "is going to"


@dataclass
class Status:
    status: EventStatus
    kind: str
    speaker: list[Actor]
    condition: Condition | None


def read_status(ctx: Context, trig: Trigger, roles: Roles) -> Status:
    """negated > claimed > conditional > planned > occurred, read from the trigger's clause and its governors;
    a hostile act that is promised or conditional becomes a THREATEN that occurred."""
    lex = lexicon()
    token, anchor = trig.token, roles.anchor
    kind = trig.entry.type
    # a noun's event is negated by its own "no" or by its light verb ("held no talks", "did not hold talks");
    # "I was not on the call" denies the speaker's presence, not the call
    negated = _negated(token) or (anchor.i != token.i and (trig.kind != "noun" or light_verb_of(anchor) is not None)
                                  and _negated(anchor))
    # a noun is planned by the future of the verb it is the subject of only when that verb says it takes place
    occurs = trig.kind != "noun" or token.dep_ not in {"nsubj", "nsubjpass"} or lex.cue(anchor, "occur")
    planned = (_future(anchor) and occurs) or _future(token)
    committed = trig.entry.has("commit") and trig.kind == "verb" and kind == "THREATEN"
    claimed = False
    speaker: list[Actor] = []
    if trig.kind == "noun":
        for child in token.children:
            if child.dep_ in {"amod", "compound"}:
                planned = planned or lex.cue(child, "planned-mod")
                claimed = claimed or lex.cue(child, "claimed-mod")
        if anchor.i != token.i and token.dep_ in {"dobj", "pobj", "attr", "oprd"}:  # "accepted a meeting"
            governing = match_trigger(anchor)
            if lex.cue(anchor, "plan") or (governing is not None and governing.entry.flags & {"future", "commit"}):
                planned = True
                committed = governing is not None and governing.entry.has("commit")
    claimed = claimed or any(c.dep_ == "advmod" and lex.cue(c, "claimed-mod") for c in anchor.children)
    chain = [anchor.i]
    current = anchor
    clause_open = True
    while current.head.i != current.i:
        dep, head = current.dep_, current.head
        if dep == "prep" and trig.kind == "noun" and anchor.i == token.i:
            # "expected to be completed within weeks of an October news conference": a noun inside a modifier
            # takes no plan or negation from the clause around it
            clause_open = False
        if dep in {"pcomp", "pobj"} and head.dep_ == "prep" and responsibility_claimed(head.head):
            claimed = True  # "claimed responsibility for shooting down the helicopter": the doer's word only
        if dep in {"xcomp", "acomp"} or (dep == "advcl" and any(c.lower_ == "to" for c in current.children)):
            if clause_open:
                chain.append(head.i)
                governing = match_trigger(head)
                if lex.cue(head, "plan") or _future(head):
                    planned = True
                implied = governing is not None or lex.cue(head, "implicative")  # "did not manage to seize"
                if lex.cue(head, "negate") or (_negated(head) and implied):
                    negated = True
                if governing is not None and (governing.entry.flags & {"future", "commit"}):
                    planned = True
                    committed = committed or governing.entry.has("commit")
        elif dep == "advcl" and _future_time_clause(current, head):
            planned = True  # "will keep its base after American troops leave Syria": the present of a time clause
            clause_open = False
        elif dep in {"ccomp", "parataxis"} or (dep == "advcl" and head.i > current.i):
            if clause_open:
                chain.append(head.i)
            reporter = _reporter(head)
            if reporter is not None and not speaker:
                speaker = _speaker_of(ctx, reporter)
                others = not _overlaps(speaker, roles.source)
                if others and (lex.cue(reporter, "allege") or (speaker and _past_perfect(anchor))):
                    claimed = True  # "the U.S. estimates Russia has amassed", "Kyiv said Russia had shelled"
            clause_open = False
        elif dep == "conj":
            if clause_open:
                chain.append(head.i)
            if _future(head) and not any(c.dep_ in {"aux", "nsubj"} for c in current.children):
                planned = True
        elif dep in {"relcl", "acl"} or (dep == "advcl" and _own_tense(current)):
            clause_open = False  # "decided to reopen ... after he was hauled out": the adverbial clause has its own
        current = head
    modal = any(c.dep_ == "aux" and lex.cue(c, "modal") for c in anchor.children)
    condition = _governing_condition(ctx, trig, chain, planned or committed or modal or _would(anchor))
    hostile = kind in HOSTILE or trig.entry.has("hostile")
    if condition is not None and condition.marker == "unless" and kind in UNLESS_THREATS:
        hostile = True  # "will withdraw its peacekeepers unless ...": do this or else
    if hostile and (committed or condition is not None):
        return Status("occurred", "THREATEN", speaker, condition)
    if hostile and planned and not negated and speaker and _own_intention(anchor, speaker, roles.source):
        # "the farmers said they would blockade Paris": a hostile act announced by its doer is a threat
        return Status("occurred", "THREATEN", speaker, condition)
    if negated and trig.entry.has("negreject"):
        return Status("occurred", "REJECT", speaker, condition)  # "will not accept any more refugees"
    if negated:
        status: EventStatus = "negated"
    elif claimed:
        status = "claimed"
    elif condition is not None:
        status = "conditional"
    elif planned:
        status = "planned"
    else:
        status = "occurred"
    return Status(status, kind, speaker, condition)


def _future_time_clause(clause: Token, head: Token) -> bool:
    """A clause of time in the present under a future ("will keep the base after the troops leave", "once the
    deal is signed, sanctions will be lifted"): English puts what is still to come in the present there."""
    timed = any(c.dep_ in {"mark", "advmod"} and c.lower_ in TIME_MARKS for c in clause.children)
    present = clause.tag_ in {"VBP", "VBZ"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBP", "VBZ"} for c in clause.children
    )
    return timed and present and (_future(head) or lexicon().cue(head, "plan"))


def _own_tense(clause: Token) -> bool:
    """An adverbial clause with a tense of its own ("after he was hauled out", "because time had run out"): a
    subject, or a finite verb or auxiliary; not an infinitive or a participle that shares its main clause's."""
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
        return True
    return clause.tag_ in {"VBD", "VBZ", "VBP"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"} for c in clause.children
    )


def _own_intention(anchor: Token, speaker: list[Actor], source: list[Actor]) -> bool:
    """The speaker announces its own act: the doer is the speaker, or a pronoun standing for it."""
    if _overlaps(speaker, source):
        return True
    subject = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.pos_ == "PRON" and subject.lower_ in GROUP_PRONOUNS | PERSONAL_PRONOUNS


def _past_perfect(verb: Token) -> bool:
    """"had shelled": told by someone else in the past perfect, the act is that someone's account."""
    return verb.tag_ == "VBN" and any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"had", "'d"} for c in verb.children)


def _would(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in token.children)


def _governing_condition(ctx: Context, trig: Trigger, chain: list[int], future: bool) -> Condition | None:
    """The condition that governs the event: one attached to the event's own clause (or below it through
    prepositions: "meet ... on the condition that"), when the event is still to come."""
    anchor = chain[0]
    sentence_conditions = [c for c in ctx.conditions if c.sentence == ctx.sentence_of(trig.token)]
    for condition in sentence_conditions:
        if condition.root_level and future:
            return condition
        if condition.attach in chain and future:
            return condition
        if condition.attach != anchor and _below_through_preps(ctx.doc[anchor], condition.attach):
            return condition
    return None


def _below_through_preps(verb: Token, index: int) -> bool:
    stack = [c for c in verb.children if c.dep_ in {"prep", "npadvmod"}]
    while stack:
        token = stack.pop()
        if token.i == index:
            return True
        stack += [c for c in token.children if c.dep_ in {"prep", "pobj"}]
    return False


def _reporter(verb: Token) -> Token | None:
    """The speech verb a clause is reported by: "said", or "was clear" (a report adjective on "be")."""
    lex = lexicon()
    if lex.cue(verb, "report") or lex.cue(verb, "allege"):
        return verb
    for child in verb.children:
        if child.dep_ == "acomp" and lex.cue(child, "report"):
            return verb
    return None


def _speaker_of(ctx: Context, verb: Token) -> list[Actor]:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return resolve(ctx, child, agent=True)
    return []


def _overlaps(a: list[Actor], b: list[Actor]) -> bool:
    return any(x is y for x in a for y in b)
