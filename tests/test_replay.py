"""The replay server: recorded routes, ETags, faults, request log, and the corpus served as GitHub."""

from __future__ import annotations

import csv
import json
import time

import httpx
import pytest

from analysis.classify.reconstruct import code_reconstruction, readme_reconstruction
from tests.replay import ReplayServer

REPO = "1nyourlife/Crossvl_cvpr2026"


@pytest.fixture
def server():
    with ReplayServer() as s:
        yield s


@pytest.fixture
def gh(server, corpus):
    server.serve_corpus(corpus, renames={"old/name": REPO})
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield server, client, corpus


def test_recorded_routes_match_method_path_and_query(server):
    server.add("GET", "/hf/api/daily_papers", 200, [{"id": "a"}], query={"date": "2026-01-05"})
    server.add("GET", "/hf/api/daily_papers", 200, [])
    server.add("POST", "/hf/api/daily_papers", 405, "no")
    with httpx.Client(base_url=server.url) as c:
        assert c.get("/hf/api/daily_papers", params={"date": "2026-01-05", "p": 0}).json() == [
            {"id": "a"}
        ]
        assert c.get("/hf/api/daily_papers", params={"date": "2026-01-06"}).json() == []
        assert c.post("/hf/api/daily_papers").status_code == 405
        assert c.get("/nothing").status_code == 404
    assert [(r.method, r.status) for r in server.log] == [
        ("GET", 200), ("GET", 200), ("POST", 405), ("GET", 404)]  # fmt: skip
    assert server.log[0].query == {"date": "2026-01-05", "p": "0"}


def test_every_200_has_an_etag_and_a_matching_if_none_match_gets_304(server):
    server.add("GET", "/x", 200, {"v": 1})
    server.add("GET", "/y", 200, "body", headers={"ETag": '"fixed"'})
    with httpx.Client(base_url=server.url) as c:
        first = c.get("/x")
        again = c.get("/x", headers={"If-None-Match": first.headers["etag"]})
        other = c.get("/x", headers={"If-None-Match": '"stale"'})
        fixed = c.get("/y", headers={"If-None-Match": '"fixed"'})
    assert first.status_code == 200 and first.headers["etag"].startswith('W/"')
    assert (again.status_code, again.content) == (304, b"")
    assert other.status_code == 200 and fixed.status_code == 304


def test_fault_bursts_are_consumed_and_scoped_by_prefix(server):
    server.add("GET", "/api/a", 200, "a")
    server.add("GET", "/raw/b", 200, "b")
    server.inject("5xx", count=2, prefix="/api/")
    server.inject("429", count=1, prefix="/raw/", retry_after="3")
    with httpx.Client(base_url=server.url) as c:
        codes = [c.get("/api/a").status_code for _ in range(3)]
        raw = [c.get("/raw/b") for _ in range(2)]
    assert codes == [503, 503, 200]
    assert raw[0].status_code == 429 and raw[0].headers["retry-after"] == "3"
    assert raw[1].text == "b"


def test_rate_limit_fault_sends_githubs_headers(server):
    server.add("GET", "/api/a", 200, "a")
    server.inject("ratelimit", count=1, reset=1_900_000_000)
    with httpx.Client(base_url=server.url) as c:
        r = c.get("/api/a")
    assert r.status_code == 403
    assert (r.headers["x-ratelimit-remaining"], r.headers["x-ratelimit-reset"]) == (
        "0", "1900000000")  # fmt: skip


@pytest.mark.parametrize("fault", ["reset", "truncate"])
def test_reset_and_truncate_break_the_transfer(server, fault):
    server.add("GET", "/a", 200, "x" * 1000)
    server.inject(fault)
    with httpx.Client(base_url=server.url) as c:
        with pytest.raises(httpx.TransportError):
            c.get("/a")
        assert c.get("/a").text == "x" * 1000


def test_missing_paths_and_latency(server):
    server.add("GET", "/a", 200, "a")
    server.missing.add("/a")
    server.latency = 0.05
    with httpx.Client(base_url=server.url) as c:
        start = time.perf_counter()
        r = c.get("/a")
        took = time.perf_counter() - start
    assert r.status_code == 404 and took >= 0.05


def test_corpus_commit_and_tree_in_githubs_shape(gh):
    server, c, corpus = gh
    commit = c.get(f"/api/repos/{REPO}/commits/HEAD").json()
    recorded = json.loads((corpus / "repos" / REPO / "tree.json").read_text())
    row = next(r for r in csv.DictReader(open(corpus / "labels.csv")) if r["repo"] == REPO)
    assert commit["sha"] == row["commit"]
    assert commit["commit"]["tree"]["sha"] == recorded["sha"]
    assert commit["commit"]["committer"]["date"].endswith("Z")
    assert commit["html_url"] == f"https://github.com/{REPO}/commit/{row['commit']}"
    tree = c.get(f"/api/repos/{REPO}/git/trees/{recorded['sha']}", params={"recursive": 1}).json()
    assert tree["tree"] == recorded["tree"] and tree["truncated"] is False
    top = c.get(f"/api/repos/{REPO}/git/trees/{recorded['sha']}").json()
    assert {e["path"] for e in top["tree"]} == {
        e["path"] for e in recorded["tree"] if "/" not in e["path"]}  # fmt: skip
    repo = c.get(f"/api/repos/{REPO.upper()}").json()
    assert (repo["full_name"], repo["default_branch"], repo["stargazers_count"]) == (
        REPO, "main", None)  # fmt: skip


def test_corpus_raw_files_are_recorded_manifests_or_reconstructions(gh):
    server, c, corpus = gh
    d = corpus / "repos" / REPO
    sha = c.get(f"/api/repos/{REPO}/commits/HEAD").json()["sha"]
    manifest = next(p for p in (d / "files").rglob("*") if p.is_file())
    rel = manifest.relative_to(d / "files").as_posix()
    assert c.get(f"/raw/{REPO}/{sha}/{rel}").content == manifest.read_bytes()
    imports = json.loads((d / "imports.json").read_text())["files"]
    path, modules = next((p, m) for p, m in imports.items() if m)
    assert c.get(f"/raw/{REPO}/{sha}/{path}").content == code_reconstruction(path, modules)
    readme = json.loads((d / "readme.json").read_text())
    got = c.get(f"/raw/{REPO}/{sha}/{readme['readme_path']}").content
    assert got == readme_reconstruction(readme)
    assert c.get(f"/raw/{REPO}/{sha}/no/such/file.py").status_code == 404
    assert c.get(f"/raw/{REPO}/{'0' * 40}/{rel}").status_code == 404


def test_corpus_raw_paths_are_percent_decoded_like_github(server, corpus):
    repo = "DISL-Lab/RDC-ICCV2025"
    path = "Acc-DD/condense+RDC.py"
    modules = json.loads((corpus / "repos" / repo / "imports.json").read_text())["files"][path]
    server.serve_corpus(corpus)
    with httpx.Client(base_url=server.url, timeout=10) as c:
        sha = c.get(f"/api/repos/{repo}/commits/HEAD").json()["sha"]
        got = c.get(f"/raw/{repo}/{sha}/Acc-DD/condense%2BRDC.py")
    assert got.status_code == 200
    assert got.content == code_reconstruction(path, modules)


def test_corpus_lists_are_served_at_raw_urls(gh):
    server, c, corpus = gh
    listed = next(p for p in (corpus / "lists").rglob("*.md"))
    rel = listed.relative_to(corpus / "lists").as_posix()
    assert c.get(f"/raw/{rel}").content == listed.read_bytes()


def test_unknown_repos_404_and_renamed_repos_redirect_like_github(gh):
    server, c, _ = gh
    assert c.get("/api/repos/nobody/nothing/commits/HEAD").status_code == 404
    moved = c.get("/api/repos/old/name/commits/HEAD")
    assert moved.status_code == 301
    assert "/api/repositories/" in moved.headers["location"]
    followed = c.get("/api/repos/old/name/commits/HEAD", follow_redirects=True)
    assert followed.json()["html_url"].startswith(f"https://github.com/{REPO}/commit/")


def test_corpus_search_pages_results_with_a_link_header(gh):
    server, c, corpus = gh
    papers = [json.loads(x) for x in (corpus / "papers.jsonl").read_text().splitlines() if x]
    expected = {p["repo"] for p in papers if p["list"] == "github-name-search:CVPR2025"}
    first = c.get("/api/search/repositories", params={"q": "CVPR2025 in:name", "per_page": 5})
    body = first.json()
    assert body["total_count"] == len(expected) and body["incomplete_results"] is False
    assert len(body["items"]) == min(5, len(expected))
    assert 'rel="next"' in first.headers["link"]
    next_url = first.headers["link"].split(";")[0].strip("<>")
    rest = c.get(next_url).json()["items"]
    assert {i["full_name"] for i in body["items"] + rest} == expected
    item = body["items"][0]
    for key in ("full_name", "html_url", "description", "fork", "stargazers_count", "topics"):
        assert key in item


def test_graphql_batch_answers_aliases_and_not_found(gh):
    server, c, corpus = gh
    query = (
        'query { r0: repository(owner: "1nyourlife", name: "Crossvl_cvpr2026") { nameWithOwner '
        'f0: object(expression: "HEAD:requirements.txt") { ... on Blob { text } } '
        'f1: object(expression: "HEAD:nope.txt") { ... on Blob { text } } } '
        'r1: repository(owner: "nobody", name: "nothing") { nameWithOwner } }'
    )
    body = c.post("/api/graphql", json={"query": query}).json()
    r0 = body["data"]["r0"]
    assert r0["nameWithOwner"] == REPO
    assert (
        r0["defaultBranchRef"]["target"]["oid"]
        == c.get(f"/api/repos/{REPO}/commits/HEAD").json()["sha"]
    )
    recorded = (corpus / "repos" / REPO / "files" / "requirements.txt").read_text()
    assert r0["f0"]["text"] == recorded and r0["f1"] is None
    assert body["data"]["r1"] is None
    assert body["errors"][0]["type"] == "NOT_FOUND" and body["errors"][0]["path"] == ["r1"]
