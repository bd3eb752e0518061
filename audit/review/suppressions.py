"""Suppressions an editor writes in a draft's front matter, since prose has no comments.

    ---
    title: Port talks resume
    newsaudit:
      ignore:
        - rule: HDG003
          reason: "The hedge is the union's wording, checked with the desk."
    ---

`rule` takes a rule id, an id prefix or a rule name, like `--ignore`. A
suppression still applies without a reason, but is itself a finding (SUP001),
so a gate at the default level fails until someone says why; one that
suppresses nothing is reported (SUP002), and a block that cannot be read is
an error (SUP003). These three rules are built in: their metadata is below,
and they are selected, ignored and documented like any other rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from audit.results import Suppressed
from audit.rules.model import Examples, Finding, Rule
from audit.text.document import Document

_BLOCK = re.compile(r"^newsaudit[ \t]*:.*(?:\n(?:[ \t].*|[ \t]*))*", re.M)
_ENTRY_KEYS = frozenset({"rule", "reason"})
_FIELD = "newsaudit"  # a record's field holding the same table as the front matter's key


def _rule(rule_id: str, name: str, level: str, message: str, why: str, flag: str, allow: str):
    return Rule(
        id=rule_id,
        name=name,
        category="suppression",
        kind="meta",
        level=level,
        confidence="high",
        scope="text",
        allow_quotes=False,
        message=message,
        why=why,
        examples=Examples(flag=(flag,), allow=(allow,)),
        pack="built in (audit/review/suppressions.py)",
    )


_REASONED = (
    '---\nnewsaudit:\n  ignore:\n    - {rule: HDG003, reason: "The union\'s own wording."}\n---'
)
MISSING_REASON = _rule(
    "SUP001",
    "suppression-without-reason",
    "error",
    "Suppression of {match} gives no reason",
    """
    A suppression hides findings from everyone downstream: the desk, the gate,
    the dashboard. Without a reason nobody can tell a considered editorial
    decision from a way to make the check pass. The suppression still applies,
    but this error keeps the gate failing until the reason is written down.
    """,
    "---\nnewsaudit:\n  ignore:\n    - rule: HDG003\n---",
    _REASONED,
)
UNUSED = _rule(
    "SUP002",
    "unused-suppression",
    "warning",
    "Suppression of {match} suppresses nothing",
    """
    A suppression that matches no finding is left over from an earlier draft or
    names a rule that does not exist. Left in place it would silently hide the
    next real finding of that rule, so remove it or correct the rule id.
    Suppressions of rules that this run did not select are not reported.
    """,
    '---\nnewsaudit:\n  ignore:\n    - {rule: AID001, reason: "Disclosure is wanted here."}\n---\nNo disclosure in this text.',
    _REASONED + "\nThe deal reportedly collapsed.",
)
MALFORMED = _rule(
    "SUP003",
    "malformed-suppression",
    "error",
    "The newsaudit front matter cannot be read: {match}",
    """
    The `newsaudit:` key of the front matter must be a table with an `ignore`
    list of `{rule: ID, reason: "..."}` entries. A block that cannot be read
    suppresses nothing, and this error says why, rather than letting the
    editor believe the suppressions apply.
    """,
    "---\nnewsaudit:\n  ignore: HDG003\n---",
    _REASONED,
)
RULES = (MISSING_REASON, UNUSED, MALFORMED)


@dataclass(frozen=True)
class Suppression:
    rule: str  # a rule id, id prefix or rule name
    reason: str | None
    start: int  # where the selector is written in the article text
    end: int


@dataclass(frozen=True)
class Problem:
    message: str
    start: int
    end: int


def read_suppressions(doc: Document) -> tuple[list[Suppression], Problem | None]:
    """The suppressions in a document's front matter, or in a record's `newsaudit` field (a
    .jsonl record, a service request: the same table), or the problem that stops reading them."""
    front = doc.text[: doc.structure.body_start]
    block = _BLOCK.search(front)
    if block is None:
        if _FIELD in doc.metadata:  # a record's field has no place in the text: spans are empty
            return _entries(doc.metadata[_FIELD], Problem("", 0, 0), lambda rule: (0, 0))
        return [], None
    where = Problem("", block.start(), block.start() + len("newsaudit"))
    import yaml  # only an article with front matter needs it

    try:
        value = yaml.safe_load(block.group(0))["newsaudit"]
    except yaml.YAMLError as error:
        return [], _problem(where, f"not valid YAML ({_first_line(error)})")
    cursor = block.start()

    def locate(rule: str) -> tuple[int, int]:
        """Where the selector is written in the block (the next occurrence), else the key."""
        nonlocal cursor
        found = front.find(rule, cursor, block.end())
        start = found if found >= 0 else where.start
        end = start + len(rule) if found >= 0 else where.end
        cursor = max(cursor, end)
        return start, end

    return _entries(value, where, locate)


def _entries(
    value: object, where: Problem, locate: Callable[[str], tuple[int, int]]
) -> tuple[list[Suppression], Problem | None]:
    if value in (None, ""):  # an empty key, or an empty CSV cell
        return [], None
    if not isinstance(value, dict) or set(value) - {"ignore"}:
        return [], _problem(where, "expected a table with one key, 'ignore'")
    entries = value.get("ignore") or []
    if not isinstance(entries, list):
        return [], _problem(where, "'ignore' must be a list of {rule, reason} entries")
    suppressions = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"rule": entry}
        if (
            not isinstance(entry, dict)
            or set(entry) - _ENTRY_KEYS
            or not isinstance(entry.get("rule"), str)
            or not isinstance(entry.get("reason"), str | None)
        ):
            return [], _problem(
                where, f"each 'ignore' entry needs 'rule' and 'reason' (got {entry!r})"
            )
        start, end = locate(entry["rule"])
        reason = (entry.get("reason") or "").strip() or None
        suppressions.append(Suppression(entry["rule"], reason, start, end))
    return suppressions, None


def apply_suppressions(
    doc: Document,
    findings: Sequence[Finding],
    expand: Callable[[str], frozenset[str]],
    active: frozenset[str],
) -> tuple[list[Finding], list[Suppressed], list[Finding]]:
    """(findings kept, findings suppressed, findings about the suppressions themselves).

    `expand` gives the ids of all known rules a selector names; `active` the ids this run checks.
    """
    suppressions, problem = read_suppressions(doc)
    notes: list[Finding] = []
    if problem is not None:
        notes.append(_note(doc, MALFORMED, problem.start, problem.end, problem.message))
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    used: set[int] = set()
    for finding in findings:
        match = (
            next((i for i, s in enumerate(suppressions) if finding.rule in expand(s.rule)), None)
            if suppressions  # most articles suppress nothing
            else None
        )
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
            suppressed.append(Suppressed(finding, "front matter", suppressions[match].reason))
    for i, suppression in enumerate(suppressions):
        named = expand(suppression.rule)
        if suppression.reason is None:
            notes.append(_note(doc, MISSING_REASON, suppression.start, suppression.end))
        if i not in used and (not named or named & active):
            detail = None if named else f"{suppression.rule} names no rule"
            notes.append(_note(doc, UNUSED, suppression.start, suppression.end, detail))
    return kept, suppressed, [n for n in notes if n.rule in active]


def _note(doc: Document, rule: Rule, start: int, end: int, detail: str | None = None) -> Finding:
    line, column = doc.structure.line_column(start)
    text = doc.text[start:end]
    if detail is None:
        message = rule.message.replace("{match}", text)
    elif rule is MALFORMED:
        message = rule.message.replace("{match}", detail)
    else:
        message = f"Suppression of {detail}"
    return Finding(
        rule.id, rule.category, rule.level, rule.confidence, start, end, line, column, text, message
    )


def _problem(where: Problem, message: str) -> Problem:
    return Problem(message, where.start, where.end)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
