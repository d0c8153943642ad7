"""How long until a port? Months from a paper's arXiv month to its first dated TF/Keras/LiteRT
port, by collection and by paper year, with the newest paper covered."""

from __future__ import annotations

import streamlit as st

from analysis import charts, metrics
from dashboard import data, views
from dashboard.i18n import lang, t

views.require_db()
st.title(t("lag_title"))
view = data.port_lag()
prov = data.load(metrics.provenance, window=data.window())
prov = charts.catalog.every_year(prov, view.lags["paper_month"])
views.window_caption(prov)
st.caption(t("lag_every_year"))
st.markdown(t("lag_intro"))
if view.papers == 0:
    st.info(t("lag_empty"))
    st.stop()

firsts = metrics.first_ports(view.lags)
first_party = view.lags[view.lags["party"] == metrics.FIRST_PARTY_LABEL]
c = st.columns(5)
c[0].metric(t("lag_m_papers"), f"{view.papers:,}")
c[1].metric(t("lag_m_reference"), f"{view.reference_papers:,}")
c[2].metric(t("lag_m_median"), f"{firsts['lag_months'].median():.0f}")
c[3].metric(t("lag_m_within"), f"{(firsts['lag_months'] <= 12).mean():.0%}")
median_fp = f"{first_party['lag_months'].median():.0f}" if len(first_party) else "-"
c[4].metric(t("lag_m_first_party"), median_fp)
if view.newest is not None:
    st.caption(t("lag_newest"))
    n = view.newest
    st.text(t("lag_newest_line", title=n.title, arxiv=n.arxiv_id, month=f"{n.paper_month:%Y-%m}",
              source=n.source, months=n.lag_months))  # fmt: skip

for by, key, summary in (("source", "lag_by_source", view.summary_source),
                         ("year", "lag_by_year", view.summary_year)):  # fmt: skip
    st.header(t(key))
    st.altair_chart(charts.lag_chart(view, prov, lang(), by), theme=None, width="content")
    st.caption(t("lag_summary_caption"))
    st.dataframe(views.lag_summary_frame(summary), hide_index=True, width="stretch")

st.header(t("lag_table"))
st.dataframe(views.lag_ports_frame(view.lags), hide_index=True, width="stretch")
st.caption(t("overview_footer", date=prov.snapshot_date or "-",
             version=prov.classifier_version or "-"))  # fmt: skip
