"""The one place where every rule is registered: built-in packs, user packs, Python checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from audit.features import CHECKS, COUNTERS
from audit.rules.engine import Engine
from audit.rules.errors import RulePackError
from audit.rules.loader import pack_rules, read_pack
from audit.rules.model import Family, Rule
from audit.text.segment import make_document


def builtin_pack_dir() -> Path:
    """Packs ship inside the wheel as audit/packs; a source checkout keeps them in rules/."""
    packaged = Path(__file__).resolve().parent.parent / "packs"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True)
class Registry:
    rules: tuple[Rule, ...]
    # Every family the packs declare, in their `order` (by default the shipped ones).
    families: tuple[Family, ...] = field(default_factory=lambda: builtin_families())

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
        return Registry(tuple(kept), self.families)

    def engine(self) -> Engine:
        return Engine(self.rules, CHECKS, COUNTERS)


def _selects(selector: str, rule: Rule) -> bool:
    return rule.id.startswith(selector.upper()) or rule.name == selector


def load_pack(path: Path) -> list[Rule]:
    """The rules of one pack, which may belong to the built-in families or to the one the
    pack declares."""
    pack = read_pack(path)
    families = {f.prefix: f for f in builtin_families()}
    if pack.family is not None:
        families[pack.family.prefix] = pack.family
    return pack_rules(pack, families)


def load_registry(extra_packs: Sequence[Path] = ()) -> Registry:
    """Every pack's rules and families: the built-in packs, then the user's. A family is
    declared by one pack's `[pack]` table; any pack may add rules to any family."""
    return _load(tuple(extra_packs)) if extra_packs else builtin_registry()


def _load(extra_packs: tuple[Path, ...]) -> Registry:
    shipped = sorted(builtin_pack_dir().glob("*.toml"))
    packs = [read_pack(p) for p in (*shipped, *extra_packs)]
    families: dict[str, Family] = {}
    for pack in packs:
        family = pack.family
        if family is None:
            continue
        for other in families.values():
            if family.prefix == other.prefix or family.category == other.category:
                key = "family" if family.prefix == other.prefix else "category"
                raise RulePackError(
                    f"{pack.path}: [pack]: key {key!r}: family {other.prefix} "
                    f"({other.category}) is already declared in {other.pack}"
                )
        families[family.prefix] = family
    for pack in packs:
        if pack.prefix is not None and pack.prefix not in families:
            raise RulePackError(
                f"{pack.path}: [pack]: key 'family': no pack declares family {pack.prefix!r} "
                f"(declared: {', '.join(families)}); a new family needs 'category', 'weight' "
                "and 'half_points'"
            )
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack_rules(pack, families, shipped=pack.path in shipped):
            if rule.id in seen:
                raise RulePackError(
                    f"{pack.path}: rule {rule.id}: id already defined in {seen[rule.id]}"
                )
            seen[rule.id] = pack.path.name
            rules.append(rule)
    rules.sort(key=lambda r: r.id)
    ordered = tuple(sorted(families.values(), key=lambda f: (f.order, f.prefix)))
    registry = Registry(tuple(rules), ordered)
    for rule in rules:
        if seen[rule.id] in {Path(p).name for p in extra_packs}:
            _check_examples(registry, rule, seen[rule.id])
    return registry


@cache
def builtin_registry() -> Registry:
    """The shipped packs' rules and families (read once: they do not change during a run)."""
    return _load(())


def builtin_families() -> tuple[Family, ...]:
    return builtin_registry().families


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
