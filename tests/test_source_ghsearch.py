"""GitHub venue-tag search: paging, forks and loose matches dropped, README arXiv links, pacing."""

from __future__ import annotations

import json
from datetime import date

from analysis.models import RepoRef
from scraper.sources import ghsearch
from scraper.sources.common import DiscoverRequest
from tests.replay import ReplayServer
from tests.source_helpers import FakeClock, collect, fixture

Q = "CVPR2026 in:name,description,topics"


def test_search_page_parses_total_and_hits():
    total, hits = ghsearch.parse_search(fixture("ghsearch", "search_CVPR2026_p1.json"))
    assert total == 4
    assert [h.repo for h in hits] == [
        RepoRef("NickHezhuolin", "CVPR2026-DynamicVGGT"),
        RepoRef("someone", "DynamicVGGT-fork"),
        RepoRef("lab", "occupancy-net"),
    ]
    assert [h.fork for h in hits] == [False, True, False]


def test_tag_must_be_in_name_description_or_topics():
    _, hits = ghsearch.parse_search(fixture("ghsearch", "search_CVPR2026_p1.json"))
    _, loose = ghsearch.parse_search(fixture("ghsearch", "search_CVPR2026_p2.json"))
    assert [ghsearch.names_tag(h, "CVPR2026") for h in hits + loose] == [True, True, True, False]


def test_paper_from_readme_is_self_declared_with_provisional_title():
    _, hits = ghsearch.parse_search(fixture("ghsearch", "search_CVPR2026_p1.json"))
    readme = fixture("ghsearch", "README_DynamicVGGT.md").decode()
    paper = ghsearch.paper_from_readme(hits[0], "CVPR2026", readme)
    assert paper is not None
    assert (paper.paper_id, paper.venue, paper.year) == ("arxiv:2603.08254", "CVPR", 2026)
    assert paper.title == "CVPR2026-DynamicVGGT" and paper.extra["title_provisional"] is True
    (link,) = paper.code_links
    assert (link.repo, link.official, link.provenance) == (hits[0].repo, True, "ghsearch:CVPR2026")
    assert link.official_evidence.startswith("self-declared")
    assert "weaker" in link.official_evidence
    assert ghsearch.paper_from_readme(hits[0], "CVPR2026", "# no paper link") is None


def test_venue_tags_follow_the_conference_calendar():
    assert ghsearch.venue_tags(2025, 2026) == [
        "CVPR2025",
        "ICCV2025",
        "WACV2025",
        "CVPR2026",
        "ECCV2026",
        "WACV2026",
    ]


def _serve(server: ReplayServer) -> None:
    server.add("GET", "/api/search/repositories", 200, fixture("ghsearch", "search_empty.json"))
    for page in ("1", "2"):
        server.add(
            "GET",
            "/api/search/repositories",
            200,
            fixture("ghsearch", f"search_CVPR2026_p{page}.json"),
            query={"q": Q, "page": page, "per_page": "100"},
        )
    server.add(
        "GET",
        "/raw/NickHezhuolin/CVPR2026-DynamicVGGT/HEAD/README.md",
        200,
        fixture("ghsearch", "README_DynamicVGGT.md"),
    )
    # occupancy-net has README.rst: raw README.md is 404 and the API's /readme answers.
    server.add(
        "GET",
        "/api/repos/lab/occupancy-net/readme",
        200,
        fixture("ghsearch", "README_occupancy.md"),
    )


def test_discover_pages_search_drops_forks_and_reads_readmes():
    clock = FakeClock()
    with ReplayServer() as server:
        _serve(server)
        req = DiscoverRequest(date(2026, 1, 1), date(2026, 6, 30))
        papers = collect(
            server.settings(), lambda http: ghsearch.discover(http, req, pacer=clock.pacer(2.0))
        )
        searches = server.requests("/api/search/")
        readmes = [r.path for r in server.requests() if "README" in r.path or "readme" in r.path]
    assert [(p.arxiv_id, p.code_links[0].repo.key) for p in papers] == [
        ("2603.08254", "nickhezhuolin/cvpr2026-dynamicvggt"),
        ("2604.00001", "lab/occupancy-net"),
    ]
    assert [s.query["q"] for s in searches] == [
        Q,
        Q,
        "ECCV2026 in:name,description,topics",
        "WACV2026 in:name,description,topics",
    ]
    assert all(s.query["per_page"] == "100" for s in searches)
    assert "/raw/someone/DynamicVGGT-fork/HEAD/README.md" not in readmes  # forks excluded
    assert clock.sleeps == [2.0] * 3  # 30 searches per minute


def test_search_paging_stops_at_the_thousand_result_cap():
    page = json.loads(fixture("ghsearch", "search_CVPR2026_p2.json"))
    item = page["items"][0]
    full = {"total_count": 5000, "incomplete_results": False, "items": [item] * 100}
    with ReplayServer() as server:
        server.add("GET", "/api/search/repositories", 200, full)

        async def hits(http):
            async for hit in ghsearch.fetch_search(http, "CVPR2026", FakeClock().pacer(2.0)):
                yield hit

        collect(server.settings(), hits)
        pages = [s.query["page"] for s in server.requests("/api/search/")]
    assert pages == [str(n) for n in range(1, 11)]


def test_discover_against_the_corpus_finds_every_name_search_paper(corpus):
    rows = [json.loads(line) for line in (corpus / "papers.jsonl").read_text().splitlines()]
    wanted = {
        (r["arxiv"], r["repo"].lower(), r["venue"], r["year"])
        for r in rows
        if r["list"].startswith("github-name-search:")
    }
    with ReplayServer() as server:
        server.serve_corpus(corpus)
        req = DiscoverRequest(date(2025, 1, 1), date(2026, 12, 31))
        papers = collect(
            server.settings(),
            lambda http: ghsearch.discover(http, req, pacer=FakeClock().pacer(2.0)),
        )
    got = {(p.arxiv_id, p.code_links[0].repo.key, p.venue, p.year) for p in papers}
    assert wanted and got == wanted
