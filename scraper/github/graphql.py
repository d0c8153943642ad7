"""GraphQL batch mode: many repos' metadata, head commit and root manifests in one query per batch.

One query per batch (aliases `r0`, `r1`, ...) reads each repository's metadata, its default branch
head (oid, committedDate, tree oid) and root-level manifests/README as blobs via
`object(expression: "HEAD:<path>")`. Only repos whose head changed then cost REST tree + raw
requests for the rest (see scraper/github/rest.py). Shapes follow https://docs.github.com/en/graphql
(Repository, Ref, Commit, Tree, Blob, `errors[].type == "NOT_FOUND"`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

from analysis.models import RepoRef, RepoSnapshot
from scraper.github.rest import SelectFiles, fetch_snapshot, parse_time, snapshot_at
from scraper.http.client import FetchError, Http

log = logging.getLogger(__name__)

BATCH = 25  # repos per query: >= 10 keeps GraphQL queries per repo <= 0.1
# Root files worth reading in the same query (absent ones come back as null, at no extra cost).
ROOT_FILES = (
    "README.md", "requirements.txt", "setup.py", "setup.cfg", "pyproject.toml",
    "environment.yml", "environment.yaml", "Pipfile", "Dockerfile",
)  # fmt: skip

_FRAGMENT = """
fragment Repo on Repository {
  nameWithOwner url description stargazerCount isFork isArchived createdAt pushedAt
  licenseInfo { spdxId key }
  defaultBranchRef { name target { ... on Commit { oid committedDate tree { oid } } } }
}"""
_BLOB = "... on Blob { text byteSize isTruncated isBinary }"


def build_query(refs: Sequence[RepoRef], files: Sequence[str] = ROOT_FILES) -> str:
    """One query reading every repo in `refs` under alias r<i> (names passed as JSON strings)."""
    blobs = " ".join(
        f"f{j}: object(expression: {json.dumps('HEAD:' + path)}) {{ {_BLOB} }}"
        for j, path in enumerate(files)
    )
    parts = [
        f"r{i}: repository(owner: {json.dumps(r.owner)}, name: {json.dumps(r.name)}) "
        f"{{ ...Repo {blobs} }}"
        for i, r in enumerate(refs)
    ]
    return (
        "query {\n  rateLimit { cost remaining resetAt }\n  "
        + "\n  ".join(parts)
        + "\n}"
        + _FRAGMENT
    )


def graphql_url(api_url: str) -> str:
    """`{GITHUB_API_URL}/graphql`; GitHub Enterprise serves REST at /api/v3 but GraphQL at /api/graphql."""
    base = api_url.rstrip("/")
    return base.removesuffix("/v3") + "/graphql" if base.endswith("/api/v3") else base + "/graphql"


def parse_repo_node(node: dict[str, Any], files: Sequence[str] = ROOT_FILES) -> dict[str, Any]:
    """A `repository` node -> {full_name, head, meta, blobs} (blobs only complete text ones)."""
    branch = node.get("defaultBranchRef") or {}
    target = branch.get("target") or {}
    lic = node.get("licenseInfo") or {}
    blobs = {}
    for j, path in enumerate(files):
        blob = node.get(f"f{j}")
        if blob and blob.get("text") is not None and not blob.get("isTruncated"):
            blobs[path] = blob["text"].encode("utf-8")
    head = None
    if target.get("oid"):
        head = {"sha": target["oid"], "tree_sha": (target.get("tree") or {}).get("oid"),
                "date": parse_time(target.get("committedDate")), "html_url": node.get("url")}  # fmt: skip
    meta = {
        "default_branch": branch.get("name"), "stars": node.get("stargazerCount"),
        "description": node.get("description"), "created_at": parse_time(node.get("createdAt")),
        "pushed_at": parse_time(node.get("pushedAt")), "archived": node.get("isArchived"),
        "fork": node.get("isFork"), "license": lic.get("spdxId") or lic.get("key"),
    }  # fmt: skip
    return {"full_name": node.get("nameWithOwner"), "head": head, "meta": meta, "blobs": blobs}


def error_types(payload: dict[str, Any]) -> dict[str, str]:
    """alias -> GraphQL error type (`NOT_FOUND`, `FORBIDDEN`, ...) from `errors[].path[0]`."""
    out = {}
    for err in payload.get("errors") or ():
        path = err.get("path") or []
        if path:
            out[str(path[0])] = str(err.get("type") or "ERROR")
    return out


async def fetch_snapshots_graphql(http: Http, refs: list[RepoRef], known: dict[str, str],
                                  max_code: int = 40, *, batch: int = BATCH,
                                  select: SelectFiles | None = None,
                                  errors: dict[str, FetchError] | None = None,
                                  ) -> dict[str, RepoSnapshot | None]:  # fmt: skip
    """RepoRef.key -> snapshot (None when its head equals `known[key]`), batched over GraphQL.

    A failing batch query raises FetchError. A repo whose tree/files then fail raises too, unless
    `errors` is given: its FetchError is put there (by key) and the repo left out of the result.
    """
    out: dict[str, RepoSnapshot | None] = {}
    for start in range(0, len(refs), batch):
        chunk = refs[start : start + batch]
        out.update(await _fetch_batch(http, chunk, known, max_code, select, errors))
    return out


async def _fetch_batch(http: Http, refs: list[RepoRef], known: dict[str, str], max_code: int,
                       select: SelectFiles | None,
                       failed: dict[str, FetchError] | None) -> dict[str, RepoSnapshot | None]:  # fmt: skip
    r = await http.post_json(
        graphql_url(http.settings.github_api_url), {"query": build_query(refs)}
    )
    if r.status != 200:
        raise FetchError(r.url, r.status, f"GraphQL batch answered HTTP {r.status}")
    payload = r.json()
    data, errors = payload.get("data") or {}, error_types(payload)
    jobs = [_one(http, ref, data.get(f"r{i}"), errors.get(f"r{i}"), known, max_code, select)
            for i, ref in enumerate(refs)]  # fmt: skip
    results = await asyncio.gather(*jobs, return_exceptions=True)
    out: dict[str, RepoSnapshot | None] = {}
    for ref, result in zip(refs, results, strict=True):
        if isinstance(result, FetchError) and failed is not None:
            failed[ref.key] = result
        elif isinstance(result, BaseException):
            raise result
        else:
            out[ref.key] = result
    return out


async def _one(http: Http, ref: RepoRef, node: dict[str, Any] | None, error: str | None,
               known: dict[str, str], max_code: int,
               select: SelectFiles | None) -> RepoSnapshot | None:  # fmt: skip
    if node is None:
        if error == "NOT_FOUND":
            return RepoSnapshot(ref, None, status="missing")
        # Anything else (blocked, forbidden, timeouts): REST says precisely what happened.
        return await fetch_snapshot(http, ref, known.get(ref.key), max_code, select=select)
    info = parse_repo_node(node)
    head = info["head"]
    if head is None:
        return RepoSnapshot(ref, None, status="empty", **info["meta"])
    if known.get(ref.key) == head["sha"]:
        return None
    moved = RepoRef.parse(info["full_name"] or "") or ref
    renamed_to = moved.full_name if moved.key != ref.key else None
    return await snapshot_at(http, ref, moved, head, info["meta"], max_code, select, renamed_to,
                             have=info["blobs"])  # fmt: skip
