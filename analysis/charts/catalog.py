"""Every chart of the dashboard and the export, with the metrics DataFrame behind each: the
Overview's (shares, gap, ladder, TF paths) and the "How long until a port?" view's curves, all
for one window (analysis/metrics/window.py) or, with none, for every paper. The port-lag curves
always cover every dated port of every year (a port takes months to appear); their subtitles say
so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import duckdb
import pandas as pd

from analysis import metrics
from analysis.charts.ports import lag_chart, port_paths_chart
from analysis.charts.specs import (
    ChartSpec,
    days_to_port_chart,
    framework_share_chart,
    gap_chart,
    gap_frame,
    ladder_chart,
    share_by_month_chart,
    share_by_venue_year_chart,
)
from analysis.metrics.gap import Gap, Provenance
from analysis.metrics.ports import BOTH
from analysis.metrics.window import Window, first_day


def overview_data(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> dict[str, Any]:
    """Every metric the charts need for `window`, keyed as `charts_from` expects."""
    since, until = first_day(window), window and window.until
    return {
        "provenance": metrics.provenance(con, window, cv_only),
        "share": metrics.framework_share(con, cv_only, window),
        "month": metrics.framework_share_by_month(con, cv_only, window),
        "venue": metrics.framework_share_by_venue_year(con, cv_only, window),
        "gap": metrics.gap(con, cv_only, window),
        "ladder": metrics.ladder_distribution(con, cv_only, window),
        "days": metrics.days_to_first_port_histogram(con, cv_only, window),
        "paths": metrics.port_paths(con, metrics.PaperFilter(cv_only=cv_only), since, until),
        "lag": metrics.port_lag_view(con),  # every dated port: a port takes months to appear
    }


def gap_data(g: Gap) -> pd.DataFrame:
    """The gap chart's CSV: its three parts, numerator, denominator and a column per excluded
    group (they and the denominator add up to `in_scope`)."""
    return gap_frame(g).assign(
        numerator=g.numerator,
        denominator=g.denominator,
        gap_share=g.share,
        excluded_no_official_code=g.excluded_no_official,
        excluded_no_code_yet=g.excluded_no_code_yet,
        excluded_unknown=g.excluded_unknown,
        excluded_no_dl_framework=g.excluded_no_dl,
        in_scope=g.in_scope,
    )


def charts_from(data: Mapping[str, Any], lang: str = "en") -> list[ChartSpec]:
    """Every chart from already-computed metrics (`overview_data` keys), no queries. Without a
    "lag" entry (the Overview page does not draw the port-lag curves) those two are left out."""
    prov, g, lag = data["provenance"], data["gap"], data.get("lag")
    share, month, venue, paths = data["share"], data["month"], data["venue"], data["paths"]
    ladder, days = data["ladder"], data["days"]
    both = paths.loc[paths["framework"] == BOTH, "denominator"]
    specs = [
        ChartSpec("framework_share", framework_share_chart(share, prov, lang), share,
                  _n(share)),
        ChartSpec("share_by_month", share_by_month_chart(month, prov, lang), month, _n(month)),
        ChartSpec("share_by_venue_year", share_by_venue_year_chart(venue, prov, lang), venue,
                  _n(venue)),
        ChartSpec("gap", gap_chart(g, prov, lang), gap_data(g), g.denominator),
        ChartSpec("port_paths", port_paths_chart(paths, prov, lang), paths,
                  int(both.iloc[0]) if len(both) else 0),
        ChartSpec("ladder", ladder_chart(ladder, prov, lang), ladder, _n(ladder)),
        ChartSpec("days_to_first_port", days_to_port_chart(days, prov, lang), days, _n(days)),
    ]  # fmt: skip
    if lag is None:
        return specs
    lag_prov = every_year(prov, lag.lags["paper_month"])
    return [
        *specs,
        ChartSpec("lag_by_source", lag_chart(lag, lag_prov, lang, "source"), lag.by_source,
                  lag.papers),
        ChartSpec("lag_by_year", lag_chart(lag, lag_prov, lang, "year"), lag.by_year,
                  lag.papers),
    ]  # fmt: skip


def every_year(prov: Provenance, dates: pd.Series) -> Provenance:
    """`prov` for a chart of every year up to the window's as-of date, from the oldest of
    `dates` (unchanged when the numbers are not windowed)."""
    if prov.window is None:
        return prov
    first = pd.to_datetime(dates).min() if len(dates) else None
    return replace(prov, window=Window(None, prov.window.as_of),
                   first_paper=None if first is None else first.date())  # fmt: skip


def _n(frame: pd.DataFrame) -> int:
    return int(frame["papers"].sum()) if len(frame) else 0


def all_charts(
    con: duckdb.DuckDBPyConnection,
    lang: str = "en",
    cv_only: bool = True,
    window: Window | None = None,
) -> list[ChartSpec]:
    """Every chart of the Overview, port-lag and Export pages with the DataFrame behind it."""
    return charts_from(overview_data(con, cv_only, window), lang)
