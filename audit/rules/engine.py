"""Run compiled rules over a document and turn their hits into findings.

Rules are compiled once per run. Evidence rules (phrase, pattern, line, python)
run first; aggregate rules (density, occurrence) then read the evidence. Within a
category, a finding wholly inside another is dropped, so "perhaps, just perhaps"
is one hedging cue, not three. A rule whose pattern runs past its time budget
(safe_regex.py) is skipped from then on, and the engine records the stop.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from audit.rules.model import Finding, Hit, Rule
from audit.rules.phrases import PhraseIndex
from audit.rules.prefilter import BranchFilter
from audit.rules.safe_regex import RuleTimeout, SafePattern, compile_alternation, compile_pattern
from audit.text.document import Document, Structure
from audit.text.normalize import fold_chars

Check = Callable[[Document, Rule], Iterable[Hit]]
# What a density rule's `out_of` names: the units it counts in a document, and their name.
Counter = Callable[[Document], tuple[int, str]]

_SCOPE_BLOCKS = {
    "text": None,
    "paragraph": frozenset({"paragraph", "item"}),
    "heading": frozenset({"heading", "short"}),
}
_LINE_MARKER = re.compile(r"\s*(?:[•·▪◦‣►▸*+\-|]\s+)?")


@dataclass(frozen=True)
class _LineGroup:
    """All line rules of one pack and category in one regex: a line is one finding at most."""

    regex: SafePattern
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class RuleStop:
    """Rules skipped for the rest of a run because a pattern ran past its time budget."""

    rules: tuple[str, ...]
    pack: str
    document: str  # the id of the article it was stopped on
    seconds: float

    def reason(self) -> str:
        rules = ", ".join(self.rules)
        return (
            f"rule {rules} stopped: its pattern found no result within {self.seconds:.1f} s on "
            f"article {self.document} (catastrophic backtracking?); skipped from there on"
        )


class Engine:
    def __init__(
        self,
        rules: Sequence[Rule],
        checks: dict[str, Check],
        counters: dict[str, Counter] | None = None,
    ):
        self.rules = tuple(rules)
        self._counters = counters or {}
        self._phrases = PhraseIndex(
            (phrase, rule) for rule in self.rules if rule.kind == "phrase"
            for phrase in rule.options["phrases"]
        )  # fmt: skip
        self._patterns = [(rule, _branch_filter(rule)) for rule in self.rules
                          if rule.kind == "pattern"]  # fmt: skip
        self._line_groups = _line_groups([r for r in self.rules if r.kind == "line"])
        self._checks = [
            (rule, checks[rule.options["check"]]) for rule in self.rules if rule.kind == "python"
        ]
        self._occurrences = [(rule, _occurrence_matcher(rule)) for rule in self.rules
                             if rule.kind == "occurrence"]  # fmt: skip
        self._densities = [rule for rule in self.rules if rule.kind == "density"]
        self._deferring = {
            rule.id: (rule.category, *rule.defer_to) for rule in self.rules if rule.defer
        }
        self.stopped: list[RuleStop] = []
        self._skipped: set[str] = set()

    def run(self, doc: Document) -> list[Finding]:
        hits: list[tuple[Rule, Hit]] = []
        hits.extend(self._phrase_hits(doc))
        folded = doc.structure.view.cased.casefold() if self._patterns else ""
        for rule, branches in self._patterns:
            pattern = branches.select(folded)
            if pattern is not None:
                found = self._guarded(doc, (rule,), _regex_hits, doc, rule, pattern)
                hits.extend((rule, hit) for hit in found)
        if self._line_groups:
            lines = _line_contents(doc)
            for group in self._line_groups:
                hits.extend(self._guarded(doc, group.rules, _group_hits, doc, group, lines))
        for rule, check in self._checks:
            hits.extend((rule, hit) for hit in check(doc, rule))
        evidence = _drop_contained(
            [_finding(doc, rule, hit) for rule, hit in hits], self._deferring
        )
        aggregates = [
            _finding(doc, rule, hit)
            for rule, matcher in self._occurrences
            for hit in self._guarded(doc, (rule,), _occurrence_hits, doc, rule, matcher)
        ]
        for rule in self._densities:
            aggregates.extend(
                _finding(doc, rule, hit)
                for hit in _density_hits(doc, rule, evidence, self._counters)
            )
        findings = evidence + aggregates
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return findings

    def _phrase_hits(self, doc: Document) -> Iterable[tuple[Rule, Hit]]:
        if not self._phrases:
            return
        structure = doc.structure
        tokens = structure.tokens
        for first, stop, rule in self._phrases.matches(tokens):
            start, end = structure.view.to_original(tokens.starts[first], tokens.ends[stop - 1])
            if _admits(structure, rule, start, end):
                yield rule, Hit(start, end)

    def _guarded(self, doc: Document, rules: tuple[Rule, ...], produce: Callable, *args) -> list:
        """Everything `produce` yields for these rules, or nothing when a pattern runs past its
        budget: the rules are then skipped for the rest of the run, and the stop recorded."""
        if any(rule.id in self._skipped for rule in rules):
            return []
        try:
            return list(produce(*args))
        except RuleTimeout as timeout:
            self._skipped.update(rule.id for rule in rules)
            ids = tuple(rule.id for rule in rules)
            self.stopped.append(RuleStop(ids, rules[0].pack, doc.id, timeout.seconds))
            return []


def _line_contents(doc: Document) -> list[tuple[int, int, str]]:
    """Each body line's span without its list marker and trailing space, and its folded text."""
    structure = doc.structure
    contents = []
    for line in structure.lines:
        if line.start < structure.body_start:
            continue
        marker = _LINE_MARKER.match(doc.text, line.start, line.end)
        start = marker.end()
        end = line.end
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if start < end:
            contents.append((start, end, fold_chars(doc.text[start:end])))
    return contents


def _group_hits(
    doc: Document, group: _LineGroup, lines: list[tuple[int, int, str]]
) -> Iterable[tuple[Rule, Hit]]:
    structure = doc.structure
    for start, end, content in lines:
        match = group.regex.fullmatch(content)
        if match and not (group.rules[0].allow_quotes and structure.in_quote(start, end)):
            yield group.rules[int(match.lastgroup[1:])], Hit(start, end)


def _branch_filter(rule: Rule) -> BranchFilter:
    return BranchFilter.of(rule.options["patterns"], not rule.options.get("case_sensitive"))


def _compile(rule: Rule) -> SafePattern:
    return compile_alternation(rule.options["patterns"], not rule.options.get("case_sensitive"))


def _line_groups(rules: list[Rule]) -> list[_LineGroup]:
    """One regex per pack and category, so a user pack's pattern never shares a budget
    (or a stop) with the built-in rules."""
    by_category: dict[tuple[str, str, bool], list[Rule]] = {}
    for rule in rules:
        key = (rule.pack, rule.category, bool(rule.options.get("case_sensitive")))
        by_category.setdefault(key, []).append(rule)
    groups = []
    for (_, _, case_sensitive), members in by_category.items():
        alternatives = "|".join(
            f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in rule.options['patterns'])})"
            for i, rule in enumerate(members)
        )
        groups.append(_LineGroup(compile_pattern(alternatives, not case_sensitive), tuple(members)))
    return groups


def _admits(structure: Structure, rule: Rule, start: int, end: int) -> bool:
    """Whether a match stands in the rule's scope and, if quotes are allowed, outside them."""
    if start < structure.body_start:
        return False
    allowed = _SCOPE_BLOCKS.get(rule.scope)
    if allowed is not None:
        block = structure.block_at(start)
        if block is None or block.kind not in allowed:
            return False
    return not (rule.allow_quotes and structure.in_quote(start, end))


def _regex_hits(doc: Document, rule: Rule, regex: SafePattern) -> Iterable[Hit]:
    structure = doc.structure
    for match in regex.finditer(structure.view.cased):
        if match.end() == match.start():
            continue
        start, end = structure.view.to_original(match.start(), match.end())
        if rule.options.get("from_sentence_start"):
            sentence = structure.sentence_at(start)
            start = sentence.start if sentence is not None else start
        if _admits(structure, rule, start, end):
            yield Hit(start, end)


def _occurrence_matcher(rule: Rule):
    if "phrases" in rule.options:
        return PhraseIndex((phrase, rule) for phrase in rule.options["phrases"])
    return _compile(rule)


def _occurrence_hits(doc: Document, rule: Rule, matcher) -> Iterable[Hit]:
    """Count matches per scope unit; report matches beyond `max`, or a unit short of `min`."""
    structure = doc.structure
    if isinstance(matcher, PhraseIndex):
        tokens = structure.tokens
        spans = [
            structure.view.to_original(tokens.starts[a], tokens.ends[b - 1])
            for a, b, _ in matcher.matches(tokens)
        ]
    else:
        spans = [
            structure.view.to_original(m.start(), m.end())
            for m in matcher.finditer(structure.view.cased)
        ]
    spans = sorted((s, e) for s, e in spans if e > s and _admits(structure, rule, s, e))
    span_starts = [s for s, _ in spans]
    units = _scope_units(doc, rule.scope)
    maximum, minimum = rule.options.get("max"), rule.options.get("min")
    for unit_start, unit_end in units:
        # Units are disjoint and spans sorted: the candidates start inside the unit.
        first = bisect_left(span_starts, unit_start)
        last = bisect_left(span_starts, unit_end, first)
        inside = [(s, e) for s, e in spans[first:last] if e <= unit_end]
        if maximum is not None and len(inside) > maximum:
            detail = f"{len(inside)} in this {_unit_name(rule.scope)} (at most {maximum})"
            for s, e in inside[int(maximum) :]:
                yield Hit(s, e, f"{rule.message} ({detail})")
        if minimum is not None and len(inside) < minimum and unit_end > unit_start:
            detail = f"{len(inside)} in this {_unit_name(rule.scope)} (at least {minimum})"
            yield Hit(
                unit_start, _first_line_end(doc, unit_start, unit_end), f"{rule.message} ({detail})"
            )


def _scope_units(doc: Document, scope: str) -> list[tuple[int, int]]:
    structure = doc.structure
    if scope == "sentence":
        return [(s.start, s.end) for s in structure.sentences]
    if scope in ("paragraph", "heading"):
        kinds = _SCOPE_BLOCKS[scope]
        return [(b.start, b.end) for b in structure.blocks if b.kind in kinds]
    if scope == "line":
        return [(line.start, line.end) for line in structure.lines]
    blocks = structure.blocks
    return [(blocks[0].start, blocks[-1].end)] if blocks else []


def _unit_name(scope: str) -> str:
    return "article" if scope == "text" else scope


def _first_line_end(doc: Document, start: int, end: int) -> int:
    newline = doc.text.find("\n", start, end)
    return end if newline < 0 else newline


def _density_hits(
    doc: Document, rule: Rule, evidence: list[Finding], counters: dict[str, Counter]
) -> Iterable[Hit]:
    """One finding when the counted cues exceed `limit` per 1,000 words and, for a rule
    with `out_of`, also make up `min_share` of the units that counter counts (the
    check-worthy sentences, say): one summary for a pattern spread over the article."""
    counts = rule.options["counts"]
    counted = [
        f for f in evidence
        if (f.category == counts if isinstance(counts, str) else f.rule in counts)
    ]  # fmt: skip
    words = doc.structure.word_count
    if words < rule.options.get("min_words", 150) or len(counted) < rule.options.get("min_hits", 3):
        return
    rate = 1000 * len(counted) / words
    if rate <= rule.options["limit"]:
        return
    out_of = rule.options.get("out_of")
    share = ""
    if out_of is not None:
        total, unit = counters[out_of](doc)
        if not total or len(counted) / total < rule.options.get("min_share", 0.0):
            return
        share = f"{len(counted)} of {total} {unit}, {100 * len(counted) / total:.0f}%; "
    densest = _densest_block(doc, counted)
    message = (
        f"{rule.message} ({share}{len(counted)} in {words} words: {rate:.1f} per 1,000, "
        f"limit {rule.options['limit']:g})"
    )
    yield Hit(densest[0], densest[1], message)


def _densest_block(doc: Document, counted: list[Finding]) -> tuple[int, int]:
    tally: dict[int, int] = {}
    for finding in counted:
        block = doc.structure.block_at(finding.start)
        if block is not None:
            tally[block.index] = tally.get(block.index, 0) + 1
    if not tally:
        return counted[0].start, counted[0].end
    best = max(tally, key=lambda i: (tally[i], -i))
    block = doc.structure.blocks[best]
    return block.start, block.end


def _finding(doc: Document, rule: Rule, hit: Hit) -> Finding:
    line, column = doc.structure.line_column(hit.start)
    text = doc.text[hit.start : hit.end]
    message = hit.message or rule.message.replace("{match}", " ".join(text.split()))
    return Finding(
        rule=rule.id,
        category=rule.category,
        level=rule.level,
        confidence=rule.confidence,
        start=hit.start,
        end=hit.end,
        line=line,
        column=column,
        text=text,
        message=message,
    )


def _drop_contained(
    findings: list[Finding], deferring: dict[str, tuple[str, ...]] | None = None
) -> list[Finding]:
    """Keep, per category, only findings not wholly inside another kept one.

    Findings of deferring rules hide nothing: each is kept unless a kept finding of
    its category, or of a category it defers to, covers it (or an earlier deferring
    one of its category does). `deferring` maps those rules to the categories they yield to.
    """
    deferring = deferring or {}
    findings.sort(key=lambda f: (f.category, f.start, -f.end, f.rule))
    kept: list[Finding] = []
    reach: dict[str, int] = {}
    deferred: list[Finding] = []
    for finding in findings:
        if finding.rule in deferring:
            deferred.append(finding)
            continue
        if finding.end <= reach.get(finding.category, -1):
            continue
        kept.append(finding)
        reach[finding.category] = finding.end
    if not deferred:
        return kept
    # Kept findings of one category nest nowhere, so their ends rise with their starts:
    # the last one starting at or before a deferred finding is the only one that can cover it.
    starts: dict[str, list[int]] = {}
    ends: dict[str, list[int]] = {}
    for finding in kept:
        starts.setdefault(finding.category, []).append(finding.start)
        ends.setdefault(finding.category, []).append(finding.end)

    def covered(finding: Finding, category: str) -> bool:
        i = bisect_right(starts.get(category, []), finding.start) - 1
        return i >= 0 and ends[category][i] >= finding.end

    deferred_reach: dict[str, int] = {}
    for finding in deferred:
        if any(covered(finding, category) for category in deferring[finding.rule]):
            continue
        if finding.end <= deferred_reach.get(finding.category, -1):
            continue
        kept.append(finding)
        deferred_reach[finding.category] = finding.end
    return kept
