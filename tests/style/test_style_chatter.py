"""Assistant chatter: a reply to a prompt, an AI speaking of itself, an offer to revise, only
where an assistant puts them and never inside quotation marks; a fixed weight in the model."""

from __future__ import annotations

import math
from dataclasses import replace

from audit.style import estimate_style
from audit.style.chatter import chatter_sentences
from audit.style.model import CHATTER_FEATURE, load_model
from audit.style.text import fold
from audit.text.prose import prose_spans

STORY = (
    "The council voted 6-3 on Tuesday to raise water rates 9 percent from July. Bills for a "
    "typical house go from $58 to $63 a month. Three members voted no. The city says the money "
    "pays for replacing 4,100 lead pipes by 2031. A second rise of 7 percent follows in 2027. "
    "Residents packed the chamber until midnight; 47 spoke, most against. The mayor signed the "
    "measure on Wednesday morning, and opponents plan a petition to force a public vote."
)


def found(text: str) -> list[int]:
    return chatter_sentences(fold(text), prose_spans(text)[0])


def test_a_reply_naming_the_prompt_opens_the_text():
    assert found("Here is a 300-word news article based on the headline you gave: " + STORY) == [0]
    assert found("Sure! Here's a news story about the vote. " + STORY) == [0]
    assert found("Write a news article about the water rates. " + STORY) == [0]


def test_a_writer_introducing_a_story_is_not_a_reply():
    assert found("Here is the story of how the vote was won. " + STORY) == []
    assert found(STORY + " Here is a 300-word summary based on the minutes.") == []  # not opening


def test_an_offer_to_revise_counts_only_at_the_end():
    offer = "Let me know if you'd like me to adjust the tone."
    assert found(STORY + " " + offer) == [len(prose_spans(STORY)[0])]
    assert found(offer + " " + STORY) == []
    assert found(STORY + " Let me know if you've ever paid that much.") == []


def test_an_ai_speaking_of_itself_counts_unless_quoted():
    assert found(STORY + " As an AI language model, I cannot predict the vote.") != []
    quoted = STORY + ' The bot replied: "As an AI language model, I cannot predict the vote."'
    assert found(quoted) == []
    assert found(STORY + " As a language model, the system predicts words.") == []


def test_the_model_adds_its_fixed_weight_to_a_text_with_chatter():
    text = "Here is a 300-word news article based on the headline you gave: " + STORY
    spans = prose_spans(text)[0]
    weighted = replace(load_model(), chatter_weight=5.0)
    plain = replace(weighted, chatter_weight=0.0)
    with_chatter = estimate_style(text, spans, weighted)
    without = estimate_style(text, spans, plain)
    odds = [p / (1 - p) for p in (with_chatter.probability, without.probability)]
    assert math.isclose(odds[0] / odds[1], math.exp(5.0), rel_tol=1e-6)
    assert with_chatter.top_features[0] == (CHATTER_FEATURE, 5.0)
    assert with_chatter.sentence_scores[0] > without.sentence_scores[0]  # its window too
    assert with_chatter.sentence_scores[-1] == without.sentence_scores[-1]  # not far from it
    clean = estimate_style(STORY, prose_spans(STORY)[0], weighted)
    assert clean.probability == estimate_style(STORY, prose_spans(STORY)[0], plain).probability
