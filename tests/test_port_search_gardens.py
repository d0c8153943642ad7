"""Gardens and search end to end against the corpus replay: one tree per collection, first
commits through paged history, and the finder's real code path finding recorded ports."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest

from analysis.models import Paper, RepoRef
from scraper.http.client import Http
from scraper.port_search.gardens import first_commit, last_page, load_gardens
from scraper.port_search.search import SearchPacer, find_ports
from tests.refresh_helpers import serve_corpus
from tests.replay import ReplayServer


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    from tests.conftest import corpus_or_skip

    corpus = corpus_or_skip()
    papers = [
        ("2401.10891", "Depth Anything: Unleashing the Power of Large-Scale Unlabeled Data"),
        ("2410.13842", "D-FINE: Redefine Regression Task in DETRs"),
        ("1909.11942", None),
        ("2405.14458", "YOLOv10: Real-Time End-to-End Object Detection"),
    ]
    with ReplayServer() as server:
        serve_corpus(server, corpus)

        async def go():
            async with Http(server.settings(max_retries=1)) as http:
                index = await load_gardens(http)
                trees = [r.path for r in server.requests("/api/repos/") if "/git/trees/" in r.path]
                out = {}
                for arxiv_id, title in papers:
                    paper = Paper(f"arxiv:{arxiv_id}", title or "", "t", arxiv_id=arxiv_id)
                    out[arxiv_id] = await find_ports(http, paper, None, registry=index,
                                                     pacer=SearchPacer(10**6))  # fmt: skip
                unit = next(u for u in index.units if u.path == "keras_hub/src/models/albert")
                return index, trees, out, await first_commit(http, unit)

        index, trees, ports, albert = asyncio.run(go())
        history = [r for r in server.log if r.path.endswith("/commits") and r.status == 200]
    return corpus, index, trees, ports, albert, history


def test_every_collection_is_read_with_one_tree_request(found):
    _, index, trees, *_ = found
    assert len(trees) == 6 and len(set(trees)) == 6
    gardens = {u.garden for u in index.units}
    assert gardens == {"keras-hub", "keras-applications", "kecam", "dl-techniques",
                       "pinto-model-zoo", "keras-vision-models"}  # fmt: skip
    assert all("models in" in note for note in index.notes)


def test_first_commit_follows_renamed_folders_and_paged_history(found):
    corpus, *_, albert, history = found
    assert albert == date(2023, 1, 5)  # keras_nlp/models/albert, 2023-01-04 -08:00, in UTC
    paged = [r for r in history if r.query.get("page") == "2"]
    assert paged, "a folder behind its repository's head commit is read from its last page"


def test_collection_folders_and_standalone_repos_are_found_with_their_dates(found):
    corpus, _, _, ports, *_ = found
    rows = [json.loads(x) for x in (corpus / "ports" / "community.jsonl").read_text().splitlines()]
    depth = {p.url: p for p in ports["2401.10891"]}
    for row in rows:
        if row["arxiv"] != ["2401.10891"]:
            continue
        repo = RepoRef.parse(row["port_repo"])
        url = f"{repo.url}/tree/HEAD/{row['port_path']}" if row["port_path"] else repo.url
        assert url in depth, url
        recorded = date.fromisoformat(row["first_commit"][:10])
        assert abs((depth[url].first_seen - recorded).days) <= 1  # UTC vs the recorded offset
        assert depth[url].first_seen_source in ("first-commit", "repo-created")
    assert depth["https://github.com/tqminlo/Depth-Anything-Keras"].source == "github-search"


def test_named_like_the_paper_and_text_papers_by_id(found):
    _, _, _, ports, *_ = found
    dfine = {p.source for p in ports["2410.13842"]}
    assert {"keras-hub", "keras-vision-models"} <= dfine  # keras-hub's folder cites nothing
    (albert,) = ports["1909.11942"]
    assert (albert.source, albert.level, albert.first_seen) == ("keras-hub", 3, date(2023, 1, 5))
    (yolo,) = ports["2405.14458"]
    assert (yolo.kind, yolo.level, yolo.source) == ("tflite", 2, "github-search")


def test_last_page_is_read_from_the_link_header():
    link = (
        '<https://api.github.com/repositories/1/commits?path=a&per_page=1&page=2>; rel="next",'
        ' <https://api.github.com/repositories/1/commits?path=a&per_page=1&page=57>; rel="last"'
    )
    assert (
        last_page(link) == 57 and last_page(None) is None and last_page('<x>; rel="next"') is None
    )
