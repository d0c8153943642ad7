"""The time window every view answers for: the last N months before the data's *as-of* date.

"As of" is when the data was true, not when the app runs: the newest recording or refresh stored
in the database (meta `as_of`, written by the snapshot builder from the recordings' dates; else
the last finished refresh; else `snapshot_date` / `published_at`; else the newest paper date).
A paper is in a window when its reference date (`paper_facts.ref_date`: its publication date,
else its venue's month) lies in (as_of - N months, as_of].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

# The switch offered everywhere: the lesson's six months (the default), a year, every year.
WINDOW_MONTHS: tuple[int | None, ...] = (6, 12, None)
DEFAULT_MONTHS = 6


@dataclass(frozen=True)
class Window:
    """Papers with `since < ref_date <= until`; `since` None means every year up to `until`."""

    months: int | None
    as_of: date

    @property
    def since(self) -> date | None:
        return None if self.months is None else minus_months(self.as_of, self.months)

    @property
    def until(self) -> date:
        return self.as_of

    def contains(self, day: date | None) -> bool:
        if day is None or day > self.until:
            return False
        return self.since is None or day > self.since

    def key(self) -> str:
        """Stable text form for query parameters and cache keys: "6m", "12m", "all"."""
        return "all" if self.months is None else f"{self.months}m"


def parse_months(text: str | None) -> int | None:
    """`"6m"`/`"12m"`/`"all"` (a query parameter) -> months; anything else -> the default."""
    for months in WINDOW_MONTHS:
        if text == ("all" if months is None else f"{months}m"):
            return months
    return DEFAULT_MONTHS


def minus_months(day: date, months: int) -> date:
    """`day` moved back by calendar months, clamped to the month's last day (Aug 31 - 6 = Feb 28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    """The data's as-of date (see the module docstring), or None for an empty database."""
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("as_of"):
        return _day(meta["as_of"])
    run = con.execute(
        "SELECT max(finished_at) FROM runs WHERE command = 'refresh' AND status = 'ok'"
    ).fetchone()[0]
    if run is not None:
        return run.date()
    for key in ("snapshot_date", "published_at"):
        if meta.get(key):
            return _day(meta[key])
    newest = con.execute("SELECT max(coalesce(published, make_date(year, 7, 1))) FROM papers")
    day = newest.fetchone()[0]
    return day


def window(con: duckdb.DuckDBPyConnection, months: int | None = DEFAULT_MONTHS) -> Window | None:
    """The window of `months` before this database's as-of date; None when it holds nothing."""
    day = as_of(con)
    return None if day is None else Window(months, day)


def _day(text: str) -> date:
    return datetime.fromisoformat(text.strip()[:10]).date()


def where(win: Window | None, column: str = "ref_date") -> tuple[str, list]:
    """` AND <column> in the window` as a fixed fragment and its parameters (None: no limit).

    `column` is always a constant of the caller's SQL, never user text."""
    since = None if win is None else win.since
    until = None if win is None else win.until
    sql = (
        f" AND (?::DATE IS NULL OR {column} > ?::DATE) AND (?::DATE IS NULL OR {column} <= ?::DATE)"
    )
    return sql, [since, since, until, until]


def first_day(win: Window | None) -> date | None:
    """The first day inside the window (`since` is outside it), for inclusive `>=` bounds."""
    if win is None or win.since is None:
        return None
    return win.since + timedelta(days=1)
