"""Overview: headline numbers, the research-vs-production gap and the framework trends."""

from __future__ import annotations

import streamlit as st

from analysis import metrics
from dashboard import data, views
from dashboard.i18n import lang, t, value_label

views.require_db()
st.title(t("overview_title"))
st.markdown(t("overview_intro"))
cv_only = st.toggle(t("cv_only"), value=True, key="ov_cv_only", help=t("cv_only_help"))
bundle = data.overview(cv_only)
head, gap, prov = bundle["headline"], bundle["gap"], bundle["provenance"]
if head.in_scope == 0:
    st.info(t("overview_empty"))
    st.stop()

c = st.columns(5)
c[0].metric(t("m_papers"), f"{head.in_scope:,}")
c[1].metric(t("m_official"), f"{head.with_official_code:,}")
c[2].metric(t("m_released"), f"{head.with_released_code:,}")
c[3].metric(t("m_no_code_yet"), f"{head.no_code_yet:,}", help=t("m_no_code_yet_help"))
c[4].metric(t("m_unknown"), f"{head.unknown:,}", help=t("m_unknown_help"))

st.header(t("gap_heading"))
g1, g2 = st.columns([1, 2])
share = "-" if gap.share is None else f"{gap.share:.1%}"
g1.metric(t("gap_metric"), share, help=t("gap_help"), border=True)
g2.markdown(
    t("gap_explain", num=f"{gap.numerator:,}", den=f"{gap.denominator:,}",
      closed=f"{gap.closed_by_port:,}", yet=f"{gap.excluded_no_code_yet:,}",
      unknown=f"{gap.excluded_unknown:,}")
)  # fmt: skip
if g2.button(t("gap_evidence"), icon=":material/link:", key="ov_port_evidence"):
    st.session_state["papers_preset_port"] = 3
    st.switch_page("app_pages/papers.py")

specs = {name: chart for name, chart, _ in views.chart_specs(bundle, lang())}
st.altair_chart(specs["gap"], theme=None, width="content")
st.subheader(t("paths_heading"))
summaries = [s for s in metrics.path_summary(bundle["paths"]) if s.denominator]
for s in summaries:
    st.markdown(t("paths_line", framework=value_label(s.framework), den=f"{s.denominator:,}",
                  path=f"{s.with_tf_path:,}", path_share=f"{s.with_tf_path / s.denominator:.1%}",
                  closing=f"{s.closing_gap:,}",
                  closing_share=f"{s.closing_gap / s.denominator:.1%}"))  # fmt: skip
if not summaries:
    st.info(t("paths_none"))
st.altair_chart(specs["port_paths"], theme=None, width="content")
st.header(t("shares_heading"))
st.altair_chart(specs["framework_share"], theme=None, width="content")
st.header(t("trends_heading"))
left, right = st.columns(2)
left.altair_chart(specs["share_by_quarter"], theme=None, width="stretch")
right.altair_chart(specs["share_by_venue_year"], theme=None, width="stretch")
st.header(t("ports_overview_heading"))
left, right = st.columns(2)
left.altair_chart(specs["ladder"], theme=None, width="stretch")
right.altair_chart(specs["days_to_first_port"], theme=None, width="stretch")
st.caption(t("overview_footer", date=prov.snapshot_date or "-",
             version=prov.classifier_version or "-"))  # fmt: skip
