"""Faults found by probing, each reproduced against the replay server (a real local server).

Mass 404s, garbage bodies, redirect loops and an unreachable network must neither lose stored
rows nor count as success.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest

from analysis import store
from scraper.pipeline import run_refresh
from tests.refresh_helpers import corpus_labels, corpus_papers, serve_corpus, table_dump
from tests.replay import ReplayServer
from tests.test_pipeline import LIST, options, small_list


@pytest.fixture(scope="module")
def picked():
    """The six recorded papers of tests/test_pipeline.py's small list (plus its dead link)."""
    from tests.conftest import corpus_or_skip

    corpus = corpus_or_skip()
    truth = corpus_labels(corpus)
    papers = [p for p in corpus_papers(corpus) if p["arxiv"] and p["title"]
              and truth[p["repo"].lower()]["label"] not in ("no-code", "none")]  # fmt: skip
    return corpus, papers[:6]


@pytest.fixture
def server(picked):
    corpus, papers = picked
    with ReplayServer() as s:
        serve_corpus(s, corpus)
        s.add("GET", f"/raw/{LIST}", 200, small_list(papers), {"Content-Type": "text/plain"})
        yield s


def _count(db, sql: str, params: list | None = None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def stored(server, tmp_path):
    """A database published by one clean run, and its tables."""
    db = tmp_path / "cvgap.duckdb"
    run_refresh(options(server, db))
    return db, table_dump(db)


def test_accepted_mass_404_keeps_trees_and_labels_and_marks_when_gone(server, stored):
    db, before = stored
    server.inject("404", count=10_000, prefix="/api/repos/")
    tally = run_refresh(options(server, db, accept_missing=True))
    assert (tally.repos.known, tally.repos.vanished) == (6, 6)
    assert "6 of 6 known repos now missing (data kept)" in tally.repos.line()
    after = table_dump(db)
    for table in ("repo_files", "blobs", "labels"):
        assert after[table] == before[table], table
    gone = _count(db, "SELECT count(*) FROM repos WHERE status = 'missing' AND head_sha IS NOT NULL "
                      "AND gone_since IS NOT NULL")  # fmt: skip
    assert gone == [(6,)]
    # The next good answer restores every repo as it was (the 404 was the server's fault).
    server.faults.clear()
    again = run_refresh(options(server, db))
    assert again.repos.fetched == 6
    assert table_dump(db) == before


def test_an_html_page_for_json_is_not_cached_and_fails_only_its_repo(server, picked, tmp_path):
    db = tmp_path / "cvgap.duckdb"
    bad = picked[1][0]["repo"]
    server.inject("html", count=100, prefix=f"/api/repos/{bad}/")
    tally = run_refresh(options(server, db))
    assert (tally.repos.fetched, tally.repos.failed) == (5, 1)
    assert "HTML page" in tally.errors[0]["error"]
    cached = _count(db, "SELECT count(*) FROM http_cache WHERE body[1:5] = '<!DOC'::BLOB")
    assert cached == [(0,)]


def test_every_repository_failing_is_a_failed_run(server, tmp_path, monkeypatch, capsys):
    from scraper import cli

    server.inject("5xx", count=10_000, prefix="/api/repos/")
    for key, value in _env(server).items():
        monkeypatch.setenv(key, value)
    code = cli.main(["refresh", "--db", str(tmp_path / "a.duckdb"), "--no-progress",
                     "--source", "lists", "--list", f"{server.url}/raw/{LIST}", "--no-ports",
                     "--max-retries", "0", "--since", "2025-01-01", "--until", "2025-12-31"])  # fmt: skip
    assert code == cli.SOURCE_FAILED
    assert "every repository failed (7)" in capsys.readouterr().err


def test_a_redirect_loop_fails_that_file_only_and_every_hop_is_counted(server, picked, tmp_path):
    bad = picked[1][2]["repo"]
    server.inject("loop", count=10_000, prefix=f"/raw/{bad}/")
    server.clear_log()
    tally = run_refresh(options(server, tmp_path / "a.duckdb"))
    assert (tally.repos.fetched, tally.repos.failed) == (6, 0)
    notes = _count(tmp_path / "a.duckdb", "SELECT notes FROM repos WHERE repo = ?", [bad.lower()])
    assert any("redirect loop" in n for n in notes[0][0])
    counted = sum(h["requests"] for h in tally.http["hosts"].values())
    assert counted == len(server.requests()) > 40


def _without_cache(tables: dict) -> dict:
    return {k: v for k, v in tables.items() if k != "http_cache"}


def _env(server: ReplayServer) -> dict[str, str]:
    from tests.refresh_helpers import env_for

    keys = ("GITHUB_API_URL", "GITHUB_RAW_URL", "HF_ENDPOINT", "ARXIV_API_URL", "CVF_URL",
            "PYPI_URL")  # fmt: skip
    return {k: v for k, v in env_for(server).items() if k in keys}


def test_offline_a_default_refresh_fails_in_seconds_and_leaves_no_file(tmp_path):
    """Names that do not resolve (`.invalid` never does): every source fails fast, no files."""
    import subprocess
    import sys
    import time

    from tests.refresh_helpers import ROOT

    env = {k: v for k, v in __import__("os").environ.items() if not k.endswith("_TOKEN")}
    env |= {"GITHUB_API_URL": "http://api.cvgap.invalid", "GITHUB_RAW_URL": "http://raw.cvgap.invalid",
            "HF_ENDPOINT": "http://hf.cvgap.invalid", "CVF_URL": "http://cvf.cvgap.invalid",
            "ARXIV_API_URL": "http://arxiv.cvgap.invalid/api/query",
            "PYPI_URL": "http://pypi.cvgap.invalid", "PYTHONPATH": str(ROOT)}  # fmt: skip
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "scraper", "refresh", "--limit", "5", "--months",
                          "2", "--db", str(tmp_path / "cvgap.duckdb"), "--no-progress"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert time.monotonic() - started < 20  # 2 s here; paced sources ask before they wait
    assert run.returncode == 1, run.stderr
    err = " ".join(run.stderr.split())
    assert "cannot reach api.cvgap.invalid: no network or wrong base URL?" in err
    assert "every source failed (hf, arxiv, lists, cvf, ghsearch)" in err
    assert "nothing was published" in err and "were stored and published" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_long_retry_after_is_capped_by_max_wait_and_the_wait_is_shown(server, tmp_path):
    import io

    from rich.console import Console

    server.inject("429", count=1, prefix="/raw/", retry_after="3600")
    opts = options(server, tmp_path / "a.duckdb")
    text = io.StringIO()
    tally = run_refresh(replace(opts, settings=replace(opts.settings, max_wait=1.0)),
                        Console(file=text, width=200))  # fmt: skip
    assert tally.http["capped_waits"] == 1 and tally.repos.fetched == 6
    line = next(x for x in text.getvalue().splitlines() if x.startswith("waiting"))
    assert "waiting 1 s for 127.0.0.1:" in line and "(HTTP 429), until " in line and "UTC" in line


# --- the matrix: every fault kind x {fresh, existing database} -----------------------------------


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    from tests.conftest import corpus_or_skip
    from tests.fault_matrix import Matrix

    m = Matrix(corpus_or_skip(), tmp_path_factory.mktemp("matrix"))
    yield m
    m.close()


def _cells():
    from tests.fault_matrix import CASES

    return [pytest.param(c, e, id=f"{c.name}-{'existing' if e else 'fresh'}")
            for c in CASES for e in (False, True)]  # fmt: skip


@pytest.mark.parametrize(("case", "existing"), _cells())
def test_fault_matrix(matrix, case, existing):
    row = matrix.run(case, existing)
    code, words, may_lose = case.existing if existing else case.fresh
    assert row.exit == code, row.report
    assert row.words, (words, row.report)
    if not may_lose:  # nothing the clean run stored is lost, nothing is stored twice
        assert (row.lost, row.duplicated) == (0, 0), row.report
    assert row.counted == row.seen
    assert not store.work_path(row.path).exists()  # published or dropped, never left behind
    if existing:
        assert row.published  # the published file is there (unchanged where nothing was lost)
