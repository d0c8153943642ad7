"""Pure pieces of the refresh: paper order, link merging, official repos, tallies, options."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta

from analysis import store
from analysis.models import CodeLink, Paper, RepoRef
from scraper.cli import build_parser, options_from
from scraper.stages.discover import canonical, needs_category, official_repos, unique_papers
from scraper.stages.fetch import FetchPolicy, skip_gone
from scraper.tally import SourceTally, Tally

A, B = RepoRef("Org", "A"), RepoRef("org", "B")


def _paper(pid: str, *links: CodeLink, **kw) -> Paper:
    return Paper(pid, kw.pop("title", "T"), kw.pop("source", "lists"), code_links=links, **kw)


def test_store_rows_do_not_depend_on_the_order_papers_arrive_in(tmp_path):
    first = _paper("arxiv:1", venue="CVPR", year=2024)
    second = _paper("arxiv:1", venue="ICCV", year=2023)  # a list that disagrees
    rows = []
    for i, arrival in enumerate(([first, second], [second, first])):
        con = store.connect(tmp_path / f"{i}.duckdb")
        store.upsert_papers(con, canonical(arrival))
        rows.append(con.execute("SELECT paper_id, venue, year FROM papers").fetchall())
    assert rows[0] == rows[1] == [("arxiv:1", "CVPR", 2024)]


def test_unique_papers_keeps_the_code_links_of_every_record():
    a = CodeLink(A, "ghsearch:CVPR2025", True, "self-declared")
    b = CodeLink(B, "ghsearch:CVPR2025", True, "self-declared")
    merged = unique_papers([_paper("arxiv:1", a), _paper("arxiv:1", b), _paper("arxiv:1", a)])
    assert list(merged) == ["arxiv:1"]
    assert merged["arxiv:1"].code_links == (a, b)


def test_only_official_links_are_fetched_candidates_are_not():
    official = CodeLink(A, "hf:githubRepo", True, "linked by the authors on HF")
    candidate = CodeLink(B, "arxiv:abstract", False)
    repos = official_repos([_paper("arxiv:1", official, candidate), _paper("arxiv:2", official)])
    assert list(repos) == ["org/a"]
    assert repos["org/a"] == (A, ["arxiv:1", "arxiv:2"])


def test_categories_are_looked_up_only_when_cv_ness_is_unknown():
    papers = [
        _paper("arxiv:1", arxiv_id="2501.00001"),
        _paper("arxiv:2", arxiv_id="2501.00002", venue="CVPR"),
        _paper("arxiv:3", arxiv_id="2501.00003", primary_category="cs.LG"),
        _paper("title:x"),
    ]
    assert needs_category(papers) == ["2501.00001"]


def test_gone_repos_wait_for_the_recheck_period():
    policy = FetchPolicy("v", recheck_gone=timedelta(days=1))
    now = datetime(2026, 1, 2, 12)
    assert skip_gone((None, "missing", now - timedelta(hours=2)), policy, now)
    assert not skip_gone((None, "missing", now - timedelta(days=2)), policy, now)
    assert not skip_gone(("abc", "ok", now), policy, now)
    assert not skip_gone(None, policy, now)


def test_tally_lines_name_each_source_and_the_failures():
    tally = Tally(sources={"lists": SourceTally(812, 40, 3, 1, 2.44),
                           "hf": SourceTally(error="FetchError: gave up")})  # fmt: skip
    tally.record_error("fetch", "o/r", ValueError("bad tree"))
    lines = tally.lines()
    assert lines[0] == "lists: 812 papers, 40 new, 3 updated, 1 failed, 2.4 s"
    assert lines[1].endswith("(source FAILED: FetchError: gave up)")
    assert lines[-1].startswith("total: 812 papers, 40 new, 3 updated, 1 item errors")
    assert lines[-1].endswith("failed sources: hf")
    assert tally.errors == [{"stage": "fetch", "item": "o/r", "error": "ValueError: bad tree"}]


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["refresh", *argv])


def test_months_count_back_from_until_and_graphql_follows_the_token(monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    opts = options_from(_args("--months", "6", "--until", "2026-07-01"))
    assert (opts.since, opts.until, opts.graphql) == (date(2026, 1, 1), date(2026, 7, 1), False)
    monkeypatch.setenv("GITHUB_TOKEN", "t0k")
    opts = options_from(_args("--since", "2026-03-01"), today=date(2026, 4, 1))
    assert (opts.since, opts.until, opts.graphql) == (date(2026, 3, 1), date(2026, 4, 1), True)
    assert options_from(_args("--rest")).graphql is False
    assert "t0k" not in repr(opts) and "t0k" not in str(opts.as_args())


def test_base_urls_come_from_options_over_the_environment(monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", "http://env.example/api")
    monkeypatch.setenv("HF_ENDPOINT", "http://env.example/hf")
    opts = options_from(_args("--github-api-url", "http://opt.example/api/"))
    assert opts.settings.github_api_url == "http://opt.example/api"
    assert opts.settings.hf_endpoint == "http://env.example/hf"
