"""`newsaudit eval attribution LABELS.jsonl --articles ARTICLES.jsonl`: attribution and
unsupported claims against hand-labelled sentences.

The labelled set (tests/data/attribution_sentences.jsonl; guideline in
docs/attribution-guideline.md) holds no text: each row points into an article of the
ARTICLES file by id and character offsets, with a short sha256 of the sentence so a
changed article is noticed, and the labels: claim (yes/no), attribution (named,
institutional, anonymous, vague, none) and needs_source (yes/no: a claim a careful
reader would want sourced that has no adequate source). The article text is read from
ARTICLES at run time. Figures are printed per split of the set (`dev`, `heldout`: the
outlets in one are not in the other) and for all rows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from audit.evaluation.data import header, load_rows
from audit.evaluation.scores import format_line, score
from audit.features.attribution import NAMED, NAMED_QUOTE, sourcing
from audit.features.claims import claims, min_evidence, verdict
from audit.ingest import read_corpus
from audit.ingest.model import InputError, ReadOptions
from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.text.document import Document

KINDS = ("named", "institutional", "anonymous", "vague", "none")
UNSUPPORTED_RULE = "UNS006"
REPORTED = "reported"
NOT_CHECK_WORTHY = "not check-worthy"


@dataclass(frozen=True)
class Judged:
    """One labelled sentence with the labels and what the tool says of it."""

    row: dict[str, Any]
    claim: bool
    support: str  # the tool's attribution kind for the sentence, as read in its paragraph
    needs_source: bool  # the tool reports it as an unsupported claim
    # The gate of UNS006 that spares it ("not check-worthy": not among the article's claims;
    # "a source as read in its paragraph", an exclusion, "evidence weight under 1"), or
    # "reported".
    gate: str


def sentence_digest(text: str) -> str:
    """The short sha256 a labelled row carries to notice a changed article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def labelled_documents(
    rows: Sequence[dict[str, Any]], articles: Sequence[str | Path]
) -> dict[str, Document]:
    """The articles the labelled rows point into, by id (read from `articles`)."""
    wanted = {str(r["article"]) for r in rows}
    documents: dict[str, Document] = {}
    for item in read_corpus([str(a) for a in articles], ReadOptions()):
        if not isinstance(item, InputError) and item.id in wanted:
            documents[item.id] = item
    return documents


def judge(
    rows: Sequence[dict[str, Any]], articles: Sequence[str | Path]
) -> tuple[list[Judged], list[str]]:
    """The tool's verdict on every labelled sentence, and the rows it could not find."""
    documents = labelled_documents(rows, articles)
    registry = load_registry()
    auditor = Auditor(registry)
    needed = min_evidence(registry.get(UNSUPPORTED_RULE))
    judged: list[Judged] = []
    missing: list[str] = []
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_article.setdefault(str(row["article"]), []).append(row)
    for article, labelled in sorted(by_article.items()):
        doc = documents.get(article)
        if doc is None:
            missing.extend(f"{article}: not in the articles given" for _ in labelled)
            continue
        flagged = [
            (f.start, f.end) for f in auditor.audit(doc).findings if f.rule == UNSUPPORTED_RULE
        ]
        claimed = {c.sentence.start: c for c in claims(doc)}
        attributions = sourcing(doc).attributions
        for row in labelled:
            start, end = int(row["start"]), int(row["end"])
            if sentence_digest(doc.text[start:end]) != row["sha256"]:
                missing.append(f"{article}:{start}-{end}: text changed (sha256 differs)")
                continue
            found = next(
                (a for a in attributions if a.sentence.start <= start < a.sentence.end), None
            )
            support = "none" if found is None else found.support
            claim = None if found is None else claimed.get(found.sentence.start)
            spared = None if claim is None else verdict(doc, claim, needed).spared_by
            judged.append(
                Judged(
                    row,
                    claim=claim is not None,
                    support=NAMED if support == NAMED_QUOTE else support,
                    needs_source=any(s < end and start < e for s, e in flagged),
                    gate=NOT_CHECK_WORTHY if claim is None else spared or REPORTED,
                )
            )
    return judged, missing


def _lines(name: str, judged: Sequence[Judged]) -> list[str]:
    if not judged:
        return []
    needs = score(
        np.array([j.needs_source for j in judged]),
        np.array([j.row["needs_source"] for j in judged]),
    )
    claim = score(np.array([j.claim for j in judged]), np.array([j.row["claim"] for j in judged]))
    right = sum(j.support == j.row["attribution"] for j in judged)
    per_kind = Counter(j.row["attribution"] for j in judged)
    kind_right = Counter(j.row["attribution"] for j in judged if j.support == j.row["attribution"])
    kinds = ", ".join(f"{k} {kind_right[k]}/{per_kind[k]}" for k in KINDS if per_kind[k])
    return [
        format_line("attrib", f"{name} needs-src", needs),
        format_line("attrib", f"{name} claim", claim),
        f"attrib   {name:<5} kind accuracy {right / len(judged):.3f}  ({right} of {len(judged)}; "
        f"{kinds})",
    ]


def confusion(judged: Sequence[Judged]) -> str:
    """Labelled kind (rows) against the tool's kind (columns)."""
    table = Counter((j.row["attribution"], j.support) for j in judged)
    head = "label\\tool    " + "".join(f"{k[:6]:>8}" for k in KINDS)
    rows = [f"{k:<14}" + "".join(f"{table[(k, t)]:>8}" for t in KINDS) for k in KINDS]
    return "\n".join([head, *rows])


def gates(judged: Sequence[Judged], splits: Sequence[str]) -> str:
    """Where UNS006 decides each labelled sentence, per split: how many of those that need a
    source and of those that do not each gate spares ("reported": none; the full audit may
    still drop one, as a finding another covers), the claims model's first, the rest by name.
    Then the labelled kinds of the sentences UNS006 reports that need no source. Counts
    only, so a split kept for measuring need not be read row by row."""
    order = {NOT_CHECK_WORTHY: 0, REPORTED: 2}
    counts = Counter(
        (j.gate, str(j.row.get("split", "all")), bool(j.row["needs_source"])) for j in judged
    )
    totals = Counter((j.gate, bool(j.row["needs_source"])) for j in judged)
    found = sorted({j.gate for j in judged}, key=lambda g: (order.get(g, 1), g))
    head = f"{'UNS006 gate: need / not':<56}" + "".join(f"{s:>11}" for s in [*splits, "all"])
    lines = [head]
    for gate in found:
        cells = [(counts[(gate, s, True)], counts[(gate, s, False)]) for s in splits]
        cells.append((totals[(gate, True)], totals[(gate, False)]))
        lines.append(f"{gate:<56}" + "".join(f"{f'{n}/{m}':>11}" for n, m in cells))
    false = Counter(
        (str(j.row.get("split", "all")), j.row["attribution"])
        for j in judged
        if j.needs_source and not j.row["needs_source"]
    )
    for split in splits:
        kinds = ", ".join(f"{k} {false[(split, k)]}" for k in KINDS if false[(split, k)])
        lines.append(f"UNS006 false reports in {split} by labelled kind: {kinds or 'none'}")
    return "\n".join(lines)


def report(path: str | Path, articles: Sequence[str | Path] = ()) -> str:
    if not articles:
        return "attribution: give the articles the labels point into: --articles FILE.jsonl\n"
    rows = load_rows(path)
    judged, missing = judge(rows, articles)
    lines = [header("attrib", path, len(rows))]
    splits = sorted({str(r.get("split", "all")) for r in rows})
    for split in splits:
        lines.extend(_lines(split, [j for j in judged if str(j.row.get("split", "all")) == split]))
    lines.extend(_lines("all", judged))
    lines.append(confusion(judged))
    lines.append(gates(judged, splits))
    lines.extend(f"attrib   not judged: {reason}" for reason in missing)
    return "\n".join(lines) + "\n"
