"""Checkouts materialised from ../shared/corpus, and the import-majority ground truth of any checkout.

A materialised checkout holds what the corpus recorded of one repository at its commit: the
manifests byte for byte, every `.py`/`.ipynb` file of `imports.json` as its import-only
reconstruction, and the README reconstruction (analysis/classify/reconstruct.py). Other files
(weights, images, C++) were not recorded and are left out.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
from collections import Counter
from pathlib import Path

from analysis.classify.frameworks import framework_of_module
from analysis.classify.reconstruct import code_reconstruction, readme_reconstruction
from analysis.models import FRAMEWORKS

MARKER = ".cvgap-checkout"  # holds the recorded commit; a folder without it is never replaced


def folder_name(repo: str) -> str:
    return repo.replace("/", "__")


def corpus_rows(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "labels.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def materialise(corpus: Path, out: Path, rows: list[dict[str, str]]) -> list[Path]:
    """One checkout per labels.csv row under `out` (re-used while the commit is the same)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for row in rows:
        dest = out / folder_name(row["repo"])
        marker = dest / MARKER
        if not (marker.is_file() and marker.read_text() == row["commit"]):
            if dest.exists() and not marker.is_file():
                raise SystemExit(f"error: {dest} exists and is not a materialised checkout")
            shutil.rmtree(dest, ignore_errors=True)
            _write(corpus / "repos" / row["repo"], dest)
            marker.write_text(row["commit"])
        made.append(dest)
    return made


def _write(src: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    files = src / "files"
    for path in files.rglob("*") if files.is_dir() else ():
        if path.is_file():
            target = dest / path.relative_to(files)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    imports = _json(src / "imports.json").get("files", {})
    for rel, modules in imports.items():
        if ".." in rel.split("/") or rel.startswith("/"):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(code_reconstruction(rel, modules))
    readme = _json(src / "readme.json")
    if readme.get("readme_path") and "/" not in readme["readme_path"]:
        (dest / readme["readme_path"]).write_bytes(readme_reconstruction(readme))


def _json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}


# --- ground truth of a checkout outside the corpus -----------------------------------------------

_SKIP = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", "site-packages"}


def import_majority(root: Path) -> str:
    """labels.csv's rule on a checkout: the framework imported by the most `.py` files (`ast`,
    top-level names; keras counts as TensorFlow), `none` for code without one, `no-code`."""
    counts: Counter[str] = Counter()
    code = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in _SKIP]
        for name in filenames:
            if not name.endswith(".py"):
                continue
            code += 1
            try:
                tree = ast.parse(Path(dirpath, name).read_bytes())
            except (SyntaxError, ValueError, OSError, RecursionError):
                continue
            counts.update(_file_frameworks(tree))
    if not code:
        return "no-code"
    if not counts:
        return "none"
    return max(counts, key=lambda f: (counts[f], -FRAMEWORKS.index(f)))


def _file_frameworks(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        for name in names:
            framework = framework_of_module(name)
            if framework:
                found.add("tensorflow" if framework == "keras" else framework)
    return found
