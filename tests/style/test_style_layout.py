"""Layout that names an outlet, not a writer, is folded away before anything is counted."""

from __future__ import annotations

from audit.style.features import document_features
from audit.style.text import fold
from audit.text.prose import prose_spans

BODY = (
    "The Senate passed the bill on Tuesday after a long debate over its cost. Supporters said "
    "it would help farmers in dry years. Opponents said the price was too high for a state "
    "that already runs a deficit, and promised to try again next session."
)


def test_datelines_bylines_and_agency_tags_are_blanked_in_place():
    for opening in (
        "WASHINGTON (Reuters) - ",
        "NEW YORK \u2014 ",
        "(CNN) ",
        "LONDON, March 3 (AP) - ",
    ):
        text = opening + BODY
        folded = fold(text)
        assert len(folded) == len(text) and folded.strip() == BODY
    bylined = "By Ana Ruiz and Tom Lee\n" + BODY
    assert fold(bylined).strip() == BODY


def test_ordinary_sentences_keep_their_words():
    for text in ("The FBI - which declined to comment - said nothing.", "I - for one - agree."):
        assert fold(text) == text


def test_features_do_not_depend_on_quotes_or_datelines():
    plain = 'She said: "It\'s done." ' + BODY
    dressed = "WASHINGTON (Reuters) - She said: \u201cIt\u2019s done.\u201d " + BODY
    assert document_features(plain, prose_spans(plain)[0]) == document_features(
        dressed, prose_spans(dressed)[0]
    )


def test_a_heading_is_not_a_training_sentence():
    text = "A Heading Without a Stop\nThe first sentence. The second one."
    assert [text[a:b] for a, b in prose_spans(text)[0]] == [
        "The first sentence.",
        "The second one.",
    ]
