"""Altair chart specs built from metrics DataFrames, shared by the dashboard and the export CLI.

Each chart is titled and captioned (source, snapshot date, N, method) in English or Korean.
`analysis.charts.catalog.all_charts(con, lang)` runs the queries and returns every chart with the
exact DataFrame its numbers come from (the export writes that DataFrame as the chart's CSV).
Subtitles give the window's paper dates and the data's as-of date; bars that share a stack show
their N, and stacks of fewer than MIN_N papers are drawn faded with a note saying why.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import altair as alt
import pandas as pd

from analysis import metrics
from analysis.charts.text import level_name, slice_name, source_name, t
from analysis.metrics.gap import Gap, Provenance
from analysis.models import FRAMEWORKS

WIDTH, HEIGHT = 560, 300
WRAP = 110  # caption width per line, in display columns (a Hangul syllable takes two)
LABEL_LIMIT = 360  # legend/axis label pixels before Vega cuts with "…" (its default 160 cut Korean)
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")  # paper counts: whole numbers on the axis
GAP_HEIGHT = 40  # the gap bar's plot height: one bar, sized so the legend beside it fits
MIN_N = 5  # a share bar of fewer papers is drawn faded: 2 of 2 papers is not "100 %"
FADED = 0.35  # opacity of such a bar
# CJK-capable family first so Hangul never falls back to boxes where the font exists.
FONT = "Noto Sans CJK KR, Noto Sans, DejaVu Sans, sans-serif"

# Fixed colours so a framework keeps its colour across charts and languages.
COLORS = {
    "pytorch": "#ee4c2c", "tensorflow": "#ff8f00", "jax": "#4285f4", "keras": "#d00000",
    "paddle": "#2932e1", "mindspore": "#00a3a3", "mxnet": "#8e44ad", "jittor": "#16a085",
    "oneflow": "#7f8c8d", "megengine": "#27ae60", "mlx": "#2c3e50",
    "none-dl": "#d9c9a3", "no code yet": "#c7c7c7", "unknown": "#8c8c8c",
}  # fmt: skip
SLICE_ORDER = (*FRAMEWORKS, "none-dl", "no code yet", "unknown")
# Channel objects, not "field:type" shorthand strings: shorthand makes Altair validate each one
# against the JSON schema, which doubled the time to build a chart.
_TIPS = [
    alt.Tooltip(field="label", type="nominal"),
    alt.Tooltip(field="papers", type="quantitative"),
    alt.Tooltip(field="share", type="quantitative", format=".1%"),
]


@dataclass(frozen=True)
class ChartSpec:
    """A named chart and the metrics DataFrame behind it."""

    name: str  # file stem for export: framework_share, share_by_month, ...
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    n: int  # papers behind the chart; 0 = no data in the window (shown as such, not exported)

    @property
    def empty(self) -> bool:
        return self.n == 0


def period(prov: Provenance, lang: str = "en") -> str | None:
    """The window's paper dates: `2026-06-03 to 2026-12-02 (last 6 months)`; for every year,
    from the oldest paper in it. None when the numbers are not windowed."""
    win = prov.window
    if win is None:
        return None
    end = win.until.isoformat()
    if win.months is None:
        start = prov.first_paper.isoformat() if prov.first_paper else "-"
        return t("period.all", lang, start=start, end=end)
    start = (win.since + timedelta(days=1)).isoformat()
    return t("period.months", lang, start=start, end=end, months=win.months)


def caption(prov: Provenance, n: int, method: str, lang: str = "en") -> list[str]:
    """Subtitle lines: source, the window's paper dates, as-of date and N; then the method."""
    source = prov.items.get("sources") or ", ".join(source_name(s, lang) for s in prov.sources)
    source = source or t("source.default", lang)
    span = period(prov, lang)
    if span is None:
        date = prov.snapshot_date or t("date.unknown", lang)
        lines = wrap(t("caption", lang, source=source, date=date, n=f"{n:,}"))
    else:
        as_of = prov.window.as_of.isoformat()  # the date the window counts back from
        lines = wrap(t("caption.window", lang, source=source, period=span, as_of=as_of,
                       n=f"{n:,}"))  # fmt: skip
    return lines + wrap(t("method", lang, method=method))


def empty_text(prov: Provenance, lang: str = "en") -> str:
    """`No data for papers 2026-06-03 to 2026-12-02 (last 6 months)`: an empty chart's message."""
    return t("empty", lang, period=period(prov, lang) or t("period.none", lang))


def small_n_note(lang: str = "en") -> list[str]:
    return wrap(t("small_n", lang, min=MIN_N))


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Word-wrap by display columns, so a Korean line is no wider on the chart than an English one."""
    lines: list[str] = []
    for word in text.split():
        if lines and _columns(lines[-1]) + 1 + _columns(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _title(text: str, subtitle: list[str]) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle, anchor="start", subtitleFontSize=10)


def _finish(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_legend(labelLimit=LABEL_LIMIT)
        .configure_axis(labelLimit=LABEL_LIMIT)
    )


def _color(df: pd.DataFrame, lang: str) -> alt.Color:
    present = [s for s in SLICE_ORDER if s in set(df["framework"])]
    return alt.Color(
        "label:N",
        title=t("axis.framework", lang),
        scale=alt.Scale(
            domain=[slice_name(s, lang) for s in present], range=[COLORS[s] for s in present]
        ),
        sort=[slice_name(s, lang) for s in present],
    )


def _with_labels(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = df.copy()
    # Explicit dtypes: an empty snapshot must still give typed (if empty) columns.
    labels = [slice_name(f, lang) for f in out["framework"]]
    order = [SLICE_ORDER.index(f) if f in SLICE_ORDER else 99 for f in out["framework"]]
    out["label"] = pd.Series(labels, index=out.index, dtype="str")
    out["order"] = pd.Series(order, index=out.index, dtype="int64")
    return out


def bar_order(df: pd.DataFrame) -> list[str]:
    """Frameworks by papers, largest first, then `metrics.TAIL` slices in their fixed order."""
    tail = [s for s in metrics.TAIL if s in set(df["framework"])]
    rest = df[~df["framework"].isin(tail)].sort_values(
        ["papers", "framework"], ascending=[False, True]
    )
    return [*rest["framework"], *tail]


def framework_share_chart(df: pd.DataFrame, prov: Provenance, lang: str = "en") -> alt.Chart:
    """Horizontal bars, one per framework or slice, largest first, with the share as text."""
    data = _with_labels(df, lang)
    # Share and N at the end of each bar: "12.5 % (N = 3)".
    data["bar_text"] = pd.Series([f"{s:.1%} (N = {int(p):,})" for s, p in
                                  zip(data["share"], data["papers"], strict=True)],
                                 index=data.index, dtype="str")  # fmt: skip
    n = int(df["papers"].sum())
    n_max = float(df["papers"].max() * 1.3) if len(df) else 1.0
    # An explicit order: sort="-x" is dropped by Vega-Lite on a layered chart (bars + text share
    # the y scale) and the bars came out alphabetical.
    order = [slice_name(f, lang) for f in bar_order(df)]
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None),
        # Headroom for the share text at the end of the longest bar.
        x=alt.X(
            "papers:Q",
            title=t("axis.papers", lang),
            scale=alt.Scale(domain=[0, n_max]),
            axis=COUNT_AXIS,
        ),
        tooltip=_TIPS,
    )
    bars = base.mark_bar().encode(color=_color(data, lang))
    text = base.mark_text(align="left", dx=3).encode(text=alt.Text("bar_text:N"))
    chart = (bars + text).properties(
        width=WIDTH,
        height=HEIGHT,
        title=_title(t("share.title", lang), caption(prov, n, t("m.share", lang), lang)),
    )
    return _finish(chart)


def _stacked_share(df: pd.DataFrame, x: str, x_title: str, sort: list[str], lang: str) -> alt.Chart:
    """100 % bars per `x` with each bar's N above it; bars of fewer than MIN_N papers faded."""
    data = _with_labels(df, lang)
    bar_n = data.groupby(x)["papers"].transform("sum") if len(data) else data["papers"]
    data["bar_papers"] = bar_n.astype("int64")
    data["small"] = data["bar_papers"] < MIN_N
    totals = data.drop_duplicates(x)[[x, "bar_papers"]].assign(
        bar_text=lambda d: d["bar_papers"].map(lambda v: f"N={int(v)}").astype("str")
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", sort=sort, title=x_title),
            y=alt.Y(
                "share:Q", stack="normalize", title=t("axis.share", lang), axis=alt.Axis(format="%")
            ),
            color=_color(data, lang),
            opacity=alt.condition("datum.small", alt.value(FADED), alt.value(1.0)),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip(field=x, type="ordinal"), *_TIPS,
                     alt.Tooltip(field="bar_papers", type="quantitative", title="N")],
        )
    )  # fmt: skip
    text = (
        alt.Chart(totals)
        .mark_text(dy=-6, fontSize=9)
        .encode(x=alt.X(f"{x}:O", sort=sort), y=alt.datum(1), text=alt.Text("bar_text:N"))
    )
    return alt.layer(bars, text)


def _share_caption(prov: Provenance, df: pd.DataFrame, x: str, method: str, lang: str) -> list[str]:
    """The caption, plus the faded-bar note when some bar of `x` has fewer than MIN_N papers."""
    lines = caption(prov, int(df["papers"].sum()), method, lang)
    small = len(df) > 0 and bool((df.groupby(x)["papers"].sum() < MIN_N).any())
    return lines + small_n_note(lang) if small else lines


def share_by_month_chart(df: pd.DataFrame, prov: Provenance, lang: str = "en") -> alt.Chart:
    """Stacked 100 % bars per month of the papers' dates, N on each bar."""
    sort = sorted(set(df["month"]))
    chart = _stacked_share(df, "month", t("axis.month", lang), sort, lang).properties(
        width=WIDTH,
        height=HEIGHT,
        title=_title(
            t("month.title", lang), _share_caption(prov, df, "month", t("m.month", lang), lang)
        ),
    )
    return _finish(chart)


def share_by_venue_year_chart(df: pd.DataFrame, prov: Provenance, lang: str = "en") -> alt.Chart:
    """Stacked 100 % bars per venue-year, ordered by year then venue."""
    order = df[["venue_year", "year", "venue"]].drop_duplicates().sort_values(["year", "venue"])
    chart = _stacked_share(
        df, "venue_year", t("axis.venue_year", lang), list(order["venue_year"]), lang
    )
    chart = chart.properties(
        width=WIDTH,
        height=HEIGHT,
        title=_title(
            t("venue.title", lang), _share_caption(prov, df, "venue_year", t("m.venue", lang), lang)
        ),
    )
    return _finish(chart)


def gap_frame(g: Gap) -> pd.DataFrame:
    """The gap as the three parts of its denominator: [part, papers, share]."""
    native = g.denominator - g.numerator - g.closed_by_port
    parts = [("gap", g.numerator), ("closed_by_port", g.closed_by_port), ("tf_keras", native)]
    df = pd.DataFrame(parts, columns=["part", "papers"])
    df["share"] = df["papers"] / g.denominator if g.denominator else 0.0
    return df


def excluded_text(g: Gap, lang: str = "en") -> str:
    """`12 no official code, 7 no code yet, 2 unknown, 3 no DL framework` (every group, even 0)."""
    return ", ".join(t("excluded.item", lang, n=f"{n:,}", group=slice_name(group, lang))
                     for group, n in g.excluded.items())  # fmt: skip


def gap_chart(g: Gap, prov: Provenance, lang: str = "en") -> alt.Chart:
    """One stacked bar splitting the denominator into gap / closed by a port / TF-Keras native."""
    names = {
        "gap": t("gap.open", lang),
        "closed_by_port": t("gap.closed", lang),
        "tf_keras": t("gap.native", lang),
    }
    data = gap_frame(g).assign(label=lambda d: d["part"].map(names), order=[0, 1, 2])
    share = "-" if g.share is None else f"{g.share:.0%}"
    method = t("m.gap", lang, excluded=excluded_text(g, lang))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("papers:Q", stack="zero", title=t("axis.papers", lang), axis=COUNT_AXIS),
            color=alt.Color(
                "label:N",
                title=t("axis.status", lang),
                sort=list(names.values()),
                scale=alt.Scale(
                    domain=list(names.values()), range=["#ee4c2c", "#ffb74d", "#ff8f00"]
                ),
                # Below the bar, not beside it: the long Korean labels would make it 800 px wide.
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            order=alt.Order("order:Q"),
            tooltip=_TIPS,
        )
        .properties(
            width=WIDTH,
            height=GAP_HEIGHT,
            # "pad": the height is the bar's and title, axis and legend are added around it, as
            # vl-convert draws it. Streamlit otherwise sets autosize "fit", squeezing the whole
            # chart into width x height, which cut this short chart down to its title.
            autosize=alt.AutoSizeParams(type="pad", contains="padding"),
            title=_title(
                t("gap.title", lang, share=share), caption(prov, g.denominator, method, lang)
            ),
        )
    )
    return _finish(chart)


def ladder_chart(df: pd.DataFrame, prov: Provenance, lang: str = "en") -> alt.Chart:
    """Bars for ladder levels 0-5 (every level shown, empty ones at 0)."""
    data = df.assign(label=[level_name(int(v), lang) for v in df["level"]])
    title = (t("ladder.title", lang), t("m.ladder", lang))
    return _count_bars(
        data, "label", t("axis.level", lang), "#ff8f00", -20, _TIPS, prov, title, lang
    )


def days_to_port_chart(df: pd.DataFrame, prov: Provenance, lang: str = "en") -> alt.Chart:
    """Histogram over metrics.DAY_BINS."""
    tips = [
        alt.Tooltip(field="bin", type="nominal"),
        alt.Tooltip(field="papers", type="quantitative"),
    ]
    title = (t("days.title", lang), t("m.days", lang))
    return _count_bars(df, "bin", t("axis.days", lang), "#4285f4", 0, tips, prov, title, lang)


def _count_bars(data: pd.DataFrame, x: str, x_title: str, color: str, angle: int, tips: list,
                prov: Provenance, title: tuple[str, str], lang: str) -> alt.Chart:  # fmt: skip
    """Paper counts per category of `x`, in the frame's own order, captioned like every chart."""
    n = int(data["papers"].sum())
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:N", sort=list(data[x]), title=x_title, axis=alt.Axis(labelAngle=angle)),
        y=alt.Y("papers:Q", title=t("axis.papers", lang), axis=COUNT_AXIS),
        tooltip=tips,
    )
    chart = alt.layer(
        base.mark_bar(color=color),
        base.mark_text(dy=-6, fontSize=9).encode(text=alt.Text("papers:Q")),
    ).properties(  # N on each bar
        width=WIDTH, height=HEIGHT, title=_title(title[0], caption(prov, n, title[1], lang))
    )
    return _finish(chart)
