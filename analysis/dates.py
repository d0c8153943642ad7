"""A paper's date and where it came from: pure helpers for sources, the store and the views.

`published` is the date "the last six months" means: the venue's first day for a venue paper
(analysis.venues), else the arXiv first version (arXiv API or HF), else the month of a new-style
arXiv id (`2604.00648` -> 2026-04, month precision). The arXiv date is kept beside a venue date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple

from analysis.models import Paper
from analysis.venues import venue_start

DAY, MONTH = "day", "month"
# Higher wins when sources disagree: a venue date over an arXiv date over an id's month.
RANK = {"venue": 3, "arxiv": 2, "hf": 2, "arxiv-id": 1}
_NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$")


class Dated(NamedTuple):
    day: date
    source: str  # 'venue', 'arxiv', 'hf', 'arxiv-id'
    precision: str  # 'day' or 'month'


def arxiv_id_month(arxiv_id: str | None) -> date | None:
    """The first day of the month a new-style arXiv id encodes (`2604.00648` -> 2026-04-01)."""
    m = _NEW_ID.match(arxiv_id or "")
    if not m:
        return None
    year, month = 2000 + int(m.group(1)), int(m.group(2))
    return date(year, month, 1) if 1 <= month <= 12 and year >= 2007 else None


def arxiv_dated(arxiv_id: str | None, first_version: date | None, source: str) -> Dated | None:
    """The arXiv date: the first version's day from `source` (arxiv/hf), else the id's month."""
    if first_version is not None:
        return Dated(first_version, source, DAY)
    month = arxiv_id_month(arxiv_id)
    return Dated(month, "arxiv-id", MONTH) if month else None


def venue_dated(venue: str | None, year: int | None) -> Dated | None:
    start = venue_start(venue, year)
    return Dated(start, "venue", DAY) if start else None


def best(*candidates: Dated | None) -> Dated | None:
    """The best-ranked date (the first of equal rank), or None."""
    found = [c for c in candidates if c is not None]
    return max(found, key=lambda c: RANK.get(c.source, 0)) if found else None


def in_window(day: date | None, since: date, until: date, precision: str | None = DAY) -> bool:
    """True when `day` falls in [since, until]; a month-precision date when its month overlaps."""
    if day is None:
        return False
    if precision == MONTH:
        last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return day.replace(day=1) <= until and last >= since
    return since <= day <= until


def with_dates(p: Paper) -> Paper:
    """`p` with `published` and `arxiv_published` (and their source and precision) filled in.

    A `published` given without a source is the reporting source's own date (the arXiv first
    version when the source is arxiv or hf).
    """
    own = None
    if p.published is not None:
        own = Dated(p.published, p.published_source or p.source, p.published_precision or DAY)
    if p.arxiv_published is not None:
        arxiv = Dated(p.arxiv_published, p.arxiv_published_source or "arxiv",
                      p.arxiv_published_precision or DAY)  # fmt: skip
    elif own is not None and own.source in ("arxiv", "hf"):
        arxiv = own
    else:
        arxiv = arxiv_dated(p.arxiv_id, None, "arxiv")
    pub = best(venue_dated(p.venue, p.year), own, arxiv)
    return replace(
        p,
        published=pub.day if pub else None,
        published_source=pub.source if pub else None,
        published_precision=pub.precision if pub else None,
        arxiv_published=arxiv.day if arxiv else None,
        arxiv_published_source=arxiv.source if arxiv else None,
        arxiv_published_precision=arxiv.precision if arxiv else None,
    )
