"""AppTest per page, in English and Korean, on a real DuckDB file: no exception, checked values."""

from __future__ import annotations

import json
import shutil
from datetime import date

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import charts, metrics
from analysis.metrics.window import Window
from bench import synth
from dashboard.i18n import STRINGS, value_label
from tests.conftest import ROOT
from tests.dashboard_db import CLASSIFIER_EVAL, EVIL_TITLE, empty_window

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


AS_OF = date(2026, 11, 1)  # the test snapshot's `snapshot_date`: its as-of date
SIX = Window(6, AS_OF)  # the default window


@pytest.mark.parametrize("lang", LANGS)
def test_overview_headline_and_gap_match_the_metrics_of_the_six_month_window(env, lang):
    at = run_page("overview", lang)
    head, gap = expect(metrics.headline, env, window=SIX), expect(metrics.gap, env, window=SIX)
    assert head.in_scope < expect(metrics.headline, env).in_scope  # the window, not every year
    shown = {m.label: m.value for m in at.metric}
    assert shown[s("m_papers", lang)] == f"{head.in_scope:,}"
    assert shown[s("m_official", lang)] == f"{head.with_official_code:,}"
    assert shown[s("m_no_code_yet", lang)] == f"{head.no_code_yet:,}"
    assert shown[s("m_unknown", lang)] == f"{head.unknown:,}"
    assert shown[s("m_tf_port", lang)] == f"{head.with_tf_port / head.with_official_code:.1%}"
    assert shown[s("gap_metric", lang)] == f"{gap.share:.1%}"
    explained = " ".join(m.value for m in at.markdown)
    assert f"**{gap.numerator:,}**" in explained and f"**{gap.denominator:,}**" in explained
    # The caption under the title: the window's dates and the as-of date.
    assert at.caption[0].value == s("window_caption", lang).format(
        period=charts.period(expect(metrics.provenance, env, window=SIX), lang), as_of="2026-11-01"
    )
    assert "2026-05-02" in at.caption[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_overview_answers_the_exercise_with_every_slice_and_the_port_share(env, lang):
    at = run_page("overview", lang)
    head = expect(metrics.headline, env, window=SIX)
    share = expect(metrics.framework_share, env, window=SIX)
    answer = next(m.value for m in at.markdown if f"**{head.with_official_code:,}**" in m.value)
    for r in share.itertuples():  # no code yet and unknown are named too
        assert f"{value_label(r.framework, lang)} {r.share:.1%} ({r.papers:,})" in answer
    assert {"no code yet", "unknown"} <= set(share["framework"])
    assert f"**{head.no_official:,}**" in answer


@pytest.mark.parametrize("lang", LANGS)
def test_overview_denominators_add_up_and_every_excluded_group_is_named(env, lang):
    at = run_page("overview", lang)
    gap = expect(metrics.gap, env, window=SIX)
    assert min(gap.excluded.values()) > 0  # the test data has every kind of exclusion
    line = s("gap_excluded", lang).format(
        den=f"{gap.denominator:,}", scope=f"{gap.in_scope:,}",
        no_official=f"{gap.excluded_no_official:,}", yet=f"{gap.excluded_no_code_yet:,}",
        unknown=f"{gap.excluded_unknown:,}", no_dl=f"{gap.excluded_no_dl:,}")  # fmt: skip
    assert line in [m.value for m in at.markdown]
    assert gap.in_scope == expect(metrics.headline, env, window=SIX).in_scope
    gap_chart = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    subtitle = " ".join(gap_chart["title"]["subtitle"])
    for group, n in gap.excluded.items():
        named = charts.text.t("excluded.item", lang, n=f"{n:,}",
                              group=charts.text.slice_name(group, lang))  # fmt: skip
        assert named in subtitle


@pytest.mark.parametrize("lang", LANGS)
def test_overview_charts_carry_source_window_as_of_n_and_method(env, lang):
    at = run_page("overview", lang)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    subtitles = [" ".join(spec["title"]["subtitle"]) for spec in specs]
    assert len(subtitles) == 7  # gap, TF paths, share, month, venue, ladder, days to a port
    method = {"en": "Method:", "ko": "방법:"}[lang]
    as_of = {"en": "as of 2026-11-01", "ko": "2026-11-01 기준"}[lang]
    assert all("2026-05-02" in x and as_of in x and "N =" in x and method in x for x in subtitles)
    n_share = int(expect(metrics.framework_share, env, window=SIX)["papers"].sum())
    n_gap = expect(metrics.gap, env, window=SIX).denominator
    paths = expect(metrics.port_paths, env, f=metrics.PaperFilter(cv_only=True),
                   since=date(2026, 5, 2), until=AS_OF)  # fmt: skip
    n_paths = int(paths.loc[paths["framework"] == "pytorch+jax", "denominator"].iloc[0])
    assert f"{n_gap:,}" in subtitles[0] and f"{n_share:,}" in subtitles[2]
    assert f"N = {n_paths:,}" in subtitles[1] or f"N = 논문 {n_paths:,}편" in subtitles[1]


def test_overview_window_switch_and_query_param(env):
    at = run_page("overview")
    assert at.sidebar.radio(key="window").value == "6m"
    at.sidebar.radio(key="window").set_value("all").run()
    assert at.query_params["w"] == ["all"] or at.query_params["w"] == "all"
    assert at.metric[0].value == f"{expect(metrics.headline, env).in_scope:,}"
    at.sidebar.radio(key="window").set_value("12m").run()
    twelve = expect(metrics.headline, env, window=Window(12, AS_OF)).in_scope
    assert at.metric[0].value == f"{twelve:,}"


def test_overview_window_is_read_from_the_address(env):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["w"] = "12m"
    at.run()
    at.switch_page("app_pages/overview.py").run()
    assert at.sidebar.radio(key="window").value == "12m"
    assert "(last 12 months)" in at.caption[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_window_says_so_and_all_years_still_show(dashboard_db, tmp_path, monkeypatch,
                                                          lang):  # fmt: skip
    later = empty_window(shutil.copyfile(dashboard_db, tmp_path / "later.duckdb"))
    monkeypatch.setenv("CVGAP_DB", str(later))
    monkeypatch.setenv("CVGAP_STATE_DIR", str(tmp_path / "state"))
    at = run_page("overview", lang)
    prov = expect(metrics.provenance, later, window=Window(6, date(2029, 1, 1)))
    assert at.info[0].value == s("overview_window_empty", lang).format(
        period=charts.period(prov, lang))  # fmt: skip
    assert not at.get("vega_lite_chart")  # no blank charts
    at.sidebar.radio(key="window").set_value("all").run()
    assert not at.exception and len(at.get("vega_lite_chart")) == 7
    export = run_page("export", lang)  # only the lag curves, which cover every year, remain
    assert len(export.get("download_button")) == 2 * 5
    assert [i.value for i in export.info].count(s("export_skipped", lang)) == 7


@pytest.mark.parametrize("lang", LANGS)
def test_papers_filter_by_framework_matches_the_query(env, lang):
    at = run_page("papers", lang)
    at.multiselect(key="papers_frameworks").set_value(["tensorflow"]).run()
    flt = metrics.PaperFilter(frameworks=("tensorflow",), window=SIX)
    want = expect(metrics.papers_page, env, f=flt)
    table = at.dataframe[0].value
    assert len(table) == len(want.rows) > 0
    assert set(table[s("col_framework", lang)]) == {value_label("tensorflow", lang)}
    assert list(table[s("col_paper_id", lang)]) == list(want.rows["paper_id"])


@pytest.mark.parametrize("lang", LANGS)
def test_papers_follow_the_window_and_show_their_dates(env, lang):
    at = run_page("papers", lang)
    assert "2026-05-02" in at.caption[0].value
    shown = at.dataframe[0].value
    want = expect(metrics.papers_page, env, f=metrics.PaperFilter(window=SIX))
    assert list(shown[s("col_paper_id", lang)]) == list(want.rows["paper_id"])
    every = expect(metrics.papers_page, env).total
    assert want.total < every
    at.sidebar.radio(key="window").set_value("all").run()
    assert at.caption[0].value.startswith(s("window_caption", lang).split("{")[0])
    dates = at.dataframe[0].value
    assert {s("col_published", lang), s("col_date_source", lang), s("col_ref_date", lang),
            s("col_arxiv_published", lang)} <= set(dates.columns)  # fmt: skip
    # A paper without a recorded date is placed at its venue's month, and the table says so.
    con = duckdb.connect(str(env), read_only=True)
    title = con.execute("SELECT title FROM papers WHERE published IS NULL AND venue IS NOT NULL "
                        "ORDER BY paper_id LIMIT 1").fetchone()[0]  # fmt: skip
    con.close()
    at.text_input(key="papers_search").input(title).run()
    undated = at.dataframe[0].value
    assert len(undated) and set(undated[s("col_date_source", lang)]) == {
        s("date_from_venue_month", lang)}  # fmt: skip
    assert undated[s("col_ref_date", lang)].notna().all()


def test_papers_csv_holds_every_match_with_dates(env):
    import io

    import pandas as pd

    from dashboard import views

    at = run_page("papers")
    flt = metrics.PaperFilter(window=SIX)
    assert not at.exception
    csv = pd.read_csv(io.BytesIO(views.papers_csv(flt)))
    want = expect(metrics.papers_page, env, f=flt, page_size=10_000)
    assert len(csv) == want.total > 50 or len(csv) == want.total
    assert csv[s("col_ref_date", "en")].notna().all()
    assert [b.proto.label for b in at.get("download_button")] == [s("papers_download", "en")]


def test_overview_port_evidence_opens_papers_with_gap_closing_ports(env):
    at = run_page("papers", papers_preset_port=3)
    want = expect(metrics.papers_page, env, f=metrics.PaperFilter(min_port_level=3, window=SIX))
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
    assert "2026-05-02" in at.caption[0].value  # the window the exported charts answer for
    assert [h.value for h in at.subheader] == [s(f"chart_{n}", lang) for n in
                                               ("gap", "framework_share", "share_by_month",
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
    want = expect(metrics.headline, public, window=SIX).in_scope
    assert at.metric[0].value == f"{want:,}" != before
