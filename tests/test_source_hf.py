"""Hugging Face Papers: daily listings (paging, empty days), paper details, who linked the repo."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from huggingface_hub.hf_api import PaperInfo

from analysis.models import RepoRef
from scraper.sources import hf
from scraper.sources.common import DiscoverRequest, SourceIncomplete
from tests.replay import ReplayServer
from tests.source_helpers import collect, fixture

DAY = "2026-03-06"


def test_daily_items_read_github_fields_under_paper():
    papers = hf.parse_daily_papers(fixture("hf", "daily_papers_2026-03-06_p0.json"))
    assert [p.paper_id for p in papers] == ["arxiv:2602.23229", "arxiv:2603.01234"]
    first = papers[0]
    assert first.title == "Large Multimodal Models as General In-Context Classifiers"
    assert first.authors[:2] == ("Marco Garosi", "Matteo Farina")
    assert first.published == date(2026, 2, 26)
    assert first.extra["github_stars"] == 9
    assert first.extra["project_page"] == "https://circle-lmm.github.io/"
    assert first.primary_category is None  # HF does not say; arxiv.primary_categories does


def test_repo_linked_by_a_person_is_official_and_an_automatic_match_is_only_a_candidate():
    by_author, auto = hf.parse_daily_papers(fixture("hf", "daily_papers_2026-03-06_p0.json"))
    (link,) = by_author.code_links
    assert (link.repo, link.official) == (RepoRef("marco-garosi", "CIRCLE"), True)
    assert link.official_evidence == "linked by authors on HF (githubRepoAddedBy=user)"
    (candidate,) = auto.code_links
    assert candidate.repo == RepoRef("someone-else", "svt-reimpl")
    assert (candidate.official, candidate.official_evidence) == (False, "")
    assert candidate.provenance == "hf:githubRepo:auto"
    assert auto.title == "Sparse Voxel Transformers for Occupancy Prediction"  # newlines folded


def test_installed_huggingface_hub_drops_the_daily_github_fields():
    # Why hf.py reads the GitHub fields itself: PaperInfo looks for githubRepo at the item's top level.
    from huggingface_hub.hf_api import PaperInfo

    item = json.loads(fixture("hf", "daily_papers_2026-03-06_p0.json"))[0]
    assert item["paper"]["githubRepo"]
    assert PaperInfo(**item).github_repo is None


def test_daily_fields_come_from_paperinfo_and_only_the_dropped_ones_from_the_raw_paper():
    item = json.loads(fixture("hf", "daily_papers_2026-03-06_p0.json"))[0]
    info = hf.daily_paper_info(item)
    assert isinstance(info, PaperInfo) and info.github_repo is None  # what the library keeps
    (paper,) = hf.parse_daily_papers(json.dumps([item]))
    assert paper.title == info.title and paper.published == info.published_at.date()
    assert paper.authors == tuple(a.name for a in info.authors)
    assert paper.code_links[0].repo == RepoRef.parse(item["paper"]["githubRepo"])
    assert item["paper"]["id"] == "2602.23229"  # PaperInfo pops from `paper`: we hand it a copy


def test_zero_upvotes_are_kept_although_paperinfo_drops_them():
    item = json.loads(fixture("hf", "daily_papers_2026-03-06_p0.json"))[0]
    item["paper"]["upvotes"] = 0
    assert hf.daily_paper_info(item).upvotes is None
    (paper,) = hf.parse_daily_papers(json.dumps([item]))
    assert paper.extra["upvotes"] == 0


def test_a_date_the_library_rejects_costs_the_date_not_the_paper(caplog):
    items = json.loads(fixture("hf", "daily_papers_2026-03-06_p0.json"))
    items[0]["paper"]["publishedAt"] = "26/02/2026"  # not the Hub's timestamp format
    papers = hf.parse_daily_papers(json.dumps(items))
    assert [p.arxiv_id for p in papers] == ["2602.23229", "2603.01234"]
    # The day is lost; the month its arXiv id encodes stands in (month precision).
    assert (papers[0].published_source, papers[0].published_precision) == ("arxiv-id", "month")
    assert papers[1].published is not None and papers[1].published_source == "hf"
    assert papers[0].code_links  # the rest of the record survives
    assert "26/02/2026" in caplog.text


def _paper_doc_with_models(*models: dict) -> bytes:
    doc = json.loads(fixture("hf", "paper_2602.23229.json"))
    doc["linkedModels"] = list(models)
    return json.dumps(doc).encode()


def test_linked_models_go_through_modelinfo_and_are_stored_in_the_hub_shape():
    doc = _paper_doc_with_models(
        {"id": "a/keras", "library_name": "keras", "createdAt": "2026-03-07T10:00:00Z",
         "lastModified": "2026-04-01T10:00:00.123456789Z", "cardData": {"license": "mit"}},
        {"id": "a/broken", "createdAt": "yesterday"},
    )  # fmt: skip
    paper = hf.parse_paper_info(doc)
    record, broken = paper.extra["linked_models"]  # a bad date costs only that date
    assert broken == {"id": "a/broken"}
    # ModelInfo's parse_datetime normalised both stamps; fields we never read are not stored.
    assert record == {"id": "a/keras", "library_name": "keras",
                      "createdAt": "2026-03-07T10:00:00.000Z",
                      "lastModified": "2026-04-01T10:00:00.123Z"}  # fmt: skip
    again = hf.hub_model(record)
    assert again.created_at == datetime(2026, 3, 7, 10, tzinfo=UTC)
    assert paper.extra["num_total_models"] == 2


def test_empty_day_gives_no_papers():
    assert hf.parse_daily_papers(fixture("hf", "daily_papers_empty.json")) == []


def test_paper_details_carry_linked_models():
    paper = hf.parse_paper_info(fixture("hf", "paper_2602.23229.json"))
    assert paper is not None and paper.code_links[0].official
    assert [m["id"] for m in paper.extra["linked_models"]] == [
        "marco-garosi/circle-qwen2-vl",
        "keras-io/circle-keras",
    ]
    assert paper.extra["linked_models"][1]["library_name"] == "keras"
    assert paper.extra["num_total_models"] == 2


def test_queries_use_whole_months_and_single_days():
    assert hf.daily_queries(date(2026, 1, 30), date(2026, 3, 2)) == [
        {"date": "2026-01-30"},
        {"date": "2026-01-31"},
        {"month": "2026-02"},
        {"date": "2026-03-01"},
        {"date": "2026-03-02"},
    ]


def test_next_link_is_read_from_the_link_header():
    header = '<https://hf.co/api/daily_papers?p=0>; rel="prev", <https://hf.co/api/daily_papers?p=2>; rel="next"'
    assert hf.next_link(header) == "https://hf.co/api/daily_papers?p=2"
    assert hf.next_link('<https://hf.co/x>; rel="last"') is None
    assert hf.next_link(None) is None


def _serve_day(server: ReplayServer) -> None:
    nxt = f"{server.url}/hf/api/daily_papers?date={DAY}&p=1&limit=100"
    server.add(
        "GET",
        "/hf/api/daily_papers",
        200,
        fixture("hf", "daily_papers_2026-03-06_p0.json"),
        headers={"Link": f'<{nxt}>; rel="next"', "Content-Type": "application/json"},
        query={"date": DAY, "p": "0"},
    )
    server.add(
        "GET",
        "/hf/api/daily_papers",
        200,
        fixture("hf", "daily_papers_2026-03-06_p1.json"),
        headers={"Content-Type": "application/json"},
        query={"date": DAY, "p": "1"},
    )
    server.add("GET", "/hf/api/daily_papers", 200, b"[]", query={"date": "2026-03-07"})


def test_discover_follows_link_pages_and_passes_empty_days():
    with ReplayServer() as server:
        _serve_day(server)
        req = DiscoverRequest(date(2026, 3, 6), date(2026, 3, 7))
        papers = collect(server.settings(), lambda http: hf.discover(http, req))
        queries = [r.query for r in server.requests("/hf/api/daily_papers")]
    assert [p.arxiv_id for p in papers] == ["2602.23229", "2603.01234", "2603.04567"]
    assert [q.get("p") for q in queries] == ["0", "1", "0"]
    assert all(q["limit"] == "100" for q in queries)


def test_discover_respects_the_limit():
    with ReplayServer() as server:
        _serve_day(server)
        req = DiscoverRequest(date(2026, 3, 6), date(2026, 3, 6), limit=1)
        papers = collect(server.settings(), lambda http: hf.discover(http, req))
        assert len(server.requests("/hf/")) == 1
    assert len(papers) == 1


def test_fetch_paper_returns_none_when_hf_lacks_it():
    with ReplayServer() as server:
        server.add("GET", "/hf/api/papers/2602.23229", 200, fixture("hf", "paper_2602.23229.json"))

        async def both(http):
            for arxiv_id in ("2602.23229v2", "2601.99999"):
                yield await hf.fetch_paper(http, arxiv_id)

        found, absent = collect(server.settings(), both)
    assert found.extra["linked_models"] and absent is None


def test_a_list_is_required():
    with pytest.raises(ValueError):
        hf.parse_daily_papers(b'{"error": "Invalid date"}')


def test_a_rejected_day_is_skipped_and_reported_after_the_others():
    got = []

    async def until_error(http):
        req = DiscoverRequest(date(2026, 3, 5), date(2026, 3, 6))
        try:
            async for paper in hf.discover(http, req):
                got.append(paper)
        except SourceIncomplete as e:
            yield e

    with ReplayServer() as server:
        _serve_day(server)
        server.add(
            "GET",
            "/hf/api/daily_papers",
            400,
            {"error": "Invalid date"},
            query={"date": "2026-03-05"},
        )
        (error,) = collect(server.settings(), until_error)
    assert [p.arxiv_id for p in got] == ["2602.23229", "2603.01234", "2603.04567"]
    assert len(error.failures) == 1 and "2026-03-05" in error.failures[0]
