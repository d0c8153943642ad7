"""The list source on the shapes users publish: the recorded 2026 CSV lists (columns differ),
markdown tables and JSON arrays built from their real rows, any URL, and local files."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from scraper.sources import lists
from scraper.sources.common import DiscoverRequest
from scraper.tally import SourceTally
from tests.replay import ReplayServer
from tests.source_helpers import collect

CVPR = "firetix/awesome-cvpr-2026-papers/3d707941cd0a97065f165aec22a8847d3b301a98/data/cvpr2026_papers.csv"  # noqa: E501
ECCV = ("LexaNagiBator228/ECCV_2026_papers_auto_classified_by_topic/"
        "ea5ec996abd8d087f7e2a00249c8c3d2d41e96d6/papers_by_topic.csv")  # fmt: skip


def _read(corpus, rel):
    return (corpus / "lists" / rel).read_text(encoding="utf-8")


def _parse(text, rel):
    loc = lists.parse_list_location(rel)
    return lists.parse_file(text, loc.list_id, lists.list_venue(loc), loc.name)


def _rows(corpus, rel, n=None):
    rows = list(csv.DictReader(io.StringIO(_read(corpus, rel))))
    return rows if n is None else rows[:n]


def test_the_cvpr_2026_csv_every_row_a_paper_links_by_host(corpus):
    papers, skipped = _parse(_read(corpus, CVPR), CVPR)
    by_title = {p.title: p for p in papers}
    assert (len(papers), skipped) == (4069, 0)
    assert {(p.venue, p.year, p.published) for p in papers} == {("CVPR", 2026, date(2026, 6, 3))}
    fisheye = next(p for t, p in by_title.items() if t.startswith("DirectFisheye-GS"))
    assert fisheye.arxiv_id == "2604.00648" and fisheye.arxiv_published == date(2026, 4, 1)
    # "https//github.com/MPI-Lab/ViHOI" (a typo in the list): the host still says GitHub.
    vihoi = next(p for t, p in by_title.items() if t.startswith("ViHOI:"))
    assert [c.repo.key for c in vihoi.code_links] == ["mpi-lab/vihoi"]
    with_code = [p for p in papers if p.code_links]
    assert 600 < len(with_code) < 700  # the list links code for about 17 % of its papers
    assert all(c.official and c.provenance.startswith("list:firetix/") for p in with_code
               for c in p.code_links)  # fmt: skip


def test_the_eccv_2026_csv_other_columns_and_hugging_face_code_is_not_a_repo(corpus):
    papers, skipped = _parse(_read(corpus, ECCV), ECCV)
    assert (len(papers), skipped) == (2864, 0)
    assert {(p.venue, p.year) for p in papers} == {("ECCV", 2026)}
    dreamcad = next(p for p in papers if p.title.startswith("DreamCAD:"))
    assert dreamcad.arxiv_id == "2603.05607" and dreamcad.code_links == ()  # a HF dataset link
    accel = next(p for p in papers if p.title.startswith("AccelAes:"))
    assert [c.repo.key for c in accel.code_links] == ["xuanhuayin/accelaes"]
    assert sum(1 for p in papers if p.code_links) == 394


def test_a_malformed_csv_row_is_skipped_and_counted_in_the_tally(corpus):
    lines = _read(corpus, ECCV).splitlines()
    text = "\n".join([lines[0], lines[1], "Generation & Editing,only two cells", lines[2], ""])
    papers, skipped = _parse(text, ECCV)
    assert (len(papers), skipped) == (2, 1)
    with ReplayServer() as server:
        server.add("GET", "/lists/eccv2026.csv", 200, text)
        req = DiscoverRequest(date(2026, 6, 2), date(2026, 12, 2),
                              lists=(f"{server.url}/lists/eccv2026.csv",))  # fmt: skip
        assert len(collect(server.settings(), lambda http: lists.discover(http, req))) == 2
    assert req.skipped == {"lists": 1}
    assert "1 malformed rows skipped" in SourceTally(papers=2, skipped=1).line("lists")


def test_a_markdown_table_of_real_rows_with_swapped_link_columns(corpus):
    rows = [r for r in _rows(corpus, ECCV) if r["code_url"].startswith("https://github.com/")][:5]
    table = ["| Title | Paper | Code |", "|---|:---:|---|"]
    table += [f"| [{r['title']}]({r['arxiv_url']}) | [code]({r['code_url']}) | |" for r in rows]
    table.append("| broken row |")
    text = "# ECCV 2026 papers\n\nSome prose | not a table.\n\n" + "\n".join(table) + "\n"
    papers, skipped = lists.parse_file(text, "someone/x:README.md", ("ECCV", 2026), "README.md")
    assert skipped == 1
    assert [p.title for p in papers] == [r["title"] for r in rows]
    for p, r in zip(papers, rows, strict=True):
        assert p.arxiv_id == (r["arxiv_url"].rsplit("/", 1)[-1] or None)
        assert [c.repo.url.lower() for c in p.code_links] == [r["code_url"].lower().rstrip("/")]


def test_a_json_array_of_real_rows_and_a_non_object_skipped(corpus):
    rows = _rows(corpus, CVPR, 30)
    doc = [{"paper_title": r["title"], "arxiv": r["arxiv"] or None, "repo": r["github"] or None,
            "authors": r["authors"].split("; ")} for r in rows] + ["not an object"]  # fmt: skip
    papers, skipped = lists.parse_file(json.dumps(doc), "x", ("CVPR", 2026), "papers.json")
    assert (len(papers), skipped) == (30, 1)
    assert sum(1 for p in papers if p.code_links) == sum(1 for r in rows if r["github"])
    assert sum(1 for p in papers if p.arxiv_id) == sum(1 for r in rows if r["arxiv"])


@pytest.mark.parametrize(
    ("text", "kind", "list_id"),
    [
        ("https://example.org/lists/eccv2026.csv", lists.ListURL, "https://example.org/lists/eccv2026.csv"),
        ("https://github.com/o/r/blob/main/a/b.md", lists.ListFile, "o/r:a/b.md"),
        ("https://raw.githubusercontent.com/o/r/abc/list.json", lists.ListFile, "o/r:list.json"),
    ],
)  # fmt: skip
def test_any_http_url_is_a_location(text, kind, list_id):
    loc = lists.check_location(text)
    assert isinstance(loc, kind) and loc.list_id == list_id


def test_a_local_file_is_a_location_and_nonsense_is_refused(tmp_path):
    f = tmp_path / "CVPR2026-mine.csv"
    f.write_text("title,code\nA,https://github.com/a/b\n")
    assert isinstance(lists.check_location(str(f)), lists.LocalList)
    assert lists.list_venue(lists.check_location(str(f))) == ("CVPR", 2026)
    for bad in (str(tmp_path / "missing.csv"), "not-a-list", "amusi/CVPR2025/main/README.md"):
        with pytest.raises(ValueError):
            lists.check_location(bad)


def test_discover_reads_a_list_from_another_host_path_and_a_local_file(corpus, tmp_path):
    local = tmp_path / "eccv2026-mine.md"
    local.write_text("**Local Paper**\n\n- Paper: https://arxiv.org/abs/2607.00001\n"
                     "- Code: https://github.com/me/local\n")  # fmt: skip
    with ReplayServer() as server:
        server.add("GET", "/elsewhere/files/cvpr2026.csv", 200, _read(corpus, CVPR))
        url = f"{server.url}/elsewhere/files/cvpr2026.csv"
        req = DiscoverRequest(date(2026, 6, 2), date(2026, 12, 2), lists=(url, str(local)))
        papers = collect(server.settings(), lambda http: lists.discover(http, req))
        assert [r.path for r in server.requests()] == ["/elsewhere/files/cvpr2026.csv"]
    assert len([p for p in papers if p.venue == "CVPR"]) == 4069
    (mine,) = [p for p in papers if p.title == "Local Paper"]
    assert (mine.venue, mine.published, mine.code_links[0].provenance) == (
        "ECCV", date(2026, 9, 8), f"list:{local}")  # fmt: skip
