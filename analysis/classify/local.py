"""RepoSnapshot from a local checkout or a ../shared/corpus repository directory."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from analysis.classify import includes
from analysis.classify.extract.common import MAX_BYTES, is_binary, utf16_of
from analysis.classify.reconstruct import code_reconstruction, readme_reconstruction
from analysis.classify.selection import is_code, manifests, root_readme, select_files
from analysis.models import RepoRef, RepoSnapshot, TreeEntry

MAX_LOCAL_CODE_FILES = 20_000  # a full checkout is read whole, up to this many code files
READ_BUDGET = 128_000_000  # bytes read from one checkout at most (manifests and README first)
SNIFF = 8192  # a file whose first bytes are binary keeps only these (the decoder skips it)
# Version-control internals and installed environments are not the repository's own code.
_SKIP_WALK = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ipynb_checkpoints",
    }
)


class SnapshotError(Exception):
    """The path is neither a checkout nor a corpus repository directory."""


def snapshot_from_dir(path: str | os.PathLike[str]) -> RepoSnapshot:
    """A checkout is walked (symlinks out of it not followed); a corpus dir is replayed."""
    root = Path(path)
    if not root.exists():
        raise SnapshotError(f"{root}: does not exist")
    if not root.is_dir():
        raise SnapshotError(f"{root}: is a file; classify needs a folder (a checkout or a corpus "
                            "repository directory)")  # fmt: skip
    if (root / "tree.json").is_file():
        return corpus_snapshot(root)
    return checkout_snapshot(root)


# --- ../shared/corpus layout -------------------------------------------------------------------


def corpus_snapshot(root: Path) -> RepoSnapshot:
    """What the scraper would see through GitHub: tree, manifests, README and sampled code."""
    doc = json.loads((root / "tree.json").read_text())
    tree = tuple(_tree_entry(item) for item in doc.get("tree", []) if isinstance(item, dict))
    files = _corpus_files(root, tree)
    return RepoSnapshot(
        repo=RepoRef(root.parent.name, root.name),
        commit=doc.get("sha"),
        tree=tree,
        files=files,
        tree_truncated=bool(doc.get("truncated")),
    )


def _tree_entry(item: dict) -> TreeEntry:
    return TreeEntry(
        path=str(item.get("path", "")),
        type=str(item.get("type", "blob")),
        sha=item.get("sha"),
        size=item.get("size"),
        mode=item.get("mode"),
    )


def _corpus_files(root: Path, tree: tuple[TreeEntry, ...]) -> dict[str, bytes]:
    imports = _read_json(root / "imports.json").get("files", {})
    readme = _read_json(root / "readme.json")
    files: dict[str, bytes] = {}
    for path in select_files(tree):
        recorded = root / "files" / path
        if recorded.is_file():
            files[path] = _read_capped(recorded)
        elif is_code(path) and path in imports:
            files[path] = code_reconstruction(path, imports[path])
        elif readme.get("readme_path") == path:
            files[path] = readme_reconstruction(readme)
    return files


def _read_json(path: Path) -> dict:
    if not path.is_file():
        return {}
    doc = json.loads(path.read_text())
    return doc if isinstance(doc, dict) else {}


def _read_capped(path: Path) -> bytes:
    """Up to one byte past the cap, so the extractor sees (and notes) the truncation."""
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


# --- local checkouts ---------------------------------------------------------------------------


def checkout_snapshot(root: Path) -> RepoSnapshot:
    """Walk a checkout: every manifest, the README and all code files (up to a generous cap)."""
    real_root = root.resolve()
    tree, notes = _walk(root, real_root)
    blobs = [e.path for e in tree if e.type == "blob"]
    wanted = set(manifests(blobs)) | set(p for p in blobs if is_code(p))
    readme = root_readme(blobs)
    if readme:
        wanted.add(readme)
    code = sorted(p for p in wanted if is_code(p))
    if len(code) > MAX_LOCAL_CODE_FILES:
        notes.append(f"{len(code)} code files; read the first {MAX_LOCAL_CODE_FILES}")
        wanted -= set(code[MAX_LOCAL_CODE_FILES:])
    files: dict[str, bytes] = {}
    present, tried = set(blobs), set()
    for _ in range(includes.MAX_INCLUDE_DEPTH + 1):  # then `-r`/`-c` targets, level by level
        files.update(_read_files(root, sorted(wanted, key=lambda p: (is_code(p), p)), notes))
        tried |= wanted
        wanted = set(includes.wanted(files, present)[: includes.MAX_INCLUDES]) - tried
        if not wanted:
            break
    files = {p: files[p] for p in sorted(files)}
    return RepoSnapshot(
        repo=_repo_ref(root),
        commit=_git_head(root),
        tree=tuple(tree),
        files=files,
        notes=tuple(notes),
    )


def _read_files(root: Path, paths: list[str], notes: list[str],
                budget: int = READ_BUDGET) -> dict[str, bytes]:  # fmt: skip
    """Bytes of `paths` in order, within `budget` bytes in all; what is skipped is noted."""
    files: dict[str, bytes] = {}
    left = budget
    for i, rel in enumerate(paths):
        if left <= 0:
            notes.append(f"read budget of {budget} bytes spent: {len(paths) - i} files not read")
            break
        try:
            files[rel] = _read_bounded(root / rel, min(left, MAX_BYTES + 1))
        except OSError as exc:  # unreadable (permissions, vanished): note it, keep the rest
            notes.append(f"{rel}: not readable ({exc.strerror or type(exc).__name__})")
            continue
        left -= len(files[rel])
    return files


def _read_bounded(path: Path, limit: int) -> bytes:
    """Up to `limit` bytes; only the first SNIFF bytes of a binary file (a sparse 2 MB `.py`)."""
    with path.open("rb") as handle:
        head = handle.read(min(SNIFF, limit))
        if is_binary(head) and utf16_of(head) is None:
            return head
        return head + handle.read(limit - len(head))


def _walk(root: Path, real_root: Path) -> tuple[list[TreeEntry], list[str]]:
    """Depth first, each folder's subfolders then files by name; os.scandir's cached entry types
    spare a stat per path. Directory symlinks are listed, never entered."""
    tree: list[TreeEntry] = []
    notes: list[str] = []
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: (not e.is_dir(), e.name))
        except OSError:
            continue  # unreadable folder: what os.walk does too
        subfolders = []
        for entry in entries:
            rel, is_dir = prefix + entry.name, entry.is_dir()
            if is_dir and entry.name in _SKIP_WALK:
                continue
            if entry.is_symlink() and not _inside(Path(entry.path), real_root):
                notes.append(f"{rel}: symlink pointing outside the checkout not followed")
            elif is_dir:
                tree.append(TreeEntry(rel, "tree"))
                if entry.is_symlink():
                    notes.append(f"{rel}: directory symlink not followed")
                else:
                    subfolders.append((rel + "/", entry.path))
            elif entry.is_file():
                tree.append(TreeEntry(rel, "blob", size=entry.stat().st_size))
        stack.extend(reversed(subfolders))
    return tree, notes


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # symlink loops
        return False


def _repo_ref(root: Path) -> RepoRef:
    """owner/name from the origin remote when there is one, else local/<folder>."""
    config = root / ".git" / "config"
    if config.is_file():
        for line in config.read_text(errors="replace").splitlines():
            key, _, value = line.strip().partition("=")
            if key.strip() == "url":
                # git@github.com:o/r.git and ssh://git@github.com/o/r -> github.com/o/r
                url = re.sub(r"^(ssh://)?git@github\.com[:/]", "github.com/", value.strip())
                ref = RepoRef.parse(url)
                if ref:
                    return ref
    return RepoRef("local", root.resolve().name)


def _git_head(root: Path) -> str | None:
    """The checked-out commit, read from .git without running git."""
    git = root / ".git"
    head = git / "HEAD"
    if not head.is_file():
        return None
    text = head.read_text(errors="replace").strip()
    if not text.startswith("ref: "):
        return text or None
    ref = text[5:]
    if (git / ref).is_file():
        return (git / ref).read_text().strip()
    packed = git / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(errors="replace").splitlines():
            sha, _, name = line.partition(" ")
            if name == ref:
                return sha
    return None
