"""Export: every Overview chart as PNG, SVG and PDF, and its data as CSV and Parquet."""

from __future__ import annotations

import streamlit as st

from dashboard import data, exporting, views
from dashboard.i18n import lang, t

views.require_db()
st.title(t("export_title"))
caption = st.empty()  # the window's dates, once the scope below is known
window = data.window()
cv_only = st.toggle(t("cv_only"), value=True, key="ex_cv_only")
bundle = data.overview(cv_only, window, lag=True)
views.window_caption(bundle["provenance"], caption)
st.markdown(t("export_intro"))
font_note = exporting.font_problem(lang())
if font_note:
    st.warning(font_note)

for name, chart, frame, empty in views.chart_specs(bundle, lang()):
    st.subheader(t(f"chart_{name}"))
    if empty:  # a blank slide helps nobody: say so instead of offering it
        st.info(t("export_skipped"))
        continue
    cols = st.columns(5)
    for col, fmt in zip(cols[:3], exporting.IMAGE_FORMATS, strict=True):
        col.download_button(
            fmt.upper(), exporting.image_callback(chart, fmt), file_name=f"{name}.{fmt}",
            mime=exporting.MIME[fmt], key=f"dl_{name}_{fmt}", on_click="ignore",
        )  # fmt: skip
    cols[3].download_button(
        "CSV", exporting.to_csv(frame), file_name=f"{name}.csv", mime=exporting.MIME["csv"],
        key=f"dl_{name}_csv", on_click="ignore",
    )  # fmt: skip
    cols[4].download_button(
        "Parquet", exporting.to_parquet(frame), file_name=f"{name}.parquet",
        mime=exporting.MIME["parquet"], key=f"dl_{name}_parquet", on_click="ignore",
    )  # fmt: skip
    with st.expander(t("export_preview")):
        st.dataframe(frame, hide_index=True, width="stretch")
st.caption(t("export_cli"))
months = "all" if window is None or window.months is None else str(window.months)
st.code(f"python -m analysis export --out exports/ --format png,svg,pdf --lang {lang()} "
        f"--months {months}", "sh")  # fmt: skip
