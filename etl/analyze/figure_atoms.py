"""Numbers as written in one sentence: digits, number words, scales, a currency before or after, a unit after.

Step 1 of ``figures``: every token that starts a number becomes an ``Atom`` with its value, currency or unit and the
tokens it covers; ``Candidate`` is a figure being built from one atom or two (a range). Links, handles, phone
numbers and short quoted names are masked first: numbers there are no figures.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from spacy.tokens import Doc, Span, Token

from etl.analyze.measures import Currency, Unit, cues, currency_symbols, currency_words, iso_codes, longest, units
from etl.analyze.nlp import doc_tokens
from etl.analyze.numbers import DIGITS, combine, number_words, parse_digits

log = logging.getLogger(__name__)

Direction = Literal["up", "down"]
SIGNS: dict[str, Direction] = {"-": "down", "−": "down", "+": "up"}  # "-5%" is a fall of 5 percent

NOUNS = frozenset({"NOUN", "PROPN"})
HYPHENS = frozenset({"-", "‑", "–"})
RANGE_DASHES = frozenset({"-", "‑", "–", "—"})
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
def token_re() -> re.Pattern[str]:
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
class Atom:
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
class Candidate:
    """A figure being built: one atom, or two joined as a range."""

    low: Atom
    high: Atom | None = None
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


# --------------------------------------------------------------------------------------------------- masks


def masked_chars(text: str) -> list[tuple[int, int]]:
    """Character ranges that hold no figures: links, handles, phone numbers and short quoted names."""
    spans = [m.span() for m in _MASK_RE.finditer(text)]
    for m in _SHORT_QUOTE_RE.finditer(text):
        if len(m.group(1).split()) <= _SHORT_QUOTE_WORDS:
            spans.append(m.span())
    return spans


def _in_mask(tok: Token, masked: list[tuple[int, int]]) -> bool:
    return any(a <= tok.idx < b for a, b in masked)


# --------------------------------------------------------------------------------------------------- reading


def read_token(tok: Token) -> _Reading | None:
    """A token that is a number in digits (with whatever currency, sign, range or suffix is glued to it)."""
    m = token_re().fullmatch(tok.text)
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
    sign = SIGNS.get(m.group("sign") or "")
    return _Reading(value=value, text=num, cur=cur, sign=sign, value2=value2, suffix=suffix)


def number_kind(tok: Token) -> str | None:
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


def read_atoms(doc: Doc, sent: Span, masked: list[tuple[int, int]]) -> list[Atom]:
    atoms: list[Atom] = []
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


def _read_atom(doc: Doc, i: int, sent: Span) -> Atom | None:
    """The number starting at token ``i``, with its currency and unit, or None when none starts there."""
    tokens = doc_tokens(doc)
    tok = tokens[i]
    reading = read_token(tok)
    parts: list[float | str] = []
    words = False
    cur: Currency | None = None
    start = i

    if reading is not None:
        parts.append(reading.value)
        cur = reading.cur
    else:
        low = tok.lower_
        kind = number_kind(tok)
        if kind == "fraction":
            fraction = _fraction_point(doc, i, sent)
            if fraction is not None:
                return fraction
        if kind != "word" and low not in {"a", "an", "half"}:
            return None  # most tokens: no number word, and none of the words that open one ("a hundred")
        nxt = tokens[i + 1] if i + 1 < sent.end else None
        nxt2 = tokens[i + 2] if i + 2 < sent.end else None
        article = low in {"a", "an"} and nxt is not None and number_kind(nxt) in {"hundred", "dozen", "scale"}
        half_a = (  # "half a million"
            low == "half"
            and nxt is not None
            and nxt.lower_ in {"a", "an"}
            and nxt2 is not None
            and number_kind(nxt2) == "scale"
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
        kind = number_kind(t)
        if suffix_unit is not None:
            break
        if t.text in HYPHENS and t.whitespace_ == "" and doc[j - 1].whitespace_ == "":
            # "twenty-five", "a 13.8-billion-year period"
            wanted = {"word", "hundred", "scale"} if words else {"scale"}
            following = doc[j + 1] if j + 1 < sent.end else None
            joins = following is not None and number_kind(following) in wanted
            if joins and combine([*parts, following.lower_]) is not None:
                parts.append(following.lower_)
                j += 2
                continue
            break
        half = _and_a_half(doc, j, sent)
        if half:
            parts.extend(["and", "a", "half"])
            j = half
            continue
        if t.lower_ == "and" and j + 1 < sent.end and number_kind(doc[j + 1]) == "word":
            prev_kind = number_kind(doc[j - 1])
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

    atom = Atom(
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
        if doc[k].text in HYPHENS:
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


def _fraction_point(doc: Doc, i: int, sent: Span) -> Atom | None:
    """'a quarter-point', 'half a percentage point', 'three-quarters of a point': a fraction of a point."""
    tok = doc[i]
    entry = number_words().get(tok.lower_)
    if entry is None or entry.kind != "fraction":
        return None
    j = i + 1
    while j < sent.end and doc[j].lower_ in {"-", "a", "of", "an"} | HYPHENS:
        j += 1
    unit_words = [t.lower_ for t in doc[j : min(j + 2, sent.end)]]
    n = longest(units(), unit_words)
    if n == 0 or units()[tuple(unit_words[:n])].kind != "point":
        return None
    unit = units()[tuple(unit_words[:n])]
    if unit.norm == "point":  # "a quarter-point" on interest rates means a quarter of a percentage point
        unit = Unit("percentage point", "point")
    start = i - 1 if i - 1 >= sent.start and doc[i - 1].lower_ in {"a", "one"} else i
    return Atom(
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


def _read_suffix(doc: Doc, atom: Atom, sent: Span) -> None:
    """The unit or currency written after the number: "10 percent", "5 million euros", "an 18-year insurgency"."""
    k = atom.last + 1
    if k >= sent.end:
        return
    hyphen = False
    if doc[k].text in HYPHENS and doc[k - 1].whitespace_ == "" and doc[k].whitespace_ == "":
        hyphen = True
        k += 1
        if k >= sent.end or read_token(doc[k]) is not None or number_kind(doc[k]) is not None:
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
        elif nxt.lower_ != "plus" and number_kind(nxt) is None:
            atom.excluded = "compound"

