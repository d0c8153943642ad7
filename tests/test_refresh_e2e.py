"""End to end: `python -m scraper refresh --source lists,ghsearch` against the corpus replay.

The 5 `extra` papers of papers.jsonl (well-known TF/JAX/Paddle code bases) come from neither a
curated list nor a venue-tag search, so no lists+ghsearch refresh can find them: they are left out.
Repositories a list names but the corpus did not record answer 404 and are stored as `missing`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from analysis.classify.label import CLASSIFIER_VERSION
from tests.refresh_helpers import (
    acceptable,
    corpus_labels,
    corpus_papers,
    env_for,
    refresh_cmd,
    run_cli,
    serve_corpus,
    table_dump,
)
from tests.replay import ReplayServer

SMALL = (  # two list files: enough repos to kill a run halfway, small enough to run three times
    "https://raw.githubusercontent.com/amusi/ECCV2024-Papers-with-Code/"
    "b3864f2e54221f3badf1d30b20919b3d71eedc8a/README.md",
    "https://github.com/amusi/ICCV2023-Papers-with-Code/blob/"
    "c7342759a038be5d6509be24c19bd2c37145e40e/README.md",
)


@pytest.fixture(scope="module")
def server(corpus_dir):
    with ReplayServer() as s:
        serve_corpus(s, corpus_dir)
        yield s


@pytest.fixture(scope="module")
def corpus_dir():
    from tests.conftest import corpus_or_skip

    return corpus_or_skip()


@pytest.fixture(scope="module")
def full(server, tmp_path_factory):
    """A clean lists+ghsearch refresh, then the same command again; logs and tables of both."""
    db = tmp_path_factory.mktemp("full") / "cvgap.duckdb"
    args = ("--source", "lists,ghsearch", "--no-ports")
    server.clear_log()
    first = run_cli(server, db, *args)
    first_log, first_tables = server.requests(), table_dump(db)
    server.clear_log()
    second = run_cli(server, db, *args)
    return SimpleNamespace(db=db, first=first, second=second, first_log=first_log,
                           second_log=server.requests(), first_tables=first_tables,
                           second_tables=table_dump(db))  # fmt: skip


def _official_rows(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute("SELECT repo, paper_id FROM paper_code WHERE is_official").fetchall()
    out: dict[str, set[str]] = {}
    for repo, pid in rows:
        out.setdefault(repo, set()).add(pid)
    return out


def test_refresh_stores_every_listed_paper_with_repo_tree_manifests_and_label(full, corpus_dir):
    assert full.first.returncode == 0, full.first.stderr
    con = duckdb.connect(str(full.db), read_only=True)
    official = _official_rows(con)
    truth = corpus_labels(corpus_dir)
    expected = corpus_papers(corpus_dir)
    assert len(expected) > 400  # every recorded list or search pair (475 in the 2026 corpus)
    for p in expected:
        key = p["repo"].lower()
        assert key in official, f"{p['repo']} not linked as official code"
        if p["arxiv"]:
            assert f"arxiv:{p['arxiv']}" in official[key]
        status, head, n_files = con.execute(
            "SELECT status, head_sha, n_tree_entries FROM repos WHERE repo = ?", [key]
        ).fetchone()
        assert (status, head) == ("ok", truth[key]["commit"])
        repo_dir = corpus_dir / "repos" / p["repo"]
        tree = json.loads((repo_dir / "tree.json").read_text())["tree"]
        assert n_files == len(tree)
        for f in (repo_dir / "files").rglob("*"):
            if f.is_file():
                path = f.relative_to(repo_dir / "files").as_posix()
                blob = con.execute(
                    "SELECT b.content FROM repo_files r JOIN blobs b ON b.blob_sha = r.blob_sha "
                    "WHERE r.repo = ? AND r.path = ? AND r.fetched",
                    [key, path],
                ).fetchone()
                assert blob is not None and bytes(blob[0]) == f.read_bytes(), (key, path)
        assert (
            con.execute(
                "SELECT count(*) FROM labels WHERE repo = ? AND commit = ? AND classifier_version = ?",
                [key, head, CLASSIFIER_VERSION],
            ).fetchone()[0]
            == 1
        )


def test_labels_agree_with_corpus_on_95_percent_of_repos_with_code(full, corpus_dir):
    con = duckdb.connect(str(full.db), read_only=True)
    labels = dict(con.execute(
        "SELECT l.repo, l.primary_framework FROM labels l JOIN repos r "
        "ON r.repo = l.repo AND r.head_sha = l.commit"
    ).fetchall())  # fmt: skip
    truth = corpus_labels(corpus_dir)
    keys = {p["repo"].lower() for p in corpus_papers(corpus_dir)}
    with_code = [k for k in keys if truth[k]["label"] not in ("no-code", "none")]
    agree = [k for k in with_code if labels.get(k) in acceptable(truth[k])]
    assert len(with_code) > 200
    assert len(agree) / len(with_code) >= 0.95, sorted(set(with_code) - set(agree))


def test_first_refresh_tally_names_each_source_and_the_missing_repos(full):
    err = full.first.stderr
    assert "lists: " in err and "ghsearch: " in err and "total: " in err
    con = duckdb.connect(str(full.db), read_only=True)
    missing = con.execute("SELECT count(*) FROM repos WHERE status = 'missing'").fetchone()[0]
    assert missing > 0  # list entries whose repos the corpus did not record
    assert f"{missing} missing" in err.replace("\n", " ")


def test_second_refresh_makes_only_conditional_requests_answered_304(full):
    assert full.second.returncode == 0, full.second.stderr
    assert full.second_log, "the second run made no request at all"
    assert {r.method for r in full.second_log} == {"GET"}
    assert all("if-none-match" in r.headers for r in full.second_log)
    assert {r.status for r in full.second_log} == {304}


def test_second_refresh_writes_nothing_new(full):
    assert full.second_tables == full.first_tables
    con = duckdb.connect(str(full.db), read_only=True)
    counts = [c for (c,) in con.execute("SELECT counts FROM runs ORDER BY started_at").fetchall()]
    last = json.loads(counts[-1])
    assert [s["new"] + s["updated"] for s in last["sources"].values()] == [0, 0]
    assert last["repos"]["fetched"] == 0


def test_sigkill_halfway_then_rerun_equals_one_clean_run(server, tmp_path):
    args = ("--source", "lists", "--no-ports", *(x for u in SMALL for x in ("--list", u)))
    clean = tmp_path / "clean.duckdb"
    server.clear_log()
    assert run_cli(server, clean, *args).returncode == 0
    total, clean_raw = len(server.requests()), len(server.requests("/raw/"))

    killed = tmp_path / "killed.duckdb"
    server.clear_log()
    proc = subprocess.Popen(refresh_cmd(killed, *args), env=env_for(server),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while len(server.requests()) < total // 2 and proc.poll() is None:
        assert time.monotonic() < deadline, "the refresh never got halfway"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not killed.exists() and Path(f"{killed}.work").exists()  # nothing published yet

    server.clear_log()
    rerun = run_cli(server, killed, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert len(server.requests("/raw/")) < clean_raw  # resumed: stored repos were not re-read
    assert table_dump(killed) == table_dump(clean)
    con = duckdb.connect(str(killed), read_only=True)
    statuses = sorted(s for (s,) in con.execute("SELECT status FROM runs").fetchall())
    assert statuses == ["interrupted", "ok"]
