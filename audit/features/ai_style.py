"""The AI-style estimate of an article, computed once, and its finding when the prose reads machine-written."""

from __future__ import annotations

from collections.abc import Iterable

from audit.rules.model import Hit, Rule
from audit.style import StyleEstimate, estimate_style
from audit.style.model import StyleModel, shipped
from audit.style.wordinfo import Vocabulary
from audit.text.document import Document
from audit.text.prose import list_share, prose_sentences

_WINDOW = 1  # sentences either side of the most machine-like one


def style_of(doc: Document) -> StyleEstimate:
    """The estimate of the analysis (computed now when not yet there)."""
    analysis = doc.analysis
    return analysis.once("style", lambda: estimate(doc, analysis.model("style", shipped)))


def estimate(doc: Document, model: StyleModel) -> StyleEstimate:
    """The estimate over the body sentences (paragraphs), not headings or page chrome."""
    spans = [(s.start, s.end) for s in prose_sentences(doc.structure)]
    words = doc.analysis.model("vocabulary", Vocabulary.shipped)
    return estimate_style(doc.text, spans, model, list_share(doc.structure), words)


def machine_like_prose(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Fires when the model's probability reaches its threshold; points at the most machine-like passage."""
    estimate = style_of(doc)
    model = doc.analysis.model("style", shipped)
    threshold = rule.options.get("params", {}).get("threshold") or model.threshold
    if (
        estimate.probability is None
        or estimate.probability < threshold
        or not estimate.sentence_scores
    ):
        return
    sentences = prose_sentences(doc.structure)
    scores = estimate.sentence_scores
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    first, last = max(0, best - _WINDOW), min(len(sentences) - 1, best + _WINDOW)
    signals = ", ".join(f"{name} {value:+.2f}" for name, value in estimate.top_features[:3])
    message = (
        f"{rule.message} (probability {estimate.probability:.2f}, threshold {threshold:.2f}; "
        f"strongest signals: {signals}; this passage scores {scores[best]:.2f})"
    )
    yield Hit(sentences[first].start, sentences[last].end, message)
