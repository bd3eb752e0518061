"""The AI-style estimate of an article, computed once, and its finding when the prose reads machine-written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from audit.rules.model import Hit, Rule
from audit.style.counts import Counts, count_texts
from audit.style.estimate import StyleEstimate, estimate_counted
from audit.style.model import StyleModel, shipped
from audit.style.wordinfo import Vocabulary
from audit.text.document import Document
from audit.text.prose import list_share, prose_sentences

_WINDOW = 1  # sentences either side of the most machine-like one


def style_of(doc: Document) -> StyleEstimate:
    """The estimate of the analysis (computed now when not yet there)."""
    analysis = doc.analysis
    return analysis.once(
        "style",
        lambda: estimate_counted(
            [prose_counts(doc)],
            [list_share(doc.structure)],
            analysis.model("style", shipped),
            None if analysis.models is None else analysis.models.vocabulary,  # its run's memo
        )[0],
    )


def prose_counts(doc: Document) -> Counts:
    """The style counts of the document's body sentences (paragraphs, not headings or page
    chrome), which the AI-style estimate and readability both read (computed now when the
    model stage has not)."""
    analysis = doc.analysis
    return analysis.once(
        "prose_counts",
        lambda: count_prose([doc], analysis.model("vocabulary", Vocabulary.shipped))[0],
    )


def count_prose(docs: Sequence[Document], vocabulary: Vocabulary) -> list[Counts]:
    """The counts of the body sentences of a batch of documents, read together."""
    spans = [[(s.start, s.end) for s in prose_sentences(doc.structure)] for doc in docs]
    return count_texts([doc.text for doc in docs], spans, vocabulary)


def estimate_styles(
    docs: Sequence[Document], model: StyleModel, vocabulary: Vocabulary
) -> list[StyleEstimate]:
    """The estimates of a batch of documents (the model stage, audit/models/stage.py): their
    prose counted together, each document's counts kept in its analysis for readability."""
    counts = count_prose(docs, vocabulary)
    for doc, counted in zip(docs, counts, strict=True):
        doc.analysis.prose_counts = counted
    return estimate_counted(counts, [list_share(doc.structure) for doc in docs], model, vocabulary)


def machine_like_prose(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Fires when the model's probability, weighed by the amount of text (StyleEstimate.
    evidence), reaches its threshold; points at the most machine-like passage."""
    estimate = style_of(doc)
    model = doc.analysis.model("style", shipped)
    threshold = rule.options.get("params", {}).get("threshold") or model.threshold
    if (
        estimate.probability is None
        or estimate.evidence is None
        or estimate.evidence < threshold
        or not estimate.sentence_scores
    ):
        return
    sentences = prose_sentences(doc.structure)
    scores = estimate.sentence_scores
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    first, last = max(0, best - _WINDOW), min(len(sentences) - 1, best + _WINDOW)
    signals = ", ".join(f"{name} {value:+.2f}" for name, value in estimate.top_features[:3])
    message = (
        f"{rule.message} (probability {estimate.probability:.2f}, weighed by the length of the "
        f"text {estimate.evidence:.2f}, threshold {threshold:.2f}; "
        f"strongest signals: {signals}; this passage scores {scores[best]:.2f})"
    )
    yield Hit(sentences[first].start, sentences[last].end, message)
