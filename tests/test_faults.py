"""Faults found by probing, each reproduced against the replay server (a real local server).

Mass 404s, garbage bodies, redirect loops and an unreachable network must neither lose stored
rows nor count as success.
"""

from __future__ import annotations

import duckdb
import pytest

from analysis import store
from scraper.pipeline import SuspectRun, run_refresh
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


def test_mass_404_stops_before_publishing_and_keeps_the_database(server, stored):
    db, before = stored
    server.inject("404", count=10_000, prefix="/api/repos/")
    with pytest.raises(SuspectRun, match=r"6 of 6 .*wrong base URL.*--accept-missing"):
        run_refresh(options(server, db))
    assert table_dump(db) == before
    assert not store.work_path(db).exists()


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


def test_a_dead_link_is_not_a_known_repo_vanishing(server, tmp_path):
    """A fresh database whose repos all 404 has nothing to lose: it publishes (exit 0)."""
    server.inject("404", count=10_000, prefix="/api/repos/")
    tally = run_refresh(options(server, tmp_path / "fresh.duckdb"))
    assert (tally.repos.missing, tally.repos.known, tally.repos.vanished) == (7, 0, 0)
    assert (tmp_path / "fresh.duckdb").exists()
