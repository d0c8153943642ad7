"""Pipfile -> framework evidence ([packages], [dev-packages], [[source]] wheel indexes)."""

from __future__ import annotations

import tomllib

from analysis.extract.common import decode, key_line, line_of, note
from analysis.extract.requirements import index_evidence, requirement_token, scan_quoted
from analysis.models import Evidence


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from a Pipfile; a quoted-string scan when the TOML is malformed."""
    text, evidence = decode(path, data)
    if text is None:
        return evidence
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        evidence.append(note(path, f"malformed TOML ({exc}); scanned quoted strings"))
        return evidence + scan_quoted(path, text)
    for section in ("packages", "dev-packages"):
        table = doc.get(section)
        for name, spec in table.items() if isinstance(table, dict) else ():
            version = spec if isinstance(spec, str) and spec != "*" else ""
            found = requirement_token(path, key_line(text, name), f"{name}{version}", "manifest")
            if found:
                evidence.append(found)
    sources = doc.get("source")
    for source in sources if isinstance(sources, list) else ():
        url = source.get("url") if isinstance(source, dict) else None
        if isinstance(url, str):
            found = index_evidence(path, line_of(text, url), url, "manifest")
            if found:
                evidence.append(found)
    return evidence
