"""Method: how labels are made, the classifier's measured agreement, limits, published figures."""

from __future__ import annotations

import streamlit as st

from analysis import metrics
from dashboard import data, views
from dashboard.i18n import STRINGS, t

views.require_db()
st.title(t("method_title"))
views.window_caption()
st.markdown(t("method_labels"))
st.markdown(t("method_gap"))

st.header(t("method_eval_heading"))
prov = data.load(metrics.provenance)
evaluation = views.parse_eval(prov.items.get("classifier_eval"))
if evaluation is None:
    st.info(t("method_eval_missing"))
else:
    scalars, notes, confusion = evaluation
    lenient = scalars.pop("agreement", None)  # make snapshot counts ambiguous repos either way
    tiles = [(t(f"eval_{k}") if f"eval_{k}" in STRINGS["en"] else k, v, None)
             for k, v in scalars.items()]  # fmt: skip
    if confusion is not None:
        right, total = views.diagonal(confusion)
        rule = t("eval_strict_rule", right=right, total=total)
        tiles.append((t("eval_strict"), f"{right / max(total, 1):.1%}", rule))
    if lenient is not None:
        tiles.append((t("eval_lenient"), lenient, t("eval_lenient_rule")))
    for col, (name, value, rule) in zip(st.columns(max(1, len(tiles))), tiles, strict=True):
        col.metric(name, value)
        if rule:
            col.caption(rule)
    if confusion is not None:
        st.caption(t("method_confusion_caption"))
        # A static table, not a data grid: the grid sizes its columns itself and cut Korean
        # labels off; here the browser lays out (and wraps) every label.
        st.table(confusion)
    for note in views.eval_notes(notes):  # written by `make snapshot`, not by the web
        st.caption(note)
st.caption(t("method_version", version=prov.classifier_version or "-",
             date=prov.snapshot_date or "-"))  # fmt: skip

st.header(t("method_limits_heading"))
st.markdown(t("method_limits"))

st.header(t("method_published_heading"))
st.warning(t("method_published_warning"))
st.table(views.published_figures().set_index(t("col_pub_source")))
st.markdown(t("method_published_notes"))
