"""Parsing GitHub search answers into port candidates, the queries sent, and candidate order."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from analysis.models import RepoRef
from scraper.port_search.keras_hub import pick_wheel
from scraper.port_search.search import (
    Candidate,
    issue_search_query,
    parse_issue_search,
    parse_repo_search,
    repo_search_queries,
    tf_first,
    worth_fetching,
)
from tests.conftest import FIXTURES

OFFICIAL = RepoRef("facebookresearch", "ConvNeXt")


def _fixture(name: str):
    return json.loads((FIXTURES / "ports" / name).read_text())


def test_repo_search_items_become_candidates_with_fork_flag_and_creation_date():
    found = parse_repo_search(_fixture("github_search_repos_2201.03545.json"), "q")
    by_name = {c.repo.full_name: c for c in found}
    assert len(found) == 6
    assert by_name["tfport-fan/ConvNeXt"].is_fork is True
    tf = by_name["sayakpaul/ConvNeXt-TF"]
    assert (tf.is_fork, tf.created_at, tf.source) == (
        False, datetime(2022, 1, 13, 9, 52, 49, tzinfo=UTC), "github-search")  # fmt: skip
    assert "tensorflow" in tf.hint


def test_cheap_filters_drop_official_forks_and_lists_before_any_fetch():
    found = parse_repo_search(_fixture("github_search_repos_2201.03545.json"), "q")
    kept = [c.repo.full_name for c in found if worth_fetching(c, OFFICIAL)]
    assert kept == ["sayakpaul/ConvNeXt-TF", "k3-ports/convnext-keras3",
                    "torch-user/convnext-pytorch-reimpl"]  # fmt: skip


def test_issue_links_exclude_the_official_repo_and_framework_repos():
    found = parse_issue_search(_fixture("github_search_issues_convnext.json"), OFFICIAL)
    assert [c.repo.full_name for c in found] == [
        "sayakpaul/ConvNeXt-TF", "mobile-dev/convnext-tflite", "k3-ports/convnext-keras3"]  # fmt: skip
    assert found[1].found_by == "https://github.com/facebookresearch/ConvNeXt/issues/40"
    assert all(c.source == "issues" and c.is_fork is None for c in found)


def test_empty_or_odd_search_answers_give_no_candidates():
    assert parse_repo_search(None, "q") == [] and parse_repo_search({"items": None}, "q") == []
    assert parse_issue_search({"items": [{"title": "no links", "body": None}]}, OFFICIAL) == []


def test_queries_name_the_arxiv_id_and_the_title_with_framework_terms():
    by_id, by_title = repo_search_queries("2201.03545", 'A "ConvNet" for the 2020s')
    assert by_id == '"2201.03545" in:readme,description,name'
    assert by_title.startswith('"A  ConvNet  for the 2020s" ') and "keras" in by_title
    # LiteRT is TFLite's new name; JAX repos are never TF ports, so searching for them only costs.
    assert "tflite OR litert" in by_title and "jax" not in by_title
    assert by_title.count(" OR ") <= 5  # GitHub refuses more operators
    assert repo_search_queries(None, None) == []
    # The short name a person searches for: the part before the colon.
    assert repo_search_queries(None, "Depth Anything: Unleashing the Power")[0].startswith(
        '"Depth Anything" tensorflow'
    )
    long = "Segment Anything: " + "very long subtitle " * 10
    assert repo_search_queries(None, long)[0].startswith('"Segment Anything" ')
    assert issue_search_query(OFFICIAL) == (
        "repo:facebookresearch/ConvNeXt is:issue tensorflow OR keras OR tflite")  # fmt: skip


def test_candidates_hinting_at_tensorflow_are_tried_first():
    plain = Candidate(RepoRef("a", "convnext"), "github-search", hint="convnext pytorch")
    keras = Candidate(RepoRef("b", "convnext"), "github-search", hint="convnext Keras port")
    tf = Candidate(RepoRef("c", "convnext-tf"), "issues", hint="convnext-tf")
    assert tf_first([plain, keras, tf]) == [keras, tf, plain]


def test_pypi_answer_gives_the_wheel_not_the_sdist():
    data = {"urls": [{"packagetype": "sdist", "filename": "keras_hub-1.0.tar.gz"},
                     {"packagetype": "bdist_wheel", "filename": "keras_hub-1.0-py3-none-any.whl",
                      "url": "u"}]}  # fmt: skip
    assert pick_wheel(data)["url"] == "u"
    assert pick_wheel({"urls": []}) is None and pick_wheel(None) is None
