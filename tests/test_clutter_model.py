"""The clutter line classifier: page chrome around an article, found with its reasons."""

from __future__ import annotations

import re

import numpy as np
import pytest

from audit.features.clutter_lines import FEATURE_NAMES, feature_matrix, line_content
from audit.features.clutter_model import REASONS, content_lines, verdicts
from audit.text.segment import make_document

ARTICLE = [
    "The city council approved the budget for next year on Monday night after a debate that "
    "lasted more than four hours, with seven members voting in favour and two against.",
    "The budget raises spending on road repairs by 12 percent and freezes hiring in most "
    "departments, according to the finance office, which presented the figures last week.",
    "Residents who spoke during the public hearing were divided, with several asking for more "
    "money for parks and libraries and others warning that taxes would rise again.",
    "Council member Dana Ruiz, who voted against the plan, said the city was putting off "
    "repairs to its water pipes for another year and would pay more for them later.",
    "The finance director, Omar Said, told the council that the city's reserves would stay "
    "above the level required by state law even after the new spending on roads.",
    "Work on the first roads is expected to begin in April, and the public works department "
    "will publish a list of the streets it plans to repave before the end of March.",
    "The mayor said she would approve the budget on Wednesday and that she expected the "
    "council to return to the question of water pipes when it meets again in the autumn.",
]
MENU = ["Sections", "Search", "Log In", "World", "Politics", "Business", "Tech"]
FOOTER = ["About Us", "Contact", "Careers", "Privacy", "Site Map", "Newsletters"]
PAGE = "\n".join([*MENU, "Council Approves Budget After Long Debate", *ARTICLE, *FOOTER])


def flagged(text, title=None):
    doc = make_document(text, title=title)
    return [text[v.start : v.end] for v in verdicts(doc)]


def test_menus_and_footers_around_the_article_are_clutter_and_its_prose_is_not():
    found = flagged(PAGE)
    assert set(MENU) | set(FOOTER) <= set(found)
    assert not set(ARTICLE) & set(found)


def test_a_page_of_prose_alone_has_no_clutter():
    assert flagged("\n".join(ARTICLE)) == []


def test_every_verdict_gives_reasons_a_reader_understands():
    doc = make_document(PAGE)
    for verdict in verdicts(doc):
        assert verdict.reasons and all(isinstance(r, str) for r in verdict.reasons)
        assert 0.0 <= verdict.probability <= 1.0


def test_the_documents_own_title_line_is_never_clutter():
    title = "Breaking: Council Approves Budget"
    text = title + "\n" + PAGE

    def first_line_flagged(**fields):
        return any(v.start == 0 for v in verdicts(make_document(text, **fields)))

    assert first_line_flagged()
    assert not first_line_flagged(title=title)


def test_the_title_below_the_menu_is_not_clutter_but_its_copy_in_the_footer_is():
    headline = "Council Approves Budget After Long Debate"  # PAGE prints it under the menu
    text = PAGE.replace("\n" + FOOTER[0], f"\n{headline}\n{FOOTER[0]}")
    first, copy = text.index(headline), text.rindex(headline)

    def flagged_copies(**fields):
        doc = make_document(text, **fields)
        return [v.start for v in verdicts(doc) if text[v.start : v.end] == headline]

    assert flagged_copies() == [first, copy]
    assert flagged_copies(title=headline) == [copy]


def test_a_short_draft_is_left_to_the_rules():
    assert flagged("Log In\n" + "\n".join(ARTICLE[:3])) == []


def test_lines_are_read_without_bullets_and_blank_lines():
    text = "  • Share\n\n- World\nThe council met.\n"
    doc = make_document(text)
    assert [text[s:e] for s, e in content_lines(doc)] == ["Share", "World", "The council met."]
    assert line_content("  • Share ") == "Share"


def test_the_feature_matrix_has_one_named_column_per_feature():
    rows = feature_matrix(MENU + ARTICLE)
    assert rows.shape == (len(MENU) + len(ARTICLE), len(FEATURE_NAMES))
    assert np.isfinite(rows).all()
    assert feature_matrix([]).shape == (0, len(FEATURE_NAMES))


def test_the_model_finding_keeps_a_rules_reason_where_a_rule_fires(registry):
    text = "Share\n" + PAGE
    found = registry.select(["CLT"]).engine().run(make_document(text))
    first = [f for f in found if f.start == 0]
    assert [f.rule for f in first] == ["CLT001"]
    assert any(f.rule == "CLT013" and f.text == "Sections" for f in found)


def column(rows, name):
    return rows[:, FEATURE_NAMES.index(name)]


def test_a_teaser_on_another_topic_shares_less_of_the_articles_vocabulary_than_its_prose():
    teaser = "Celebrity chef opens seaside restaurant with tasting menu of local oysters"
    rows = feature_matrix([*MENU, *ARTICLE, teaser, *FOOTER])
    shared = column(rows, "shares_main_vocabulary")
    body = shared[len(MENU) : len(MENU) + len(ARTICLE)]
    assert shared[len(MENU) + len(ARTICLE)] == 0.0
    assert body.mean() > 0.2 and (body > 0).all()


def test_a_readers_comment_is_told_by_its_first_person_voice():
    comment = "I really enjoyed this post and I think my own council should do the same."
    rows = feature_matrix([*ARTICLE, comment])
    voice = column(rows, "reader_voice")
    assert voice[-1] > 0.1
    assert not voice[: len(ARTICLE)].any()


LONG_CLUTTER = {
    "bio_like": [
        "Jane Okafor is a freelance science writer who covers climate and energy.",
        "I'm Philip, a certified strength coach, and I write about training for beginners.",
        "About the author: Sam Lee has covered city hall since 2015.",
    ],
    "small_print": [
        "This article is for informational purposes only and does not constitute legal advice.",
        "We may earn a commission when you buy through affiliate links on this page.",
        "The views expressed are the author's own and not those of the publisher.",
    ],
    "comment_like": [
        "Hi, thanks for this list, it helped me pick a course.",
        "Great article! I shared it with my whole team.",
        "Your overview of the rules was clearer than the council's own.",
    ],
}
LOOKALIKE_PROSE = [
    "The council's budget is a compromise that few of its members liked, the mayor said.",
    "The finance office said the figures were not final and could change in the spring.",
    "Great Britain's economy grew by 2 percent last year, the statistics office said.",
]


@pytest.mark.parametrize("feature", sorted(LONG_CLUTTER))
def test_long_clutter_that_reads_like_prose_is_told_from_the_articles_prose(feature):
    """Bios, small print and readers' comments are long lines of prose; their own words
    tell them apart from the article's sentences, including ones that look alike."""
    body = [*ARTICLE, *LOOKALIKE_PROSE]
    found = column(feature_matrix([*body, *LONG_CLUTTER[feature]]), feature)
    assert found[len(body) :].all()
    assert not found[: len(body)].any()


def test_every_feature_has_a_reason_a_reader_understands():
    assert set(REASONS) == set(FEATURE_NAMES)


def test_a_table_of_contents_echoes_the_sub_headings_of_the_main_text():
    headings = ["How the vote went", "What residents said"]
    body = [ARTICLE[0], headings[0], *ARTICLE[1:3], headings[1], *ARTICLE[3:]]
    rows = feature_matrix([*MENU, *headings, *body, *FOOTER])
    echoes = column(rows, "echoes_main_block")
    contents = len(MENU), len(MENU) + len(headings)
    assert echoes[contents[0] : contents[1]].all()
    assert not echoes[: contents[0]].any() and not echoes[-len(FOOTER) :].any()


def test_a_comment_under_a_name_and_a_date_is_told_by_the_date_above_it():
    comment = ARTICLE[0]
    rows = feature_matrix([*ARTICLE[1:], "Jan Novak", "March 3, 2021 at 7:34 pm", comment])
    dated = column(rows, "date_above")
    assert dated[-1] == 1.0
    assert not dated[: len(ARTICLE) - 1].any()


def test_teaser_lists_alternate_headlines_and_paragraphs_where_articles_do_not():
    teasers = []
    for i, paragraph in enumerate(ARTICLE[:4]):
        teasers += [f"Council news roundup part {i} for the week ahead", paragraph]
    rows = feature_matrix([*ARTICLE, *teasers])
    alternation = column(rows, "heading_alternation")
    summaries = column(rows, "between_headings")
    assert alternation[-4] > alternation[2] + 0.5
    assert summaries[-5] == 1.0 and not summaries[: len(ARTICLE)].any()


CLOSING = """Council approves harbour budget after long debate

By Lena Ortiz

The city council approved the harbour budget for next year on Monday night after a debate that lasted more than four hours.
Seven members voted in favour and two against the plan, which raises spending on road repairs by 12 percent.
The finance office presented the figures to the council last week and said the harbour fund would be empty by 2027.
Advertisement
Residents who spoke at the meeting were divided over the plan to close two ferry routes in the winter months.
"We depend on that boat to get to work," said Maria Okafor, who lives on the north shore of the bay.
The mayor said the routes would reopen in April and that buses would run in their place until then.
The vote came after months of talks.
It was the council's last meeting of the year.
"""


def test_an_articles_closing_sentences_are_not_clutter_but_the_byline_and_advert_are():
    found = flagged(CLOSING)
    assert "The vote came after months of talks." not in found
    assert "It was the council's last meeting of the year." not in found
    assert {"By Lena Ortiz", "Advertisement"} <= set(found)


def test_sentence_marks_are_counted_as_the_pattern_finds_them():
    r"""A line's sentence marks count where white space or the line's end follows, as
    re.findall(r"[.!?](?:\s|$)") counts them, whatever white space or mark stands there."""
    rng = np.random.default_rng(3)
    alphabet = [*"ab .!?,\t\x0b\x1c\x85\xa0\u2003\u3000\u200b\ud800", "...", "?!", ". ."]
    drawn = ["".join(rng.choice(alphabet, rng.integers(1, 12))) for _ in range(2000)]
    lines = [line for line in drawn if line_content(line)]
    counted = feature_matrix(lines)[:, FEATURE_NAMES.index("sentence_marks")]
    expected = [len(re.findall(r"[.!?](?:\s|$)", line_content(line))) for line in lines]
    assert counted.tolist() == expected
