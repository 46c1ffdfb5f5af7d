"""Quotation marks -> quoted spans, on the raw text, without changing a single character position.

News text mixes straight and curly marks, sometimes in one quotation (“…," from a CMS that curls only the opening
mark), leaves marks unbalanced, and runs a quotation over several paragraphs by repeating the opening mark at the
start of each paragraph with no closing mark before the break. So a mark's role is read from its neighbours first
(space before and a letter after opens; a letter before and space or punctuation after closes) and from its glyph
only when the neighbours do not decide. Nothing is normalised in the text: offsets stay valid for the caller.

Double marks delimit quotations. Single marks do too, but only outside double-quoted text (British style or a
headline-like quotation); inside a double quotation they are the nested quotation and stay part of its text.
Apostrophes (we’re, don't, Weeks’ family) are told from single marks by the letters around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
DOUBLE_EITHER = '"″'
SINGLE_OPEN = "‘‛‹"
SINGLE_CLOSE = "’›"
SINGLE_EITHER = "'"
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_EITHER
DOUBLED_MARKS = {"``", "''", "‘‘", "’’"}
SINGLE_MARKS = SINGLE_OPEN + SINGLE_CLOSE + SINGLE_EITHER
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
# characters that may stand right before an opening mark / right after a closing one
OPEN_CONTEXT = "([{—–-/:;," + ALL_MARKS
CLOSE_CONTEXT = ".,;:!?)]}…—–-/" + ALL_MARKS
# what is trimmed off the ends of the quoted text: the comma before a closing mark is punctuation of the sentence
TRIM_END = " \t\r\n,;:—–-"
TRIM_START = " \t\r\n,;:—–-"
PARAGRAPH_BREAK = re.compile(r"\n+")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# a single mark that opens a contraction or an abbreviated year is an apostrophe: 's, 't, 'em, 're, 'n', '90s
ELISION = re.compile(r"(?:s|t|d|m|re|ll|ve|em|cause|til)\b|n['’]|\d", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation inside one paragraph.

    ``start``/``end`` delimit the quoted words (marks, surrounding spaces and a trailing comma trimmed off);
    ``open_at``/``close_at`` are the positions of the marks (``close_at`` is the paragraph end when unclosed).
    ``continued`` is true for a paragraph that opens with a mark while the previous paragraph's quotation was
    never closed: the same speaker goes on talking.
    """

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool
    paragraph: int
    paragraph_start: int
    continued: bool = False
    single: bool = False
    close_width: int = 1

    @property
    def after(self) -> int:
        """The first character after the closing mark (the paragraph end when unclosed)."""
        return self.close_at + self.close_width if self.closed else self.close_at

    def words(self, text: str) -> int:
        """How many words the quotation has: labels and scare quotes are short, utterances are not."""
        return len(WORD.findall(text[self.start : self.end]))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty paragraph; articles separate them by one or more newlines."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < len(text):
        spans.append((position, len(text)))
    return spans


def _role(text: str, at: int, width: int, low: int, high: int, opening: bool, closing: bool) -> str:
    """``open``, ``close`` or ``either`` for the mark at ``at`` (``width`` characters), judged by its neighbours
    within the paragraph first and by its glyph only when they do not decide."""
    before = text[at - 1] if at > low else " "
    after = text[at + width] if at + width < high else " "
    space_before = before.isspace() or before in OPEN_CONTEXT
    space_after = after.isspace() or after in CLOSE_CONTEXT
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    if opening:
        return "open"
    if closing:
        return "close"
    return "either"


def _double_marks(text: str, low: int, high: int) -> list[tuple[int, int, bool, bool]]:
    """``(position, width, opening glyph, closing glyph)`` of each double mark; a doubled single mark
    (``, '', ‘‘, ’’) is one double mark, as some newswires write them."""
    marks: list[tuple[int, int, bool, bool]] = []
    at = low
    while at < high:
        pair = text[at : at + 2]
        if pair in DOUBLED_MARKS:
            marks.append((at, 2, pair in {"``", "‘‘"}, pair == "’’"))
            at += 2
            continue
        if text[at] in DOUBLE_MARKS:
            marks.append((at, 1, text[at] in DOUBLE_OPEN, text[at] in DOUBLE_CLOSE))
        at += 1
    return marks


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM_START:
        start += 1
    while end > start and text[end - 1] in TRIM_END:
        end -= 1
    return start, end


def _double_quotes(text: str, paragraph: int, low: int, high: int, carried: bool) -> tuple[list[QuoteSpan], bool]:
    """Quotations in one paragraph; returns them and whether the last one was left open at the paragraph end."""
    found: list[QuoteSpan] = []
    open_at: int | None = None
    open_width = 1
    continued = False
    for at, width, opening, closing in _double_marks(text, low, high):
        role = _role(text, at, width, low, high, opening, closing)
        if open_at is None:
            if role == "close":
                continue  # a stray closing mark: nothing to pair it with
            open_at, open_width = at, width
            continued = carried and not text[low:at].strip()
            continue
        if role == "open" and (opening or closing):
            # an opening mark while a quotation is open: the first one was never closed
            start, end = _trimmed(text, open_at + open_width, at)
            if end > start:
                found.append(QuoteSpan(start, end, open_at, at, False, paragraph, low, continued))
            open_at, open_width = at, width
            continued = False
            continue
        start, end = _trimmed(text, open_at + open_width, at)
        if end > start:
            found.append(QuoteSpan(start, end, open_at, at, True, paragraph, low, continued, close_width=width))
        open_at = None
        continued = False
    left_open = False
    if open_at is not None:
        start, end = _trimmed(text, open_at + open_width, high)
        if end > start:
            found.append(QuoteSpan(start, end, open_at, high, False, paragraph, low, continued))
            left_open = True
    return found, left_open


def _is_apostrophe(text: str, at: int, low: int, high: int) -> bool:
    before = text[at - 1] if at > low else " "
    after = text[at + 1] if at + 1 < high else " "
    return before.isalnum() and after.isalnum()  # we’re, don't, O’Brien


def _single_quotes(text: str, paragraph: int, low: int, high: int, taken: list[QuoteSpan]) -> list[QuoteSpan]:
    """Single-mark quotations outside double-quoted text: an opening mark at a word start paired with the next
    closing mark at a word end. A plural possessive ("the players’ union") is not a closing mark."""
    inside = [(q.open_at, q.after - 1) for q in taken]
    found: list[QuoteSpan] = []
    open_at: int | None = None
    for at in range(low, high):
        if text[at] not in SINGLE_MARKS or any(a <= at <= b for a, b in inside):
            continue
        if _is_apostrophe(text, at, low, high):
            continue
        role = _role(text, at, 1, low, high, text[at] in SINGLE_OPEN, text[at] in SINGLE_CLOSE)
        opens = role == "open" or (role == "either" and text[at] in SINGLE_OPEN)
        if opens and (at + 1 >= high or not text[at + 1].isalpha() or ELISION.match(text, at + 1)):
            opens = False
        if open_at is None:
            if opens:
                open_at = at
            continue
        if role != "close":
            if opens:
                open_at = at
            continue
        after = text[at + 1 : at + 3]
        if text[at - 1] in "sS" and len(after) == 2 and after[0] == " " and after[1].islower():
            continue  # "the players’ union": a possessive, not the end of the quotation
        start, end = _trimmed(text, open_at + 1, at)
        if end > start:
            found.append(QuoteSpan(start, end, open_at, at, True, paragraph, low, single=True))
        open_at = None
    return found


@lru_cache(maxsize=4)
def find_quote_spans(text: str) -> tuple[QuoteSpan, ...]:
    """Every quotation in ``text``, in order. Never fails: unbalanced marks end at the paragraph's end.

    Actors, statements and events each need an article's quotations; the last few texts' answers are kept
    (the spans are frozen), so one article's are found once.
    """
    spans: list[QuoteSpan] = []
    carried = False
    for number, (low, high) in enumerate(paragraphs(text)):
        doubles, carried = _double_quotes(text, number, low, high, carried)
        singles = _single_quotes(text, number, low, high, doubles)
        spans.extend(sorted(doubles + singles, key=lambda q: q.open_at))
    return tuple(spans)
