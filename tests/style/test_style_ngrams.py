"""Function-word n-grams: topic-free symbols, and a numpy scorer equal to scikit-learn's."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from audit.style import train as T
from audit.style.model import load_model
from audit.style.ngrams import NgramModel, after_opening, symbols
from audit.text.prose import prose_spans


def syms(text: str) -> list[str]:
    return symbols(text, [(0, len(text))])


def test_symbols_keep_function_words_and_punctuation_and_hide_topic():
    text = 'The police said: "We will act quickly." Officials counted 34 cases in Leeds.'
    assert syms(text) == [
        "the", "w", "said", ":", '"', "we", "will", "w", "wly", ".", '"',
        "C", "wed", "D", "ws", "in", "C", ".",
    ]  # fmt: skip


def test_symbols_are_the_same_for_any_topic_or_name():
    one = syms("Mr Smith visited the school in Leeds on Monday.")
    two = syms("Ms Jones opened the park in Cardiff on Friday.")
    assert one == two


def test_symbols_fold_typography_and_follow_the_spans():
    text = "\u201cNo,\u201d she said. Ignored text."
    assert symbols(text, [(0, 15)]) == ['"', "no", ",", '"', "she", "said", "."]


def test_suffix_needs_a_stem():
    assert syms("sing singing red tested") == ["w", "wing", "w", "wed"]


MODEL = NgramModel.from_dict(
    {"vocabulary": ["the", "the C", "C"], "idf": [1, 2, 1], "coef": [1, -1, 0.5], "intercept": 0.1}
)


def test_score_is_tfidf_dot_weights():
    # the x2, C x2, "the C" x2; "C the" is not in the vocabulary. Equal sublinear tf cancels
    # in the L2 norm, leaving the idf vector (1, 2, 1).
    expected = (1 * 1 - 1 * 2 + 0.5 * 1) / math.sqrt(6) + 0.1
    assert MODEL.log_odds(["the", "C", "the", "C"]) == pytest.approx(expected)


def test_unknown_symbols_break_ngrams_without_colliding():
    # "the" and "C" count, "the ?" and "? C" match nothing (not the unigram "C" either).
    expected = (1 + 0.5) / math.sqrt(2) + 0.1
    assert MODEL.log_odds(["the", "zzz", "C"]) == pytest.approx(expected)


def test_text_without_vocabulary_scores_the_intercept():
    assert MODEL.log_odds([]) == 0.1
    assert MODEL.log_odds(["zzz", "yyy"]) == 0.1


def test_trained_ngram_model_matches_sklearn():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(7)
    alphabet = ["the", "a", "C", "w", "wed", ",", ".", "said", "of"]
    docs = [[rng.choice(alphabet[: 5 + i % 4]) for _ in range(40)] for i in range(60)]
    y = np.array([i % 2 for i in range(60)])
    model = NgramModel.from_dict(T._fit_ngrams(docs, y))
    vectorizer = TfidfVectorizer(
        analyzer=T._grams, min_df=T.NGRAM_MIN_DF, max_features=T.NGRAM_VOCABULARY, sublinear_tf=True
    )
    lr = LogisticRegression(C=T.NGRAM_C, max_iter=5000).fit(vectorizer.fit_transform(docs), y)
    expected = lr.decision_function(vectorizer.transform(docs))
    got = [model.log_odds(d) for d in docs]
    assert np.allclose(got, expected, atol=1e-4)


def test_shipped_ngram_model_reads_generated_grammar_as_machine(machine_like, human_news):
    ngrams = load_model().ngrams
    machine = ngrams.log_odds(symbols(machine_like, prose_spans(machine_like)[0], ngrams.common))
    human = ngrams.log_odds(symbols(human_news, prose_spans(human_news)[0], ngrams.common))
    assert machine > 0 > human


def test_text_scoring_equals_symbol_scoring(aitext_rows):
    ngrams = load_model().ngrams
    for row in aitext_rows[:50]:
        spans = prose_spans(row["text"])[0]
        expected = ngrams.log_odds(symbols(row["text"], spans, ngrams.common))
        assert ngrams.text_scores(row["text"], spans)[0] == pytest.approx(expected, abs=1e-12)


def test_text_scores_are_the_whole_text_and_the_text_after_its_opening(aitext_rows):
    ngrams = load_model().ngrams
    for row in aitext_rows[:50]:
        spans = prose_spans(row["text"])[0]
        whole, rest = ngrams.text_scores(row["text"], spans)
        expected = ngrams.log_odds(symbols(row["text"], spans, ngrams.common))
        assert whole == pytest.approx(expected, abs=1e-12)
        after = ngrams.log_odds(symbols(row["text"], after_opening(spans), ngrams.common))
        assert rest == pytest.approx(after, abs=1e-12)


def test_after_opening_drops_the_first_sentence_unless_it_is_the_only_one():
    assert after_opening([(0, 5), (6, 10)]) == [(6, 10)]
    assert after_opening([(0, 5)]) == [(0, 5)]
