"""Store helpers the refresh relies on: relabelling from stored blobs, stale runs, status reads."""

from __future__ import annotations

from analysis import store
from analysis.models import Label, RepoRef, RepoSnapshot, TreeEntry


def _snapshot() -> RepoSnapshot:
    tree = (
        TreeEntry("README.md", "blob", "a" * 40, 10, "100644"),
        TreeEntry("src", "tree", "b" * 40, None, "040000"),
        TreeEntry("src/train.py", "blob", "c" * 40, 12, "100644"),
        TreeEntry("requirements.txt", "blob", "d" * 40, 6, "100644"),
    )
    files = {"requirements.txt": b"torch\n", "src/train.py": b"import torch\n"}
    return RepoSnapshot(RepoRef("Org", "Repo"), "e" * 40, tree, files, stars=3, fork=False)


def _label(version: str = "v1") -> Label:
    return Label("org/repo", "e" * 40, "pytorch", {"pytorch": 1.0}, classifier_version=version)


def test_load_snapshot_rebuilds_tree_and_fetched_files(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    snap = _snapshot()
    store.save_snapshot(con, snap, _label())
    got = store.load_snapshot(con, "org/repo")
    assert got.repo == RepoRef("Org", "Repo")
    assert got.commit == snap.commit
    assert {e.path: (e.type, e.sha, e.size) for e in got.tree} == {
        e.path: (e.type, e.sha, e.size) for e in snap.tree
    }
    assert got.files == snap.files
    assert (got.stars, got.fork, got.status) == (3, False, "ok")


def test_load_snapshot_refuses_when_blobs_were_emptied(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    store.save_snapshot(con, _snapshot(), None)
    con.execute("DELETE FROM blobs")
    assert store.load_snapshot(con, "org/repo") is None
    assert store.load_snapshot(con, "no/such") is None


def test_has_label_is_per_commit_and_classifier_version(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    store.save_snapshot(con, _snapshot(), _label("v1"))
    assert store.has_label(con, "org/repo", "e" * 40, "v1")
    assert not store.has_label(con, "org/repo", "e" * 40, "v2")
    assert not store.has_label(con, "org/repo", "f" * 40, "v1")
    assert store.repo_state(con, "org/repo")[:2] == ("e" * 40, "ok")


def test_stale_running_runs_become_interrupted(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    store.start_run(con, "r1", "refresh", {}, {})
    store.start_run(con, "r2", "refresh", {}, {})
    store.finish_run(con, "r2", "ok", {"papers": 1}, [])
    assert store.interrupt_stale_runs(con) == 1
    runs = {r[0]: r[4] for r in store.recent_runs(con, 10)}
    assert runs == {"r1": "interrupted", "r2": "ok"}
    assert store.table_counts(con)["runs"] == 2


def test_upsert_papers_bulk_path_counts_repeats_within_a_batch(tmp_path):
    from analysis.models import CodeLink, Paper

    con = store.connect(tmp_path / "a.duckdb")
    link = CodeLink(RepoRef("Org", "Repo"), "list:x", True, "curated list")
    first = Paper("arxiv:1", "T", "lists", arxiv_id="1", code_links=(link,))
    again = Paper("arxiv:1", "T", "ghsearch", arxiv_id="1", venue="CVPR", code_links=(link,))
    other = Paper("arxiv:2", "U", "lists", arxiv_id="2")
    assert store.upsert_papers(con, [first, again, other]) == (2, 1)
    rows = con.execute("SELECT paper_id, venue, sources, is_cv FROM papers ORDER BY 1").fetchall()
    assert rows == [
        ("arxiv:1", "CVPR", ["ghsearch", "lists"], True),
        ("arxiv:2", None, ["lists"], False),
    ]
    assert con.execute("SELECT paper_id, repo, provenance FROM paper_code").fetchall() == [
        ("arxiv:1", "org/repo", "list:x")
    ]
    assert store.upsert_papers(con, [first, again, other]) == (0, 0)


def test_cache_put_many_replaces_by_url(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    store.cache_put(con, "http://h/a", '"1"', None, 200, "text/plain", b"old")
    store.cache_put_many(
        con,
        [
            ("http://h/a", '"2"', None, 200, "text/plain", b"new"),
            ("http://h/b", None, "Tue, 01 Jan 2026 00:00:00 GMT", 200, None, b"\x00b"),
            ("http://h/b", '"3"', None, 200, None, b"b2"),
        ],
    )
    assert store.cache_get(con, "http://h/a") == ('"2"', None, 200, "text/plain", b"new")
    assert store.cache_get(con, "http://h/b") == ('"3"', None, 200, None, b"b2")
    assert store.table_counts(con)["http_cache"] == 2
