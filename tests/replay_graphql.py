"""The replay server's minimal GitHub GraphQL endpoint: answers scraper/github/graphql.py's batch query.

It reads aliases `rN: repository(owner: "...", name: "...")` and, inside each, `fN: object(expression:
"HEAD:<path>")`, and answers every Repository field the batch query selects (shapes as in
https://docs.github.com/en/graphql/reference/objects#repository). Missing repos come back as null with
an `errors[]` entry of type NOT_FOUND, as GitHub does. Other selections are not interpreted.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from tests.replay import Reply, _json_reply

if TYPE_CHECKING:
    from tests.replay_github import CorpusGitHub

_REPO = re.compile(r'(\w+)\s*:\s*repository\(\s*owner:\s*("(?:[^"\\]|\\.)*")\s*,\s*name:\s*'
                   r'("(?:[^"\\]|\\.)*")\s*\)')  # fmt: skip
_OBJECT = re.compile(r'(\w+)\s*:\s*object\(\s*expression:\s*("(?:[^"\\]|\\.)*")\s*\)')


def answer_graphql(mode: CorpusGitHub, body: bytes) -> Reply:
    try:
        query = json.loads(body)["query"]
    except (ValueError, KeyError, TypeError):
        return _json_reply(400, {"message": "Problems parsing JSON"})
    query = query.split("fragment ", 1)[0]
    matches = list(_REPO.finditer(query))
    data: dict[str, Any] = {"rateLimit": {"cost": 1, "remaining": 4999, "resetAt": None}}
    errors = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(query)
        alias, owner, name = m.group(1), json.loads(m.group(2)), json.loads(m.group(3))
        blobs = {a: json.loads(e) for a, e in _OBJECT.findall(query[m.end() : end])}
        key = mode.renames.get(f"{owner}/{name}".lower(), f"{owner}/{name}").lower()
        if key not in mode.repos or key in mode.blocked:
            data[alias] = None
            kind = "FORBIDDEN" if key in mode.blocked else "NOT_FOUND"
            errors.append({"type": kind, "path": [alias], "locations": [],
                           "message": f"Could not resolve to a Repository with the name "
                                      f"'{owner}/{name}'."})  # fmt: skip
            continue
        data[alias] = repo_node(mode, key, blobs)
    payload: dict[str, Any] = {"data": data}
    if errors:
        payload["errors"] = errors
    return _json_reply(200, payload)


def repo_node(mode: CorpusGitHub, key: str, blobs: dict[str, str]) -> dict[str, Any]:
    rest = mode.repo_json(key)
    node: dict[str, Any] = {
        "nameWithOwner": rest["full_name"], "url": rest["html_url"], "description": None,
        "stargazerCount": None, "isFork": None, "isArchived": None,
        "createdAt": rest["created_at"], "pushedAt": rest["pushed_at"], "licenseInfo": None,
        "defaultBranchRef": None,
    }  # fmt: skip
    if key not in mode.empty:
        commit = mode.commit_json(key)
        node["defaultBranchRef"] = {"name": "main", "target": {
            "oid": commit["sha"], "committedDate": commit["commit"]["committer"]["date"],
            "tree": {"oid": commit["commit"]["tree"]["sha"]}}}  # fmt: skip
    for alias, expression in blobs.items():
        node[alias] = None if key in mode.empty else _blob(mode, key, expression)
    return node


def _blob(mode: CorpusGitHub, key: str, expression: str) -> dict[str, Any] | None:
    ref, _, path = expression.partition(":")
    if ref not in ("HEAD", "main", mode.repos[key]["commit"]):
        return None
    data = mode.raw_file(key, path)
    if data is None:
        return None
    text = data.decode("utf-8", errors="replace")
    return {"text": text, "byteSize": len(data), "isTruncated": False, "isBinary": False}
