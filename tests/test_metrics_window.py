"""The window every view answers for: calendar arithmetic and the as-of date's sources."""

from datetime import date

import pytest

from analysis import store
from analysis.metrics import window as w


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 2), 6, date(2026, 6, 2)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2026, 3, 15), 12, date(2025, 3, 15)),
        (date(2026, 1, 31), 1, date(2025, 12, 31)),
    ],
)
def test_minus_months_clamps_to_the_months_last_day(day, months, expected):
    assert w.minus_months(day, months) == expected


def test_window_contains_the_last_six_months_up_to_as_of_only():
    win = w.Window(6, date(2026, 12, 2))
    assert win.since == date(2026, 6, 2)
    assert win.contains(date(2026, 6, 3)) and win.contains(date(2026, 12, 2))
    assert not win.contains(date(2026, 6, 2))  # half-open: exactly six months back is out
    assert not win.contains(date(2026, 12, 3)) and not win.contains(None)
    every = w.Window(None, date(2026, 12, 2))
    assert every.since is None and every.contains(date(2019, 6, 1)) and every.key() == "all"


@pytest.mark.parametrize(("text", "months"), [("6m", 6), ("12m", 12), ("all", None), ("7m", 6),
                                              (None, 6)])  # fmt: skip
def test_parse_months_round_trips_keys_and_falls_back_to_the_default(text, months):
    assert w.parse_months(text) == months


def test_as_of_prefers_recording_date_then_last_refresh_then_papers(tmp_path):
    con = store.connect(tmp_path / "db.duckdb")
    assert w.as_of(con) is None and w.window(con) is None
    con.execute("INSERT INTO papers (paper_id, title, year, published) VALUES "
                "('arxiv:2609.00001', 't', 2026, DATE '2026-09-14')")  # fmt: skip
    assert w.as_of(con) == date(2026, 9, 14)
    store.set_meta(con, "snapshot_date", "2026-11-25")
    assert w.as_of(con) == date(2026, 11, 25)
    store.start_run(con, "r1", "refresh", {}, {})
    store.finish_run(con, "r1", "ok", {}, [])
    assert w.as_of(con) == store.now().date()
    store.set_meta(con, "as_of", "2026-12-01")
    assert w.window(con, 12) == w.Window(12, date(2026, 12, 1))


def test_as_of_ignores_a_failed_refresh(tmp_path):
    con = store.connect(tmp_path / "db.duckdb")
    store.set_meta(con, "snapshot_date", "2026-11-25")
    store.start_run(con, "r1", "refresh", {}, {})
    store.finish_run(con, "r1", "failed", {}, [])
    assert w.as_of(con) == date(2026, 11, 25)
