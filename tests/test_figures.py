"""The figures extractor (issue 4): one test per construction the issue names, on short sentences parsed with the
project's spaCy pipeline. The dev-set scores live in bench/figures.py; these pin the behaviour rule by rule."""

from __future__ import annotations

import pycountry
import pytest

from etl.analyze import figure_atoms
from etl.analyze.figures import explain, find_figures
from etl.analyze.measures import currency_symbols, currency_words, units
from etl.analyze.nlp import parse_text
from etl.analyze.numbers import combine, number_words
from etl.datafiles import data_rows
from etl.models import Figure


def figs(text: str) -> list[Figure]:
    doc = parse_text(text)
    found = find_figures(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text  # offsets index the text exactly
    return found


def one(text: str) -> Figure:
    found = figs(text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def values(text: str) -> list[float]:
    return [f.value for f in figs(text)]


# ------------------------------------------------------------------------------------------ digits and words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Police counted 30,154 cars on the bridge.", 30154),
        ("The index closed at 1,234.56 on Friday.", 1234.56),
        ("Prices rose 0.4 percent.", 0.4),
        ("She paid $1,000,000 for the house.", 1_000_000),
    ],
)
def test_digits_with_separators_and_decimals(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Three people were injured in the blast.", 3),
        ("The crew bought a dozen eggs.", 12),
        ("Officials expect two million visitors this summer.", 2_000_000),
        ("The fire destroyed twenty-five homes.", 25),
        ("The army sent three hundred and fifty thousand troops.", 350_000),
        ("The campaign raised five and a half million dollars.", 5_500_000),
        ("Organisers expect half a million visitors.", 500_000),
    ],
)
def test_numbers_in_words(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


def test_combine_keeps_two_numbers_apart() -> None:
    assert combine(["five", "three"]) is None
    assert combine([5.0, 7.0]) is None
    assert combine(["twenty", "-", "five"]) == 25


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The city spent 40 thousand dollars on signs.", 40_000),
        ("The fund manages $3 trillion in assets.", 3e12),
        ("Alibaba raised $12.9bn in Hong Kong.", 12.9e9),
        ("The club paid £5m for the striker.", 5e6),
        ("The startup raised $300k from friends.", 300_000),
        ("The ministry approved Rs 500 crore for roads.", 5e9),
    ],
)
def test_scales(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


# ------------------------------------------------------------------------------------------ changes


def test_negative_change_keeps_value_positive_and_direction_apart() -> None:
    dow = figs("The Dow fell 102.2 points, or 0.4%, to 26,000.")
    assert [(f.value, f.unit, f.direction) for f in dow] == [
        (102.2, "point", "down"),
        (0.4, "percent", "down"),
        (26000, None, None),  # the new level is not a change
    ]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Revenue rose 3.5 percent in the quarter.", "up"),
        ("Truck sales are down 2.6 percent.", "down"),
        ("The bank cut its rate by a quarter-point.", "down"),
        ("Shares ended the day at -5%.", "down"),
        ("Sales reached 5,000 units.", None),
    ],
)
def test_direction(text: str, direction: str | None) -> None:
    assert one(text).direction == direction


# ------------------------------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("The order is valued at $12.9 billion.", 12.9e9, "USD"),
        ("The loan was worth US$3 million.", 3e6, "USD"),
        ("The club paid £40 million for him.", 40e6, "GBP"),
        ("Tickets cost €10 each.", 10, "EUR"),
        ("The fine was 20,000 yuan.", 20_000, "CNY"),
        ("A meal costs 400 rupees in Delhi.", 400, "INR"),
        ("The bank lent 5 million euros.", 5e6, "EUR"),
        ("The deal is worth EUR 5m.", 5e6, "EUR"),
        ("The contract is worth 3.5 trillion yen.", 3.5e12, "JPY"),
        ("The investors paid 176 Hong Kong dollars a share.", 176, "HKD"),
        ("Stamps cost 50 cents more.", 0.5, "USD"),
    ],
)
def test_money_to_iso_4217(text: str, value: float, code: str) -> None:
    f = one(text)
    assert (f.value, f.unit) == (pytest.approx(value), code)


def test_currency_data_uses_real_iso_codes() -> None:
    codes = {c.code for c in currency_symbols().values()} | {c.code for c in currency_words().values()}
    assert codes
    assert all(pycountry.currencies.get(alpha_3=code) for code in codes)


# ------------------------------------------------------------------------------------------ percent and units


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Unemployment fell to 5 percent.", 5, "percent"),
        ("Turnout was 61% this year.", 61, "percent"),
        ("Inflation is 2.1 per cent.", 2.1, "percent"),
        ("Rates rose 2 percentage points.", 2, "percentage point"),
        ("The Fed cut its benchmark rate by a quarter-point.", 0.25, "percentage point"),
    ],
)
def test_percent_and_percentage_points(text: str, value: float, unit: str) -> None:
    f = one(text)
    assert (f.value, f.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The convoy was 10 km from the border.", 10, "km"),
        ("The storm moved 5 miles inland.", 5, "miles"),
        ("Snow fell 8 inches deep.", 8, "inches"),
        ("Police seized 30 kilograms of cocaine.", 30, "kg"),
        ("The ship carried 20 tons of grain.", 20, "ton"),
        ("Saudi Arabia pumps 2 million barrels per day.", 2e6, "bbl/d"),
        ("Winds reached 60 mph on the coast.", 60, "mph"),
        ("They ran a 10km race.", 10, "km"),
    ],
)
def test_units_of_measure_are_normalised(text: str, value: float, unit: str) -> None:
    f = one(text)
    assert (f.value, f.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Both sides agreed to a 90-day truce.", 90, "days"),
        ("The war lasted 18 years.", 18, "years"),
    ],
)
def test_durations_are_figures(text: str, value: float, unit: str) -> None:
    f = one(text)
    assert (f.value, f.unit) == (value, unit)


# ------------------------------------------------------------------------------------------ ranges


@pytest.mark.parametrize(
    ("text", "low", "high", "obj"),
    [
        ("Russia has amassed between 160,000 and 190,000 troops near the border.", 160_000, 190_000, "troops"),
        ("The plane seats 242 to 330 passengers.", 242, 330, "passengers"),
        ("Each attack killed 10-15 people.", 10, 15, "people"),
        ("Estimates range from 10 to 15 percent.", 10, 15, None),
        ("The flood displaced between 2 and 3 million people.", 2e6, 3e6, "people"),
    ],
)
def test_ranges(text: str, low: float, high: float, obj: str | None) -> None:
    f = one(text)
    assert (f.value, f.value_high) == (pytest.approx(low), pytest.approx(high))
    if obj:
        assert f.object == obj


def test_a_change_from_one_level_to_another_is_two_figures() -> None:
    found = figs("Profit fell from $47 billion to $8 billion.")
    assert [(f.value, f.value_high) for f in found] == [(47e9, None), (8e9, None)]


def test_change_by_and_new_level_are_two_figures() -> None:
    assert values("The order was cut by 30 to 126 jets.") == [30, 126]


def test_model_numbers_are_not_ranges() -> None:
    assert values("Emirates bought 30 of Boeing's 787-9 Dreamliner jets.") == [30]


# ------------------------------------------------------------------------------------------ qualifiers


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("He faces up to a $250,000 fine.", "up to"),
        ("More than 600,000 Israelis live there.", "More than"),
        ("At least 30 people were hurt.", "At least"),
        ("The campaign cost about $449,000.", "about"),
        ("Dealers sold nearly 17.3 million vehicles.", "nearly"),
        ("Protesters numbered 5,000 or more.", "or more"),
        ("Officials counted 5,000 protesters.", None),
    ],
)
def test_bounds_and_approximations(text: str, qualifier: str | None) -> None:
    assert one(text).qualifier == qualifier


# ------------------------------------------------------------------------------------------ counted object


@pytest.mark.parametrize(
    ("text", "obj"),
    [
        ("Emirates ordered 30 Boeing 787 jets.", "jets"),
        ("Emirates has 123 of the planes in its fleet.", "planes"),
        ("New vehicle sales plunged 10 percent last month.", "sales"),
        ("The order is valued at $8.8 billion.", "order"),
        ("The Fed cut its benchmark interest rate by a quarter-point.", "interest rate"),
        ("Officials said about 0.4 percent of the population was affected.", "population"),
        ("The number of young people using meth was 3.8 percent.", "people"),
        ("The average price of a new truck was $41,640.", "price"),
        ("Carlineo faces up to a $250,000 fine.", "fine"),
        ("It was the end of an 18-year insurgency.", "insurgency"),
    ],
)
def test_counted_object(text: str, obj: str) -> None:
    assert one(text).object == obj


def test_ellipsis_counts_the_same_object() -> None:
    found = figs("Boeing sold five 787 Dreamliner jets this week: two to Biman and three to Ghana.")
    assert [(f.value, f.object) for f in found] == [(5, "jets"), (2, "jets"), (3, "jets")]


# ------------------------------------------------------------------------------------------ exclusions


@pytest.mark.parametrize(
    "text",
    [
        "The summit is scheduled for March 21.",  # dates
        "Sentencing is set for Feb. 14 in Buffalo.",
        "The report was published in 2016.",  # calendar years
        "The meeting starts at 10 a.m. sharp.",  # times of day
        "She was the first woman to win.",  # ordinals
        "Patrick Carlineo Jr., 55, of Addison pleaded guilty.",  # ages as descriptors
        "Police arrested a 57-year-old man.",
        "The victim, aged 45, died at the scene.",
        "Boeing grounded the 737 Max after the crashes.",  # numbers inside names
        "Covid-19 spread quickly.",
        "The bus broke down on Route 66.",
        "For details call 555-123-4567 today.",  # phone numbers
        "Hundreds of people marched.",  # vague amounts
        "Several thousand protesters gathered.",
        "Half of the voters stayed home.",  # fractions and multipliers in words
        "Prices doubled and costs rose twice as fast.",
        "The fund earns three times more than before.",
        "One of the officers was injured.",  # a bare "one" is a determiner
        "China backs the “one country, two systems” formula.",  # slogans in quotes
        "The streamer supports 4K video.",  # formats
        "Eating breakfast helps (12).",  # citations
    ],
)
def test_not_figures(text: str) -> None:
    assert figs(text) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Smith, 45, said he would stay.", "age"),
        ("Boeing delayed the 777 program.", "name"),
        ("In one in five homes the heating failed.", "ratio"),
        ("The 3-2 win sent them through.", "code"),
    ],
)
def test_explain_says_why_a_number_was_dropped(text: str, reason: str) -> None:
    assert reason in {why for _, why in explain(parse_text(text))}


def test_scale_letters_need_money_or_a_counted_noun() -> None:
    assert [(f.value, f.unit) for f in figs("About 5m people watched the 100m sprint.")] == [(5e6, None), (100, "m")]


def test_strength_of_a_force_is_a_count() -> None:
    f = one("Russia sent a 10,000-strong force to the border.")
    assert (f.value, f.object) == (10_000, "force")


def test_sentence_offsets_for_provenance() -> None:
    doc = parse_text("Nothing here. Rebels freed 30 hostages on Monday.")
    f = find_figures(doc)[0]
    assert doc.text[f.sentence_start : f.sentence_end] == "Rebels freed 30 hostages on Monday."


def test_every_mention_counts() -> None:
    found = figs("Two hostages were freed on Tuesday. The two hostages flew home.")
    assert [f.value for f in found] == [2, 2]


# ------------------------------------------------------------------------------------------ robustness


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "!!! ??? ...",
        "9" * 400,
        "$$$ 1,2,3,4 - - 5 -- to and between from",
        "between and 5 to",
        "€ £ ¥ ₹ 10e5 1e309 0x1F 1/2 ½ ⅔ 3:30 12-",
        "🙂 2 🙂 three 🙂 $",
        "a" * 5000,
        "Ｔｈｒｅｅ １２３ people",
        "The 1,000,000,000,000,000,000,000,000 figure.",
    ],
)
def test_never_raises_on_odd_text(text: str) -> None:
    assert isinstance(figs(text), list)


def test_works_on_a_doc_without_a_parser() -> None:
    import spacy

    blank = spacy.blank("en")("Rebels freed 30 hostages and $5 million.")
    assert isinstance(find_figures(blank), list)


def test_data_is_read_once_not_per_call() -> None:
    figs("Officials counted 5,000 protesters and $3 million.")
    before = (
        data_rows.cache_info().misses,
        number_words.cache_info().misses,
        units.cache_info().misses,
        figure_atoms.token_re.cache_info().misses,
    )
    figs("Officials counted 7,000 protesters and $4 million.")
    after = (
        data_rows.cache_info().misses,
        number_words.cache_info().misses,
        units.cache_info().misses,
        figure_atoms.token_re.cache_info().misses,
    )
    assert before == after


def test_unit_data_rows_are_well_formed() -> None:
    kinds = {"percent", "point", "length", "area", "mass", "volume", "speed", "energy", "power", "temperature", "time"}
    for row in data_rows("units.tsv"):
        assert len(row) == 3 and row[2] in kinds, row


# ------------------------------------------------------------------------------------------ objects on unseen text


@pytest.mark.parametrize(
    ("text", "obj"),
    [
        ("The state holds $2 billion in cash reserves.", "reserves"),
        ("SoftBank will inject $6.5 billion in debt and equity into the firm.", "equity"),
        ("The group gave nearly $5.9 million toward his 2016 election campaign.", "campaign"),
        ("The deal includes $1 billion for some of the founder's shares.", "shares"),
        ("The company spent more than $3 billion on technology last year.", "technology"),
        ("He faces a maximum of 10 years in prison.", "prison"),
        ("She served two years in office before the vote.", "office"),
        ("They face a maximum sentence of five years.", "sentence"),
        ("Exporters hope to increase shipments to China to $30 billion a year.", "shipments"),
    ],
)
def test_object_through_a_phrase_after_the_figure(text: str, obj: str) -> None:
    assert one(text).object.split()[-1] == obj


@pytest.mark.parametrize(
    "text",
    [
        "He said he spent $4 million in 2019.",  # a date is no object
        "They offered $6 million in both cases.",  # an adverbial, not what the money is for
        "It rained for five days in a row.",
        "He paid $5 million in New York.",  # a place
    ],
)
def test_phrases_after_a_figure_that_are_no_object(text: str) -> None:
    assert one(text).object is None


def test_a_person_is_not_what_money_is_paid_for() -> None:
    assert one("Adam Neumann had planned to charge the company almost $6 million.").object is None


def test_a_level_reached_through_a_change_verb_counts_the_verb_object() -> None:
    found = figs("Nine companies bid last year. This month NASA increased the total of lunar providers to 14.")
    assert found[-1].object.split()[-1] == "providers"


def test_market_codes_are_not_objects() -> None:
    found = figs("U.S. crude CLc1 fell 3.38% on Monday. The Dow Jones Industrial Average .DJI fell 102.2 points.")
    assert [f.object.split()[-1] for f in found] == ["crude", "Average"]
