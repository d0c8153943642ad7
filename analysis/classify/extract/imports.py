"""Imports in .py and .ipynb files -> framework evidence (`ast`, tolerant line scan fallback)."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from functools import lru_cache

from analysis.classify.extract.common import (
    BACKEND_SIGNAL,
    INCIDENTAL,
    MULTIBACKEND,
    note,
    text_evidence,
)
from analysis.classify.frameworks import (
    INCIDENTAL_SUBMODULES,
    MODULES,
    framework_of_module,
    is_incidental_module,
)
from analysis.models import Evidence

_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)
MAX_AST_LINE = 20_000  # longer lines are not parsed with `ast` (its memory grows with them)
_LONG_LINE = re.compile(rf"[^\n]{{{MAX_AST_LINE}}}")
_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:import[ \t]+([\w.][\w. \t,]*)|from[ \t]+([\w.]+)[ \t]+import\b[ \t(]*([\w, \t]*))",
    re.M,
)
# groups: module, its top-level name (what the framework table is keyed on), alias
_PLAIN_LINE = re.compile(
    r"^import[ \t]+(?=[\w.])((\w*)[\w.]*)(?:[ \t]+as[ \t]+(\w+))?[ \t]*\r?$", re.M
)
# A framework module name anywhere (cheap pre-check), and what could hide an import from a line
# scan: `x; import y`, `try: import y`, `import a, \` continuations (`from m import a, \` only
# hides names imported from m, and m is found).
_FRAMEWORK_WORD = re.compile(
    r"\b(?:"
    + "|".join(sorted(map(re.escape, MODULES), key=len, reverse=True))
    + r")\b|KERAS_BACKEND"
)
_INLINE_IMPORT = re.compile(r"[;:][ \t]*(?:import|from)[ \t]")
_TRIPLE = re.compile(r"\"\"\"|\'\'\'")
_KERAS_MULTI = frozenset({"keras.ops", "keras.config", "keras_core", "keras.src.backend"})
_MAGIC = re.compile(r"^\s*[%!?]")
Import = tuple[int, str, str | None]  # line, dotted module, name it is bound to (or None)


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence for every framework module a Python file or notebook imports."""
    read = _notebook if path.lower().endswith(".ipynb") else scan_python
    return text_evidence(path, data, read)


def scan_python(path: str, text: str, offset: int = 0) -> list[Evidence]:
    """Imports via cheap scans where they decide, else `ast`; on a syntax error (Python 2, broken
    file) a line scan, with a note."""
    plain = _plain_imports(text)
    if plain is not None:
        # Nothing but plain import lines: splitting them is exact and 10x cheaper than compile().
        return _to_evidence(path, text, plain, offset)
    if _LONG_LINE.search(text):  # generated data: ast needs hundreds of MB for one such line
        found = [note(path, f"a line over {MAX_AST_LINE} characters; scanned import lines")]
        return found + _to_evidence(path, text, list(line_scan(text)), offset)
    quick = quick_scan(text)
    if quick is not None:  # every import starts a line: found 10-20x faster than by compile()
        return _to_evidence(path, text, quick, offset)
    if not _FRAMEWORK_WORD.search(text):
        return []  # no framework's name anywhere: no framework import to find
    try:
        tree = ast.parse(text)
    except _PARSE_ERRORS as exc:
        where = getattr(exc, "lineno", None)
        found = [
            note(
                path,
                f"{type(exc).__name__}: not valid Python 3; scanned import lines",
                (where or 0) + offset if where else None,
            )
        ]
        return found + _to_evidence(path, text, list(line_scan(text)), offset)
    return _to_evidence(path, text, list(_imports(tree.body)), offset)


def _imports(body: list[ast.stmt]) -> Iterator[Import]:
    """Import statements anywhere in the statement tree (lazy imports inside functions too)."""
    for node in body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".", 1)[0]
                yield node.lineno, alias.name, bound
        elif isinstance(node, ast.ImportFrom):
            if node.level or not node.module:
                continue  # relative imports are the repo's own modules
            for alias in node.names:
                name = node.module if alias.name == "*" else f"{node.module}.{alias.name}"
                yield node.lineno, name, None
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if children:
                    yield from _imports(_statements(children))


def _statements(children: list) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for child in children:
        if isinstance(child, ast.ExceptHandler | ast.match_case):
            out.extend(child.body)
        elif isinstance(child, ast.stmt):
            out.append(child)
    return out


def _plain_imports(text: str) -> list[Import] | None:
    """Framework imports of a text made only of `import a.b [as c]` lines, else None."""
    if text and not text.startswith("import"):
        return None
    matches = _PLAIN_LINE.findall(text)
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    if len(matches) != lines:
        return None  # something else is in there (code, blank lines, from-imports): use ast
    return [
        (lineno, module, alias or top)
        for lineno, (module, top, alias) in enumerate(matches, 1)
        if top in MODULES
    ]


def line_scan(text: str) -> Iterator[Import]:
    """Tolerant import scan for text `ast` rejects (Python 2 prints, merge conflicts)."""
    for match in _IMPORT_LINE.finditer(text):
        yield from _line_imports(text.count("\n", 0, match.start()) + 1, match)


def _line_imports(lineno: int, match: re.Match[str]) -> Iterator[Import]:
    if match.group(2):
        names = [n.split()[0] for n in match.group(3).split(",") if n.split()]
        for name in names or ["*"]:
            yield lineno, match.group(2) if name == "*" else f"{match.group(2)}.{name}", None
        return
    for part in match.group(1).split(","):
        words = part.split()
        if words:
            bound = words[2] if len(words) == 3 and words[1] == "as" else None
            yield lineno, words[0], bound or words[0].split(".", 1)[0]


def quick_scan(text: str) -> list[Import] | None:
    """The import lines outside triple-quoted strings, found from the word `import` (str.find, no
    parse); None when a line could hide an import from such a scan (`x; import y`, `try: import
    y`, an `import a, \\` continuation), which `ast` must then read."""
    found: list[Import] = []
    strings = None
    lineno, last, pos = 1, 0, text.find("import")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[start:end]
        match = _IMPORT_LINE.match(line)
        if match:
            if line.lstrip().startswith("import") and line.rstrip().endswith("\\"):
                return None
            strings = _string_spans(text) if strings is None else strings
            if not any(a <= start < b for a, b in strings):
                lineno += text.count("\n", last, start)
                last = start
                found.extend(_line_imports(lineno, match))
        elif _INLINE_IMPORT.search(line):
            return None
        pos = text.find("import", end)
    return found


def _string_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of triple-quoted strings, pairing delimiters in order (quotes in comments
    can mislead it; the import scan then errs on a file, not on a repository)."""
    spans, opened = [], None
    for match in _TRIPLE.finditer(text):
        if opened is None:
            opened = match
        elif match.group() == opened.group():
            spans.append((opened.start(), match.end()))
            opened = None
    if opened is not None:
        spans.append((opened.start(), len(text)))
    return spans


def _to_evidence(path: str, text: str, imports: list[Import], offset: int) -> list[Evidence]:
    found = []
    for lineno, module, bound in imports:
        framework = framework_of_module(module)
        if framework is None:
            continue
        detail = _detail(text, module, bound)
        found.append(Evidence(path, lineno + offset, module, framework, "import", detail))
    if BACKEND_SIGNAL in text:
        lineno = text.count("\n", 0, text.find(BACKEND_SIGNAL)) + 1 + offset
        found.append(Evidence(path, lineno, BACKEND_SIGNAL, "keras", "import", MULTIBACKEND))
    return found


@lru_cache(maxsize=4096)
def _module_tag(module: str) -> str:
    """The tag a module name alone implies: incidental (tfds), multi-backend (keras.ops)."""
    if is_incidental_module(module):
        return INCIDENTAL
    if module.startswith("keras") and any(
        module == m or module.startswith(m + ".") for m in _KERAS_MULTI
    ):
        return MULTIBACKEND
    return ""


def _detail(text: str, module: str, bound: str | None) -> str:
    tag = _module_tag(module)
    if tag:
        return tag
    top = module.split(".", 1)[0]
    if (
        bound
        and top in INCIDENTAL_SUBMODULES
        and bound + "." in text
        and _only_incidental_uses(text, top, module, bound)
    ):
        return f"{INCIDENTAL}: only {bound}.{{io,data,summary,...}} used"
    return ""


def _only_incidental_uses(text: str, top: str, module: str, bound: str) -> bool:
    """`tf.io.gfile` / `tf.data` / `torch.utils.data` are the only attributes used."""
    uses = re.finditer(
        rf"(?<![\w.]){re.escape(bound)}\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*){{0,2}})", text
    )
    prefix = module[len(top) + 1 :] + "." if module != top else ""
    used = False
    for use in uses:  # the first real use decides: most files use torch.nn at once
        if not is_incidental_module(f"{top}.{prefix}{use.group(1)}"):
            return False
        used = True
    return used  # import-only text (a reconstruction) says nothing about use


def _notebook(path: str, text: str) -> list[Evidence]:
    """Code cells parsed one by one; line numbers count through the concatenated cells."""
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        unescaped = text.replace("\\n", "\n").replace('"', "\n")
        found = [note(path, f"notebook is not JSON ({type(exc).__name__}); scanned lines")]
        return found + _to_evidence(path, unescaped, list(line_scan(unescaped)), 0)
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if not isinstance(cells, list):  # nbformat 3 keeps cells under worksheets
        sheets = doc.get("worksheets") if isinstance(doc, dict) else None
        cells = [c for s in sheets or [] if isinstance(s, dict) for c in s.get("cells") or []]
    found: list[Evidence] = []
    offset = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        source = str(source)
        source = "\n".join("" if _MAGIC.match(line) else line for line in source.split("\n"))
        found.extend(scan_python(path, source, offset))
        offset += source.count("\n") + 1
    return found
