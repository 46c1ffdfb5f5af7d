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
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Literal

from spacy.tokens import Doc, Span, Token

from etl.analyze.measures import (
    Currency,
    Unit,
    cues,
    currency_symbols,
    currency_words,
    iso_codes,
    longest,
    nominals,
    units,
)
from etl.analyze.measures import qualifiers as qualifier_table
from etl.analyze.numbers import DIGITS, combine, number_words, parse_digits
from etl.models import Figure

log = logging.getLogger(__name__)

Direction = Literal["up", "down"]
_SIGNS: dict[str, Direction] = {"-": "down", "−": "down", "+": "up"}  # "-5%" is a fall of 5 percent

_NOUNS = frozenset({"NOUN", "PROPN"})
_HYPHENS = frozenset({"-", "‑", "–"})
_RANGE_DASHES = frozenset({"-", "‑", "–", "—"})
_NAME_ENTS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "GPE", "LOC", "NORP"})
_PRONOUNS = frozenset({"PRON"})
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_DURATION_VERBS = frozenset({"last", "span", "run", "continue", "stretch", "drag"})
# Single-letter scale abbreviations mean thousand/million/billion only beside money ("$300k", "£5m"); elsewhere
# "5m" is five metres and "4K" is a screen resolution.
_MONEY_ONLY_ABBR = frozenset({"k", "m", "b"})

# Text that never holds a figure: links, e-mail addresses, handles and hashtags, phone numbers.
_MASK_RE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|(?<!\w)[@#]\w+"
    r"|(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
)
# A short stretch in quotation marks is a slogan, a name or a scare quote ("one country, two systems"):
# numbers inside it are part of the name, not figures. Longer quotations are speech and keep their figures.
_SHORT_QUOTE_RE = re.compile(r"[“\"]([^”\"\n]{1,80})[”\"]")
_SHORT_QUOTE_WORDS = 5


@cache
def _token_re() -> re.Pattern[str]:
    """One token that is a number, maybe with a currency glued before and a scale or unit glued after.

    Covers "160,000", "12.9bn", "HK$20", "10km", "30mph", "-5", "10-15", "5%". Built once from the data files.
    """
    prefixes = sorted(currency_symbols(), key=len, reverse=True)
    suffixes = {key[0] for key in units() if len(key) == 1}
    suffixes |= {w for w, e in number_words().items() if e.kind == "abbr"}
    suffix_alt = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    prefix_alt = "|".join(re.escape(p) for p in prefixes)
    return re.compile(
        rf"(?P<cur>{prefix_alt})?(?P<sign>[-+−])?(?P<num>{DIGITS})"
        rf"(?:[-–](?P<num2>{DIGITS}))?(?P<suf>(?i:{suffix_alt}))?"
    )


@dataclass
class _Reading:
    """What one token says on its own: a number in digits with what is glued to it."""

    value: float
    text: str
    cur: Currency | None = None
    sign: Direction | None = None
    value2: float | None = None
    suffix: str | None = None


@dataclass
class _Atom:
    """One number as written: its core tokens, value, currency or unit, and the tokens it covers."""

    first: int  # first token of the number itself
    last: int  # last token of the number, scale words included
    value: float
    raw: float  # the value before a scale word, for "between 2 and 3 million"
    scaled: bool
    words: bool  # written in words ("three")
    text: str
    start: int  # first token of the whole mention (currency sign included)
    end: int  # last token of the whole mention (unit or currency word included)
    cur: Currency | None = None
    unit: Unit | None = None
    sign: Direction | None = None
    hyphen_unit: bool = False  # "an 18-year insurgency": the number and unit modify a noun
    value2: float | None = None  # a range inside one token ("10-15")
    excluded: str | None = None  # why it is not a figure, for debugging and tests


@dataclass
class _Candidate:
    """A figure being built: one atom, or two joined as a range."""

    low: _Atom
    high: _Atom | None = None
    start: int = 0  # token span of the mention, range words and qualifier included
    end: int = 0
    qualifier: str | None = None
    object: str | None = None
    direction: Direction | None = None

    @property
    def unit(self) -> str | None:
        atom = self.low
        if atom.cur:
            return atom.cur.code
        return atom.unit.norm if atom.unit else None


def find_figures(doc: Doc) -> list[Figure]:
    """Every figure in ``doc`` in text order; never raises (a sentence that trips a rule is logged and skipped)."""
    text = doc.text  # spaCy rebuilds doc.text on every access: read it once
    try:
        masked = _masked_chars(text)
    except Exception:  # pragma: no cover - regexes over a str do not fail; belt and braces for the pipeline
        log.exception("figures: masking failed")
        masked = []
    figures: list[Figure] = []
    previous: list[_Candidate] = []
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
    masked = _masked_chars(doc.text)
    out: list[tuple[str, str | None]] = []
    for sent in _sentences(doc):
        atoms = _read_atoms(doc, sent, masked)
        _mark_exclusions(doc, sent, atoms)
        out.extend((doc[a.start : a.end + 1].text, a.excluded) for a in atoms)
    return out


def _sentences(doc: Doc) -> list[Span]:
    """Sentences when the pipeline set them, else the whole doc as one (a blank doc has no sentence boundaries)."""
    if not len(doc):
        return []
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _to_figure(doc: Doc, text: str, cand: _Candidate, sent: Span) -> Figure:
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


# --------------------------------------------------------------------------------------------------- masks


def _masked_chars(text: str) -> list[tuple[int, int]]:
    """Character ranges that hold no figures: links, handles, phone numbers and short quoted names."""
    spans = [m.span() for m in _MASK_RE.finditer(text)]
    for m in _SHORT_QUOTE_RE.finditer(text):
        if len(m.group(1).split()) <= _SHORT_QUOTE_WORDS:
            spans.append(m.span())
    return spans


def _in_mask(tok: Token, masked: list[tuple[int, int]]) -> bool:
    return any(a <= tok.idx < b for a, b in masked)


# --------------------------------------------------------------------------------------------------- reading


def _read_token(tok: Token) -> _Reading | None:
    """A token that is a number in digits (with whatever currency, sign, range or suffix is glued to it)."""
    m = _token_re().fullmatch(tok.text)
    if not m:
        return None
    num = m.group("num")
    if len(num) > 1 and num[0] == "0" and num[1] != ".":
        return None  # "0199", "007": codes, not quantities
    value = parse_digits(num)
    if value is None or not math.isfinite(value):
        return None  # 400 nines overflow a float: no quantity worth storing
    suffix = m.group("suf")
    if suffix and len(suffix) == 1 and suffix.isupper() and suffix.lower() not in _MONEY_ONLY_ABBR:
        return None  # "5G", "4L": a name, not five grams
    cur = currency_symbols().get(m.group("cur")) if m.group("cur") else None
    value2 = parse_digits(m.group("num2")) if m.group("num2") else None
    sign = _SIGNS.get(m.group("sign") or "")
    return _Reading(value=value, text=num, cur=cur, sign=sign, value2=value2, suffix=suffix)


def _kind(tok: Token) -> str | None:
    entry = number_words().get(tok.lower_)
    return entry.kind if entry else None


def _prefix_currency(doc: Doc, i: int, sent: Span) -> tuple[Currency | None, int | None]:
    """A currency written as a separate token right before token ``i`` ("$ 5", "EUR 5m", "Rs 500")."""
    j = i - 1
    if j < sent.start:
        return None, None
    text = doc[j].text
    cur = currency_symbols().get(text)
    if cur:
        return cur, j
    if text in iso_codes():
        return Currency(text), j
    return None, None


def _read_atoms(doc: Doc, sent: Span, masked: list[tuple[int, int]]) -> list[_Atom]:
    atoms: list[_Atom] = []
    i = sent.start
    while i < sent.end:
        atom = None
        try:
            atom = _read_atom(doc, i, sent)
        except Exception:
            log.exception("figures: could not read a number at token %d", i)
        if atom is None:
            i += 1
            continue
        if _in_mask(doc[atom.first], masked):
            atom.excluded = "masked"
        atoms.append(atom)
        i = atom.end + 1
    return atoms


def _read_atom(doc: Doc, i: int, sent: Span) -> _Atom | None:
    """The number starting at token ``i``, with its currency and unit, or None when none starts there."""
    tok = doc[i]
    reading = _read_token(tok)
    parts: list[float | str] = []
    words = False
    cur: Currency | None = None
    start = i

    if reading is not None:
        parts.append(reading.value)
        cur = reading.cur
    else:
        low = tok.lower_
        kind = _kind(tok)
        nxt = doc[i + 1] if i + 1 < sent.end else None
        nxt2 = doc[i + 2] if i + 2 < sent.end else None
        fraction = _fraction_point(doc, i, sent)
        if fraction is not None:
            return fraction
        article = low in {"a", "an"} and nxt is not None and _kind(nxt) in {"hundred", "dozen", "scale"}
        half_a = (  # "half a million"
            low == "half"
            and nxt is not None
            and nxt.lower_ in {"a", "an"}
            and nxt2 is not None
            and _kind(nxt2) == "scale"
        )
        if kind != "word" and not article and not half_a:
            return None
        parts.append(low)
        words = True

    if cur is None:
        cur, cur_tok = _prefix_currency(doc, i, sent)
        if cur_tok is not None:
            start = cur_tok
    money = cur is not None

    # a glued suffix: a scale abbreviation ("12.9bn") or a unit ("10km", "5%")
    suffix_unit: Unit | None = None
    if reading is not None and reading.suffix:
        suf = reading.suffix.lower()
        entry = number_words().get(suf)
        if (
            entry is not None
            and entry.kind == "abbr"
            and (money or suf not in _MONEY_ONLY_ABBR or (reading.suffix.islower() and _scaled_count(doc, i, sent)))
        ):
            parts.append(suf)
        elif (suf,) in units():
            suffix_unit = units()[(suf,)]
        else:
            return None

    # more number words and scales: "two million", "three hundred and fifty thousand", "1.2 billion", "£5 m"
    j = i + 1
    while j < sent.end:
        t = doc[j]
        kind = _kind(t)
        if suffix_unit is not None:
            break
        if t.text in _HYPHENS and t.whitespace_ == "" and doc[j - 1].whitespace_ == "":
            # "twenty-five", "a 13.8-billion-year period"
            wanted = {"word", "hundred", "scale"} if words else {"scale"}
            if j + 1 < sent.end and _kind(doc[j + 1]) in wanted and combine([*parts, doc[j + 1].lower_]) is not None:
                parts.append(doc[j + 1].lower_)
                j += 2
                continue
            break
        half = _and_a_half(doc, j, sent)
        if half:
            parts.extend(["and", "a", "half"])
            j = half
            continue
        if t.lower_ == "and" and j + 1 < sent.end and _kind(doc[j + 1]) == "word":
            prev_kind = _kind(doc[j - 1])
            if prev_kind in {"hundred", "scale"} and combine([*parts, doc[j + 1].lower_]) is not None:
                parts.append(doc[j + 1].lower_)
                j += 2
                continue
            break
        if kind in {"word", "hundred", "dozen", "scale"} and (words or kind != "word"):
            if combine([*parts, t.lower_]) is None:
                break
            parts.append(t.lower_)
            j += 1
            continue
        low = t.lower_.rstrip(".") if t.lower_.endswith(".") and len(t) > 1 else t.lower_  # "5m." ends a sentence
        kind = _kind_of(low)
        if (
            kind == "abbr"
            and not words
            and (money or low not in _MONEY_ONLY_ABBR or (t.text.islower() and _scaled_count(doc, j, sent)))
        ):
            if combine([*parts, low]) is None:
                break
            parts.append(low)
            j += 1
            continue
        if t.lower_ in {"a", "an"} and parts == ["half"]:
            parts.append(t.lower_)
            j += 1
            continue
        break
    last = j - 1
    value = combine(parts)
    if value is None or not math.isfinite(value):
        return None
    raw = parts[0] if isinstance(parts[0], float) else value
    scaled = any(isinstance(p, str) and _kind_of(p) in {"scale", "abbr"} for p in parts)
    if scaled and isinstance(parts[0], float):
        raw = float(parts[0])
    elif scaled:
        raw = combine([p for p in parts if not (isinstance(p, str) and _kind_of(p) in {"scale", "abbr"})]) or value

    atom = _Atom(
        first=i,
        last=last,
        value=value,
        raw=raw,
        scaled=scaled,
        words=words,
        text=doc[i : last + 1].text,
        start=start,
        end=last,
        cur=cur,
        unit=suffix_unit,
        sign=reading.sign if reading else None,
        value2=reading.value2 if reading else None,
    )
    if atom.value2 is not None and atom.value2 <= atom.value:
        atom.excluded = "code"  # "787-9", "2019-20", "3-2": a model, a season or a score, not a range
    if suffix_unit is None:
        _read_suffix(doc, atom, sent)
    if atom.cur is not None:
        atom.value *= atom.cur.factor
        atom.raw *= atom.cur.factor
        if atom.value2 is not None:
            atom.value2 *= atom.cur.factor
    if atom.value2 is not None and atom.scaled:
        atom.value2 *= atom.value / atom.raw if atom.raw else 1.0
    return atom


def _and_a_half(doc: Doc, j: int, sent: Span) -> int:
    """Index after "and a half" / "-and-a-half" starting at token ``j``, or 0."""
    words = []
    k = j
    while k < sent.end and len(words) < 3:
        if doc[k].text in _HYPHENS:
            k += 1
            continue
        words.append(doc[k].lower_)
        k += 1
    return k if words == ["and", "a", "half"] else 0


def _kind_of(word: str) -> str | None:
    entry = number_words().get(word)
    return entry.kind if entry else None


def _scaled_count(doc: Doc, j: int, sent: Span) -> bool:
    """A single-letter scale at token ``j`` means million/thousand here: money follows ("5m euros") or a plural
    noun does ("5m people"); "a 100m sprint" keeps its metres."""
    if _money_after(doc, j + 1):
        return True
    nxt = doc[j + 1] if j + 1 < sent.end else None
    return nxt is not None and nxt.tag_ in {"NNS", "NNPS"} and (nxt.lower_,) not in units()


def _money_after(doc: Doc, j: int) -> bool:
    """A currency word or code follows at token ``j`` ("5m euros")."""
    if j >= len(doc):
        return False
    words = [t.lower_ for t in doc[j : j + 3]]
    return longest(currency_words(), words) > 0 or doc[j].text in iso_codes()


def _fraction_point(doc: Doc, i: int, sent: Span) -> _Atom | None:
    """'a quarter-point', 'half a percentage point', 'three-quarters of a point': a fraction of a point."""
    tok = doc[i]
    entry = number_words().get(tok.lower_)
    if entry is None or entry.kind != "fraction":
        return None
    j = i + 1
    while j < sent.end and doc[j].lower_ in {"-", "a", "of", "an"} | _HYPHENS:
        j += 1
    unit_words = [t.lower_ for t in doc[j : min(j + 2, sent.end)]]
    n = longest(units(), unit_words)
    if n == 0 or units()[tuple(unit_words[:n])].kind != "point":
        return None
    unit = units()[tuple(unit_words[:n])]
    if unit.norm == "point":  # "a quarter-point" on interest rates means a quarter of a percentage point
        unit = Unit("percentage point", "point")
    start = i - 1 if i - 1 >= sent.start and doc[i - 1].lower_ in {"a", "one"} else i
    return _Atom(
        first=i,
        last=i,
        value=entry.value,
        raw=entry.value,
        scaled=False,
        words=True,
        text=doc[i : j + n].text,
        start=start,
        end=j + n - 1,
        unit=unit,
    )


def _read_suffix(doc: Doc, atom: _Atom, sent: Span) -> None:
    """The unit or currency written after the number: "10 percent", "5 million euros", "an 18-year insurgency"."""
    k = atom.last + 1
    if k >= sent.end:
        return
    hyphen = False
    if doc[k].text in _HYPHENS and doc[k - 1].whitespace_ == "" and doc[k].whitespace_ == "":
        hyphen = True
        k += 1
        if k >= sent.end or _read_token(doc[k]) is not None or _kind(doc[k]) is not None:
            return  # "5-8 minutes", "twenty-five": a range or a compound number, handled elsewhere
    words = [t.lower_ for t in doc[k : min(k + 4, sent.end)]]
    n_cur = longest(currency_words(), words) if atom.cur is None else 0
    n_unit = longest(units(), words) if atom.cur is None else 0
    if atom.cur is None and n_cur == 0 and doc[k].text in iso_codes() and not hyphen:
        atom.cur = Currency(doc[k].text)
        atom.end = k
        return
    if n_cur and n_cur >= n_unit:
        atom.cur = currency_words()[tuple(words[:n_cur])]
        atom.end = k + n_cur - 1
        atom.hyphen_unit = hyphen
        return
    if n_unit:
        unit = units()[tuple(words[:n_unit])]
        if hyphen and unit.kind in {"percent", "point"} and words[0] == "%":
            return
        atom.unit = unit
        atom.end = k + n_unit - 1
        atom.hyphen_unit = hyphen
        return
    if hyphen and not atom.excluded:
        # "a two-state solution", "a five-star hotel", "two-thirds": a number fused with a word that is no unit
        nxt = doc[k]
        if nxt.lower_ in cues()["count_compound"]:
            atom.end = k  # "a 10,000-strong force": still a count, of the force's members
        elif nxt.lower_ != "plus" and _kind(nxt) is None:
            atom.excluded = "compound"


# --------------------------------------------------------------------------------------------------- sentences


def _sentence_figures(
    doc: Doc, sent: Span, masked: list[tuple[int, int]], previous: list[_Candidate]
) -> list[_Candidate]:
    atoms = _read_atoms(doc, sent, masked)
    if not atoms:
        return []
    _mark_exclusions(doc, sent, atoms)
    candidates = _join_ranges(doc, sent, atoms)
    out: list[_Candidate] = []
    for cand in candidates:
        _qualify(doc, sent, cand)
        cand.direction = _direction(doc, cand)
    for cand in candidates:
        cand.object = _object(doc, sent, cand, out, previous)
        _extend_to_object(doc, sent, cand)
        out.append(cand)
    return out


def _mark_exclusions(doc: Doc, sent: Span, atoms: list[_Atom]) -> None:
    """Set ``excluded`` on every atom that is not a figure, looking at neighbours for pairs ("787-9")."""
    for a, b in pairwise(atoms):
        if _glued_dash(doc, a, b) and b.value <= a.value:
            a.excluded = b.excluded = "code"  # "787-9", "2019-20", "3-2": a model, a season or a score
    for idx, atom in enumerate(atoms):
        if atom.excluded is None:
            atom.excluded = _exclusion(doc, sent, atom, atoms[idx - 1] if idx else None)
    for a, b in pairwise(atoms):
        if _glued_dash(doc, a, b) and a.excluded in {"name", "date", "year", "code", "masked"}:
            b.excluded = b.excluded or a.excluded  # "Ingredients 8-9", "2010-2015": the pair stands or falls together


def _join_ranges(doc: Doc, sent: Span, atoms: list[_Atom]) -> list[_Candidate]:
    """Pair atoms into ranges where the text says so; drop excluded atoms."""
    out: list[_Candidate] = []
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
            out.append(_Candidate(low=a, start=a.start, end=a.end))
        k += 1
    return out


def _glued_dash(doc: Doc, a: _Atom, b: _Atom) -> bool:
    if b.start != a.end + 2:
        return False
    dash = doc[a.end + 1]
    return dash.text in _RANGE_DASHES and doc[a.end].whitespace_ == "" and dash.whitespace_ == ""


def _range(doc: Doc, sent: Span, a: _Atom, b: _Atom) -> _Candidate | None:
    """'between X and Y', 'X-Y', 'X to Y', 'from X to Y', 'X or Y' as one figure; None when they are two."""
    if b.start != a.end + 2:
        return None
    link = doc[a.end + 1].lower_
    before = doc[a.start - 1].lower_ if a.start - 1 >= sent.start else ""
    if link == "and":
        if before != "between":
            return None
    elif link in _RANGE_DASHES or link == "to":
        if before == "by":
            return None  # "down by 30 to 126": a change and the new level
        if before == "from" and _is_change_word(doc[a.start - 1].head):
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
    return _Candidate(low=a, high=b, start=start, end=b.end)


# --------------------------------------------------------------------------------------------------- exclusions


def _exclusion(doc: Doc, sent: Span, atom: _Atom, prev_atom: _Atom | None) -> str | None:
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
        and (_read_token(doc[atom.end + 2]) is not None or _kind(doc[atom.end + 2]) == "word")
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
        and nxt.text in _RANGE_DASHES
        and atom.end + 2 < sent.end
        and _read_token(doc[atom.end + 2]) is not None
    )
    if not atom.words and not has_measure and not range_next:
        if prev is not None and _name_before(prev) and atom.start == atom.first:
            return "name"
        if (
            prev is not None
            and prev.text in _HYPHENS
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


def _out_of(doc: Doc, sent: Span, atom: _Atom) -> bool:
    """Either side of 'X out of Y': a ratio, which FORMAT.md counts among fractions in words."""
    after = [t.lower_ for t in doc[atom.end + 1 : min(atom.end + 3, sent.end)]]
    before = [t.lower_ for t in doc[max(sent.start, atom.start - 2) : atom.start]]
    return after == ["out", "of"] or (
        before == ["out", "of"] and atom.start - 3 >= sent.start and doc[atom.start - 3].like_num
    )


def _date_like(atom: _Atom) -> bool:
    if atom.words or atom.scaled or "," in atom.text or "." in atom.text:
        return False
    return atom.value <= 31 or (len(atom.text) == 4 and 1000 <= atom.value <= 2100)


def _line_start(doc: Doc, sent: Span, atom: _Atom) -> bool:
    if atom.start == sent.start:
        return True
    prev = doc[atom.start - 1]
    return prev.is_space or "\n" in prev.whitespace_ or prev.text in {":"}


def _core(atom: _Atom) -> range:
    return range(atom.first, atom.last + 1)


def _hyphen_old(doc: Doc, k: int, sent: Span) -> bool:
    return k + 1 < sent.end and doc[k].text in _HYPHENS and doc[k + 1].lower_ in cues()["age_after"]


def _age_apposition(doc: Doc, sent: Span, atom: _Atom) -> bool:
    """'Patrick Carlineo Jr., 55, of Addison' or 'Jane Doe (45)': an age set off after a name."""
    before = atom.start - 1
    after = atom.end + 1
    if before - 1 < sent.start or after >= sent.end or atom.words or atom.value > 130:
        return False
    opener, closer = doc[before].text, doc[after].text
    name = doc[before - 1]
    named = name.pos_ == "PROPN" or name.ent_type_ == "PERSON" or name.text in {"Jr.", "Sr."}
    return named and ((opener == "," and closer in {",", ";", ")", "."}) or (opener == "(" and closer == ")"))


def _beside_month(doc: Doc, sent: Span, atom: _Atom) -> bool:
    months = cues()["month"]
    before = doc[atom.start - 1].lower_ if atom.start - 1 >= sent.start else ""
    after = doc[atom.end + 1].lower_ if atom.end + 1 < sent.end else ""
    return (
        before in months
        or after in months
        or (after == "of" and atom.end + 2 < sent.end and doc[atom.end + 2].lower_ in months)
    )


def _looks_like_year(doc: Doc, atom: _Atom) -> bool:
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


def _title_case_word(doc: Doc, sent: Span, atom: _Atom) -> bool:
    """'the Six-Day War', 'Group of Seven': a capitalised number word inside a sentence is part of a name."""
    if not atom.words:
        return False
    tok = doc[atom.first]
    if not tok.text[:1].isupper() or tok.i == sent.start:
        return False
    prev = doc[tok.i - 1]
    if prev.text in _HYPHENS and prev.whitespace_ == "" and doc[prev.i - 1].whitespace_ == "":
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


def _model_number(doc: Doc, sent: Span, atom: _Atom) -> bool:
    """'its popular 737 Max jet', 'The 777 program': a number naming a model, not counting a noun.

    A count above one takes a plural noun; a number before a singular noun that carries its own determiner
    ("the", "its"), or before a capitalised name and a singular noun, is a model or series number.
    """
    tok = doc[atom.last]
    if atom.value <= 1 or atom.value != int(atom.value) or "," in atom.text:
        return False
    head = tok.head
    while head.dep_ in {"compound", "nmod"} and head.head.i > head.i and head.head.pos_ in _NOUNS:
        head = head.head
    if head.i <= tok.i or head.pos_ not in _NOUNS or head.tag_ not in {"NN", "NNP"}:
        return False
    nxt = doc[atom.end + 1] if atom.end + 1 < sent.end else None
    capital_next = nxt is not None and nxt.text[:1].isupper() and nxt.pos_ == "PROPN"
    # "the 777 program", "its 787 fleet"; not "a 30 min activity", where "a" goes with the whole phrase
    determined = any(c.dep_ in {"det", "poss"} and c.i < tok.i and c.lower_ not in {"a", "an"} for c in head.children)
    return capital_next or determined


def _address(doc: Doc, sent: Span, atom: _Atom) -> bool:
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


# --------------------------------------------------------------------------------------------------- qualifiers


def _qualify(doc: Doc, sent: Span, cand: _Candidate) -> None:
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
        if doc[k].text in _HYPHENS and k + 1 < sent.end and doc[k + 1].lower_ == "plus":
            words = ["-plus"]
            n = 2
        else:
            n = longest(after, words)
        if n:
            text = doc[k : k + n].text
            cand.qualifier = f"{cand.qualifier} … {text}" if cand.qualifier else text
            cand.end = k + n - 1


# --------------------------------------------------------------------------------------------------- direction


def _is_change_word(tok: Token) -> Direction | None:
    lemma = tok.lemma_.lower()
    word = tok.lower_
    if lemma in cues()["change_up"] or word in cues()["change_up"]:
        return "up"
    if lemma in cues()["change_down"] or word in cues()["change_down"]:
        return "down"
    return None


def _anchor(doc: Doc, atom: _Atom) -> Token:
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


def _change_governs(doc: Doc, atom: _Atom) -> bool:
    return _direction_of(doc, atom) is not None


def _direction_of(doc: Doc, atom: _Atom) -> Direction | None:
    """'fell 102.2 points' -> down, 'cut ... by a quarter-point' -> down, 'up 4 percent' -> up, levels -> None."""
    if atom.start > 0 and doc[atom.start - 1].lower_ == "by":
        by = doc[atom.start - 1]
        return _is_change_word(by.head) if by.head.i != by.i else None  # "down by 30 to 126"
    anchor = _anchor(doc, atom)
    dep = anchor.dep_
    head = anchor.head
    if dep in {"conj", "appos"} and head.i < anchor.i:
        anchor, dep, head = head, head.dep_, head.head  # "fell 102.2 points, or 0.4%": the same change twice
    if dep == "pobj":
        if head.lower_ != "by":
            if head.lower_ == "of" and _is_change_word(head.head) and head.head.pos_ == "NOUN":
                return _is_change_word(head.head)  # "an increase of 0.3 percent"
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
    if head.pos_ in _NOUNS and not (atom.cur is not None or (atom.unit and atom.unit.kind in {"percent", "point"})):
        return None  # "three SLS rockets", "a one-year contract": what a noun can mean as a verb is no change
    return _is_change_word(head)


def _direction(doc: Doc, cand: _Candidate) -> Direction | None:
    if cand.low.sign:
        return cand.low.sign
    return _direction_of(doc, cand.low)


# --------------------------------------------------------------------------------------------------- objects


def _object(
    doc: Doc, sent: Span, cand: _Candidate, earlier: list[_Candidate], previous: list[_Candidate]
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
                    if held.i == noun.i and _is_change_word(noun) and not is_count:
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
    if is_count:
        anchor = _anchor(doc, cand.low)
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ in _NOUNS:
            owner = anchor.head.head  # "ratings of 999", "a fleet of 270"
            if _countable(owner) and owner.lemma_.lower() not in cues()["container"]:
                return _noun_text(doc, owner)
        # 3. ellipsis: "five 787 Dreamliner sales: two to Biman ... and three to ..." count the same thing
        for other in reversed(previous + earlier):
            if other.low.cur is None and other.low.unit is None and other.object:
                return other.object
        # 4. a level of something: "the death toll rose to 57", "the death toll was 57"
        noun = _governed(doc, anchor, inside, levels_only=True)
        return noun if noun is None or isinstance(noun, str) or noun.pos_ in _PRONOUNS else _noun_text(doc, noun)
    anchor = _anchor(doc, cand.low)
    if is_time:
        return _duration_object(doc, anchor)
    # 4. money and percentages: what the figure is said of, through the parse
    noun = _governed(doc, anchor, inside)
    if noun is None or isinstance(noun, str):
        return noun
    if noun.pos_ in _PRONOUNS:
        for other in reversed(earlier):
            if other.object:
                return other.object
        return None
    return _noun_text(doc, noun)


def _countable(tok: Token) -> bool:
    """A noun that can be what a figure counts: not a unit, a currency, a date word or a pronoun."""
    if tok.pos_ not in _NOUNS or tok.ent_type_ in {"DATE", "TIME"}:
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
        if head.i == tok.i or head.i < tok.i or head.pos_ not in _NOUNS | {"NUM"}:
            break
        tok = head
        steps += 1
    if tok.i in inside or tok.pos_ not in _NOUNS:
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
        if nxt is None or nxt.pos_ not in _NOUNS or nxt.like_num:
            break
        noun = nxt
        seen += 1
    return noun


def _noun_text(doc: Doc, noun: Token, inside: frozenset[int] | set[int] = frozenset()) -> str:
    """The noun with the compounds written straight before it: common nouns before a common noun
    ('interest rate', 'vehicle sales'; not 'Boeing jets'), names before a name ('South Dakota')."""
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
        if _is_change_word(head) or (dep == "attr" and head.lemma_ == "be"):
            change = True
        if dep in {"pobj", "pcomp"}:
            prep = prep or head.lower_
            tok = head
            continue
        if dep == "conj":
            tok = head
            continue
        if head.pos_ in _NOUNS and head.i not in inside:
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
                if head.dep_ == "acl" and head.head.pos_ in _NOUNS:
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
    if change and verb.lemma_.lower() in nominals() and not _is_change_word(verb):
        return nominals()[verb.lemma_.lower()]
    obj = None
    for child in verb.children:
        if child.dep_ in {"dobj"} and child.pos_ in _NOUNS and _countable(child):
            obj = child
    if prep in {"by", "at", "for"} and obj is not None:
        return _past_container(obj)
    subject = _subject(verb)
    if subject is None or subject.i in inside:
        return None
    if subject.pos_ in _PRONOUNS or (subject.pos_ in _NOUNS and _countable(subject)):
        return subject
    return None


def _extend_to_object(doc: Doc, sent: Span, cand: _Candidate) -> None:
    """Let the mention's text run on to the counted noun when it follows at once ('160,000 troops')."""
    last = (cand.high or cand.low).end
    k = last + 1
    while k < sent.end and k <= last + 4:
        t = doc[k]
        if (t.dep_ in {"compound", "amod", "nmod", "nummod"} and t.head.i > k) or t.text in _HYPHENS:
            k += 1
            continue
        break
    if k < sent.end and cand.object and doc[k].text == cand.object.split()[-1]:
        anchor = doc[(cand.high or cand.low).last]
        if anchor.head.i == k or doc[k].head.i == anchor.i:
            cand.end = max(cand.end, k)
