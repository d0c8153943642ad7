"""The reference source: a named sample from local files, stored apart from the discovered
papers' shares, and the CLI option that adds it."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date

import pytest

from analysis import metrics, store
from analysis.models import CodeLink, Paper, RepoRef
from scraper.cli import UsageError, build_parser, options_from
from scraper.sources import DiscoverRequest, reference


def test_json_lines_and_csv_give_the_same_papers_once_each():
    jsonl = ('{"arxiv": "2401.10891v2", "title": "Depth Anything"}\n# a comment\n\n'
             '{"arxiv": "https://arxiv.org/abs/2304.02643"}\n{"arxiv": "2401.10891"}\n')  # fmt: skip
    csv = "arxiv,title\narXiv:2401.10891,Depth Anything\n2304.02643,\n"
    for text in (jsonl, csv):
        papers = reference.parse_reference(text)
        assert [(p.paper_id, p.title, p.source) for p in papers] == [
            ("arxiv:2401.10891", "Depth Anything", "reference"),
            ("arxiv:2304.02643", "arXiv:2304.02643", "reference"),
        ]
        assert papers[1].url == "https://arxiv.org/abs/2304.02643"


@pytest.mark.parametrize("text,message", [
    ('{"title": "no id"}\n', "row 1 has no arXiv id"),
    ("{not json\n", "line 1 is not JSON"),
])  # fmt: skip
def test_bad_rows_are_named(text, message):
    with pytest.raises(reference.ReferenceFileError, match=message):
        reference.parse_reference(text)


def test_discover_reads_every_file_whatever_the_dates(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.csv"
    a.write_text('{"arxiv": "1512.03385"}\n')
    b.write_text("arxiv\n1512.03385\n2010.11929\n")
    req = DiscoverRequest(date(2026, 6, 1), date(2026, 12, 1), reference=(str(a), str(b)))

    async def go():
        return [p async for p in reference.discover(None, req)]

    assert [p.arxiv_id for p in asyncio.run(go())] == ["1512.03385", "2010.11929"]
    with pytest.raises(reference.ReferenceFileError, match="cannot read"):
        reference.read_reference((str(tmp_path / "missing.jsonl"),))


def test_cli_reference_option_adds_the_source_and_the_source_needs_a_file(tmp_path):
    parser = build_parser()
    args = parser.parse_args(["refresh", "--source", "lists", "--reference", "x.jsonl"])
    options = options_from(args, today=date(2026, 12, 2))
    assert options.sources == ("lists", "reference") and options.reference == ("x.jsonl",)
    with pytest.raises(UsageError, match="--reference FILE"):
        options_from(parser.parse_args(["refresh", "--source", "reference"]), date(2026, 12, 2))
    with pytest.raises(SystemExit):
        parser.parse_args(["refresh", "--source", "nope"])
    assert isinstance(args, argparse.Namespace)


def test_reference_papers_stay_out_of_every_share_but_a_discovered_one_counts(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    repo = RepoRef("lab", "code")
    listed = Paper("arxiv:2501.00001", "Listed", "lists", "2501.00001", venue="CVPR", year=2025,
                   code_links=(CodeLink(repo, "list:x", True, "list"),))  # fmt: skip
    store.upsert_papers(con, [listed, Paper("arxiv:1512.03385", "arXiv:1512.03385", "reference",
                                            "1512.03385")])  # fmt: skip
    # The same paper reported by the reference sample too stays a discovered paper.
    store.upsert_papers(con, [Paper("arxiv:2501.00001", "Listed", "reference", "2501.00001")])
    con.close()
    con = store.connect(tmp_path / "s.duckdb", read_only=True)
    assert metrics.headline(con, cv_only=False).papers == 1
    rows = dict(con.execute("SELECT paper_id, sources FROM papers").fetchall())
    assert rows["arxiv:2501.00001"] == ["lists", "reference"]
    metrics.ensure_facts(con)
    samples = dict(con.execute("SELECT paper_id, sample FROM paper_facts").fetchall())
    assert samples == {"arxiv:2501.00001": "discovered", "arxiv:1512.03385": "reference"}
    con.close()
