"""The batched model stage: every model reads the sentences or lines of a whole batch at once.

As spaCy's `nlp.pipe` does, the auditor hands over a minibatch of segmented
documents; each sentence and line model builds its feature rows for all of
them, makes one vectorised prediction, and each document's share is attached to
its analysis, where the checks and the score read it.
"""

from __future__ import annotations

from collections.abc import Sequence

from audit.features import ai_style, claims, clutter_model, hedging_model
from audit.features.pattern_gate import Gates
from audit.models.load import Models
from audit.text.document import Document


def analyse(docs: Sequence[Document], models: Models, gates: Gates) -> None:
    """Fill the analysis of documents that hold the auditor's models (Auditor.with_models),
    and give them the auditor's pattern gates when the batch is large enough for them."""
    docs = [doc for doc in docs if doc.analysis.models is models]
    batch_gates = gates.for_batch(len(docs))
    hedged = hedging_model.predict(docs, models.hedging)
    claimed = claims.predict(docs, models.claims)
    lines = clutter_model.predict(docs, models.clutter)
    styles = ai_style.estimate_styles(docs, models.style, models.vocabulary)
    for doc, hedging, claim, clutter, style in zip(
        docs, hedged, claimed, lines, styles, strict=True
    ):
        analysis = doc.analysis
        analysis.hedging, analysis.claims, analysis.clutter = hedging, claim, clutter
        analysis.style = style
        analysis.gates = None if batch_gates is None else batch_gates.for_document()
