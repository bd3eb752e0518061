"""estimate_style: abstains honestly, orders clear cases sensibly, scores every sentence."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from audit.models.load import load_models
from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.style import MIN_WORDS, StyleEstimate, estimate_style
from audit.style.counts import count_text, count_texts
from audit.style.estimate import estimate_counted
from audit.style.features import type_stats
from audit.style.model import MODEL_FEATURES, load_model, shipped
from audit.style.wordinfo import COL, Vocabulary
from audit.text.prose import prose_spans
from audit.text.segment import make_document


def run(text: str) -> StyleEstimate:
    return estimate_style(text, prose_spans(text)[0])


def test_short_text_abstains_with_reason():
    text = "The council met on Monday. It approved the budget."
    result = run(text)
    assert result.probability is None
    assert result.reason == f"too short: 9 words (minimum {MIN_WORDS})"
    assert result.sentence_scores == () and result.top_features == ()


def test_no_sentences_abstains():
    assert estimate_style("anything", []).reason == "no sentences"


def test_non_prose_abstains():
    table = " ".join(f"Item{i} Red Blue Green Total" for i in range(30))
    result = estimate_style(table, [(0, len(table))])
    assert result.probability is None
    assert result.reason.startswith("does not read as English prose")


def test_machine_like_paragraph_scores_above_terse_news(machine_like, human_news):
    machine, human = run(machine_like), run(human_news)
    assert machine.probability is not None and human.probability is not None
    assert machine.probability > 0.8
    assert human.probability < 0.3
    assert machine.probability > human.probability


def test_top_features_and_sentence_scores_shape(machine_like):
    spans = prose_spans(machine_like)[0]
    result = estimate_style(machine_like, spans)
    assert len(result.top_features) == 5
    assert all(name in MODEL_FEATURES for name, _ in result.top_features)
    sizes = [abs(c) for _, c in result.top_features]
    assert sizes == sorted(sizes, reverse=True)
    assert len(result.sentence_scores) == len(spans)
    assert all(0 <= s <= 1 and math.isfinite(s) for s in result.sentence_scores)
    # Each window of this uniformly machine-like paragraph reads as machine-like too.
    assert min(result.sentence_scores) > 0.5


def test_sentence_scores_follow_the_text(machine_like, human_news):
    text = human_news + " " + machine_like
    result = run(text)
    n_human = len(prose_spans(human_news)[0])
    scores = result.sentence_scores
    assert max(scores[: n_human - 1]) < min(scores[n_human + 1 :])


def test_spans_are_offsets_into_the_original_text(machine_like):
    padded = "HEADLINE\n\n" + machine_like
    spans = [(a + 10, b + 10) for a, b in prose_spans(machine_like)[0]]
    assert run(machine_like).probability == estimate_style(padded, spans).probability


def test_a_page_of_lists_abstains(machine_like):
    result = estimate_style(machine_like, prose_spans(machine_like)[0], list_share=0.7)
    assert result.probability is None and result.reason.startswith("mostly lists or tables")


def test_a_text_far_from_every_training_text_abstains(machine_like):
    narrow = replace(load_model(), max_distance=0.01)
    result = estimate_style(machine_like, prose_spans(machine_like)[0], narrow)
    assert result.probability is None and result.reason.startswith("outside the training texts")


def test_a_batch_of_texts_is_estimated_as_each_text_alone(machine_like, human_news):
    """The audit counts and estimates a batch of articles together: no text's counts or
    scores may depend on the others in its batch."""
    texts = [human_news, "The council met on Monday.", machine_like, "", human_news]
    spans = [prose_spans(text)[0] for text in texts]
    together = count_texts(texts, spans, Vocabulary.shipped())
    model = shipped()
    for text, found, counted, estimate in zip(
        texts, spans, together, estimate_counted(together, [0.0] * len(texts), model), strict=True
    ):
        alone = count_text(text, found, Vocabulary.shipped())
        assert np.array_equal(counted.matrix, alone.matrix)
        assert counted.chunks == alone.chunks
        assert type_stats(counted.types) == type_stats(alone.types)
        assert estimate == estimate_style(text, found, model)


def test_each_run_keeps_its_own_ngram_memo_and_estimates_alike(machine_like, human_news):
    """The n-gram model's per-chunk memo lives in the word table of the run that counted the
    text, not in the shared model: two runs learn separately and estimate the same."""
    model = shipped()
    first, second = Vocabulary.shipped(), Vocabulary.shipped()
    spans = prose_spans(machine_like)[0]
    in_first = estimate_style(machine_like, spans, model, vocabulary=first)
    counted = count_text(machine_like, spans, Vocabulary.shipped())
    assert set(first.memo(model.ngrams)) == set(counted.chunks)
    assert not second.memo(model.ngrams)  # the other run has read nothing yet
    assert estimate_style(machine_like, spans, model, vocabulary=second) == in_first
    assert estimate_style(machine_like, spans, model) == in_first  # a memo for the call only
    assert first.memo(load_model().ngrams) == {}  # another model's digits start afresh


def test_two_auditors_share_no_style_memo_and_give_equal_results(machine_like):
    auditors = [Auditor(load_registry(), models=load_models()) for _ in range(2)]
    results = [a.audit(make_document(machine_like, id="one")) for a in auditors]
    memos = [a.models.vocabulary.memo(a.models.style.ngrams) for a in auditors]
    assert memos[0] and memos[0] is not memos[1] and memos[0] == memos[1]
    assert results[0].style == results[1].style and results[0].style.probability is not None
    assert [f.rule for f in results[0].findings] == [f.rule for f in results[1].findings]


def test_the_evidence_is_the_probability_weighed_by_the_words_of_body_prose(machine_like):
    spans = prose_spans(machine_like)[0]
    result = estimate_style(machine_like, spans)
    counts = count_text(machine_like, spans, Vocabulary.shipped())
    words = counts.matrix[:, COL["words"]].sum()
    assert result.evidence == shipped().evidence(result.probability, words)
    assert run("The council met on Monday. It approved the budget.").evidence is None
