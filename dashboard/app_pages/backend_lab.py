"""Backend lab: the lesson's Keras 3 snippet on every installed backend, one process each."""

from __future__ import annotations

import inspect

import pandas as pd
import streamlit as st

from dashboard import backend_lab_runner as lab
from dashboard import keras_snippet
from dashboard.i18n import t

st.title(t("lab_title"))
st.markdown(t("lab_intro"))
st.code(keras_snippet.LESSON_SNIPPET, language="python")
with st.expander(t("lab_how")):
    st.markdown(t("lab_how_text"))
    st.code(inspect.getsource(keras_snippet.run), language="python")

installed = lab.installed_backends()
st.caption(t("lab_installed", backends=", ".join(installed) or "-"))
for backend in (b for b in lab.BACKENDS if b not in installed):
    st.info(t("lab_missing", backend=backend))
    st.code(lab.INSTALL_HINTS[backend], language="sh")

if st.button(t("lab_run"), type="primary", disabled=not installed, key="lab_run"):
    with st.spinner(t("lab_running")):
        st.session_state["lab_report"] = lab.run_lab(installed)
report = st.session_state.get("lab_report")
if report is None:
    st.stop()

rows = [
    {t("col_backend"): r.backend, t("col_ok"): r.ok, t("col_shape"): str(r.shape or "-"),
     t("col_keras"): r.keras_version, t("col_wall"): round(r.wall_s, 2),
     t("col_import"): round(r.import_s, 2), t("col_first_call"): round(r.first_call_s, 3),
     t("col_call"): round(r.call_s * 1000, 2), t("col_error"): r.error}
    for r in report.runs
]  # fmt: skip
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
c1, c2 = st.columns(2)
between = "-" if report.max_abs_diff is None else f"{report.max_abs_diff:.2e}"
c1.metric(t("lab_diff_backends"), between)
vs_numpy = "-" if report.max_abs_diff_numpy is None else f"{report.max_abs_diff_numpy:.2e}"
c2.metric(t("lab_diff_numpy"), vs_numpy)
if report.max_abs_diff is None:
    st.caption(t("lab_one_backend"))
shapes = ", ".join(sorted({str(r.shape) for r in report.runs if r.ok})) or "-"
if any(not r.ok for r in report.runs):
    st.error(t("lab_failed"))
elif report.agree:
    st.success(t("lab_agree", shape=shapes, tol=f"{lab.AGREE_TOL:.0e}"))
else:
    st.warning(t("lab_disagree", shape=shapes, tol=f"{lab.AGREE_TOL:.0e}"))
