"""GitHub as the replay server plays it from ../shared/corpus: REST, raw files, search, GraphQL.

Paths (API under /api, raw under /raw; see tests/replay.py):
    GET  /api/repos/{o}/{r}                          repository (branch main, nulls where unrecorded)
    GET  /api/repos/{o}/{r}/commits/{HEAD|main|sha}  commit (sha, tree sha, committer date in UTC)
    GET  /api/repos/{o}/{r}/git/trees/{sha}[?recursive=1]   tree.json, or a subtree by its sha
    GET  /api/search/repositories?q=...&per_page&page  papers listed as `github-name-search:<TAG>`
    POST /api/graphql                                the batch query of scraper/github/graphql.py
    GET  /raw/{o}/{r}/{sha}/{path}                   manifests byte for byte, code and README as
                                                     reconstructions (analysis.classify.reconstruct)
    GET  /raw/{owner}/{repo}/{commit}/{file}         curated lists from corpus/lists
Renamed repos (`renames={"old/name": "new/name"}`) answer 301 to /api/repositories/{id}/... like
GitHub; `blocked` repos answer 451, `empty` repos 409 on commits/trees, `truncated` repos serve a
recursive tree cut to its top level with `truncated: true` (subtrees stay fetchable by sha).
"""

from __future__ import annotations

import csv
import json
import math
import re
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

from analysis.classify.reconstruct import code_reconstruction, readme_reconstruction
from tests.replay import Reply, _json_reply
from tests.replay_graphql import answer_graphql

GITHUB_WEB = "https://github.com"


class CorpusGitHub:
    """A handler for ReplayServer.add_handler serving the recorded corpus as GitHub would."""

    def __init__(self, corpus: Path, *, renames: dict[str, str] | None = None,
                 blocked: set[str] | frozenset[str] = frozenset(),
                 empty: set[str] | frozenset[str] = frozenset(),
                 truncated: set[str] | frozenset[str] = frozenset()) -> None:  # fmt: skip
        self.corpus = Path(corpus)
        self.renames = {k.lower(): v for k, v in (renames or {}).items()}
        self.blocked = {k.lower() for k in blocked}
        self.empty = {k.lower() for k in empty}
        self.truncated = {k.lower() for k in truncated}
        self.base = ""  # the server URL, set on first request from the Host header
        self._parsed: dict[tuple[str, str], dict[str, Any]] = {}

    # -- corpus indexes --------------------------------------------------------------------------
    @cached_property
    def repos(self) -> dict[str, dict[str, Any]]:
        """lower-cased owner/name -> {full_name, commit, commit_date, first_commit_date, id}."""
        out: dict[str, dict[str, Any]] = {}
        with open(self.corpus / "labels.csv", newline="") as f:
            for i, row in enumerate(csv.DictReader(f)):
                out[row["repo"].lower()] = {"full_name": row["repo"], "commit": row["commit"],
                                            "id": 100000 + i}  # fmt: skip
        for line in (self.corpus / "repos.jsonl").read_text().splitlines():
            if line.strip():
                rec = json.loads(line)
                out.setdefault(rec["repo"].lower(), {"full_name": rec["repo"], "id": len(out)})
                out[rec["repo"].lower()].update(rec)
        return out

    @cached_property
    def papers(self) -> list[dict[str, Any]]:
        lines = (self.corpus / "papers.jsonl").read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def repo_dir(self, key: str) -> Path:
        owner, name = self.repos[key]["full_name"].split("/", 1)
        return self.corpus / "repos" / owner / name

    def tree(self, key: str) -> dict[str, Any]:
        return self._json_file(key, "tree.json")

    def _json_file(self, key: str, name: str) -> dict[str, Any]:
        """A parsed corpus JSON file, read once (server threads share the result; never mutated)."""
        cache_key = (key, name)
        if cache_key not in self._parsed:
            path = self.repo_dir(key) / name
            self._parsed[cache_key] = json.loads(path.read_text()) if path.exists() else {}
        return self._parsed[cache_key]

    # -- dispatch --------------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> Reply | None:  # fmt: skip
        self.base = self.base or f"http://{headers.get('host', '127.0.0.1')}"
        if method == "POST" and path == "/api/graphql":
            return answer_graphql(self, body)
        if method not in ("GET", "HEAD"):
            return None
        if path == "/api/search/repositories":
            return self.search(query)
        m = re.fullmatch(r"/api/repositories/(\d+)(/.*)?", path)
        if m:
            key = next((k for k, v in self.repos.items() if v["id"] == int(m.group(1))), None)
            return self.repo_api(key, m.group(2) or "", query) if key else _not_found()
        m = re.fullmatch(r"/api/repos/([^/]+)/([^/]+)(/.*)?", path)
        if m:
            return self.repo_api_named(f"{m.group(1)}/{m.group(2)}", m.group(3) or "", query)
        if path.startswith("/raw/"):
            return self.raw(path[len("/raw/") :])
        return None

    def repo_api_named(self, name: str, rest: str, query: dict[str, str]) -> Reply:
        key = name.lower()
        if key in self.renames:
            target = self.repos.get(self.renames[key].lower())
            if target is None:
                return _not_found()
            location = f"{self.base}/api/repositories/{target['id']}{rest}"
            if query:
                location += "?" + urlencode(query)
            body = {"message": "Moved Permanently", "url": location,
                    "documentation_url": "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects"}  # fmt: skip
            return _json_reply(301, body, {"Location": location})
        if key in self.blocked:
            return _json_reply(451, {"message": "Repository access blocked",
                                     "block": {"reason": "dmca", "created_at": None}})  # fmt: skip
        if key in self.empty and (rest.startswith("/commits") or rest.startswith("/git/")):
            return _json_reply(409, {"message": "Git Repository is empty."})
        if key not in self.repos:
            return _not_found()
        return self.repo_api(key, rest, query)

    def repo_api(self, key: str, rest: str, query: dict[str, str]) -> Reply:
        if rest == "":
            return _json_reply(200, self.repo_json(key))
        if key in self.empty and (rest.startswith("/commits") or rest.startswith("/git/")):
            return _json_reply(409, {"message": "Git Repository is empty."})
        m = re.fullmatch(r"/commits/([^/]+)", rest)
        if m:
            if m.group(1) not in ("HEAD", "main", self.repos[key]["commit"]):
                return _json_reply(422, {"message": f"No commit found for SHA: {m.group(1)}"})
            return _json_reply(200, self.commit_json(key))
        m = re.fullmatch(r"/git/trees/([^/]+)", rest)
        if m:
            return self.tree_reply(key, m.group(1), query.get("recursive") not in (None, ""))
        return _not_found()

    # -- REST bodies -----------------------------------------------------------------------------
    def repo_json(self, key: str) -> dict[str, Any]:
        rec = self.repos[key]
        owner, name = rec["full_name"].split("/", 1)
        api = f"{self.base}/api/repos/{rec['full_name']}"
        return {
            "id": rec["id"], "node_id": None, "name": name, "full_name": rec["full_name"],
            "owner": {"login": owner, "id": None, "type": None,
                      "html_url": f"{GITHUB_WEB}/{owner}"},
            "private": False, "html_url": f"{GITHUB_WEB}/{rec['full_name']}",
            "description": None, "fork": None, "url": api,
            "created_at": _utc(rec.get("first_commit_date")), "updated_at": None,
            "pushed_at": _utc(rec.get("commit_date")), "homepage": None, "size": None,
            "stargazers_count": None, "watchers_count": None, "language": None,
            "forks_count": None, "archived": None, "disabled": False, "open_issues_count": None,
            "license": None, "topics": [], "visibility": "public", "default_branch": "main",
        }  # fmt: skip

    def commit_json(self, key: str) -> dict[str, Any]:
        rec = self.repos[key]
        sha, tree_sha = rec["commit"], self.tree(key)["sha"]
        api = f"{self.base}/api/repos/{rec['full_name']}"
        who = {"name": None, "email": None, "date": _utc(rec.get("commit_date"))}
        return {
            "sha": sha, "node_id": None, "url": f"{api}/commits/{sha}",
            "html_url": f"{GITHUB_WEB}/{rec['full_name']}/commit/{sha}",
            "commit": {"author": who, "committer": who, "message": "",
                       "tree": {"sha": tree_sha, "url": f"{api}/git/trees/{tree_sha}"},
                       "url": f"{api}/git/commits/{sha}", "comment_count": 0},
            "author": None, "committer": None, "parents": [],
        }  # fmt: skip

    def tree_reply(self, key: str, sha: str, recursive: bool) -> Reply:
        doc = self.tree(key)
        entries = doc["tree"]
        if sha != doc["sha"]:
            sub = next((e for e in entries if e["type"] == "tree" and e["sha"] == sha), None)
            if sub is None:
                return _not_found()
            prefix = sub["path"] + "/"
            entries = [{**e, "path": e["path"][len(prefix) :]} for e in entries
                       if e["path"].startswith(prefix)]  # fmt: skip
        truncated = bool(doc.get("truncated"))
        if not recursive or (key in self.truncated and sha == doc["sha"]):
            truncated = truncated or (recursive and key in self.truncated)
            entries = [e for e in entries if "/" not in e["path"]]
        api = f"{self.base}/api/repos/{self.repos[key]['full_name']}"
        return _json_reply(200, {"sha": sha, "url": f"{api}/git/trees/{sha}",
                                 "tree": entries, "truncated": truncated})  # fmt: skip

    # -- raw files -------------------------------------------------------------------------------
    def raw(self, rest: str) -> Reply:
        # GitHub decodes raw paths (`CDTrans%2BFIA/train.py` is `CDTrans+FIA/train.py`).
        parts = unquote(rest).split("/", 3)
        if len(parts) < 4:
            return _text(404, "404: Not Found")
        owner, name, ref, path = parts
        listed = self.corpus / "lists" / owner / name / ref / path
        if listed.is_file():
            return _text(200, listed.read_bytes())
        key = f"{owner}/{name}".lower()
        if key not in self.repos or ref not in ("HEAD", "main", self.repos[key]["commit"]):
            return _text(404, "404: Not Found")
        data = self.raw_file(key, path)
        return _text(200, data) if data is not None else _text(404, "404: Not Found")

    def raw_file(self, key: str, path: str) -> bytes | None:
        recorded = self.repo_dir(key) / "files" / path
        if ".." not in path.split("/") and recorded.is_file():
            return recorded.read_bytes()
        imports = self._json_file(key, "imports.json").get("files", {})
        if path in imports:
            return code_reconstruction(path, imports[path])
        readme = self._json_file(key, "readme.json")
        if readme and readme.get("readme_path") == path:
            return readme_reconstruction(readme)
        return None

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: dict[str, str]) -> Reply:
        q = query.get("q", "").lower()
        per_page = min(int(query.get("per_page") or 30), 100)
        page = max(int(query.get("page") or 1), 1)
        hits = [p for p in self.papers if str(p.get("list", "")).startswith("github-name-search:")
                and p["list"].split(":", 1)[1].lower() in q]  # fmt: skip
        items = [
            self.search_item(p["repo"].lower()) for p in hits if p["repo"].lower() in self.repos
        ]
        pages = max(1, math.ceil(len(items) / per_page))
        body = {"total_count": len(items), "incomplete_results": False,
                "items": items[(page - 1) * per_page : page * per_page]}  # fmt: skip
        return _json_reply(200, body, self._link(query, page, pages))

    def search_item(self, key: str) -> dict[str, Any]:
        return {**self.repo_json(key), "score": 1.0}

    def _link(self, query: dict[str, str], page: int, pages: int) -> dict[str, str]:
        def url(n: int) -> str:
            return f"{self.base}/api/search/repositories?" + urlencode({**query, "page": n},
                                                                       quote_via=quote)  # fmt: skip

        rels = []
        if page < pages:
            rels += [f'<{url(page + 1)}>; rel="next"', f'<{url(pages)}>; rel="last"']
        if page > 1:
            rels += [f'<{url(page - 1)}>; rel="prev"', f'<{url(1)}>; rel="first"']
        return {"Link": ", ".join(rels)} if rels else {}


def _utc(stamp: str | None) -> str | None:
    """`2026-05-07T20:49:17+01:00` -> `2026-05-07T19:49:17Z` (GitHub's REST timestamps)."""
    if not stamp:
        return None
    return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _not_found() -> Reply:
    return _json_reply(404, {"message": "Not Found",
                             "documentation_url": "https://docs.github.com/rest"})  # fmt: skip


def _text(status: int, body: bytes | str) -> Reply:
    data = body.encode() if isinstance(body, str) else body
    return Reply(status, data, {"Content-Type": "text/plain; charset=utf-8"})
