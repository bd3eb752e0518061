"""Train the check-worthy claim classifier.

    python -m audit.learn.claims DATA.jsonl [--out MODEL.json] [--cross-validate]

Rows: ``{"text": ..., "label": "check_worthy" | "not_check_worthy"}`` (ClaimBuster lineage).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from audit.features import claims
from audit.learn.run import main_for
from audit.learn.sentences import Spec

SPEC = Spec(
    positive="check_worthy",
    dense_names=claims.DENSE_NAMES,
    featurise=claims.features,
    skip_quotes=False,
    ngram=claims.NGRAM,
    C=0.05,
    word_vectors=0.2,
)


def main(argv: Sequence[str] | None = None) -> int:
    return main_for("claims", SPEC, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
