"""arXiv API: Atom parsing (both feed shapes), links in abstracts/comments, paging, id_list lookups."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from analysis.models import RepoRef
from scraper.http.client import Http
from scraper.sources import arxiv
from scraper.sources.common import DiscoverRequest, SourceIncomplete
from tests.replay import ReplayServer
from tests.source_helpers import FakeClock, collect, fixture


def test_entries_parse_with_primary_category_and_folded_titles():
    feed = arxiv.parse_feed(fixture("arxiv", "search_p0.xml"))
    assert feed.total == 3
    first, second = feed.papers
    assert (first.paper_id, first.title) == (
        "arxiv:2603.01111",
        "FastSeg: Real-Time Panoptic Segmentation with Token Merging",
    )
    assert (first.primary_category, first.categories) == ("cs.CV", ("cs.CV", "cs.LG"))
    assert first.authors == ("Ada Lovelace", "Alan Turing")
    assert first.published == date(2026, 3, 2)
    assert first.is_cv and not second.is_cv  # cs.LG primary, cross-listed to cs.CV


def test_github_links_in_abstract_and_comment_are_official_author_links():
    first, second = arxiv.parse_atom(fixture("arxiv", "search_p0.xml"))
    (abstract_link,) = first.code_links  # the project page on github.io is not a repository
    assert abstract_link.repo == RepoRef("acme-lab", "FastSeg")
    assert abstract_link.provenance == "arxiv:abstract"
    assert abstract_link.official_evidence == "linked in the abstract by the authors"
    (comment_link,) = second.code_links
    assert (comment_link.repo, comment_link.provenance, comment_link.official) == (
        RepoRef("ml-group", "CrossNet"),
        "arxiv:comment",
        True,
    )


def test_manual_style_feed_with_per_element_namespaces_parses():
    feed = arxiv.parse_feed(fixture("arxiv", "search_p1.xml"))
    (paper,) = feed.papers
    assert (feed.total, paper.arxiv_id, paper.primary_category) == (3, "2603.03333", "cs.CV")
    assert paper.code_links == ()


def test_empty_result_page_has_no_papers():
    feed = arxiv.parse_feed(fixture("arxiv", "search_empty.xml"))
    assert (feed.total, feed.papers) == (0, [])


def test_error_entries_for_bad_ids_are_dropped():
    papers = arxiv.parse_atom(fixture("arxiv", "id_list.xml"))
    assert [p.arxiv_id for p in papers] == ["2412.00124", "2503.08429"]


def test_xml_with_a_dtd_is_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    with pytest.raises(ValueError):
        arxiv.parse_feed(evil)


def test_query_and_month_windows():
    assert arxiv.search_query(date(2026, 3, 2), date(2026, 3, 2)) == (
        "cat:cs.CV AND submittedDate:[202603020000 TO 202603022359]"
    )
    assert arxiv.month_windows(date(2026, 1, 15), date(2026, 3, 2)) == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 2)),
    ]


def _serve_pages(server: ReplayServer) -> None:
    q = arxiv.search_query(date(2026, 3, 2), date(2026, 3, 2))
    server.add(
        "GET",
        "/arxiv/api/query",
        200,
        fixture("arxiv", "search_p0.xml"),
        query={"search_query": q, "start": "0"},
    )
    server.add(
        "GET",
        "/arxiv/api/query",
        200,
        fixture("arxiv", "search_p1.xml"),
        query={"search_query": q, "start": "2"},
    )
    server.add(
        "GET",
        "/arxiv/api/query",
        200,
        fixture("arxiv", "search_empty.xml"),
        query={"search_query": arxiv.search_query(date(2026, 3, 1), date(2026, 3, 1))},
    )


def test_discover_pages_by_start_and_keeps_three_seconds_between_calls():
    clock = FakeClock()
    with ReplayServer() as server:
        _serve_pages(server)
        # 2026-03-01 is a day with no papers; 2026-03-02 spans two pages.
        req_empty = DiscoverRequest(date(2026, 3, 1), date(2026, 3, 1))
        req = DiscoverRequest(date(2026, 3, 2), date(2026, 3, 2))
        pacer = clock.pacer(arxiv.INTERVAL)
        empty = collect(
            server.settings(), lambda http: arxiv.discover(http, req_empty, pacer=pacer)
        )
        papers = collect(server.settings(), lambda http: arxiv.discover(http, req, pacer=pacer))
        calls = server.requests("/arxiv/")
    assert empty == []
    assert [p.arxiv_id for p in papers] == ["2603.01111", "2603.02222", "2603.03333"]
    assert [c.query["start"] for c in calls] == ["0", "0", "2"]
    assert all(c.query["sortBy"] == "submittedDate" for c in calls)
    assert clock.sleeps == [3.0, 3.0]  # three calls, each >= 3 s after the previous


def test_an_empty_page_inside_the_range_is_asked_again_once():
    clock = FakeClock()
    q = arxiv.search_query(date(2026, 3, 2), date(2026, 3, 2))
    empty_but_total = fixture("arxiv", "search_empty.xml").replace(
        b"<opensearch:totalResults>0<", b"<opensearch:totalResults>3<"
    )
    with ReplayServer() as server:
        server.add(
            "GET",
            "/arxiv/api/query",
            200,
            fixture("arxiv", "search_p0.xml"),
            query={"search_query": q, "start": "0"},
        )
        server.add(
            "GET", "/arxiv/api/query", 200, empty_but_total, query={"search_query": q, "start": "2"}
        )
        req = DiscoverRequest(date(2026, 3, 2), date(2026, 3, 2))
        papers = collect(
            server.settings(), lambda http: arxiv.discover(http, req, pacer=clock.pacer(3.0))
        )
        starts = [c.query["start"] for c in server.requests("/arxiv/")]
    assert len(papers) == 2
    assert starts == ["0", "2", "2"]


def test_primary_categories_in_id_list_batches():
    clock = FakeClock()
    with ReplayServer() as server:
        server.add("GET", "/arxiv/api/query", 200, fixture("arxiv", "id_list.xml"))

        async def run():
            async with Http(server.settings()) as http:
                return await arxiv.primary_categories(
                    http, ["2412.00124v1", "2503.08429", "1234.12345"] * 70, pacer=clock.pacer(3.0)
                )

        cats = asyncio.run(run())
        calls = server.requests("/arxiv/")
    assert cats == {"2412.00124": "cs.CV", "2503.08429": "eess.IV"}
    # 210 ids, but only 3 distinct: one call, ids versionless.
    assert [c.query["id_list"] for c in calls] == ["2412.00124,2503.08429,1234.12345"]


def test_primary_categories_splits_many_ids_into_batches():
    clock = FakeClock()
    ids = [f"2601.{i:05d}" for i in range(250)]
    with ReplayServer() as server:
        server.add("GET", "/arxiv/api/query", 200, fixture("arxiv", "search_empty.xml"))

        async def run():
            async with Http(server.settings()) as http:
                return await arxiv.primary_categories(http, ids, pacer=clock.pacer(3.0))

        assert asyncio.run(run()) == {}
        sizes = [len(c.query["id_list"].split(",")) for c in server.requests("/arxiv/")]
    assert sizes == [100, 100, 50]
    assert clock.sleeps == [3.0, 3.0]


def test_a_failing_window_is_skipped_and_reported():
    clock = FakeClock()
    march = arxiv.search_query(date(2026, 3, 1), date(2026, 3, 2))
    february = arxiv.search_query(date(2026, 2, 28), date(2026, 2, 28))
    got = []

    async def until_error(http):
        req = DiscoverRequest(date(2026, 2, 28), date(2026, 3, 2))
        try:
            async for paper in arxiv.discover(http, req, pacer=clock.pacer(3.0)):
                got.append(paper)
        except SourceIncomplete as e:
            yield e

    with ReplayServer() as server:
        server.add(
            "GET", "/arxiv/api/query", 200, b"<feed><unclosed>", query={"search_query": february}
        )
        server.add(
            "GET",
            "/arxiv/api/query",
            200,
            fixture("arxiv", "search_p0.xml"),
            query={"search_query": march, "start": "0"},
        )
        server.add(
            "GET",
            "/arxiv/api/query",
            200,
            fixture("arxiv", "search_p1.xml"),
            query={"search_query": march, "start": "2"},
        )
        (error,) = collect(server.settings(), until_error)
    # February's window is broken XML; March's window still pages through.
    assert [p.arxiv_id for p in got] == ["2603.01111", "2603.02222", "2603.03333"]
    assert len(error.failures) == 1 and error.failures[0].startswith("2026-02-28..2026-02-28")
