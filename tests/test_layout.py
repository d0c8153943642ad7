"""The tree as the table of contents: imports run one way, no module circle, every package says
what it decides."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("analysis", "scraper", "dashboard")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules `path` imports at module level or inside functions (not TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in modules}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {m: _imports(p, modules) for m, p in modules.items()}
    # A package's __init__ re-exports its modules; importing `a.b` runs `a/__init__` first, but
    # that is Python's order, not a dependency of the importer on the siblings it re-exports.
    return {m: {d for d in deps if d != m} for m, deps in graph.items()}


def test_imports_run_one_way_scraper_to_analysis_to_nothing():
    for module, deps in _graph().items():
        top = module.split(".")[0]
        tops = {d.split(".")[0] for d in deps}
        if top == "analysis":
            assert tops <= {"analysis"}, (module, deps)
        elif top == "dashboard":
            assert "scraper" not in tops, (module, deps)


def test_no_two_modules_import_each_other_directly_or_in_a_circle():
    graph = {m: {d for d in deps if not d.endswith("__init__")} for m, deps in _graph().items()}
    packages = {m for m, p in _modules().items() if p.name == "__init__.py"}
    # Edges into a package's __init__ (re-exports) are left out: only module -> module counts.
    edges = {m: {d for d in deps if d not in packages} for m, deps in graph.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                pytest.fail("import circle: " + " -> ".join(path[path.index(dep) :] + [dep]))
            if dep not in state:
                visit(dep)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_the_ladder_constants_live_in_one_module_the_others_import():
    graph = _graph()
    assert "analysis.ports.ladder" in graph["analysis.ports.signals"]
    assert "analysis.ports.signals" not in graph["analysis.ports.ladder"]


@pytest.mark.parametrize(
    "package",
    ["analysis.classify", "analysis.ports", "analysis.metrics", "analysis.charts",
     "scraper.stages", "scraper.port_search", "scraper.github", "scraper.http", "scraper.sources"],
)  # fmt: skip
def test_every_package_states_what_it_decides(package):
    init = ROOT / package.replace(".", "/") / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text()))
    assert doc and len(doc.split()) >= 12, package
