"""Build RepoSnapshots for classifier tests from {path: text} dicts."""

from __future__ import annotations

from analysis.models import RepoRef, RepoSnapshot, TreeEntry


def snapshot(
    files: dict[str, str | bytes], extra_blobs: tuple[str, ...] = (), **kw
) -> RepoSnapshot:
    """A snapshot whose tree holds the given files (and extra unfetched blobs)."""
    data = {p: v.encode() if isinstance(v, str) else v for p, v in files.items()}
    paths = sorted(set(data) | set(extra_blobs))
    dirs = sorted({p.rsplit("/", 1)[0] for p in paths if "/" in p})
    tree = tuple(TreeEntry(d, "tree") for d in dirs) + tuple(TreeEntry(p, "blob") for p in paths)
    return RepoSnapshot(RepoRef("octo", "demo"), "abc123", tree=tree, files=data, **kw)


def code(*modules: str) -> str:
    return "".join(f"import {m}\n" for m in modules)
