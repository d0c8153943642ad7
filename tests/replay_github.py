"""GitHub as the replay server plays it from ../shared/corpus: REST, raw files, search, GraphQL.

Paths (API under /api, raw under /raw; see tests/replay.py):
    GET  /api/repos/{o}/{r}                          repository (branch main, nulls where unrecorded)
    GET  /api/repos/{o}/{r}/commits/{HEAD|main|sha}  commit (sha, tree sha, committer date in UTC)
    GET  /api/repos/{o}/{r}/git/trees/{sha}[?recursive=1]   tree.json, or a subtree by its sha
    GET  /api/repos/{o}/{r}/commits?path=P&per_page&page   recorded first commits of port folders
    GET  /api/search/repositories?q=...&per_page&page&sort&order   GitHub search (replay_search.py)
                                                     over the recorded README facts of every corpus
                                                     and port repository; a venue-tag query the
                                                     recording answered (`CVPR2025 in:name`) gets
                                                     the recorded answer (`github-name-search:TAG`)
    POST /api/graphql                                the batch query of scraper/github/graphql.py
    GET  /raw/{o}/{r}/{sha}/{path}                   manifests byte for byte (`-r`/`-c` include
                                                     targets too when recorded, else 404), code and
                                                     README as reconstructions
                                                     (analysis.classify.reconstruct)
    GET  /raw/{owner}/{repo}/{commit}/{file}         curated lists from corpus/lists
The port recording (replay_gardens.py) adds the community port repositories and the recorded
gardens (KerasHub, keras.applications, kecam) as repositories. Renamed repos
(`renames={"old/name": "new/name"}`) answer 301 to /api/repositories/{id}/... like
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
from tests.replay_gardens import PortsRecording, cited_docstring, readme_doc
from tests.replay_graphql import answer_graphql
from tests.replay_search import SearchDoc, search

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
        self.ports = PortsRecording(self.corpus)

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
        for i, rec in enumerate(self.ports.port_repos):
            out.setdefault(rec["repo"].lower(), {"full_name": rec["repo"], "id": 200000 + i,
                                                 "port": True})  # fmt: skip
            out[rec["repo"].lower()].update(rec)
        for i, (key, rec) in enumerate(sorted(self.ports.garden_repos().items())):
            out.setdefault(key, {**rec, "id": 300000 + i})
        return out

    @cached_property
    def papers(self) -> list[dict[str, Any]]:
        lines = (self.corpus / "papers.jsonl").read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def repo_dir(self, key: str) -> Path:
        owner, name = self.repos[key]["full_name"].split("/", 1)
        return self.corpus / "repos" / owner / name

    def tree(self, key: str) -> dict[str, Any]:
        if self.repos[key].get("synthetic"):
            return self.ports.garden_tree(key)
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
        if rest == "/commits":
            return self.commits_reply(key, query)
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
        if self.repos[key].get("synthetic"):
            return self.ports.garden_file(key, path)
        recorded = self.repo_dir(key) / "files" / path
        if ".." not in path.split("/") and recorded.is_file():
            return recorded.read_bytes()
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        cited = self.ports.cited_in_folder.get((key, folder), [])
        imports = self._json_file(key, "imports.json").get("files", {})
        if path in imports:
            code = code_reconstruction(path, imports[path])
            return cited_docstring(cited) + code if cited and path.endswith(".py") else code
        return self.readme_file(key, path, cited)

    def readme_file(self, key: str, path: str, cited: list[str]) -> bytes | None:
        """A README from `readmes.json` (heading, arXiv links) or `readme.json` (links, install
        lines), with the ids the port recording says the folder cites."""
        readme = self._json_file(key, "readme.json")
        facts = self._json_file(key, "readmes.json").get(path)
        if readme and readme.get("readme_path") == path:
            facts = {**readme, "heading": (facts or {}).get("heading", "")}
        if facts is None:
            return None
        return readme_reconstruction(readme_doc(facts, cited))

    # -- history ---------------------------------------------------------------------------------
    def commits_reply(self, key: str, query: dict[str, str]) -> Reply:
        """`commits?path=`: the recorded first commit adding the path, behind the head commit
        when its date was recorded; newest first, paged like GitHub."""
        rec = self.repos[key]
        first = self.ports.first_adds.get((key, query.get("path", "")))
        history = []
        if first is not None:
            if rec.get("commit_date") and rec.get("commit_date") != first[0]:
                history.append(self._commit_item(key, rec["commit"], rec["commit_date"]))
            history.append(self._commit_item(key, first[1], first[0]))
        per_page = min(max(int(query.get("per_page") or 30), 1), 100)
        page = max(int(query.get("page") or 1), 1)
        pages = max(1, math.ceil(len(history) / per_page))
        body = history[(page - 1) * per_page : page * per_page]
        path = f"/api/repos/{rec['full_name']}/commits"
        return _json_reply(200, body, self._link(query, page, pages, path))

    def _commit_item(self, key: str, sha: str | None, when: str) -> dict[str, Any]:
        who = {"name": None, "email": None, "date": _utc(when)}
        return {"sha": sha, "commit": {"author": who, "committer": who, "message": ""},
                "html_url": f"{GITHUB_WEB}/{self.repos[key]['full_name']}/commit/{sha}"}  # fmt: skip

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: dict[str, str]) -> Reply:
        recorded = self.recorded_search(query.get("q", ""))
        docs = recorded if recorded is not None else self.search_docs
        status, body = search(docs, query)
        if status != 200:
            return _json_reply(status, body)
        pages = body.pop("pages")
        body["items"] = [{**self.repo_json(d.key), "score": s} for s, d in body["items"]]
        page = max(int(query.get("page") or 1), 1)
        return _json_reply(200, body, self._link(query, page, max(1, pages)))

    def recorded_search(self, q: str) -> list[SearchDoc] | None:
        """The recorded answer to a venue-tag name search (`CVPR2025 in:name,...`), if any."""
        words = [w for w in q.split() if ":" not in w]
        if len(words) != 1:
            return None
        tag = words[0].lower()
        hits = [p["repo"].lower() for p in self.papers
                if str(p.get("list", "")).lower() == f"github-name-search:{tag}"]  # fmt: skip
        if not hits:
            return None
        docs = {d.key: d for d in self.search_docs}
        return [docs[k] for k in dict.fromkeys(hits) if k in docs]

    @cached_property
    def search_docs(self) -> list[SearchDoc]:
        """Every recorded repository as search sees it (the recorded gardens have no README)."""
        docs = []
        for key, rec in self.repos.items():
            if rec.get("synthetic"):
                continue
            readme = self._json_file(key, "readme.json").get("readme_path") or "README.md"
            text = self.readme_file(key, readme, self.ports.cited_in_folder.get((key, ""), []))
            docs.append(SearchDoc(key, rec["full_name"], "", (), (text or b"").decode(), False,
                                  _utc(rec.get("commit_date")) or ""))  # fmt: skip
        return docs

    def _link(self, query: dict[str, str], page: int, pages: int,
              path: str = "/api/search/repositories") -> dict[str, str]:  # fmt: skip
        def url(n: int) -> str:
            return f"{self.base}{path}?" + urlencode({**query, "page": n}, quote_via=quote)

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
