"""Figures: the numbers in an article that carry information (counts, money, percentages, measures, ranges).

``find_figures(doc)`` reads a parsed article and returns one ``Figure`` per mention, in text order. The work is
rule-based on top of spaCy's tokens, tags, parse and entities, in four passes per number:

1. **Read** the number where it is written: digits with separators and decimals, number words ("three",
   "a dozen", "two million"), scale words and abbreviations ("$12.9bn", "£5m"), a currency before or after
   it, a unit after it ("percent", "km", "18-year"), bounds before it ("more than", "up to").
2. **Join** ranges: "between X and Y", "X-Y", "X to Y", "from X to Y" (unless a change verb makes the last two
   figures: "fell from $47 billion to $8 billion").
3. **Drop** what FORMAT.md says is not a figure: dates and times, calendar years, ordinals, ages as descriptors,
   numbers inside names ("Boeing 787", "Covid-19", "Route 66"), phone numbers, slogans in scare quotes, vague
   amounts ("hundreds of"), fractions and multipliers in words.
4. **Describe** what is left: the counted object from the dependency parse (walking past compounds and names,
   through "30 of the jets", into the subject of "sales plunged 10 percent"), the direction of a change
   ("fell 102.2 points" -> 102.2, down) and the qualifier.

Why rules and not a model: the anchors in issue 4 (CQE, F1 0.92) are themselves spaCy rules plus a small unit
classifier, rules explain every decision to a reviewer, and the word lists they read are data files under
``etl/data`` that people can review (``number_words.tsv``, ``currencies.tsv``, ``units.tsv``,
``figure_qualifiers.tsv``, ``figure_cues.tsv``). Nothing is compiled or read per call: the lists are cached on
first use and the patterns built once.

The steps live in one module each: ``figure_atoms.py`` (1), ``figure_exclusions.py`` (3), ``figure_objects.py``
(the object in 4); this module joins ranges, reads qualifiers and directions, and drives the passes.
"""

from __future__ import annotations

import logging

from spacy.tokens import Doc, Span

from etl.analyze.figure_atoms import (
    HYPHENS,
    NOUNS,
    RANGE_DASHES,
    Atom,
    Candidate,
    Direction,
    masked_chars,
    read_atoms,
)
from etl.analyze.figure_exclusions import mark_exclusions
from etl.analyze.figure_objects import anchor_token, extend_to_object, find_object, is_change_word
from etl.analyze.measures import longest
from etl.analyze.measures import qualifiers as qualifier_table
from etl.analyze.nlp import doc_text
from etl.models import Figure

log = logging.getLogger(__name__)


def find_figures(doc: Doc) -> list[Figure]:
    """Every figure in ``doc`` in text order; never raises (a sentence that trips a rule is logged and skipped)."""
    text = doc_text(doc)
    try:
        masked = masked_chars(text)
    except Exception:  # pragma: no cover - regexes over a str do not fail; belt and braces for the pipeline
        log.exception("figures: masking failed")
        masked = []
    figures: list[Figure] = []
    previous: list[Candidate] = []
    for sent in _sentences(doc):
        try:
            candidates = _sentence_figures(doc, sent, masked, previous)
            made = [_to_figure(doc, text, cand, sent) for cand in candidates]
        except Exception:
            log.exception("figures: skipped a sentence at offset %d", sent.start_char)
            continue
        previous = candidates  # ellipsis reaches back one sentence at most
        figures.extend(made)
    return figures


def explain(doc: Doc) -> list[tuple[str, str | None]]:
    """Every number the extractor read in ``doc`` and why it was dropped (None: kept as a figure or range end).

    For people tuning the rules and for tests: ``explain(parse_text("Smith, 45, said"))`` -> [("45", "age")].
    """
    masked = masked_chars(doc_text(doc))
    out: list[tuple[str, str | None]] = []
    for sent in _sentences(doc):
        atoms = read_atoms(doc, sent, masked)
        mark_exclusions(doc, sent, atoms)
        out.extend((doc[a.start : a.end + 1].text, a.excluded) for a in atoms)
    return out


def _sentences(doc: Doc) -> list[Span]:
    """Sentences when the pipeline set them, else the whole doc as one (a blank doc has no sentence boundaries)."""
    if not len(doc):
        return []
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _to_figure(doc: Doc, text: str, cand: Candidate, sent: Span) -> Figure:
    start = doc[cand.start].idx
    last = doc[cand.end]
    end = last.idx + len(last.text)
    value = cand.low.value
    high = cand.high.value if cand.high else cand.low.value2
    return Figure(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        value_high=high,
        unit=cand.unit,
        object=cand.object,
        qualifier=cand.qualifier,
        direction=cand.direction,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
    )


# --------------------------------------------------------------------------------------------------- sentences


def _sentence_figures(
    doc: Doc, sent: Span, masked: list[tuple[int, int]], previous: list[Candidate]
) -> list[Candidate]:
    atoms = read_atoms(doc, sent, masked)
    if not atoms:
        return []
    mark_exclusions(doc, sent, atoms)
    candidates = _join_ranges(doc, sent, atoms)
    out: list[Candidate] = []
    for cand in candidates:
        _qualify(doc, sent, cand)
        cand.direction = _direction(doc, cand)
    for cand in candidates:
        cand.object = find_object(doc, sent, cand, out, previous)
        extend_to_object(doc, sent, cand)
        out.append(cand)
    return out




def _join_ranges(doc: Doc, sent: Span, atoms: list[Atom]) -> list[Candidate]:
    """Pair atoms into ranges where the text says so; drop excluded atoms."""
    out: list[Candidate] = []
    k = 0
    while k < len(atoms):
        a = atoms[k]
        b = atoms[k + 1] if k + 1 < len(atoms) else None
        if b is not None and a.excluded is None and b.excluded is None:
            joined = _range(doc, sent, a, b)
            if joined is not None:
                out.append(joined)
                k += 2
                continue
        if a.excluded is None:
            out.append(Candidate(low=a, start=a.start, end=a.end))
        k += 1
    return out




def _range(doc: Doc, sent: Span, a: Atom, b: Atom) -> Candidate | None:
    """'between X and Y', 'X-Y', 'X to Y', 'from X to Y', 'X or Y' as one figure; None when they are two."""
    if b.start != a.end + 2:
        return None
    link = doc[a.end + 1].lower_
    before = doc[a.start - 1].lower_ if a.start - 1 >= sent.start else ""
    if link == "and":
        if before != "between":
            return None
    elif link in RANGE_DASHES or link == "to":
        if before == "by":
            return None  # "down by 30 to 126": a change and the new level
        if before == "from" and is_change_word(doc[a.start - 1].head):
            return None  # "fell from $47 billion to $8 billion": two figures
        if link == "to" and before != "from" and _change_governs(doc, a):
            return None
    elif link == "or":
        if doc[a.end].whitespace_ == "" or a.words != b.words:
            return None
    else:
        return None
    if (a.unit and b.unit and a.unit.norm != b.unit.norm) or (a.cur and b.cur and a.cur.code != b.cur.code):
        return None
    if before == "from" and ((a.unit and b.unit) or (a.cur and b.cur)):
        return None  # "from 175 gigawatts to 450 gigawatts", "from 20% to 24%": two levels, two figures
    low_value = a.value
    if b.scaled and not a.scaled and a.raw < b.raw:
        low_value = a.value * (b.value / b.raw if b.raw else 1.0)  # "between 2 and 3 million"
    if a.cur is None and b.cur is not None:
        low_value *= b.cur.factor
    if low_value >= b.value and link != "and":
        return None
    a.value = low_value
    if a.cur is None:
        a.cur = b.cur
    if a.unit is None:
        a.unit = b.unit
    if b.cur is None and a.cur is not None:
        b.cur = a.cur
    start = a.start - 1 if before in {"between", "from"} else a.start
    return Candidate(low=a, high=b, start=start, end=b.end)


# --------------------------------------------------------------------------------------------------- qualifiers


def _qualify(doc: Doc, sent: Span, cand: Candidate) -> None:
    """Bounds and approximations before ("more than", "up to a") or after ("or more") the figure."""
    table = qualifier_table()
    before = table["before"]
    start = cand.start
    # "up to a $250,000 fine": an article may stand between a bound and the figure
    skip_article = start - 1 >= sent.start and doc[start - 1].lower_ in {"a", "an"} and cand.low.cur is not None
    end = start - 1 if skip_article else start
    best = 0
    for n in range(1, before.max_len + 1):
        if end - n < sent.start:
            break
        words = tuple(t.lower_ for t in doc[end - n : end])
        if words in before:
            best = n
    if best:
        cand.qualifier = doc[end - best : end].text
        cand.start = end - best
    after = table["after"]
    k = cand.end + 1
    if k < sent.end:
        words = [t.lower_ for t in doc[k : min(k + after.max_len, sent.end)]]
        if doc[k].text in HYPHENS and k + 1 < sent.end and doc[k + 1].lower_ == "plus":
            words = ["-plus"]
            n = 2
        else:
            n = longest(after, words)
        if n:
            text = doc[k : k + n].text
            cand.qualifier = f"{cand.qualifier} … {text}" if cand.qualifier else text
            cand.end = k + n - 1


# --------------------------------------------------------------------------------------------------- direction






def _change_governs(doc: Doc, atom: Atom) -> bool:
    return _direction_of(doc, atom) is not None


def _direction_of(doc: Doc, atom: Atom) -> Direction | None:
    """'fell 102.2 points' -> down, 'cut ... by a quarter-point' -> down, 'up 4 percent' -> up, levels -> None."""
    if atom.start > 0 and doc[atom.start - 1].lower_ == "by":
        by = doc[atom.start - 1]
        return is_change_word(by.head) if by.head.i != by.i else None  # "down by 30 to 126"
    anchor = anchor_token(doc, atom)
    dep = anchor.dep_
    head = anchor.head
    if dep in {"conj", "appos"} and head.i < anchor.i:
        anchor, dep, head = head, head.dep_, head.head  # "fell 102.2 points, or 0.4%": the same change twice
    if dep == "pobj":
        if head.lower_ != "by":
            if head.lower_ == "of" and is_change_word(head.head) and head.head.pos_ == "NOUN":
                return is_change_word(head.head)  # "an increase of 0.3 percent"
            return None  # "from 6.2 percent", "to 126": levels, not changes
        head = head.head
    elif dep not in {
        "dobj",
        "npadvmod",
        "advmod",
        "attr",
        "nummod",
        "compound",
        "amod",
        "acomp",
        "quantmod",
        "appos",
        "nmod",
        "ROOT",
        "dep",
        "oprd",
    }:
        return None
    elif dep == "dobj" and not (atom.unit is not None and atom.unit.kind in {"percent", "point"}):
        return None  # "raise $12.9bn", "lost 30 jobs": an amount, not the size of a change
    if head.i == anchor.i:
        return None
    if head.pos_ in NOUNS and not (atom.cur is not None or (atom.unit and atom.unit.kind in {"percent", "point"})):
        return None  # "three SLS rockets", "a one-year contract": what a noun can mean as a verb is no change
    return is_change_word(head)


def _direction(doc: Doc, cand: Candidate) -> Direction | None:
    if cand.low.sign:
        return cand.low.sign
    return _direction_of(doc, cand.low)

