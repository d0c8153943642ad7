"""analysis.dates and analysis.venues: a paper's date, its source and precision, the window."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import dates
from analysis.models import Paper
from analysis.venues import VENUE_DATES, venue_start


@pytest.mark.parametrize(
    ("arxiv_id", "month"),
    [("2604.00648", date(2026, 4, 1)), ("2412.00124v2", date(2024, 12, 1)),
     ("0704.0001", date(2007, 4, 1)), ("2613.00001", None), ("hep-th/9901001", None), (None, None)],
)  # fmt: skip
def test_arxiv_id_month(arxiv_id, month):
    assert dates.arxiv_id_month(arxiv_id) == month


def test_the_venue_table_names_a_source_for_each_edition_and_holds_the_2026_venues():
    assert venue_start("CVPR", 2026) == date(2026, 6, 3)
    assert venue_start("ECCV", 2026) == date(2026, 9, 8)
    assert venue_start("CVPR", 1999) is None and venue_start(None, 2026) is None
    for (venue, year), edition in VENUE_DATES.items():
        assert edition.source.startswith("https://"), (venue, year)
        assert edition.start.year == year and edition.start <= edition.end


def _paper(**kw) -> Paper:
    return Paper(paper_id="arxiv:2604.00648", title="T", source="lists", **kw)


def test_a_venue_paper_is_dated_by_its_venue_and_keeps_its_arxiv_month_beside_it():
    p = dates.with_dates(_paper(arxiv_id="2604.00648", venue="CVPR", year=2026))
    assert (p.published, p.published_source, p.published_precision) == (
        date(2026, 6, 3), "venue", "day")  # fmt: skip
    assert (p.arxiv_published, p.arxiv_published_source, p.arxiv_published_precision) == (
        date(2026, 4, 1), "arxiv-id", "month")  # fmt: skip


def test_an_arxiv_date_beats_the_id_month_and_a_venue_beats_both():
    hf = dates.with_dates(Paper("arxiv:2604.00648", "T", "hf", "2604.00648",
                                published=date(2026, 4, 2)))  # fmt: skip
    assert (hf.published, hf.published_source, hf.arxiv_published) == (
        date(2026, 4, 2), "hf", date(2026, 4, 2))  # fmt: skip
    only_id = dates.with_dates(_paper(arxiv_id="2604.00648"))
    assert (only_id.published, only_id.published_precision) == (date(2026, 4, 1), "month")
    nothing = dates.with_dates(_paper(venue="CVPR", year=1999))
    assert nothing.published is None and nothing.published_source is None


def test_in_window_by_day_and_by_overlapping_month():
    since, until = date(2026, 6, 2), date(2026, 12, 2)
    assert dates.in_window(date(2026, 6, 3), since, until)
    assert not dates.in_window(date(2026, 6, 1), since, until)
    assert dates.in_window(date(2026, 6, 1), since, until, "month")  # June overlaps
    assert not dates.in_window(date(2026, 5, 1), since, until, "month")
    assert dates.in_window(date(2026, 12, 1), since, until, "month")
    assert not dates.in_window(None, since, until)
