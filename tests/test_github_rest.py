"""scraper.github (rest, graphql): snapshots from the replay server serving the corpus (and fixtures)."""

from __future__ import annotations

import asyncio
import csv
import json
from datetime import UTC, datetime

import pytest

from analysis.classify.label import select_files
from analysis.classify.reconstruct import code_reconstruction, readme_reconstruction
from analysis.models import RepoRef
from scraper.github.graphql import (
    error_types,
    fetch_snapshots_graphql,
    graphql_url,
    parse_repo_node,
)
from scraper.github.rest import MAX_SUBTREE_DEPTH, fetch_snapshot, parse_commit, parse_repo_meta
from scraper.http.client import FetchError, Http, MemoryCache
from tests.conftest import FIXTURES
from tests.replay import ReplayServer

REPO = RepoRef("1nyourlife", "Crossvl_cvpr2026")
DEEP = RepoRef("2minkyulee", "AESOP-Auto-Encoded-Supervision-for-Perceptual-Image-Super-Resolution")
GH = FIXTURES / "github"


async def _nap(seconds: float) -> None:
    """Tests don't wait for backoff."""


def snapshot(server, ref, cache=None, **kw):
    async def go():
        async with Http(server.settings(github_token="t"), cache=cache, sleep=_nap) as http:
            return await fetch_snapshot(http, ref, **kw)

    return asyncio.run(go())


def expected_bytes(corpus, ref: RepoRef, path: str) -> bytes | None:
    """What GitHub (as recorded) serves for `path`: the manifest, or the documented reconstruction."""
    d = corpus / "repos" / ref.owner / ref.name
    if (d / "files" / path).is_file():
        return (d / "files" / path).read_bytes()
    imports = json.loads((d / "imports.json").read_text())["files"]
    if path in imports:
        return code_reconstruction(path, imports[path])
    readme = json.loads((d / "readme.json").read_text())
    return readme_reconstruction(readme) if readme.get("readme_path") == path else None


@pytest.fixture
def server(corpus):
    with ReplayServer() as s:
        s.mode = s.serve_corpus(corpus, renames={"old/name": REPO.full_name},
                                blocked={"dmca/repo"}, empty={"fresh/repo"},
                                truncated={DEEP.key})  # fmt: skip
        yield s


def test_corpus_repo_snapshot_has_tree_manifests_and_sampled_code(server, corpus):
    snap = snapshot(server, REPO)
    d = corpus / "repos" / REPO.owner / REPO.name
    recorded = json.loads((d / "tree.json").read_text())["tree"]
    commit = next(r["commit"] for r in csv.DictReader(open(corpus / "labels.csv"))
                  if r["repo"] == REPO.full_name)  # fmt: skip
    assert (snap.status, snap.commit, snap.tree_truncated) == ("ok", commit, False)
    assert [(e.path, e.type, e.sha, e.size) for e in snap.tree] == [
        (e["path"], e["type"], e["sha"], e["size"]) for e in recorded
    ]
    wanted = select_files(snap.tree)
    available = {p: expected_bytes(corpus, REPO, p) for p in wanted}
    assert snap.files == {p: b for p, b in available.items() if b is not None}
    assert "requirements.txt" in snap.files and any(p.endswith(".py") for p in snap.files)
    unavailable = [p for p, b in available.items() if b is None]
    assert all(any(n.startswith(p + ":") for n in snap.notes) for p in unavailable)
    assert snap.pushed_at == datetime(2026, 5, 7, 19, 49, 17, tzinfo=UTC)


def test_unchanged_head_costs_one_conditional_request(server):
    cache = MemoryCache()
    first = snapshot(server, REPO, cache)
    server.clear_log()
    again = snapshot(server, REPO, cache, known_head=first.commit)
    assert again is None
    [only] = server.log
    assert only.path.endswith("/commits/HEAD") and only.status == 304
    assert only.headers["if-none-match"]


def test_refetch_revalidates_api_requests_and_leaves_raw_files_uncached(server):
    cache = MemoryCache()
    first = snapshot(server, REPO, cache)
    server.clear_log()
    second = snapshot(server, REPO, cache)
    assert second.files == first.files and second.tree == first.tree
    assert {r.status for r in server.requests("/api/")} == {304}
    assert not any("/raw/" in url for url in cache.entries)
    assert all("if-none-match" not in r.headers for r in server.requests("/raw/"))


@pytest.mark.parametrize(
    ("name", "status"),
    [("nobody/nothing", "missing"), ("dmca/repo", "blocked"), ("fresh/repo", "empty")],
)
def test_missing_blocked_and_empty_repos_are_recorded_not_raised(server, name, status):
    snap = snapshot(server, RepoRef(*name.split("/")))
    assert (snap.status, snap.commit, snap.tree, snap.files) == (status, None, (), {})


def test_renamed_repo_is_followed_and_read_under_its_new_name(server):
    snap = snapshot(server, RepoRef("old", "name"))
    assert (snap.status, snap.renamed_to, snap.repo.full_name) == ("renamed", REPO.full_name,
                                                                   "old/name")  # fmt: skip
    assert snap.tree and snap.files == snapshot(server, REPO).files
    raw = [r.path for r in server.log if r.path.startswith("/raw/")]
    assert raw and all(p.startswith(f"/raw/{REPO.full_name}/") for p in raw)


def test_truncated_tree_is_completed_from_subtrees_to_a_bounded_depth(server, corpus):
    snap = snapshot(server, DEEP)
    full = json.loads((corpus / "repos" / DEEP.owner / DEEP.name / "tree.json").read_text())["tree"]
    shallow = {e["path"] for e in full if e["path"].count("/") <= MAX_SUBTREE_DEPTH}
    assert snap.tree_truncated is True
    assert {e.path for e in snap.tree} == shallow
    assert any("truncated" in n for n in snap.notes)
    assert snap.files  # manifests/code within reach are still fetched


def test_raw_404_is_noted_and_the_rest_still_fetched(server):
    clean = snapshot(server, REPO)
    gone = next(p for p in clean.files if p.endswith(".py"))
    server.missing.add(f"/raw/{REPO.full_name}/{clean.commit}/{gone}")
    snap = snapshot(server, REPO)
    assert gone not in snap.files and len(snap.files) == len(clean.files) - 1
    assert any(n.startswith(gone) and "404" in n for n in snap.notes)


def test_faults_on_the_way_are_retried(server):
    clean = snapshot(server, REPO)
    server.inject("5xx", count=3, prefix="/api/repos/")
    server.inject("reset", count=2, prefix="/raw/")
    server.inject("badjson", count=1, prefix="/api/repos/")
    server.inject("429", count=1, prefix="/raw/", retry_after="1")
    snap = snapshot(server, REPO)
    assert (snap.commit, snap.tree, snap.files) == (clean.commit, clean.tree, clean.files)


def test_metadata_request_fills_repository_fields(server):
    snap = snapshot(server, REPO, metadata=True)
    assert snap.default_branch == "main"
    assert snap.created_at == datetime(2026, 5, 7, 19, 49, 17, tzinfo=UTC)


def test_fixture_repo_with_truncated_tree_and_an_oversized_file():
    commit = json.loads((GH / "commit_head.json").read_text())
    tree_sha = commit["commit"]["tree"]["sha"]
    with ReplayServer() as server:
        base = "/api/repos/octocat/Hello-World"
        server.add("GET", f"{base}/commits/HEAD", 200, commit)
        server.add("GET", f"{base}/git/trees/{tree_sha}", 200, (GH / "tree_truncated.json").read_bytes(),
                   {"Content-Type": "application/json"}, query={"recursive": "1"})  # fmt: skip
        sub = json.loads((GH / "subtree_src.json").read_text())
        server.add("GET", f"{base}/git/trees/{sub['sha']}", 200, sub)
        raw = f"/raw/octocat/Hello-World/{commit['sha']}"
        server.add("GET", f"{raw}/README.md", 200, "Hello\n")
        server.add("GET", f"{raw}/src/train.py", 200, "import torch\n")
        snap = snapshot(server, RepoRef("octocat", "Hello-World"),
                        select=lambda tree, n: [e.path for e in tree if e.type == "blob"])  # fmt: skip
        fetched = [r.path for r in server.log if r.path.startswith("/raw/")]
    assert {e.path for e in snap.tree} == {
        "README.md",
        "src",
        "vendor",
        "src/train.py",
        "src/big.bin",
    }
    assert snap.files == {"README.md": b"Hello\n", "src/train.py": b"import torch\n"}
    assert snap.tree_truncated and not any(p.endswith("big.bin") for p in fetched)
    assert any(n.startswith("src/big.bin") and "cap" in n for n in snap.notes)


def test_rest_fixtures_parse_into_snapshot_fields():
    head = parse_commit(json.loads((GH / "commit_head.json").read_text()))
    assert head["sha"] == head["tree_sha"] == "6dcb09b5b57875f334f61aebed695e2e4193db5e"
    assert head["date"] == datetime(2011, 4, 14, 16, 0, 49, tzinfo=UTC)
    meta = parse_repo_meta(json.loads((GH / "repo.json").read_text()))
    assert meta == {"default_branch": "master", "stars": 80, "description": "This your first repo!",
                    "created_at": datetime(2011, 1, 26, 19, 1, 12, tzinfo=UTC),
                    "pushed_at": datetime(2011, 1, 26, 19, 6, 43, tzinfo=UTC),
                    "archived": False, "fork": False, "license": "MIT"}  # fmt: skip


def test_graphql_fixture_parses_head_meta_blobs_and_errors():
    payload = json.loads((GH / "graphql_batch.json").read_text())
    info = parse_repo_node(payload["data"]["r0"], files=("README.md", "requirements.txt"))
    assert info["full_name"] == "octocat/Hello-World"
    assert info["head"]["sha"] == "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d"
    assert info["head"]["tree_sha"] == "b4eecafa9be2f2006ce1b709d6857b07069b4608"
    assert info["blobs"] == {"README.md": b"Hello World!\n"}
    assert (info["meta"]["stars"], info["meta"]["default_branch"]) == (2800, "master")
    assert error_types(payload) == {"r1": "NOT_FOUND"}


def test_graphql_batch_reads_many_repos_in_one_query(server, corpus):
    rows = sorted(csv.DictReader(open(corpus / "labels.csv")), key=lambda r: int(r["code_files"]))
    rows = rows[:10]  # the smallest repos keep the test fast; a batch of >= 10 is what matters
    refs = [RepoRef(*r["repo"].split("/")) for r in rows] + [RepoRef("nobody", "nothing"),
                                                             RepoRef("dmca", "repo")]  # fmt: skip
    known = {refs[0].key: rows[0]["commit"]}

    async def go():
        async with Http(server.settings(github_token="t"), sleep=_nap) as http:
            return await fetch_snapshots_graphql(http, refs, known), http.stats

    out, stats = asyncio.run(go())
    assert stats.github_graphql_requests == 1
    assert out[refs[0].key] is None
    assert out["nobody/nothing"].status == "missing" and out["dmca/repo"].status == "blocked"
    assert not [r for r in server.log if r.path.endswith("/commits/HEAD") and "dmca" not in r.path]
    rest = snapshot(server, refs[1])
    got = out[refs[1].key]
    assert (got.commit, got.tree, got.files) == (rest.commit, rest.tree, rest.files)
    assert got.created_at is not None


def test_graphql_batch_isolates_one_repos_failure_when_asked(server, corpus):
    rows = sorted(csv.DictReader(open(corpus / "labels.csv")), key=lambda r: int(r["code_files"]))
    refs = [RepoRef(*r["repo"].split("/")) for r in rows[:3]]
    bad = refs[1]
    server.inject("5xx", count=100, prefix=f"/api/repos/{bad.full_name}/git/trees/")
    failed: dict = {}

    async def go(errors):
        async with Http(server.settings(github_token="t", max_retries=1), sleep=_nap) as http:
            return await fetch_snapshots_graphql(http, refs, {}, errors=errors)

    out = asyncio.run(go(failed))
    assert set(out) == {refs[0].key, refs[2].key} and out[refs[0].key].status == "ok"
    assert set(failed) == {bad.key} and failed[bad.key].status == 503
    with pytest.raises(FetchError):
        asyncio.run(go(None))


def test_graphql_endpoint_follows_the_api_base_including_enterprise():
    assert graphql_url("https://api.github.com") == "https://api.github.com/graphql"
    assert graphql_url("https://ghe.example.com/api/v3/") == "https://ghe.example.com/api/graphql"
    assert graphql_url("http://127.0.0.1:8080/api") == "http://127.0.0.1:8080/api/graphql"


def include_corpus(root):
    """A one-repo corpus: nested `-r` includes no manifest pattern selects, one not recorded."""
    repo = root / "repos" / "octo" / "includes"
    tree = [("requirements.txt", "-r deps/base.in\n-r deps/missing.in\n"),
            ("deps/base.in", "-r torch.in\n"), ("deps/torch.in", "torch>=2\n"),
            ("deps/missing.in", None), ("train.py", None)]  # fmt: skip
    for path, text in tree:
        if text is not None:
            (repo / "files" / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / "files" / path).write_text(text)
    entries = [{"path": "deps", "type": "tree", "sha": "d1", "size": None}] + [
        {"path": p, "type": "blob", "sha": f"s{i}", "size": 10} for i, (p, _) in enumerate(tree)
    ]
    (repo / "tree.json").write_text(json.dumps({"sha": "t0", "tree": entries}))
    (repo / "imports.json").write_text(json.dumps({"files": {"train.py": ["numpy"]}}))
    (root / "labels.csv").write_text("repo,commit,label\nocto/includes," + "c" * 40 + ",pytorch\n")
    (root / "repos.jsonl").write_text("")
    (root / "papers.jsonl").write_text("")
    return root


@pytest.mark.parametrize("mode", ["rest", "graphql"])
def test_include_targets_are_fetched_when_recorded_and_noted_when_not(tmp_path, mode):
    from analysis.classify.label import classify

    ref = RepoRef("octo", "includes")
    with ReplayServer() as server:
        server.serve_corpus(include_corpus(tmp_path))

        async def go():
            async with Http(server.settings(github_token="t"), sleep=_nap) as http:
                if mode == "rest":
                    return await fetch_snapshot(http, ref)
                return (await fetch_snapshots_graphql(http, [ref], {}))[ref.key]

        snap = asyncio.run(go())
        raw = [r.path.split("/", 5)[-1] for r in server.log if r.path.startswith("/raw/")]
    assert snap.files["deps/torch.in"] == b"torch>=2\n" and "deps/base.in" in snap.files
    assert "deps/missing.in" not in snap.files
    assert sorted(raw) == sorted(set(raw))  # every include asked for once
    assert any(n.startswith("deps/missing.in: raw download answered HTTP 404") for n in snap.notes)
    label = classify(snap)
    assert label.primary == "pytorch"
    assert any(e.file == "deps/torch.in" and e.package == "torch" for e in label.evidence)
    assert any(e.detail == "includes deps/missing.in: not fetched" for e in label.evidence)
