"""Train the hedged-sentence classifier.

    python -m audit.learn.hedging DATA.jsonl [--out MODEL.json] [--cross-validate]

Rows: ``{"text": ..., "label": "uncertain" | "certain"}`` (CoNLL-2010 Wikipedia lineage;
Penn Treebank tokens are undone first). Words inside quotations are left out, as at
audit time.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from audit.features import hedging_model
from audit.learn.run import main_for
from audit.learn.sentences import Spec

SPEC = Spec(
    positive="uncertain",
    dense_names=hedging_model.DENSE_NAMES,
    featurise=lambda words, texts: hedging_model.features(words),
    skip_quotes=True,
    ngram=hedging_model.NGRAM,
    C=0.1,
)


def main(argv: Sequence[str] | None = None) -> int:
    return main_for("hedging", SPEC, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
