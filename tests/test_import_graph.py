"""The package's import graph has no cycle, so each stage can be read (and imported) on its own.

Every import of an `audit` module counts, at module level or inside a function, because a
deferred import only hides a cycle. Imports under `if TYPE_CHECKING:` never run; they count
too, except those made by `audit.results`, the leaf module of result types, which names for the
type checker only the types its fields hold.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import audit

PACKAGE = Path(audit.__file__).parent
RESULTS = "audit.results"


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    modules = {}
    for path in package.rglob("*.py"):
        parts = ["audit", *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports(modules: dict[str, Path]) -> dict[str, dict[str, bool]]:
    """Each module's imports of audit modules, each marked True when it runs (not type-only)."""

    def known(name: str) -> str:
        while name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, dict[str, bool]] = {}
    for name, path in modules.items():
        found: dict[str, bool] = {}

        def visit(node: ast.AST, runs: bool, found=found) -> None:
            for child in ast.iter_child_nodes(node):
                targets: list[str] = []
                if isinstance(child, ast.Import):
                    targets = [a.name for a in child.names]
                elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                    targets = [f"{child.module}.{a.name}" for a in child.names]
                for target in targets:
                    if target.split(".")[0] == "audit":
                        found[known(target)] = found.get(known(target), False) or runs
                visit(child, runs and not _type_checking(child))

        visit(ast.parse(path.read_text(encoding="utf-8")), True)
        found.pop(name, None)
        graph[name] = found
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        return error.args[1]
    return None


def test_no_import_cycle_in_audit():
    graph = imports(_modules())
    edges = {
        name: {target for target, runs in found.items() if runs or name != RESULTS}
        for name, found in graph.items()
    }
    assert _cycle(edges) is None


def test_the_result_types_import_no_analysis_code_at_run_time():
    graph = imports(_modules())
    assert RESULTS in graph
    assert [target for target, runs in graph[RESULTS].items() if runs] == []


def test_a_cycle_through_a_deferred_or_type_only_import_is_found(tmp_path):
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "a.py").write_text("from audit.b import f\n")
    (tmp_path / "b.py").write_text("def f():\n    from audit import a\n")
    (tmp_path / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from audit.d import D\n"
    )
    (tmp_path / "d.py").write_text("import audit.c\n")
    graph = imports(_modules(tmp_path))
    assert graph["audit.b"] == {"audit.a": True}
    assert graph["audit.c"] == {"audit.d": False}
    edges = {name: set(found) for name, found in graph.items()}
    assert set(_cycle(edges)) in ({"audit.a", "audit.b"}, {"audit.c", "audit.d"})
    del edges["audit.a"]
    assert set(_cycle(edges)) == {"audit.c", "audit.d"}


def test_the_html_report_reads_the_run_not_the_ranking_the_registry_or_the_models():
    graph = imports(_modules())
    reached = {target for target, runs in graph["audit.formatters.html_report"].items() if runs}
    assert reached.isdisjoint(
        {"audit.sources.ranking", "audit.rules.registry", "audit.models.load"}
    ), reached
