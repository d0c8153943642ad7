"""Time every metrics query the dashboard pages run, on synthetic stores of 1k and 100k papers.

Each page load opens a fresh read-only connection (as the app does). The per-paper facts are built
once per snapshot file and process (analysis/metrics/facts.py), so the first page load after a
snapshot is published is timed separately ("cold"). Target: < 1 s per page load/filter change.

    .venv/bin/python bench/dashboard_bench.py [--sizes 1000,100000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import charts, metrics, store  # noqa: E402
from analysis.metrics import facts as metrics_facts
from analysis.metrics import window as metrics_window
from analysis.metrics.gap import PaperFilter  # noqa: E402
from bench import synth

TARGET_S = 1.0


def _overview_calls() -> list[tuple[str, Callable]]:
    """The Overview page for the default window (the last six months before the as-of date):
    headline numbers, the chart metrics, then the 7 charts it draws built from them and
    serialised as st.altair_chart does (to_dict with schema validation). The port-lag curves are
    the Export and port-lag pages' (timed by the "port lag" page below)."""
    data: dict = {}
    scope: dict = {}

    def keep(key: str, fn: Callable, **kw) -> Callable:
        def call(con):
            data[key] = fn(con, **kw, **scope)

        return call

    def window(con):
        scope["window"] = metrics_window.window(con)

    def paths(con):
        win = scope["window"]
        data["paths"] = metrics.port_paths(con, PaperFilter(cv_only=True),
                                           metrics_window.first_day(win), win and win.until)  # fmt: skip

    return [
        ("window (as-of date)", window),
        ("provenance", keep("provenance", metrics.provenance)),
        ("headline", keep("headline", metrics.headline)),
        ("gap", keep("gap", metrics.gap)),
        ("framework_share", keep("share", metrics.framework_share)),
        ("share_by_month", keep("month", metrics.framework_share_by_month)),
        ("share_by_venue_year", keep("venue", metrics.framework_share_by_venue_year)),
        ("ladder_distribution", keep("ladder", metrics.ladder_distribution)),
        ("days_histogram", keep("days", metrics.days_to_first_port_histogram)),
        ("port_paths", paths),
        ("7 chart specs + to_dict",
         lambda con: [spec.chart.to_dict() for spec in charts.charts_from(data)]),
    ]  # fmt: skip


def _pages(first_paper: str) -> dict[str, list[tuple[str, Callable]]]:
    """Page -> the (name, query) calls it makes, in order."""
    return {
        "overview": _overview_calls(),
        "papers": [
            ("filter_options", metrics.filter_options),
            ("papers_page", metrics.papers_page),
            ("paper_detail", lambda con: metrics.paper_detail(con, first_paper)),
        ],
        "papers filter change": [
            (
                "search+filters",
                lambda con: metrics.papers_page(
                    con,
                    PaperFilter(
                        search="diffusion",
                        venues=("CVPR", "ICCV"),
                        frameworks=("pytorch",),
                        min_port_level=1,
                    ),
                    page=1,
                    sort="port",
                ),
            ),  # fmt: skip
        ],
        "exercise": [("exercise_paper", lambda con: metrics.exercise_paper(con, seed=7))],
        "port lag": [("port_lag_view", metrics.port_lag_view)],
    }


def time_page(db: Path, calls: list[tuple[str, Callable]]) -> tuple[float, list[tuple[str, float]]]:
    """Open a fresh read-only connection and run the page's calls; (total, per-call) seconds."""
    started = time.perf_counter()
    con = store.connect(db, read_only=True)
    times = []
    try:
        for name, fn in calls:
            t0 = time.perf_counter()
            fn(con)
            times.append((name, time.perf_counter() - t0))
    finally:
        con.close()
    return time.perf_counter() - started, times


def median_page(db: Path, calls: list, repeat: int, cold: bool) -> tuple[float, float, list]:
    """(median, min) page time over `repeat` loads and per-call medians: the machine is shared,
    one run is noise. Cold loads clear the per-snapshot facts cache first, as after a publish."""
    runs = []
    for _ in range(repeat):
        if cold:
            metrics_facts.clear_cache()
        runs.append(time_page(db, calls))
    totals = sorted(runs, key=lambda r: r[0])
    names = [name for name, _ in runs[0][1]]
    per_call = [(n, statistics.median(r[1][i][1] for r in runs)) for i, n in enumerate(names)]
    return totals[len(totals) // 2][0], totals[0][0], per_call


def bench(db: Path, n: int, repeat: int) -> bool:
    """Print every page's query times for `db`; True when every page is under TARGET_S."""
    con = store.connect(db, read_only=True)
    first, count = con.execute("SELECT min(paper_id), count(*) FROM papers").fetchone()
    con.close()
    if not count:
        print(f"{db.name}: no papers, nothing measured")
        return False
    ok = True
    pages = _pages(first)
    for page, calls in [("overview (cold)", pages["overview"]), *pages.items()]:
        total, best, times = median_page(db, calls, repeat, cold=page.endswith("(cold)"))
        ok &= total < TARGET_S
        flag = "ok" if total < TARGET_S else "SLOW"
        print(f"{n:>7} papers  {page:<22} {total * 1000:7.1f} ms (min {best * 1000:6.1f})  {flag}")
        for name, secs in times:
            print(f"{'':>17}{name:<24} {secs * 1000:7.1f} ms")
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,100000", help="comma-separated paper counts")
    p.add_argument("--repeat", type=int, default=5, help="loads per page; the median is shown")
    p.add_argument("--cache", type=Path, default=None, help="keep the synthetic stores here")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        ok = True
        for n in (int(s) for s in args.sizes.split(",")):
            db = folder / f"synth-{n}.duckdb"
            if not db.exists():
                t0 = time.perf_counter()
                synth.build(db, n)
                print(f"built {db.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            ok &= bench(db, n, args.repeat)
    load = os.getloadavg()[0]
    print(
        f"target < {TARGET_S:.0f} s per page load/filter change: {'met' if ok else 'MISSED'} "
        f"(median of {args.repeat}; load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
