"""Events (issue 6): one test per construction the issue names, on short texts written for the test and parsed with
the project's spaCy pipeline. The dev-set score lives in bench/gold_eval.py and the sentence-level PLOVER check
in bench/plover_gsr.py; these pin the behaviour rule by rule."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.analyze.actors import find_actors
from etl.analyze.events import find_events, lexicon
from etl.analyze.nlp import parse_text
from etl.models import Event

SUNDAY = dt.date(2022, 2, 20)  # a Sunday: "Thursday" after it is Feb. 24, before it Feb. 17


def events(text: str, published: dt.date | None = SUNDAY) -> list[Event]:
    doc = parse_text(text)
    found = find_events(doc, find_actors(doc), published)
    for event in found:
        assert doc.text[event.start : event.end] == event.trigger  # offsets index the trigger in the text
        assert event.sentence in doc.text
        assert 0.0 <= event.confidence <= 1.0
    return found


def only(text: str, kind: str, published: dt.date | None = SUNDAY) -> Event:
    found = [e for e in events(text, published) if e.type == kind]
    assert len(found) == 1, found
    return found[0]


def sides(event: Event) -> set[str]:
    return {*event.source, *event.target}


# --- the lexicon is data ---------------------------------------------------------------------------------------


def test_lexicon_is_read_from_data_and_covers_every_plover_type() -> None:
    lex = lexicon()
    kinds = {e.type for table in (lex.verbs, lex.nouns, lex.adjectives) for entries in table.values() for e in entries}
    assert kinds >= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER",
    }
    assert lexicon() is lex  # read once per process
    assert "report" in lex.cues["say"]


# --- triggers --------------------------------------------------------------------------------------------------


def test_verb_trigger_with_subject_and_object() -> None:
    event = only("Russia attacked Ukraine on Friday.", "ASSAULT")
    assert (event.source, event.target, event.status) == (["Russia"], ["Ukraine"], "occurred")


def test_event_noun_takes_the_doer_of_its_light_verb() -> None:
    event = only("Germany and France held talks in Berlin on Saturday.", "CONSULT")
    assert sides(event) == {"Germany", "France"}
    assert event.trigger == "talks"


def test_event_noun_with_its_own_actors() -> None:
    event = only("Russia's invasion of Ukraine shocked Europe.", "ASSAULT")
    assert (event.source, event.target) == (["Russia"], ["Ukraine"])


def test_phrasal_trigger_beats_its_single_word() -> None:
    event = only("Hong Kong police laid siege to Polytechnic University on Sunday.", "COERCE")
    assert event.mode == "siege"
    assert event.trigger == "laid siege"


def test_verb_phrase_and_its_noun_make_one_event() -> None:
    found = events("Egypt imposed sanctions against Turkey.")
    assert [(e.type, e.source, e.target) for e in found] == [("SANCTION", ["Egypt"], ["Turkey"])]


def test_consult_modes_meeting_phone_call_and_visit() -> None:
    assert only("Antony Blinken met Sergey Lavrov in Geneva.", "CONSULT").mode == "meet"
    assert only("Joe Biden spoke by phone with Emmanuel Macron.", "CONSULT").mode == "phone"
    visit = only("Angela Merkel visited China.", "CONSULT")
    assert (visit.mode, visit.target) == ("visit", ["China"])


def test_a_visit_to_a_city_meets_no_one() -> None:
    assert not [e for e in events("Benjamin Netanyahu visited Hebron on Tuesday.") if e.type == "CONSULT"]


# --- roles ------------------------------------------------------------------------------------------------------


def test_with_x_is_the_target() -> None:
    event = only("Antony Blinken met with Sergey Lavrov at the Munich Security Conference.", "CONSULT")
    assert (event.source, event.target) == (["Antony Blinken"], ["Sergey Lavrov"])


def test_against_x_is_the_target() -> None:
    event = only("Egypt imposed sanctions against Turkey.", "SANCTION")
    assert event.target == ["Turkey"]


def test_passive_agent_is_the_source() -> None:
    event = only("Ukraine was attacked by Russia on Thursday.", "ASSAULT")
    assert (event.source, event.target) == (["Russia"], ["Ukraine"])


def test_coordinated_actors_are_both_sides_of_a_symmetric_event() -> None:
    event = only("Joe Biden and Emmanuel Macron spoke on Sunday.", "CONSULT")
    assert sides(event) == {"Joe Biden", "Emmanuel Macron"}


def test_coordinated_subjects_of_a_one_sided_event_stay_sources() -> None:
    event = only("Egypt and Jordan criticised Israel on Tuesday.", "ACCUSE")
    assert (set(event.source), event.target) == ({"Egypt", "Jordan"}, ["Israel"])


def test_subject_is_inherited_through_control_and_coordination() -> None:
    found = events("Joe Biden agreed to meet Vladimir Putin and spoke with Emmanuel Macron.")
    assert {(e.type, tuple(e.source), tuple(e.target)) for e in found} == {
        ("AGREE", ("Joe Biden",), ("Vladimir Putin",)),
        ("CONSULT", ("Joe Biden",), ("Vladimir Putin",)),
        ("CONSULT", ("Joe Biden",), ("Emmanuel Macron",)),
    }


def test_relative_clause_subject_is_the_noun_before_who() -> None:
    event = only("The talks stalled because of the Taliban, who have long refused to negotiate with Kabul.", "REJECT")
    assert event.source == ["Taliban"]


def test_we_inside_a_quotation_is_its_speaker() -> None:
    event = only('"We will support Ukraine," Joe Biden said on Sunday.', "SUPPORT")
    assert (event.source, event.target) == (["Joe Biden"], ["Ukraine"])


def test_a_title_names_its_holder() -> None:
    text = "China's ambassador to Britain Liu Xiaming spoke on Monday. China's ambassador accused Japan of lying."
    assert only(text, "ACCUSE").source == ["Liu Xiaming"]


# --- status -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Antony Blinken will meet Sergey Lavrov on Thursday.",
        "Antony Blinken plans to meet Sergey Lavrov.",
        "Angela Merkel is set to visit China.",
    ],
)
def test_planned(text: str) -> None:
    assert only(text, "CONSULT").status == "planned"


def test_conditional_if() -> None:
    event = only("Joe Biden will meet Vladimir Putin if Russia withdraws its troops.", "CONSULT")
    assert event.status == "conditional"


def test_conditional_on_the_condition_that() -> None:
    found = events("Joe Biden agreed to meet Vladimir Putin on the condition that Russia does not invade Ukraine.")
    statuses = {e.type: e.status for e in found}
    assert statuses == {"AGREE": "occurred", "CONSULT": "conditional"}  # the invasion in the condition is no event


def test_a_hostile_act_under_a_condition_is_a_threat_made() -> None:
    event = only("Germany will impose sanctions on Russia if it invades Ukraine.", "THREATEN")
    assert (event.source, event.target, event.status) == (["Germany"], ["Russia"], "occurred")
    assert not [e for e in events("Germany will impose sanctions on Russia if it invades Ukraine.")
                if e.type in {"SANCTION", "ASSAULT"}]


def test_conditional_unless() -> None:
    event = only("Joe Biden will meet Vladimir Putin unless Russia invades Ukraine.", "CONSULT")
    assert event.status == "conditional"


def test_unless_makes_a_withdrawal_a_threat() -> None:
    text = "Kenya said it will withdraw its troops from Somalia unless the rebels accept a ceasefire."
    assert only(text, "THREATEN").source == ["Kenya"]


def test_threatened_to_is_a_threat_that_occurred() -> None:
    event = only("Iran threatened to attack Israel.", "THREATEN")
    assert (event.source, event.target, event.status) == (["Iran"], ["Israel"], "occurred")
    assert not [e for e in events("Iran threatened to attack Israel.") if e.type == "ASSAULT"]


def test_did_not_is_negated() -> None:
    event = only("Emmanuel Macron did not meet Vladimir Putin on Monday.", "CONSULT")
    assert event.status == "negated"


def test_refused_to_is_a_rejection_not_the_refused_act() -> None:
    found = events("The Taliban refused to negotiate with Afghanistan.")
    assert [(e.type, e.source, e.target, e.status) for e in found] == [
        ("REJECT", ["Taliban"], ["Afghanistan"], "occurred")
    ]


def test_will_not_accept_is_a_rejection() -> None:
    event = only("Syria says it will not accept refugees from Iraq.", "REJECT")
    assert event.source == ["Syria"]


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine said Russia had shelled Ukrainian positions near Kharkiv.",
        "Russia allegedly attacked Ukraine.",
        "The United States estimates Russia attacked Ukraine.",
    ],
)
def test_claimed(text: str) -> None:
    event = only(text, "ASSAULT")
    assert (event.source, event.status) == (["Russia"], "claimed")


def test_what_someone_is_accused_of_is_no_event_of_its_own() -> None:
    found = events("China accused Japan of attacking its ships.")
    assert [(e.type, e.source, e.target) for e in found] == [("ACCUSE", ["China"], ["Japan"])]


def test_hypotheticals_are_not_events() -> None:
    assert events("Officials fear that Russia could attack Ukraine.") == []
    found = events("France sought talks to avoid a Russian invasion of Ukraine.")
    assert [(e.type, e.status) for e in found] == [("CONSULT", "planned")]  # the invasion is what is avoided


# --- dates ------------------------------------------------------------------------------------------------------


def test_weekday_after_a_sunday_publication_is_the_next_one_for_a_plan() -> None:
    assert only("Antony Blinken will meet Sergey Lavrov on Thursday.", "CONSULT").date == dt.date(2022, 2, 24)


def test_weekday_of_a_past_event_is_the_last_one() -> None:
    assert only("Antony Blinken met Sergey Lavrov on Thursday.", "CONSULT").date == dt.date(2022, 2, 17)


def test_late_sunday_in_a_sunday_paper_is_that_day() -> None:
    assert only("Joe Biden met Emmanuel Macron late Sunday.", "CONSULT").date == SUNDAY


def test_month_and_day() -> None:
    assert only("Joe Biden last spoke to Vladimir Putin on Feb. 12.", "CONSULT").date == dt.date(2022, 2, 12)


def test_last_week_is_no_single_day() -> None:
    assert only("Joe Biden met Emmanuel Macron last week.", "CONSULT").date is None


def test_no_date_words_no_date_never_the_publication_date() -> None:
    assert only("Joe Biden met Emmanuel Macron.", "CONSULT").date is None
    assert only("Joe Biden met Emmanuel Macron on Thursday.", "CONSULT", published=None).date is None


# --- location ---------------------------------------------------------------------------------------------------


def test_location_at_a_venue() -> None:
    event = only("Kamala Harris met Volodymyr Zelensky at the Munich Security Conference.", "CONSULT")
    assert event.location == "Munich Security Conference"


def test_location_in_a_city_not_every_place_named() -> None:
    event = only("Joe Biden met Emmanuel Macron in Kabul to discuss Ukraine and China.", "CONSULT")
    assert event.location == "Kabul"


# --- one event per real event -------------------------------------------------------------------------------------


def test_repeated_mentions_of_one_meeting_merge_and_keep_every_mention() -> None:
    found = events("Joe Biden met Emmanuel Macron in Paris on Monday. The meeting lasted two hours.")
    assert len(found) == 1
    event = found[0]
    assert [m.text for m in event.mentions] == ["met", "meeting"]


def test_a_meeting_that_happened_and_one_planned_stay_apart() -> None:
    text = "Joe Biden met Vladimir Putin on Monday. Joe Biden will meet Vladimir Putin again on Thursday."
    assert sorted(e.status for e in events(text)) == ["occurred", "planned"]


# --- robustness -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " \n ", "!!! ???", "Attack.", "“We”", "if if if unless should"])
def test_odd_text_never_raises(text: str) -> None:
    assert isinstance(events(text), list)


def test_events_mark_the_actors_they_use() -> None:
    doc = parse_text("Russian forces attacked Ukraine.")
    actors = find_actors(doc)
    found = find_events(doc, actors, SUNDAY)
    assert found and {a.name for a in actors.emitted()} >= set(found[0].source)
