"""Who stands behind a sentence: named, institutional, anonymous, vague or nobody."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from audit.features.attribution import (
    _TITLE_WORDS,
    _VERBS,
    _bounded_trie,
    _classify,
    _document_kind,
    _possible,
    _Subjects,
    _trie,
    profile,
)
from audit.text.segment import make_document


def kinds(text):
    return [a.kind for a in profile(make_document(text)).attributions]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Ukrainian President Volodymyr Zelensky said the talks were useful.", "named"),
        ('"We will not sign," said Maria Okafor, president of Local 14.', "named"),
        ("Maria Okafor, president of Local 14, told reporters the vote was close.", "named"),
        ("Kremlin spokesperson Dmitry Peskov reaffirmed the position on Friday.", "named"),
        (
            "A senior official, speaking on condition of anonymity, said the offer was strong.",
            "anonymous",
        ),
        ("UAE officials said their goal was a calm setting.", "institutional"),
        ("The ministry disclosed the figures in a filing on Tuesday.", "institutional"),
        ("Joe Cunningham and Mike Kelly announced Friday that they had tested positive.", "named"),
        ("Republicans say the bill goes too far.", "institutional"),
        ("A senior diplomat indicated that a second round was likely.", "anonymous"),
        ("The foreign ministry signalled a willingness to meet again.", "institutional"),
        ("Russian officials, meanwhile, described the talks as constructive.", "institutional"),
        ("Ahead of the talks, the Kremlin reiterated its demands.", "institutional"),
        ("Experts caution that the road to peace is long.", "vague"),
        ("Observers say the steps can build trust.", "vague"),
        ("The talks ended without agreement on Saturday.", "none"),
        ("The summit brought together the United States, Ukraine and Russia.", "none"),
        ("It raised, dare I say, a flicker of hope.", "none"),
    ],
)
def test_attribution_kind_of_a_sentence(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_surname_alone_is_named_once_the_full_name_was_seen():
    text = "Mayor Lena Ortiz said the plan was ready. According to Ortiz, work starts in May."
    assert kinds(text) == ["named", "named"]


def test_a_lone_word_is_a_person_only_when_the_article_names_one_so():
    text = (
        "Maria Okafor runs the port. Okafor has repeatedly said that the port will reopen. "
        "According to Okafor, work starts in May. "
        "BrewCastle said in a statement that it buys all the glass it can. "
        "Tesla reported a record quarter on Monday. "
        '"Orders are back," says Dunmore. '
        "Ahmed, 34, told reporters the shift ended late."
    )
    assert kinds(text) == [
        *("none", "named", "named"),  # a surname after the full name
        *("institutional", "institutional"),  # a company never given a first name
        *("named", "named"),  # an inverted verb's speaker; a first name with an age
    ]


def test_a_pronoun_inherits_the_previous_source():
    text = "Ministry spokesperson Olga Petrenko said the figures were early. She added that more would follow."
    assert kinds(text) == ["named", "named"]


def test_named_quotes_are_counted_as_positive_evidence():
    text = '"The focus was on realistic steps," President Anna Kovac wrote on Friday.'
    found = profile(make_document(text))
    assert found.named_quotes == 1 and found.has_named_source


def test_a_one_word_scare_quote_is_not_a_quotation():
    found = profile(make_document('The minister called the talks "constructive" on Friday.'))
    assert not any(a.quoted for a in found.attributions)


def test_a_reporting_verb_inside_a_quote_is_the_speakers_not_the_attribution():
    text = (
        "“We did not go looking for a buyer. We did it because the numbers told us to,” "
        "Helen Marchetti, the hospital's chief executive, said on Wednesday."
    )
    assert kinds(text) == ["none", "named"]  # the first sentence sits wholly inside the quote


def supports(text):
    return [a.support for a in profile(make_document(text)).attributions]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ('John Park, said: "We are pleased with the result."', "named"),
        ("According to a report by the state auditor, the agency overspent.", "institutional"),
        ("According to a report by researchers, the agency overspent.", "vague"),
        ("Officials say the bridge will close in May.", "vague"),
        ("The bridge will close in May, officials said.", "vague"),
        ("US officials said the talks went well.", "institutional"),
        ("Insiders reportedly say the deal is dead.", "vague"),
        ("Critics argue the plan costs too much.", "vague"),
        ("The firm reportedly lost $4 million.", "vague"),
        ("It is believed that the firm lost $4 million.", "vague"),
        ("Smith was accused of fraud in 2019.", "none"),
        ("According to Dr. Venkatesh, the pill works.", "named"),
        # A document named by its publisher, a modifier between them; capitals that only
        # describe a document name no publisher.
        (
            "CIVA's 30-month survey of Newsline put its guests at 87 percent male.",
            "institutional",
        ),
        ("According to Federal survey data, 12 percent of adults have some college.", "vague"),
        # Organisations whose names read like people's: "X of Y", a possessive, a post's credit.
        (
            "According to the National Association of Harbour Engineers, a review "
            "takes four years.",
            "institutional",
        ),
        (
            "Arrears are at 6.2%, according to the Tenant Lenders Association's survey.",
            "institutional",
        ),
        ("Show up on Friday! — SafeStreetsNow (@SSN24) March 9, 2021", "institutional"),
        ("Write to your council — CALRA (@calra) June 4, 2021", "institutional"),
        ("She's wrong! — Dana Pellworth (@SpeakUpDana) November 3, 2021", "named"),
        ("One of the coauthors, Tomas Ferrin, said the measure works.", "named"),
        ("Meanwhile, as ProPublica reported Saturday, workers felt pressured.", "institutional"),
        ("The transfers went through Swiss banks, The New York Times reported.", "institutional"),
        ("Halvorsen's aides say he always stressed border security.", "institutional"),
        (
            "Senior aides objected, according to several sources involved in the talks.",
            "anonymous",
        ),
        ("Just 14 harbours were deemed fully safe by the IMSB.", "institutional"),
        ("Around a quarter of adults (27%) said the coverage was poor.", "institutional"),
    ],
)
def test_the_kind_of_source_a_reader_would_name(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_quotation_continued_in_the_next_paragraph_keeps_its_speaker():
    text = (
        'Port director Sam Okafor spoke on Monday. "We lost three warehouses," Okafor said.\n\n'
        '"The strike has cost us $40 million since March. Nobody wins this."'
    )
    assert supports(text)[-2:] == ["named", "named"]


def test_he_added_and_the_sentence_beside_a_source_are_supported():
    text = (
        "Port director Sam Okafor said the strike was in its sixth week. He added that "
        "three warehouses had closed. The strike has cost the port $40 million."
    )
    assert supports(text) == ["named", "named", "named"]


def test_a_sentence_two_away_from_the_source_is_the_writers_again():
    text = (
        "Port director Sam Okafor said the strike was in its sixth week. Rail traffic fell. "
        "The strike has cost the port $40 million since 2019."
    )
    assert supports(text) == ["named", "named", "none"]


def test_a_transcript_speaker_label_names_the_paragraph():
    text = "RUTH HALLORAN: Professor, you wrote a book about this. It sold 40,000 copies."
    assert supports(text) == ["named", "named"]


def test_a_transcript_turn_runs_on_until_the_next_speaker_label():
    text = (
        "RUTH HALLORAN: What did the study find?\n\n"
        "JANE OKAFOR: It found that rents rose.\n\n"
        "Rents rose 40 percent in five years. Wages did not keep up.\n\n"
        "RUTH HALLORAN: Thank you."
    )
    assert supports(text) == ["named", "named", "named", "named", "named"]


def test_one_label_does_not_make_an_article_a_transcript():
    text = "UPDATE: The port reopened.\n\nThe strike cost the port $40 million in March."
    assert supports(text)[-1] == "none"


def test_a_paragraph_introduced_with_a_colon_is_its_speakers():
    text = (
        "Port director Sam Okafor wrote to the board:\n\n"
        "The strike has cost the port $40 million. Three warehouses have closed."
    )
    assert supports(text)[-2:] == ["named", "named"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A document named by its author or publisher is the sentence's source.
        ("Greenwood's article does not consider women's earnings.", "named"),
        ("The Air Quality Index was above 300 in Chico on Friday.", "institutional"),
        # A document the article introduced, as the subject or where the figures are found.
        (
            "The EIU published its index on Monday. In Africa, 23 countries included in the "
            "index saw their scores decline.",
            "institutional",
        ),
        # Not a document it names as the object of an act: "quash the indictment".
        (
            "The indictment was filed in June. The court will hear her bid to quash the "
            "indictment on Friday.",
            "none",
        ),
        # A poll's share after the article reports a poll.
        (
            "A Pew survey was published on Monday.\n\n71% of regular commuters trust local radio.",
            "institutional",
        ),
        # A possessive pronoun names no author; an election result is not a poll's share.
        ("Lupfer writes about religion. His website is run by a friend.", "none"),
        (
            "Polls closed at nine.\n\nMarlow won 58.4 percent of the votes in the primary.",
            "none",
        ),
        # A document nobody could find is vague.
        ("The scheme is modest: one estimate is $7 billion over 12 years.", "vague"),
        ("According to a recent study, just 14 percent wore safety helmets.", "vague"),
        ("According to a survey conducted by the CDC, guns kill 33,000.", "institutional"),
    ],
)
def test_a_document_stands_behind_what_it_reports(text, kind):
    assert kinds(text)[-1] == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "The best part was what she had to say about Lisbon.",
        "Who says that budgets have to be dull.",
    ],
)
def test_what_someone_said_as_a_topic_names_no_source(sentence):
    assert kinds(sentence) == ["none"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # A long relative clause between the speaker and the verb.
        (
            "Maria Delgado, whose hopes of overtaking Brandt were resting on a good showing in "
            "the northern counties, said in an interview that rivals would drop out.",
            "named",
        ),
        # The speaker after an inverted verb, not the clause before it.
        ("None of this would work without a patient crew, says Dunmore.", "named"),
        # One person described and not named.
        ("It can be exhausting, one nurse told interviewers in 2015.", "anonymous"),
        ("The soldiers wrote anonymously, saying they had signed statements.", "anonymous"),
        ("The message came from someone who said she was part of the crew.", "anonymous"),
    ],
)
def test_who_speaks_when_the_sentence_is_built_around_the_speaker(sentence, kind):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # An office holder not named is an institution's voice.
        (
            "A North Dakota State assemblyman has criticised the college for its reply.",
            "institutional",
        ),
        ("In her speech, the president cited the housing plan as a model.", "institutional"),
        # Verbs that put a source behind what it made public or asked for.
        (
            "CPJ and 190 partner groups have called on authorities to release the journalists.",
            "institutional",
        ),
        ("Maria Okafor listed the loan as an asset valued at $500,000.", "named"),
        ("The mayor's office released 41 pages of memos on Tuesday.", "institutional"),
        ("The agency discussed how dry weight should be calculated for hemp.", "institutional"),
        # The document a verb points to, with its publisher, outranks a vague subject.
        (
            "The doctors said in an open letter drafted by the Rural Clinics Project "
            "that closures cost lives.",
            "institutional",
        ),
        # The writer is nobody's source: "I will emphasize", "I'll report back".
        ("Specifically I will emphasize three proposals for the church.", "none"),
        ("I have notes on all of them, and I'll report back after the trip.", "none"),
    ],
)
def test_who_stands_behind_office_holders_public_acts_and_the_writer(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_capitalised_word_the_article_also_writes_in_lower_case_is_no_organisation():
    text = (
        "The strike was just the start, and that is the problem. Just released video shows "
        "the port closed. That said, the union met on Friday. Tesla said it would wait."
    )
    assert kinds(text) == ["none", "none", "none", "institutional"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # An act in the passive is no hearsay; "is said to" is.
        ("She was released to her family as part of a bail agreement.", "none"),
        ("Fans were told to go back to their seats before the match.", "none"),
        ("The countess is said to have killed more than 650 girls.", "vague"),
        # An adverb between does not hide the passive.
        ("Its house rules are also listed on the noticeboard.", "none"),
        ("The film premiered at Cannes and was eventually released in April 2019.", "none"),
        ("It is widely believed that the vote was rigged.", "vague"),
        # "to cite someone" is an act, not a citation.
        (
            "Voters passed an ordinance allowing officers to cite people for blocking streets.",
            "none",
        ),
    ],
)
def test_passive_acts_and_infinitives_name_no_source(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_heading_or_a_fact_checks_label_is_no_speakers_turn():
    text = (
        "ENDORSEMENT: Marlow has the experience\n\n"
        "NASH: The board faced a tough decision\n\n"
        "Most Republicans are not interested in a long resume this year.\n\n"
        "HALVORSEN: We have built more than 3 million homes.\n\n"
        "THE FACTS: The country has built far fewer homes than that.\n\n"
        "HALVORSEN: Nobody has done more.\n\n"
        "THE FACTS: Building per person trails a dozen countries."
    )
    assert supports(text)[2:] == ["none", "named", "none", "named", "none"]


def test_an_embedded_post_is_its_authors_to_the_credit_line():
    text = (
        "Police forces have regularly attacked journalists at protests. Often it has been "
        "reporters from small outlets. Now they attack corporate journalists too. — Jane "
        "Okafor (@janeokafor) May 31, 2020"
    )
    assert supports(text) == ["named", "named", "named"]


def test_a_question_lends_no_source_to_the_writers_answer():
    text = (
        "Is hope for a truce foolish, as some commentators have claimed? Perhaps so, since the "
        "talks have failed twice before."
    )
    assert supports(text) == ["vague", "none"]


GATED_WORDS = ["a", "report", "by", "the", "Census", "Bureau", "said", "reportedly", "unnamed",
               "source", "familiar", "with", "one", "study", "in", "this", "data", "ſtudy",
               "— Ann Lee (@annlee)", "“", "”", "ISSUED", "Smith's", "letter", "\n"]  # fmt: skip


@given(st.lists(st.lists(st.sampled_from(GATED_WORDS), max_size=14), min_size=1, max_size=6))
def test_searches_run_only_where_they_can_match_classify_every_sentence_as_all_searches_do(
    sentences,
):
    texts = [" ".join(words) for words in sentences]
    for text, possible in zip(texts, _possible(texts), strict=True):
        assert _classify(text, set(), possible) == _classify(text, set())
        assert _document_kind(text, "", 0, set(), possible) == _document_kind(text, "", 0, set())


SUBJECT_SENTENCES = [
    "Corker said the talks had failed.",
    "Sen. Bob Corker said the talks had failed.",
    "The Corkers said they would sue.",
    "Corker's aides said the talks had failed.",
    "“We will not sign,” said Darnell.",
    "Darnell said the plant would close.",
    "Maria Okafor told reporters the plant would close.",
    "Okafor told reporters the plant would close.",
    "Officials said the plant would close.",
    "The senator said the plant would close.",
    "He said the plant would close.",
    "Experts at the Association of Environmental Professionals said so.",
    "The plant will close, reports Wired.",
    "According to the city, the plant will close.",
]


@given(st.lists(st.sampled_from(SUBJECT_SENTENCES), min_size=1, max_size=8))
@example(SUBJECT_SENTENCES[:2] + SUBJECT_SENTENCES[:1] + SUBJECT_SENTENCES[2:4])
def test_subjects_read_once_an_article_give_every_sentence_the_kind_it_gets_alone(texts):
    """A profile reads each distinct subject of an article once (`_Subjects`), while the
    surnames it has named so far count at every sentence ("Corker said" before and after
    "Sen. Bob Corker said")."""
    people = frozenset({"Maria", "Okafor"})
    shared = _Subjects(people)
    surnames_shared: set[str] = set()
    surnames_fresh: set[str] = set()
    for text in texts:
        kind = _classify(text, surnames_shared, None, shared)
        assert kind == _classify(text, surnames_fresh, None, _Subjects(people))
        assert surnames_shared == surnames_fresh


def test_a_dotless_i_leaves_every_search_open():
    """`re` blind to case matches "ı" as "i", and casefold keeps it: a needed string such as
    "-in-" cannot be looked for in the folded text, so every search stays possible."""
    texts = ["The city ran a poll of residents in March.", "Two-\u0131n-three backed the plan."]
    assert all("share_of_group" in possible for possible in _possible(texts))


def test_a_sentence_is_searched_only_for_what_its_words_allow():
    plain, anonymous, documented = _possible(
        ["The port reopened.", "An unnamed official said so.", "A study by the agency found it."]
    )
    assert "anonymity" not in plain and "anonymity" in anonymous
    assert {"by_agent", "vague_document"}.isdisjoint(plain)
    assert "vague_document" in documented


_SOME_VERBS = ["said", "says", "say", "added", "adds", "add", "noted", "warn", "warned", "accuse"]


@given(
    st.lists(
        st.one_of(
            st.sampled_from([*_SOME_VERBS, "according to", "saying", "sayid", "Said", ",", "."]),
            st.text(max_size=5),
        ),
        max_size=30,
    )
)
def test_reporting_verbs_as_a_letter_trie_match_what_their_plain_alternation_matches(words):
    text = " ".join(words)
    plain = re.compile(rf"\b(?:{'|'.join(_VERBS)})\b")
    trie = re.compile(rf"\b(?:{_trie(_VERBS)})\b")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_letter_trie_factors_shared_beginnings():
    assert _trie(["say", "says", "said"]) == "sa(?:id|ys?)"
    assert _trie(["Mr.", "Mrs.", "Ms."]) == r"M(?:r(?:\.|s\.)|s\.)"
    with pytest.raises(ValueError, match="not a word"):
        _trie(["according to"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A verb of speech beside a quotation names its speaker, after or before it.
        ('Mayor Lena Ortiz took questions. "Why now?" Ortiz asked.', ["none", "named", "named"]),
        (
            'Lena Ortiz spoke last. She joked: "The budget is the only thing on time."',
            ["named", "named"],
        ),
        # Away from a quotation the same verb is an act, not a source.
        ("Mayor Lena Ortiz asked residents to stay home.", ["none"]),
    ],
)
def test_a_verb_of_speech_attributes_only_beside_a_quotation(text, expected):
    assert supports(text) == expected


def test_a_paragraph_introduced_without_a_reporting_verb_is_its_speakers():
    text = (
        "Leslie Ortiz, director of the Local 14 project, had the following response:\n\n"
        '"The strike has cost the port $40 million. Three warehouses have closed."\n\n'
        "Here is what Ortiz wrote:\n\n"
        "The union broke the agreement. Workers lost their pay.\n\n"
        "Here are some common phrases:\n\n"
        "Tax relief. Death tax."
    )
    assert supports(text) == [
        *("none", "named", "named"),
        *("none", "named", "named"),
        *("none", "none", "none"),  # a list is introduced, not a speaker's words
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Drafted by Marlow Finch, the law office representing the senator, the letter "
            "asked for a retraction.",
            "institutional",
        ),
        (
            "According to Yonder Labs Inc, a company that monitors online talk, rumours spread.",
            "institutional",
        ),
        ("Marlow Finch, a law firm in Tacoma, said the ad was misleading.", "institutional"),
        ("Anna Wendt, the bank spokesman, said that the rules were strict.", "named"),
        ("Anna Wendt, a spokesman for the firm, said that the rules were strict.", "named"),
    ],
)
def test_an_apposition_tells_an_organisation_from_a_person(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_persons_document_and_a_documents_authors_speak_as_their_owner():
    text = (
        "Lena Ortiz resigned on Monday. "
        '"Thank you for the years," her statement concluded. '
        "A study of 40 cities came out in May. "
        "Crime fell after the change, the study's authors wrote."
    )
    assert kinds(text) == ["none", "named", "none", "institutional"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # "Per" reads as "according to"; "per month" is no source.
        ("Sales fell 10 percent, per the company.", "institutional"),
        ("Rents rose $40 per month.", "none"),
        # A document its publisher's word describes names its publisher.
        ("According to a police report, the man was arrested at 5 p.m.", "institutional"),
        ("Spending rose 4 percent, a government report has revealed.", "institutional"),
        ("According to a recent study, the population rose 2 percent.", "vague"),
        # A document of a body named in lower case, by its possessive, is the body's.
        (
            "Crime rose 9 percent, according to the police department's annual report.",
            "institutional",
        ),
        ("“Arrests fell,” the department’s report said.", "institutional"),
        (
            "Thirty-one percent of respondents in the county's 2021 rider poll reported late buses.",
            "institutional",
        ),
        # ... and so are the people its poll asked.
        (
            "Thirty-one percent of riders in the county's 2021 rider poll reported feeling unsafe.",
            "institutional",
        ),
        (
            "According to a survey of residents in the city's annual poll, 40 percent felt unsafe.",
            "institutional",
        ),
        # ... but the people who read it are who they are.
        ("Experts who reviewed the city's data said crime had doubled since 2019.", "vague"),
        ("Critics who read the department's report said it hid $40 million in costs.", "vague"),
        ("Sources who have seen the city's records said the mayor knew.", "vague"),
        ("According to critics of the state's report, the figures were wrong.", "vague"),
        # Hearsay in the passive, with "it" or with the subject.
        ("It has been reported that the population rose 2 percent.", "vague"),
        ("The population is thought to have risen 2 percent.", "vague"),
        # An organisation's word, its people, and names that end as organisations' do.
        ("The population rose 2 percent, the nonprofit said.", "institutional"),
        ("Goldman Sachs analysts said the loss was temporary.", "institutional"),
        ("Analysts at Goldman Sachs said the loss was temporary.", "institutional"),
        ("Google’s researchers estimate the task would take 10,000 years.", "institutional"),
        # ... but a place's or a time's are no organisation's people.
        ("Texas's scientists warn that the aquifer has dropped 30 feet in a decade.", "vague"),
        ("Today's economists say the recession is over.", "vague"),
        ("Europe's scientists warn the glaciers will shrink by half by 2050.", "vague"),
        ("Britain's doctors say the waiting lists have doubled.", "none"),
        # A university or a company named as a place can be is still an organisation.
        ("Columbia's researchers said the drug reduced deaths by 30 percent.", "institutional"),
        ("Human Rights Watch said the army killed 40 civilians.", "institutional"),
        ("Amnesty International documented 40 killings.", "institutional"),
        ("The population rose 2 percent, scientists say.", "vague"),
        # A name written with accents is a name.
        ("“Prices rose in May,” says Fabián Núñez.", "named"),
    ],
)
def test_who_stands_behind_documents_organisations_and_hearsay(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_person_named_again_by_a_description_keeps_their_source():
    text = (
        "Ana Lopez teaches at the school. "
        "“The roof leaks,” the teacher said. "
        "“It has for years,” the 45-year-old added."
    )
    assert kinds(text) == ["none", "named", "named"]


def test_a_quotation_in_a_paragraph_that_names_its_speaker_without_a_verb_is_theirs():
    text = (
        "The city is quiet. “Nobody goes out at night,” a sign reads.\n\n"
        "Like many others, Tariq Mendel’s routine is gone. "
        "“Choir, the pool and my night shifts: none of it is possible for now.”"
    )
    # No one is named in the first paragraph; the second names the speaker of its quotation.
    assert supports(text) == ["none", "none", "none", "named"]


@given(
    st.lists(
        st.sampled_from(
            ["Dr.", "Mr.", "Sen.", "Senator", "chair", "CEO", "x", " ", "Ann", "Lee", "-", "."]
        ),
        max_size=12,
    )
)
def test_titles_opening_with_their_letters_match_what_a_word_boundary_first_matches(words):
    text = " ".join(words)
    plain = re.compile(rf"\b(?:{_trie(_TITLE_WORDS)})\s+")
    bounded = re.compile(rf"{_bounded_trie(_TITLE_WORDS)}\s+")
    assert [m.span() for m in bounded.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # A negated or coordinated passive names no source, whatever stands before it.
        ("Some users saw President Obama's name while others weren't told anything.", "none"),
        ("On the way there, Mark Smith was stopped and questioned by officials.", "none"),
        # A document the writer's own act names is no source.
        ("We shaded the table using the Marsh Coastal Risk Index.", "none"),
        ("The table uses the Marsh Coastal Risk Index.", "institutional"),
    ],
)
def test_the_passive_and_the_writers_own_acts_name_no_source(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_surname_with_a_capital_inside_is_a_persons_name():
    text = (
        "Kevin McCarthy runs the caucus. McCarthy said the vote was close. "
        "Betsy DeVos spoke next. DeVos said she backed the standards."
    )
    assert kinds(text) == ["none", "named", "none", "named"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("General Motors said sales fell.", "institutional"),
        ("Pfizer Laboratories said the trial ended.", "institutional"),
        # In lower case the same words are no organisation's name.
        ("The old motors reported a fault.", "none"),
    ],
)
def test_an_organisations_ending_counts_only_capitalised(sentence, kind):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # After an article or a possessive a verb's form is a noun or an adjective.
        ("There is no room for nuance in a tweet, and none in videos.", "none"),
        ("The reported deal fell through on Monday.", "none"),
        ("His claims were false.", "none"),
        # "her" before a form that is only a verb is the object pronoun, not a possessive.
        ("People close to her said the deal is dead.", "anonymous"),
        ("Her claims were false.", "none"),
        ("The public would have no say in what the company does.", "none"),
        # After a plural quantifier its -s form is a plural noun; a bare or past form is a verb.
        ("The decision by some states to give it legal force shows the extremes.", "none"),
        ("Some say the plan goes too far.", "vague"),
        # "say" set off by commas is "for instance"; "agree to" an act is no report.
        ("Suppose that the scale measures opinions about, say, taxes and schools.", "none"),
        ("Okafor agreed to honor the policy.", "none"),
        ("Experts agree that the plan goes too far.", "vague"),
    ],
)
def test_a_reporting_verbs_form_used_as_a_noun_or_an_act_reports_nothing(sentence, kind):
    assert kinds(sentence) == [kind]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("About 61,000 customers lost power, a Norvale spokesman said.", "institutional"),
        ("A spokeswoman for Amnesty International said the trial was unfair.", "institutional"),
        ("A spokesman said the plant was safe.", "anonymous"),
    ],
)
def test_an_organisations_spokesperson_speaks_for_it(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_nickname_in_quotation_marks_keeps_a_name_whole():
    text = (
        "“We had an hour’s warning,” Coastal Defence Command Admiral Peter “Pete” Lindqvist "
        "recalled at the hearing. According to Lindqvist, the fleet included 40 ships. "
        "Margaret “Meg” Aldous led the staff. According to Aldous, the talks were useful."
    )
    assert kinds(text) == ["named", "named", "none", "named"]


def test_he_after_an_organisations_spokesperson_is_the_spokesperson():
    text = "About 61,000 customers lost power, a Norvale spokesman said. Crews are out, he said."
    assert kinds(text) == ["institutional", "institutional"]


def test_an_office_named_again_is_its_holder_only_once_the_article_named_one():
    named = (
        "Sen. Paul Brennan spoke on Tuesday. The newly reelected senator said the vote was close."
    )
    unnamed = "Maria Okafor spoke on Tuesday. The senator said the vote was close."
    assert kinds(named) == ["none", "named"]
    assert kinds(unnamed) == ["none", "institutional"]


def test_a_run_of_capitals_ending_in_a_documents_name_is_no_person():
    text = "Data released by the Coastal Household Survey found that 27% of households own boats."
    assert kinds(text) == ["institutional"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The deal collapsed, reports the Washington Post.", "institutional"),
        ("Drug courts have closed, reports Wired, because arrests fell.", "institutional"),
        # "reports" before its verb, or after a determiner, is the noun.
        ("News reports say the deal collapsed.", "vague"),
        ("The reports were wrong about the deal.", "none"),
    ],
)
def test_reports_is_a_verb_only_inverted_after_a_comma(sentence, kind):
    assert kinds(sentence) == [kind]


def test_a_possessive_claim_that_reports_its_owners_words():
    text = "Denise Harlow stood by her claim that she was demoted for taking leave."
    assert kinds(text) == ["named"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jon Ossoff spoke first. The Democrat said the vote was close.", ["none", "named"]),
        (
            "Pierre Martin joined in 2017. Some came to fight, the Frenchman says.",
            ["none", "named"],
        ),
        # The party, plural, is an institution.
        ("The Democrats said the vote was close.", ["institutional"]),
    ],
)
def test_one_person_of_a_people_or_a_party_is_someone_met_before(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Columnist Rhea Donnelly posed a sharp question about the vote, writing, "
            "“If the council handles it badly, she will lose.”",
            ["named"],
        ),
        (
            "Marta Kellner spoke on Friday. The presumptive nominee also posted her first "
            "reaction on Twitter late Saturday, writing: “My heart goes out to the families.”",
            ["none", "named"],
        ),
        # Without a quotation opened after it, a participle is no report of its own.
        ("Egypt expelled three journalists, saying they lacked accreditation.", ["none"]),
    ],
)
def test_a_participle_of_speech_opening_a_quotation_is_its_subjects(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A source in lower case that the article identifies, or a person it describes.
        (
            "The move will save the brewer $150 million, according to the news release.",
            ["institutional"],
        ),
        ("At least 9 patients had died, according to the state.", ["institutional"]),
        ("He was told he did not qualify for release, according to his wife.", ["anonymous"]),
        ("Hallam sank 3 of 19 putts, according to a reporter who followed him.", ["anonymous"]),
        (
            "Maria Okafor joined in 2017. According to her bio, she chairs three boards.",
            ["none", "named"],
        ),
        # Nobody identified: left to the other readings ("workers" names no one a reader could ask).
        ("According to workers, new inmates kept arriving.", ["none"]),
        # "In keeping with", not a source.
        ("His positions shift according to his audience.", ["none"]),
        # A person described, not named, is anonymous, not an institution.
        ("The rent was raised twice, according to the landlord.", ["anonymous"]),
        ("He fled on foot, according to the suspect.", ["anonymous"]),
        # An institution or a document the noun of the phrase names.
        ("The rates rose, according to the water district.", ["institutional"]),
        ("Sales fell, according to the company's filings.", ["institutional"]),
        # What no reader could ask, however the word ends: nobody.
        ("Turnout hit 61 percent, according to the latest numbers.", ["none"]),
        ("Cases rose, according to the tracker.", ["none"]),
        ("The fund grew, according to the newsletter.", ["none"]),
        # A measure or a rule that something is in keeping with is no source.
        ("Fees are charged, according to the size of the order.", ["none"]),
        ("They were ranked (according to the number of votes) from first to last.", ["none"]),
        ("Fees vary, according to the distance traveled.", ["none"]),
        ("Players are paid differently, according to their position.", ["none"]),
        ("The order was reversed, according to the rules of the game.", ["none"]),
    ],
)
def test_according_to_names_its_source_even_in_lower_case(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Maria Okafor joined in 2017. Her bio says she chairs three boards.",
        "Maria Okafor spoke in 2017. Her prepared remarks said the plan had failed.",
        "Maria Okafor spoke in 2017. According to her prepared remarks, the plan had failed.",
    ],
)
def test_a_persons_own_document_is_theirs_as_subject_or_after_according_to(text):
    assert kinds(text) == ["none", "named"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A body named again by a common noun, as the head of its subject.
        ("Landing fees rose 40 percent, the airport said.", ["institutional"]),
        ("The city said the road would reopen in May.", ["institutional"]),
        ("The tax brought in $2 million, the county's finance office said.", ["institutional"]),
        ("Its parent airline said 300 flights were cancelled.", ["institutional"]),
        ("The show will move to Sundays, the network announced.", ["institutional"]),
        # Not the head of the subject: people of a place, a crowd at it, a place where.
        ("Residents of the city said fees rose 40 percent.", ["vague"]),
        ("No one at the airport said fees rose 40 percent.", ["none"]),
        ("Customers at the store said fees rose 40 percent.", ["none"]),
        ("In the city, fees rose 40 percent last year.", ["none"]),
        ("The city's fees rose 40 percent last year.", ["none"]),
        # A verb that is an act as often as words.
        ("The plant will add roughly 700 new jobs.", ["none"]),
        ("The state added 3,000 jobs in May.", ["none"]),
        # A negated verb: the body did not say it.
        ("The airport did not say why fees rose 40 percent.", ["none"]),
        ("The city has not said why fees rose 40 percent.", ["none"]),
        ("The city never said fees rose 40 percent.", ["none"]),
    ],
)
def test_a_body_named_by_a_common_noun_speaks_as_the_head_of_its_subject(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A document the article introduced, as the tag of what it found.
        (
            "A newspaper analysis covered 2016 to 2019. The payments were 7 percent of the "
            "total, the analysis found.",
            "institutional",
        ),
        (
            "The county released its audit in May. Spending rose 40 percent, the audit shows.",
            "institutional",
        ),
        # Not introduced, negated, indefinite, or not the document's own finding.
        ("The payments were 7 percent of the total, the analysis found.", "none"),
        (
            "A newspaper analysis covered 2016 to 2019. The payments were 7 percent of the "
            "total, the analysis did not find.",
            "none",
        ),
        (
            "The county released its audit in May. Spending rose 40 percent, the audit's "
            "critics found.",
            "none",
        ),
        (
            "A newspaper analysis covered 2016 to 2019. The payments were 7 percent of the "
            "total, a study found.",
            "vague",
        ),
    ],
)
def test_a_document_introduced_before_is_the_source_of_what_it_found(text, expected):
    assert kinds(text)[-1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Silence after a body's verb is no word of the body's; "said no", "said to" are words.
        ("The store said nothing, though prices rose 40 percent in a year.", "none"),
        ("The store said no one was hurt in the fire that destroyed 40 homes.", "institutional"),
        ("The museum said to reporters that 500 paintings were lost.", "institutional"),
        # A longer word that only opens with a document's name does not introduce it.
        (
            "Pollution in the valley is an old worry. Asthma cases doubled last year, "
            "the poll found.",
            "none",
        ),
        (
            "The paper ran two polls in May. Asthma cases doubled last year, the poll found.",
            "institutional",
        ),
        (
            "The firm was polling 2,000 voters in June. Support rose to 61 percent, the poll "
            "found.",
            "institutional",
        ),
        ("Pollen counts are high. Asthma cases doubled last year, the poll found.", "none"),
    ],
)
def test_silence_or_a_longer_word_is_no_source(text, expected):
    assert kinds(text)[-1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A body that did not say what follows is no source of it.
        ("The insurer did not say the drug kills 40 percent of patients.", ["none"]),
        ("The ministry declined to say why exports fell 30 percent.", ["none"]),
        ("The hospital has never said its wait times doubled.", ["none"]),
        ("The company didn't confirm that profits rose 40 percent.", ["none"]),
        ("The agency would not immediately confirm that fees rose 40 percent.", ["none"]),
        # Said, or no clause of what was said: the body is who the sentence is about.
        ("The insurer said the drug cut deaths 40 percent.", ["institutional"]),
        ("The ministry did not respond to requests for an interview.", ["institutional"]),
        # A person who would not say is still the person the sentence is about.
        ("Maria Okafor would not say why fees rose 40 percent.", ["named"]),
    ],
)
def test_a_body_that_did_not_say_it_is_no_source_of_what_follows(text, expected):
    assert kinds(text) == expected
