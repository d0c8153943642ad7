"""URL extraction and pacing shared by the sources."""

from __future__ import annotations

import asyncio

from analysis.models import RepoRef
from scraper.sources.common import (
    arxiv_id_from_url,
    arxiv_ids_in_text,
    github_repos_in_text,
    urls_in_text,
    venue_of,
    venues_in,
)
from tests.source_helpers import FakeClock


def test_github_repos_in_prose_are_trimmed_and_deduplicated():
    text = (
        "Code is available at https://github.com/acme/FastSeg. See also "
        "(github.com/Acme/fastseg/tree/main) and <https://www.github.com/other/repo.git>, "
        "not https://github.com/orgs/acme or https://github.com/acme."
    )
    assert github_repos_in_text(text) == [RepoRef("acme", "FastSeg"), RepoRef("other", "repo")]


def test_arxiv_ids_from_abs_pdf_and_html_links_drop_versions():
    assert arxiv_id_from_url("https://arxiv.org/pdf/2604.00001v2.pdf") == "2604.00001"
    assert arxiv_id_from_url("http://arxiv.org/abs/hep-th/9901001v1") == "hep-th/9901001"
    assert arxiv_id_from_url("https://example.org/2604.00001") is None
    text = "[x](https://arxiv.org/abs/2603.08254) and https://arxiv.org/html/2603.08254v1"
    assert arxiv_ids_in_text(text) == ["2603.08254"]


def test_urls_in_markdown_links_and_autolinks():
    line = "Code: [https://A.github.io/](https://a.github.io/) <https://github.com/o/r>"
    assert urls_in_text(line) == [
        "https://A.github.io/",
        "https://a.github.io/",
        "https://github.com/o/r",
    ]


def test_venue_tags_in_names_and_prose():
    assert venue_of("TagFex_CVPR2025") == ("CVPR", 2025)
    assert venue_of("[ICCV 2025] code") == ("ICCV", 2025)
    assert venue_of("ECCV-2024 paper") == ("ECCV", 2024)
    assert venue_of("MyCVPR20255") is None
    assert venues_in("CVPR 2025 and cvpr2026") == {("CVPR", 2025), ("CVPR", 2026)}


def test_pacer_spaces_calls_by_the_interval_without_real_sleeping():
    clock = FakeClock()
    pacer = clock.pacer(3.0)

    async def three_calls() -> list[float]:
        stamps = []
        for _ in range(3):
            await pacer.wait()
            stamps.append(clock.now)
        return stamps

    stamps = asyncio.run(three_calls())
    assert [b - a for a, b in zip(stamps, stamps[1:])] == [3.0, 3.0]
    assert pacer.waited == 6.0


def test_pacer_queues_concurrent_callers():
    clock = FakeClock()
    pacer = clock.pacer(2.0)

    async def many() -> None:
        await asyncio.gather(*(pacer.wait() for _ in range(4)))

    start = clock.now
    asyncio.run(many())
    # Four callers take four slots two seconds apart: the last starts 6 s after the first.
    assert clock.now - start == 6.0
    assert pacer.waited == 6.0
