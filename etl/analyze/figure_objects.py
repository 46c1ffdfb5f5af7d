"""Step 4 of ``figures``: what a figure counts or measures (its object), read from the dependency parse.

The noun the number modifies ("30 Boeing jets" -> jets), past containers ("the number of young people" -> people);
partitives ("30 of the jets"); ellipsis from the sentence before; and for money and percentages what the figure is
said of, climbing from the number to its verb ("sales plunged 10 percent" -> sales).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from etl.analyze.figure_atoms import HYPHENS, NOUNS, Atom, Candidate, Direction
from etl.analyze.measures import cues, currency_words, longest, nominals, units
from etl.analyze.numbers import number_words

# a wire service's instrument code: "CLc1", ".DJI", "GBP=", "US10YT=RR", "CMCU3"
MARKET_CODE = re.compile(r"\.[A-Z][A-Za-z0-9]*|[A-Za-z0-9.]*[A-Z][A-Za-z]*\d[A-Za-z0-9]*(?:=\w*)?|[A-Z]{2,}=\w*")
_PRONOUNS = frozenset({"PRON"})
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_DURATION_VERBS = frozenset({"last", "span", "run", "continue", "stretch", "drag"})

def is_change_word(tok: Token) -> Direction | None:
    lemma = tok.lemma_.lower()
    word = tok.lower_
    if lemma in cues()["change_up"] or word in cues()["change_up"]:
        return "up"
    if lemma in cues()["change_down"] or word in cues()["change_down"]:
        return "down"
    return None


def anchor_token(doc: Doc, atom: Atom) -> Token:
    """The token of the mention whose head lies outside it: where the mention hangs in the parse."""
    inside = range(atom.start, atom.end + 1)
    best = doc[atom.last]
    for i in inside:
        tok = doc[i]
        if tok.head.i not in inside or tok.head.i == tok.i:
            best = tok
            if tok.i >= atom.last:
                break
    return best


def find_object(
    doc: Doc, sent: Span, cand: Candidate, earlier: list[Candidate], previous: list[Candidate]
) -> str | None:
    """The head noun of what is counted or measured, or None."""
    atoms = [cand.high, cand.low] if cand.high else [cand.low]
    inside = set(range(cand.low.start, (cand.high or cand.low).end + 1))
    unit = cand.low.unit
    is_count = cand.low.cur is None and unit is None
    is_time = unit is not None and unit.kind == "time"

    # 1. the noun the number modifies: "30 Boeing jets", "160,000 troops", "a $250,000 fine", "18-year insurgency"
    for atom in atoms:
        for i in (atom.end, atom.last, atom.first):
            tok = doc[i]
            if tok.dep_ in _MODIFIER_DEPS:
                noun = _walk_noun(tok, inside)
                if noun is not None and noun.i > tok.i and _countable(noun):
                    held = _past_container(noun)
                    if held.i == noun.i and is_change_word(noun) and not is_count:
                        # "sales posted a 5% increase": what increased is the subject, not "increase"
                        found = _governed(doc, noun, inside)
                        if isinstance(found, str):
                            return found
                        if found is not None and found.pos_ not in _PRONOUNS:
                            return _noun_text(doc, found)
                    return _noun_text(doc, held, inside)
    # 2. partitive and "of": "30 of Boeing's jets", "14.6 percent of all vehicle sales"
    for atom in atoms:
        for i in range(atom.start, atom.end + 1):
            for child in doc[i].children:
                if child.dep_ == "prep" and child.lower_ == "of" and child.i > atom.end:
                    pobj = _pobj(child)
                    if pobj is not None and _countable(pobj):
                        return _noun_text(doc, _past_container(pobj))
    # 3. what money is for or held in, and where a term is served: "$2 billion in cash reserves", "$5.9 million
    # toward the campaign", "$1 billion for some of the shares", "a maximum of 10 years in prison"
    money = cand.low.cur is not None
    if money or is_time:
        held = _held_in(doc, atoms, anchor_token(doc, cand.low), money)
        if held is not None:
            return held
    if is_count:
        anchor = anchor_token(doc, cand.low)
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ in NOUNS:
            owner = anchor.head.head  # "ratings of 999", "a fleet of 270"
            if _countable(owner) and owner.lemma_.lower() not in cues()["container"]:
                return _noun_text(doc, owner)
        # 4. a level of what a change verb or a copula speaks of: "the death toll rose to 57", "the toll was 57",
        # "increased the total of providers to 14"; 5. else ellipsis: "five 787 Dreamliner sales: two to Biman
        # ... and three to ..." count the same thing; 6. else a level reached through an adverb ("down by 30")
        verb = next((a for a in anchor.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        level_verb = verb is not None and (is_change_word(verb) is not None or verb.lemma_ == "be")
        noun = _governed(doc, anchor, inside, levels_only=True)
        level = None
        if noun is not None and (isinstance(noun, str) or noun.pos_ not in _PRONOUNS):
            level = noun if isinstance(noun, str) else _noun_text(doc, noun)
        if level is not None and level_verb:
            return level
        for other in reversed(previous + earlier):
            if other.low.cur is None and other.low.unit is None and other.object:
                return other.object
        return level
    anchor = anchor_token(doc, cand.low)
    if is_time:
        return _term_owner(doc, anchor) or _duration_object(doc, anchor)
    # 4. money and percentages: what the figure is said of, through the parse
    noun = _governed(doc, anchor, inside)
    if noun is None or isinstance(noun, str):
        return noun
    if noun.pos_ in _PRONOUNS:
        for other in reversed(earlier):
            if other.object:
                return other.object
        return None
    if noun.ent_type_ == "PERSON":
        return None  # "Neumann planned to charge WeWork almost $6 million": a person is who pays, not what is paid for
    return _noun_text(doc, noun)


def _held_in(doc: Doc, atoms: list[Atom], anchor: Token, money: bool) -> str | None:
    """The noun of a phrase after the figure that says what money is for or in, or where a term is served."""
    end = max(atom.end for atom in atoms)
    holders = [doc[i] for atom in atoms for i in range(atom.start, atom.end + 1)]
    container = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" else None
    if not money and container is not None and container.lemma_.lower() in cues()["container"]:
        anchor = container  # "a maximum of 10 years in prison": the phrase may hang from the container ...
        holders.append(anchor)
    if anchor.dep_ == "dobj":
        holders.append(anchor.head)  # ... or from the verb: "gave $5.9 million toward the campaign"
    words = cues()["money_preposition"] if money else cues()["term_preposition"]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.i <= end or prep.lower_ not in words:
                continue
            noun = _pobj(prep)
            if noun is not None and noun.lower_ in cues()["partitive"]:
                of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                noun = _pobj(of) if of is not None else None
            if noun is None or noun.pos_ != "NOUN" or not _countable(noun) or any(
                (c.dep_ == "nummod" and not _is_year(c))
                or (c.dep_ == "det" and c.lower_ in cues()["partitive"] | {"both", "every", "any"})
                for c in noun.children
            ):
                continue  # "$4 million in 2019", "in New York", "in the four attempts", "$6 million in both cases"
            if not money and any(c.dep_ in {"det", "poss"} for c in noun.children):
                continue  # "five days in a row"
            last = [c for c in noun.conjuncts if c.i > noun.i and c.pos_ == "NOUN" and _countable(c)
                    and number_words().get(c.lower_) is None]
            return _noun_text(doc, _past_container(last[-1] if last else noun))  # "in debt and equity" -> equity
    return None


def _is_year(tok: Token) -> bool:
    """"Holcomb's 2016 election campaign": a year describing a noun is no count of it."""
    return tok.text.isdigit() and len(tok.text) == 4 and 1000 <= int(tok.text) <= 2100


def _term_owner(doc: Doc, anchor: Token) -> str | None:
    """"a maximum sentence of five years" -> sentence: the noun a duration is the length of."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ != "of" or anchor.head.head.pos_ != "NOUN":
        return None
    owner = anchor.head.head
    lemma = owner.lemma_.lower()
    if not _countable(owner) or lemma in cues()["container"] or lemma in cues()["time_frame"]:
        return None
    return _noun_text(doc, owner)


def _countable(tok: Token) -> bool:
    """A noun that can be what a figure counts: not a unit, a currency, a date word or a pronoun."""
    if tok.pos_ not in NOUNS or tok.ent_type_ in {"DATE", "TIME"}:
        return False
    words = [tok.lower_]
    return not longest(units(), words) and not longest(currency_words(), words) and tok.lower_ not in cues()["month"]


def _walk_noun(tok: Token, inside: set[int]) -> Token | None:
    """From a number up to the noun it belongs to, past compounds, names and model numbers.

    '30 Boeing 787 jets' -> jets, 'five 787 Dreamliner sales' -> sales, 'an 18-year insurgency' -> insurgency.
    """
    steps = 0
    while steps < 6 and (tok.pos_ == "PROPN" or tok.like_num or tok.i in inside or tok.dep_ in _MODIFIER_DEPS):
        head = tok.head
        if head.i == tok.i or head.i < tok.i or head.pos_ not in NOUNS | {"NUM"}:
            break
        tok = head
        steps += 1
    if tok.i in inside or tok.pos_ not in NOUNS:
        return None
    return tok


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ == "pobj":
            return child
    return None


def _past_container(noun: Token) -> Token:
    """'the number of young people' -> people: a container noun hands over to what it holds."""
    seen = 0
    while noun.lemma_.lower() in cues()["container"] and seen < 3:
        nxt = None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                nxt = _pobj(child)
        if nxt is None or nxt.pos_ not in NOUNS or nxt.like_num:
            break
        noun = nxt
        seen += 1
    return noun


def _noun_text(doc: Doc, noun: Token, inside: frozenset[int] | set[int] = frozenset()) -> str:
    """The noun with the compounds written straight before it: common nouns before a common noun
    ('interest rate', 'vehicle sales'; not 'Boeing jets'), names before a name ('South Dakota'). A market code
    names nothing a reader knows: 'U.S. crude CLc1 fell 3%' -> crude, 'the Dow Jones Industrial Average .DJI'."""
    if MARKET_CODE.fullmatch(noun.text):
        named = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
        if named:
            return _noun_text(doc, named[-1], inside)
    start = noun.i
    proper = noun.pos_ == "PROPN"
    for child in sorted(noun.children, key=lambda c: -c.i):
        kind_ok = child.pos_ == "PROPN" if proper else (child.pos_ == "NOUN" and child.text.islower())
        if (
            child.dep_ == "compound"
            and child.i == start - 1
            and kind_ok
            and child.i not in inside
            and not any(True for _ in child.children)
        ):
            start = child.i
    return doc[start : noun.i + 1].text


def _duration_object(doc: Doc, anchor: Token) -> str | None:
    """'a conflict that has lasted 40 years' -> conflict; other durations count no object ('five days')."""
    head = anchor.head
    if anchor.dep_ in {"dobj", "npadvmod"} and head.lemma_.lower() in _DURATION_VERBS:
        subject = _subject(head)
        if subject is not None and subject.pos_ not in _PRONOUNS:
            return _noun_text(doc, subject)
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return _past_container(child)
    return None


def _governed(doc: Doc, anchor: Token, inside: set[int], levels_only: bool = False) -> Token | str | None:
    """What a money or percent figure is said of: climb from the figure to its verb, then take its subject.

    "sales plunged 10 percent" -> sales; "The order is valued at $8.8 billion" -> order; "cut its benchmark
    interest rate by a quarter-point" -> rate ("by" and "at" prefer the object of the verb); "the national
    average of 3 percent" -> average; "was $39,014, up from $38,373" -> the subject of "was" for both;
    "dealers sold 303,417 vehicles, up 4 percent" -> "sales" (a change of the verb's activity, see nominals).
    Returns a token, or the nominal as a string. With ``levels_only`` (bare counts) the climb must pass a change
    word or a copula ("the toll rose to 57", "the toll was 57"): elsewhere a bare number's verb says nothing of
    what it counts.
    """
    tok = anchor
    prep: str | None = None
    change = False
    for _ in range(10):
        dep = tok.dep_
        head = tok.head
        if head.i == tok.i:
            return _verb_noun(head, prep, change, inside) if change or not levels_only else None
        if is_change_word(head) or (dep == "attr" and head.lemma_ == "be"):
            change = True
        if dep in {"pobj", "pcomp"}:
            prep = prep or head.lower_
            tok = head
            continue
        if dep == "conj":
            tok = head
            continue
        if head.pos_ in NOUNS and head.i not in inside:
            if head.lemma_.lower() in cues()["container"] and dep in {"prep", "appos", "nummod", "compound"}:
                tok = head  # "a value of $16 billion", "an increase of 0.3 percent": look past the container
                prep = None
                continue
            if dep == "prep" or dep in {"nummod", "compound", "amod", "nmod", "appos"}:
                return _past_container(head) if _countable(head) else None
        if head.pos_ in {"VERB", "AUX"}:
            if levels_only and not change:
                return None
            noun = _verb_noun(head, prep, change, inside)
            if noun is not None:
                return noun
            if head.dep_ in {"xcomp", "conj", "advcl", "ccomp", "acl", "relcl", "prep"}:
                if head.dep_ == "acl" and head.head.pos_ in NOUNS:
                    return head.head
                tok = head
                prep = None
                continue
            return None
        tok = head  # adverbs and adjectives: "down 10 percent", "below 6 percent", "up from $38,373"
    return None


def _verb_noun(verb: Token, prep: str | None, change: bool, inside: set[int]) -> Token | str | None:
    """At the verb: "by"/"at" figures describe the verb's object, others its subject; changes of an activity
    ("sold ..., up 4 percent") name the activity."""
    if change and verb.lemma_.lower() in nominals() and not is_change_word(verb):
        return nominals()[verb.lemma_.lower()]
    obj = None
    for child in verb.children:
        if child.dep_ in {"dobj"} and child.pos_ in NOUNS and _countable(child):
            obj = child
    if obj is not None and (prep in {"by", "at", "for"} or (prep in {"to", "from"} and is_change_word(verb))):
        return _past_container(obj)  # "cut the rate by ...", "increase its exports to $30 billion"
    subject = _subject(verb)
    if subject is None or subject.i in inside:
        return None
    if subject.pos_ in _PRONOUNS or (subject.pos_ in NOUNS and _countable(subject)):
        return subject
    return None


def extend_to_object(doc: Doc, sent: Span, cand: Candidate) -> None:
    """Let the mention's text run on to the counted noun when it follows at once ('160,000 troops')."""
    last = (cand.high or cand.low).end
    k = last + 1
    while k < sent.end and k <= last + 4:
        t = doc[k]
        if (t.dep_ in {"compound", "amod", "nmod", "nummod"} and t.head.i > k) or t.text in HYPHENS:
            k += 1
            continue
        break
    if k < sent.end and cand.object and doc[k].text == cand.object.split()[-1]:
        anchor = doc[(cand.high or cand.low).last]
        if anchor.head.i == k or doc[k].head.i == anchor.i:
            cand.end = max(cand.end, k)
