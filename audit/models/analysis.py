"""What the model stages found in one document, attached to it for the checks and the score.

The auditor fills it a batch of documents at a time (audit/models/stage.py): every
model reads the sentences or lines of the whole batch at once. A document audited
alone, or read by a check outside an audit, gets each result computed on first use.
A leaf module: the text types hold it, so it names the types of what it holds in
comments only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

Model = TypeVar("Model")


@dataclass(eq=False, slots=True)
class Analysis:
    models: Any = None  # the auditor's Models (audit/models/load.py); None: the shipped ones
    hedging: Any = None  # per sentence: the probability it is hedged (numpy array)
    claims: Any = None  # per sentence: the probability it makes a checkable claim
    clutter: Any = None  # the content lines and their clutter probabilities (ScoredLines)
    style: Any = None  # the AI-style estimate (StyleEstimate)
    prose_counts: Any = None  # the style counts of the body sentences (style.counts.Counts)
    sourcing: Any = None  # who stands behind each sentence (attribution.Profile)
    found_claims: tuple[Any, ...] | None = None  # the check-worthy sentences (claims.Claim)
    words: dict[bool, tuple[Any, ...]] = field(default_factory=dict)  # by skip_quotes
    token_spans: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    folded: tuple[tuple[str, ...], list[int]] | None = None  # and a prefix count of quoted
    rule_scan: Any = None  # the text as the rules engine's kinds read it (rules/kinds.Scan)
    gates: Any = None  # the pattern gates its batch reads through, if any (DocumentGates)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """The result `name`: the one a stage attached, else computed now and kept, since
        several checks and the score read each result."""
        value = getattr(self, name)
        if value is None:
            value = compute()
            setattr(self, name, value)
        return value

    def model(self, name: str, shipped: Callable[[], Model]) -> Model:
        """The auditor's model `name` (hedging, claims, clutter, style, vocabulary), else the
        shipped one."""
        return shipped() if self.models is None else getattr(self.models, name)
