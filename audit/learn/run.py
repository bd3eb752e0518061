"""The command line shared by the sentence trainers: train and write, or cross-validate only."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import numpy as np

from audit.evaluation.data import load_rows
from audit.learn import sentences
from audit.learn.common import stamp, write_model


def main_for(name: str, spec: sentences.Spec, doc: str | None, argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m audit.learn.{name}", description=doc)
    parser.add_argument("data")
    parser.add_argument("--out", help="model JSON to write (default: the shipped one)")
    parser.add_argument("--cross-validate", action="store_true", help="figures only")
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    words, texts = sentences.units(rows, spec.skip_quotes)
    grams, dense = spec.featurise(words, texts)
    y = np.array([r["label"] == spec.positive for r in rows])
    groups = np.arange(len(rows))
    metrics = sentences.cross_validate(grams, dense, y, groups, spec, words)
    if not args.cross_validate:
        model = sentences.train(grams, dense, y, groups, spec, words)
        stamp(model, len(rows), int(y.sum()), C=spec.C, min_df=sentences.MIN_DF,
              min_weight=sentences.MIN_WEIGHT, word_vectors=spec.word_vectors)  # fmt: skip
        model["metrics"] = metrics
        print(f"wrote {write_model(model, name, args.out)}", file=sys.stderr)
    print(json.dumps(metrics, indent=1))
    return 0
