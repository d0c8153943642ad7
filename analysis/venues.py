"""Conference dates of the venues the corpus holds: a paper of a venue is published on its first day.

Each entry names its public source. `deadlines` is github.com/VlSomers/awesome-computer-vision-
conference-deadline (README tables "2025" and "2026": event start-end dates), checked with this
project's search tool on 2026-12-03; `official` is the conference's own site named in the entry,
as remembered from it and not re-checked here (older editions, which no 6-month window reaches).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

DEADLINES = "https://github.com/VlSomers/awesome-computer-vision-conference-deadline"


class Edition(NamedTuple):
    start: date
    end: date
    source: str  # where the dates were read


VENUE_DATES: dict[tuple[str, int], Edition] = {
    ("CVPR", 2019): Edition(date(2019, 6, 16), date(2019, 6, 20), "https://cvpr2019.thecvf.com/"),
    ("CVPR", 2020): Edition(date(2020, 6, 14), date(2020, 6, 19), "https://cvpr2020.thecvf.com/"),
    ("CVPR", 2021): Edition(date(2021, 6, 19), date(2021, 6, 25), "https://cvpr2021.thecvf.com/"),
    ("CVPR", 2022): Edition(date(2022, 6, 19), date(2022, 6, 24), "https://cvpr2022.thecvf.com/"),
    ("CVPR", 2023): Edition(date(2023, 6, 18), date(2023, 6, 22), "https://cvpr2023.thecvf.com/"),
    ("CVPR", 2024): Edition(date(2024, 6, 17), date(2024, 6, 21), "https://cvpr.thecvf.com/Conferences/2024"),
    ("CVPR", 2025): Edition(date(2025, 6, 11), date(2025, 6, 15), DEADLINES),
    # Also a CVPR 2026 attendee's report: "CVPR ran from Wednesday, June 3 to Sunday, June 7".
    ("CVPR", 2026): Edition(date(2026, 6, 3), date(2026, 6, 7), DEADLINES),
    ("ICCV", 2023): Edition(date(2023, 10, 2), date(2023, 10, 6), "https://iccv2023.thecvf.com/"),
    ("ICCV", 2025): Edition(date(2025, 10, 19), date(2025, 10, 23), DEADLINES),
    ("ECCV", 2024): Edition(date(2024, 9, 29), date(2024, 10, 4), "https://eccv2024.ecva.net/"),
    ("ECCV", 2026): Edition(date(2026, 9, 8), date(2026, 9, 13), DEADLINES),
    ("WACV", 2025): Edition(date(2025, 2, 28), date(2025, 3, 4), "https://wacv2025.thecvf.com/"),
    ("WACV", 2026): Edition(date(2026, 3, 6), date(2026, 3, 10), "https://wacv.thecvf.com/Conferences/2026"),
    ("NeurIPS", 2024): Edition(date(2024, 12, 10), date(2024, 12, 15), "https://neurips.cc/Conferences/2024"),
    ("NeurIPS", 2025): Edition(date(2025, 12, 2), date(2025, 12, 7), DEADLINES),
}  # fmt: skip


def venue_start(venue: str | None, year: int | None) -> date | None:
    """The first day of `venue` `year` (CVPR 2026 -> 2026-06-03), or None when not in the table."""
    if venue is None or year is None:
        return None
    edition = VENUE_DATES.get((venue, year))
    return edition.start if edition else None
