"""The default window end to end: a refresh "on 2026-12-02" (`--today`, `--months 6`) against the
corpus replay stores the recorded CVPR/ECCV 2026 papers from the built-in lists, and a held-out
list served from another host and path through `--list` is collected like any other (over
GraphQL; the default window's run over REST with --repo-metadata): both store repos.created_at."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import duckdb
import pytest

from tests.refresh_helpers import ROOT, corpus_labels, corpus_papers, env_for, serve_corpus
from tests.replay import ReplayServer

TODAY = "2026-12-02"


@pytest.fixture(scope="module")
def corpus_dir():
    from tests.conftest import corpus_or_skip

    return corpus_or_skip()


@pytest.fixture(scope="module")
def server(corpus_dir):
    with ReplayServer() as s:
        serve_corpus(s, corpus_dir)
        yield s


def _refresh(server, db, *args):
    cmd = [sys.executable, "-m", "scraper", "refresh", "--db", str(db), "--no-progress",
           "--no-ports", "--search-interval", "0", "--repo-metadata", "--today", TODAY, "--months", "6", *args]  # fmt: skip
    return subprocess.run(cmd, env=env_for(server), cwd=ROOT, capture_output=True, text=True,
                          timeout=600)  # fmt: skip


def _stored(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT c.repo, p.paper_id, p.published, p.published_source, r.status, r.created_at "
            "FROM paper_code c JOIN papers p USING (paper_id) JOIN repos r ON r.repo = c.repo "
            "WHERE c.is_official"
        ).fetchall()
        dates = con.execute("SELECT min(published), count(*) FROM papers").fetchone()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}, dates


def test_a_default_refresh_on_2026_12_02_stores_the_recorded_cvpr_and_eccv_2026_papers(
    server, corpus_dir, tmp_path
):
    db = tmp_path / "window.duckdb"
    run = _refresh(server, db, "--source", "lists,ghsearch")
    assert run.returncode == 0, run.stderr
    assert "refresh 2026-06-02 .. 2026-12-02" in run.stderr
    stored, (first, n) = _stored(db)
    listed = [p for p in corpus_papers(corpus_dir)
              if p["venue"] in ("CVPR", "ECCV") and p["year"] == 2026 and ":" in p["list"]
              and not p["list"].startswith("github-name-search")]  # fmt: skip
    assert len(listed) > 200
    truth = corpus_labels(corpus_dir)
    for p in listed:
        key = p["repo"].lower()
        assert key in stored, f"{p['repo']} ({p['list']}) not stored"
        pid, published, source, status, created = stored[key]
        assert (status, source) == ("ok", "venue")
        assert published == {"CVPR": date(2026, 6, 3), "ECCV": date(2026, 9, 8)}[p["venue"]]
        assert created is not None  # the first commit: "code appeared N days after the paper"
        assert key in truth
    assert first >= date(2026, 6, 1) and n > 6000  # nothing older than the window's months


def test_a_held_out_2026_list_from_another_url_is_collected_end_to_end(
    server, corpus_dir, tmp_path
):
    rows = [p for p in corpus_papers(corpus_dir) if p["year"] == 2026 and p["venue"] == "ECCV"
            and p["title"] and p["arxiv"]][:12]  # fmt: skip
    held_out = [{"Paper Title": p["title"], "arXiv": p["arxiv"],
                 "Official Code": f"https://github.com/{p['repo']}"} for p in rows]  # fmt: skip
    server.add("GET", "/mirror/held-out/eccv2026-accepted.json", 200, held_out)
    db = tmp_path / "held-out.duckdb"
    url = f"{server.url}/mirror/held-out/eccv2026-accepted.json"
    run = _refresh(server, db, "--source", "lists", "--list", url, "--graphql")
    assert run.returncode == 0, run.stderr
    stored, (_, n) = _stored(db)
    assert n == len(rows)
    for p in rows:
        pid, published, source, status, created = stored[p["repo"].lower()]
        assert (pid, published, source, status) == (
            f"arxiv:{p['arxiv']}", date(2026, 9, 8), "venue", "ok")  # fmt: skip
        assert created is not None  # GraphQL's createdAt (the replay: the first commit)
    con = duckdb.connect(str(db), read_only=True)
    provenance = {
        r for (r,) in con.execute("SELECT DISTINCT provenance FROM paper_code").fetchall()
    }
    labelled = con.execute("SELECT count(DISTINCT repo) FROM labels").fetchone()[0]
    con.close()
    assert provenance == {f"list:{url}"} and labelled == len(rows)
