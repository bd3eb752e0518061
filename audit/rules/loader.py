"""Load and validate declarative rule packs (TOML).

TOML because it is in the standard library (no dependency), allows comments,
and has no implicit typing surprises (YAML's `no` becoming False). Every error
names the pack file, the rule and the key, so a pack author can fix it alone.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import regex

from audit.rules.errors import RulePackError
from audit.rules.model import (
    CATEGORY_PREFIXES,
    CONFIDENCES,
    KINDS,
    LEVELS,
    SCOPES,
    Examples,
    Rule,
)
from audit.rules.phrases import phrase_words
from audit.rules.safe_regex import compile_pattern

_ID = re.compile(r"([A-Z]{3})\d{3}")
_COMMON_KEYS = {
    "id", "name", "kind", "level", "confidence", "scope", "allow_quotes",
    "message", "why", "fix", "examples", "defer", "defer_to", "category",
}  # fmt: skip
_KIND_KEYS: dict[str, dict[str, bool]] = {  # key -> required
    "phrase": {"phrases": True},
    "pattern": {"patterns": True, "case_sensitive": False, "from_sentence_start": False},
    "line": {"patterns": True, "case_sensitive": False},
    "density": {
        "counts": True,
        "limit": True,
        "min_words": False,
        "min_hits": False,
        "out_of": False,
        "min_share": False,
    },
    "occurrence": {"phrases": False, "patterns": False, "max": False, "min": False},
    "python": {"check": True, "params": False},
}


def load_pack(path: Path) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"{path}: cannot read rule pack: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise RulePackError(f"{path}: not valid TOML: {error}") from error
    unknown = set(data) - {"pack", "rule"}
    if unknown:
        raise RulePackError(f"{path}: unknown top-level key {sorted(unknown)[0]!r}")
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise RulePackError(f"{path}: a pack needs at least one [[rule]] table")
    return [_parse_rule(path, i, entry) for i, entry in enumerate(entries)]


def _category(entry: dict[str, Any], default: str, fail) -> str:
    """The id prefix names a rule's category, unless the rule moved category and kept its
    id (``category = "clutter"``), so that users' ignore lists and baselines still match."""
    return _choice(entry, "category", tuple(CATEGORY_PREFIXES.values()), default, fail)


def _parse_rule(path: Path, position: int, entry: dict[str, Any]) -> Rule:
    where = f"{path}: rule {entry.get('id', f'#{position + 1}')}"

    def fail(message: str) -> RulePackError:
        return RulePackError(f"{where}: {message}")

    rule_id = _required_str(entry, "id", fail)
    match = _ID.fullmatch(rule_id)
    if not match or match.group(1) not in CATEGORY_PREFIXES:
        prefixes = ", ".join(CATEGORY_PREFIXES)
        raise fail(f"key 'id' must be a family prefix ({prefixes}) and three digits")
    kind = _choice(entry, "kind", KINDS, None, fail)
    allowed = _COMMON_KEYS | set(_KIND_KEYS[kind])
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} for a {kind} rule")
    for key, required in _KIND_KEYS[kind].items():
        if required and key not in entry:
            raise fail(f"key {key!r} is required for a {kind} rule")
    options = {key: entry[key] for key in _KIND_KEYS[kind] if key in entry}
    _check_options(kind, options, fail)
    return Rule(
        id=rule_id,
        name=_required_str(entry, "name", fail),
        category=_category(entry, CATEGORY_PREFIXES[match.group(1)], fail),
        kind=kind,
        level=_choice(entry, "level", LEVELS, "warning", fail),
        confidence=_choice(entry, "confidence", CONFIDENCES, "medium", fail),
        scope=_choice(entry, "scope", SCOPES, "text", fail),
        allow_quotes=_bool(entry, "allow_quotes", True, fail),
        message=_required_str(entry, "message", fail),
        why=_required_str(entry, "why", fail),
        fix=_optional_str(entry, "fix", fail),
        examples=_examples(entry, fail),
        pack=path.name,
        options=options,
        defer=_bool(entry, "defer", False, fail),
        defer_to=_defer_to(entry, fail),
    )


def _optional_str(entry: dict[str, Any], key: str, fail) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise fail(f"key {key!r} must be a string")
    return " ".join(value.split())


def _defer_to(entry: dict[str, Any], fail) -> tuple[str, ...]:
    """Other categories a deferring rule yields to: only a deferring rule yields."""
    if "defer_to" not in entry:
        return ()
    value = entry["defer_to"]
    categories = sorted(set(CATEGORY_PREFIXES.values()))
    if not _str_list(value) or not set(value) <= set(categories):
        raise fail(f"key 'defer_to' must be a list of categories ({', '.join(categories)})")
    if entry.get("defer") is not True:
        raise fail("key 'defer_to' needs 'defer = true'")
    return tuple(value)


def _check_options(kind: str, options: dict[str, Any], fail) -> None:
    if "phrases" in options:
        phrases = options["phrases"]
        if not _str_list(phrases):
            raise fail("key 'phrases' must be a non-empty list of strings")
        for phrase in phrases:
            if not phrase_words(phrase):
                raise fail(f"key 'phrases': {phrase!r} has no words")
    if "patterns" in options:
        if not _str_list(options["patterns"]):
            raise fail("key 'patterns' must be a non-empty list of strings")
        for pattern in options["patterns"]:
            try:
                compile_pattern(pattern, ignore_case=False)  # the engine that will run it
            except regex.error as error:
                raise fail(f"key 'patterns': {pattern!r} is not a valid regex: {error}") from error
    if kind == "occurrence":
        if ("phrases" in options) == ("patterns" in options):
            raise fail("an occurrence rule needs exactly one of 'phrases' or 'patterns'")
        if "max" not in options and "min" not in options:
            raise fail("an occurrence rule needs 'max' or 'min'")
    for key in ("limit", "max", "min", "min_words", "min_hits", "min_share"):
        value = options.get(key)
        if value is not None and (not isinstance(value, int | float) or value < 0):
            raise fail(f"key {key!r} must be a non-negative number")
    counts = options.get("counts")
    if counts is not None and not (isinstance(counts, str) or _str_list(counts)):
        raise fail("key 'counts' must be a category name or a list of rule ids")
    if options.get("min_share", 0) > 1:
        raise fail("key 'min_share' is a share of the units counted: 0 to 1")
    if "out_of" in options and not isinstance(options["out_of"], str):
        raise fail("key 'out_of' must be the name of a counter")
    if "params" in options and not isinstance(options["params"], dict):
        raise fail("key 'params' must be a table")


def _examples(entry: dict[str, Any], fail) -> Examples:
    examples = entry.get("examples")
    if not isinstance(examples, dict):
        raise fail("key 'examples' is required, with 'flag' and 'pass' lists")
    unknown = sorted(set(examples) - {"flag", "pass"})
    if unknown:
        raise fail(f"unknown key 'examples.{unknown[0]}'")
    for key in ("flag", "pass"):
        if not _str_list(examples.get(key)):
            raise fail(f"key 'examples.{key}' must be a non-empty list of strings")
    return Examples(flag=tuple(examples["flag"]), allow=tuple(examples["pass"]))


def _required_str(entry: dict[str, Any], key: str, fail) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"key {key!r} is required and must be a non-empty string")
    return value.strip()


def _choice(entry: dict[str, Any], key: str, choices, default, fail) -> str:
    if default is None and key not in entry:
        raise fail(f"key {key!r} is required (one of {', '.join(choices)})")
    value = entry.get(key, default)
    if value not in choices:
        raise fail(f"key {key!r} must be one of {', '.join(choices)} (got {value!r})")
    return value


def _bool(entry: dict[str, Any], key: str, default: bool, fail) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise fail(f"key {key!r} must be true or false")
    return value


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
