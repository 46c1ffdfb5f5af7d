"""Relative date expressions -> calendar dates, resolved against the article's publication date.

News prose rarely writes a full date: "Thursday", "late Sunday", "last week", "Feb. 12". What such an expression
means depends on the publication date and on the tense of the clause it sits in: in an article published on a
Sunday, "will meet Thursday" is four days later, while "met Thursday" was three days earlier. So every function
here takes the publication date and a tense hint.

Two questions are answered separately, because an event has one ``date`` and a week is not a date:

- ``resolve_date`` gives a single day only when the text fixes one ("Feb. 12", "Saturday", "yesterday",
  "two days ago"); periods ("last week", "in March", "earlier this month") give ``None``;
- ``resolve_period`` gives the first and last day of the period an expression names, days included.

Neither ever falls back to the publication date itself (the feed must not invent dates) and neither raises:
odd text returns ``None``. The common AP-style forms are handled by the rules below, which are predictable and
fast; ``dateparser`` (with ``RELATIVE_BASE`` and ``PREFER_DATES_FROM`` set per tense) covers the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal

Tense = Literal["past", "future", "any"]

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS.update({"sept": 9})
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None, "a few": None,
}
UNIT_DAYS = {"day": 1, "week": 7}

# words that qualify an expression without changing which day it names ("late Sunday", "earlier Tuesday")
_FILLER = re.compile(
    r"\b(?:on|at|by|late|early|earlier|later|until|till|since|from|the|in|of|around|about|before|after|"
    r"morning|afternoon|evening|night|overnight|day|midday|noon|midnight)\b",
    re.IGNORECASE,
)
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>\d{4}))?"
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.IGNORECASE)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
MONTH_ONLY = re.compile(rf"^(?:(?:in|during|early|late|mid-?|last|this|next)\s*)*{_MONTH}{_YEAR}$",
                        re.IGNORECASE)
YEAR_ONLY = re.compile(r"^(?:(?:in|during|early|late)\s+)*(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
SINCE = re.compile(r"^(?:since|until|till|by|before|after)\b", re.IGNORECASE)  # open-ended: no day, no period
WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|this|next|coming|past)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?",
    re.IGNORECASE,
)
AGO = re.compile(r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                 r"(?P<unit>day|week)s?\s+ago\b", re.IGNORECASE)
IN_N = re.compile(r"\b(?:in|within)\s+(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                  r"(?P<unit>day|week)s?(?:'|’)?(?:\s+time)?\b", re.IGNORECASE)
DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
}
# longest first, so "the day before yesterday" is not read as "yesterday"
DAY_PATTERNS = [(re.compile(rf"\b{p}\b"), DAY_WORDS[p]) for p in sorted(DAY_WORDS, key=len, reverse=True)]
PERIOD = re.compile(
    r"\b(?P<rel>last|this|next|past|coming|earlier\s+this|later\s+this|the\s+previous|the\s+following)\s+"
    r"(?P<unit>week(?:end)?|month|year)\b",
    re.IGNORECASE,
)
SPACES = re.compile(r"\s+")
DIGIT = re.compile(r"\d")
VAGUE = re.compile(r"\b(?:recent|coming|past|few|several|weeks|months|years|decades?|days)\b", re.IGNORECASE)


def _as_text(expression: Any) -> str:
    """Spans, tokens and strings alike: the words of the expression, or '' for anything else."""
    if expression is None:
        return ""
    text = getattr(expression, "text", expression)
    return text.strip() if isinstance(text, str) else ""


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _with_year(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int, published: dt.date, tense: Tense) -> dt.date | None:
    """The year that puts "Feb. 12" where the tense says: not after publication for the past, not before it
    for the future, and otherwise the nearest one (an article in January citing "Dec. 30" means last year)."""
    options = [d for d in (_with_year(published.year + k, month, day) for k in (-1, 0, 1)) if d is not None]
    if tense == "past":
        options = [d for d in options if d <= published] or options
    elif tense == "future":
        options = [d for d in options if d >= published] or options
    return min(options, key=lambda d: abs((d - published).days)) if options else None


def _weekday(weekday: int, relation: str | None, published: dt.date, tense: Tense) -> dt.date:
    """A weekday named alone is the one within six days of publication on the side the tense points to.

    The publication day's own name means that very day ("announced late Sunday" in a Sunday paper);
    "last"/"next" force the side; "this"/"coming" follow the tense.
    """
    delta = weekday - published.weekday()
    relation = (relation or "").lower()
    if relation in {"last", "past"}:
        return published + dt.timedelta(days=(delta % 7) - 7 if delta % 7 else -7)
    if relation in {"next", "coming"}:
        return published + dt.timedelta(days=(delta % 7) or 7)
    if delta == 0:
        return published
    if tense == "future":
        return published + dt.timedelta(days=delta % 7)
    return published - dt.timedelta(days=(-delta) % 7)


def resolve_date(expression: Any, published: dt.date | None, tense: Tense = "any") -> dt.date | None:
    """The single calendar day ``expression`` names, or ``None`` when the text does not fix one day.

    ``expression`` may be a string, a spaCy ``Span`` or ``Token``. ``tense`` is the tense of the clause the
    expression modifies: "past" (happened), "future" (planned) or "any" (unknown: past wins, news reports).
    Periods ("last week", "in March", "the coming days") are not days and give ``None``.
    """
    try:
        return _resolve_date(_as_text(expression), published, tense)
    except Exception:  # odd text must never break an article's analysis
        return None


def _resolve_date(text: str, published: dt.date | None, tense: Tense) -> dt.date | None:
    if not text or published is None:
        if text and (m := ISO_DATE.search(text)):
            return _with_year(int(m["year"]), int(m["month"]), int(m["day"]))
        return None
    lowered = SPACES.sub(" ", text.lower().replace("’", "'")).strip(" .,;")
    if SINCE.match(lowered):
        return None  # "since Monday", "by Thursday": a bound, not the day something happened
    if m := ISO_DATE.search(lowered):
        return _with_year(int(m["year"]), int(m["month"]), int(m["day"]))
    for match in (MONTH_DAY.search(lowered), DAY_MONTH.search(lowered)):
        if match:
            month, day = _month_key(match["month"]), int(match["day"])
            if match["year"]:
                return _with_year(int(match["year"]), month, day)
            return _pick_year(month, day, published, tense)
    stripped = _FILLER.sub(" ", lowered)
    stripped = SPACES.sub(" ", stripped).strip()
    for pattern, offset in DAY_PATTERNS:
        if pattern.search(lowered):
            return published + dt.timedelta(days=offset)
    if m := AGO.search(lowered):
        n = _count(m["n"])
        return published - dt.timedelta(days=n * UNIT_DAYS[m["unit"]]) if n else None
    if m := IN_N.search(lowered):
        n = _count(m["n"])
        return published + dt.timedelta(days=n * UNIT_DAYS[m["unit"]]) if n else None
    if PERIOD.search(lowered) or MONTH_ONLY.match(lowered) or YEAR_ONLY.match(lowered):
        return None
    if m := WEEKDAY.search(stripped or lowered):
        return _weekday(WEEKDAYS[m["weekday"].lower().rstrip(".")], m["rel"], published, tense)
    if VAGUE.search(lowered) or not DIGIT.search(lowered):
        return None  # "the coming days", "in recent weeks": nothing dateparser should guess at
    return _dateparser_day(text, published, tense)


def _month_key(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


def _dateparser_day(text: str, published: dt.date, tense: Tense) -> dt.date | None:
    """Whatever the rules above do not cover, when dateparser can fix day and month from the text alone."""
    base = dt.datetime.combine(published, dt.time(12))
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future" if tense == "future" else "past",
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_TIME_AS_PERIOD": True,
    }
    try:
        from dateparser import parse

        parsed = parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on some malformed input
        return None
    if parsed is None:
        return None
    day = parsed.date()
    return day if abs((day - published).days) <= 3660 else None


def resolve_period(expression: Any, published: dt.date | None, tense: Tense = "any") -> tuple[dt.date, dt.date] | None:
    """First and last day of the period ``expression`` names ("last week" -> Monday..Sunday before the
    publication week; "in March" -> that March; "Feb. 12" -> (Feb. 12, Feb. 12)), or ``None``."""
    try:
        return _resolve_period(_as_text(expression), published, tense)
    except Exception:  # odd text must never break an article's analysis
        return None


def _resolve_period(text: str, published: dt.date | None, tense: Tense) -> tuple[dt.date, dt.date] | None:
    day = _resolve_date(text, published, tense)
    if day is not None:
        return day, day
    if not text or published is None:
        return None
    lowered = SPACES.sub(" ", text.lower()).strip(" .,;")
    if SINCE.match(lowered):
        return None
    if m := PERIOD.search(lowered):
        rel = m["rel"].split()[-1]
        shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
        unit = m["unit"]
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
            return monday, monday + dt.timedelta(days=6)
        if unit == "weekend":
            # "this weekend" is the one ending the publication week, "last"/"next" the ones around it; on a
            # weekday, a plain "weekend" told in the past tense is the one just gone
            saturday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=5, weeks=shift)
            if shift == 0 and tense == "past" and published.weekday() < 5:
                saturday -= dt.timedelta(weeks=1)
            return saturday, saturday + dt.timedelta(days=1)
        if unit == "month":
            year, month = published.year, published.month + shift
            if month < 1:
                year, month = year - 1, 12
            elif month > 12:
                year, month = year + 1, 1
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        year = published.year + shift
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := MONTH_ONLY.match(lowered):
        month = _month_key(m["month"])
        if m["year"]:
            year = int(m["year"])
        else:
            first = _pick_year(month, 1, published.replace(day=1), tense)
            year = first.year if first else published.year
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if m := YEAR_ONLY.match(lowered):
        year = int(m["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None
