"""setup.py -> framework evidence, read with `ast` only (never executed)."""

from __future__ import annotations

import ast

from analysis.classify.extract.common import note, text_evidence
from analysis.classify.extract.requirements import requirement_line, scan_quoted
from analysis.models import Evidence

_KEYWORDS = frozenset({"install_requires", "extras_require", "setup_requires", "requires"})


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from setup(install_requires=...) as a literal or a name bound to a list."""
    return text_evidence(path, data, _evidence)


def _evidence(path: str, text: str) -> list[Evidence]:
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        problem = f"setup.py not parsable ({type(exc).__name__}); scanned"
        return [note(path, problem), *scan_quoted(path, text)]
    evidence: list[Evidence] = []
    bindings = _list_bindings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_setup(node.func):
            for keyword in node.keywords:
                if keyword.arg in _KEYWORDS:
                    for lineno, spec in _strings(keyword.value, bindings):
                        evidence.extend(requirement_line(path, lineno, spec, "manifest"))
    return evidence


def _is_setup(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )


def _list_bindings(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level `name = [...]` (last binding wins, as at run time)."""
    bindings: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                bindings[target.id] = node.value
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            previous = bindings.get(node.target.id)
            if previous is not None:
                bindings[node.target.id] = ast.BinOp(previous, ast.Add(), node.value)
    return bindings


def _strings(node: ast.expr, bindings: dict[str, ast.expr], depth: int = 0):
    """(line, string) pairs from list/tuple/dict literals, names, and `a + b` of those."""
    if depth > 8:  # bindings may refer to each other in a cycle
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            yield from _strings(element, bindings, depth + 1)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _strings(value, bindings, depth + 1)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _strings(node.left, bindings, depth + 1)
        yield from _strings(node.right, bindings, depth + 1)
    elif isinstance(node, ast.Name) and node.id in bindings:
        yield from _strings(bindings[node.id], bindings, depth + 1)
