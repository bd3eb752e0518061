"""SARIF 2.1.0, for code-scanning dashboards and CI annotations."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from audit import __version__
from audit.rules.model import Finding, Rule
from audit.run import ArticleResult, RunResult

_LEVELS = {"info": "note", "warning": "warning", "error": "error"}


def render(run: RunResult) -> str:
    used = sorted({f.rule for a in run.articles for f in a.findings})
    rules = [r for r in run.rules if r.id in used]
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [result for article in run.articles for result in _results(article, index)]
    sarif = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newsaudit",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": f"{e.path}: {e.reason}"}}
                            for e in run.errors
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    why = " ".join(rule.why.split())
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {
            "text": rule.message.replace("'{match}'", "").replace("{match}", "").strip()
        },
        "fullDescription": {"text": why},
        "help": {"text": why},
        "defaultConfiguration": {"level": _LEVELS[rule.level]},
        "properties": {"category": rule.category, "confidence": rule.confidence},
    }


def _results(article: ArticleResult, index: dict[str, int]) -> list[dict[str, Any]]:
    doc = article.document
    seen: Counter[tuple[str, str]] = Counter()
    results = []
    for finding in article.findings:
        evidence = " ".join(finding.text.lower().split())
        occurrence = seen[(finding.rule, evidence)]
        seen[(finding.rule, evidence)] += 1
        end_line, end_column = doc.structure.line_column(finding.end)
        results.append({
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": _LEVELS[finding.level],
            "message": {"text": finding.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": doc.path or doc.id},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": end_line,
                        "endColumn": end_column,
                        "charOffset": finding.start,
                        "charLength": finding.end - finding.start,
                        "snippet": {"text": finding.text},
                    },
                }
            }],
            "partialFingerprints": {"newsaudit/v1": _fingerprint(doc.id, finding, evidence, occurrence)},
            "properties": {"article": doc.id, "source": doc.source, "category": finding.category},
        })  # fmt: skip
    return results


def _fingerprint(article: str, finding: Finding, evidence: str, occurrence: int) -> str:
    """Rule, article, evidence and occurrence: stable when unrelated text moves."""
    key = "\x1f".join((finding.rule, article, evidence, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
