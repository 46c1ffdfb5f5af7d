"""Step 3 of ``figures``: which numbers are not figures (FORMAT.md's list) and why.

Dates and times, calendar years, ordinals and ranks, ages used as descriptors, numbers inside names ("Boeing 787",
"Route 66"), addresses, list markers and citations, ratios, multipliers and vague amounts. Each rule returns the
reason it excludes a number, so ``figures.explain`` can show a reviewer why a number was dropped.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from etl.analyze.figure_atoms import HYPHENS, NOUNS, RANGE_DASHES, Atom, number_kind, read_token
from etl.analyze.measures import cues, currency_symbols, iso_codes, units
from etl.analyze.measures import qualifiers as qualifier_table

_NAME_ENTS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "GPE", "LOC", "NORP"})

def mark_exclusions(doc: Doc, sent: Span, atoms: list[Atom]) -> None:
    """Set ``excluded`` on every atom that is not a figure, looking at neighbours for pairs ("787-9")."""
    for a, b in pairwise(atoms):
        if glued_dash(doc, a, b) and b.value <= a.value:
            a.excluded = b.excluded = "code"  # "787-9", "2019-20", "3-2": a model, a season or a score
    for idx, atom in enumerate(atoms):
        if atom.excluded is None:
            atom.excluded = _exclusion(doc, sent, atom, atoms[idx - 1] if idx else None)
    for a, b in pairwise(atoms):
        if glued_dash(doc, a, b) and a.excluded in {"name", "date", "year", "code", "masked"}:
            b.excluded = b.excluded or a.excluded  # "Ingredients 8-9", "2010-2015": the pair stands or falls together


def glued_dash(doc: Doc, a: Atom, b: Atom) -> bool:
    if b.start != a.end + 2:
        return False
    dash = doc[a.end + 1]
    return dash.text in RANGE_DASHES and doc[a.end].whitespace_ == "" and dash.whitespace_ == ""


def _exclusion(doc: Doc, sent: Span, atom: Atom, prev_atom: Atom | None) -> str | None:
    """Why this number is not a figure (FORMAT.md's list), or None when it is one."""
    first = doc[atom.first]
    prev = doc[atom.start - 1] if atom.start - 1 >= sent.start else None
    prev2 = doc[atom.start - 2] if atom.start - 2 >= sent.start else None
    nxt = doc[atom.end + 1] if atom.end + 1 < sent.end else None
    cue = cues()
    has_measure = atom.cur is not None or atom.unit is not None
    time_unit = atom.unit is not None and atom.unit.kind == "time"

    if atom.words and first.pos_ in {"VERB", "AUX"}:
        return "verb"  # "trying to zero in on"
    # a bare "one" is a determiner ("one of the", "one user"), "a" alone is never a number
    if atom.words and atom.value == 1 and not atom.scaled and not has_measure:
        return "one"
    if prev is not None and prev.lower_ in cue["vague"]:
        return "vague"
    if prev is not None and prev.lower_ == "in" and prev2 is not None and prev2.lower_ in {"one", "1"}:
        return "ratio"  # "one in five voters": a fraction in words
    if _out_of(doc, sent, atom):
        return "ratio"  # "eight out of ten companies"
    if (
        nxt is not None
        and nxt.lower_ == "in"
        and atom.value == 1
        and atom.end + 2 < sent.end
        and (read_token(doc[atom.end + 2]) is not None or number_kind(doc[atom.end + 2]) == "word")
    ):
        return "ratio"  # "1 in 4 cases"
    if atom.words and atom.value == 1 and not atom.scaled and atom.unit is not None:
        if atom.unit.norm == "point":
            return "idiom"  # "at one point"
        if time_unit and not atom.hyphen_unit and (prev is None or prev.pos_ != "ADP"):
            return "idiom"  # "would love to one day buy": "for one day" and "a one-year term" stay figures
    if not atom.words and doc[atom.end].whitespace_ == "" and nxt is not None and nxt.is_alpha and nxt.lower_ != "plus":
        return "code"  # "4K", "1080p", "5G": a number glued to letters names a format
    # ages used as descriptors: "aged 45", "a 57-year-old man", "45 years old", "Smith, 45,"
    if prev is not None and prev.lower_ in cue["age_before"]:
        return "age"
    if time_unit and nxt is not None and (nxt.lower_ in cue["age_after"] or _hyphen_old(doc, atom.end + 1, sent)):
        return "age"
    if time_unit and nxt is not None and nxt.lower_ in cue["relative_time"]:
        return "time point"
    if not has_measure and _age_apposition(doc, sent, atom):
        return "age"
    bracketed = prev is not None and prev.text in {"(", "["} and nxt is not None and nxt.text in {")", "]"}
    if not has_measure and bracketed and not _age_apposition(doc, sent, atom):
        return "reference"  # "(2)", "[13]": a citation or list number in brackets
    if not has_measure and nxt is not None and nxt.text in {".", ")"} and _line_start(doc, sent, atom):
        return "list marker"  # "2. Don't forget to drink water"
    if nxt is not None and nxt.lower_ in cue["multiplier_after"]:
        return "multiplier"  # "three times more", "50 times the level"
    # clock times and dates
    if nxt is not None and nxt.lower_ in cue["time_of_day"]:
        return "time"
    if not atom.words and not has_measure and _beside_month(doc, sent, atom):
        return "date"
    if (
        not time_unit
        and not has_measure
        and _date_like(atom)
        and any(doc[t].ent_type_ in {"DATE", "TIME"} for t in _core(atom))
    ):
        return "date"  # the tagger's DATE/TIME, trusted only for numbers that can be a day, an hour or a year
    if _looks_like_year(doc, atom):
        return "year"
    # ranks and numbers inside names
    if prev is not None and prev.lower_ in cue["rank_before"]:
        return "rank"
    if _title_case_word(doc, sent, atom):
        return "name"
    range_next = (
        nxt is not None
        and nxt.text in RANGE_DASHES
        and atom.end + 2 < sent.end
        and read_token(doc[atom.end + 2]) is not None
    )
    if not atom.words and not has_measure and not range_next:
        if prev is not None and _name_before(prev) and atom.start == atom.first:
            return "name"
        if (
            prev is not None
            and prev.text in HYPHENS
            and prev.whitespace_ == ""
            and prev2 is not None
            and prev2.whitespace_ == ""
            and not prev2.like_num
            and any(c.isalpha() for c in prev2.text)
        ):
            return "name"  # "F-16", "A350-900"
        if prev_atom is not None and prev_atom.end == atom.start - 1:
            return "name"  # "five 787 Dreamliner sales", "400 737 Max jets": the second number names a model
        if _model_number(doc, sent, atom):
            return "name"
        if _address(doc, sent, atom):
            return "address"
    return None


def _out_of(doc: Doc, sent: Span, atom: Atom) -> bool:
    """Either side of 'X out of Y': a ratio, which FORMAT.md counts among fractions in words."""
    after = [t.lower_ for t in doc[atom.end + 1 : min(atom.end + 3, sent.end)]]
    before = [t.lower_ for t in doc[max(sent.start, atom.start - 2) : atom.start]]
    return after == ["out", "of"] or (
        before == ["out", "of"] and atom.start - 3 >= sent.start and doc[atom.start - 3].like_num
    )


def _date_like(atom: Atom) -> bool:
    if atom.words or atom.scaled or "," in atom.text or "." in atom.text:
        return False
    return atom.value <= 31 or (len(atom.text) == 4 and 1000 <= atom.value <= 2100)


def _line_start(doc: Doc, sent: Span, atom: Atom) -> bool:
    if atom.start == sent.start:
        return True
    prev = doc[atom.start - 1]
    return prev.is_space or "\n" in prev.whitespace_ or prev.text in {":"}


def _core(atom: Atom) -> range:
    return range(atom.first, atom.last + 1)


def _hyphen_old(doc: Doc, k: int, sent: Span) -> bool:
    return k + 1 < sent.end and doc[k].text in HYPHENS and doc[k + 1].lower_ in cues()["age_after"]


def _age_apposition(doc: Doc, sent: Span, atom: Atom) -> bool:
    """'Patrick Carlineo Jr., 55, of Addison' or 'Jane Doe (45)': an age set off after a name."""
    before = atom.start - 1
    after = atom.end + 1
    if before - 1 < sent.start or after >= sent.end or atom.words or atom.value > 130:
        return False
    opener, closer = doc[before].text, doc[after].text
    name = doc[before - 1]
    named = name.pos_ == "PROPN" or name.ent_type_ == "PERSON" or name.text in {"Jr.", "Sr."}
    return named and ((opener == "," and closer in {",", ";", ")", "."}) or (opener == "(" and closer == ")"))


def _beside_month(doc: Doc, sent: Span, atom: Atom) -> bool:
    months = cues()["month"]
    before = doc[atom.start - 1].lower_ if atom.start - 1 >= sent.start else ""
    after = doc[atom.end + 1].lower_ if atom.end + 1 < sent.end else ""
    return (
        before in months
        or after in months
        or (after == "of" and atom.end + 2 < sent.end and doc[atom.end + 2].lower_ in months)
    )


def _looks_like_year(doc: Doc, atom: Atom) -> bool:
    """A calendar year: four digits 1000-2100 written without a separator, counting nothing.

    "1500 troops" counts troops and stays; "the September 11, 2001 attacks" is a date even though it modifies
    a plural noun.
    """
    if atom.words or atom.scaled or atom.cur or atom.unit or "," in atom.text or "." in atom.text:
        return False
    if not (len(atom.text) == 4 and 1000 <= atom.value <= 2100):
        return False
    tok = doc[atom.first]
    if tok.ent_type_ == "DATE" or any(t.lower_ in cues()["month"] for t in doc[max(0, tok.i - 4) : tok.i]):
        return True
    if atom.value < 1800:
        return False  # "scores rose from 1061 to 1128": early years come with a date context, checked above
    head = tok.head
    counts = tok.dep_ == "nummod" and head.tag_ == "NNS" and head.i > tok.i and (head.lower_,) not in units()
    return not counts


def _title_case_word(doc: Doc, sent: Span, atom: Atom) -> bool:
    """'the Six-Day War', 'Group of Seven': a capitalised number word inside a sentence is part of a name."""
    if not atom.words:
        return False
    tok = doc[atom.first]
    if not tok.text[:1].isupper() or tok.i == sent.start:
        return False
    prev = doc[tok.i - 1]
    if prev.text in HYPHENS and prev.whitespace_ == "" and doc[prev.i - 1].whitespace_ == "":
        return doc[prev.i - 1].text[:1].isupper()  # "Take-Two", "Six-Day War" after a name
    if prev.is_punct or prev.is_quote or prev.is_space or prev.is_bracket:
        return False
    return not sent.text.isupper()


def _name_before(prev: Token) -> bool:
    """'Boeing 787', 'Route 66', 'Section 230': a capitalised proper noun straight before the number."""
    if not any(c.isupper() for c in prev.text):  # "Boeing", "iPhone", "COVID"
        return False
    if prev.lower_ in cues()["month"] or prev.ent_type_ in {"DATE", "TIME"}:
        return False
    if prev.text in currency_symbols() or prev.text in iso_codes():
        return False
    if prev.pos_ == "PROPN" or prev.ent_type_ in _NAME_ENTS:
        return True
    # a capitalised word inside a sentence is a name even when the tagger missed it ("Destiny 2");
    # the first word of a sentence ("About 30 people") is capitalised for another reason
    inside_sentence = not prev.is_sent_start and not _after_opening(prev)
    return prev.is_alpha and inside_sentence and prev.lower_ not in _qualifier_words()


def _after_opening(tok: Token) -> bool:
    """The token opens a quotation or a parenthesis, so a capital letter there says nothing about names."""
    if tok.i == 0:
        return True
    prev = tok.doc[tok.i - 1]
    return prev.is_quote or prev.is_bracket or prev.is_space or prev.text in {":", "—", "–", "-"}


@cache
def _qualifier_words() -> frozenset[str]:
    return frozenset(word for key in qualifier_table()["before"] for word in key)


def _model_number(doc: Doc, sent: Span, atom: Atom) -> bool:
    """'its popular 737 Max jet', 'The 777 program': a number naming a model, not counting a noun.

    A count above one takes a plural noun; a number before a singular noun that carries its own determiner
    ("the", "its"), or before a capitalised name and a singular noun, is a model or series number.
    """
    tok = doc[atom.last]
    if atom.value <= 1 or atom.value != int(atom.value) or "," in atom.text:
        return False
    head = tok.head
    while head.dep_ in {"compound", "nmod"} and head.head.i > head.i and head.head.pos_ in NOUNS:
        head = head.head
    if head.i <= tok.i or head.pos_ not in NOUNS or head.tag_ not in {"NN", "NNP"}:
        return False
    nxt = doc[atom.end + 1] if atom.end + 1 < sent.end else None
    capital_next = nxt is not None and nxt.text[:1].isupper() and nxt.pos_ == "PROPN"
    # "the 777 program", "its 787 fleet"; not "a 30 min activity", where "a" goes with the whole phrase
    determined = any(c.dep_ in {"det", "poss"} and c.i < tok.i and c.lower_ not in {"a", "an"} for c in head.children)
    return capital_next or determined


def _address(doc: Doc, sent: Span, atom: Atom) -> bool:
    """'10 Downing Street': a number before capitalised words ending in a street word."""
    streets = cues()["street"]
    k = atom.end + 1
    seen_name = False
    while k < sent.end and k <= atom.end + 4:
        t = doc[k]
        if not t.text[:1].isupper():
            return False
        if seen_name and t.lower_ in streets:
            return True
        seen_name = True
        k += 1
    return False

