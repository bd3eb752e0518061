"""The one loader: the models an auditor holds, read from their JSON files once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from audit.models.formats import TextLogit, TreeEnsemble
from audit.models.store import read_shipped

if TYPE_CHECKING:
    from audit.source_model import SourceModel
    from audit.style.model import StyleModel

NAMES = ("style", "hedging", "claims", "clutter", "source")


@dataclass(frozen=True, eq=False)
class Models:
    """Every model a run uses. The auditor holds one set and passes it to its stages, so a run
    configured with its own AI-style model uses it everywhere, the report's threshold included."""

    hedging: TextLogit
    claims: TextLogit
    clutter: TreeEnsemble
    style: StyleModel
    source: SourceModel


def load_models(style: str | Path | None = None) -> Models:
    """The shipped models, with the AI-style model read from `style` when given (ValueError
    when that file is not a usable model)."""
    # The feature modules import this one: their feature names are read when models load.
    from audit.features.claims import DENSE_NAMES as CLAIM_FEATURES
    from audit.features.clutter_lines import FEATURE_NAMES as LINE_FEATURES
    from audit.features.hedging_model import DENSE_NAMES as HEDGE_FEATURES
    from audit.source_model import SourceModel
    from audit.style.model import load_model

    return Models(
        hedging=TextLogit.from_dict(read_shipped("hedging"), HEDGE_FEATURES),
        claims=TextLogit.from_dict(read_shipped("claims"), CLAIM_FEATURES),
        clutter=TreeEnsemble.from_dict(read_shipped("clutter"), LINE_FEATURES),
        style=load_model(style),
        source=SourceModel.from_dict(read_shipped("source")),
    )


@cache
def shipped_models() -> Models:
    """The shipped models, read once per process (they never change while it runs)."""
    return load_models()
