"""CVF open access listings: titles, authors, pdf and arXiv links, venue from the page."""

from __future__ import annotations

from datetime import date

from scraper.sources import cvf
from scraper.sources.common import DiscoverRequest
from tests.replay import ReplayServer
from tests.source_helpers import collect, fixture

PAGE = fixture("cvf", "CVPR2025_day_all.html").decode()


def test_listing_entries_with_authors_pdf_and_arxiv():
    first, second = cvf.parse_listing(PAGE)
    assert first.paper_id == "arxiv:2412.00124"
    assert first.title == "AESOP: Auto-Encoded Supervision for Perceptual Image Super-Resolution"
    assert first.authors == ("Minkyu Lee", "Sangeek Hyun")
    assert first.url == (
        "https://openaccess.thecvf.com/content/CVPR2025/html/"
        "Lee_AESOP_Auto-Encoded_Supervision_for_Perceptual_Image_Super-Resolution_CVPR_2025_paper.html"
    )
    assert first.extra["pdf"].endswith("_CVPR_2025_paper.pdf")
    assert (second.arxiv_id, second.title) == (
        None,
        "Deep Unfolding Networks for Compressive Sensing",
    )
    assert second.paper_id == "title:deep-unfolding-networks-for-compressive-sensing"


def test_venue_comes_from_the_page_and_makes_the_paper_cv():
    papers = cvf.parse_listing(PAGE)
    assert {(p.venue, p.year) for p in papers} == {("CVPR", 2025)}
    assert all(p.is_cv and p.code_links == () for p in papers)


def test_a_page_without_entries_gives_nothing():
    assert cvf.parse_listing("<html><title>CVPR 2027 Open Access Repository</title></html>") == []


def test_listing_names_follow_the_conference_calendar():
    assert cvf.listing_names(2025, 2026) == [
        "CVPR2025",
        "ICCV2025",
        "WACV2025",
        "CVPR2026",
        "WACV2026",
    ]


def test_discover_reads_published_listings_and_skips_missing_ones():
    with ReplayServer() as server:
        server.add("GET", "/cvf/CVPR2025", 200, PAGE, query={"day": "all"})
        req = DiscoverRequest(date(2025, 1, 1), date(2025, 12, 31))
        papers = collect(server.settings(), lambda http: cvf.discover(http, req))
        paths = [r.path for r in server.requests("/cvf/")]
        base = server.settings().cvf_url
    assert paths == ["/cvf/CVPR2025", "/cvf/ICCV2025", "/cvf/WACV2025"]  # the last two are 404
    assert [p.arxiv_id for p in papers] == ["2412.00124", None]
    assert papers[0].url.startswith(f"{base}/content/CVPR2025/html/")
