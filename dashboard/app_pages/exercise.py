"""Exercise: the lesson's exercise over the window's CV papers, drawn without repeats, with the
learner's answers locked at Reveal and kept across reloads (see `dashboard.exercise_views`)."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from analysis import metrics
from analysis.metrics.window import parse_months
from dashboard import data, progress, views
from dashboard import exercise_views as ex
from dashboard.i18n import labeler, t

CHOICES = ("pytorch", "tensorflow", "jax", "keras", "other")

views.require_db()
st.title(t("exercise_title"))
views.window_caption()
st.markdown(t("exercise_intro"))
pool = data.load(metrics.exercise_pool, months=parse_months(st.session_state.get(data.WINDOW_KEY)))
learner = progress.learner(st.query_params.get("learner"))
store_file = progress.progress_file(learner_name=learner)
answers = {a.paper_id: a for a in progress.load_answers(store_file)}
answered = set(answers) & set(pool.ids)
correct, done = progress.score(list(answers.values()), pool.ids)
pid = ex.current_paper(pool, answered)
c1, c2 = st.columns([3, 1])
c1.metric(t("score_learner", learner=learner) if learner else t("score"), f"{correct} / {done}")
c1.caption(ex.window_caption(pool, done))
left = [i for i in pool.ids if i not in answered and i != pid]
c2.button(t("new_paper"), type="primary", key="ex_new", disabled=not left,
          on_click=ex.draw_next, args=(pool.ids, answered, pid))  # fmt: skip
if not pool.ids:
    st.info(t("exercise_empty"))
    st.stop()
ex.picker(pool, answered)
if len(answered) == len(pool.ids):
    st.success(t("exercise_all_done", total=len(pool.ids), correct=correct))
if pid is None:
    st.stop()

paper = data.load(metrics.paper_detail, paper_id=pid)
st.subheader(t("step1"))
views.paper_header(paper.paper, repo_name_only=paper.title_is_repo_name)
st.caption(ex.dated_line(paper.paper))
official = next((r for r in paper.repos if r.preferred), None)
if official is not None:
    st.text(official.repo.full_name)
    if url := views.repo_url(official.repo):
        st.link_button(t("open_github"), url)

st.subheader(t("step2"))
mine = answers.get(pid)
if mine is None:  # no default: a pre-selected PyTorch would answer for the learner
    guess = st.radio(t("guess"), CHOICES, index=None, format_func=labeler(), horizontal=True,
                     key=f"g_{pid}")  # fmt: skip
    if st.button(t("reveal"), key=f"reveal_{pid}", disabled=guess is None):
        actual = paper.framework if paper.framework in CHOICES else "other"
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        progress.record(store_file, progress.Answer(pid, guess, actual, paper.best_level, stamp))
        st.rerun()  # the score at the top counts this answer, and the guess is locked
    st.stop()
locked = CHOICES.index(mine.guess) if mine.guess in CHOICES else None
st.radio(t("guess"), CHOICES, index=locked, format_func=labeler(), horizontal=True,
         key=f"locked_{pid}", disabled=True)  # fmt: skip

st.subheader(t("step3"))
ex.locked_answer(mine, paper.framework)
if official is not None and official.label is not None:
    st.caption(t("evidence_caption", n=len(official.label.evidence)))
    st.dataframe(views.evidence_frame(official.label), hide_index=True, width="stretch")

st.subheader(t("step4"))
st.markdown(t(views.deployment_key(paper.framework, paper.best_level)))
views.port_reveal(paper)
if paper.ports:
    st.dataframe(views.ports_frame(paper.ports), hide_index=True, width="stretch")
