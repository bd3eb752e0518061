"""The one place where every rule is registered: built-in packs, user packs, Python checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.features import CHECKS, COUNTERS
from audit.rules.engine import Engine
from audit.rules.errors import RulePackError
from audit.rules.loader import load_pack
from audit.rules.model import Rule
from audit.text.segment import make_document


def builtin_pack_dir() -> Path:
    """Packs ship inside the wheel as audit/packs; a source checkout keeps them in rules/."""
    packaged = Path(__file__).resolve().parent.parent / "packs"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True)
class Registry:
    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule | None:
        wanted = rule_id.upper()
        return next((r for r in self.rules if r.id == wanted or r.name == rule_id), None)

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Registry:
        """Keep rules matching any `select` selector (all if none) and no `ignore` selector.

        A selector is a rule id, an id prefix ("HDG", "CLT0") or a rule name.
        """
        select, ignore = list(select), list(ignore)
        kept = [
            rule for rule in self.rules
            if (not select or any(_selects(s, rule) for s in select))
            and not any(_selects(s, rule) for s in ignore)
        ]  # fmt: skip
        return Registry(tuple(kept))

    def engine(self) -> Engine:
        return Engine(self.rules, CHECKS, COUNTERS)


def _selects(selector: str, rule: Rule) -> bool:
    return rule.id.startswith(selector.upper()) or rule.name == selector


def load_registry(extra_packs: Sequence[Path] = ()) -> Registry:
    packs = sorted(builtin_pack_dir().glob("*.toml")) + [Path(p) for p in extra_packs]
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in load_pack(pack):
            if rule.id in seen:
                raise RulePackError(
                    f"{pack}: rule {rule.id}: id already defined in {seen[rule.id]}"
                )
            if rule.kind == "python" and rule.options["check"] not in CHECKS:
                known = ", ".join(sorted(CHECKS))
                raise RulePackError(
                    f"{pack}: rule {rule.id}: key 'check' names no known check "
                    f"({rule.options['check']!r}; known: {known})"
                )
            if rule.options.get("out_of", next(iter(COUNTERS))) not in COUNTERS:
                raise RulePackError(
                    f"{pack}: rule {rule.id}: key 'out_of' names no known counter "
                    f"({rule.options['out_of']!r}; known: {', '.join(sorted(COUNTERS))})"
                )
            seen[rule.id] = pack.name
            rules.append(rule)
    rules.sort(key=lambda r: r.id)
    registry = Registry(tuple(rules))
    for rule in rules:
        if seen[rule.id] in {Path(p).name for p in extra_packs}:
            _check_examples(registry, rule, seen[rule.id])
    return registry


def _check_examples(registry: Registry, rule: Rule, pack: str) -> None:
    """A user's rule must flag its `flag` examples and pass its `pass` examples, as the shipped
    rules must (their tests): an example that fails means the rule does not do what it says."""
    family = [r.id for r in registry.rules if r.category == rule.category]
    engine = registry.select(family if rule.kind == "density" else [rule.id]).engine()
    for examples, expected, word in (
        (rule.examples.flag, True, "is not flagged"),
        (rule.examples.allow, False, "is flagged"),
    ):
        for example in examples:
            found = any(f.rule == rule.id for f in engine.run(make_document(example)))
            if found != expected:
                kind = "flag" if expected else "pass"
                raise RulePackError(f"{pack}: rule {rule.id}: {kind} example {example!r} {word}")
