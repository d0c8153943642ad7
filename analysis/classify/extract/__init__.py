"""Evidence extractors, one module per evidence family; `extract_file` dispatches by file name."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from analysis.classify.extract import (
    conda,
    docker,
    imports,
    pipfile,
    pyproject,
    readme,
    requirements,
    setupcfg,
    setuppy,
    toolconfig,
)
from analysis.classify.frameworks import PatternTable, first_match
from analysis.models import Evidence

Extractor = Callable[[str, bytes], list[Evidence]]

# File-name patterns (matched on the lower-cased base name) -> evidence family.
FAMILY_PATTERNS: PatternTable = (
    (re.compile(r"^(.*requirements.*\.(txt|in)|requirements)$"), "requirements"),
    (re.compile(r"^(environment|conda|env).*\.ya?ml$"), "conda"),
    (re.compile(r"^pyproject\.toml$"), "pyproject"),
    (re.compile(r"^setup\.py$"), "setuppy"),
    (re.compile(r"^setup\.cfg$"), "setupcfg"),
    (re.compile(r"^pipfile$"), "pipfile"),
    (re.compile(r"^(\.isort\.cfg|\.?mypy\.ini|tox\.ini|\.?ruff\.toml)$"), "toolconfig"),
    (re.compile(r"^(dockerfile.*|.*\.dockerfile|containerfile)$"), "docker"),
    (re.compile(r"^readme(\.(md|markdown|rst|txt))?$"), "readme"),
    (re.compile(r"^.*\.(py|ipynb)$"), "imports"),
)
MANIFEST_FAMILIES = frozenset(
    {"requirements", "conda", "pyproject", "setuppy", "setupcfg", "pipfile", "docker", "toolconfig"}
)
EXTRACTORS: dict[str, Extractor] = {
    "requirements": requirements.extract,
    "conda": conda.extract,
    "pyproject": pyproject.extract,
    "setuppy": setuppy.extract,
    "setupcfg": setupcfg.extract,
    "pipfile": pipfile.extract,
    "docker": docker.extract,
    "toolconfig": toolconfig.extract,
    "readme": readme.extract,
    "imports": imports.extract,
}


def family_of(path: str) -> str | None:
    """The evidence family of a file by its name, or None when no extractor reads it."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith((".py", ".ipynb")) and name != "setup.py":
        return "imports"  # the common case, without the pattern loop
    if name.endswith((".txt", ".in")) and path.lower().rpartition("/")[0].endswith("requirements"):
        return "requirements"  # mmdet-style requirements/runtime.txt
    return _family_of_name(name)


@lru_cache(maxsize=4096)
def _family_of_name(name: str) -> str | None:
    return first_match(FAMILY_PATTERNS, name)


def extract_file(path: str, data: bytes, family: str | None = None) -> list[Evidence]:
    """All evidence from one file (setup.py is read both as a manifest and for its imports)."""
    family = family or family_of(path)
    if family is None:
        return []
    evidence = EXTRACTORS[family](path, data)
    if family == "setuppy":
        evidence += [e for e in imports.extract(path, data) if e.kind != "note"]
    return evidence
