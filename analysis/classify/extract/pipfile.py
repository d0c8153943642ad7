"""Pipfile -> framework evidence ([packages], [dev-packages], [[source]] wheel indexes)."""

from __future__ import annotations

from functools import partial
from typing import Any

from analysis.classify.extract.common import key_line, text_evidence
from analysis.classify.extract.pyproject import index_tables, read_toml
from analysis.classify.extract.requirements import requirement_token
from analysis.models import Evidence


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from a Pipfile; a quoted-string scan when the TOML is malformed."""
    return text_evidence(path, data, partial(read_toml, _evidence))


def _evidence(path: str, text: str, doc: dict[str, Any]) -> list[Evidence]:
    evidence = []
    for section in ("packages", "dev-packages"):
        table = doc.get(section)
        for name, spec in table.items() if isinstance(table, dict) else ():
            version = spec if isinstance(spec, str) and spec != "*" else ""
            found = requirement_token(path, key_line(text, name), f"{name}{version}", "manifest")
            if found:
                evidence.append(found)
    return evidence + index_tables(path, text, doc.get("source"))
