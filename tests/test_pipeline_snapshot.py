"""tools/make_snapshot.py's selection and copy: unrecorded repos left out, no contents shipped."""

from __future__ import annotations

import importlib.util
import json

from analysis import store
from analysis.models import CodeLink, Label, Paper, RepoRef, RepoSnapshot, TreeEntry
from tests.conftest import ROOT


def _tool():
    spec = importlib.util.spec_from_file_location(
        "make_snapshot", ROOT / "tools" / "make_snapshot.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed(db):
    con = store.connect(db)
    kept, gone = RepoRef("Rec", "Orded"), RepoRef("Not", "Recorded")
    store.upsert_papers(con, [
        Paper("arxiv:1", "Kept", "lists", code_links=(CodeLink(kept, "list:x", True, "list"),)),
        Paper("arxiv:2", "Unrecorded repo", "lists", code_links=(CodeLink(gone, "list:x", True),)),
        Paper("arxiv:3", "No code link", "lists"),
    ])  # fmt: skip
    tree = (
        TreeEntry("requirements.txt", "blob", "a" * 40, 6),
        TreeEntry("x.py", "blob", "b" * 40, 9),
    )
    snap = RepoSnapshot(kept, "c" * 40, tree, {"requirements.txt": b"torch\n"})
    store.save_snapshot(con, snap, Label("rec/orded", "c" * 40, "pytorch", {"pytorch": 1.0}))
    store.save_snapshot(con, RepoSnapshot(gone, None, status="missing"), None)
    store.cache_put(con, "http://127.0.0.1:1/api/x", '"e"', None, 200, "application/json", b"{}")
    con.close()


def test_snapshot_keeps_recorded_repos_and_ships_no_contents(tmp_path):
    tool = _tool()
    src, out = tmp_path / "src.duckdb", tmp_path / "out.duckdb"
    _seed(src)
    con = store.connect(src, read_only=True)
    papers, reference, repos, left = tool.choose(con, {"rec/orded"})
    con.close()
    assert (papers, reference, repos) == (["arxiv:1"], [], ["rec/orded"])
    assert left["papers_with_unrecorded_official_repo"] == 1
    assert left["papers_without_official_code_link"] == 1
    tool.copy_kept(src, out, papers, repos)
    con = store.connect(out, read_only=True)
    counts = store.table_counts(con)
    assert (counts["papers"], counts["repos"], counts["labels"]) == (1, 1, 1)
    assert (counts["blobs"], counts["http_cache"]) == (0, 0)
    assert con.execute("SELECT path FROM repo_files").fetchall() == [("requirements.txt",)]
    assert con.execute("SELECT n_tree_entries FROM repos").fetchone() == (2,)
    assert store.load_snapshot(con, "rec/orded") is None  # contents gone: a refresh refetches


def test_snapshot_provenance_names_sources_counts_and_what_was_left_out(tmp_path, corpus):
    tool = _tool()
    src, out = tmp_path / "src.duckdb", tmp_path / "out.duckdb"
    _seed(src)
    con = store.connect(src, read_only=True)
    papers, reference, repos, left = tool.choose(con, {"rec/orded"})
    con.close()
    tool.copy_kept(src, out, papers, repos, reference)
    con = store.connect(out, read_only=True)
    meta = tool.provenance(con, corpus, left)
    assert json.loads(meta["snapshot_counts"])["papers"] == 1
    assert json.loads(meta["snapshot_counts"])["frameworks"] == {"pytorch": 1}
    assert json.loads(meta["snapshot_left_out"])["papers_with_unrecorded_official_repo"] == 1
    lists = json.loads(meta["snapshot_sources"])["lists"]["files"]
    assert len(lists) == len([p for p in (corpus / "lists").rglob("*") if p.is_file()])
    assert any(f.endswith("cvpr2026_papers.csv") for f in lists)
    window = json.loads(meta["snapshot_window"])
    assert window["last_six_months"] == ["2026-06-02", "2026-12-02"]
    assert "advertise" in window["sampling"]
    assert meta["classifier_version"]


def test_reference_papers_are_kept_whole_as_reference_only_unless_their_repo_was_recorded(tmp_path):
    tool = _tool()
    src, out = tmp_path / "src.duckdb", tmp_path / "out.duckdb"
    _seed(src)
    con = store.connect(src)
    store.upsert_papers(con, [
        Paper("arxiv:2", "Unrecorded repo", "reference"),  # listed, repo unrecorded: reference only
        Paper("arxiv:1", "Kept", "reference"),  # listed with a recorded repo: stays discovered
        Paper("arxiv:9", "Only ported", "reference"),
    ])  # fmt: skip
    con.close()
    con = store.connect(src, read_only=True)
    papers, reference, repos, left = tool.choose(con, {"rec/orded"})
    con.close()
    assert (papers, reference) == (["arxiv:1"], ["arxiv:2", "arxiv:9"])
    tool.copy_kept(src, out, papers, repos, reference)
    con = store.connect(out, read_only=True)
    rows = dict(con.execute("SELECT paper_id, sources FROM papers").fetchall())
    assert rows == {"arxiv:1": ["lists", "reference"], "arxiv:2": ["reference"],
                    "arxiv:9": ["reference"]}  # fmt: skip
    assert con.execute("SELECT DISTINCT paper_id FROM paper_code").fetchall() == [("arxiv:1",)]
    assert "reference sample `ported-papers`" in left["reference_sample"]
