"""Check-worthy claims and who stands behind them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.features.attribution import profile
from audit.features.claims import (
    _SHARE,
    DENSE_NAMES,
    _has_link,
    _photo_credit,
    _specific,
    claims,
    dense_row,
    evidence,
    verdict,
)
from audit.features.sentence_words import fold_word
from audit.text.segment import make_document


def found(registry, text):
    return registry.select(["UNS006"]).engine().run(make_document(text))


def test_a_factual_claim_with_no_source_is_unsupported(registry):
    text = "The strike has cost the port $40 million and closed three warehouses."
    result = found(registry, text)
    assert [f.text for f in result] == [text]
    assert "support found: none" in result[0].message


def test_a_claim_resting_on_experts_say_is_unsupported_too(registry):
    result = found(
        registry, "Experts say unemployment in the region doubled between 2019 and 2023."
    )
    assert result and "only a vague source" in result[0].message


def test_a_named_source_supports_the_claim(registry):
    text = "The strike has cost the port $40 million, according to port director Sam Okafor."
    assert not found(registry, text)
    assert [c.attribution for c in claims(make_document(text))] == ["named"]


def test_the_verdict_names_the_gate_that_spares_a_claim_and_the_evidence_it_weighed():
    def verdicts(text: str) -> list:
        doc = make_document(text)
        return [verdict(doc, claim) for claim in claims(doc)]

    (reported,) = verdicts("The strike has cost the port $40 million and closed three warehouses.")
    assert reported.spared_by is None and "a toll or cost" in reported.signs
    (sourced,) = verdicts(
        "The strike has cost the port $40 million, according to port director Sam Okafor."
    )
    assert sourced.spared_by == "a source as read in its paragraph"
    (plain,) = verdicts("The council approved a budget of $12 million for the new library.")
    assert plain.spared_by == "evidence weight under 1" and plain.weight < 1


def test_opinions_and_promises_are_not_check_worthy():
    doc = make_document("We should all be proud of this town and what it can become.")
    assert claims(doc) == ()


def test_a_quoted_named_source_is_labelled_named_quote():
    text = '"Ships are waiting off the coast," said Maria Okafor, president of Local 14.'
    labels = [a.label for a in profile(make_document(text)).attributions]
    assert labels == ["named_quote"]


def test_attribution_kinds_stay_what_scoring_counts():
    text = "Maria Okafor said the vote was close."
    attribution = profile(make_document(text)).attributions[0]
    assert attribution.kind == "named" and attribution.label == "named"


def signs(text):
    """The claim signs of one sentence, its words folded as the model folds them."""
    words = [fold_word(w) for w in text.lower().rstrip("?.").split()]
    return dict(zip(DENSE_NAMES, dense_row(words, text), strict=True))


def test_a_word_on_two_claim_lists_counts_on_both():
    row = signs("Costs doubled in 2020.")
    assert row["number_words"] == row["comparisons"] == 1 / 4  # "doubled" is on both lists
    assert row["quantity_words"] == row["figures"] == 1 / 4
    assert row["years"] == 1.0 and row["past_marks"] == 1 / 4 and row["names"] == 0.0


def test_past_events_count_once_per_mark():
    assert signs("Taxes have been raised twice.")["past_marks"] == 2 / 5  # "have been", "raised"
    assert signs("She was well-informed.")["past_marks"] == 2 / 3  # "was", "informed"
    assert signs("He needs red tape.")["past_marks"] == 0.0


def test_promises_and_questions_show_in_the_claim_signs():
    promise = signs("I think we will cut taxes.")
    assert promise["opinion_phrases"] == 2 / 6  # "i think", "we will"
    assert promise["first_person"] == 2 / 6 and promise["future_words"] == 1 / 6
    question = signs("Will you join us?")
    assert question["question"] == 1.0 and question["second_person"] == 1 / 4


def test_a_publishers_note_is_not_a_claim(registry):
    note = (
        "Disclaimer: This report was produced with automated tools and reviewed by 3 editors. "
        "Figures for 2024 were revised in March."
    )
    about_the_page = "This story was updated on March 3, 2024 to correct the vote count."
    assert not found(registry, note)
    assert not found(registry, about_the_page)


def test_a_paragraph_that_only_starts_like_a_note_is_still_read(registry):
    text = "Note-taking apps doubled their sales to 40 million copies in 2023."
    assert [f.text for f in found(registry, text)] == [text]


def test_a_claim_after_a_sentence_about_the_page_is_still_read(registry):
    text = (
        "This story was updated on March 3 to correct a date. "
        "The strike has cost the port $40 million and closed three warehouses."
    )
    assert [f.text for f in found(registry, text)] == [
        "The strike has cost the port $40 million and closed three warehouses."
    ]


def _unsupported(registry, text):
    return [
        text[f.start : f.end] for f in registry.select(["UNS006"]).engine().run(make_document(text))
    ]


def test_questions_the_writers_own_voice_and_plain_events_are_not_unsupported(registry):
    text = (
        "That's the million-dollar question, isn't it? One warehouse that I visited on "
        "Monday held 3,000 idle containers. The senator appeared on a morning show on Friday "
        "to discuss the strike. The bill could also be vetoed by the governor."
    )
    assert _unsupported(registry, text) == []


def test_a_specific_claim_with_only_a_vague_source_says_so(registry):
    text = "Officials say the strike has cost the port $40 million since March."
    [finding] = registry.select(["UNS006"]).engine().run(make_document(text))
    assert "only a vague source" in finding.message


def test_an_unsourced_figure_says_no_support_was_found(registry):
    text = "The strike has cost the port $40 million and closed three warehouses since March."
    [finding] = registry.select(["UNS006"]).engine().run(make_document(text))
    assert "support found: none" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # A table or list run into one sentence, and a link: page furniture.
        "WKLM Morning Hour 48.2 WKLM Nightly Desk 55.0 KTRB Early Report 62.9 KTRB Evening "
        "Desk 70.4 Harbor Post 58.1 Metro Wire 41.3 Valley Courier Times 67.5",
        "Send this story to a friend: https://www.example.com/story/news/2021/06/03/strike/",
        # Figures that name rather than count.
        "Many parish members were deeply hurt by the angry response to Prop 14.",
        "Kaepernick led the 49ers through the COVID-19 season as the 42nd starter.",
        # Election results and placings are public record.
        "With all precincts reporting, Haldane was in fifth place with 4.2% of the vote.",
        "Mr Brandt came in fourth with just 6.4 percent.",
        # A hypothetical or projection, figure or not.
        "Lawmakers would have to keep the 2.5 percent levy on rental income.",
        # What a public text provides, told from the text itself.
        "The bill also creates a trial scheme of $40 credits for renters.",
        # The story of a person the article follows, and what someone announced in public.
        "He was ordered to appear again on Monday, when 9 jurors and four alternates will be picked.",
        "Officially he was still on the 16-week parental leave the council gives its staff.",
        "Okafor faces anger from farmers after announcing tariffs of 15 percent on fertiliser.",
        "Married with two children, Hallam, 52, has kept a low profile since his defeat three "
        "years ago.",
        # A contact line is page furniture.
        "Call reporter Lena Ortiz at (555) 010-4477 or write to lortiz@example.com today.",
        # "Far from the only" is rhetoric, not a ranking.
        "The Ridge Fire is a disaster. But the early effects of the smoke are far from "
        "the only way it’s attacking Oregon.",
        # A photo caption, its credit in brackets.
        "(KXRV/Dana Pell) A 12-year-old was carried off on a stretcher during the rally.",
    ],
)
def test_sentences_with_nothing_a_reader_would_want_sourced(registry, text):
    assert _unsupported(registry, text) == []


def test_a_statistic_in_a_persons_story_is_still_reported(registry):
    text = "She was one of 40 percent of staffers who lost their jobs in the first year."
    assert _unsupported(registry, text) == [text]


def test_a_vague_source_alone_makes_nothing_specific(registry):
    # UNS001 reports the vague source; with nothing specific to check there is no claim finding.
    text = (
        "The cost of housing has been rising again. Some analysts worry it could fuel "
        "higher inflation."
    )
    assert _unsupported(registry, text) == []


def test_a_decade_is_a_date_not_a_figure(registry):
    text = "The bulk of the decline happened in the 1980s, well before the ban."
    assert _unsupported(registry, text) == []


def test_a_figure_stated_on_nobody_s_word_is_still_reported(registry):
    text = "Faith in the courts dipped below 35% after the ruling and has halved since."
    assert _unsupported(registry, text) == [text]


def test_a_batch_reads_each_sentences_signs_as_the_sentence_alone_would():
    from audit.features.claims import dense_rows

    texts = ["I think", "we should cut taxes in 2024.", "", "Rates rose 3 percent?", "Ann Lee"]
    units = [[fold_word(w) for w in text.lower().rstrip("?.").split()] for text in texts]
    together = dense_rows(units, texts)
    assert together.tolist() == [
        dense_row(unit, text) for unit, text in zip(units, texts, strict=True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A bare figure in an account of events: public record told as news.
        "The city council approved a $12 million budget for the new library on Tuesday.",
        "The Harbor Authority then purchased two cranes for $12 million.",
        # Background history.
        "In the 1950s, the port handled 3 million tons of freight a year.",
    ],
)
def test_a_check_worthy_figure_with_no_sign_of_the_writers_assertion_is_not_reported(
    registry, text
):
    assert claims(make_document(text))  # check-worthy and unsourced: only the evidence is missing
    assert _unsupported(registry, text) == []


def test_a_statistic_stated_as_fact_is_reported_with_its_evidence(registry):
    text = "About 40 percent of the county's households paid more than $2,000 a month in rent."
    [finding] = found(registry, text)
    assert "a statistic" in finding.message and "support found: none" in finding.message


def test_the_evidence_weighs_the_writers_assertion_against_an_account_of_events():
    assert evidence("Rents rose 14 percent last year, the fastest rise in the state.", "none") == (
        ("a statistic", "a ranking or record", "a trend"),
        4,
    )
    assert evidence("The Harbor Authority then purchased two cranes.", "none") == (
        ("a public act told as news",),
        -1,
    )
    signs, weight = evidence("The mayor's office reportedly paid $40,000 to settle.", "vague")
    assert signs == ("a vague source", "hearsay") and weight == 4
    # A lone capitalised first word names no actor.
    assert evidence("Rents then climbed.", "none") == (("a trend",), 1)


@pytest.mark.parametrize(
    "text",
    [
        "An estimated 12,000 people live in tents along the river.",
        "The county's homeless population, estimated at 4,000, has no shelter.",
        "The region's wolf population is roughly 700.",
        "The plant will add roughly 700 new jobs.",
        "The campaign collected approximately 225,000 signatures.",
    ],
)
def test_an_estimate_is_the_writers_assertion_of_someone_s_count(registry, text):
    assert evidence(text, "none") == (("an estimate",), 1)
    [finding] = found(registry, text)
    assert "an estimate" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "The prison is approximately 150 miles from the capital.",
        "The claims had been pending review for roughly 30 days.",
        "Prices rose roughly 4 percent.",
        # A figure counts as an estimate only when it counts something: not a measure.
        "The school is approximately 3 blocks from the train station downtown.",
        "The car was traveling at approximately 90 mph when it crashed into the wall.",
        "The meeting with the union ran roughly 2½ hours on Tuesday.",
        "The package that arrived at the office weighed roughly 20 pounds.",
        "The storm left roughly 3 inches of rain.",
        "It was roughly 40 degrees outside.",
        "The fire burned roughly 300 hectares.",
        "Support fell roughly 10 percentage points.",
    ],
)
def test_a_measure_a_span_of_time_or_a_share_is_no_estimate(text):
    assert "an estimate" not in evidence(text, "none")[0]


def test_a_month_or_a_season_of_a_year_before_2000_is_background_history():
    for text in (
        "The war ended in August 1945 with 2,403 sailors killed at the harbour years before.",
        "In the spring of 1871, typhus killed nearly 2,000 people in the port.",
    ):
        assert "background history" in evidence(text, "none")[0]
    assert (
        "background history" not in evidence("In August 2013, 1,400 people were killed.", "none")[0]
    )


# The checks' searches as single alternations: `_specific` and `_not_prose` split them and
# search a part only where it can match, which must find what the alternation finds.
_ONE_SPECIFIC = re.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent"
    r"|half|third|quarter|twice|double[sd]?|tripled?|majority|minority)\b"
    r"|\b(?:largest|biggest|highest|lowest|smallest|worst|best|most|least|first time"
    r"|(?<!not )(?<!from )the only|record|unprecedented|never|always|every|none)\b"
    r"|\b(?:because|caused|causes|led to|leads to|resulted in|due to|blamed|responsible for"
    r"|in order to|aimed at|sought to|seeks? to|tried to|plans? to|planning|intended|wanted to"
    r"|secretly|privately|behind closed doors)\b"
    r"|\b(?:reportedly|allegedly|apparently|supposedly|purportedly|is said to|are said to"
    r"|was said to|were said to|rumou?red|believed to)\b",
    re.IGNORECASE,
)
_ONE_LINK = re.compile(
    r"https?://|\bwww\.|\bpic\.twitter\.com/|\b[\w.+-]+@[\w-]+\.[\w.]+"
    r"|\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b"
)
_PIECES = st.sampled_from(
    [" ", "the only", "not the only", "Record", "records", "per cent", "3", "²", "(317) 444-6081",
     "317.444.6081", "www.", "x@y.org", "https://", "pic.twitter.com/", "led to", "seeks to",
     "ıs said to", "Twice", "doubles", "rumoured", "planning", "a", "-", ".", "\n"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=8).map("".join))
def test_a_sentence_is_specific_and_linked_exactly_when_the_single_searches_find_so(text):
    digits = bool(re.search(r"\d", text))
    assert _specific(text) == bool(_ONE_SPECIFIC.search(text))
    assert _has_link(text, digits) == bool(_ONE_LINK.search(text))


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("Hide Caption 5 of 18 Photos: Marchers gather near the site on Sunday.", True),
        ("Image caption One gate was pushed open.", True),
        ("(KXRV/Dana Pell) A 12-year-old was carried off on a stretcher.", True),
        # In prose the word is no label.
        ("The caption under the photo named the wrong town.", False),
    ],
)
def test_a_caption_is_known_by_its_label_or_credit(text, caption):
    assert _photo_credit(text, 0, len(text)) is caption


def test_what_a_body_publicly_agreed_to_is_public_record(registry):
    text = (
        "The strike ended in May.\n\nOn Tuesday night, a majority of the County Board agreed "
        "to cut the roads budget by 30 percent over four years.\n\nThe vote was close."
    )
    assert _unsupported(registry, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The river crested at a record 31 feet on Saturday.",
        "Hospitals have seen record numbers of patients this month.",
        "The previous record for the race, set in 2016, stood for four years.",
        "Jobless claims jumped to a record.",
        # Held or set, of a measure or with its figure, whoever owns it.
        "Bolt set a world record of 9.58 seconds in Berlin.",
        "It was a record the team still holds.",
        "The company's record profits drew a windfall tax.",
        "Its record harvest pushed grain prices down.",
        "Their record turnout surprised the organisers.",
        "The state's record heat wave closed schools.",
        "Texas's record drought cost farmers dearly.",
        "Rents rose 14 percent, the fastest rise in the state.",
        "It is the only state where the rule remains blocked.",
    ],
)
def test_a_superlative_or_a_record_that_ranks_is_a_ranking(text):
    assert "a ranking or record" in evidence(text, "none")[0]


@pytest.mark.parametrize(
    "text",
    [
        # A superlative that weighs an argument, not a count.
        "The biggest problem with the plan is not the money it costs.",
        "The only possible conclusion is that the cuts barely dent the deficit.",
        "For many of the tenants, the only way out has been to leave the city.",
        "The claim is hyperbolic at best, and misleading at worst.",
        "Planners prepared for worst-case scenarios with 4,000 beds.",
        # "The highest court" names a court.
        "He appealed the ruling to the state's highest court in 2021.",
        # "record" as a history, a document or a verb.
        "The challenger attacked the governor's record on housing.",
        "He had a clean criminal record and no record of violence.",
        "She touted her record as a council member for 12 years.",
        "The briefing was invite-only and off-the-record.",
        "Several senators were on record as opposing the bill.",
        "The record shows the payments continued for 18 months.",
        "The officer did not record the stop on his body camera.",
        # An archive's record, held or set aside, is a document.
        "The county clerk holds the record of every marriage since 1850.",
        "The archive set the record of the trial aside for 40 years.",
    ],
)
def test_a_superlative_that_judges_and_a_record_that_is_a_history_rank_nothing(text):
    assert "a ranking or record" not in evidence(text, "none")[0]


@pytest.mark.parametrize(
    "text",
    [
        # A scene the reporter saw.
        "Outside the courthouse, about 200 protesters chanted and waved signs. Police closed "
        "two blocks of Main Street for most of the afternoon.",
        # A schedule or a plan.
        "The vote is set for Thursday. The council will take up the $12 million budget at its "
        "next meeting on March 3.",
        # A quotation continued in the next paragraph, its speaker named before.
        "“We ran out of beds by noon,” said Maria Lopez, who runs the shelter.\n\n“By evening "
        "there were 80 people sleeping in the hallway. Half of them were children.”",
        # The source named in the sentence after.
        "The state auditor released a report on the agency on Monday. Spending on outside "
        "consultants rose 40 percent over three years. Most of the increase went to two "
        "firms, the report said.",
        # The source named in the sentence before.
        "Unemployment fell to 3.5 percent in September, the Labor Department said. Wages rose "
        "4.2 percent from a year earlier.",
        # An argument with a figure in it, which is an opinion of a public budget.
        "The mayor's budget is a giveaway to developers. It shifts $20 million from parks to "
        "road projects, and it does nothing for renters.",
        # A game's result, told as news.
        "The Warriors won 112-104 on Sunday.",
    ],
)
def test_what_the_guideline_says_needs_no_source_is_not_reported(registry, text):
    assert _unsupported(registry, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Dow Jones Industrial Average fell 912 points, or 3.7%, to settle at 23,416.05.",
        "Corvel shares gained 1.8% on Monday, while Dunstan shares rose 5.9%.",
        "Crude for March delivery rose 31 cents, or 0.6%, to settle at $61.27 a barrel.",
        "Year to date the Dow is down 18% and the Nasdaq is off 14%.",
        "Shares of Boeing fell 4.1% on Tuesday after the report.",
        "On Monday, U.S. stocks closed down 2 percent in thin trading.",
        "The S&P 500 dropped as much as 1.2 percent before recovering.",
        "The company’s stock gained 2.8% in Thursday’s session.",
        "The Dow Jones Industrial Average DJIA, +5.21% tumbled 912.40 points, or 3.7%, to settle at 23,416.05.",
        # "The stock" and "shares of the company" are a company's.
        "The stock fell 5% on Monday.",
        "The shares fell 5% in early trading.",
        "Shares of the company fell 4% on Tuesday.",
        "Shares of both companies fell 4% on Tuesday.",
        "Stocks of the biggest banks fell 4% on Tuesday.",
        # A cause named without a figure of its own is no second statistic.
        "Stocks fell 2% on Monday after the Fed raised interest rates.",
        "The Dow fell 500 points after the Fed raised rates by half a point.",
    ],
)
def test_a_markets_move_is_public_record(registry, text):
    assert _unsupported(registry, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # A stock or a yield that is no market's.
        "Cod stocks in the North Sea have fallen 90 percent since 1990.",
        "Blood stocks have dropped 25% since January, leaving hospitals short.",
        "Wheat yields dropped 40% because of the drought.",
        # The figure told after the move, in another clause.
        "While stocks rose, the unemployment rate doubled to 10 percent.",
        "Shares fell after the company admitted 30% of its loans had gone bad.",
        "Gold prices climbed as inflation hit 9 percent, the highest in 40 years.",
        # A cause given for the move.
        "Oil prices rose 10% because the war cut supplies by half.",
        # Shares of a population and a stock of goods, not a company's.
        "The company's stock of vaccines dropped 60% in a week.",
        "The shares of adults who trust the police have declined by 10 percentage points.",
    ],
)
def test_a_figure_that_is_no_markets_move_is_still_reported(registry, text):
    assert _unsupported(registry, text) != []


def test_a_statistic_beside_a_market_word_is_still_reported(registry):
    text = "Household incomes in the county fell 4 percent last year as stocks of housing ran low."
    [finding] = found(registry, text)
    assert "a statistic" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # A part of a period or of a measure.
        "The method was widely used in the second half of the century.",
        "The market runs for a third of a mile along the canal.",
        "He scored most of his goals in the first two-thirds of the season.",
        "She led for the final three-quarters of the race.",
        "The party held power for the latter majority of the decade.",
        # A rate a law or a bank sets.
        "The bank kept its benchmark rate unchanged and left mortgage rates alone.",
        "He wants to keep his lower marginal rates intact next year.",
        # A sum of money in a number of steps, and "times" with no figure.
        "The board looked at raising the wage to $9 in two phases.",
        "The White House has said several times as much in public.",
        # A stock quote run into the text after its ticker.
        "He signed a contract with Brantley BRNT, +0.37% in 2017.",
        "Corvel's CRVL, -0.42% stock slipped after the hearing.",
    ],
)
def test_a_part_of_a_period_a_set_rate_or_a_stock_quote_is_no_statistic(text):
    assert "a statistic" not in evidence(text, "none")[0]


# The guard on a part of a period as it read before it was built by _unless_after.
_PERIOD_PART_BEFORE = re.compile(
    r"(?<!\bfirst )(?<!\bsecond )(?<!\bthird )(?<!\bfourth )(?<!\blast )(?<!\bfinal )"
    r"(?<!\blatter )(?<!\bformer )(?:half|third|quarter|two-thirds|three-quarters|majority"
    r"|minority) of\b",
    re.IGNORECASE,
)


@given(
    st.sampled_from(
        [
            "the",
            "a",
            "first",
            "second",
            "third",
            "fourth",
            "last",
            "final",
            "latter",
            "former",
            "the first",
            "Last",
        ]
    ),
    st.sampled_from(
        [
            "half",
            "third",
            "quarter",
            "two-thirds",
            "three-quarters",
            "majority",
            "minority",
            "Majority",
            "Two-Thirds",
        ]
    ),
)
def test_every_part_of_a_whole_keeps_the_guard_on_a_part_of_a_period(before, part):
    text = f"They sat out {before} {part} of the votes."
    assert bool(_SHARE.search(text)) is bool(_PERIOD_PART_BEFORE.search(text))


@pytest.mark.parametrize(
    "text",
    [
        "Half of the county's renters paid more than $2,000 a month.",
        "Infection rates among nurses doubled in March.",
        "Black residents were 3.6 times as likely to be stopped.",
        "One in five adults in the state has no bank account.",
        "GDP grew in the US, +2.1%, and fell in the UK, -0.3%.",
        "Two-thirds of the county's renters paid more than $2,000 a month.",
        "Half of an hour's wage goes to rent in the city.",
        "A majority of voters in the first district backed the measure.",
    ],
)
def test_a_share_a_rate_or_a_ratio_is_a_statistic(text):
    assert "a statistic" in evidence(text, "none")[0]


@pytest.mark.parametrize(
    ("text", "trend"),
    [
        ("Prices rose 4 percent in May.", True),
        ("Sales fell for a third straight month.", True),
        ("The company grew 20 percent last year.", True),
        ("The candidate fell ill and left the memorial early in 2016.", False),
        ("The concert fell apart at the last moment before 3,000 fans.", False),
        ("She grew up in Ohio with four brothers.", False),
        ("He rose to power in 1979 and ruled for 24 years.", False),
        ("The mayor dropped out 3 weeks later, with $40,000 left to spend.", False),
        ("He doubled down on the claim in 3 interviews.", False),
        ("The crowd grew tired after 2 hours in the rain.", False),
        ("He fell back on 2 old talking points.", False),
        ("The old studio has fallen from grace since its 1990 hit.", False),
        ("Ticket sales fell short of the forecast by 12 percent.", True),
        ("The shortage grew worse by 3,000 beds in a year.", True),
        ("The number of candidates dropped to 12 in 2019.", True),
        ("Crime has fallen through the floor since 1990.", True),
        ("The deficit grew to $2 trillion.", True),
        ("Prices doubled in 2 years.", True),
        ("Prices fell back to $3 a gallon in 2019.", True),
    ],
)
def test_a_trend_is_a_change_in_a_quantity_not_an_idiom_of_its_verb(text, trend):
    assert ("a trend" in evidence(text, "none")[0]) is trend


@pytest.mark.parametrize(
    "text",
    [
        # "causes" as a noun, a cause made an adjective, a target, a question's idiom.
        "The union gave $80,000 to local candidates and causes.",
        "He gave $2 million to causes and candidates he supports.",
        "The missiles aimed at the building were fired from 40 km away.",
        "The causes of the 1997 slump are too numerous to cover in 600 words.",
        "He spent $3 million on local causes that matter to him.",
        "The fund gave $2 million to charities and causes like clean water.",
        "Human-caused warming of 1.1 degrees is settled science.",
        "At the rally, 3,000 people joined chants aimed at the governor.",
        "The 2019 tariffs were aimed at Beijing and its 40 ports.",
        "In 2019 a neighbour who wanted to know what happened knocked on her door 3 times.",
        # A stretch of time and a schedule.
        "In the three months leading to the vote, the county closed 45 polling places.",
        "The report was due to be published on Sunday, 3 days after the vote.",
        "The ferry has not sailed for 9 days, but it was due to start again on Monday.",
    ],
)
def test_a_word_shaped_like_a_cause_that_names_none_is_no_cause(text):
    assert "a cause or motive" not in evidence(text, "none")[0]


@pytest.mark.parametrize(
    "text",
    [
        "Smoking causes 40 percent of the cancers in the county.",
        "Lead in the water causes learning problems in 1 in 5 children there.",
        "The drug is cheap and causes liver damage in 2 of its trials.",
        "Summer heat causes it to fail 3 times a year.",
        "The leak caused $3 million in damage to 12 homes.",
        "The raid was aimed at silencing the paper's 12 reporters.",
        "The raid was aimed at further silencing the paper's 12 reporters.",
        "The fire--caused by faulty wiring--destroyed 3 homes on the block.",
        "Runoff from the farm causes at least 30 percent of the algae in the lake.",
        "In 2019 the company wanted to hide a $3 billion loss from its lenders.",
        "The plant closed due to close contact between 40 workers.",
        "The 2 mills closed due to end-of-year losses.",
        "A lockdown forced 40 shops to close, leading to 3,000 job losses.",
    ],
)
def test_a_cause_or_a_motive_stays_one_whatever_its_neighbours(registry, text):
    assert "a cause or motive" in evidence(text, "none")[0]
    assert [f.text for f in found(registry, text)] == [text]


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        ("Johnson, the state's highest-ranking Republican, spoke for 20 minutes.", False),
        ("The two highest ranking members of the board left in 2019.", False),
        ("By March 3, the city had seen the worst of the storm.", False),
        ("The senator is the highest-paid official in the state, at $240,000 a year.", True),
        ("The flooding was the worst in 40 years.", True),
        ("It was the worst flooding of the past 40 years.", True),
        ("The bridge is the most expensive in the state's history, at $3 billion.", True),
        ("Ohio has the second-most tollways in the region, 14 of them.", True),
        # "most" without "the" is still read: a share or a superlative all the same.
        ("Most hospitals in the state have closed their maternity wards since 2015.", True),
        ("This was the region's most dangerous in decades, with 40 fires.", True),
    ],
)
def test_a_rank_held_or_the_worst_of_something_is_no_ranking(text, ranking):
    assert ("a ranking or record" in evidence(text, "none")[0]) is ranking


@pytest.mark.parametrize(
    "text",
    [
        "The airport did not say why fees rose 40 percent last year.",
        "The city has not said why fees rose 40 percent last year.",
        "The city never said fees rose 40 percent last year, but they did.",
        "No one at the airport said fees rose 40 percent last year, but they did.",
        "Customers at the store said fees rose 40 percent last year.",
        "Residents of the city said fees rose 40 percent last year.",
        "The city's fees rose 40 percent last year.",
        "The city noted a 40 percent rise in complaints last year.",
    ],
)
def test_a_body_that_did_not_say_it_or_is_no_subject_leaves_the_claim_unsupported(registry, text):
    assert [f.text for f in found(registry, text)] == [text]


def test_a_body_named_by_a_common_noun_supports_the_claim(registry):
    assert not found(registry, "Landing fees rose 40 percent last year, the airport said.")


@pytest.mark.parametrize(
    "text",
    [
        "The payments were 7 percent of the total, the analysis found.",
        "A newspaper analysis covered 2016 to 2019.\n\nThe payments were 7 percent of the "
        "total, the analysis did not find.",
        "The county released its audit in May.\n\nSpending rose 40 percent, the audit's "
        "critics found.",
    ],
)
def test_a_document_not_introduced_negated_or_not_the_finder_leaves_the_claim(registry, text):
    reported = found(registry, text)
    assert [f.text for f in reported] == [text.split("\n\n")[-1]]


def test_a_document_introduced_before_supports_what_it_found(registry):
    text = "The county released its audit in May.\n\nSpending rose 40 percent, the audit shows."
    assert not found(registry, text)


@pytest.mark.parametrize(
    "text",
    [
        # A margin in a trial, a market or a test is no election result, nor a poll's lead.
        "The vaccine beat the placebo by 12 percentage points in the trial.",
        "Wages beat inflation by 2 percentage points last year.",
        "In 2012, the governor led her rival by 3.1 points in the polling average.",
        "The company beat forecasts by 40 percent last quarter.",
    ],
)
def test_a_margin_that_is_no_public_record_is_still_reported(registry, text):
    assert _unsupported(registry, text) == [text]


def test_a_poll_widgets_line_is_page_furniture_but_a_sentence_in_capitals_is_read(registry):
    text = (
        "Readers voted this week on whether the city should buy the riverside land for a new "
        "park, and the count closed on Friday evening after two days of voting. 3% (12 Votes) "
        "97% (410 Votes)"
    )
    doc = make_document(text)
    spared = {
        doc.text[c.sentence.start : c.sentence.end]: verdict(doc, c).spared_by for c in claims(doc)
    }
    assert spared["3% (12 Votes) 97% (410 Votes)"] == "a table, list or link, not a sentence"
    shouted = "THE STRIKE COST THE PORT $40 MILLION AND CLOSED THREE WAREHOUSES."
    assert _unsupported(registry, shouted) == [shouted]


@pytest.mark.parametrize(
    "text",
    [
        # A body that did not say it.
        "The insurer did not say the drug kills 40 percent of patients.",
        "The ministry declined to say why exports fell 30 percent last year.",
        "The company didn't confirm that profits rose 40 percent in 2022.",
    ],
)
def test_a_loose_reading_of_a_body_leaves_the_claim_unsupported(registry, text):
    assert [f.text for f in found(registry, text)] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "The insurer said the drug cut deaths 40 percent.",
        "A company spokesperson said fees rose 40 percent last year.",
        "The Department of Health said cases rose 40 percent last year.",
        "Officials at the company said profits fell 30 percent in 2022.",
        "Lawyers for the company said profits fell 30 percent in 2022.",
        "The state said fees rose 40 percent last year.",
        "Profits fell 30 percent in 2022, the company added.",
        "The company added that profits fell 30 percent in 2022.",
    ],
)
def test_a_body_or_its_people_that_said_it_support_the_claim(registry, text):
    assert not found(registry, text)
