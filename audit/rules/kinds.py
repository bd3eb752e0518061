"""Rule kinds: each is one class that declares its option keys, validates them, compiles its
rules once per run and yields their hits, as Vale's checks do (one type per extension point).

A pack rule's `kind` names one of these classes (`KINDS`). The loader asks the class which
keys a rule of that kind may have and to check their values (`validate`, whose errors name
the key); the engine asks it to compile a run's rules of that kind (`compile`, once per run)
and then asks each compiled matcher for its hits in every document. Kinds that scan a
document once for many rules (phrases, whole-line patterns) compile them into one matcher.

Evidence kinds find spans in the text; aggregate kinds (occurrence, density) read the
evidence's findings or counts and report on a whole unit.
"""

from __future__ import annotations

import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import regex

from audit.rules.errors import RulePackError
from audit.rules.model import Finding, Hit, Rule
from audit.rules.multiscan import BranchSet, scan_bytes
from audit.rules.phrases import PhraseIndex, phrase_words
from audit.rules.prefilter import BranchFilter, Reading
from audit.rules.safe_regex import (
    RuleTimeout,
    SafePattern,
    budget,
    compile_alternation,
    compile_pattern,
)
from audit.text.document import Document, Structure, Tokens
from audit.text.normalize import fold_chars

Fail = Callable[[str], RulePackError]  # builds the error for a message about this rule
Check = Callable[[Document, Rule], Iterable[Hit]]
# What a density rule's `out_of` names: the units it counts in a document, and their name.
Counter = Callable[[Document], tuple[int, str]]

_SCOPE_BLOCKS = {
    "text": None,
    "paragraph": frozenset({"paragraph", "item"}),
    "heading": frozenset({"heading", "short"}),
}
_LINE_MARKER = re.compile(r"\s*(?:[•·▪◦‣►▸*+\-|]\s+)?")


class PhraseTable:
    """The phrases of every matcher of a run that reads phrases, in one index, so that a
    document's tokens are read once for all of them (as a branch set reads its text once).
    Each matcher adds its phrases as one owner and takes back its own matches: at each token,
    in the order its own index would give them (the index keeps each first word's phrases in
    the order they were added, longest first)."""

    def __init__(self):
        self._entries: list[tuple[str, tuple[int, Any]]] = []
        self._owners = 0
        self._index: PhraseIndex[tuple[int, Any]] | None = None

    def add(self, entries: Iterable[tuple[str, Any]]) -> int:
        """The owner id of these (phrase, payload) entries."""
        owner = self._owners
        self._owners += 1
        self._entries.extend((phrase, (owner, payload)) for phrase, payload in entries)
        self._index = None
        return owner

    def matches(self, tokens: Tokens) -> dict[int, list[tuple[int, int, Any]]]:
        """Per owner, (first token, last token + 1, payload) of every occurrence of its
        phrases, in the order PhraseIndex.matches yields them."""
        if self._index is None:
            self._index = PhraseIndex(self._entries)
        found: dict[int, list[tuple[int, int, Any]]] = {}
        for first, stop, (owner, payload) in self._index.matches(tokens):
            found.setdefault(owner, []).append((first, stop, payload))
        return found

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_index": None}


@dataclass(frozen=True)
class Context:
    """What compiled rules may call: the Python checks and the density counters; and the sets
    their patterns join, so that each text is scanned once for every rule's branches (one for
    patterns found in the text, one for patterns a whole line must match), and the table
    their phrases join, so that each document's tokens are read once for every phrase."""

    checks: Mapping[str, Check]
    counters: Mapping[str, Counter]
    texts: BranchSet = field(default_factory=BranchSet)
    lines: BranchSet = field(default_factory=lambda: BranchSet(lines=True))
    phrases: PhraseTable = field(default_factory=PhraseTable)


@dataclass
class Scan:
    """One document as the matchers of a run see it. What several matchers read (the
    text as the branch sets read it, the body lines) is computed once, on first use; the evidence
    findings are filled in by the engine before the aggregate kinds run."""

    doc: Document
    evidence: list[Finding] = field(default_factory=list)
    # Hits found ahead, for a whole batch (Engine.prepare), by matcher: its hits, or the
    # timeout it met on this document; each taken by the document's audit.
    ahead: dict[RuleKind, list[tuple[Rule, Hit]] | RuleTimeout] = field(default_factory=dict)

    _found: dict[BranchSet | PhraseTable, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def data(self) -> bytes:
        """The match view's text as the branch sets read it (multiscan.scan_bytes)."""
        return scan_bytes(self.doc.structure.view.cased)

    def matching(self, branches: BranchSet) -> frozenset[int] | None:
        """The ids of the set's branches that may match the text (None: any may), found in one
        pass for every rule whose branches the set holds."""
        if branches not in self._found:
            self._found[branches] = branches.matching(self.data)
        return self._found[branches]

    def line_matching(self, branches: BranchSet) -> dict[int, frozenset[int] | None]:
        """Per body line (an index into `lines`) that some branch of the set may match whole,
        the ids of those branches (None: any may, on every line), found in one pass for every
        line rule."""
        if branches not in self._found:
            self._found[branches] = _line_matches(branches, self.lines)
        return self._found[branches]

    def phrase_matches(self, table: PhraseTable, owner: int) -> list[tuple[int, int, Any]]:
        """The matches of an owner's phrases in the document's tokens, found in one pass for
        every owner of the table."""
        if table not in self._found:
            self._found[table] = table.matches(self.doc.structure.tokens)
        return self._found[table].get(owner, [])

    @cached_property
    def lines(self) -> list[tuple[int, int, str]]:
        """Each body line's span without its list marker and trailing space, and its folded
        text."""
        doc = self.doc
        structure = doc.structure
        view = structure.view
        # The text folded character by character, offsets kept: the match view's, unless
        # composing accents moved them.
        folded = view.cased if view.starts is None else fold_chars(doc.text)
        contents = []
        for line in structure.lines:
            if line.start < structure.body_start:
                continue
            start = _LINE_MARKER.match(doc.text, line.start, line.end).end()
            end = line.end
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            if start < end:
                contents.append((start, end, folded[start:end]))
        return contents


def _line_matches(
    branches: BranchSet, lines: list[tuple[int, int, str]]
) -> dict[int, frozenset[int] | None]:
    contents = [content for _, _, content in lines]
    data = scan_bytes("\n".join(contents))
    found = branches.matching(data)
    if found is None:
        return dict.fromkeys(range(len(lines)))
    line_at: dict[int, int] = {}  # where each line ends in the joined text -> its index
    end = -1
    for i, content in enumerate(contents):
        end += len(content) + 1
        line_at[end] = i
    ids: dict[int, set[int]] = {}
    for branch in found:
        if branch < branches.size:
            for line_end in branches.line_ends(branch, data):
                ids.setdefault(line_at[line_end], set()).add(branch)
    return {line: frozenset(found) for line, found in ids.items()}


class RuleKind(ABC):
    """A compiled matcher for some rules of one kind; the class says what the kind accepts."""

    name: ClassVar[str]
    keys: ClassVar[Mapping[str, bool]]  # option key -> required
    aggregate: ClassVar[bool] = False  # reads the evidence kinds' findings
    # Reads the text and its structure alone (not the model stages' analysis): the engine may
    # find its hits for a batch's documents one after another (Engine.prepare).
    text_only: ClassVar[bool] = False

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules

    @classmethod
    @abstractmethod
    def validate(cls, options: Mapping[str, Any], fail: Fail) -> None:
        """Raise `fail(...)` naming the key when an option's value is wrong for this kind."""

    @classmethod
    def compile(cls, rules: Sequence[Rule], context: Context) -> list[RuleKind]:
        """Matchers for a run's rules of this kind: by default one per rule."""
        return [cls.of(rule, context) for rule in rules]

    @classmethod
    def of(cls, rule: Rule, context: Context) -> RuleKind:
        return cls((rule,))

    @abstractmethod
    def hits(self, scan: Scan) -> Iterable[tuple[Rule, Hit]]:
        """Every hit of these rules in the scanned document."""


class PhraseKind(RuleKind):
    """Word sequences, matched on tokens: every phrase rule of a run in one index, one pass."""

    name = "phrase"
    text_only = True
    keys: ClassVar[Mapping[str, bool]] = {"phrases": True}

    def __init__(self, rules: tuple[Rule, ...], table: PhraseTable):
        super().__init__(rules)
        self.table = table
        self.owner = table.add(
            (phrase, rule) for rule in rules for phrase in rule.options["phrases"]
        )

    @classmethod
    def validate(cls, options, fail):
        _phrases(options, fail)

    @classmethod
    def compile(cls, rules, context):
        return [cls(tuple(rules), context.phrases)] if rules else []

    def hits(self, scan):
        structure = scan.doc.structure
        tokens = structure.tokens
        for first, stop, rule in scan.phrase_matches(self.table, self.owner):
            start, end = structure.view.to_original(tokens.starts[first], tokens.ends[stop - 1])
            if admits(structure, rule, start, end):
                yield rule, Hit(start, end)


class PatternKind(RuleKind):
    """Regular expressions found anywhere in the text; only the branches that the run's branch
    set finds in the document are run, each alone where that finds the same (prefilter.py)."""

    name = "pattern"
    text_only = True
    keys: ClassVar[Mapping[str, bool]] = {
        "patterns": True,
        "case_sensitive": False,
        "from_sentence_start": False,
    }

    def __init__(self, rule: Rule, branch_set: BranchSet):
        super().__init__((rule,))
        self.rule = rule
        self.branches = BranchFilter.of(
            rule.options["patterns"], _ignore_case(rule.options), branch_set
        )
        self.from_sentence_start = bool(rule.options.get("from_sentence_start"))

    @classmethod
    def validate(cls, options, fail):
        _patterns(options, fail)
        _flag(options, "case_sensitive", fail)
        _flag(options, "from_sentence_start", fail)

    @classmethod
    def of(cls, rule, context):
        return cls(rule, context.texts)

    def hits(self, scan):
        rule = self.rule
        structure = scan.doc.structure
        found = scan.matching(self.branches.branch_set)
        for match in self.branches.finditer(structure.view.cased, scan.data, found):
            if match.end() == match.start():
                continue
            start, end = structure.view.to_original(match.start(), match.end())
            if self.from_sentence_start:
                sentence = structure.sentence_at(start)
                start = sentence.start if sentence is not None else start
            if admits(structure, rule, start, end):
                yield rule, Hit(start, end)


@dataclass(frozen=True)
class _LineBranch:
    """One pattern of a line rule; compiled when first tried on a line (a pattern that no
    line's scan reports is never compiled)."""

    rule: int  # the rule's place in its group
    pattern: str
    ignore_case: bool
    id: int  # in the run's set of line branches (multiscan.py)
    longest: int  # the longest line it can match (sys.maxsize: unbounded)

    @cached_property
    def regex(self) -> SafePattern:
        return compile_pattern(self.pattern, self.ignore_case)


class LineKind(RuleKind):
    """Patterns a whole body line must match (list markers aside). The line rules of one pack
    and category form one group: a line is one finding at most, of the first rule (in id
    order) with a pattern that matches it, and a user pack's pattern never shares a time
    budget (or a stop) with the built-in rules. Each pattern runs alone, and only on the lines
    that the run's set of line branches finds it may match whole and that are no longer than
    it can match: the patterns that open with `[^\\n]{0,60}` backtrack through every line
    they are tried on."""

    name = "line"
    text_only = True
    keys: ClassVar[Mapping[str, bool]] = {"patterns": True, "case_sensitive": False}

    def __init__(self, rules: tuple[Rule, ...], ignore_case: bool, branch_set: BranchSet):
        super().__init__(rules)
        self.branch_set = branch_set
        branches = []
        for i, rule in enumerate(rules):
            for pattern in rule.options["patterns"]:
                reading = Reading.of(pattern)
                branches.append(
                    _LineBranch(
                        i,
                        pattern,
                        ignore_case,
                        branch_set.add(reading.tree, ignore_case),
                        reading.longest() or sys.maxsize,
                    )
                )
        self.branches = tuple(branches)
        self.ids = frozenset(branch.id for branch in self.branches)

    @classmethod
    def validate(cls, options, fail):
        _patterns(options, fail)
        _flag(options, "case_sensitive", fail)

    @classmethod
    def compile(cls, rules, context):
        groups: dict[tuple[str, str, bool], list[Rule]] = {}
        for rule in rules:
            key = (rule.pack, rule.category, _ignore_case(rule.options))
            groups.setdefault(key, []).append(rule)
        return [cls(tuple(members), key[2], context.lines) for key, members in groups.items()]

    def hits(self, scan):
        structure = scan.doc.structure
        quotes = self.rules[0].allow_quotes
        matching = scan.line_matching(self.branch_set)
        for line in sorted(matching):
            found = matching[line]
            if found is not None and self.ids.isdisjoint(found):
                continue
            start, end, content = scan.lines[line]
            length = len(content)
            seconds = budget(content)  # per pattern tried on the line
            try:
                rule = next(
                    (
                        b.rule
                        for b in self.branches
                        if (found is None or b.id in found)
                        and length <= b.longest
                        and b.regex.compiled.fullmatch(content, timeout=seconds)
                    ),
                    None,
                )
            except TimeoutError as error:
                raise RuleTimeout(seconds) from error
            if rule is not None and not (quotes and structure.in_quote(start, end)):
                yield self.rules[rule], Hit(start, end)


class PythonKind(RuleKind):
    """A rule that must be code: a check in audit/features, named by `check`."""

    name = "python"
    keys: ClassVar[Mapping[str, bool]] = {"check": True, "params": False}

    def __init__(self, rule: Rule, check: Check):
        super().__init__((rule,))
        self.rule = rule
        self.check = check

    @classmethod
    def validate(cls, options, fail):
        from audit.features import CHECKS  # the checks import the rule model: not at start-up

        if options["check"] not in CHECKS:
            raise fail(
                f"key 'check' names no known check ({options['check']!r}; "
                f"known: {', '.join(sorted(CHECKS))})"
            )
        if "params" in options and not isinstance(options["params"], dict):
            raise fail("key 'params' must be a table")

    @classmethod
    def of(cls, rule, context):
        return cls(rule, context.checks[rule.options["check"]])

    def hits(self, scan):
        rule = self.rule
        return ((rule, hit) for hit in self.check(scan.doc, rule))


class OccurrenceKind(RuleKind):
    """Matches of phrases or patterns counted per scope unit: those beyond `max` are reported,
    and so is a unit with fewer than `min`."""

    name = "occurrence"
    keys: ClassVar[Mapping[str, bool]] = {
        "phrases": False,
        "patterns": False,
        "max": False,
        "min": False,
    }
    aggregate = True

    def __init__(self, rule: Rule, table: PhraseTable):
        super().__init__((rule,))
        self.rule = rule
        options = rule.options
        self.table = table
        self.owner = (
            table.add((phrase, rule) for phrase in options["phrases"])
            if "phrases" in options
            else None
        )
        self.pattern = (
            None
            if self.owner is not None
            else compile_alternation(options["patterns"], _ignore_case(rule.options))
        )
        self.maximum, self.minimum = options.get("max"), options.get("min")

    @classmethod
    def validate(cls, options, fail):
        if ("phrases" in options) == ("patterns" in options):
            raise fail("an occurrence rule needs exactly one of 'phrases' or 'patterns'")
        if "phrases" in options:
            _phrases(options, fail)
        else:
            _patterns(options, fail)
        if "max" not in options and "min" not in options:
            raise fail("an occurrence rule needs 'max' or 'min'")
        _numbers(options, ("max", "min"), fail)

    @classmethod
    def of(cls, rule, context):
        return cls(rule, context.phrases)

    def hits(self, scan):
        rule = self.rule
        doc = scan.doc
        structure = doc.structure
        if self.owner is not None:
            tokens = structure.tokens
            spans = [
                structure.view.to_original(tokens.starts[a], tokens.ends[b - 1])
                for a, b, _ in scan.phrase_matches(self.table, self.owner)
            ]
        else:
            spans = [
                structure.view.to_original(m.start(), m.end())
                for m in self.pattern.finditer(structure.view.cased)
            ]
        spans = sorted((s, e) for s, e in spans if e > s and admits(structure, rule, s, e))
        maximum, minimum = self.maximum, self.minimum
        if minimum is None and len(spans) <= maximum:
            return  # no unit holds more than the maximum
        span_starts = [s for s, _ in spans]
        unit = "article" if rule.scope == "text" else rule.scope
        units = _scope_units(structure, rule.scope)
        if not units:
            return
        # The spans that start in each unit, counted for every unit at once: a unit whose count
        # is within the maximum reports nothing over it (the spans inside are fewer still).
        bounds = np.array(units, dtype=np.int64).reshape(-1, 2)
        firsts = np.searchsorted(span_starts, bounds[:, 0], side="left")
        lasts = np.maximum(np.searchsorted(span_starts, bounds[:, 1], side="left"), firsts)
        if minimum is None:
            visited = np.flatnonzero(lasts - firsts > maximum).tolist()
        else:
            visited = range(len(units))
        for i in visited:
            unit_start, unit_end = units[i]
            # Units are disjoint and spans sorted: the candidates start inside the unit.
            first, last = int(firsts[i]), int(lasts[i])
            inside = [(s, e) for s, e in spans[first:last] if e <= unit_end]
            if maximum is not None and len(inside) > maximum:
                detail = f"{len(inside)} in this {unit} (at most {maximum})"
                for s, e in inside[int(maximum) :]:
                    yield rule, Hit(s, e, f"{rule.message} ({detail})")
            if minimum is not None and len(inside) < minimum and unit_end > unit_start:
                detail = f"{len(inside)} in this {unit} (at least {minimum})"
                newline = doc.text.find("\n", unit_start, unit_end)
                line_end = unit_end if newline < 0 else newline
                yield rule, Hit(unit_start, line_end, f"{rule.message} ({detail})")


class DensityKind(RuleKind):
    """One finding when the counted cues exceed `limit` per 1,000 words and, with `out_of`,
    also make up `min_share` of the units that counter counts (the check-worthy sentences,
    say): one summary for a pattern spread over the article, on its densest block."""

    name = "density"
    keys: ClassVar[Mapping[str, bool]] = {
        "counts": True,
        "limit": True,
        "min_words": False,
        "min_hits": False,
        "out_of": False,
        "min_share": False,
    }
    aggregate = True

    def __init__(self, rule: Rule, counter: Counter | None):
        super().__init__((rule,))
        self.rule = rule
        self.counter = counter
        counts = rule.options["counts"]
        self.category = counts if isinstance(counts, str) else None
        self.ids = frozenset(counts) if not isinstance(counts, str) else frozenset()

    @classmethod
    def validate(cls, options, fail):
        from audit.features import COUNTERS  # the counters import the rule model

        _numbers(options, ("limit", "min_words", "min_hits", "min_share"), fail)
        counts = options["counts"]
        if not (isinstance(counts, str) or str_list(counts)):
            raise fail("key 'counts' must be a category name or a list of rule ids")
        if options.get("min_share", 0) > 1:
            raise fail("key 'min_share' is a share of the units counted: 0 to 1")
        if "out_of" in options:
            if not isinstance(options["out_of"], str):
                raise fail("key 'out_of' must be the name of a counter")
            if options["out_of"] not in COUNTERS:
                raise fail(
                    f"key 'out_of' names no known counter ({options['out_of']!r}; "
                    f"known: {', '.join(sorted(COUNTERS))})"
                )

    @classmethod
    def of(cls, rule, context):
        out_of = rule.options.get("out_of")
        return cls(rule, None if out_of is None else context.counters[out_of])

    def hits(self, scan):
        rule, doc = self.rule, scan.doc
        options = rule.options
        if self.category is not None:
            counted = [f for f in scan.evidence if f.category == self.category]
        else:
            counted = [f for f in scan.evidence if f.rule in self.ids]
        words = doc.structure.word_count
        if words < options.get("min_words", 150) or len(counted) < options.get("min_hits", 3):
            return
        rate = 1000 * len(counted) / words
        if rate <= options["limit"]:
            return
        share = ""
        if self.counter is not None:
            total, unit = self.counter(doc)
            if not total or len(counted) / total < options.get("min_share", 0.0):
                return
            share = f"{len(counted)} of {total} {unit}, {100 * len(counted) / total:.0f}%; "
        start, end = _densest_block(doc.structure, counted)
        message = (
            f"{rule.message} ({share}{len(counted)} in {words} words: {rate:.1f} per 1,000, "
            f"limit {options['limit']:g})"
        )
        yield rule, Hit(start, end, message)


# Evidence kinds first, in the order the engine runs them; then the aggregates.
KINDS: dict[str, type[RuleKind]] = {
    kind.name: kind
    for kind in (PhraseKind, PatternKind, LineKind, PythonKind, OccurrenceKind, DensityKind)
}


def admits(structure: Structure, rule: Rule, start: int, end: int) -> bool:
    """Whether a match stands in the rule's scope and, if quotes are allowed, outside them."""
    if start < structure.body_start:
        return False
    allowed = _SCOPE_BLOCKS.get(rule.scope)
    if allowed is not None:
        block = structure.block_at(start)
        if block is None or block.kind not in allowed:
            return False
    return not (rule.allow_quotes and structure.in_quote(start, end))


def _scope_units(structure: Structure, scope: str) -> list[tuple[int, int]]:
    if scope == "sentence":
        return [(s.start, s.end) for s in structure.sentences]
    if scope in ("paragraph", "heading"):
        kinds = _SCOPE_BLOCKS[scope]
        return [(b.start, b.end) for b in structure.blocks if b.kind in kinds]
    if scope == "line":
        return [(line.start, line.end) for line in structure.lines]
    blocks = structure.blocks
    return [(blocks[0].start, blocks[-1].end)] if blocks else []


def _densest_block(structure: Structure, counted: list[Finding]) -> tuple[int, int]:
    tally: dict[int, int] = {}
    for finding in counted:
        block = structure.block_at(finding.start)
        if block is not None:
            tally[block.index] = tally.get(block.index, 0) + 1
    if not tally:
        return counted[0].start, counted[0].end
    best = max(tally, key=lambda i: (tally[i], -i))
    block = structure.blocks[best]
    return block.start, block.end


def _ignore_case(options: Mapping[str, Any]) -> bool:
    return not options.get("case_sensitive")


def _phrases(options: Mapping[str, Any], fail: Fail) -> None:
    phrases = options["phrases"]
    if not str_list(phrases):
        raise fail("key 'phrases' must be a non-empty list of strings")
    for phrase in phrases:
        if not phrase_words(phrase):
            raise fail(f"key 'phrases': {phrase!r} has no words")


def _patterns(options: Mapping[str, Any], fail: Fail) -> None:
    if not str_list(options["patterns"]):
        raise fail("key 'patterns' must be a non-empty list of strings")


def check_patterns(options: Mapping[str, Any], fail: Fail) -> None:
    """Compile a validated rule's `patterns`, if it has any, as the engine will: a user's pack
    is checked when it loads; the shipped packs' patterns are compiled by the test suite, and
    at run time only when a document needs them (about 40 ms of a one-draft check)."""
    for pattern in options.get("patterns", ()):
        try:
            # With the flags the rule runs with: `regex` keeps what it compiled, so the rule's
            # matcher then finds each pattern compiled.
            compile_pattern(pattern, _ignore_case(options))
        except regex.error as error:
            raise fail(f"key 'patterns': {pattern!r} is not a valid regex: {error}") from error


def _numbers(options: Mapping[str, Any], keys: Sequence[str], fail: Fail) -> None:
    for key in keys:
        value = options.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value < 0
        ):
            raise fail(f"key {key!r} must be a non-negative number")


def _flag(options: Mapping[str, Any], key: str, fail: Fail) -> None:
    if key in options and not isinstance(options[key], bool):
        raise fail(f"key {key!r} must be true or false")


def str_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
