"""AppTest per page, in English and Korean, on a real DuckDB file: no exception, checked values."""

from __future__ import annotations

import json

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import metrics
from bench import synth
from dashboard.i18n import STRINGS, value_label
from tests.conftest import ROOT
from tests.dashboard_db import CLASSIFIER_EVAL, EVIL_TITLE

APP = ROOT / "dashboard" / "app.py"
TITLES = {
    "overview": "overview_title",
    "papers": "papers_title",
    "exercise": "exercise_title",
    "method": "method_title",
    "export": "export_title",
    "backend_lab": "lab_title",
}
LANGS = ("en", "ko")


def run_page(
    page: str, lang: str = "en", *, titled: bool = True, query: dict | None = None, **state
) -> AppTest:
    """Open the app (at `?query`), switch to `page` in `lang`; no exception, no error, the page's
    own title."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params.update(query or {})
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    if titled:
        assert [t.value for t in at.title] == [STRINGS[lang][TITLES[page]]]  # the page, translated
    assert at.sidebar.radio[0].value == lang
    return at


def expect(fn, db, **kw):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return fn(con, **kw)
    finally:
        con.close()


def s(key: str, lang: str) -> str:
    return STRINGS[lang][key]


@pytest.mark.parametrize("lang", LANGS)
def test_overview_headline_and_gap_match_the_metrics(env, lang):
    at = run_page("overview", lang)
    head, gap = expect(metrics.headline, env), expect(metrics.gap, env)
    shown = {m.label: m.value for m in at.metric}
    assert shown[s("m_papers", lang)] == f"{head.in_scope:,}"
    assert shown[s("m_official", lang)] == f"{head.with_official_code:,}"
    assert shown[s("m_no_code_yet", lang)] == f"{head.no_code_yet:,}"
    assert shown[s("m_unknown", lang)] == f"{head.unknown:,}"
    assert shown[s("gap_metric", lang)] == f"{gap.share:.1%}"
    explained = " ".join(m.value for m in at.markdown)
    assert f"**{gap.numerator:,}**" in explained and f"**{gap.denominator:,}**" in explained


@pytest.mark.parametrize("lang", LANGS)
def test_overview_charts_carry_source_date_n_and_method(env, lang):
    at = run_page("overview", lang)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    subtitles = [" ".join(spec["title"]["subtitle"]) for spec in specs]
    assert len(subtitles) == 7  # gap, TF paths, share, quarter, venue, ladder, days to a port
    method = {"en": "Method:", "ko": "방법:"}[lang]
    assert all("2026-11-01" in x and "N =" in x and method in x for x in subtitles)
    n_share = int(expect(metrics.framework_share, env)["papers"].sum())
    n_gap = expect(metrics.gap, env).denominator
    paths = expect(metrics.port_paths, env, f=metrics.PaperFilter(cv_only=True))
    n_paths = int(paths.loc[paths["framework"] == "pytorch+jax", "denominator"].iloc[0])
    assert f"{n_gap:,}" in subtitles[0] and f"{n_share:,}" in subtitles[2]
    assert f"N = {n_paths:,}" in subtitles[1] or f"N = 논문 {n_paths:,}편" in subtitles[1]


def test_overview_scope_toggle_counts_every_paper(env):
    at = run_page("overview")
    at.toggle(key="ov_cv_only").set_value(False).run()
    assert at.metric[0].value == f"{expect(metrics.headline, env, cv_only=False).in_scope:,}"


@pytest.mark.parametrize("lang", LANGS)
def test_papers_filter_by_framework_matches_the_query(env, lang):
    at = run_page("papers", lang)
    at.multiselect(key="papers_frameworks").set_value(["tensorflow"]).run()
    want = expect(metrics.papers_page, env, f=metrics.PaperFilter(frameworks=("tensorflow",)))
    table = at.dataframe[0].value
    assert len(table) == len(want.rows) > 0
    assert set(table[s("col_framework", lang)]) == {value_label("tensorflow", lang)}
    assert list(table[s("col_paper_id", lang)]) == list(want.rows["paper_id"])


def test_overview_port_evidence_opens_papers_with_gap_closing_ports(env):
    at = run_page("papers", papers_preset_port=3)
    want = expect(metrics.papers_page, env, f=metrics.PaperFilter(min_port_level=3))
    assert at.selectbox(key="papers_port").value == 3
    assert len(at.dataframe[0].value) == min(want.total, 50) > 0


def test_hostile_title_and_evidence_render_as_plain_text(env):
    at = run_page("papers")
    at.text_input(key="papers_search").input("alert(1)").run()
    assert at.dataframe[0].value[s("col_title", "en")].tolist() == [EVIL_TITLE]
    assert EVIL_TITLE in [t.value for t in at.text]
    markdown = " ".join(m.value for m in [*at.markdown, *at.caption, *at.info])
    assert "javascript:" not in markdown and "<script>" not in markdown
    evidence = at.dataframe[1].value
    assert "models/<img src=x onerror=alert(1)>.py" in set(evidence[s("col_file", "en")])


def test_paper_detail_shows_repo_label_evidence_and_ports(env):
    at = run_page("papers", "ko")
    at.text_input(key="papers_search").input("Ported segmentation").run()
    assert "good-lab/ported  (hf:githubRepo)" in [t.value for t in at.text]
    metric = {m.label: m.value for m in at.metric}
    assert metric[s("label_primary", "ko")] == "PyTorch"
    assert metric[s("label_confidence", "ko")] == "93%"
    ports = at.dataframe[2].value
    assert ports[s("col_level", "ko")].tolist() == [4]
    assert ports[s("col_url", "ko")].tolist() == ["https://github.com/k/ported-keras"]


@pytest.mark.parametrize("lang", LANGS)
def test_method_shows_the_measured_confusion_matrix(env, lang):
    at = run_page("method", lang)
    shown = {m.label: m.value for m in at.metric}
    assert shown[s("eval_lenient", lang)] == "95.0%"  # as stored: ambiguous repos either way
    assert shown[s("eval_strict", lang)] == "92.5%"  # the diagonal: 37 of 40
    assert shown[s("eval_repos", lang)] == str(CLASSIFIER_EVAL["repos"])
    captions = [c.value for c in at.caption]
    assert s("eval_strict_rule", lang).format(right=37, total=40) in captions
    assert s("eval_lenient_rule", lang) in captions
    matrix = at.table[0].value
    assert (
        int(matrix.loc["PyTorch", "PyTorch"]) == 30
        and int(matrix.loc["JAX", value_label("unknown", lang)]) == 1
    )
    note = f"{s('eval_note_method_label', lang)}: {s('eval_note_method', lang)}"
    assert note in [c.value for c in at.caption]  # make snapshot's note, in the page's language
    assert len(at.table[1].value) == 3  # published figures, each with its own method
    assert at.warning[0].value == s("method_published_warning", lang)


def test_method_without_evaluation_says_so(tmp_path, monkeypatch):
    plain = tmp_path / "plain.duckdb"
    synth.build(plain, 50)
    monkeypatch.setenv("CVGAP_DB", str(plain))
    at = run_page("method")
    assert s("method_eval_missing", "en") in [i.value for i in at.info]


@pytest.mark.parametrize("lang", LANGS)
def test_export_offers_every_chart_in_every_format(env, lang):
    at = run_page("export", lang)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PNG", "SVG", "PDF", "CSV", "Parquet"] * 9
    assert [h.value for h in at.subheader] == [s(f"chart_{n}", lang) for n in
                                               ("gap", "framework_share", "share_by_quarter",
                                                "share_by_venue_year", "port_paths", "ladder",
                                                "days_to_first_port", "lag_by_source",
                                                "lag_by_year")]  # fmt: skip


@pytest.mark.parametrize("page", ("overview", "papers", "exercise", "method", "export"))
def test_missing_database_tells_how_to_make_one(page, tmp_path, monkeypatch):
    monkeypatch.setenv("CVGAP_DB", str(tmp_path / "nothing.duckdb"))
    at = run_page(page, "ko", titled=False)
    assert "make snapshot" in at.info[0].value and "python -m scraper refresh" in at.info[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_backend_lab_lists_backends_and_how_to_add_missing_ones(lang, monkeypatch):
    from dashboard import backend_lab_runner as lab

    at = run_page("backend_lab", lang)
    installed = lab.installed_backends()
    assert at.caption[0].value == s("lab_installed", lang).format(backends=", ".join(installed))
    missing = [b for b in lab.BACKENDS if b not in installed]
    assert [c.value for c in at.code][2:] == [lab.INSTALL_HINTS[b] for b in missing]
    assert "keras.Input(shape=(784,))" in at.code[0].value


def test_backend_lab_run_reports_shape_agreement_and_time():
    at = run_page("backend_lab")
    at.button(key="lab_run").click().run(timeout=240)
    assert not at.exception
    table = at.dataframe[0].value
    ran = table[s("col_backend", "en")].tolist()
    assert "jax" in ran
    assert set(table[s("col_shape", "en")]) == {"(1, 10)"}
    assert all(table[s("col_ok", "en")]) and (table[s("col_wall", "en")] > 0).all()
    assert at.success[0].value.startswith("Same model, same weights: output shape (1, 10)")
    diff_numpy = {m.label: m.value for m in at.metric}[s("lab_diff_numpy", "en")]
    assert float(diff_numpy) <= 1e-5


def test_foreign_file_is_reported_once_not_as_a_traceback(tmp_path, monkeypatch):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("CVGAP_DB", str(junk))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value == s("db_unreadable", "en").format(path=str(junk))


def test_a_published_snapshot_shows_up_on_the_next_rerun(tmp_path, monkeypatch):
    from analysis import store

    public = tmp_path / "cvgap.duckdb"
    synth.build(public, 40, seed=1)
    monkeypatch.setenv("CVGAP_DB", str(public))
    at = run_page("overview")
    before = at.metric[0].value
    synth.build(store.work_path(public), 90, seed=2)  # a refresh's work file ...
    con = store.connect(store.work_path(public))
    store.publish(con, public)  # ... published by atomic rename while the app is open
    con.close()
    at.run()
    assert not at.exception
    want = expect(metrics.headline, public).in_scope
    assert at.metric[0].value == f"{want:,}" != before
