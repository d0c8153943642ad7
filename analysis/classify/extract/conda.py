"""Conda environment*.yml -> framework evidence (dependencies, nested pip list, channels)."""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from analysis.classify.extract.common import line_of, note, text_evidence
from analysis.classify.extract.requirements import (
    channel_evidence,
    requirement_line,
    requirement_token,
)
from analysis.models import Evidence

# libyaml's safe loader when present (50x faster); same safe semantics as yaml.safe_load.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ALIASES = 50  # a real environment file has no YAML aliases; many mean an alias bomb
_ALIAS = re.compile(r"(?:^|[\s\[,{:-])\*[^\s,\]}]+")
_ITEM = re.compile(r"^\s*-\s*['\"]?([^'\"#\s]+)")


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from a conda environment file; a line scan when the YAML cannot be loaded."""
    return text_evidence(path, data, _evidence)


def _evidence(path: str, text: str) -> list[Evidence]:
    doc, problem = _load(text)
    if problem:
        return [note(path, problem), *_line_scan(path, text)]
    if not isinstance(doc, dict):
        return []
    channels = _channels(path, text, doc.get("channels"))
    return channels + _dependencies(path, text, doc.get("dependencies"))


def _load(text: str) -> tuple[object, str]:
    """safe_load, refusing documents with many aliases (expansion bombs) before loading them."""
    aliases = len(_ALIAS.findall(text)) if "*" in text else 0
    if aliases > MAX_ALIASES:
        return None, f"YAML refused: {aliases} aliases (possible alias bomb); scanned lines"
    try:
        return yaml.load(text, Loader=_SAFE_LOADER), ""  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        return None, f"malformed YAML ({type(exc).__name__}); scanned lines"


def _channels(path: str, text: str, channels: object) -> list[Evidence]:
    if not isinstance(channels, list):
        return []
    found = [
        channel_evidence(path, line_of(text, str(c)), str(c), "manifest")
        for c in channels
        if isinstance(c, str)
    ]
    return [e for e in found if e]


def _dependencies(path: str, text: str, deps: object) -> list[Evidence]:
    if not isinstance(deps, list):
        return []
    found: list[Evidence] = []
    for dep in deps:
        if isinstance(dep, str):
            found.extend(_conda_spec(path, text, dep))
        elif isinstance(dep, dict) and isinstance(dep.get("pip"), list):
            for line in dep["pip"]:
                if isinstance(line, str):
                    found.extend(
                        replace(e, line=line_of(text, line))
                        for e in requirement_line(path, None, line.strip(), "manifest")
                    )
    return found


def _conda_spec(path: str, text: str, spec: str) -> list[Evidence]:
    """`pytorch::pytorch=2.0=py3.10_cuda11.8`, `pytorch-cuda=11.8`, `tensorflow-gpu>=2.4`."""
    spec = spec.strip()
    found = requirement_token(path, None, spec.split(" ", 1)[0], "manifest")
    if found is None:
        return []
    return [
        Evidence(
            path, line_of(text, spec), found.package, found.framework, found.kind, found.detail
        )
    ]


def _line_scan(path: str, text: str) -> list[Evidence]:
    """Fallback for unreadable YAML: every `- item` line tried as a conda or pip spec."""
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        match = _ITEM.match(line)
        if match:
            evidence = requirement_token(path, lineno, match.group(1), "manifest")
            if evidence:
                found.append(evidence)
    return found
