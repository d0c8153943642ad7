"""Port charts: TF/Keras/LiteRT paths of PyTorch/JAX papers by ladder level, and the
survival-style curves of "how long until a port" (by collection and by paper year)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.specs import (
    FADED,
    HEIGHT,
    MIN_N,
    WIDTH,
    _finish,
    _title,
    caption,
    small_n_note,
)
from analysis.charts.text import level_name, slice_name, t
from analysis.metrics.gap import Provenance
from analysis.metrics.ports import ALL, BOTH, PortLagView


def _tips(nominal: list[str], counts: list[str], share_format: str) -> list[alt.Tooltip]:
    """Tooltips: labels, then counts, then the share."""
    return ([alt.Tooltip(field=f, type="nominal") for f in nominal]
            + [alt.Tooltip(field=f, type="quantitative") for f in counts]
            + [alt.Tooltip(field="share", type="quantitative", format=share_format)])  # fmt: skip


PATHS_HEIGHT = 90  # three bars
LEVEL_COLORS = ("#c7c7c7", "#9ecae1", "#ffd54f", "#ffb74d", "#ff8f00", "#e65100")


def paths_denominators(df: pd.DataFrame, lang: str) -> str:
    """`PyTorch 228, JAX 1, PyTorch + JAX 229` (papers per bar)."""
    dens = df.drop_duplicates("framework")[["framework", "denominator"]]
    return ", ".join(f"{slice_name(f, lang)} {int(n):,}" for f, n in dens.itertuples(index=False))


def port_paths_chart(df: pd.DataFrame, prov: Provenance, lang: str = "en") -> alt.Chart:
    """One 100 % bar per framework (PyTorch, JAX, both) split by best port level 0-5; each bar
    named with its N, bars of fewer than MIN_N papers faded."""
    data = df.assign(
        label=[f"{slice_name(f, lang)} (N = {int(d):,})"
               for f, d in zip(df["framework"], df["denominator"], strict=True)],
        level_label=[level_name(int(v), lang) for v in df["level"]],
        small=df["denominator"] < MIN_N,
    )  # fmt: skip
    levels = [level_name(lv, lang) for lv in range(len(LEVEL_COLORS))]
    both = df.loc[df["framework"] == BOTH, "denominator"]
    n = int(both.iloc[0]) if len(both) else 0
    method = t("m.paths", lang, dens=paths_denominators(df, lang))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(dict.fromkeys(data["label"])), title=None),
            x=alt.X(
                "share:Q", stack="normalize", title=t("axis.share", lang), axis=alt.Axis(format="%")
            ),  # fmt: skip
            color=alt.Color(
                "level_label:N",
                title=t("axis.level", lang),
                sort=levels,
                scale=alt.Scale(domain=levels, range=list(LEVEL_COLORS)),
                # Below the bars: six long level names beside them would dwarf three bars.
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            opacity=alt.condition("datum.small", alt.value(FADED), alt.value(1.0)),
            order=alt.Order("level:Q"),
            tooltip=_tips(["label", "level_label"], ["papers", "denominator"], ".1%"),  # fmt: skip
        )
        .properties(
            width=WIDTH,
            height=PATHS_HEIGHT,
            # As the gap chart: the height is the bars', title and legend are added around them
            # (Streamlit's default "fit" would squeeze everything into it).
            autosize=alt.AutoSizeParams(type="pad", contains="padding"),
            title=_title(
                t("paths.title", lang),
                caption(prov, n, method, lang)
                + (small_n_note(lang) if bool(data["small"].any()) else []),
            ),
        )  # fmt: skip
    )
    return _finish(chart)


def group_name(group: str, lang: str) -> str:
    return t("group.all", lang) if group == ALL else group


def lag_chart(
    view: PortLagView, prov: Provenance, lang: str = "en", by: str = "source"
) -> alt.Chart:
    """Share of ported papers whose first port came within k months, one step line per group."""
    curve = view.by_source if by == "source" else view.by_year
    data = curve.assign(label=[group_name(g, lang) for g in curve["group"]])
    data["legend"] = [f"{lab} (N = {n})" for lab, n in zip(data["label"], data["papers"],
                                                            strict=True)]  # fmt: skip
    newest = "-"
    if view.newest is not None:
        newest = (
            f"{view.newest.title} (arXiv:{view.newest.arxiv_id}, {view.newest.paper_month:%Y-%m})"
        )
    method = t("m.lag", lang, papers=view.papers, reference=view.reference_papers, newest=newest)
    title = t("lag.source.title" if by == "source" else "lag.year.title", lang)
    chart = (
        alt.Chart(data)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("months:Q", title=t("axis.months", lang)),
            y=alt.Y(
                "share:Q",
                title=t("axis.ported", lang),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),  # fmt: skip
            color=alt.Color(
                "legend:N",
                sort=list(dict.fromkeys(data["legend"])),
                title=t("axis.collection" if by == "source" else "axis.paper_year", lang),
            ),  # fmt: skip
            tooltip=_tips(["label"], ["months", "ported", "papers"], ".0%"),  # fmt: skip
        )
        .properties(
            width=WIDTH,
            height=HEIGHT,
            title=_title(title, caption(prov, view.papers, method, lang)),
        )  # fmt: skip
    )
    return _finish(chart)
