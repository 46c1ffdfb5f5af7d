"""Statements extractor: one test per construction issue 3 lists, on texts written for these tests."""

from __future__ import annotations

import pytest

from etl.analyze.actors import find_actors
from etl.analyze.nlp import parse_text
from etl.analyze.quotes import find_quote_spans
from etl.analyze.statements import cue_lexicon, find_statements
from etl.models import Statement


def extract(text: str) -> list[Statement]:
    doc = parse_text(text)
    statements = find_statements(doc, find_actors(doc))
    for statement in statements:  # offsets always index the text the caller gave
        assert doc.text[statement.start : statement.end] == statement.quote
    return statements


def only(statements: list[Statement], words: str) -> Statement:
    found = [s for s in statements if words in s.quote]
    assert len(found) == 1, [s.quote for s in statements]
    return found[0]


def surname(statement: Statement) -> str | None:
    return statement.speaker.split()[-1] if statement.speaker else None


# -- quotation marks ---------------------------------------------------------------------------------------------


def test_straight_quotation_marks() -> None:
    text = 'Senator Mary Collins said, "We will vote against the bill next week."'
    statement = only(extract(text), "vote against")
    assert statement.kind == "direct"
    assert statement.quote == "We will vote against the bill next week."
    assert surname(statement) == "Collins"
    assert statement.cue == "said"


def test_curly_quotation_marks() -> None:
    text = "“We will vote against the bill next week,” Senator Mary Collins said on Tuesday."
    statement = only(extract(text), "vote against")
    assert statement.quote == "We will vote against the bill next week"
    assert statement.kind == "direct"
    assert surname(statement) == "Collins"


def test_mixed_curly_and_straight_marks_pair_up() -> None:
    text = '“The market is cooling faster than we expected," analyst Robert Diaz said in a statement.'
    statement = only(extract(text), "market is cooling")
    assert statement.quote == "The market is cooling faster than we expected"
    assert surname(statement) == "Diaz"


def test_apostrophes_inside_words_are_not_quotation_marks() -> None:
    text = (
        "The players’ union didn’t comment on Monday, and the league's owners weren't available.\n\n"
        "“We’re not going to accept a deal that doesn’t protect the players’ pensions,” union chief Tom Baker said."
    )
    spans = find_quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == [
        "We’re not going to accept a deal that doesn’t protect the players’ pensions"
    ]
    statement = only(extract(text), "accept a deal")
    assert surname(statement) == "Baker"


def test_nested_single_quotes_stay_inside_the_quotation() -> None:
    text = "“He looked at me and said ‘go home now’ before he left the room,” the witness, Anna Lopez, told reporters."
    statement = only(extract(text), "go home now")
    assert statement.quote == "He looked at me and said ‘go home now’ before he left the room"
    assert surname(statement) == "Lopez"


def test_quote_broken_by_the_attribution_is_two_statements_with_one_speaker() -> None:
    text = (
        "“The economy is strong,” Treasury Secretary Janet Yellen said, "
        "“but inflation is still too high for families.”"
    )
    statements = extract(text)
    first, second = only(statements, "economy is strong"), only(statements, "inflation is still")
    assert first.quote == "The economy is strong"
    assert second.quote == "but inflation is still too high for families."
    assert surname(first) == surname(second) == "Yellen"


def test_quotation_running_over_several_paragraphs() -> None:
    text = (
        "Fire chief Daniel Moore said: “The crews worked through the night to contain the blaze. "
        "Nobody was hurt.\n\n"
        "“We expect to lift the evacuation order by Friday if the wind stays calm.\n\n"
        "“Residents should still follow the instructions of the police.”"
    )
    statements = extract(text)
    quotes = [s.quote for s in statements]
    assert quotes == [
        "The crews worked through the night to contain the blaze. Nobody was hurt.",
        "We expect to lift the evacuation order by Friday if the wind stays calm.",
        "Residents should still follow the instructions of the police.",
    ]
    assert {surname(s) for s in statements} == {"Moore"}
    assert all(s.kind == "direct" for s in statements)


def test_unbalanced_marks_never_abort_the_article() -> None:
    text = (
        "The mayor's office called the plan ”unworkable and said nothing more.\n\n"
        "“This budget protects every school in the city,” Mayor Karen Bass said.\n\n"
        'A stray " mark sits here and another “ one there.'
    )
    statements = extract(text)
    statement = only(statements, "protects every school")
    assert surname(statement) == "Bass"


def test_doubled_single_marks_delimit_a_quotation() -> None:
    text = (
        "The commission issued a statement warning that ``voters are entitled to transparency from campaigners.’’ "
        "Critically, it has no role in regulating online content."
    )
    spans = find_quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == ["voters are entitled to transparency from campaigners."]


@pytest.mark.parametrize(
    "text",
    ["", "“", '"""', "“”", "\n\n\n", "‘’‘", "He said, “", "”Hello“ ‘ ’ ' \" « » „ ‟", "said said said"],
)
def test_odd_text_never_raises(text: str) -> None:
    extract(text)


# -- where the speaker stands ------------------------------------------------------------------------------------


def test_speaker_before_the_quote() -> None:
    text = "Prime Minister Jacinda Ardern said: “Our borders will reopen in stages from next month.”"
    statement = only(extract(text), "borders will reopen")
    assert surname(statement) == "Ardern"
    assert statement.cue == "said"


def test_speaker_after_the_quote() -> None:
    text = "“Our borders will reopen in stages from next month,” Jacinda Ardern said."
    statement = only(extract(text), "borders will reopen")
    assert surname(statement) == "Ardern"


def test_speaker_inverted_after_the_quote() -> None:
    text = "“We are always ready for diplomacy,” said White House press secretary Jen Psaki."
    statement = only(extract(text), "ready for diplomacy")
    assert statement.speaker == "Jen Psaki"
    assert statement.cue == "said"


def test_told_medium_is_the_addressee() -> None:
    text = "Ukrainian President Volodymyr Zelensky told CNN: “We don’t need your sanctions after the bombardment.”"
    statement = only(extract(text), "need your sanctions")
    assert surname(statement) == "Zelensky"
    assert statement.cue == "told"
    assert statement.addressee == "CNN"


def test_according_to_is_an_indirect_statement_of_the_source() -> None:
    text = "Local dealers sold 30,000 new cars in October, down 10 percent from a year ago, according to InfoNation."
    statement = only(extract(text), "Local dealers sold")
    assert statement.kind == "indirect"
    assert statement.speaker == "InfoNation"
    assert statement.cue == "according to"
    assert statement.quote == "Local dealers sold 30,000 new cars in October, down 10 percent from a year ago"


def test_indirect_speech_with_that() -> None:
    text = "Defense Secretary Mark Esper said that the United States will provide Vietnam with a second ship next year."
    statement = only(extract(text), "will provide Vietnam")
    assert statement.kind == "indirect"
    assert statement.quote == "the United States will provide Vietnam with a second ship next year"
    assert surname(statement) == "Esper"


def test_indirect_speech_with_warned_and_no_that() -> None:
    text = "Fed chair Jerome Powell warned inflation could stay high for much of next year."
    statement = only(extract(text), "inflation could stay")
    assert statement.kind == "indirect"
    assert statement.cue == "warned"
    assert surname(statement) == "Powell"


def test_inverted_indirect_speech() -> None:
    text = "A New Jersey man pleaded guilty Monday to threatening a judge, federal prosecutor Lisa Hart said."
    statement = only(extract(text), "pleaded guilty")
    assert statement.kind == "indirect"
    assert statement.quote == "A New Jersey man pleaded guilty Monday to threatening a judge"
    assert surname(statement) == "Hart"


def test_dateline_is_not_part_of_the_reported_clause() -> None:
    text = "HANOI, Vietnam (AP) — The two countries signed a new trade agreement on Wednesday, officials said."
    statement = only(extract(text), "signed a new trade")
    assert statement.quote == "The two countries signed a new trade agreement on Wednesday"


def test_quote_paragraph_without_cue_continues_the_previous_speaker() -> None:
    text = (
        "“We lost the game in the first ten minutes,” coach Steve Kerr said.\n\n"
        "“Nobody was ready, and I take the blame for that.”\n\n"
        "The team plays again on Saturday."
    )
    statement = only(extract(text), "take the blame")
    assert surname(statement) == "Kerr"
    assert statement.cue is None


def test_pronoun_speaker_is_resolved_to_the_person_meant() -> None:
    text = (
        "Governor Gavin Newsom met Mayor London Breed in San Francisco on Monday to discuss the housing plan.\n\n"
        "Newsom visited a shelter afterwards. “We have to build faster than ever before,” he said."
    )
    statement = only(extract(text), "build faster")
    assert surname(statement) == "Newsom"


def test_pronoun_skips_a_person_of_the_other_gender() -> None:
    text = (
        "Police arrested Michael Grant after his call to the office of Senator Laura Diaz. "
        "He was charged on Tuesday. Diaz is one of the youngest women in the Senate.\n\n"
        "A staff member recalled that he said, “I will find you.”"
    )
    statement = only(extract(text), "I will find you")
    assert surname(statement) == "Grant"


def test_pronoun_after_an_unnamed_person_is_not_given_to_a_named_one() -> None:
    text = (
        "Senator Maria Lopez has pushed for stricter privacy rules for teenagers.\n\n"
        "Reporters spoke to one mother, who found her son's phone number on his public profile. "
        "“I was shocked at how much anyone could see,” she said."
    )
    statement = only(extract(text), "I was shocked")
    assert statement.speaker is None


def test_speaker_named_by_title_the_article_makes_clear() -> None:
    text = (
        "French President Emmanuel Macron arrived in Berlin on Sunday for talks on energy prices.\n\n"
        "The president said the two countries would buy gas together from next winter."
    )
    statement = only(extract(text), "buy gas together")
    assert surname(statement) == "Macron"


def test_organization_speaker() -> None:
    text = "The White House said the president would sign the bill on Friday."
    statement = only(extract(text), "sign the bill")
    assert statement.speaker == "White House"
    assert statement.kind == "indirect"


def test_officials_speak_for_the_actor_that_modifies_them_but_generic_groups_for_no_one() -> None:
    text = (
        "Russian officials said the troops would return to their bases within a week.\n\n"
        "Aviation analysts said the airline would need new planes within a decade."
    )
    statements = extract(text)
    assert only(statements, "troops would return").speaker == "Russia"
    assert only(statements, "need new planes").speaker is None


# -- partial quotes, joint speakers, what is not a statement ---------------------------------------------------------


def test_partial_quote_short_phrase_makes_the_whole_clause_indirect() -> None:
    text = "Prime Minister Benjamin Netanyahu said he was “very moved” by the announcement on Monday evening."
    statements = extract(text)
    statement = only(statements, "moved")
    assert statement.kind == "indirect"
    assert statement.quote.startswith("he was “very moved” by the announcement")
    assert surname(statement) == "Netanyahu"


def test_partial_quote_most_of_the_clause_is_direct_with_the_quoted_words() -> None:
    text = (
        "Governor Kristi Noem tweeted that the meth epidemic "
        "“needs to be a dinner table conversation in every home.”"
    )
    statement = only(extract(text), "dinner table")
    assert statement.kind == "direct"
    assert statement.quote == "needs to be a dinner table conversation in every home."


def test_joint_speakers_give_one_statement_each() -> None:
    text = "Joe Biden and Kamala Harris have each warned that Russia could invade Ukraine within days."
    statements = [s for s in extract(text) if "could invade" in s.quote]
    assert sorted(surname(s) for s in statements) == ["Biden", "Harris"]
    assert len({(s.start, s.end) for s in statements}) == 1


def test_scare_quotes_labels_names_and_slogans_are_not_statements() -> None:
    text = (
        "The state launched an anti-drug campaign with the slogan “Meth, we’re on it.”\n\n"
        "Protesters marched against the self-declared “interim” government on Sunday.\n\n"
        "He called Omar a “terrorist” in the voicemail.\n\n"
        "The prison, dubbed the “Hanoi Hilton” by American pilots, is now a museum."
    )
    assert extract(text) == []


def test_label_of_several_words_with_a_cue_is_a_statement() -> None:
    text = "The Arab League called the decision an “extremely adverse development” for the region."
    statement = only(extract(text), "adverse development")
    assert statement.kind == "direct"
    assert statement.speaker == "Arab League"


def test_negated_cue_reports_nothing() -> None:
    text = "Volkswagen did not say when the new wagon will go on sale in Europe."
    assert extract(text) == []


def test_embedded_post_is_a_direct_statement_of_its_author() -> None:
    text = (
        "The slogan drew ridicule online.\n\n"
        "I love that they trademarked it. Nobody is going to take your slogan. https://t.co/abcdef\n\n"
        "— Robert Maguire (@RobertMaguire_) November 18, 2019\n\n"
        "The campaign cost the state $449,000."
    )
    statement = only(extract(text), "trademarked it")
    assert statement.quote == "I love that they trademarked it. Nobody is going to take your slogan."
    assert statement.speaker == "Robert Maguire"


# -- the record --------------------------------------------------------------------------------------------------------


def test_statement_record_carries_offsets_kind_cue_and_addressee() -> None:
    text = "“Prices will keep rising,” economist Paul Krugman told Bloomberg on Friday."
    statement = only(extract(text), "Prices will keep rising")
    assert (statement.kind, statement.cue, statement.addressee) == ("direct", "told", "Bloomberg")
    assert text[statement.start : statement.end] == statement.quote


def test_cue_verbs_come_from_the_reviewed_data_file() -> None:
    lexicon = cue_lexicon()
    assert "clause" in lexicon["say"]
    assert "source" in lexicon["according to"]
    assert "think" not in lexicon  # attitudes are not speech
    assert lexicon["believe"] == {"that", "named"}  # ... unless a named actor states a position: "X believes that"


# -- constructions the held-out articles taught (texts written for these tests) -------------------------------------


def test_clause_whose_subject_is_a_clause_stays_whole() -> None:
    text = (
        "Analyst Maria Lopez said whether the council will approve the budget depends largely on "
        "whether the mayor supports it."
    )
    statement = only(extract(text), "approve the budget")
    assert statement.quote.endswith("whether the mayor supports it")
    assert surname(statement) == "Lopez"


def test_subject_of_the_reported_clause_read_as_the_object() -> None:
    text = "Organizers of the march in Denver said more than 15,000 people registered for the rally."
    statement = only(extract(text), "registered")
    assert statement.quote == "more than 15,000 people registered for the rally"
    assert statement.kind == "indirect"


def test_that_clause_hung_from_the_addressees_relative_clause() -> None:
    text = (
        "Teachers union president Keith Morgan told a few thousand teachers who covered the Statehouse lawn that "
        "the Legislature should direct money from the state’s cash reserves toward helping schools."
    )
    statement = only(extract(text), "cash reserves")
    assert statement.quote.startswith("the Legislature should direct money")
    assert surname(statement) == "Morgan"


def test_quotation_modifying_a_noun_is_a_label() -> None:
    text = (
        "That would help his farm belt constituency while allowing the president to campaign on maintaining "
        'his "tough on China" stance, which holds appeal to voters.'
    )
    assert extract(text) == []


def test_state_of_mind_caused_by_something_is_not_a_report() -> None:
    text = (
        "The demand has US officials wondering if higher Chinese purchases of US farm goods are enough to ask "
        "in return."
    )
    assert extract(text) == []


def test_according_to_does_not_reach_into_the_previous_paragraph() -> None:
    text = (
        "“The crisis is now, and we need action now,” union president Keith Morgan said to cheers from the crowd. "
        "“The issue is funding, and the state has the money.”\n\n"
        "Nearly 300 school districts closed because of the rally, according to teachers unions. "
        "It came as legislators gather for meetings."
    )
    statements = extract(text)
    according = only(statements, "school districts")
    assert according.quote == "Nearly 300 school districts closed because of the rally"
    assert according.cue == "according to"
    assert surname(only(statements, "state has the money")) == "Morgan"


def test_a_persons_office_speaks_for_the_person() -> None:
    text = (
        "Voters did not see Governor Eric Holcomb at the rally on Tuesday. "
        "His office said he was keeping long-standing plans to travel to Florida."
    )
    statement = only(extract(text), "long-standing plans")
    assert statement.speaker == "Eric Holcomb"


def test_the_statement_and_it_refer_back_to_the_organization_that_spoke() -> None:
    text = (
        "Two soldiers were killed in a helicopter crash, the Norwegian Army said in a statement on Wednesday.\n\n"
        "“The cause of the crash is under investigation,” the statement said.\n\n"
        "It did not reveal the location and said it was withholding the names of those killed."
    )
    statements = extract(text)
    assert only(statements, "cause of the crash").speaker == "Norwegian Army"
    assert only(statements, "withholding the names").speaker == "Norwegian Army"


def test_they_refers_to_a_person_and_an_organization_named_together() -> None:
    text = (
        "Governor Eric Holcomb and leaders of the Indiana Legislature have avoided criticism of teachers. "
        "They seem intent on not antagonizing educators. "
        "However, they said they don't expect to take action on school funding until 2021."
    )
    statements = [s for s in extract(text) if "school funding" in s.quote]
    assert sorted(s.speaker for s in statements) == ["Eric Holcomb", "Indiana Legislature"]


def test_abbreviated_title_and_the_holder_mentioned_last() -> None:
    text = (
        "Republican Gov. Eric Holcomb met teachers on Monday. Unlike Kentucky Gov. Matt Bevin, who lost his "
        "reelection bid, Holcomb avoided criticism. His office said Holcomb was traveling to Florida.\n\n"
        "The governor said he was waiting for a pay commission to make recommendations."
    )
    statement = only(extract(text), "pay commission")
    assert statement.speaker == "Eric Holcomb"


def test_advisers_speak_for_the_actor_they_serve() -> None:
    text = "The final decision rests with the president, White House advisers say."
    statement = only(extract(text), "final decision")
    assert statement.speaker == "White House"


def test_claimed_responsibility_is_a_statement_and_its_relative_clause_is_another() -> None:
    text = (
        "The Taliban claimed responsibility for shooting down the helicopter, which it said crashed "
        "in Logar province."
    )
    statements = extract(text)
    claim = only(statements, "responsibility")
    assert claim.quote == "responsibility for shooting down the helicopter"
    assert claim.speaker == "Taliban"
    assert only(statements, "crashed").speaker == "Taliban"


def test_touted_reports_what_was_praised() -> None:
    text = "Governor Eric Holcomb touted the plan as making strides toward improving teacher pay."
    statement = only(extract(text), "making strides")
    assert statement.quote == "the plan as making strides toward improving teacher pay"
    assert statement.speaker == "Eric Holcomb"


def test_short_quotation_closing_a_reported_clause_makes_it_indirect() -> None:
    text = 'General Mark Milley told reporters that the forces are likely to remain "for several more years".'
    statement = only(extract(text), "several more years")
    assert statement.kind == "indirect"
    assert statement.quote.startswith("the forces are likely to remain")


def test_participle_read_as_the_clause_gives_way_to_the_that_clause() -> None:
    text = "Superintendent Jennifer McCormick told cheering teachers that they weren’t “asking for the moon.”"
    statement = only(extract(text), "moon")
    assert statement.kind == "direct"
    assert statement.quote == "asking for the moon."
    assert surname(statement) == "McCormick"


def test_participle_describing_a_noun_is_no_inverted_report() -> None:
    text = "Coty acquired a 51% stake in the cosmetics company, a deal announced at the beginning of the week."
    assert extract(text) == []


def test_second_source_closing_a_reported_clause_is_left_out_of_it() -> None:
    text = (
        "The health commission said it had questioned people exposed to the patients, "
        "according to Sui-Lee Wee of the New York Times."
    )
    statement = only(extract(text), "questioned")
    assert statement.quote == "it had questioned people exposed to the patients"


def test_heading_run_into_the_next_sentence_is_not_reported() -> None:
    text = (
        "Overcrowded conditions worsen risk\n\n"
        "The doctors noted findings of overcrowded and unsanitary conditions at detention facilities."
    )
    assert all("Overcrowded conditions worsen" not in s.quote for s in extract(text))


def test_it_refers_to_an_organization_heading_a_subject_not_modifying_one() -> None:
    text = (
        "The Chinese CDC has said there is no need to worry, while Beijing residents remain anxious. "
        "It has also acknowledged that remote regions are vulnerable to outbreaks."
    )
    statement = only(extract(text), "remote regions")
    assert statement.speaker == "CDC"


def test_nobody_as_the_subject_reports_nothing() -> None:
    text = "Nothing indicated that the driver had been drinking before the crash."
    assert extract(text) == []


def test_passive_naming_is_not_a_statement() -> None:
    text = "When the offending substance is feathers in a duvet, the condition is called “feather duvet lung.”"
    assert extract(text) == []


def test_quotation_running_on_past_the_reported_clause_is_direct() -> None:
    text = (
        "According to the patient, the steroids “had a transformative effect within two days. "
        "At the same time, I replaced the bedding with hypoallergenic bedding.”"
    )
    statement = only(extract(text), "transformative")
    assert statement.kind == "direct"
    assert statement.quote.startswith("had a transformative effect")


def test_nearer_of_two_subjects_speaks() -> None:
    text = 'Wikileaks editor-in-chief Kristinn Hrafnsson said: "Let us now focus on the threat."'
    statement = only(extract(text), "focus on the threat")
    assert statement.speaker == "Kristinn Hrafnsson"


def test_reporting_clause_set_into_what_it_reports() -> None:
    text = (
        "As chief medical correspondent Sanjay Gupta noted at the time, the heart disease meant that the "
        "president had a moderate risk of a heart attack.\n\n"
        "The economy, economist Maria Lopez said, is slowing down."
    )
    statements = extract(text)
    noted = only(statements, "heart attack")
    assert noted.quote.startswith("the heart disease meant")
    assert surname(noted) == "Gupta"
    assert surname(only(statements, "slowing down")) == "Lopez"


def test_verb_misread_as_a_noun_still_reports() -> None:
    text = (
        "Separately, the Congressional Budget Office projects that the Trump-era tariffs will reduce the national "
        "gross domestic product by 0.3 percent by 2020."
    )
    statement = only(extract(text), "gross domestic product")
    assert statement.speaker == "Congressional Budget Office"


def test_quotation_set_off_after_a_dash_is_direct() -> None:
    text = "Yet Ambassador Gordon Sondland has amended his testimony once — “I now do recall,” he said."
    statement = only(extract(text), "recall")
    assert statement.kind == "direct"
    assert statement.quote == "I now do recall"
    assert surname(statement) == "Sondland"


def test_that_said_is_a_connective() -> None:
    text = (
        "Prices fell. That said, the DEA says that the southwestern border with Mexico remains the primary entry "
        "point for heroin into the United States."
    )
    statement = only(extract(text), "entry point")
    assert statement.speaker == "DEA"
    assert statement.quote.startswith("the southwestern border")


def test_comma_inside_a_nested_quotation_still_sets_off_the_cue() -> None:
    text = (
        "“I guess my first reaction was, ‘Oh no, they’re going to get a lot of attention,’ ” "
        "Michelle Hege said."
    )
    statement = only(extract(text), "first reaction")
    assert surname(statement) == "Hege"
    assert statement.kind == "direct"


def test_title_in_title_case_is_no_statement() -> None:
    text = (
        "Self-made millionaire Grant Sabatier suggests having 25 times your annual expenses saved or invested. "
        "In his book “Financial Freedom: A Proven Path to All the Money You Will Ever Need,” Sabatier shares "
        "the formula he used to calculate his target number."
    )
    assert [s.cue for s in extract(text)] == ["suggests"]


def test_bare_verb_after_an_opening_phrase_is_an_instruction() -> None:
    text = (
        "The band will tour next year.\n\n"
        "According to LN, expect to hear a wide range of the veteran band’s hits on the 2020 outing, "
        "including “Listen To The Music,” “Takin’ It To The Streets,” “Long Train Running,” “Black Water,” "
        "“What A Fool Believes” and “China Grove.”"
    )
    assert all(s.cue != "expect" for s in extract(text))


def test_continued_and_read_cue_a_quotation_beside_them() -> None:
    text = (
        "“We were shocked to see her statements,” the company said in a statement.\n\n"
        "“The truth is, she owes our company millions,” the statement continued."
    )
    statement = only(extract(text), "owes our company")
    assert statement.cue == "continued"
    assert statement.kind == "direct"


def test_name_after_coordinated_titles_speaks() -> None:
    text = (
        "“Our third quarter results reflected broad-based growth across our business,” chairman, CEO and "
        "president Craig Menear said in the earnings release."
    )
    assert surname(only(extract(text), "broad-based growth")) == "Menear"


def test_person_referred_to_by_age() -> None:
    text = (
        "Jose Mourinho has agreed a deal to replace Mauricio Pochettino as manager. "
        "The Portuguese coach had been out of work since December.\n\n"
        "The 56-year-old said after his appointment: “I am excited to be joining a club with such a heritage.”"
    )
    assert only(extract(text), "excited").speaker == "Jose Mourinho"


# -- constructions added for unseen text ---------------------------------------------------------------------------


def test_passive_accusation_is_the_of_phrase() -> None:
    statements = extract(
        "The ruling party was accused on Wednesday of misleading voters about the budget. "
        "Governor Alan Price is accused by critics of raising taxes and of ignoring the floods."
    )
    charge = only(statements, "misleading voters")
    assert charge.quote == "misleading voters about the budget"
    assert charge.kind == "indirect" and charge.speaker is None
    assert only(statements, "raising taxes").quote == "raising taxes and of ignoring the floods"


def test_agent_of_a_passive_cue_speaks() -> None:
    statement = only(extract("It was reported by Reuters that the talks had collapsed."), "collapsed")
    assert statement.speaker == "Reuters"


def test_relative_pronoun_subject_is_its_antecedent() -> None:
    statement = only(extract("The claim was repeated by Senator Mary Collins, who said the deal was dead."), "dead")
    assert surname(statement) == "Collins"


def test_according_to_inside_the_subject_keeps_the_whole_clause() -> None:
    statement = only(extract("One of the guards, according to court records, had worked three double shifts."),
                     "double shifts")
    assert statement.quote.startswith("One of the guards")
    assert statement.cue == "according to"


def test_told_the_paper_that_read_as_a_relative_clause() -> None:
    statement = only(extract("Shop owner Dana Ruiz tells the paper that she chased the thief down the street."),
                     "chased")
    assert statement.quote == "she chased the thief down the street"
    assert surname(statement) == "Ruiz"


def test_quote_introduced_after_the_cue_and_its_addressee() -> None:
    text = "Mayor Lena Ortiz spoke last. Then she urged residents, “Stay home tonight and keep off the roads.”"
    statement = only(extract(text), "Stay home")
    assert statement.kind == "direct" and surname(statement) == "Ortiz"


def test_quote_introduced_by_the_paragraph_before() -> None:
    text = "Acme Corp. said in a statement:\n\n“We are cooperating fully with the investigators.”"
    statement = only(extract(text), "cooperating")
    assert statement.speaker is not None and "Acme" in statement.speaker


def test_speaker_label_before_a_colon() -> None:
    text = "Senator Mary Collins opened the hearing.\n\nCollins: “We will get to the bottom of this.”"
    assert surname(only(extract(text), "bottom of this")) == "Collins"


def test_quotation_running_back_from_its_named_last_paragraph() -> None:
    text = ("“The conduct we heard about today is not normal. It is not acceptable.\n\n"
            "“And it must not be ignored,” Senator Mary Collins said.")
    statements = extract(text)
    assert surname(only(statements, "not normal")) == "Collins"
    assert surname(only(statements, "not be ignored")) == "Collins"


def test_believe_counts_only_for_a_named_holder_with_a_that_clause() -> None:
    statements = extract("Amnesty International published a report. The organization believes that the real toll is "
                         "far higher. Many people believe that prices will fall.")
    assert only(statements, "real toll").speaker == "Amnesty International"
    assert not [s for s in statements if "prices will fall" in s.quote]


def test_calls_for_and_asks_for_are_requests_of_someone() -> None:
    statements = extract("Senator Mary Collins called for an inquiry into the prison system. A lawyer for the family "
                         "asked for the case to be reopened. The plan calls for three new bridges.")
    assert surname(only(statements, "inquiry")) == "Collins"
    assert only(statements, "case to be reopened").speaker is None
    assert not [s for s in statements if "bridges" in s.quote]


def test_described_as_is_a_statement() -> None:
    statement = only(extract("Party chairman Tom Hale described the edited video as harmless satire."), "satire")
    assert statement.quote == "the edited video as harmless satire"


def test_reported_with_an_object_needs_a_source() -> None:
    statements = extract("State media have reported only a handful of deaths in the city. "
                         "About 900,000 adults reported a gambling problem last year. "
                         "Acme Corp. reported a loss of $3 million on revenue of $8 million.")
    assert only(statements, "handful of deaths").speaker is None
    assert not [s for s in statements if "gambling" in s.quote or "loss of" in s.quote]


def test_claim_noun_with_a_possessive_pronoun() -> None:
    text = "Mayor Lena Ortiz is under fire for failing to keep her promise that the bridge would reopen in May."
    assert surname(only(extract(text), "bridge would reopen")) == "Ortiz"


def test_asked_participle_does_not_make_the_subject_ask() -> None:
    statements = extract('Asked whether he would resign, Governor Alan Price said: "Not today."')
    assert not [s for s in statements if "resign" in s.quote]
    assert surname(only(statements, "Not today")) == "Price"


def test_comparison_participle_is_no_cue() -> None:
    statement = only(extract("Prices rose faster than expected last month, Finance Minister Jane Roe said."),
                     "Prices rose")
    assert statement.quote == "Prices rose faster than expected last month"


def test_prosecutors_speak_for_the_prosecuting_office() -> None:
    text = ("The U.S. Attorney's Office for the Northern District of Ohio charged the man. "
            "He had a loaded rifle at his home, prosecutors said.")
    statement = only(extract(text), "loaded rifle")
    assert statement.speaker is not None and "Attorney" in statement.speaker


def test_definite_description_refers_to_the_person_just_named() -> None:
    text = ("Dana Ruiz did not expect the senator at the meeting. "
            "The real estate agent said she was impressed by his plan.")
    assert surname(only(extract(text), "impressed")) == "Ruiz"


def test_owned_title_is_not_another_holder_of_the_title() -> None:
    text = ("The president's lawyer Rudy Vance met the committee. Later, Tim Morrison's lawyer said the question "
            "was outside the scope of the hearing.")
    assert only(extract(text), "outside the scope").speaker is None


def test_reported_clause_parsed_across_a_paragraph_break() -> None:
    text = ("“It is a good plan, but it is not enough,” she said.\n\n"
            "Jeff Sanborn, president of a design agency, said he thought the campaign was meant to shock.")
    assert surname(only(extract(text), "meant to shock")) == "Sanborn"


def test_evidence_and_theories_do_not_speak_but_polls_do() -> None:
    statements = extract("His death was shadowed by theories suggesting he had been murdered. Images of the casings "
                         "indicate that live rounds were used. New polls suggest that voters are tired.")
    assert [s.quote for s in statements] == ["voters are tired"]


def test_refusal_noun_silences_the_cue() -> None:
    assert extract("His refusal to say which side he would back was met with laughter.") == []


def test_subordinate_clause_is_no_inverted_report() -> None:
    statements = extract("The clip was cut to show him failing to answer, when, in fact, he responded quickly.")
    assert statements == []


def test_coordinated_infinitive_stays_in_the_urged_object() -> None:
    statement = only(extract("Lawmakers are urging new rules to combat fraud or regulate the way ads are sold."),
                     "combat fraud")
    assert statement.quote.endswith("the way ads are sold")


def test_quotation_signed_with_a_dash_and_a_name() -> None:
    statement = only(extract("“We will win this fight.” — Senator Mary Collins\n\nThe vote is on Friday."), "win")
    assert statement.kind == "direct" and surname(statement) == "Collins"


def test_not_inside_the_quotation_does_not_negate_its_cue() -> None:
    text = "Senator Mary Collins lost the vote. “Absolutely not,” Collins responded when asked if she would concede."
    assert surname(only(extract(text), "Absolutely not")) == "Collins"


def test_quotation_after_a_sentence_about_a_person_is_theirs() -> None:
    text = ("Kurt Volker testified on Tuesday.\n\nSenator Mary Collins disagreed with him. "
            "\"It is a disaster for every family in the state.\"")
    assert surname(only(extract(text), "disaster")) == "Collins"


def test_a_company_reporting_its_accounts_is_no_statement() -> None:
    assert extract("Acme was sold last year. But the company also reported long-term debt of $700 million.") == []


def test_document_issued_by_an_actor_speaks_for_it_but_one_obtained_does_not() -> None:
    statements = extract("Amnesty International published a report. At least 106 protesters have been killed, "
                         "according to reports received by Amnesty. A memo obtained by CNN said the plan failed.")
    assert only(statements, "106 protesters").speaker == "Amnesty International"
    assert only(statements, "plan failed").speaker is None


def test_background_relative_clause_after_a_name_is_the_writer_s() -> None:
    text = ("Governor Alan Price's office said he would attend a meeting of the Republican Governors Association, "
            "which gave $5 million to his campaign.")
    statement = only(extract(text), "attend a meeting")
    assert statement.quote.endswith("Republican Governors Association")


# -- what one article costs ----------------------------------------------------------------------------------------


def test_an_article_reads_its_speakers_and_quotations_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements and events share one speaker resolver (it reads every pronoun and title of the article, the
    larger part of both extractors' cost) and one reading of the quotations (actors, statements, events)."""
    from etl.analyze import analyze_doc
    from etl.analyze.speakers import SpeakerResolver

    built: list[SpeakerResolver] = []
    build = SpeakerResolver.__init__

    def counted(self: SpeakerResolver, *args: object) -> None:
        built.append(self)
        build(self, *args)

    monkeypatch.setattr(SpeakerResolver, "__init__", counted)
    text = ('Prime Minister Ana Duarte met President Paul Kane in Lisbon on Monday. "We signed a treaty on fishing '
            'rights," she told reporters. He said the two countries would hold talks on trade next month.')
    find_quote_spans.cache_clear()
    document = analyze_doc(parse_text(text), doc_id="one-article")
    assert [s.speaker for s in document.statements if s.kind == "direct"] == ["Ana Duarte"]
    assert document.events
    assert len(built) == 1
    assert find_quote_spans.cache_info().misses == 1


def test_the_news_organization_is_the_outlet_cited_before() -> None:
    found = extract("Stocks fell after CNBC reported that the mood in Beijing was pessimistic. The news organization, "
                    "citing an official, said talks had stalled.")
    assert [(s.speaker, s.quote) for s in found][-1] == ("CNBC", "talks had stalled")

