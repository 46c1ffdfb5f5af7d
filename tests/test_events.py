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
    assert only(text, "ACCUSE").source == ["Liu Xiaming", "China"]  # and the state he speaks for


# --- status -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Antony Blinken will meet Sergey Lavrov on Thursday.",
        "Antony Blinken plans to meet Sergey Lavrov.",
        "Angela Merkel is set to visit China.",
        "A meeting between Joe Biden and Vladimir Putin will be held in Geneva.",
        "The talks between Russia and Ukraine will resume on Monday.",
    ],
)
def test_planned(text: str) -> None:
    assert only(text, "CONSULT").status == "planned"


def test_the_future_of_what_an_event_causes_is_not_the_events() -> None:
    text = "The merger of Gannett and GateHouse Media, final on Tuesday, will create a stronger news enterprise."
    assert only(text, "COOPERATE").status == "occurred"


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


@pytest.mark.parametrize("text, status", [
    ("Russia did not manage to seize Kyiv.", "negated"),
    ("Russia did not appear to attack Ukraine on Monday.", "negated"),
    ("Russia never tried to attack Ukraine.", "negated"),
    ("Russia tried to attack Ukraine.", "occurred"),
])
def test_a_negated_verb_of_success_or_seeming_negates_its_complement(text: str, status: str) -> None:
    assert [e.status for e in events(text) if e.type in {"ASSAULT", "COERCE"}] == [status]


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


# --- generalization: vocabulary (issue 6 follow-up, held-out articles) --------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "source", "target"),
    [
        ("Boris Johnson resigned as prime minister on Thursday.", "OTHER", ["Boris Johnson"], []),
        ("Boeing is expected to lay off 500 workers.", "OTHER", ["Boeing"], []),
        ("Boeing fired Dennis Muilenburg on Monday.", "OTHER", ["Boeing"], ["Muilenburg"]),
        ("The Afghan government has ruled out Taliban involvement in the attack.", "REJECT", ["Afghan government"],
         ["Taliban"]),
        ("Prosecutors filed criminal charges against Julian Assange.", "ACCUSE", [], ["Julian Assange"]),
        ("Sweden dropped the investigation into Julian Assange.", "RETREAT", ["Sweden"], ["Julian Assange"]),
        ("The Taliban swapped two hostages for three of its commanders.", "RETREAT", ["Taliban"], []),
        ("Julian Assange was arrested in London on Thursday.", "COERCE", [], ["Julian Assange"]),
        ("Volkswagen is facing scrutiny from the Securities and Exchange Commission.", "ACCUSE",
         ["Securities and Exchange Commission"], ["Volkswagen"]),
        ("Microsoft acquired LinkedIn in 2016.", "COOPERATE", ["Microsoft"], ["LinkedIn"]),
        ("Kenya fined Google $5 million.", "SANCTION", ["Kenya"], ["Google"]),
        ("Donald Trump assailed Marie Yovanovitch on Friday.", "ACCUSE", ["Donald Trump"], ["Marie Yovanovitch"]),
        ("Hong Kong police fired rubber bullets at protesters on Monday.", "ASSAULT", ["Hong Kong police"], []),
    ],
)
def test_more_event_words(text: str, kind: str, source: list[str], target: list[str]) -> None:
    event = only(text, kind)
    assert (event.source, event.target) == (source, target)


@pytest.mark.parametrize("text", [
    "Sherwood declined to state when the lander would be ready.",  # declining to comment
    "José Serrano suggested pushing back the date of a human return to the Moon to 2028.",  # postponing
    "In October, David McKinley visited the southern U.S. border near McAllen, Texas.",  # a site, no one met
])
def test_no_rejection_or_meeting_in_a_comment_refused_a_date_moved_or_a_site_visited(text: str) -> None:
    assert [e for e in events(text) if e.type in {"REJECT", "CONSULT"}] == []


def test_a_visit_to_a_country_still_meets_it() -> None:
    assert only("Mark Esper visited Vietnam on Tuesday.", "CONSULT").target == ["Vietnam"]


def test_a_rally_a_speaker_spoke_at_is_no_protest() -> None:
    assert events("Donald Trump said at a rally in Louisiana last week that voters were not buying it.") == []
    assert only("Protesters held a rally in Louisiana against the new law.", "PROTEST").target == ["Louisiana"]


@pytest.mark.parametrize("text", [
    "Two former astronauts, Tom Stafford and Tom Young, backed up that assessment.",
    "In Europe, there will be integrated Amazon Alexa support.",
    "Deval Patrick apologized for his tardiness and short stay.",
])
def test_support_for_no_one_is_no_event(text: str) -> None:
    assert [e for e in events(text) if e.type in {"SUPPORT", "AGREE"}] == []


def test_support_or_agreement_without_a_target_commits_to_an_act_or_names_one() -> None:
    assert only("Adam Neumann agreed to return the cash he received.", "AGREE").source == ["Adam Neumann"]
    assert only("Jose Mourinho has agreed a deal with the club.", "AGREE").source == ["Jose Mourinho"]
    event = only("Czechia and Albania have upgraded their diplomatic ties after an 18-year break.", "SUPPORT")
    assert (event.source, event.target) == (["Czech Republic"], ["Albania"])


def test_resignations_are_other_not_retreat() -> None:
    assert not [e for e in events("Boris Johnson resigned as prime minister.") if e.type == "RETREAT"]


def test_wants_someone_to_act_is_a_request_wanting_to_act_is_not() -> None:
    event = only("China wants Joe Biden to lift the tariffs.", "REQUEST")
    assert (event.source, event.target) == (["China"], ["Joe Biden"])
    assert events("China wants to buy more soybeans.") == []


def test_told_that_someone_should_act_is_a_request() -> None:
    event = only("Joe Biden told reporters that Congress should pass the bill.", "REQUEST")
    assert (event.source, event.target) == (["Joe Biden"], ["Congress"])


@pytest.mark.parametrize(
    "text",
    [
        "Many businesses agree that China has taken advantage of the United States.",  # an opinion
        "Donald Trump and Robert Lighthizer recognize that the deal is not good for Trump.",  # acknowledges
        "The release of classified material by Wikileaks angered the United States.",  # no one is freed
        "Microsoft said it is cooperating in the matter.",  # cooperation needs two sides
        "Spain will be back in action on Wednesday against defending champion Croatia.",  # a title, not an act
    ],
)
def test_words_that_look_like_events_and_are_not(text: str) -> None:
    assert [e.type for e in events(text) if e.type in {"AGREE", "SUPPORT", "RETREAT", "COOPERATE"}] == []


@pytest.mark.parametrize("text", [
    "The new titles include Assassin's Creed Odyssey, Attack on Titan: Final Battle 2 and Destiny 2.",  # a game
    "Lakers: Visit the Thunder on Friday.",  # a schedule line
])
def test_a_trigger_capitalised_inside_a_sentence_is_part_of_a_title(text: str) -> None:
    assert events(text) == []


def test_a_month_is_no_march_and_a_time_is_no_phrase() -> None:
    assert not [e for e in events("He was arrested for the March 21 call to Ilhan Omar.") if e.type == "PROTEST"]
    assert only("Boeing fired Dennis Muilenburg on Monday.", "OTHER").trigger == "fired"  # not "fire on"


# --- generalization: unnamed doers ---------------------------------------------------------------------------------


def test_an_agentless_passive_keeps_an_empty_source() -> None:
    event = only("Julian Assange was arrested in London on Thursday.", "COERCE")
    assert (event.source, event.target, event.status) == ([], ["Julian Assange"], "occurred")


def test_killed_in_the_fighting_is_one_assault_on_the_killed() -> None:
    found = events("Dozens of Syrian civilians were killed in the fighting on Sunday.")
    assert [(e.type, e.source, e.target) for e in found] == [("ASSAULT", [], ["Syria"])]
    assert found[0].trigger == "fighting"  # the verb only says what the fighting did to them


def test_killed_in_a_crash_is_the_crash() -> None:
    found = events("Three French soldiers were killed in a helicopter crash in Mali.")
    assert [(e.type, e.source, e.target, e.trigger) for e in found] == [("OTHER", [], ["France"], "crash")]


def test_a_pronoun_doer_that_names_no_one_drops_the_event() -> None:
    assert events("They attacked Ukraine on Monday.") == []
    assert only("China rejected the proposal. They attacked Ukraine.", "ASSAULT").source == ["China"]


def test_a_place_describing_one_person_is_not_the_doer() -> None:
    event = only("A Texas man attacked Ilhan Omar.", "ASSAULT")
    assert (event.source, event.target) == ([], ["Ilhan Omar"])


def test_protests_held_in_a_place_address_it() -> None:
    event = only("Teacher protests were held last year in West Virginia and Oklahoma.", "PROTEST")
    assert (event.source, event.target) == ([], ["West Virginia", "Oklahoma"])


# --- generalization: roles ---------------------------------------------------------------------------------------


def test_subject_through_a_preposition_with_a_gerund() -> None:
    assert only("The Taliban claimed responsibility for shooting down the helicopter.", "ASSAULT").source == [
        "Taliban"
    ]
    event = only("John Smith pleaded guilty to threatening Ilhan Omar.", "THREATEN")
    assert (event.source, event.target) == (["John Smith"], ["Ilhan Omar"])


def test_the_country_refers_back_to_the_country_named_before_not_the_doer() -> None:
    event = only("Iraq has been unstable since the United States invaded the country in 2003.", "ASSAULT")
    assert (event.source, event.target) == (["United States"], ["Iraq"])


def test_a_preposition_object_lends_its_own_doer() -> None:
    event = only("Greece agreed to a bailout by the European Union.", "AGREE")
    assert (event.source, event.target) == (["Greece"], ["European Union"])


def test_an_object_lends_the_doer_of_its_participle() -> None:
    event = only("The Arab League condemned the decision announced by Israel.", "ACCUSE")
    assert (event.source, event.target) == (["Arab League"], ["Israel"])


def test_these_accusations_are_the_accusers() -> None:
    found = events("Russia accused the United States of blocking aid. The Pentagon rejected these accusations.")
    assert [(e.type, e.source, e.target) for e in found] == [
        ("ACCUSE", ["Russia"], ["United States"]),
        ("REJECT", ["Pentagon"], ["Russia"]),
    ]


def test_a_leaders_administration_is_the_leaders_country() -> None:
    text = "U.S. President Donald Trump spoke on Monday. Iran rejected the Trump administration as a mediator."
    assert only(text, "REJECT").target == ["United States"]


def test_an_official_acts_for_the_state_the_title_names() -> None:
    text = ("The United States defended the decision. The Arab League condemned the move announced on Monday by US "
            "Secretary of State Mike Pompeo.")
    assert only(text, "ACCUSE").target == ["Mike Pompeo", "United States"]
    text = "Jordan and Israel met. Jordanian Foreign Minister Ayman Safadi criticised Israel."
    assert only(text, "ACCUSE").source == ["Ayman Safadi", "Jordan"]


@pytest.mark.parametrize("text", [
    # a former holder acts for no one
    "The United States defended the decision. Former US President Barack Obama criticised Russia.",
    # a state only described by the title, never named as an actor: the event adds no actor
    "French President Emmanuel Macron criticised Russia.",
    # a governor acts for no state, nor does the head of an organization the country only qualifies
    "The United States defended the decision. Texas Gov. Greg Abbott criticised Mexico.",
    "The United States defended the decision. American Farm Bureau Federation President Zippy Duvall criticised China.",
])
def test_no_state_is_added_for_a_former_holder_an_unnamed_state_or_a_governor(text: str) -> None:
    source = only(text, "ACCUSE").source
    assert len(source) >= 1 and not {"United States", "France"} & set(source)


def test_a_verb_the_parser_hung_from_its_subject_after_a_parenthesis() -> None:
    text = ("The Palestinian Authority - which considers the US biased and has rejected the Trump administration as "
            "a mediator if peace talks are ever revived - called for an emergency meeting of the council.")
    assert only(text, "REQUEST").source == ["Palestinian Authority"]


def test_a_subject_the_parser_hung_on_the_auxiliary() -> None:
    event = only("Sondland did, in fact, discuss investigations with the visiting Ukrainians.", "CONSULT")
    assert (event.source, event.target) == (["Sondland"], ["Ukraine"])


def test_the_company_is_not_the_outlet_that_carried_the_story() -> None:
    text = ("An Alibaba spokesperson declined to comment on the pricing to Reuters.\n\nAlibaba shares closed in New "
            "York on Tuesday.\n\nIt is significant to Hong Kong, which lost out on the offering in 2013 as the "
            "territory would not then accept the company's unusual governance structure.")
    assert all("Reuters" not in e.target for e in events(text))


def test_a_title_object_is_the_person_named_after_it() -> None:
    text = ("President of the Senate, Bukola Saraki, Senator Dino Melaye and Senator Ben Murray-Bruce have dragged the "
            "Inspector-General of Police, Ibrahim Idris, to court.")
    assert only(text, "ACCUSE").target == ["Ibrahim Idris"]


def test_a_light_verbs_preposition_carries_the_nouns_target() -> None:
    assert only("Prosecutors filed criminal charges against Julian Assange.", "ACCUSE").target == ["Julian Assange"]


# --- generalization: context --------------------------------------------------------------------------------------


def test_whether_clauses_and_wished_small_clauses_are_no_events() -> None:
    assert events("Officials are examining whether Russia attacked Ukraine.") == []
    assert events("Germany would like to see Russia withdraw its troops.") == []


def test_a_modal_of_the_main_clause_does_not_reach_into_an_adverbial_clause() -> None:
    text = "A trade deal, expected within weeks of a meeting between Joe Biden and Xi Jinping, could now be delayed."
    assert sides(only(text, "CONSULT")) == {"Joe Biden", "Xi Jinping"}


# --- generalization: one row per event -----------------------------------------------------------------------------


def test_a_later_mention_without_the_doer_joins_the_event() -> None:
    found = events("The Afghan government freed three Taliban prisoners on Monday. The Taliban members were released "
                   "in Doha.")
    assert [(e.type, e.source, e.target, len(e.mentions)) for e in found] == [
        ("RETREAT", ["Afghan government"], ["Taliban"], 2)
    ]


def test_an_investigation_named_twice_is_one_event() -> None:
    found = events("Germany is investigating Volkswagen. Volkswagen has also been scrutinized by Germany.")
    assert [(e.type, e.source, e.target, len(e.mentions)) for e in found] == [
        ("ACCUSE", ["Germany"], ["Volkswagen"], 2)
    ]


# --- generalization: roles on unseen text (issue 6, second follow-up) ---------------------------------------------


def test_an_object_pronoun_names_the_person_meant() -> None:
    event = only("Julian Assange is battling extradition to the United States, which accuses him of publishing "
                 "secret documents.", "ACCUSE")
    assert (event.source, event.target) == (["United States"], ["Julian Assange"])


def test_a_participle_speech_act_is_the_speakers_and_addresses_whom_he_told() -> None:
    event = only("Senator Ben Sasse told Kathleen Hawk Sawyer, repeatedly calling for an explanation of the failure.",
                 "REQUEST")
    assert (event.source, event.target) == (["Ben Sasse"], ["Kathleen Hawk Sawyer"])


def test_each_other_makes_one_event_per_doer() -> None:
    found = events("Boris Johnson and Jeremy Corbyn attacked each other's policies on Tuesday.")
    pairs = sorted((e.type, tuple(e.source), tuple(e.target)) for e in found)
    assert pairs == [("ACCUSE", ("Boris Johnson",), ("Jeremy Corbyn",)),
                     ("ACCUSE", ("Jeremy Corbyn",), ("Boris Johnson",))]


def test_the_target_of_an_event_noun_object_is_the_target() -> None:
    event = only("Sweden has dropped its investigation into a rape allegation against Julian Assange.", "RETREAT")
    assert (event.source, event.target) == (["Sweden"], ["Julian Assange"])


def test_the_party_refers_back_to_the_organization_named_before() -> None:
    text = ("Britain's Conservative Party was accused on Wednesday of deceiving voters. Foreign Secretary Dominic "
            "Raab defended the party's actions.")
    event = only(text, "SUPPORT")
    assert (event.source, event.target) == (["Dominic Raab"], ["Conservative Party"])


def test_the_possessor_of_an_arrest_is_who_was_arrested() -> None:
    event = only("Julian Assange's arrest in London angered WikiLeaks.", "COERCE")
    assert (event.source, event.target) == ([], ["Julian Assange"])


def test_ordering_an_investigation_is_the_orderers_investigation() -> None:
    found = events("Attorney General William Barr ordered an investigation into the Bureau of Prisons.")
    assert [(e.type, e.source, e.target) for e in found] == [("ACCUSE", ["William Barr"], ["Bureau of Prisons"])]


def test_a_coordinated_passive_verb_takes_the_shared_subject_as_its_patient() -> None:
    event = only("Tova Noel and Michael Thomas pleaded not guilty and were released on bail.", "RETREAT")
    assert (event.source, event.target) == ([], ["Tova Noel", "Michael Thomas"])


def test_an_allegation_is_an_accusation_and_what_is_alleged_is_claimed() -> None:
    found = events("The Justice Department charged Jeffrey Epstein. The Justice Department alleged that Jeffrey "
                   "Epstein abused dozens of girls.")
    accusation = next(e for e in found if e.trigger == "alleged")
    assert (accusation.type, accusation.source, accusation.target) == (
        "ACCUSE", ["Justice Department"], ["Jeffrey Epstein"])
    abuse = next(e for e in found if e.type == "ASSAULT")
    assert (abuse.source, abuse.status) == (["Jeffrey Epstein"], "claimed")
    assert events("The report alleged that the fire started at noon.") == []  # no one is accused


def test_members_of_an_institution_act_for_it() -> None:
    text = ("The U.S. Attorney's Office unsealed the indictment on Tuesday. Prosecutors alleged that Tova Noel "
            "falsified records.")
    event = next(e for e in events(text) if e.trigger == "alleged")
    assert (event.source, event.target) == (["U.S. Attorney's Office"], ["Tova Noel"])
    text = ("The Bureau of Prisons reviewed the case. Prison officials placed Tova Noel on administrative leave.")
    event = only(text, "SANCTION")
    assert (event.source, event.target) == (["Bureau of Prisons"], ["Tova Noel"])


def test_a_lede_and_a_later_sentence_naming_each_one_side_of_one_act_merge() -> None:
    text = ("A New York man pleaded guilty Monday to threatening to kill Ilhan Omar. Patrick Carlineo, 55, pleaded "
            "guilty to threatening to assault a congresswoman.")
    found = [e for e in events(text) if e.type == "THREATEN"]
    assert [(e.source, e.target, len(e.mentions)) for e in found] == [(["Patrick Carlineo"], ["Ilhan Omar"], 2)]
    text = ("Dick Clark Productions denied that it had settled with the label. Big Machine accused Taylor Swift of "
            "lying. The company flatly denied the allegations.")
    # two denials told in other words stay apart: Dick Clark Productions did not deny Swift's allegations
    assert not [e for e in events(text) if e.source == ["Dick Clark Productions"] and "Taylor Swift" in e.target]


def test_a_conference_named_after_its_host_is_no_meeting_of_the_host() -> None:
    assert not [e for e in events("Kevin Mayer spoke on Tuesday at the Vox Media conference in Hollywood.")
                if e.type == "CONSULT"]


def test_an_adverbial_clause_keeps_its_own_tense() -> None:
    text = ("Swedish prosecutors decided to reopen the investigation after Julian Assange was taken into custody by "
            "the British police.")
    assert only(text, "COERCE").status == "occurred"


def test_lifting_a_ban_is_no_threat() -> None:
    found = events("Abdelaziz Bouteflika said he is prepared to lift the ban on the Islamic Salvation Front.")
    assert "THREATEN" not in {e.type for e in found}


def test_told_to_act_is_a_request() -> None:
    event = only("Alexander Vindman was told by John Bolton to go straight to the legal counsel.", "REQUEST")
    assert (event.source, event.target) == (["John Bolton"], ["Alexander Vindman"])


def test_the_authorities_are_the_state_the_article_is_about() -> None:
    text = ("Iran cut off the internet on Saturday. Protests spread across Iran. Iran blamed foreign enemies. "
            "“The authorities must end this crackdown,” said Philip Luther of Amnesty International.")
    event = only(text, "REQUEST")
    assert (event.source, event.target) == (["Philip Luther"], ["Iran"])


def test_government_officials_are_the_state_the_article_is_about() -> None:
    text = "Iran cut off the internet. Protests spread across Iran. Iran blamed foreign enemies. Mark Esper met with " \
           "senior government officials on Monday."
    assert only(text, "CONSULT").target == ["Iran"]
    text = "Mark Esper met with senior government officials on Monday."
    assert events(text) == [] or only(text, "CONSULT").target == []  # no country the story is about


def test_who_resigns_leaves_the_organization_of_his_role() -> None:
    event = only("WeWork's founder, Adam Neumann, built the company. Neumann resigned as chief executive in "
                 "September.", "OTHER")
    assert (event.source, event.target) == (["Adam Neumann"], ["WeWork"])


def test_symmetric_nouns_take_both_sides_from_a_coordination() -> None:
    assert sides(only("The merger of Gannett and McClatchy became final on Tuesday.", "COOPERATE")) == {
        "Gannett", "McClatchy"}
    assert sides(only("Talks have resumed between Germany and France.", "CONSULT")) == {"Germany", "France"}


def test_a_lede_person_named_with_his_age_in_the_next_sentence_is_the_doer() -> None:
    text = ("A New York man pleaded guilty Monday to threatening Ilhan Omar. Patrick Carlineo, 55, of Addison, "
            "admitted the charge.")
    assert only(text, "THREATEN").source == ["Patrick Carlineo"]
    text = "A man was stabbed on a train on Tuesday. Police Chief Ed Alvarez told reporters about the attack."
    assert not [e for e in events(text) if "Ed Alvarez" in e.target]


def test_them_refers_to_the_group_named_before() -> None:
    event = only("Donald Trump held trade talks with Europe, Japan and Canada, publicly threatening them with "
                 "tariffs.", "THREATEN")
    assert (event.source, event.target) == (["Donald Trump"], ["Europe", "Japan", "Canada"])


@pytest.mark.parametrize(
    ("text", "kind", "source", "target"),
    [
        ("Ecuador stripped Julian Assange of his asylum status.", "SANCTION", ["Ecuador"], ["Julian Assange"]),
        ("Kathleen Hawk Sawyer testified before the Senate Judiciary Committee.", "CONSULT",
         ["Kathleen Hawk Sawyer"], ["Senate Judiciary Committee"]),
        ("Russia annexed Crimea in 2014.", "ASSAULT", ["Russia"], ["Crimea"]),
        ("Tottenham sacked Mauricio Pochettino on Tuesday.", "OTHER", ["Tottenham"], ["Mauricio Pochettino"]),
        ("Mexico congratulated Argentina on the election.", "SUPPORT", ["Mexico"], ["Argentina"]),
        ("Russia's annexation of Crimea angered Ukraine.", "ASSAULT", ["Russia"], ["Crimea"]),
        ("Japan imposed tariffs on South Korea. The tariffs hurt South Korea.", "SANCTION", ["Japan"],
         ["South Korea"]),
        ("William Barr put Kathleen Hawk Sawyer in charge of the agency.", "OTHER", ["William Barr"],
         ["Kathleen Hawk Sawyer"]),
        ("Germany pledged to take decisive action against Russia.", "THREATEN", ["Germany"], ["Russia"]),
        ("Germany brought charges against Volkswagen.", "ACCUSE", ["Germany"], ["Volkswagen"]),
    ],
)
def test_more_event_words_second_round(text: str, kind: str, source: list[str], target: list[str]) -> None:
    event = only(text, kind)
    assert (event.source, event.target) == (source, target)


@pytest.mark.parametrize("text", [
    "Russian forces shelled the town on Monday.",  # one-sided: the weak actor is still what the event names
    "Russian forces shelled Kharkiv on Monday.",
    "The 48-year-old Australian was evicted in April and sentenced to 50 weeks in jail.",
])
def test_every_name_on_an_events_sides_is_an_emitted_actor(text: str) -> None:
    # the loader stores an event's sides by actor, so a name that is no actor of the document would be lost
    doc = parse_text(text)
    actors = find_actors(doc)
    found = find_events(doc, actors, SUNDAY)
    names = {a.name for a in actors.emitted()}
    assert found and all(n in names for e in found for n in (*e.source, *e.target))


# --- robustness -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " \n ", "!!! ???", "Attack.", "“We”", "if if if unless should"])
def test_odd_text_never_raises(text: str) -> None:
    assert isinstance(events(text), list)


def test_events_mark_the_actors_they_use() -> None:
    doc = parse_text("Russian forces attacked Ukraine.")
    actors = find_actors(doc)
    found = find_events(doc, actors, SUNDAY)
    assert found and {a.name for a in actors.emitted()} >= set(found[0].source)


# --- constructions found wrong on the held-out events set (eval/events-set-1) --------------------------------


def test_a_passive_adjunct_happens_to_the_subject_of_its_clause() -> None:
    event = only("Nearly 150 Indians returned home on Wednesday after being deported from the United States.",
                 "COERCE")
    assert (event.source, event.target) == ([], ["India"])  # the doer is not written: an empty source


def test_a_phrase_object_lends_the_with_the_parser_hung_on_the_verb() -> None:
    event = only("Jordan closed its borders with Syria and blocked the crossing point.", "SANCTION")
    assert (event.source, event.target) == (["Jordan"], ["Syria"])


def test_responsibility_claimed_is_the_doers_claim() -> None:
    verb = only("The Taliban claimed responsibility for shooting down the helicopter.", "ASSAULT")
    assert (verb.source, verb.status) == (["Taliban"], "claimed")
    noun = only("Hamas claimed responsibility for the attack on Israel.", "ASSAULT")
    assert (noun.source, noun.target, noun.status) == (["Hamas"], ["Israel"], "claimed")


def test_taking_someone_to_court_is_a_lawsuit() -> None:
    event = only("Senator Dino Melaye took Governor Yahaya Bello to court on Monday.", "ACCUSE")
    assert (event.source, event.target, event.mode) == (["Dino Melaye"], ["Yahaya Bello"], "sue")


def test_a_measure_that_names_no_one_is_aimed_at_the_place_under_it() -> None:
    lifted = only("Serbia lifted a night curfew in Montenegro on Wednesday.", "CONCEDE")
    assert (lifted.source, lifted.target) == (["Serbia"], ["Montenegro"])
    blockade = only("Turkey reimposed blockades in Cizre on Friday.", "COERCE")
    assert (blockade.source, blockade.target) == (["Turkey"], ["Cizre"])
    arrest = only("Police in Houston arrested Smith in Texas on Monday.", "COERCE")
    assert arrest.target == ["Smith"]  # a measure against someone is aimed at them, not at where it was taken


def test_troops_leaving_a_country_withdraw_from_it_but_a_minister_leaving_a_city_does_not() -> None:
    event = only("American troops left Syria in October.", "RETREAT")
    assert (event.source, event.target, event.mode) == (["United States"], ["Syria"], "withdraw")
    assert events("The minister left Paris on Monday.") == []


def test_a_claim_called_untrue_is_rejected_by_whoever_says_so() -> None:
    event = only("Charles Simpson told reporters the Russian Defense Ministry's allegations are false.", "REJECT")
    assert (event.source, event.target) == (["Charles Simpson"], ["Russian Defense Ministry"])
    negated_true = only("Sean Robertson said the ministry's claim is absolutely not true.", "REJECT")
    assert negated_true.source == ["Sean Robertson"]
    assert events("The Russian Defense Ministry's allegations are false.") == []  # the article's own voice
    assert events("Sean Robertson said the ministry's claim is not false.") == []
    assert events("Prince Andrew repeated his claim that he visited Epstein in New York.") == []


def test_the_present_of_a_time_clause_under_a_future_is_planned() -> None:
    leave = only("The United States will keep its base in Syria after American troops leave Iraq.", "RETREAT")
    assert leave.status == "planned"
    sign = only("Once Iran signs the deal, the United States will lift sanctions on Iran.", "AGREE")
    assert sign.status == "planned"
    past = only("The United States lifted sanctions on Iran after Iran signed the deal.", "CONCEDE")
    assert past.status == "occurred"


def test_breaking_a_rule_is_no_rejection_but_breaking_a_ceasefire_is() -> None:
    assert events("These 150 Indians have violated their visa norms, the officials said.") == []
    event = only("Russia violated the ceasefire with Ukraine on Monday.", "REJECT")
    assert (event.source, event.target) == (["Russia"], ["Ukraine"])
