"""The Exercise page (AppTest on a real DuckDB file): a window's papers drawn without repeats,
picked by title, answers locked at Reveal and kept in the learner's file across sessions."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import metrics
from bench import synth
from dashboard import progress
from dashboard.i18n import STRINGS, value_label
from tests.conftest import ROOT
from tests.dashboard_db import REPO_TITLE, REPO_TITLE_ID

APP = ROOT / "dashboard" / "app.py"
LANGS = ("en", "ko")
CHOICES = ("pytorch", "tensorflow", "jax", "keras")


def s(key: str, lang: str, **values) -> str:
    return STRINGS[lang][key].format(**values) if values else STRINGS[lang][key]


def open_exercise(lang: str = "en", **params: str) -> AppTest:
    """A new browser session (a reload) at /exercise?params, in `lang`."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params.update(params)
    at.run()
    at.switch_page("app_pages/exercise.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [s("exercise_title", lang)]
    return at


def pool(db, months=6) -> metrics.ExercisePool:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return metrics.exercise_pool(con, months=months)
    finally:
        con.close()


def answer(at: AppTest, guess: str) -> AppTest:
    pid = at.query_params["p"]
    at.radio(key=f"g_{pid}").set_value(guess).run()
    at.button(key=f"reveal_{pid}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def right_choice(db, pid: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        framework = metrics.paper_detail(con, pid).framework
    finally:
        con.close()
    return framework if framework in CHOICES else "other"


def prefill(state, ids, db) -> None:
    """Answers (all right) to `ids`, as earlier sessions would have left them."""
    rows = [progress.Answer(i, right_choice(db, i), right_choice(db, i), 0, "2026-11-20T10:00:00")
            for i in ids]  # fmt: skip
    progress.save_answers(state / "exercise.json", rows)


@pytest.mark.parametrize("lang", LANGS)
def test_draws_every_window_paper_once_then_says_all_done(env, tmp_path, lang):
    ids = pool(env).ids
    assert len(ids) > 3
    prefill(tmp_path / "state", ids[:-2], env)  # all but two answered in earlier sessions
    at = open_exercise(lang)
    first = at.query_params["p"]
    assert first in ids[-2:]  # never an answered paper
    answer(at, right_choice(env, first))
    at.button(key="ex_new").click().run()
    second = at.query_params["p"]
    assert second in ids[-2:] and second != first
    answer(at, "keras" if right_choice(env, second) != "keras" else "jax")  # a wrong guess
    assert at.metric[0].value == f"{len(ids) - 1} / {len(ids)}"  # the score over this window
    assert at.success[-1].value == s("exercise_all_done", lang, correct=len(ids) - 1,
                                     total=len(ids))  # fmt: skip
    assert at.button(key="ex_new").disabled
    again = open_exercise(lang)  # a reload without ?p=: nothing left to draw
    assert "p" not in again.query_params and again.button(key="ex_new").disabled
    assert again.success[0].value.startswith(s("exercise_all_done", lang).split("{")[0])


@pytest.mark.parametrize("lang", LANGS)
def test_an_answered_paper_comes_back_locked_with_the_answer_and_the_reveal(env, tmp_path, lang):
    at = open_exercise(lang)
    pid = at.query_params["p"]
    wrong = "keras" if right_choice(env, pid) != "keras" else "jax"
    answer(at, wrong)
    reloaded = open_exercise(lang, p=pid)  # a browser reload keeps ?p=
    locked = reloaded.radio(key=f"locked_{pid}")
    assert locked.disabled and locked.value == wrong
    assert not [b for b in reloaded.button if b.key == f"reveal_{pid}"]
    framework = value_label(pool_framework(env, pid), lang)
    assert reloaded.warning[0].value == s("guess_wrong", lang, framework=framework)
    mine = s("exercise_locked", lang, when="2026", guess=value_label(wrong, lang)).split("2026")
    assert any(c.value.startswith(mine[0]) and c.value.endswith(mine[1]) for c in reloaded.caption)
    heads = [h.value for h in reloaded.subheader]
    assert heads == [s(f"step{i}", lang) for i in (1, 2, 3, 4)]
    saved = progress.load_answers(tmp_path / "state" / "exercise.json")
    assert [(a.paper_id, a.guess) for a in saved] == [(pid, wrong)]


def pool_framework(db, pid: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return metrics.paper_detail(con, pid).framework
    finally:
        con.close()


def test_a_paper_is_picked_by_its_title_and_the_window_follows_w(env):
    at = open_exercise(w="12m")
    wide = pool(env, 12)
    assert at.caption[0].value.endswith("(last 12 months) · data as of 2026-11-01")
    assert at.caption[1].value == s("exercise_window", "en", done=0, total=len(wide.ids),
                                    since=wide.window.since, until=wide.window.until)  # fmt: skip
    assert REPO_TITLE_ID in wide.ids
    at.selectbox(key="ex_pick").set_value(REPO_TITLE_ID).run()
    assert at.query_params["p"] == REPO_TITLE_ID
    texts = [t.value for t in at.text]
    assert REPO_TITLE in texts
    captions = [c.value for c in at.caption]
    assert s("title_repo_name", "en") in captions  # only the repository name is known
    assert s("exercise_dated", "en", date="2026-10-15", venue="CVPR 2026") in captions
    assert at.selectbox(key="ex_pick").value is None  # a search box, not a setting


def test_a_named_learner_keeps_a_file_of_their_own(env, tmp_path):
    at = open_exercise(learner="kim")
    answer(at, "pytorch")
    state = tmp_path / "state"
    assert [a.guess for a in progress.load_answers(state / "exercise-kim.json")] == ["pytorch"]
    assert not (state / "exercise.json").exists()
    assert open_exercise().metric[0].value == "0 / 0"  # this computer's learner: nothing yet
    kim = open_exercise(learner="kim").metric[0]
    assert kim.value.endswith("/ 1") and kim.label == s("score_learner", "en", learner="kim")


def test_on_a_snapshot_without_dates_papers_are_dated_by_their_venue(tmp_path, monkeypatch):
    undated = tmp_path / "lists.duckdb"
    synth.build(undated, 80, seed=4)
    con = duckdb.connect(str(undated))  # curated lists give venue years, no publication dates
    con.execute("UPDATE papers SET published = NULL")
    con.close()
    monkeypatch.setenv("CVGAP_DB", str(undated))
    monkeypatch.setenv("CVGAP_STATE_DIR", str(tmp_path / "state"))
    assert pool(undated).ids  # dated by its venue's month, so "the last six months" works
    at = open_exercise("ko")
    con = duckdb.connect(str(undated), read_only=True)
    shown = metrics.paper_detail(con, at.query_params["p"]).paper
    con.close()
    venue = f"{shown.venue} {shown.year}"
    assert s("exercise_undated", "ko", venue=venue) in [c.value for c in at.caption]
    assert shown.title in [t.value for t in at.text]


def test_app_level_parameters_survive_page_links_but_not_page_params(env):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"lang": "ko", "w": "12m", "learner": "kim"})
    at.run()
    at.switch_page("app_pages/exercise.py").run()
    assert at.query_params["p"] and at.sidebar.radio[0].value == "ko"
    at.query_params.clear()  # a sidebar link opens the page at its bare URL
    at.switch_page("app_pages/method.py").run()
    assert at.query_params == {"lang": "ko", "w": "12m", "learner": "kim"}
    del at.query_params["w"]  # removed on the same page (by a widget): forgotten, not restored
    at.run()
    assert at.query_params == {"lang": "ko", "learner": "kim"}
