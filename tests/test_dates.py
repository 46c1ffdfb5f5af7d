"""Relative date expressions (issue 6): one test per form the issue names, resolved against a publication date.

Sunday 20 February 2022 is the publication date throughout: a weekday after it is in the following week for a
plan and in the past week for something done."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.analyze.dates import resolve_date, resolve_period
from etl.analyze.nlp import parse_text

SUNDAY = dt.date(2022, 2, 20)


def test_weekday_of_a_plan_is_the_next_one() -> None:
    assert resolve_date("Thursday", SUNDAY, "future") == dt.date(2022, 2, 24)


def test_weekday_of_a_past_event_is_the_last_one() -> None:
    assert resolve_date("Thursday", SUNDAY, "past") == dt.date(2022, 2, 17)
    assert resolve_date("on Saturday", SUNDAY, "past") == dt.date(2022, 2, 19)


def test_unknown_tense_reads_news_as_past() -> None:
    assert resolve_date("Friday", SUNDAY) == dt.date(2022, 2, 18)


def test_the_publication_weekday_is_the_publication_day() -> None:
    assert resolve_date("late Sunday", SUNDAY, "past") == SUNDAY
    assert resolve_date("earlier Sunday", SUNDAY, "past") == SUNDAY
    assert resolve_date("Sunday night", SUNDAY, "future") == SUNDAY


def test_last_and_next_weekday_force_the_side() -> None:
    assert resolve_date("last Sunday", SUNDAY, "future") == dt.date(2022, 2, 13)
    assert resolve_date("next Monday", SUNDAY, "past") == dt.date(2022, 2, 21)


def test_month_and_day_in_the_publication_year_or_the_one_the_tense_points_to() -> None:
    assert resolve_date("Feb. 12", SUNDAY, "past") == dt.date(2022, 2, 12)
    assert resolve_date("February 12", SUNDAY, "past") == dt.date(2022, 2, 12)
    assert resolve_date("12 February", SUNDAY, "past") == dt.date(2022, 2, 12)
    assert resolve_date("Dec. 30", SUNDAY, "past") == dt.date(2021, 12, 30)
    assert resolve_date("Jan. 15", SUNDAY, "future") == dt.date(2023, 1, 15)


def test_full_dates() -> None:
    assert resolve_date("March 21, 2019", SUNDAY) == dt.date(2019, 3, 21)
    assert resolve_date("2021-06-01", SUNDAY) == dt.date(2021, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", dt.date(2022, 2, 19)),
        ("last night", dt.date(2022, 2, 19)),
        ("today", SUNDAY),
        ("tomorrow", dt.date(2022, 2, 21)),
        ("the day before yesterday", dt.date(2022, 2, 18)),
        ("two days ago", dt.date(2022, 2, 18)),
        ("a week ago", dt.date(2022, 2, 13)),
        ("in three days", dt.date(2022, 2, 23)),
    ],
)
def test_day_words_and_counted_days(text: str, expected: dt.date) -> None:
    assert resolve_date(text, SUNDAY, "past") == expected


def test_last_week_is_a_period_not_a_day() -> None:
    assert resolve_date("last week", SUNDAY, "past") is None
    assert resolve_period("last week", SUNDAY, "past") == (dt.date(2022, 2, 7), dt.date(2022, 2, 13))
    assert resolve_period("earlier this week", SUNDAY, "past") == (dt.date(2022, 2, 14), dt.date(2022, 2, 20))


def test_months_and_years_are_periods() -> None:
    assert resolve_date("in March", SUNDAY, "past") is None
    assert resolve_period("in March", SUNDAY, "past") == (dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    assert resolve_period("last month", SUNDAY, "past") == (dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    assert resolve_period("in 2016", SUNDAY, "past") == (dt.date(2016, 1, 1), dt.date(2016, 12, 31))


@pytest.mark.parametrize("text", ["the coming days", "in recent weeks", "the same day", "since 2016", "soon"])
def test_vague_expressions_are_no_date(text: str) -> None:
    assert resolve_date(text, SUNDAY, "past") is None


def test_never_defaults_to_the_publication_date() -> None:
    assert resolve_date("", SUNDAY) is None
    assert resolve_date("at some point", SUNDAY) is None
    assert resolve_date("Thursday", None) is None


@pytest.mark.parametrize("value", [None, 42, "Feb. 31", "32 March", "!!!", "x" * 10_000, "Thursday\x00"])
def test_odd_input_never_raises(value: object) -> None:
    resolve_date(value, SUNDAY)
    resolve_period(value, SUNDAY)


def test_spans_are_accepted() -> None:
    doc = parse_text("Blinken will meet Lavrov on Thursday.")
    span = next(ent for ent in doc.ents if ent.label_ == "DATE")
    assert resolve_date(span, SUNDAY, "future") == dt.date(2022, 2, 24)


def test_weekends() -> None:
    assert resolve_period("last weekend", SUNDAY, "past") == (dt.date(2022, 2, 12), dt.date(2022, 2, 13))
    wednesday = dt.date(2022, 2, 16)
    assert resolve_period("this weekend", wednesday, "future") == (dt.date(2022, 2, 19), dt.date(2022, 2, 20))


def test_bounds_are_neither_days_nor_periods() -> None:
    assert resolve_date("since Monday", SUNDAY, "past") is None
    assert resolve_period("since 2016", SUNDAY, "past") is None
    assert resolve_date("by Thursday", SUNDAY, "future") is None
