"""The Exercise page's parts: which paper is on screen, the title picker, the locked answer.

The paper on screen is `?p=<paper id>` in the address bar, so a reload shows the same paper; the
answers live in the learner's file (`dashboard.progress`), so an answered paper comes back with
its answer and the reveal, never as a new question.
"""

from __future__ import annotations

import secrets

import streamlit as st

from analysis import metrics
from dashboard import progress
from dashboard.i18n import t, value_label

PAPER_PARAM = "p"
PICK_KEY = "ex_pick"


def current_paper(pool: metrics.ExercisePool, answered: set[str]) -> str | None:
    """`?p=` when it names a paper of the window, else a random unanswered one (written to `?p=`
    so a reload keeps it); None when every paper of the window is answered."""
    chosen = st.query_params.get(PAPER_PARAM)
    if chosen in pool.ids:
        return chosen
    drawn = metrics.draw(pool.ids, answered, secrets.randbelow(2**31))
    if drawn is None:
        st.query_params.pop(PAPER_PARAM, None)
    else:
        st.query_params[PAPER_PARAM] = drawn
    return drawn


def draw_next(ids: tuple[str, ...], answered: set[str], current: str | None) -> None:
    """`on_click` of "Another paper": an unanswered paper other than the one on screen."""
    drawn = metrics.draw(ids, answered | {current}, secrets.randbelow(2**31))
    if drawn is not None:
        st.query_params[PAPER_PARAM] = drawn


def picker(pool: metrics.ExercisePool, answered: set[str]) -> None:
    """Choose a paper of the window by typing part of its title (answered ones are marked)."""
    rows = pool.papers.astype(object).where(pool.papers.notna(), "").itertuples(index=False)
    names = {r.paper_id: f"{r.title} · {r.venue} {r.year}".rstrip(" ·") for r in rows}
    done = t("exercise_answered_mark")
    st.selectbox(t("exercise_pick"), pool.ids, index=None, key=PICK_KEY, on_change=_picked,
                 placeholder=t("exercise_pick_hint"),
                 format_func=lambda i: f"{names[i]} {done}" if i in answered else names[i])  # fmt: skip


def _picked() -> None:
    if chosen := st.session_state.get(PICK_KEY):
        st.query_params[PAPER_PARAM] = chosen
    st.session_state[PICK_KEY] = None  # the box is a search, not a setting


def window_caption(pool: metrics.ExercisePool, done: int) -> str:
    """How far the learner is through the window, and which dates it spans."""
    win, total = pool.window, len(pool.ids)
    if win is None or win.since is None:
        return t("exercise_window_all", done=done, total=total, until=win.until if win else "-")
    return t("exercise_window", done=done, total=total, since=win.since, until=win.until)


def dated_line(paper) -> str:
    """When and where the paper appeared, as the reveal needs it for "the last six months"."""
    venue = " ".join(str(x) for x in (paper.venue, paper.year) if x) or "-"
    if paper.published is None:
        return t("exercise_undated", venue=venue)
    return t("exercise_dated", date=paper.published.isoformat(), venue=venue)


def locked_answer(answer: progress.Answer, framework: str) -> None:
    """The learner's answer as given at Reveal, with its verdict (`framework`: the paper's)."""
    shown = value_label(framework)
    st.caption(t("exercise_locked", guess=value_label(answer.guess),
                 when=answer.answered_at[:16].replace("T", " ")))  # fmt: skip
    if answer.correct:
        st.success(t("guess_right", framework=shown))
    else:
        st.warning(t("guess_wrong", framework=shown))
