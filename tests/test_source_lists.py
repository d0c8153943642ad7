"""Curated markdown lists: entry formats, host-decided links, corpus lists, discover() over HTTP."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from analysis.models import RepoRef
from scraper.sources import lists
from scraper.sources.common import DiscoverRequest, SourceIncomplete
from tests.replay import ReplayServer
from tests.source_helpers import collect

LIST_ID = "someone/CVPR2026-Papers-with-Code:README.md"

VARIANTS = """\
# CVPR2026-Papers-with-Code

- [Backbone](#Backbone)
- [CVPR 2026 virtual](http://cvpr2026.thecvf.com/virtual)

<a name="Backbone"></a>

# Backbone

**1. Fast Vision Transformers**

- Paper: https://arxiv.org/abs/2601.00001
- Code: https://github.com/lab/fastvit

**Swapped Labels Net**

- Code: https://arxiv.org/abs/2601.00002v2
- Paper: https://github.com/lab/swapped

**全角冒号网络**

- 论文：<https://arxiv.org/abs/2601.00003>
- 代码：https://github.com/lab/fullwidth

**GitHub Label Net**

- arXiv：None
- github：<https://github.com/lab/ghlabel>

# Heading Title Net

- Paper: https://arxiv.org/pdf/2601.00004.pdf
- Code: [https://github.com/lab/heading](https://github.com/lab/heading)

**No Code Yet**

- Paper: https://arxiv.org/abs/2601.00005
- Code: None

**Project Page Only**

- Paper: https://arxiv.org/abs/2601.00006
- Code: https://lab.github.io/project

**1. Fast Vision Transformers**

- Paper: https://arxiv.org/abs/2601.00001
- Code2: https://github.com/fork/fastvit-pytorch
"""


def by_title(papers):
    return {p.title: p for p in papers}


def test_entry_formats_and_label_variants_parse_by_host():
    papers = by_title(lists.parse_list(VARIANTS, LIST_ID, ("CVPR", 2026)))
    expected = {
        "Fast Vision Transformers": ("2601.00001", ["lab/fastvit", "fork/fastvit-pytorch"]),
        "Swapped Labels Net": ("2601.00002", ["lab/swapped"]),
        "全角冒号网络": ("2601.00003", ["lab/fullwidth"]),
        "GitHub Label Net": (None, ["lab/ghlabel"]),
        "Heading Title Net": ("2601.00004", ["lab/heading"]),
        "No Code Yet": ("2601.00005", []),
        "Project Page Only": ("2601.00006", []),
    }
    got = {t: (p.arxiv_id, [c.repo.key for c in p.code_links]) for t, p in papers.items()}
    assert got == expected


def test_list_code_links_are_official_with_list_evidence():
    paper = by_title(lists.parse_list(VARIANTS, LIST_ID, ("CVPR", 2026)))["Swapped Labels Net"]
    link = paper.code_links[0]
    assert link.repo == RepoRef("lab", "swapped")
    assert link.official is True
    assert link.provenance == f"list:{LIST_ID}"
    assert link.official_evidence == f"listed as the paper's code by {LIST_ID}"
    assert (paper.venue, paper.year, paper.paper_id) == ("CVPR", 2026, "arxiv:2601.00002")
    assert paper.is_cv


def test_entry_without_arxiv_is_merged_into_same_titled_entry_with_one():
    text = (
        "**Same Title**\n\n- Paper: None\n- Code: None\n\n**Same Title**\n\n"
        "- Paper: https://arxiv.org/abs/2601.00009\n- Code: https://github.com/a/b\n"
    )
    papers = lists.parse_list(text, LIST_ID)
    assert [(p.paper_id, [c.repo.key for c in p.code_links]) for p in papers] == [
        ("arxiv:2601.00009", ["a/b"])
    ]


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (
            "https://raw.githubusercontent.com/amusi/CVPR2025-Papers-with-Code/main/README.md",
            ("amusi", "CVPR2025-Papers-with-Code", "main", "README.md", ("CVPR", 2025)),
        ),
        (
            "https://github.com/amusi/CVPR2024-Papers-with-Code/blob/abc123/CVPR2021-Papers-with-Code.md",
            (
                "amusi",
                "CVPR2024-Papers-with-Code",
                "abc123",
                "CVPR2021-Papers-with-Code.md",
                ("CVPR", 2021),
            ),
        ),
        (
            "amusi/ECCV2024-Papers-with-Code/b3864f/README.md",
            ("amusi", "ECCV2024-Papers-with-Code", "b3864f", "README.md", ("ECCV", 2024)),
        ),
    ],
)
def test_list_locations_and_their_venue(location, expected):
    lf = lists.parse_list_location(location)
    assert (lf.owner, lf.repo, lf.ref, lf.path, lists.list_venue(lf)) == expected


def test_a_location_without_a_file_is_rejected():
    with pytest.raises(ValueError):
        lists.parse_list_location("https://github.com/amusi/CVPR2025-Papers-with-Code")


CVPR_2026 = "firetix/awesome-cvpr-2026-papers:data/cvpr2026_papers.csv"
ECCV_2026 = "LexaNagiBator228/ECCV_2026_papers_auto_classified_by_topic:papers_by_topic.csv"


def _recorded(corpus):
    """Every recorded list file, as `owner/repo/ref/path` (the raw URL layout)."""
    root = corpus / "lists"
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _corpus_lists(corpus):
    for rel in sorted(_recorded(corpus)):
        lf = lists.parse_list_location(rel)
        yield lf, (corpus / "lists" / rel).read_text(encoding="utf-8")


def test_every_recorded_list_yields_every_corpus_paper_of_that_list(corpus):
    parsed = {
        lf.list_id: lists.parse_file(text, lf.list_id, lists.list_venue(lf), lf.name)[0]
        for lf, text in _corpus_lists(corpus)
    }
    rows = [json.loads(line) for line in (corpus / "papers.jsonl").read_text().splitlines()]
    rows = [r for r in rows if r["list"] in parsed]
    assert {r["list"] for r in rows} >= {CVPR_2026, ECCV_2026}
    missing = []
    for row in rows:
        # The recorded titles keep some lists' "13. " numbering, which the parser drops.
        title = re.sub(r"^\d{1,3}\.\s+", "", row["title"])
        found = [
            p
            for p in parsed[row["list"]]
            if p.title == title
            and row["repo"].lower() in [c.repo.key for c in p.code_links]
            # A list entry without an arXiv link merges into its same-titled twin that has one.
            and row["arxiv"] in (None, p.arxiv_id)
            and (p.venue, p.year) == (row["venue"], row["year"])
        ]
        if not found:
            missing.append(row)
    assert missing == []


def test_default_lists_are_the_recorded_lists_cvpr_and_eccv_2026_included(corpus):
    assert set(lists.DEFAULT_LISTS) == _recorded(corpus)
    venues = {lists.list_venue(lists.parse_list_location(u)) for u in lists.DEFAULT_LISTS}
    assert {("CVPR", 2026), ("ECCV", 2026)} <= venues


def test_discover_reads_the_named_lists_through_http():
    with ReplayServer() as server:
        server.add("GET", "/raw/someone/CVPR2026-Papers-with-Code/main/README.md", 200, VARIANTS)
        req = DiscoverRequest(
            date(2026, 1, 1),
            date(2026, 6, 30),
            lists=("https://github.com/someone/CVPR2026-Papers-with-Code/blob/main/README.md",),
        )
        papers = collect(server.settings(), lambda http: lists.discover(http, req))
        assert len(server.requests("/raw/")) == 1
    assert {p.title for p in papers} >= {"Fast Vision Transformers", "Heading Title Net"}
    assert all((p.venue, p.year, p.source) == ("CVPR", 2026, "lists") for p in papers)


def test_discover_stops_at_the_limit():
    with ReplayServer() as server:
        server.add("GET", "/raw/o/CVPR2026-x/main/README.md", 200, VARIANTS)
        req = DiscoverRequest(
            date(2026, 6, 1), date(2026, 6, 30), limit=2, lists=("o/CVPR2026-x/main/README.md",)
        )
        assert len(collect(server.settings(), lambda http: lists.discover(http, req))) == 2


def test_a_missing_list_is_skipped_and_reported_after_the_others():
    got = []

    async def until_error(http):
        req = DiscoverRequest(
            date(2026, 6, 1),
            date(2026, 6, 30),
            lists=("o/x/main/GONE.md", "o/CVPR2026-x/main/README.md"),
        )
        try:
            async for paper in lists.discover(http, req):
                got.append(paper)
        except SourceIncomplete as e:
            yield e

    with ReplayServer() as server:
        server.add("GET", "/raw/o/CVPR2026-x/main/README.md", 200, VARIANTS)
        (error,) = collect(server.settings(), until_error)
    assert len(got) == len(lists.parse_list(VARIANTS, "o/CVPR2026-x:README.md"))
    assert error.failures and "GONE.md" in error.failures[0] and "404" in error.failures[0]


def test_discover_default_lists_against_the_corpus(corpus):
    rows = [json.loads(line) for line in (corpus / "papers.jsonl").read_text().splitlines()]
    listed = {
        r["repo"].lower() for r in rows if ":" in r["list"] and "Papers-with-Code" in r["list"]
    }
    with ReplayServer() as server:
        server.serve_corpus(corpus)
        req = DiscoverRequest(date(2019, 1, 1), date(2026, 11, 30))
        papers = collect(server.settings(), lambda http: lists.discover(http, req))
        fetched = len(server.requests("/raw/"))
    repos = {c.repo.key for p in papers for c in p.code_links}
    assert fetched == len(lists.DEFAULT_LISTS)
    assert listed <= repos
    assert len({p.paper_id for p in papers}) == len(papers)


def test_list_url_under_a_mirror_path_prefix_is_understood():
    lf = lists.parse_list_location(
        "http://127.0.0.1:9/raw/amusi/CVPR2025-Papers-with-Code/abc/README.md",
        "http://127.0.0.1:9/raw",
    )
    assert (lf.owner, lf.repo, lf.ref, lf.path) == (
        "amusi",
        "CVPR2025-Papers-with-Code",
        "abc",
        "README.md",
    )


def test_papers_outside_the_requested_years_are_left_out():
    with ReplayServer() as server:
        server.add("GET", "/raw/o/CVPR2026-x/main/README.md", 200, VARIANTS)
        server.add("GET", "/raw/o/CVPR2024-x/main/README.md", 200, VARIANTS)
        req = DiscoverRequest(
            date(2026, 5, 1),
            date(2026, 11, 1),
            lists=("o/CVPR2024-x/main/README.md", "o/CVPR2026-x/main/README.md"),
        )
        papers = collect(server.settings(), lambda http: lists.discover(http, req))
    assert papers and {(p.venue, p.year) for p in papers} == {("CVPR", 2026)}
