"""Overview: the exercise answered for the window (papers with official code, share per framework,
share with a TF/Keras/LiteRT port), the research-vs-production gap with every excluded group, and
the framework trends by month."""

from __future__ import annotations

import streamlit as st

from analysis import charts, metrics
from dashboard import data, views
from dashboard.i18n import lang, t, value_label

views.require_db()
st.title(t("overview_title"))
caption = st.empty()  # the window's dates, once the scope below is known
window = data.window()
cv_only = st.toggle(t("cv_only"), value=True, key="ov_cv_only", help=t("cv_only_help"))
bundle = data.overview(cv_only, window)
head, gap, prov = bundle["headline"], bundle["gap"], bundle["provenance"]
views.window_caption(prov, caption)
st.markdown(t("overview_intro"))
if head.in_scope == 0:
    st.info(t("overview_window_empty", period=charts.period(prov, lang()) or "-"))
    st.stop()


def pct(n: int, den: int) -> str:
    return f"{n / den:.1%}" if den else "-"


c = st.columns(6)
c[0].metric(t("m_papers"), f"{head.in_scope:,}")
c[1].metric(t("m_official"), f"{head.with_official_code:,}")
c[2].metric(t("m_released"), f"{head.with_released_code:,}")
c[3].metric(t("m_no_code_yet"), f"{head.no_code_yet:,}", help=t("m_no_code_yet_help"))
c[4].metric(t("m_unknown"), f"{head.unknown:,}", help=t("m_unknown_help"))
c[5].metric(t("m_tf_port"), pct(head.with_tf_port, head.with_official_code),
            help=t("m_tf_port_help", n=f"{head.with_tf_port:,}",
                   den=f"{head.with_official_code:,}"))  # fmt: skip

# The exercise's answer for the window, in one paragraph: every slice of the share named.
share = bundle["share"]
slices = " · ".join(f"{value_label(r.framework)} {r.share:.1%} ({r.papers:,})"
                    for r in share.itertuples())  # fmt: skip
st.markdown(t("overview_answer", n=f"{head.with_official_code:,}", slices=slices or "-",
              port=pct(head.with_tf_port, head.with_official_code),
              port_n=f"{head.with_tf_port:,}", no_official=f"{head.no_official:,}"))  # fmt: skip

st.header(t("gap_heading"))
g1, g2 = st.columns([1, 2])
share_text = "-" if gap.share is None else f"{gap.share:.1%}"
g1.metric(t("gap_metric"), share_text, help=t("gap_help"), border=True)
g2.markdown(
    t("gap_explain", num=f"{gap.numerator:,}", den=f"{gap.denominator:,}",
      closed=f"{gap.closed_by_port:,}", yet=f"{gap.excluded_no_code_yet:,}",
      unknown=f"{gap.excluded_unknown:,}")
)  # fmt: skip
g2.markdown(
    t("gap_excluded", den=f"{gap.denominator:,}", scope=f"{gap.in_scope:,}",
      no_official=f"{gap.excluded_no_official:,}", yet=f"{gap.excluded_no_code_yet:,}",
      unknown=f"{gap.excluded_unknown:,}", no_dl=f"{gap.excluded_no_dl:,}")
)  # fmt: skip
if g2.button(t("gap_evidence"), icon=":material/link:", key="ov_port_evidence"):
    st.session_state["papers_preset_port"] = 3
    st.switch_page("app_pages/papers.py")

specs = {spec[0]: spec for spec in views.chart_specs(bundle, lang())}
views.chart_or_empty(st, specs["gap"], prov)
st.subheader(t("paths_heading"))
summaries = [s for s in metrics.path_summary(bundle["paths"]) if s.denominator]
for s in summaries:
    st.markdown(t("paths_line", framework=value_label(s.framework), den=f"{s.denominator:,}",
                  path=f"{s.with_tf_path:,}", path_share=f"{s.with_tf_path / s.denominator:.1%}",
                  closing=f"{s.closing_gap:,}",
                  closing_share=f"{s.closing_gap / s.denominator:.1%}"))  # fmt: skip
if not summaries:
    st.info(t("paths_none"))
views.chart_or_empty(st, specs["port_paths"], prov)
st.header(t("shares_heading"))
views.chart_or_empty(st, specs["framework_share"], prov)
st.header(t("trends_heading"))
left, right = st.columns(2)
views.chart_or_empty(left, specs["share_by_month"], prov, "stretch")
views.chart_or_empty(right, specs["share_by_venue_year"], prov, "stretch")
st.header(t("ports_overview_heading"))
left, right = st.columns(2)
views.chart_or_empty(left, specs["ladder"], prov, "stretch")
views.chart_or_empty(right, specs["days_to_first_port"], prov, "stretch")
st.caption(t("overview_footer", date=prov.snapshot_date or "-",
             version=prov.classifier_version or "-"))  # fmt: skip
