"""The DuckDB store on a real file: schema, idempotent init, upserts, labels, publishing."""

from __future__ import annotations

import json
from datetime import date, datetime

import duckdb

from analysis import store
from analysis.models import CodeLink, Evidence, Label, Paper, Port, RepoRef, RepoSnapshot, TreeEntry


def _paper(**kw) -> Paper:
    base = dict(
        paper_id="arxiv:2501.00001",
        title="A Paper",
        source="lists",
        arxiv_id="2501.00001",
        venue="CVPR",
        year=2025,
        code_links=(CodeLink(RepoRef("Org", "Repo"), "list:x", True, "curated list"),),
    )
    base.update(kw)
    return Paper(**base)


def test_init_schema_is_idempotent_and_versioned(tmp_path):
    db = tmp_path / "a.duckdb"
    con = store.connect(db)
    store.init_schema(con)
    store.init_schema(con)
    assert store.schema_version(con) == store.SCHEMA_VERSION
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert set(store.TABLES) <= tables


def test_newer_schema_is_refused(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    store.set_meta(con, "schema_version", str(store.SCHEMA_VERSION + 1))
    try:
        store.init_schema(con)
    except RuntimeError as e:
        assert "newer" in str(e)
    else:
        raise AssertionError("a newer schema must be refused")


def test_upsert_papers_merges_sources_and_fills_gaps(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    assert store.upsert_papers(con, [_paper()]) == (1, 0)
    assert store.upsert_papers(con, [_paper()]) == (0, 0)
    later = _paper(source="hf", published=date(2025, 1, 2), primary_category="cs.CV", venue=None)
    assert store.upsert_papers(con, [later]) == (0, 1)
    row = con.execute(
        "SELECT paper_id, venue, published, primary_category, sources, is_cv FROM papers"
    ).fetchall()
    assert row == [("arxiv:2501.00001", "CVPR", date(2025, 1, 2), "cs.CV", ["hf", "lists"], True)]
    links = con.execute("SELECT paper_id, repo, provenance, is_official FROM paper_code").fetchall()
    assert links == [("arxiv:2501.00001", "org/repo", "list:x", True)]


def test_snapshot_and_label_round_trip(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    snap = RepoSnapshot(
        repo=RepoRef("Org", "Repo"),
        commit="abc",
        tree=(TreeEntry("requirements.txt", "blob", "s1", 10), TreeEntry("src", "tree")),
        files={"requirements.txt": b"torch\n"},
        pushed_at=datetime(2025, 1, 1),
    )
    ev = (Evidence("requirements.txt", 1, "torch", "pytorch", "manifest"),)
    label = Label(
        "org/repo", "abc", "pytorch", {"pytorch": 1.0}, "released", 0.9, ev, ("pytorch",), "t1"
    )
    store.save_snapshot(con, snap, label)
    store.save_snapshot(con, snap, label)  # idempotent
    assert store.repo_head(con, "org/repo") == "abc"
    assert con.execute("SELECT count(*) FROM repo_files").fetchone() == (2,)
    assert con.execute("SELECT content FROM blobs WHERE blob_sha='s1'").fetchone() == (b"torch\n",)
    assert store.load_label(con, "org/repo") == label


def test_port_first_seen_is_when_the_port_appeared_never_the_day_it_was_seen(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    dated = Port("arxiv:1", "https://x", "keras-hub", "keras3", "keras", 3, "cites arXiv:1",
                 date(2024, 9, 17), True, "first-commit")  # fmt: skip
    undated = Port("arxiv:1", "https://y", "official-repo", "onnx", None, 1, "a.onnx")
    assert store.upsert_ports(con, [dated, undated]) == 2
    rows = "SELECT url, first_seen, first_seen_source, last_seen FROM ports ORDER BY url"
    (x, y) = con.execute(rows).fetchall()
    assert x[1:3] == (date(2024, 9, 17), "first-commit") and x[3] == store.now().date()
    assert y[1:3] == (None, None)  # unknown stays unknown: not today
    # A later refresh that cannot date the port keeps the stored date; a new date replaces it.
    assert store.upsert_ports(con, [Port(**{**dated.__dict__, "first_seen": None,
                                            "first_seen_source": None})]) == 0  # fmt: skip
    assert con.execute(rows).fetchall()[0][1:3] == (date(2024, 9, 17), "first-commit")
    store.upsert_ports(con, [Port(**{**dated.__dict__, "first_seen": date(2024, 8, 1)})])
    assert con.execute(rows).fetchall()[0][1] == date(2024, 8, 1)
    assert store.port_dates(con) == {"https://x": (date(2024, 8, 1), "first-commit")}


def test_old_ports_table_gets_first_seen_source_by_migration(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        f"CREATE TABLE ports ({store.TABLES['ports'].replace('first_seen_source VARCHAR,', '')})"
    )
    con.execute("INSERT INTO ports VALUES ('arxiv:1', 'u', 's', 'k', NULL, 1, true, '', "
                "DATE '2025-01-01', DATE '2025-02-01')")  # fmt: skip
    con.close()
    for _ in range(2):  # idempotent
        con = store.connect(path)
        cols = [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'ports' "
            "ORDER BY column_index").fetchall()]  # fmt: skip
        assert cols[-1] == "first_seen_source"
        assert con.execute("SELECT first_seen, first_seen_source FROM ports").fetchall() == [
            (date(2025, 1, 1), None)]  # fmt: skip
        con.close()


def test_failed_transaction_leaves_nothing(tmp_path):
    con = store.connect(tmp_path / "a.duckdb")
    try:
        with store.transaction(con):
            con.execute("INSERT INTO meta VALUES ('k', 'v')")
            raise ValueError("boom")
    except ValueError:
        pass
    assert store.get_meta(con, "k") is None


def test_publish_replaces_public_copy_atomically(tmp_path):
    public = tmp_path / "pub.duckdb"
    con = store.open_work(public)
    store.upsert_papers(con, [_paper()])
    store.publish(con, public)
    ro = duckdb.connect(str(public), read_only=True)
    assert ro.execute("SELECT count(*) FROM papers").fetchone() == (1,)
    ro.close()
    store.finish_run(con, "r", "ok", {"a": 1}, [])
    assert json.loads(store.evidence_json([])) == []


def test_a_version_1_store_opens_and_upgrades_with_paper_dates(tmp_path):
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    for name, ddl in store.TABLES.items():
        added = {c for _, t, c, _ in store.ADDED_COLUMNS if t == name}
        cols = [c.strip() for c in ddl.strip().split(",\n")]
        cols = [c for c in cols if c.split()[0] not in added]
        con.execute(f"CREATE TABLE {name} ({', '.join(cols)})")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO papers (paper_id, title, venue, year, sources) VALUES "
                "('arxiv:2604.00648', 'Old Row', 'CVPR', 2026, ['lists'])")  # fmt: skip
    assert "published_source" not in [r[0] for r in con.execute("DESCRIBE papers").fetchall()]
    con.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION == 2
    layout = [r[0] for r in con.execute("DESCRIBE papers").fetchall()]
    fresh = store.connect(tmp_path / "new.duckdb")
    assert layout == [r[0] for r in fresh.execute("DESCRIBE papers").fetchall()]
    assert layout[-6:] == [
        "published_source",
        "published_precision",
        "arxiv_published",
        "arxiv_published_source",
        "arxiv_published_precision",
        "title_source",
    ]
    from analysis.dates import with_dates

    store.upsert_papers(con, [with_dates(_paper(paper_id="arxiv:2604.00648", title="Old Row",
                                                arxiv_id="2604.00648", year=2026))])  # fmt: skip
    row = con.execute("SELECT published, published_source, arxiv_published, "
                      "arxiv_published_precision FROM papers").fetchone()  # fmt: skip
    assert row == (date(2026, 6, 3), "venue", date(2026, 4, 1), "month")


def test_merge_keeps_the_best_date_and_a_real_title_over_a_repo_name(tmp_path):
    from analysis.dates import with_dates

    con = store.connect(tmp_path / "db.duckdb")
    searched = with_dates(_paper(source="ghsearch", title="Superman-CVPR2026", venue=None,
                                 year=None, title_source="repo-name"))  # fmt: skip
    store.upsert_papers(con, [searched])
    assert con.execute("SELECT published_source FROM papers").fetchone() == ("arxiv-id",)
    listed = with_dates(_paper(title="Superman: A Real Title", venue="CVPR", year=2026,
                               title_source="list"))  # fmt: skip
    hf = with_dates(_paper(source="hf", published=date(2025, 1, 3), venue=None, year=None,
                           title="Superman (HF)", title_source="hf"))  # fmt: skip
    store.upsert_papers(con, [listed, hf])
    assert con.execute(
        "SELECT title, title_source, published, published_source, arxiv_published, "
        "arxiv_published_source, arxiv_published_precision FROM papers").fetchone() == (
        "Superman: A Real Title", "list", date(2026, 6, 3), "venue", date(2025, 1, 3), "hf",
        "day")  # fmt: skip


def test_a_404_keeps_a_stored_repo_and_a_dead_link_keeps_when_it_died(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    ref, dead = RepoRef("lab", "net"), RepoRef("gone", "link")
    snap = RepoSnapshot(ref, "c" * 40, tree=(TreeEntry("a.py", "blob", "b1", 3),),
                        files={"a.py": b"x=1"})  # fmt: skip
    store.save_snapshot(con, snap, Label("lab/net", "c" * 40, "pytorch", {"pytorch": 1.0}))
    store.save_snapshot(con, RepoSnapshot(ref, None, status="missing"), None)
    row = con.execute("SELECT status, head_sha, gone_since FROM repos WHERE repo = 'lab/net'")
    status, head, since = row.fetchone()
    assert (status, head) == ("missing", "c" * 40) and since is not None
    assert con.execute("SELECT count(*) FROM repo_files WHERE repo = 'lab/net'").fetchone() == (1,)
    assert store.load_label(con, "lab/net").primary == "pytorch"
    store.save_snapshot(con, RepoSnapshot(dead, None, status="missing"), None)
    first = con.execute("SELECT gone_since FROM repos WHERE repo = 'gone/link'").fetchone()
    store.save_snapshot(con, RepoSnapshot(dead, None, status="missing"), None)
    assert con.execute("SELECT gone_since FROM repos WHERE repo = 'gone/link'").fetchone() == first
    store.save_snapshot(con, snap, None)  # it answers again: restored, no longer gone
    assert con.execute(
        "SELECT status, gone_since FROM repos WHERE repo = 'lab/net'"
    ).fetchone() == (
        "ok",
        None,
    )
