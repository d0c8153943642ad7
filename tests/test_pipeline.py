"""The refresh pipeline in-process against the replay: faults, incremental updates, batch mode.

A small curated list (generated from papers.jsonl: six recorded repos and one the corpus lacks)
keeps each run to a few hundred requests.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import duckdb
import pytest

from analysis import store
from analysis.classify.label import CLASSIFIER_VERSION
from scraper.pipeline import RefreshOptions, run_refresh
from tests.refresh_helpers import corpus_labels, corpus_papers, serve_corpus, table_dump
from tests.replay import ReplayServer

LIST = "test/CVPR2025-small/main/README.md"
UNRECORDED = "nobody-here/not-recorded"


@pytest.fixture(scope="module")
def picked(corpus_dir):
    """Six recorded papers (with arXiv ids, code in a framework) from papers.jsonl."""
    truth = corpus_labels(corpus_dir)
    papers = [p for p in corpus_papers(corpus_dir) if p["arxiv"] and p["title"]
              and truth[p["repo"].lower()]["label"] not in ("no-code", "none")]  # fmt: skip
    return papers[:6]


@pytest.fixture(scope="module")
def corpus_dir():
    from tests.conftest import corpus_or_skip

    return corpus_or_skip()


def small_list(papers: list[dict]) -> str:
    blocks = [f"**{p['title']}**\n\n- Paper: https://arxiv.org/abs/{p['arxiv']}\n"
              f"- Code: https://github.com/{p['repo']}\n" for p in papers]  # fmt: skip
    blocks.append(f"**Unrecorded**\n\n- Code: https://github.com/{UNRECORDED}\n")
    return "# CVPR2025\n\n" + "\n".join(blocks)


@pytest.fixture
def server(corpus_dir, picked):
    with ReplayServer() as s:
        serve_corpus(s, corpus_dir)
        s.add("GET", f"/raw/{LIST}", 200, small_list(picked), {"Content-Type": "text/plain"})
        yield s


def options(server: ReplayServer, db, **kw) -> RefreshOptions:
    settings = replace(server.settings(), backoff_base=0.001, backoff_cap=0.01, max_wait=0.05)
    base = dict(db=db, since=date(2025, 1, 1), until=date(2025, 12, 31), sources=("lists",),
                lists=(f"{server.url}/raw/{LIST}",), ports=False, settings=settings,
                progress=False, search_interval=0.0)  # fmt: skip
    return RefreshOptions(**{**base, **kw})


def labels_of(db) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT repo, primary_framework FROM labels").fetchall())
    finally:
        con.close()


def test_small_refresh_stores_papers_repos_and_labels(server, picked, corpus_dir, tmp_path):
    tally = run_refresh(options(server, tmp_path / "a.duckdb"))
    truth = corpus_labels(corpus_dir)
    assert tally.sources["lists"].papers == 7
    assert (tally.repos.fetched, tally.repos.missing, tally.repos.failed) == (6, 1, 0)
    labels = labels_of(tmp_path / "a.duckdb")
    assert {p["repo"].lower() for p in picked} <= set(labels)
    assert all(labels[p["repo"].lower()] == truth[p["repo"].lower()]["label"] for p in picked)


def test_faults_are_retried_or_recorded_and_never_abort_the_run(server, picked, tmp_path):
    clean = run_refresh(options(server, tmp_path / "clean.duckdb"))
    gone = picked[0]["repo"]
    server.missing.add(f"/api/repos/{gone}/commits/HEAD")
    server.inject("5xx", count=4, prefix="/api/repos/")
    server.inject("429", count=2, prefix="/raw/", retry_after="0")
    server.inject("reset", count=2, prefix="/api/repos/")
    server.inject("truncate", count=2, prefix="/raw/")
    server.inject("badjson", count=2, prefix="/api/repos/")
    tally = run_refresh(options(server, tmp_path / "faults.duckdb"))
    assert tally.errors == []
    assert tally.repos.missing == clean.repos.missing + 1
    line = next(x for x in tally.lines() if x.startswith("http:"))
    retried = int(line.split(" retried")[0].rsplit(", ", 1)[1])
    assert retried >= 10  # 4 + 2 + 2 + 2 + 2 injected faults, each retried
    con = duckdb.connect(str(tmp_path / "faults.duckdb"), read_only=True)
    assert con.execute("SELECT status FROM repos WHERE repo = ?", [gone.lower()]).fetchone() == (
        "missing",
    )
    others = {k: v for k, v in labels_of(tmp_path / "clean.duckdb").items() if k != gone.lower()}
    assert {k: v for k, v in labels_of(tmp_path / "faults.duckdb").items() if k in others} == others


def test_a_repo_failing_for_good_is_recorded_in_runs_and_fetched_next_time(
    server, picked, tmp_path
):
    db = tmp_path / "a.duckdb"
    bad = picked[1]["repo"]
    server.inject("5xx", count=50, prefix=f"/api/repos/{bad}/")
    tally = run_refresh(options(server, db, settings=replace(
        server.settings(), max_retries=1, backoff_base=0.001, backoff_cap=0.01)))  # fmt: skip
    assert (tally.repos.failed, tally.sources["lists"].failed) == (1, 1)
    assert "1 failed" in tally.repos.line()
    con = store.connect(db, read_only=True)
    errors = json.loads(con.execute("SELECT errors FROM runs").fetchone()[0])
    con.close()
    assert [(e["stage"], e["item"]) for e in errors] == [("fetch", bad)]
    server.faults.clear()
    again = run_refresh(options(server, db))
    assert (again.repos.fetched, again.repos.failed) == (1, 0)
    assert bad.lower() in labels_of(db)


def test_changed_head_is_reread_and_unchanged_repos_are_skipped(server, picked, tmp_path):
    db = tmp_path / "a.duckdb"
    run_refresh(options(server, db))
    changed = picked[2]["repo"].lower()
    con = store.connect(db)
    real = store.repo_head(con, changed)
    con.execute("UPDATE repos SET head_sha = ? WHERE repo = ?", ["0" * 40, changed])
    con.close()
    tally = run_refresh(options(server, db))
    assert (tally.repos.fetched, tally.repos.unchanged, tally.repos.missing) == (1, 6, 0)
    con = store.connect(db, read_only=True)
    assert store.repo_head(con, changed) == real


def test_new_classifier_version_relabels_from_stored_blobs_without_downloads(server, tmp_path):
    db = tmp_path / "a.duckdb"
    run_refresh(options(server, db))
    con = store.connect(db)
    con.execute("UPDATE labels SET classifier_version = 'older'")
    con.close()
    server.clear_log()
    tally = run_refresh(options(server, db))
    assert tally.repos.relabelled == 6
    repo_raw = [r for r in server.requests("/raw/") if not r.path.endswith(LIST)]
    assert repo_raw == []
    con = store.connect(db, read_only=True)
    per_repo = con.execute(
        "SELECT r.repo, list_sort(list(l.classifier_version)) FROM repos r JOIN labels l "
        "ON r.repo = l.repo AND r.head_sha = l.commit WHERE r.status = 'ok' GROUP BY r.repo"
    ).fetchall()
    assert len(per_repo) == 6
    assert {tuple(v) for _, v in per_repo} == {(CLASSIFIER_VERSION, "older")}


def test_gone_repos_are_asked_again_only_after_the_recheck_period(server, tmp_path):
    db = tmp_path / "a.duckdb"
    run_refresh(options(server, db))
    server.clear_log()
    run_refresh(options(server, db))
    assert server.requests(f"/api/repos/{UNRECORDED}") == []
    run_refresh(options(server, db, recheck_gone=timedelta(0)))
    assert len(server.requests(f"/api/repos/{UNRECORDED}")) == 1


def test_graphql_batch_mode_gives_the_rest_labels_in_one_query(server, tmp_path):
    rest = run_refresh(options(server, tmp_path / "rest.duckdb"))
    server.clear_log()
    gql = run_refresh(options(server, tmp_path / "gql.duckdb", graphql=True))
    assert len(server.requests("/api/graphql", method="POST")) == 1
    assert (gql.repos.fetched, gql.repos.missing) == (rest.repos.fetched, rest.repos.missing)
    assert labels_of(tmp_path / "gql.duckdb") == labels_of(tmp_path / "rest.duckdb")


def test_ports_stage_looks_up_every_paper(server, tmp_path):
    tally = run_refresh(options(server, tmp_path / "a.duckdb", ports=True))
    assert (tally.ports.papers, tally.ports.failed) == (7, 0)
    assert tally.errors == []


def test_refresh_publishes_and_removes_its_work_file(server, tmp_path):
    db = tmp_path / "a.duckdb"
    run_refresh(options(server, db))
    assert db.exists() and not store.work_path(db).exists()
    dump = table_dump(db)
    assert len(dump["papers"]) == 7 and len(dump["source_state"]) == 1


def test_progress_shows_a_bar_per_stage_on_a_terminal(server, tmp_path):
    import io

    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    run_refresh(options(server, tmp_path / "a.duckdb", progress=True, ports=True), console)
    shown = buf.getvalue()
    assert "discover lists" in shown and "fetch repos" in shown and "find ports" in shown
