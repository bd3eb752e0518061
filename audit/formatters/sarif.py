"""SARIF 2.1.0, for code-scanning dashboards and CI annotations.

Regions are 1-based lines and columns (the end column is the one after the
last character). `partialFingerprints` come from audit/review/fingerprint.py, so a
finding keeps its fingerprint when unrelated text above it moves. Findings
suppressed in front matter or absorbed by a baseline are listed with their
`suppressions` and justification, as the format intends, rather than dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from audit import __version__
from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.results import ArticleResult, RunResult, Suppressed
from audit.review.fingerprint import fingerprint, keys_in_context
from audit.rules.docs import doc_path, rule_page
from audit.rules.model import Finding, Rule
from audit.text.admission import Unscored

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"info": "note", "warning": "warning", "error": "error"}
_SUPPRESSION_KINDS = {"front matter": "inSource", "baseline": "external"}


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    used = {f.rule for a in run.articles for f in a.findings}
    used |= {s.finding.rule for a in run.articles for s in a.suppressed}
    short = [e for e in run.errors if isinstance(e, Unscored) and e.findings]
    used |= {f.rule for e in short for f in e.findings}
    rules = [r for r in run.rules if r.id in used]
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [result for article in run.articles for result in _results(article, index)]
    results += [_short_result(error, f, index) for error in short for f in error.findings]
    notifications = [
        {"level": "error" if e.blocking else "note", "message": {"text": f"{e.path}: {e.reason}"}}
        for e in run.errors
    ] + [{"level": "note", "message": {"text": notice}} for notice in run.notices]
    sarif = {
        "$schema": SCHEMA_URI,
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
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, allow_nan=False, indent=2) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    why = " ".join(rule.why.split())
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _summary(rule)},
        "fullDescription": {"text": why},
        "help": {"text": f"{why} See {doc_path(rule.id)}.", "markdown": rule_page(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.level]},
        "properties": {
            "category": rule.category,
            "confidence": rule.confidence,
            "docs": doc_path(rule.id),
            "tags": [rule.category],
        },
    }


def _summary(rule: Rule) -> str:
    return rule.message.replace("'{match}'", "").replace("{match}", "").strip()


def _results(article: ArticleResult, index: dict[str, int]) -> list[dict[str, Any]]:
    doc = article.document
    entries: list[tuple[Finding, Suppressed | None]] = [(f, None) for f in article.findings]
    entries += [(s.finding, s) for s in article.suppressed]
    keys = keys_in_context(doc, [finding for finding, _ in entries])
    uri = _uri(article.location or doc.path or doc.id)
    results = []
    for (finding, suppressed), key in zip(entries, keys, strict=True):
        end = doc.structure.line_column(finding.end)
        result = _result(finding, index, uri, doc.id, doc.source, end)
        result["partialFingerprints"] = {"newsaudit/v1": fingerprint(doc.id, key)}
        result["properties"] = result.pop("properties")  # listed last, as it always was
        if suppressed is not None:
            suppression = {"kind": _SUPPRESSION_KINDS[suppressed.by], "state": "accepted"}
            if suppressed.reason:
                suppression["justification"] = suppressed.reason
            result["suppressions"] = [suppression]
        results.append(result)
    return results


def _short_result(error: Unscored, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    """A page defect of a text too short to score (audit/text/admission.py): located by its
    start and length; the code-scanning host fingerprints it."""
    return _result(finding, index, _uri(error.path), error.id, error.source)


def _result(
    finding: Finding,
    index: dict[str, int],
    uri: str,
    article: str,
    source: str,
    end: tuple[int, int] | None = None,
) -> dict[str, Any]:
    ends = {} if end is None else {"endLine": end[0], "endColumn": end[1]}
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVELS[finding.level],
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {
                    "startLine": finding.line,
                    "startColumn": finding.column,
                    **ends,
                    "charOffset": finding.start,
                    "charLength": finding.end - finding.start,
                    "snippet": {"text": finding.text},
                },
            }
        }],
        "properties": {"article": article, "source": source, "category": finding.category},
    }  # fmt: skip


def _uri(location: str) -> str:
    """A URI reference: relative paths stay relative (to the checkout), absolute ones are file URIs."""
    path = Path(location)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())
