"""pyproject.toml -> framework evidence (PEP 621, optional deps, Poetry, PDM, uv, PEP 735)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from analysis.classify.extract import toolconfig
from analysis.classify.extract.common import key_line, line_of, note, text_evidence
from analysis.classify.extract.requirements import index_evidence, requirement_token, scan_quoted
from analysis.models import Evidence

TomlReader = Callable[[str, str, dict[str, Any]], list[Evidence]]  # (path, text, doc) -> evidence


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from pyproject.toml; a quoted-string scan when the TOML is malformed."""
    return text_evidence(path, data, partial(read_toml, _evidence))


def read_toml(read: TomlReader, path: str, text: str) -> list[Evidence]:
    """`read(path, text, doc)` of the loaded TOML; a quoted-string scan when it is malformed."""
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:  # RecursionError: nested too deep
        why = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "nested too deep"
        return [
            note(path, f"malformed TOML ({why}); scanned quoted strings"),
            *scan_quoted(path, text),
        ]
    return read(path, text, doc)


def index_tables(path: str, text: str, tables: Any) -> list[Evidence]:
    """Weak evidence from the `url` of each index table (`[[source]]`, `[[tool.uv.index]]`)."""
    found = []
    for table in tables if isinstance(tables, list) else ():
        url = table.get("url") if isinstance(table, dict) else None
        if isinstance(url, str):
            evidence = index_evidence(path, line_of(text, url), url, "manifest")
            if evidence:
                found.append(evidence)
    return found


def _evidence(path: str, text: str, doc: dict[str, Any]) -> list[Evidence]:
    evidence = []
    for spec in _requirement_strings(doc):
        found = requirement_token(path, None, spec, "manifest")
        if found:
            evidence.append(replace(found, line=_line(text, spec, found.package)))
    # `[[tool.uv.index]] url = "https://download.pytorch.org/whl/cu121"` is weak evidence.
    evidence += index_tables(path, text, _table(doc, "tool", "uv", "index"))
    return evidence + toolconfig.from_toml(path, text, doc)


def _line(text: str, spec: str, name: str) -> int | None:
    """Where a dependency is declared: the exact string, else its name as a TOML key."""
    return line_of(text, f'"{spec}') or key_line(text, name) or line_of(text, name)


def _table(doc: Any, *keys: str) -> Any:
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


def _requirement_strings(doc: dict) -> Iterator[str]:
    """PEP 508 strings and Poetry/uv names from every place a dependency can be declared."""
    yield from _strings(_table(doc, "project", "dependencies"))
    yield from _strings(_table(doc, "build-system", "requires"))
    for table in (
        _table(doc, "project", "optional-dependencies"),
        _table(doc, "dependency-groups"),
        _table(doc, "tool", "pdm", "dev-dependencies"),
    ):
        if isinstance(table, dict):
            for value in table.values():
                yield from _strings(value)
    yield from _poetry_names(doc)
    uv_sources = _table(doc, "tool", "uv", "sources")
    if isinstance(uv_sources, dict):
        yield from uv_sources
    yield from _strings(_table(doc, "tool", "uv", "dev-dependencies"))


def _poetry_names(doc: dict) -> Iterator[str]:
    poetry = _table(doc, "tool", "poetry")
    if not isinstance(poetry, dict):
        return
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    groups = poetry.get("group")
    if isinstance(groups, dict):
        tables += [g.get("dependencies") for g in groups.values() if isinstance(g, dict)]
    for table in tables:
        if isinstance(table, dict):
            for name, spec in table.items():
                yield _poetry_spec(name, spec)


def _poetry_spec(name: str, spec: Any) -> str:
    """Poetry's `keras = "^3.0"` -> `keras>=3.0` so the Keras pin survives."""
    version = spec.get("version") if isinstance(spec, dict) else spec
    if isinstance(version, str) and version.startswith("^"):
        return f"{name}>={version[1:]}"
    if isinstance(version, str) and version[:1].isdigit():
        return f"{name}=={version}"
    return name
