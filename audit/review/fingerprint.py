"""Identities of findings that survive edits elsewhere in the article.

A finding is known by its rule, its normalised evidence and its occurrence
index (the how-manieth finding of that rule with that evidence in the article).
Offsets and line numbers are left out, so inserting a paragraph above a
finding changes nothing; the occurrence index keeps a second identical finding
distinct from the first. A finding spanning several sentences (a dense
paragraph, the most machine-like passage) describes the prose around it, and
its span moves with any edit, so its evidence is the rule alone.
SARIF fingerprints and baseline entries both come from here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from audit.rules.model import Finding
from audit.text.document import Document

PASSAGE = "¶"  # the evidence of a finding that spans several sentences


@dataclass(frozen=True, order=True)
class FindingKey:
    rule: str
    evidence: str
    occurrence: int


def finding_keys(doc: Document, findings: Sequence[Finding]) -> list[FindingKey]:
    """One key per finding, in the findings' order."""
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for finding in findings:
        evidence = normalised_evidence(doc, finding)
        keys.append(FindingKey(finding.rule, evidence, seen[(finding.rule, evidence)]))
        seen[(finding.rule, evidence)] += 1
    return keys


def keys_in_context(
    doc: Document, findings: Sequence[Finding], context: Sequence[Finding] = ()
) -> list[FindingKey]:
    """Keys of `findings`, their occurrences counted in text order among `context` too.

    Every output counts over the same set, the article's reported and suppressed
    findings together, so a finding has one fingerprint whatever was suppressed.
    """
    everything = [*findings, *context]
    order = sorted(range(len(everything)), key=lambda i: _position(everything[i]))
    keys = dict(zip(order, finding_keys(doc, [everything[i] for i in order]), strict=True))
    return [keys[i] for i in range(len(findings))]


def _position(finding: Finding) -> tuple[int, int, str]:
    return finding.start, finding.end, finding.rule


def normalised_evidence(doc: Document, finding: Finding) -> str:
    structure = doc.structure
    first = structure.sentence_at(finding.start)
    last = structure.sentence_at(max(finding.start, finding.end - 1))
    if first is not None and last is not None and first.index != last.index:
        return PASSAGE
    return " ".join(finding.text.casefold().split())


def fingerprint(article: str, key: FindingKey) -> str:
    """A short stable hash of the article's identity and the finding's key."""
    text = "\x1f".join((key.rule, article, key.evidence, str(key.occurrence)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
