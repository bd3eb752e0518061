"""The one loader: the set of models an auditor holds. Each model module reads its shipped
file through the one reader (store.py) once; a configured AI-style model replaces that one.
The set also holds the word table the style counts and readability read text with
(style/wordinfo.py), which learns each distinct word once for the auditor that holds it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from audit.features import claims, clutter_model, hedging_model
from audit.models.formats import TextLogit, TreeEnsemble
from audit.sources.model import load_source_model
from audit.style import model as style_model
from audit.style.wordinfo import Vocabulary

if TYPE_CHECKING:
    from audit.sources.model import SourceModel
    from audit.style.model import StyleModel


@dataclass(frozen=True, eq=False)
class Models:
    """Every model a run uses. The auditor holds one set and passes it to its stages, so a run
    configured with its own AI-style model uses it everywhere, the report's threshold included."""

    hedging: TextLogit
    claims: TextLogit
    clutter: TreeEnsemble
    style: StyleModel
    source: SourceModel
    vocabulary: Vocabulary  # the syllable table and easy words, and every word seen so far


def load_models(style: str | Path | None = None) -> Models:
    """The shipped models, with the AI-style model read from `style` when given (ValueError
    when that file is not a usable model)."""
    return Models(
        hedging=hedging_model.shipped(),
        claims=claims.shipped(),
        clutter=clutter_model.shipped(),
        style=style_model.shipped() if style is None else style_model.load_model(style),
        source=load_source_model(),
        vocabulary=Vocabulary.shipped(),
    )


@cache
def shipped_models() -> Models:
    """The shipped models, read once per process (they never change while it runs)."""
    return load_models()
