"""How long a port took: months from a paper's arXiv month to the month its port appeared.

The paper's date for lags is the month of its arXiv id (new-style `YYMM.NNNNN`: 2401.10891 is
January 2024), as the corpus's `lag_months` are measured. `paper_month` (Python) and
`PAPER_MONTH_SQL` (DuckDB) are the one place that choice is made. It stays the id's month even
though the store now keeps `papers.arxiv_published`: arXiv assigns the id at first submission, so
its month is the first version's month, known for every arXiv paper without a fetch, and lags are
counted in whole months anyway.
"""

from __future__ import annotations

import re
from datetime import date

_NEW_STYLE = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}")

# DuckDB expression over a table with `arxiv_id`: the first day of the paper's arXiv month.
PAPER_MONTH_SQL = """CASE WHEN regexp_matches(arxiv_id, '^[0-9]{4}[.][0-9]{4,5}')
         AND CAST(substr(arxiv_id, 3, 2) AS INTEGER) BETWEEN 1 AND 12
    THEN make_date(2000 + CAST(substr(arxiv_id, 1, 2) AS INTEGER),
                   CAST(substr(arxiv_id, 3, 2) AS INTEGER), 1) END"""


def paper_month(arxiv_id: str | None) -> date | None:
    """`2401.10891` -> 2024-01-01; None for old-style or missing ids."""
    m = _NEW_STYLE.match(arxiv_id or "")
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    return date(2000 + int(m.group(1)), int(m.group(2)), 1)


def lag_months(paper: date, port: date) -> int:
    """Whole calendar months from the paper's month to the port's (negative: port came first)."""
    return (port.year - paper.year) * 12 + port.month - paper.month
