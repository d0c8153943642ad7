"""The recorded port data (../shared/corpus/ports) as GitHub would serve it, for tests/replay_github.py.

- KerasHub, keras.applications and kecam were recorded as rows (`ports/gardens.jsonl`), not as
  repositories: each garden becomes a repository at the rows' pinned commit whose tree holds one
  folder (or file) per row. A model's documents are reconstructions of its recorded facts: a
  kecam folder's README.md links the ids its README cites (`arxiv_md`); a KerasHub folder's
  `__init__.py` and a keras.applications file declare the exported names, with the paper the row
  names as primary in the module docstring when the folder cites it, and every other cited id in
  a comment (the recording does not say which docstring cites them, so they do not count as
  exported-model citations).
- The community port repositories are recorded like the rest of the corpus (tree, imports,
  `readmes.json`). A README is served from its `readmes.json` facts (heading, arXiv links); the ids
  `ports/community.jsonl` records as cited in a port's folder (or, for a standalone port, in the
  repository) are added to that folder's README and to the docstring of its code files.
- History: `commits?path=` answers the recorded first commit adding a model's folder (old paths
  included), newest first and behind the repository's head commit where its date was recorded;
  other paths have no recorded history and answer an empty list.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Any

from analysis.ports.gardens import garden_named


def blob_sha(data: bytes) -> str:
    """git's blob id of `data`."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class PortsRecording:
    """Read-only views of ../shared/corpus/ports, built once per replay."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = Path(corpus)

    @cached_property
    def garden_rows(self) -> dict[str, list[dict[str, Any]]]:
        """lower-case repo key -> the gardens.jsonl rows of the garden kept in that repository."""
        out: dict[str, list[dict[str, Any]]] = {}
        for row in _jsonl(self.corpus / "ports" / "gardens.jsonl"):
            garden = garden_named(row["garden"])
            if garden is not None:
                out.setdefault(garden.repo.key, []).append(row)
        return out

    @cached_property
    def community(self) -> list[dict[str, Any]]:
        return _jsonl(self.corpus / "ports" / "community.jsonl")

    @cached_property
    def port_repos(self) -> list[dict[str, Any]]:
        return _jsonl(self.corpus / "ports" / "repos.jsonl")

    def garden_repos(self) -> dict[str, dict[str, Any]]:
        """key -> {full_name, commit} of the recorded gardens."""
        out = {}
        for key, rows in self.garden_rows.items():
            garden = garden_named(rows[0]["garden"])
            out[key] = {"full_name": garden.repo.full_name, "commit": rows[0]["commit"],
                        "synthetic": True}  # fmt: skip
        return out

    # -- a recorded garden as a repository --------------------------------------------------------
    @cached_property
    def _garden_files(self) -> dict[str, dict[str, bytes]]:
        out: dict[str, dict[str, bytes]] = {}
        for key, rows in self.garden_rows.items():
            files = out.setdefault(key, {})
            for row in rows:
                garden = garden_named(row["garden"])
                if garden.files:
                    files[row["path"]] = _module(row, "keras_export")
                elif "arxiv_md" in row:
                    files[f"{row['path']}/README.md"] = _readme(row["arxiv_md"])
                else:
                    files[f"{row['path']}/__init__.py"] = _module(row, "keras_hub_export")
        return out

    def garden_tree(self, key: str) -> dict[str, Any]:
        """The recursive tree (GitHub's shape) of a recorded garden."""
        files = self._garden_files[key]
        folders = {"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)}
        entries = [{"path": d, "mode": "040000", "type": "tree", "sha": blob_sha(d.encode())}
                   for d in sorted(folders)]  # fmt: skip
        entries += [{"path": p, "mode": "100644", "type": "blob", "sha": blob_sha(b),
                     "size": len(b)} for p, b in sorted(files.items())]  # fmt: skip
        entries.sort(key=lambda e: e["path"])
        sha = blob_sha(json.dumps(sorted(files)).encode())
        return {"sha": sha, "tree": entries, "truncated": False}

    def garden_file(self, key: str, path: str) -> bytes | None:
        return self._garden_files.get(key, {}).get(path)

    # -- community ports: cited ids per folder ----------------------------------------------------
    @cached_property
    def cited_in_folder(self) -> dict[tuple[str, str], list[str]]:
        """(repo key, folder or "") -> arXiv ids community.jsonl records as cited there."""
        out: dict[tuple[str, str], list[str]] = {}
        for row in self.community:
            if row.get("arxiv_source") == "cited":
                ids = out.setdefault((row["port_repo"].lower(), row.get("port_path") or ""), [])
                ids += [a for a in row["arxiv"] if a not in ids]
        return out

    # -- history ----------------------------------------------------------------------------------
    @cached_property
    def first_adds(self) -> dict[tuple[str, str], tuple[str, str | None]]:
        """(repo key, path) -> (first commit date, its sha or None)."""
        out: dict[tuple[str, str], tuple[str, str | None]] = {}
        for key, rows in self.garden_rows.items():
            for row in rows:
                for path, when in _row_paths(row).items():
                    sha = row.get("first_commit_sha") if when == row["first_commit"] else None
                    out[(key, path)] = (when, sha)
        for row in self.community:
            if row.get("port_path"):
                out[(row["port_repo"].lower(), row["port_path"])] = (row["first_commit"], None)
        return out


def _row_paths(row: dict[str, Any]) -> dict[str, str]:
    """Each path a garden row's model lived at -> the first commit adding it there."""
    if "first_adds_all_paths" in row:
        return dict(row["first_adds_all_paths"])
    paths = {row["path"]: row.get("first_commit_keras_src_path") or row["first_commit"]}
    if row.get("first_commit_path") and row.get("first_commit_keras_applications_path"):
        paths[row["first_commit_path"]] = row["first_commit_keras_applications_path"]
    return paths


def _readme(ids: list[str], heading: str = "") -> bytes:
    lines = [f"# {heading}\n\n"] if heading else []
    lines += [f"https://arxiv.org/abs/{i}\n" for i in ids]
    return "".join(lines).encode()


def _module(row: dict[str, Any], decorator: str) -> bytes:
    """A Python reconstruction of a first-party model file from its recorded facts."""
    primary = row.get("primary_arxiv")
    cited = list(row.get("arxiv") or ())
    doc = [f"Reconstruction of {row['path']} at {row['commit'][:12]} from its recorded facts."]
    if primary and primary in cited:
        doc.append(f"Reference: https://arxiv.org/abs/{primary}")
    lines = ['"""' + "\n\n".join(doc) + '\n"""\n']
    lines += [f"# also cited here: https://arxiv.org/abs/{a}\n" for a in cited if a != primary]
    exports = {e.rsplit(".", 1)[-1]: e for e in row.get("exports") or ()}
    for name in row.get("classes") or ():
        lines.append(f'\n\n@{decorator}("{exports.get(name, name)}")\nclass {name}:\n    pass\n')
    return "".join(lines).encode()


def cited_docstring(ids: list[str]) -> bytes:
    """A module docstring citing `ids`, put before a code file's import-only reconstruction."""
    links = "\n".join(f"https://arxiv.org/abs/{i}" for i in ids)
    return f'"""Cited in this folder (recorded):\n{links}\n"""\n'.encode()


def readme_doc(facts: dict[str, Any], extra_ids: list[str]) -> dict[str, Any]:
    """A readmes.json entry with the folder's recorded citations added (for the reconstruction)."""
    ids = list(facts.get("arxiv") or ())
    return {**facts, "arxiv": ids + [i for i in extra_ids if i not in ids]}
