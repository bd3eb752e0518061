"""The AI-style estimate behind ``ai_probability``: `estimate_counted` for a batch of counted
texts (the audit's model stage), `estimate_style` for one text."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.style.counts import SCOL, Counts, count_text
from audit.style.features import Summed, stacked_rows
from audit.style.model import CHATTER_FEATURE, StyleModel, shipped
from audit.style.ngrams import ChunkDigits
from audit.style.wordinfo import COL, Vocabulary

# Below this many words the estimate is too noisy to report. Chosen from the cross-validated
# AUC on texts cut to a word budget (see docs/ai-style-model.md, "Short texts").
MIN_WORDS = 80

# English news prose is 30-50 % function words (lowest in the training data: 18 %, a sports
# report full of names); far below that the text is a list, a table or another language, and
# a model trained on English news prose has nothing to say.
MIN_FUNCTION_WORD_RATE = 0.1

# Lists, tables and fragments are not prose: when they hold most of the words, abstain.
MAX_LIST_SHARE = 0.5

TOP_FEATURES = 5


@dataclass(frozen=True)
class StyleEstimate:
    """``probability``: estimated chance the prose is machine-written (None = abstained).
    ``reason``: why it abstained. ``top_features``: (feature, signed contribution to the
    log-odds), the five largest by magnitude. ``sentence_scores``: one 0-1 machine-likeness
    score per input sentence, from the same model applied to the window of that sentence and
    its neighbours (one each side); empty when abstaining. ``prior``: the share of machine
    text the probability is calibrated at (the model's training mix). ``evidence``: the
    probability weighed by the amount of text (StyleModel.evidence), what AIS001 compares
    with the threshold.
    """

    probability: float | None
    reason: str | None
    top_features: tuple[tuple[str, float], ...]
    sentence_scores: tuple[float, ...]
    prior: float | None = None
    evidence: float | None = None


def estimate_style(
    text: str,
    sentences: Sequence[tuple[int, int]],
    model: StyleModel | None = None,
    list_share: float = 0.0,
    vocabulary: Vocabulary | None = None,
) -> StyleEstimate:
    """Estimate whether the prose in ``text`` is machine-written.

    ``sentences`` are (start, end) character spans into ``text`` of the article's body
    sentences, in reading order; the caller segments. ``model``: the shipped one by default.
    ``list_share``: the share of the article's words in list items and table-like short
    lines, which the caller leaves out of ``sentences``; over MAX_LIST_SHARE it abstains.
    ``vocabulary``: the word table to count with (an auditor passes its own; by default a
    fresh one, which reads the syllable table: pass one to estimate many texts).
    """
    vocabulary = vocabulary or Vocabulary.shipped()
    counts = count_text(text, sentences, vocabulary)
    return estimate_counted([counts], [list_share], model or shipped(), vocabulary)[0]


def estimate_counted(
    counts: Sequence[Counts],
    list_shares: Sequence[float],
    model: StyleModel,
    vocabulary: Vocabulary | None = None,
) -> list[StyleEstimate]:
    """`estimate_style` of each of a batch of texts from their counts (counts.count_texts over
    their body sentences), as the audit's model stage estimates a batch of articles: the texts
    the model does not abstain on are estimated together (`_estimates`). The n-gram model
    reads each distinct chunk once: once per batch, or once per run when the ``vocabulary``
    the texts were counted with is given (it keeps the memo for its run)."""
    memo = {} if vocabulary is None else vocabulary.memo(model.ngrams)
    out = [_abstained(c, share, model) for c, share in zip(counts, list_shares, strict=True)]
    chosen = [k for k, estimate in enumerate(out) if estimate is None]
    if chosen:
        estimates = _estimates([counts[k] for k in chosen], model, memo)
        for k, estimate in zip(chosen, estimates, strict=True):
            out[k] = estimate
    return out


def _abstained(counts: Counts, list_share: float, model: StyleModel) -> StyleEstimate | None:
    """The estimate of a text the model has nothing to say about (no sentences, mostly lists,
    too short, not English prose), or None."""
    if not len(counts.matrix):
        return StyleEstimate(None, "no sentences", (), ())
    reason = list_reason(list_share) or abstain_reason(counts.matrix.sum(axis=0), model)
    return None if reason is None else StyleEstimate(None, reason, (), ())


def _estimates(
    counts: Sequence[Counts], model: StyleModel, memo: ChunkDigits
) -> list[StyleEstimate]:
    """The estimates of a batch of texts, each with sentences, from one pass over the feature
    rows of all their documents and sentence windows (features.stacked_rows)."""
    summed = Summed.of([c.matrix for c in counts])
    first, sizes = summed.documents, np.diff(summed.starts)
    scores = model.ngrams.batch_scores([(c.chunks, c.chunk_ends.tolist()) for c in counts], memo)
    features = stacked_rows(summed, [c.types for c in counts])
    rows = np.column_stack([features, np.repeat(np.array(scores), sizes, axis=0)])
    chatter = chatter_rows(summed, model)
    probs = model.predict_proba(rows, chatter, first)
    words = summed.rows[:, COL["words"]]
    probs = np.where(words == 0, probs[summed.owners()], probs)  # a window with no words
    names = (*model.names, CHATTER_FEATURE)
    contrib = np.column_stack(
        [model.contributions(rows[first]), model.chatter_weight * chatter[first]]
    )
    order = np.argsort(-np.abs(contrib), axis=1)[:, :TOP_FEATURES].tolist()
    evidence = model.evidence(probs[first], words[first]).tolist()
    out = []
    for k, (start, end) in enumerate(itertools.pairwise(summed.starts.tolist())):
        reason = distance_reason(rows[start], model)
        if reason is not None:
            out.append(StyleEstimate(None, reason, (), ()))
            continue
        top = tuple((names[i], round(float(contrib[k, i]), 4)) for i in order[k])
        out.append(
            StyleEstimate(
                probability=float(probs[start]),
                reason=None,
                top_features=top,
                sentence_scores=tuple(probs[start + 1 : end].tolist()),
                prior=model.prior,
                evidence=evidence[k],
            )
        )
    return out


def chatter_rows(summed: Summed, model: StyleModel) -> np.ndarray:
    """1 for each document and sentence window of `summed` that holds assistant chatter; all 0
    when the model gives chatter no weight."""
    if not model.chatter_weight:
        return np.zeros(len(summed.rows))
    return (summed.rows[:, SCOL["assistant_chatter"]] > 0).astype(float)


def list_reason(list_share: float) -> str | None:
    """Why the model abstains on a text whose words are mostly in lists or tables, or None."""
    if list_share > MAX_LIST_SHARE:
        return f"mostly lists or tables: {list_share:.0%} of the words"
    return None


def abstain_reason(
    totals: np.ndarray, model: StyleModel, row: np.ndarray | None = None
) -> str | None:
    """Why the model has nothing to say about a text, or None: too short, not English prose,
    or (given its feature ``row``) far outside the texts the model was trained on.
    ``totals``: the column sums of the text's Counts matrix."""
    words = int(totals[COL["words"]])
    if words < MIN_WORDS:
        return f"too short: {words} words (minimum {MIN_WORDS})"
    fw_rate = totals[COL["fw_any"]] / words
    if fw_rate < MIN_FUNCTION_WORD_RATE:
        return f"does not read as English prose: {fw_rate:.0%} function words"
    return None if row is None else distance_reason(row, model)


def distance_reason(row: np.ndarray, model: StyleModel) -> str | None:
    """Why the model has nothing to say about a text whose feature ``row`` lies far outside
    the texts it was trained on, or None."""
    distance = model.distance(row)
    if distance > model.max_distance:
        return (
            f"outside the training texts: feature distance {distance:.1f} "
            f"(limit {model.max_distance:.1f})"
        )
    return None
