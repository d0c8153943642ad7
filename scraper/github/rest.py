"""GitHub client: a repository URL -> RepoSnapshot (head commit, tree, the files the classifier wants).

REST + raw: `commits/HEAD` (conditional, so an unchanged repo costs a free 304 when authenticated),
`git/trees/{sha}?recursive=1`, then raw downloads of `analysis.classify.label.select_files(tree)`.
Batch mode over GraphQL lives in scraper/github/graphql.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from analysis.classify import includes
from analysis.models import RepoRef, RepoSnapshot, TreeEntry
from scraper.http.client import FetchError, Http

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1_000_000  # files larger than this are not downloaded (or are cut), and noted
MAX_SUBTREES = 24  # non-recursive subtree requests when GitHub truncates a recursive tree
MAX_SUBTREE_DEPTH = 3
_STATUS_OF = {404: "missing", 451: "blocked", 409: "empty"}

SelectFiles = Callable[[Sequence[TreeEntry], int], list[str]]


def _default_select(tree: Sequence[TreeEntry], max_code: int) -> list[str]:
    from analysis.classify.label import select_files

    return select_files(tree, max_code=max_code)


async def fetch_snapshot(http: Http, ref: RepoRef, known_head: str | None = None,
                         max_code: int = 40, *, metadata: bool = False,
                         select: SelectFiles | None = None) -> RepoSnapshot | None:  # fmt: skip
    """The repo's snapshot at its head, or None when the head equals `known_head` (unchanged).

    404/451/409 give a snapshot with status missing/blocked/empty; a redirect (renamed repo) gives
    status `renamed` with `renamed_to`, read from the new name. `metadata=True` adds one request
    for stars, default branch, dates, fork/archived/license (REST mode otherwise costs 2 API
    requests per repo: commit and tree).
    """
    api = http.settings.github_api_url
    r = await http.get(f"{api}/repos/{ref.owner}/{ref.name}/commits/HEAD")
    if r.status in _STATUS_OF:
        return RepoSnapshot(ref, None, status=_STATUS_OF[r.status])
    if r.status != 200:
        raise FetchError(r.url, r.status, f"unexpected HTTP {r.status} for {ref.full_name} HEAD")
    head = parse_commit(r.json())
    if known_head is not None and head["sha"] == known_head:
        return None
    source, renamed_to = ref, None
    if r.redirected:
        moved = RepoRef.parse(head["html_url"] or "")
        if moved is not None and moved.key != ref.key:
            source, renamed_to = moved, moved.full_name
    meta = await fetch_repo_meta(http, source) if metadata else {}
    return await snapshot_at(http, ref, source, head, meta, max_code, select, renamed_to)


async def snapshot_at(http: Http, ref: RepoRef, source: RepoRef, head: dict[str, Any],
                      meta: dict[str, Any], max_code: int, select: SelectFiles | None,
                      renamed_to: str | None = None,
                      have: dict[str, bytes] | None = None) -> RepoSnapshot:  # fmt: skip
    """Tree + selected files of `source` at `head`; `have` holds file bytes already fetched."""
    tree, truncated, notes = await fetch_tree(http, source, head["tree_sha"] or head["sha"])
    paths = (select or _default_select)(tree, max_code)
    have = dict(have or {})
    todo = [e for e in _entries(tree, paths) if e.path not in have]
    files, file_notes = await fetch_files(http, source, head["sha"], todo)
    files = {p: have[p] for p in paths if p in have} | files
    file_notes += await fetch_includes(http, source, head["sha"], tree, files, set(paths))
    return RepoSnapshot(
        repo=ref, commit=head["sha"], tree=tuple(tree), files=files, tree_truncated=truncated,
        status="renamed" if renamed_to else "ok", renamed_to=renamed_to,
        default_branch=meta.get("default_branch"), stars=meta.get("stars"),
        description=meta.get("description"), created_at=meta.get("created_at"),
        pushed_at=meta.get("pushed_at") or head["date"], archived=meta.get("archived"),
        fork=meta.get("fork"), license=meta.get("license"), notes=tuple(notes + file_notes),
    )  # fmt: skip


def parse_commit(data: dict[str, Any]) -> dict[str, Any]:
    """GitHub's commit JSON -> {sha, tree_sha, date, html_url}."""
    commit = data.get("commit") or {}
    date = (commit.get("committer") or {}).get("date") or (commit.get("author") or {}).get("date")
    return {
        "sha": data["sha"],
        "tree_sha": (commit.get("tree") or {}).get("sha"),
        "date": parse_time(date),
        "html_url": data.get("html_url"),
    }


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def parse_repo_meta(data: dict[str, Any]) -> dict[str, Any]:
    """GitHub's repository JSON -> the RepoSnapshot metadata fields."""
    lic = data.get("license") or {}
    return {
        "default_branch": data.get("default_branch"),
        "stars": data.get("stargazers_count"),
        "description": data.get("description"),
        "created_at": parse_time(data.get("created_at")),
        "pushed_at": parse_time(data.get("pushed_at")),
        "archived": data.get("archived"),
        "fork": data.get("fork"),
        "license": lic.get("spdx_id") or lic.get("key"),
    }


async def fetch_repo_meta(http: Http, ref: RepoRef) -> dict[str, Any]:
    r = await http.get(f"{http.settings.github_api_url}/repos/{ref.owner}/{ref.name}")
    return parse_repo_meta(r.json()) if r.status == 200 else {}


def parse_tree(data: dict[str, Any], prefix: str = "") -> list[TreeEntry]:
    """GitHub's tree JSON -> TreeEntry list (paths prefixed for subtrees fetched on their own)."""
    return [
        TreeEntry(prefix + e["path"], e["type"], e.get("sha"), e.get("size"), e.get("mode"))
        for e in data.get("tree") or ()
    ]


async def fetch_tree(http: Http, ref: RepoRef,
                     sha: str) -> tuple[list[TreeEntry], bool, list[str]]:  # fmt: skip
    """(entries, truncated, notes). A truncated recursive tree is completed from subtrees, bounded."""
    base = f"{http.settings.github_api_url}/repos/{ref.owner}/{ref.name}/git/trees"
    r = await http.get(f"{base}/{sha}", params={"recursive": "1"})
    if r.status != 200:
        raise FetchError(r.url, r.status, f"tree of {ref.full_name} answered HTTP {r.status}")
    data = r.json()
    entries = parse_tree(data)
    if not data.get("truncated"):
        return entries, False, []
    entries, complete = await _complete_tree(http, base, entries)
    note = "tree truncated by GitHub; top levels fetched one subtree at a time"
    if not complete:
        note += f" (stopped after {MAX_SUBTREES} subtrees: tree incomplete)"
    return entries, True, [note]


async def _complete_tree(http: Http, base: str,
                         entries: list[TreeEntry]) -> tuple[list[TreeEntry], bool]:  # fmt: skip
    """Expand directories with no listed children, breadth first, up to MAX_SUBTREES requests."""
    known = {e.path: e for e in entries}
    listed = {p.rsplit("/", 1)[0] for p in known if "/" in p}  # directories with known children
    queue = [e for e in entries if e.type == "tree" and e.path.count("/") < MAX_SUBTREE_DEPTH]
    spent = 0
    while queue:
        d = queue.pop(0)
        if d.path in listed or not d.sha:
            continue
        if spent >= MAX_SUBTREES:
            return list(known.values()), False
        spent += 1
        r = await http.get(f"{base}/{d.sha}")
        if r.status != 200:
            continue
        listed.add(d.path)
        for e in parse_tree(r.json(), d.path + "/"):
            known.setdefault(e.path, e)
            if e.type == "tree" and e.path.count("/") < MAX_SUBTREE_DEPTH:
                queue.append(e)
    return list(known.values()), True


async def fetch_includes(http: Http, ref: RepoRef, sha: str, tree: Sequence[TreeEntry],
                         files: dict[str, bytes], tried: set[str]) -> list[str]:  # fmt: skip
    """Fetch the `-r`/`-c` targets `files` name into `files`, level by level (bounded); paths in
    `tried` were asked for already."""
    blobs = {e.path for e in tree if e.type == "blob"}
    notes: list[str] = []
    budget = includes.MAX_INCLUDES
    for _ in range(includes.MAX_INCLUDE_DEPTH):
        todo = [p for p in includes.wanted(files, blobs) if p not in tried][:budget]
        if not todo:
            break
        tried.update(todo)
        budget -= len(todo)
        fetched, more = await fetch_files(http, ref, sha, _entries(tree, todo))
        files.update(fetched)
        notes += more
    return notes


def _entries(tree: Sequence[TreeEntry], paths: Sequence[str]) -> list[TreeEntry]:
    by_path = {e.path: e for e in tree}
    return [by_path.get(p, TreeEntry(p, "blob")) for p in paths]


def raw_url(http: Http, ref: RepoRef, sha: str, path: str) -> str:
    return f"{http.settings.github_raw_url}/{ref.owner}/{ref.name}/{sha}/{quote(path)}"


async def fetch_files(http: Http, ref: RepoRef, sha: str,
                      entries: Sequence[TreeEntry]) -> tuple[dict[str, bytes], list[str]]:  # fmt: skip
    """Raw bytes of `entries` at `sha`; missing, oversized or failed files become notes."""
    notes: list[str] = []
    wanted = []
    for e in entries:
        if e.size is not None and e.size > MAX_FILE_BYTES:
            notes.append(f"{e.path}: {e.size} bytes, over the {MAX_FILE_BYTES} byte cap; skipped")
        else:
            wanted.append(e)
    results = await asyncio.gather(*(_fetch_one(http, ref, sha, e.path) for e in wanted))
    files: dict[str, bytes] = {}
    for path, data, note in results:
        if data is not None:
            files[path] = data
        if note:
            notes.append(note)
    return files, notes


async def _fetch_one(http: Http, ref: RepoRef, sha: str,
                     path: str) -> tuple[str, bytes | None, str | None]:  # fmt: skip
    try:
        # Raw URLs name a commit sha: their content never changes, so they are not cached.
        r = await http.get(raw_url(http, ref, sha, path), conditional=False)
    except FetchError as e:
        return path, None, f"{path}: download failed ({e})"
    if r.status != 200:
        return path, None, f"{path}: raw download answered HTTP {r.status}"
    if len(r.content) > MAX_FILE_BYTES:
        return path, r.content[:MAX_FILE_BYTES], f"{path}: cut at {MAX_FILE_BYTES} bytes"
    return path, r.content, None
