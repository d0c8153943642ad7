"""Streamlit entry point: language switch, database chooser and `st.navigation` over the pages.

streamlit run dashboard/app.py -- --db PATH     (else $CVGAP_DB, else the bundled snapshot)

Pages live in `app_pages/`, not `pages/`: Streamlit treats a `pages/` folder beside the entry point
as a v1 multipage app and then runs the pages without this file (no navigation, no language).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from dashboard import data, i18n, params
from dashboard.i18n import t

HERE = Path(__file__).resolve().parent

# (file, i18n key of the title, icon, url path): url paths stay fixed when the language changes.
PAGES = (
    ("app_pages/overview.py", "nav_overview", ":material/insights:", "overview"),
    ("app_pages/papers.py", "nav_papers", ":material/article:", "papers"),
    ("app_pages/exercise.py", "nav_exercise", ":material/school:", "exercise"),
    ("app_pages/port_lag.py", "nav_port_lag", ":material/schedule:", "port-lag"),
    ("app_pages/method.py", "nav_method", ":material/rule:", "method"),
    ("app_pages/export.py", "nav_export", ":material/download:", "export"),
    ("app_pages/backend_lab.py", "nav_backend_lab", ":material/science:", "backend-lab"),
)

st.set_page_config(page_title="cv-framework-gap", page_icon=":material/insights:", layout="wide")
i18n.init_lang()

with st.sidebar:
    st.radio(t("language"), list(i18n.LANGS), format_func=i18n.LANGS.get, key=i18n.LANG_KEY,
             on_change=i18n.sync_query_param, horizontal=True)  # fmt: skip

data.init_window()
with st.sidebar:  # the window every page answers for (papers dated within it)
    st.radio(t("window_switch"), data.window_keys(), format_func=i18n.labeler("window_"),
             key=data.WINDOW_KEY, on_change=data.sync_window_param,
             help=t("window_switch_help"))  # fmt: skip

pages = [
    st.Page(HERE / path, title=t(key), icon=icon, url_path=url) for path, key, icon, url in PAGES
]


def _open_overview() -> None:
    # Streamlit serves the default page at "/" only (default=True drops its url_path), so
    # "/overview" said "Page not found". A hidden default page sends "/" on to the Overview.
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


root = st.Page(_open_overview, title=t("nav_overview"), url_path="home", default=True,
               visibility="hidden")  # fmt: skip
page = st.navigation([root, *pages])
params.keep(page.url_path)  # ?lang= and the other app-level parameters survive page links

with st.sidebar:
    st.caption(t("sidebar_db"))
    st.text(str(data.db_path()))
    if not data.has_db():
        st.caption(t("sidebar_no_db"))

try:
    page.run()
except duckdb.Error as e:  # the one place a broken or foreign database file is reported
    st.error(t("db_unreadable", path=str(data.db_path())))
    st.code(str(e), language=None)
