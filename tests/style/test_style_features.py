"""Each feature function on small inline texts, with values worked out by hand."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest

from audit.style import features as F
from audit.style.counts import SCOL, SPARSE_FROM, count_text, sentence_sums
from audit.style.features import (
    document_features,
    feature_rows,
    function_word_profile,
    hapax_rate,
    paragraph_stats,
    punctuation_profile,
    sentence_length_stats,
    type_token_ratio,
)
from audit.style.text import fold
from audit.style.wordinfo import Vocabulary
from audit.text.prose import prose_sentences, prose_spans
from audit.text.segment import make_document


def doc(text: str) -> dict[str, float]:
    return document_features(text, prose_spans(text)[0])


def test_sentence_length_stats():
    mean, sd, burst = sentence_length_stats([10, 20, 30])
    assert mean == 20
    assert sd == pytest.approx(math.sqrt(200 / 3))
    assert burst == pytest.approx(math.sqrt(200 / 3) / 20)
    assert sentence_length_stats([12, 12, 12]) == (12, 0, 0)
    assert sentence_length_stats([]) == (0.0, 0.0, 0.0)


def test_type_token_ratio_and_hapax_short_text():
    tokens = ["The", "cat", "saw", "the", "dog"]  # case-folded: "the" twice
    assert type_token_ratio(tokens) == pytest.approx(4 / 5)
    assert hapax_rate(tokens) == pytest.approx(3 / 5)


def test_type_statistics_are_chunked():
    varied = [f"w{i}" for i in range(50)]
    repeated = ["same"] * 50
    # Two chunks of 50: all distinct (1.0), then one type (0.02); the mean is 0.51.
    assert type_token_ratio(varied + repeated) == pytest.approx(0.51)
    assert hapax_rate(varied + repeated) == pytest.approx(0.5)
    # A trailing partial chunk is ignored, so appending a few tokens changes nothing.
    assert type_token_ratio(varied + repeated + ["x", "y"]) == pytest.approx(0.51)


def test_function_word_profile():
    profile = function_word_profile(
        ["the", "cat", "and", "the", "dog", "said", "it", "was", "not", "there"]
    )
    assert profile["article"] == pytest.approx(2 / 10)
    assert profile["conj"] == pytest.approx(1 / 10)
    assert profile["pron3"] == pytest.approx(1 / 10)
    assert profile["aux"] == pytest.approx(1 / 10)
    assert profile["neg"] == pytest.approx(1 / 10)
    assert profile["pron1"] == 0


def test_punctuation_profile_counts_marks_per_word():
    text = 'He said: "Yes, no; maybe - fine (ok)?" At 14:55 -- done!'
    profile = punctuation_profile(text)
    words = len(
        ["He", "said", "Yes", "no", "maybe", "fine", "ok", "At", "done"]
    )  # numbers are not words
    assert profile["comma"] == pytest.approx(1 / words)
    assert profile["semicolon"] == pytest.approx(1 / words)
    assert profile["colon"] == pytest.approx(1 / words)  # "14:55" is not a colon
    assert profile["dash"] == pytest.approx(2 / words)  # " - " and "--"
    assert profile["paren"] == pytest.approx(1 / words)
    assert profile["quote"] == pytest.approx(2 / words)
    assert profile["question"] == pytest.approx(1 / words)
    assert profile["exclaim"] == pytest.approx(1 / words)


def test_hyphenated_words_are_not_dashes():
    assert punctuation_profile("A well-known 34-year-old man.")["dash"] == 0
    assert punctuation_profile("A man \u2014 and a dog.")["dash"] == pytest.approx(1 / 5)


def test_paragraph_stats():
    assert paragraph_stats("one two three\n\nfour five\n\n\nsix") == (
        3,
        pytest.approx(0.4082, abs=1e-4),
    )
    assert paragraph_stats("single paragraph only") == (1, 0.0)


def test_fold_keeps_offsets_and_drops_typography():
    text = "\u201cIt\u2019s fine\u201d \u2026 costs \u00c2\u00a3150"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == '"It\'s fine" . costs  \u00a3150'


def test_training_sentences_are_the_audits_prose_sentences():
    text = "Mr. Smith Arrives Late\nMr. Smith arrived at 10.30. He left early! Did he? Yes."
    doc = make_document(text)
    spans, share = prose_spans(text)
    assert spans == [(s.start, s.end) for s in prose_sentences(doc.structure)]
    assert [text[a:b] for a, b in spans] == [
        "Mr. Smith arrived at 10.30.",
        "He left early!",
        "Did he?",
        "Yes.",
    ]
    assert share == 0.0


def test_document_features_sentence_shape_and_reporting():
    text = 'The council said it would act. "We will," a spokesman told reporters. It did.'
    f = doc(text)
    # Tokens per sentence: 6, 6, 2.
    assert f["words_per_sentence"] == pytest.approx(14 / 3)
    assert f["short_sentence_rate"] == pytest.approx(1.0)
    assert f["reporting_rate"] == pytest.approx(2 / 14)  # said, told
    assert f["punct_quote"] == pytest.approx(2 / 14)
    assert f["quoted_share"] == pytest.approx(len('"We will,"') / (30 + 38 + 7))
    assert f["start_article_rate"] == pytest.approx(1 / 3)  # "The"
    assert f["start_pronoun_rate"] == pytest.approx(1 / 3)  # "It"


def test_lexicon_tells_are_counted():
    text = (
        "Moreover, the park plays a crucial role in the town. It is a vibrant hub, "
        "highlighting its enduring legacy. It is not only green but also busy."
    )
    counts = count_text(text, prose_spans(text)[0], Vocabulary.shipped())
    total = counts.matrix.sum(axis=0)
    assert total[SCOL["transition"]] == 1  # "Moreover," opens a sentence
    assert total[SCOL["wiki_phrase"]] == 2  # "plays a crucial role", "enduring legacy"
    assert total[SCOL["trailing_ing"]] == 1  # ", highlighting"
    assert total[SCOL["parallelism"]] == 1  # "not only ... but"
    f = doc(text)
    assert f["wiki_tell_rate"] > 0 and f["kobak_style_rate"] > 0


def test_assistant_artefacts_are_hard_tells():
    text = "Here is a 5 sentence news article based on the summary: **Town wins award** It won."
    assert doc(text)["hard_tells"] == pytest.approx(math.log1p(2))
    assert doc("Here is the thing about the vote. It was close.")["hard_tells"] == 0


def test_readability_matches_textstat_formula():
    text = "The cat sat on the mat. It was a sunny afternoon in the extraordinary garden."
    f = doc(text)
    # 15 words, 2 sentences, 24 syllables (CMUdict: "extraordinary" has 6, "afternoon" 3).
    assert f["syllables_per_word"] == pytest.approx(24 / 15)
    assert f["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 15 / 2 - 84.6 * 24 / 15)
    assert f["flesch_reading_ease"] == pytest.approx(63.8625)  # textstat's value for this text


def test_windows_cover_neighbours():
    text = "One two three. Four five six seven. Eight nine."
    counts = count_text(text, prose_spans(text)[0], Vocabulary.shipped())
    rows = feature_rows(counts)
    pos = F.FEATURE_NAMES.index("words_per_sentence")
    # Row 0 is the document; rows 1..3 are windows (0-1), (0-2), (1-2).
    assert rows[:, pos].tolist() == pytest.approx([3.0, 3.5, 3.0, 3.0])


def test_empty_sentences_are_harmless():
    text = "Words here. ... Words there too."
    spans = [(0, 11), (12, 15), (16, 32)]
    rows = feature_rows(count_text(text, spans, Vocabulary.shipped()))
    assert np.isfinite(rows).all()


def test_sentence_sums_are_exact_whatever_the_batch_size():
    rng = np.random.default_rng(7)
    # Whole numbers large enough that float32 running sums would round.
    rows = rng.integers(0, 1 << 22, (50, 3)).astype(np.float32)
    ids = rng.integers(0, len(rows), SPARSE_FROM + 1000)
    bounds = np.concatenate(([0], np.sort(rng.integers(0, len(ids), 300)), [len(ids)]))
    exact = [
        [sum(int(rows[chunk, column]) for chunk in ids[start:end]) for column in range(3)]
        for start, end in pairwise(bounds)
    ]
    expected = np.array(exact, dtype=np.float32)  # each exact sum, rounded once
    assert np.array_equal(sentence_sums(rows, ids, bounds), expected)  # the sparse product
    few = bounds[:40]  # fewer chunks than SPARSE_FROM: numpy alone
    assert few[-1] < SPARSE_FROM
    assert np.array_equal(sentence_sums(rows, ids[: few[-1]], few), expected[: len(few) - 1])
