"""Tool configuration that names the code's imports -> weak import evidence (kind `config`).

isort's `known_third_party` / `known_first_party` (setup.cfg `[isort]`/`[tool:isort]`, .isort.cfg
`[settings]`, tox.ini, pyproject `[tool.isort]`), ruff's isort `known-third-party` /
`known-first-party` and mypy's per-module sections (`[mypy-torch.*]`, `[[tool.mypy.overrides]]`)
list modules the code imports. They count below imports and manifests, above nothing.
"""

from __future__ import annotations

import configparser
import re
import tomllib
from collections.abc import Iterator
from typing import Any

from analysis.classify.extract.common import line_of, text_evidence
from analysis.classify.frameworks import framework_of_module
from analysis.models import Evidence

KIND = "config"
_ISORT_SECTIONS = ("isort", "tool:isort", "settings")
_ISORT_KEYS = ("known_third_party", "known_first_party", "known_local_folder")
_RUFF_KEYS = ("known-third-party", "known-first-party", "known-local-folder")
_SPLIT = re.compile(r"[\s,\[\]\"']+")


def extract(path: str, data: bytes) -> list[Evidence]:
    """Evidence from a standalone tool file (.isort.cfg, mypy.ini, tox.ini, ruff.toml)."""
    toml = path.lower().endswith(".toml")
    return text_evidence(path, data, from_toml_text if toml else from_ini_text)


def from_ini_text(path: str, text: str) -> list[Evidence]:
    """isort keys and `[mypy-x.*]` section names of an INI file (setup.cfg, tox.ini, ...)."""
    if "known_" not in text and "[mypy-" not in text:
        return []  # the cheap scan: most setup.cfg files configure neither
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []  # the manifest reader notes a malformed file already
    found = []
    for section in parser.sections():
        if section.startswith("mypy-"):
            found += _evidence(path, text, section[5:].split(","), f"mypy [{section}]")
        elif section in _ISORT_SECTIONS:
            for key in _ISORT_KEYS:
                if parser.has_option(section, key):
                    found += _evidence(
                        path, text, _SPLIT.split(parser[section][key]), f"isort {key}"
                    )
    return found


def from_toml_text(path: str, text: str) -> list[Evidence]:
    if "known" not in text and "mypy" not in text:
        return []
    try:
        return from_toml(path, text, tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        return []


def from_toml(path: str, text: str, doc: dict[str, Any]) -> list[Evidence]:
    """[tool.isort], ruff's isort settings and [[tool.mypy.overrides]] of a loaded TOML file."""
    found = []
    tool = doc.get("tool") if isinstance(doc.get("tool"), dict) else {}
    for where, table, keys in _isort_tables(doc, tool):
        for key in keys:
            found += _evidence(path, text, _names(table.get(key)), f"{where} {key}")
    mypy = tool.get("mypy") if isinstance(tool.get("mypy"), dict) else {}
    overrides = mypy.get("overrides")
    for override in overrides if isinstance(overrides, list) else ():
        if isinstance(override, dict):
            found += _evidence(path, text, _names(override.get("module")), "mypy overrides")
    return found


def _isort_tables(doc: dict, tool: dict) -> Iterator[tuple[str, dict, tuple[str, ...]]]:
    ruff = tool.get("ruff") if isinstance(tool.get("ruff"), dict) else doc  # ruff.toml: top level
    candidates = (
        ("isort", tool.get("isort"), _ISORT_KEYS),
        ("ruff isort", _get(ruff, "lint", "isort"), _RUFF_KEYS),
        ("ruff isort", _get(ruff, "isort"), _RUFF_KEYS),
    )
    for where, table, keys in candidates:
        if isinstance(table, dict):
            yield where, table, keys


def _get(doc: Any, *keys: str) -> Any:
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return _SPLIT.split(value)
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _evidence(path: str, text: str, names: list[str], where: str) -> list[Evidence]:
    found = []
    for name in dict.fromkeys(n.strip().rstrip(".*") for n in names):
        framework = framework_of_module(name) if name else None
        if framework:
            line = line_of(text, name)
            found.append(Evidence(path, line, name, framework, KIND, where))
    return found
