"""Exercise: the lesson's exercise, one random recent CV paper at a time, with a saved score."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import streamlit as st

from dashboard import data, progress, views
from dashboard.i18n import labeler, t, value_label

CHOICES = ("pytorch", "tensorflow", "jax", "keras", "other")

views.require_db()
st.title(t("exercise_title"))
st.markdown(t("exercise_intro"))
store_file = progress.progress_file()
correct, answered = progress.score(progress.load_answers(store_file))
c1, c2 = st.columns([3, 1])
c1.metric(t("score"), f"{correct} / {answered}")
if c2.button(t("new_paper"), type="primary", key="ex_new") or "ex_seed" not in st.session_state:
    st.session_state["ex_seed"] = secrets.randbelow(2**31)

paper, window = data.exercise_pick(st.session_state["ex_seed"])
if paper is None:
    st.info(t("exercise_empty"))
    st.stop()
if window != data.EXERCISE_MONTHS[0]:
    st.caption(t("exercise_older", months=window))
if paper.paper.published is None:
    st.caption(t("exercise_undated", venue=f"{paper.paper.venue} {paper.paper.year}"))

st.subheader(t("step1"))
views.paper_header(paper.paper)
official = next((r for r in paper.repos if r.preferred), None)
if official is not None:
    st.text(official.repo.full_name)
    if url := views.repo_url(official.repo):
        st.link_button(t("open_github"), url)

st.subheader(t("step2"))
pid = paper.paper.paper_id
guess = st.radio(
    t("guess"), CHOICES, index=None, format_func=labeler(), horizontal=True, key=f"g_{pid}"
)  # no default: a pre-selected PyTorch would answer for the learner
actual = paper.framework if paper.framework in CHOICES else "other"
if st.button(t("reveal"), key=f"reveal_{pid}", disabled=guess is None):
    st.session_state[f"revealed_{pid}"] = True
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    progress.record(store_file, progress.Answer(pid, guess, actual, paper.best_level, stamp))
    st.rerun()  # the score at the top counts this answer
if not st.session_state.get(f"revealed_{pid}"):
    st.stop()

st.subheader(t("step3"))
mine = progress.load_answers(store_file)
verdict = next((a for a in mine if a.paper_id == pid), None)
shown = value_label(paper.framework)
if verdict is not None and verdict.correct:
    st.success(t("guess_right", framework=shown))
else:
    st.warning(t("guess_wrong", framework=shown))
if official is not None and official.label is not None:
    st.caption(t("evidence_caption", n=len(official.label.evidence)))
    st.dataframe(views.evidence_frame(official.label), hide_index=True, width="stretch")

st.subheader(t("step4"))
st.markdown(t(views.deployment_key(paper.framework, paper.best_level)))
views.port_reveal(paper)
if paper.ports:
    st.dataframe(views.ports_frame(paper.ports), hide_index=True, width="stretch")
