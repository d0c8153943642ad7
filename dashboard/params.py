"""App-level query parameters (`?lang=`, `?w=`, `?learner=`), kept in the address bar across pages.

Streamlit's page links open a page at its bare URL, so the first click in the sidebar dropped
`?lang=ko` and a reload then fell back to English. The frame remembers these parameters for the
session and puts them back when the page changed. On a rerun of the same page a missing parameter
is forgotten instead, since a widget may just have removed it on purpose.
"""

from __future__ import annotations

import streamlit as st

APP_PARAMS = ("lang", "w", "learner")  # page-level ones (the Exercise's `p`) stay with their page
_KEPT, _PAGE = "_app_params", "_app_page"


def keep(page: str) -> None:
    """Call once per run, with the url path of the page about to run."""
    kept = st.session_state.setdefault(_KEPT, {})
    moved = st.session_state.get(_PAGE) not in (None, page)
    st.session_state[_PAGE] = page
    for name in APP_PARAMS:
        if name in st.query_params:
            kept[name] = st.query_params[name]
        elif moved and name in kept:
            st.query_params[name] = kept[name]
        else:
            kept.pop(name, None)
