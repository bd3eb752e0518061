"""What the model stages found in one document, attached to it for the checks and the score.

The auditor fills it a batch of documents at a time (audit/models/stage.py): every
model reads the sentences or lines of the whole batch at once. A document audited
alone, or read by a check outside an audit, gets each result computed on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audit.models.load import Models, shipped_models

if TYPE_CHECKING:
    import numpy as np

    from audit.features.attribution import Profile
    from audit.features.clutter_model import ScoredLines
    from audit.style import StyleEstimate


@dataclass(eq=False, slots=True)
class Analysis:
    models: Models | None = None  # None: the shipped models
    hedging: np.ndarray | None = None  # per sentence: the probability it is hedged
    claims: np.ndarray | None = None  # per sentence: the probability it makes a checkable claim
    clutter: ScoredLines | None = None  # the content lines and their clutter probabilities
    style: StyleEstimate | None = None
    sourcing: Profile | None = None  # who stands behind each sentence
    found_claims: tuple[Any, ...] | None = None  # the check-worthy sentences (claims.Claim)
    words: dict[bool, tuple[Any, ...]] = field(default_factory=dict)  # by skip_quotes
    token_spans: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    folded: tuple[tuple[str, ...], tuple[bool, ...]] | None = None

    def using(self) -> Models:
        return self.models or shipped_models()
