"""Every chart of the dashboard and the export, with the metrics DataFrame behind each: the
Overview's (shares, gap, ladder, TF paths) and the "How long until a port?" view's curves."""

from __future__ import annotations

from collections.abc import Mapping
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
    share_by_quarter_chart,
    share_by_venue_year_chart,
)
from analysis.metrics.gap import Gap


def overview_data(con: duckdb.DuckDBPyConnection, cv_only: bool = True) -> dict[str, Any]:
    """Every metric the charts need, keyed as `charts_from` expects."""
    return {
        "provenance": metrics.provenance(con),
        "share": metrics.framework_share(con, cv_only),
        "quarter": metrics.framework_share_by_quarter(con, cv_only),
        "venue": metrics.framework_share_by_venue_year(con, cv_only),
        "gap": metrics.gap(con, cv_only),
        "ladder": metrics.ladder_distribution(con, cv_only),
        "days": metrics.days_to_first_port_histogram(con, cv_only),
        "paths": metrics.port_paths(con, metrics.PaperFilter(cv_only=cv_only)),
        "lag": metrics.port_lag_view(con),
    }


def gap_data(g: Gap) -> pd.DataFrame:
    """The gap chart's CSV: its three parts plus numerator, denominator and exclusions."""
    return gap_frame(g).assign(
        numerator=g.numerator,
        denominator=g.denominator,
        gap_share=g.share,
        excluded_no_code_yet=g.excluded_no_code_yet,
        excluded_unknown=g.excluded_unknown,
    )


def charts_from(data: Mapping[str, Any], lang: str = "en") -> list[ChartSpec]:
    """Every chart from already-computed metrics (`overview_data` keys), no queries."""
    prov, g, lag = data["provenance"], data["gap"], data["lag"]
    share, quarter, venue, paths = data["share"], data["quarter"], data["venue"], data["paths"]
    return [
        ChartSpec("framework_share", framework_share_chart(share, prov, lang), share),
        ChartSpec("share_by_quarter", share_by_quarter_chart(quarter, prov, lang), quarter),
        ChartSpec("share_by_venue_year", share_by_venue_year_chart(venue, prov, lang), venue),
        ChartSpec("gap", gap_chart(g, prov, lang), gap_data(g)),
        ChartSpec("port_paths", port_paths_chart(paths, prov, lang), paths),
        ChartSpec("ladder", ladder_chart(data["ladder"], prov, lang), data["ladder"]),
        ChartSpec("days_to_first_port", days_to_port_chart(data["days"], prov, lang), data["days"]),
        ChartSpec("lag_by_source", lag_chart(lag, prov, lang, "source"), lag.by_source),
        ChartSpec("lag_by_year", lag_chart(lag, prov, lang, "year"), lag.by_year),
    ]


def all_charts(
    con: duckdb.DuckDBPyConnection, lang: str = "en", cv_only: bool = True
) -> list[ChartSpec]:
    """Every chart of the Overview, port-lag and Export pages with the DataFrame behind it."""
    return charts_from(overview_data(con, cv_only), lang)
