"""Charts: Altair specs over the metrics' frames (`specs`), their text in English and Korean
(`text`), the CJK font (`fonts`) and the export CLI (`export`).

Decides what a chart shows and how it is captioned (source, as-of date, N, method). It reads data
only through analysis.metrics; the dashboard and the export CLI render the same specs.
"""

from analysis.charts.catalog import all_charts, charts_from, gap_data, overview_data
from analysis.charts.ports import lag_chart, port_paths_chart
from analysis.charts.specs import (
    COLORS,
    GAP_HEIGHT,
    WIDTH,
    WRAP,
    ChartSpec,
    caption,
    days_to_port_chart,
    empty_text,
    framework_share_chart,
    gap_chart,
    gap_frame,
    ladder_chart,
    period,
    share_by_month_chart,
    share_by_venue_year_chart,
    wrap,
)

__all__ = [
    "COLORS",
    "GAP_HEIGHT",
    "WIDTH",
    "WRAP",
    "ChartSpec",
    "all_charts",
    "caption",
    "charts_from",
    "days_to_port_chart",
    "empty_text",
    "framework_share_chart",
    "gap_chart",
    "gap_data",
    "gap_frame",
    "lag_chart",
    "overview_data",
    "port_paths_chart",
    "ladder_chart",
    "period",
    "share_by_month_chart",
    "share_by_venue_year_chart",
    "wrap",
]
