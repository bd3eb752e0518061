"""Every learned model of the audit: one protocol, one reader, one folder of JSON files.

A model ships as a small JSON file in `shipped/` (no pickle: a model file must not
be able to run code) and is evaluated with numpy. Each kind of model answers
`predict_proba(X)`: the probability of its positive class for every row of a
feature matrix X, computed in one vectorised call over a whole batch. The
auditor loads its models once (`load.load_models`) and passes them to the
stages; nothing reads a model from a module global. `newsaudit model train
{style,hedging,claims,clutter,source}` rebuilds any of them (docs/models.md).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np


class Model(Protocol):
    """What every classifier of the audit offers: one probability per row of X."""

    threshold: float

    def predict_proba(self, X: Any) -> np.ndarray: ...
