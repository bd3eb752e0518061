"""A baseline: the findings a desk has accepted, so that later runs report only new ones.

Each entry is keyed by article, rule, normalised evidence and occurrence index
(audit/review/fingerprint.py): an edit elsewhere in the article does not bring an old
finding back, and a second identical finding is new, because one entry
absorbs one finding. An entry may carry a reason and an expiry date; once
expired it absorbs nothing. Entries for audited articles that absorbed nothing
are stale and listed, so the baseline shrinks as drafts are fixed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from audit.results import ArticleResult, RunResult, Suppressed
from audit.review.fingerprint import FindingKey, keys_in_context
from audit.rules.model import Finding
from audit.runtime.config import ConfigError
from audit.text.document import Document

SCHEMA = "newsaudit/baseline@1"
DEFAULT_NAME = "newsaudit-baseline.json"


@dataclass(frozen=True)
class Entry:
    article: str  # the article's file relative to the baseline's folder (#id for a record)
    key: FindingKey
    reason: str | None = None
    expires: date | None = None
    line: int | None = None  # where the finding was when accepted; informative only

    def expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def describe(self) -> str:
        where = f"{self.article}:{self.line}" if self.line else self.article
        return f"{where} {self.key.rule} «{self.key.evidence}» #{self.key.occurrence}"


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: tuple[Entry, ...]

    @property
    def root(self) -> Path:
        return self.path.resolve().parent


def article_key(doc: Document, location: str | None, root: Path) -> str:
    """The article's file relative to `root`, plus `#id` when the file holds records."""
    if location is None:
        return doc.id
    name = Path(os.path.relpath(Path(location).resolve(), root)).as_posix()
    return name if doc.path is None or doc.id == doc.path else f"{name}#{doc.id}"


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read baseline: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: baseline is not valid JSON: {error}") from error
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ConfigError(f"{path}: not a newsaudit baseline (expected schema {SCHEMA!r})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: key 'entries' must be a list")
    return Baseline(path, tuple(_entry(path, i, e) for i, e in enumerate(entries)))


def _entry(path: Path, index: int, raw: Any) -> Entry:
    where = f"{path}: entry {index + 1}"
    try:
        expires = raw.get("expires")
        return Entry(
            article=_text(raw["article"]),
            key=FindingKey(_text(raw["rule"]), _text(raw["evidence"]), int(raw["occurrence"])),
            reason=raw.get("reason") or None,
            expires=date.fromisoformat(expires) if expires else None,
            line=raw.get("line"),
        )
    except KeyError as error:
        raise ConfigError(f"{where}: key {error.args[0]!r} is required") from None
    except (AttributeError, TypeError, ValueError) as error:
        raise ConfigError(f"{where}: {error}") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def entries_of(run: RunResult, root: Path) -> list[Entry]:
    """Entries for every finding a run reports, findings already in a baseline included."""
    entries = []
    for article in run.articles:
        doc = article.document
        name = article_key(doc, article.location, root)
        absorbed = [s.finding for s in article.suppressed if s.by == "baseline"]
        drafted = [s.finding for s in article.suppressed if s.by != "baseline"]
        findings = [*article.findings, *absorbed]
        for finding, key in zip(findings, keys_in_context(doc, findings, drafted), strict=True):
            entries.append(Entry(name, key, line=finding.line))
    return entries


def write_baseline(
    path: Path, entries: Iterable[Entry], previous: Baseline | None = None
) -> list[Entry]:
    """Write entries, keeping the reason and expiry of entries the previous baseline had."""
    kept = {(e.article, e.key): e for e in (previous.entries if previous else ())}
    merged = []
    for entry in entries:
        old = kept.get((entry.article, entry.key))
        if old is not None:
            entry = replace(
                entry, reason=entry.reason or old.reason, expires=entry.expires or old.expires
            )
        merged.append(entry)
    merged.sort(key=lambda e: (e.article, e.key))
    data = {"schema": SCHEMA, "entries": [_entry_dict(e) for e in merged]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return merged


def _entry_dict(entry: Entry) -> dict[str, Any]:
    return {
        "article": entry.article,
        "rule": entry.key.rule,
        "evidence": entry.key.evidence,
        "occurrence": entry.key.occurrence,
        "line": entry.line,
        "reason": entry.reason,
        "expires": entry.expires.isoformat() if entry.expires else None,
    }


class BaselineFilter:
    """Absorbs findings an entry accepts; one entry absorbs one finding."""

    def __init__(self, baseline: Baseline, today: date | None = None):
        self.baseline = baseline
        self.today = today or date.today()
        self._by_article: dict[str, dict[FindingKey, Entry]] = {}
        for entry in baseline.entries:
            if not entry.expired(self.today):
                self._by_article.setdefault(entry.article, {})[entry.key] = entry

    def apply(
        self,
        doc: Document,
        location: str | None,
        findings: list[Finding],
        context: list[Finding],
    ) -> tuple[list[Finding], list[Suppressed]]:
        """Split findings into new ones and absorbed ones; `context` holds those already suppressed."""
        accepted = self._by_article.get(article_key(doc, location, self.baseline.root), {})
        if not accepted:
            return findings, []
        kept, absorbed = [], []
        for finding, key in zip(findings, keys_in_context(doc, findings, context), strict=True):
            entry = accepted.get(key)
            if entry is None:
                kept.append(finding)
            else:
                absorbed.append(Suppressed(finding, "baseline", entry.reason))
        return kept, absorbed

    def notices(self, run: RunResult) -> list[str]:
        """Stale entries of the audited articles, and expired entries, one line each."""
        audited = {article_key(a.document, a.location, self.baseline.root): a for a in run.articles}
        lines = []
        for entry in self.baseline.entries:
            article = audited.get(entry.article)
            if article is None:
                continue
            if entry.expired(self.today):
                lines.append(f"baseline entry expired on {entry.expires}: {entry.describe()}")
            elif entry.key not in _absorbed_keys(article):
                lines.append(f"stale baseline entry (matches no finding): {entry.describe()}")
        return lines


def _absorbed_keys(article: ArticleResult) -> set[FindingKey]:
    absorbed = [s.finding for s in article.suppressed if s.by == "baseline"]
    others = [*article.findings, *(s.finding for s in article.suppressed if s.by != "baseline")]
    return set(keys_in_context(article.document, absorbed, others))
