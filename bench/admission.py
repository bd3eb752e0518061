"""What refusing, grading and ranking cost per article, and what the language gate decides.

    python bench/admission.py                          # 300 generated articles, seed 7
    python bench/admission.py --jsonl ../shared/data/sources/dev.jsonl

For every article (a `text` field of the JSONL file, else a generated corpus) it times the
admission check (word count and language detection), the readability grade and the
fix-first list, and counts what the gate decided: scored, too short, or another language
(with the languages found). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from audit.ingest import read_corpus
from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.scoring.priorities import fix_first
from audit.scoring.readability import readability_of
from audit.text.admission import Admission
from audit.text.language import detect
from audit.text.segment import Unsegmented


def articles(jsonl: Path | None, count: int, seed: int) -> list[Unsegmented]:
    if jsonl is None:
        from generate import generate_corpus  # bench/generate.py

        folder = Path(tempfile.mkdtemp(prefix="admission-"))
        generate_corpus(folder, count, seed, "txt")
        paths = [str(folder)]
    else:
        paths = [str(jsonl)]
    found = [a for a in read_corpus(paths, segmented=False) if isinstance(a, Unsegmented)]
    return found[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jsonl", type=Path, help="articles to measure (a text field each)")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    corpus = articles(options.jsonl, options.articles, options.seed)
    admission = Admission()
    started = time.perf_counter()
    detect("warm up the model")
    print(f"language model load: {time.perf_counter() - started:.2f} s (once per process)")

    decisions: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    gate, audit, grade, ranking = [], [], [], []
    auditor = Auditor(load_registry(), admission=Admission(min_words=0))
    for article in corpus:
        started = time.perf_counter()
        refusal = admission.refusal(article)
        gate.append(time.perf_counter() - started)
        if refusal is None:
            decisions["scored"] += 1
        else:
            decisions[refusal.kind] += 1
            if refusal.language is not None:
                languages[refusal.language.code] += 1
            continue
        started = time.perf_counter()
        doc = auditor.with_models(article.build())  # readability reads the auditor's word table
        result = auditor.audit(doc)
        audit.append(time.perf_counter() - started)
        started = time.perf_counter()
        readability_of(doc)
        grade.append(time.perf_counter() - started)
        started = time.perf_counter()
        fix_first(result.findings, result.score, auditor.rules_by_id, auditor.policy)
        ranking.append(time.perf_counter() - started)

    def ms(values: list[float]) -> str:
        if not values:
            return "n/a"
        return f"median {statistics.median(values) * 1000:.2f} ms, mean {statistics.fmean(values) * 1000:.2f} ms"

    print(f"articles: {len(corpus)}; decisions: {json.dumps(dict(decisions))}")
    if languages:
        print(f"refused for language: {json.dumps(dict(languages.most_common()))}")
    print(f"admission (words + language): {ms(gate)}")
    print(f"the whole audit of a scored article, for scale: {ms(audit)}")
    print(f"readability grade: {ms(grade)}")
    print(f"fix-first list: {ms(ranking)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
