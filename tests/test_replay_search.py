"""The replay's GitHub repository search: query syntax, fields, forks, ranking, paging, limits; and
the corpus replay answering it from recorded README facts (port repositories included)."""

from __future__ import annotations

import httpx
import pytest

from tests.refresh_helpers import serve_corpus
from tests.replay import ReplayServer
from tests.replay_search import SearchDoc, parse_query, search


def _doc(name: str, readme: str = "", description: str = "", fork: bool = False,
         updated: str = "") -> SearchDoc:  # fmt: skip
    return SearchDoc(name.lower(), name, description, (), readme, fork, updated)


DOCS = [
    _doc("tqminlo/Depth-Anything-Keras", "# Depth Anything Keras"),
    _doc("lab/depth-tools", "Keras inside", "Depth Anything, a Keras port"),
    _doc("lab/anything-depth", "", "anything depth keras"),  # words present, phrase not
    _doc("fan/Depth-Anything-Keras", "# fork", fork=True),
    _doc("ml/sam2-tflite", "https://arxiv.org/abs/2408.00714"),
]


def _names(params: dict) -> list[str]:
    status, body = search(DOCS, params)
    assert status == 200
    return [d.full_name for _, d in body["items"]]


def test_phrases_and_or_groups_search_name_description_topics_by_default():
    q = '"Depth Anything" tensorflow OR keras'
    assert _names({"q": q}) == ["tqminlo/Depth-Anything-Keras", "lab/depth-tools"]  # name first


def test_readme_is_searched_only_with_in_readme():
    assert _names({"q": '"2408.00714"'}) == []
    assert _names({"q": '"2408.00714" in:readme,description,name'}) == ["ml/sam2-tflite"]


def test_forks_only_with_fork_true_and_not_excludes():
    assert "fan/Depth-Anything-Keras" not in _names({"q": '"depth anything"'})
    assert _names({"q": '"depth anything" fork:only'}) == ["fan/Depth-Anything-Keras"]
    assert _names({"q": '"depth anything" NOT keras in:name'}) == []
    assert _names({"q": "keras -depth in:name,description"}) == []
    assert _names({"q": "keras user:lab"}) == ["lab/anything-depth", "lab/depth-tools"]


def test_unrecorded_facts_match_nothing():
    assert _names({"q": "keras stars:>10"}) == []


@pytest.mark.parametrize("q,message", [
    ("x" * 257, "longer than 256"),
    ("a OR b OR c OR d OR e OR f OR g", "more than five"),
])  # fmt: skip
def test_queries_github_refuses_are_422(q, message):
    status, body = search(DOCS, {"q": q})
    assert status == 422 and message in body["errors"][0]["message"]
    with pytest.raises(ValueError):
        parse_query(q)


def test_paging_and_the_1000_result_window():
    many = [_doc(f"o/keras-{i:04d}") for i in range(1100)]
    status, body = search(many, {"q": "keras", "per_page": "100", "page": "10"})
    assert status == 200 and body["total_count"] == 1100 and len(body["items"]) == 100
    assert body["pages"] == 10  # only the first 1,000 are reachable
    assert search(many, {"q": "keras", "per_page": "100", "page": "11"})[0] == 422


def test_sort_updated_orders_by_head_commit_date():
    docs = [_doc("a/keras-old", updated="2020-01-01T00:00:00Z"),
            _doc("b/keras-new", updated="2026-01-01T00:00:00Z")]  # fmt: skip
    names = [d.full_name for _, d in search(docs, {"q": "keras", "sort": "updated"})[1]["items"]]
    assert names == ["b/keras-new", "a/keras-old"]


def test_corpus_replay_finds_standalone_community_ports_by_name_and_id(corpus):
    with ReplayServer() as server:
        serve_corpus(server, corpus)
        url = f"{server.url}/api/search/repositories"
        by_name = httpx.get(url, params={"q": '"Depth Anything" tensorflow OR keras OR tflite',
                                         "per_page": 1}).json()  # fmt: skip
        by_id = httpx.get(url, params={"q": '"2309.16588" in:readme,description,name'})
        page2 = httpx.get(url, params={"q": "keras in:name", "per_page": 1, "page": 2})
    assert [i["full_name"] for i in by_name["items"]] == ["tqminlo/Depth-Anything-Keras"]
    assert [i["full_name"] for i in by_id.json()["items"]] == ["shkarupa-alex/tfvit"]
    assert by_name["items"][0]["created_at"] == "2024-07-05T07:13:28Z"  # first commit, in UTC
    assert page2.status_code == 200 and 'rel="prev"' in page2.headers["link"]
