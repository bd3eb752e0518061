"""Load and validate declarative rule packs (TOML).

TOML because it is in the standard library (no dependency), allows comments,
and has no implicit typing surprises (YAML's `no` becoming False). Every error
names the pack file, the rule and the key, so a pack author can fix it alone.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.rules.errors import RulePackError
from audit.rules.kinds import KINDS, check_patterns, str_list
from audit.rules.model import (
    CONFIDENCES,
    HALF_POINTS,
    LEVELS,
    SCOPES,
    WEIGHTS,
    Examples,
    Family,
    Rule,
)

_ID = re.compile(r"([A-Z]{3})\d{3}")
_PREFIX = re.compile(r"[A-Z]{3}")
_CATEGORY = re.compile(r"[a-z][a-z0-9_]*")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_COMMON_KEYS = {
    "id", "name", "kind", "level", "confidence", "scope", "allow_quotes",
    "message", "why", "fix", "examples", "defer", "defer_to", "category",
}  # fmt: skip
_PACK_KEYS = {
    "family", "description", "category", "label", "weight", "half_points", "per_500_words",
    "colour", "order", "report_order",
}  # fmt: skip
HOUSE_ORDER = 1000  # a family that declares no position comes after the shipped ones
DEFAULT_COLOUR = "#e5e7eb"


@dataclass(frozen=True)
class Pack:
    """A pack as read: its file, the family its `[pack]` table declares (if it declares
    one), and its rule tables, parsed once every family of the run is known."""

    path: Path
    family: Family | None
    prefix: str | None  # the `family` key: the prefix of the family the pack belongs to
    entries: tuple[dict[str, Any], ...]


def read_pack(path: Path) -> Pack:
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
    table = data.get("pack", {})
    if not isinstance(table, dict):
        raise RulePackError(f"{path}: 'pack' must be a table")
    prefix, family = _family(path, table)
    return Pack(path, family, prefix, tuple(entries))


def pack_rules(pack: Pack, families: Mapping[str, Family], *, shipped: bool = False) -> list[Rule]:
    """The pack's rules, validated; a user's pack also has its patterns compiled (`shipped`:
    one of the built-in packs, whose patterns the test suite compiles)."""
    return [
        _parse_rule(pack.path, i, entry, families, shipped) for i, entry in enumerate(pack.entries)
    ]


def _family(path: Path, table: dict[str, Any]) -> tuple[str | None, Family | None]:
    """The `[pack]` table: `family` names the id prefix of the pack's family; with `category`
    (and `weight`, `half_points`) the pack declares that family itself."""

    def fail(message: str) -> RulePackError:
        return RulePackError(f"{path}: [pack]: {message}")

    unknown = sorted(set(table) - _PACK_KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r}")
    if not table:
        return None, None
    prefix = table.get("family")
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise fail("key 'family' must be the family's rule id prefix: three capital letters")
    description = _optional_str(table, "description", fail)
    if "category" not in table:
        declaring = sorted(set(table) - {"family", "description"})
        if declaring:
            raise fail(f"key {declaring[0]!r} declares a family: it needs 'category'")
        return prefix, None
    category = table["category"]
    if not isinstance(category, str) or not _CATEGORY.fullmatch(category):
        raise fail("key 'category' must be a lower-case name (letters, digits and '_')")
    colour = table.get("colour", DEFAULT_COLOUR)
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise fail("key 'colour' must be a colour such as \"#fde68a\"")
    family = Family(
        prefix=prefix,
        category=category,
        label=_optional_str(table, "label", fail) or category.replace("_", " "),
        description=description,
        weight=_number(table, "weight", WEIGHTS, fail),
        half_points=_number(table, "half_points", HALF_POINTS, fail),
        per_words=_bool(table, "per_500_words", False, fail),
        colour=colour,
        order=_position(table, "order", fail),
        report_order=_position(table, "report_order", fail),
        pack=path.name,
    )
    return prefix, family


def _number(table: dict[str, Any], key: str, bounds: tuple[float, float], fail) -> float:
    value = table.get(key)
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise fail(f"key {key!r} is required: a number from {low:g} to {high:g}")
    return float(value)


def _position(table: dict[str, Any], key: str, fail) -> int:
    value = table.get(key, HOUSE_ORDER)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail(f"key {key!r} must be a whole number (families are listed in its order)")
    return value


def _category(entry: dict[str, Any], default: str, categories: tuple[str, ...], fail) -> str:
    """The id prefix names a rule's category, unless the rule moved category and kept its
    id (``category = "clutter"``), so that users' ignore lists and baselines still match."""
    return _choice(entry, "category", categories, default, fail)


def _parse_rule(
    path: Path, position: int, entry: dict[str, Any], families: Mapping[str, Family], shipped: bool
) -> Rule:
    where = f"{path}: rule {entry.get('id', f'#{position + 1}')}"

    def fail(message: str) -> RulePackError:
        return RulePackError(f"{where}: {message}")

    rule_id = _required_str(entry, "id", fail)
    match = _ID.fullmatch(rule_id)
    if not match or match.group(1) not in families:
        prefixes = ", ".join(families)
        raise fail(f"key 'id' must be a family prefix ({prefixes}) and three digits")
    categories = tuple(f.category for f in families.values())
    kind = _choice(entry, "kind", tuple(KINDS), None, fail)
    keys = KINDS[kind].keys
    unknown = sorted(set(entry) - _COMMON_KEYS - set(keys))
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} for a {kind} rule")
    for key, required in keys.items():
        if required and key not in entry:
            raise fail(f"key {key!r} is required for a {kind} rule")
    options = {key: entry[key] for key in keys if key in entry}
    KINDS[kind].validate(options, fail)
    if not shipped:
        check_patterns(options, fail)
    return Rule(
        id=rule_id,
        name=_required_str(entry, "name", fail),
        category=_category(entry, families[match.group(1)].category, categories, fail),
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
        defer_to=_defer_to(entry, categories, fail),
    )


def _optional_str(entry: dict[str, Any], key: str, fail) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise fail(f"key {key!r} must be a string")
    return " ".join(value.split())


def _defer_to(entry: dict[str, Any], known: tuple[str, ...], fail) -> tuple[str, ...]:
    """Other categories a deferring rule yields to: only a deferring rule yields."""
    if "defer_to" not in entry:
        return ()
    value = entry["defer_to"]
    categories = sorted(known)
    if not str_list(value) or not set(value) <= set(categories):
        raise fail(f"key 'defer_to' must be a list of categories ({', '.join(categories)})")
    if entry.get("defer") is not True:
        raise fail("key 'defer_to' needs 'defer = true'")
    return tuple(value)


def _examples(entry: dict[str, Any], fail) -> Examples:
    examples = entry.get("examples")
    if not isinstance(examples, dict):
        raise fail("key 'examples' is required, with 'flag' and 'pass' lists")
    unknown = sorted(set(examples) - {"flag", "pass"})
    if unknown:
        raise fail(f"unknown key 'examples.{unknown[0]}'")
    for key in ("flag", "pass"):
        if not str_list(examples.get(key)):
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
