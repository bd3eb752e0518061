"""`newsaudit eval noise DATA.jsonl`: what an editor sees per article, by rule and level.

The noise budget (docs/noise-budget.md) is a figure per article at the default display
level. This audits every record of DATA and prints the findings per article shown at
each level, by rule, for every `source_class` in the data (reliable, mixed, ...) and for
all articles together.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from audit.evaluation.data import header
from audit.ingest import read_corpus
from audit.ingest.model import InputError, ReadOptions
from audit.rules.model import LEVELS, level_rank
from audit.rules.registry import load_registry
from audit.runtime.run import Auditor

ALL = "all"
_TOP_RULES = 8


def _classes(path: str | Path) -> dict[str, str]:
    with open(path, encoding="utf-8") as stream:
        records = (json.loads(line) for line in stream if line.strip())
        return {str(r.get("id")): str(r.get("source_class") or "unrated") for r in records}


def tally(path: str | Path) -> tuple[Counter, dict[str, Counter]]:
    """Articles per class, and (class, level shown) -> findings per rule."""
    classes = _classes(path)
    auditor = Auditor(load_registry())
    articles: Counter = Counter()
    shown: dict[str, Counter] = defaultdict(Counter)
    for item in read_corpus([str(path)], ReadOptions()):
        if isinstance(item, InputError):
            continue
        result = auditor.audit(item)
        for group in (classes.get(item.id, "unrated"), ALL):
            articles[group] += 1
            for level in LEVELS:
                shown[f"{group} {level}"].update(
                    f.rule for f in result.findings if level_rank(f.level) >= level_rank(level)
                )
    return articles, shown


def report(path: str | Path) -> str:
    articles, shown = tally(path)
    lines = [header("noise", path, articles[ALL])]
    for group in sorted(articles, key=lambda g: (g == ALL, g)):
        n = articles[group]
        for level in LEVELS[:2]:
            counts = shown[f"{group} {level}"]
            total = sum(counts.values()) / n
            top = ", ".join(
                f"{rule} {count / n:.2f}" for rule, count in counts.most_common(_TOP_RULES)
            )
            lines.append(
                f"noise    {group:<10} {n:>5} articles  at {level:<7} {total:6.2f} per article"
                f"  ({top})"
            )
    return "\n".join(lines) + "\n"
