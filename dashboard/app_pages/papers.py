"""Papers: search and filter the snapshot, then open one paper's repos, label, evidence and ports."""

from __future__ import annotations

import streamlit as st

from analysis import metrics
from dashboard import data, views
from dashboard.i18n import labeler, t

PAGE_SIZE = 50
PORT_FILTERS = (0, 1, 3)  # any, any port, a port that closes the gap (level >= 3)

views.require_db()
st.title(t("papers_title"))
views.window_caption()
opts = data.load(metrics.filter_options)
if "papers_preset_port" in st.session_state:  # set by the Overview page's "port evidence" button
    st.session_state["papers_port"] = st.session_state.pop("papers_preset_port")

search = st.text_input(t("search"), key="papers_search", placeholder=t("search_hint"))
c1, c2, c3, c4, c5 = st.columns(5)
anything = t("choose")
venues = c1.multiselect(t("col_venue"), opts.venues, key="papers_venues", placeholder=anything)
years = c2.multiselect(t("col_year"), opts.years, key="papers_years", placeholder=anything)
frameworks = c3.multiselect(t("col_framework"), opts.frameworks, format_func=labeler(),
                            key="papers_frameworks", placeholder=anything)  # fmt: skip
statuses = c4.multiselect(t("col_code_status"), opts.code_statuses, format_func=labeler(),
                          key="papers_statuses", placeholder=anything)  # fmt: skip
port = c5.selectbox(
    t("has_port"), PORT_FILTERS, format_func=labeler("port_filter_"), key="papers_port"
)
flt = metrics.PaperFilter(
    search=search, venues=tuple(venues), years=tuple(years), frameworks=tuple(frameworks),
    code_statuses=tuple(statuses), min_port_level=port, window=data.window(),
)  # fmt: skip

page_no = int(st.number_input(t("page"), min_value=1, value=1, step=1, key="papers_page"))
result = data.load(metrics.papers_page, f=flt, page=page_no - 1, page_size=PAGE_SIZE)
pages = max(1, -(-result.total // PAGE_SIZE))
st.caption(t("papers_found", n=result.total, page=page_no, pages=pages))
if result.total == 0:
    st.info(t("papers_none"))
    st.stop()
if result.rows.empty:
    st.info(t("page_past_end", pages=pages))
    st.stop()
st.dataframe(views.papers_frame(result.rows), hide_index=True, width="stretch")
st.download_button(
    t("papers_download"), lambda: views.papers_csv(flt), file_name="papers.csv", mime="text/csv",
    key="papers_csv", on_click="ignore", icon=":material/download:",
)  # fmt: skip

titles = dict(zip(result.rows["paper_id"], result.rows["title"], strict=True))
chosen = st.selectbox(
    t("paper_pick"), list(titles), format_func=lambda pid: titles[pid][:140], key="papers_pick"
)
detail = data.load(metrics.paper_detail, paper_id=chosen)
st.divider()
if detail is None:
    st.info(t("paper_gone"))
else:
    views.paper_detail(detail)
