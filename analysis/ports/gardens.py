"""Model collections ("gardens") as a port source: their models, and the papers each implements.

A garden is a repository with one model per folder (or per `.py` file): the first-party KerasHub
and `keras.applications`, and community collections (kecam, dl_techniques, PINTO_model_zoo,
keras-vision-models). From one recursive tree this module picks, per model, the documents that
say which paper it implements: the folder's README when it has one (its arXiv links), else a few
of its Python files (arXiv links in docstrings; first-party code counts only the docstrings of
exported models, as `keras_registry` does, so a helper layer citing CaiT does not make a CaiT
port). Pure: scraper/port_search/gardens.py fetches, this module reads what was fetched.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatch

from analysis.models import GardenUnit, RepoRef, RepoSnapshot, TreeEntry
from analysis.ports.keras_registry import (
    KERAS_APPS,
    KERAS_HUB,
    KerasRegistry,
    arxiv_ids_in,
    scan_source,
)

MAX_CODE_DOCS = 3  # Python files read per model folder without a README
_README = re.compile(r"readme(\.[a-z]+)?$", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,3}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_NOT_A_MODEL = re.compile(r"^(\.|_|tests?$|docs?$|assets?$|scripts?$|utils?$|examples?$)")
_SKIP_CODE = re.compile(r"(_test|_presets|test_[^/]*|conftest)\.py$")
# Trained weights next to the code, or a script that converts them from the original framework.
_WEIGHT_FILES = ("*.h5", "*.keras", "*.tflite", "saved_model.pb", "*.weights.h5", "*.pb")
_CONVERTER = re.compile(r"(^|/|_)(convert|conversion|export|port)[^/]*\.(py|sh|ipynb)$")
_WEIGHT_LINK = re.compile(r"https?://\S+?\.(h5|keras|tflite)\b|/releases/download/", re.IGNORECASE)


@dataclass(frozen=True)
class Garden:
    """A model collection: where its models live and what they are worth on the ladder.

    `files`: one model per `.py` file (keras.applications) instead of one per folder. `kind`:
    what a model is, Keras code (`keras3`) or converted TFLite/SavedModel files (`tflite`).
    `aliases`: earlier roots of the same models (renamed folders), asked for their first commit.
    """

    name: str
    repo: RepoRef
    root: str
    first_party: bool
    files: bool = False
    kind: str = "keras3"
    aliases: tuple[str, ...] = ()

    def prefix(self) -> str:
        return f"{self.root}/" if self.root else ""


GARDENS: tuple[Garden, ...] = (
    Garden(KERAS_HUB, RepoRef("keras-team", "keras-hub"), "keras_hub/src/models", True,
           aliases=("keras_nlp/src/models", "keras_nlp/models")),
    Garden(KERAS_APPS, RepoRef("keras-team", "keras"), "keras/src/applications", True,
           files=True, aliases=("keras/applications",)),
    Garden("kecam", RepoRef("leondgarse", "keras_cv_attention_models"),
           "keras_cv_attention_models", False),
    Garden("dl-techniques", RepoRef("NikolasMarkou", "dl_techniques"), "src/dl_techniques/models",
           False),
    Garden("pinto-model-zoo", RepoRef("PINTO0309", "PINTO_model_zoo"), "", False, kind="tflite"),
    Garden("keras-vision-models", RepoRef("IMvision12", "keras-vision-models"), "kmodels/models",
           False),
)  # fmt: skip
FIRST_PARTY = tuple(g.name for g in GARDENS if g.first_party)


def garden_named(name: str) -> Garden | None:
    return next((g for g in GARDENS if g.name == name), None)


def garden_of_repo(key: str) -> Garden | None:
    """The garden kept in repository `key` (lower-case owner/name), if any."""
    return next((g for g in GARDENS if g.repo.key == key), None)


# --- models in a tree ------------------------------------------------------------------------------


def unit_paths(garden: Garden, tree: Sequence[TreeEntry]) -> list[str]:
    """Every model of the garden: folders right under its root, plus deeper folders that carry
    their own README (nested models such as SAM/SAM2); `.py` files for a file garden."""
    pre = garden.prefix()
    if garden.files:
        return sorted(e.path for e in tree if e.type == "blob" and _direct(pre, e.path)
                      and e.path.endswith(".py") and not _skipped(e.path))  # fmt: skip
    top = {e.path for e in tree if e.type == "tree" and _direct(pre, e.path)}
    nested = {e.path.rsplit("/", 1)[0] for e in tree if e.type == "blob" and _README.search(e.path)
              and any(e.path.startswith(t + "/") for t in top)}  # fmt: skip
    return sorted(p for p in top | nested if not _NOT_A_MODEL.match(p.rsplit("/", 1)[-1]))


def _direct(prefix: str, path: str) -> bool:
    return path.startswith(prefix) and "/" not in path[len(prefix) :]


def _skipped(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "__init__.py" or bool(_SKIP_CODE.search(name))


def unit_docs(garden: Garden, tree: Sequence[TreeEntry], unit: str) -> list[str]:
    """The files that say which paper `unit` implements (see the module docstring)."""
    if garden.files:
        return [unit]
    inside = [e.path for e in tree if e.type == "blob" and _direct(unit + "/", e.path)]
    readmes = sorted(p for p in inside if _README.search(p.rsplit("/", 1)[-1]))
    if readmes:
        return readmes[:1]
    code = [p for p in inside if p.endswith(".py") and not _SKIP_CODE.search(p)]
    return sorted(code, key=lambda p: _code_rank(p, unit))[:MAX_CODE_DOCS]


def _code_rank(path: str, unit: str) -> tuple:
    name = path.rsplit("/", 1)[-1]
    own = unit.rsplit("/", 1)[-1].lower()
    return ("backbone" not in name, "model" not in name, own not in name.lower(),
            name == "__init__.py", len(name), name)  # fmt: skip


def docs_to_fetch(garden: Garden, tree: Sequence[TreeEntry]) -> list[str]:
    """Every document of every model: what one refresh downloads from the garden."""
    return [doc for unit in unit_paths(garden, tree) for doc in unit_docs(garden, tree, unit)]


def weights_evidence(paths: Sequence[str], readme: str = "") -> str:
    """Why trained weights look ported: a weight file, a conversion script, a weights link."""
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        if any(fnmatch(name, pattern) for pattern in _WEIGHT_FILES):
            return f"weights file {path}"
        if _CONVERTER.search(path):
            return f"conversion script {path}"
    if m := _WEIGHT_LINK.search(readme):
        return f"weights link in README ({m.group(0)[:80]})"
    return ""


# --- what a model cites ----------------------------------------------------------------------------


def readme_facts(text: str) -> tuple[list[str], str]:
    """(arXiv ids linked, first heading) of a README."""
    m = _HEADING.search(text)
    return arxiv_ids_in(text), (m.group(1).strip() if m else "")


def code_citations(text: str, exported_only: bool) -> tuple[list[str], list[str]]:
    """(arXiv ids, model names) a Python file cites for itself.

    First-party code: exported models' docstrings and module strings (`keras_registry`). Community
    code: the module docstring and top-level class and function docstrings.
    """
    if exported_only:
        found = scan_source(text)
        return sorted(found), sorted({n for names in found.values() for n in names})
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return [], []
    docs = [ast.get_docstring(tree) or ""]
    named = [n for n in tree.body if isinstance(n, ast.ClassDef | ast.FunctionDef)]
    docs += [ast.get_docstring(n) or "" for n in named]
    ids = list(dict.fromkeys(i for d in docs for i in arxiv_ids_in(d)))
    return ids, [n.name for n in named if n.name[:1].isupper()][:12]


def build_units(garden: Garden, snap: RepoSnapshot) -> list[GardenUnit]:
    """Every model of the garden in `snap` (its tree and the fetched documents)."""
    tree = snap.tree
    units = []
    for unit in unit_paths(garden, tree):
        cited: list[str] = []
        names: list[str] = []
        readme = ""
        for doc in unit_docs(garden, tree, unit):
            text = snap.files.get(doc, b"").decode("utf-8", errors="replace")
            if _README.search(doc.rsplit("/", 1)[-1]):
                ids, heading = readme_facts(text)
                cited += ids
                names += [heading] if heading else []
                readme = text
            else:
                ids, found = code_citations(text, garden.first_party)
                cited += ids
                names += found
        inside = [e.path for e in tree if e.path.startswith(unit + "/") or e.path == unit]
        units.append(GardenUnit(garden.name, garden.repo, unit, garden.files,
                                tuple(dict.fromkeys(cited)), tuple(dict.fromkeys(names)),
                                weights_evidence(inside, readme), snap.commit))  # fmt: skip
    return units


def units_from_registry(registry: KerasRegistry) -> list[GardenUnit]:
    """First-party models read from the installed keras or a keras-hub wheel (the fallback when
    their repositories cannot be read): KerasHub files fold into their model folders."""
    merged: dict[tuple[str, str], tuple[set[str], set[str], str | None]] = {}
    for arxiv_id, models in registry.by_arxiv.items():
        for m in models:
            garden = garden_named(m.source)
            if garden is None:
                continue
            path = m.path if garden.files else m.path.rsplit("/", 1)[0]
            ids, names, _ = merged.setdefault((m.source, path), (set(), set(), m.version))
            ids.add(arxiv_id)
            names.update(m.names)
    units = []
    for (source, path), (ids, names, version) in sorted(merged.items()):
        garden = garden_named(source)
        units.append(GardenUnit(source, garden.repo, path, garden.files, tuple(sorted(ids)),
                                tuple(sorted(names)), "", version))  # fmt: skip
    return units
