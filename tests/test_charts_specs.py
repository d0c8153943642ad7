"""Chart specs: captions (source, date, N, method) in both languages, data equal to the metrics."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import charts, metrics, store
from analysis.charts import export, fonts
from analysis.charts.text import LANGS, STRINGS, slice_name
from analysis.metrics.gap import Gap, Provenance
from tests import metrics_db

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = metrics_db.build(tmp_path_factory.mktemp("charts") / "c.duckdb")
    con = store.connect(db, read_only=True)
    yield con
    con.close()


def _title(spec: dict) -> dict:
    return spec["title"]


def _values(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_is_titled_and_captioned_with_date_n_and_method(con, lang):
    specs = charts.all_charts(con, lang)
    assert [s.name for s in specs] == [
        "framework_share", "share_by_month", "share_by_venue_year", "gap", "port_paths",
        "ladder", "days_to_first_port", "lag_by_source", "lag_by_year",
    ]  # fmt: skip
    # port_paths: the PyTorch papers alpha and gamma (eta's JAX is not CV); lags: gamma only.
    expected_n = {"framework_share": 5, "share_by_month": 5, "share_by_venue_year": 2,
                  "gap": 3, "port_paths": 2, "ladder": 6, "days_to_first_port": 1,
                  "lag_by_source": 1, "lag_by_year": 1}  # fmt: skip
    for s in specs:
        title = _title(s.chart.to_dict())
        subtitle = " ".join(title["subtitle"])
        assert "2026-01-15" in subtitle, s.name
        assert (
            f"N = {expected_n[s.name]}" in subtitle or f"N = 논문 {expected_n[s.name]}" in subtitle
        )
        assert STRINGS[lang]["method"].split(":")[0] in subtitle
        assert bool(HANGUL.search(title["text"])) == (lang == "ko"), s.name


def test_chart_data_carries_the_metrics_numbers(con):
    spec = charts.all_charts(con)[0].chart.to_dict()
    got = {row["framework"]: (row["papers"], row["share"]) for row in _values(spec)}
    share = metrics.framework_share(con)
    assert got == {r.framework: (r.papers, r.share) for r in share.itertuples()}


def test_legend_names_are_translated_and_colours_fixed_across_languages(con):
    en, ko = (charts.all_charts(con, lang)[0].chart.to_dict() for lang in ("en", "ko"))

    def scale(spec):
        layer = spec["layer"][0]
        return layer["encoding"]["color"]["scale"]

    assert scale(en)["range"] == scale(ko)["range"]
    assert slice_name("no code yet", "ko") in scale(ko)["domain"]
    assert "no code yet" in scale(en)["domain"] and "PyTorch" in scale(en)["domain"]
    pytorch = scale(en)["range"][scale(en)["domain"].index("PyTorch")]
    assert pytorch == charts.COLORS["pytorch"]


def test_caption_uses_the_snapshot_sources_when_recorded():
    prov = Provenance("2026-02-01", "v1", {"sources": "hf, arxiv"})
    lines = charts.caption(prov, 1234, "a method", "en")
    assert lines[0] == "Source: hf, arxiv · snapshot 2026-02-01 · N = 1,234 papers"
    assert lines[1] == "Method: a method"


def test_caption_names_the_papers_sources_when_meta_has_none():
    prov = Provenance("2026-02-01", "v1", {}, ("arxiv", "hf", "lists"))
    assert charts.caption(prov, 3, "m", "en")[0].startswith(
        "Source: arXiv, Hugging Face Papers, curated lists · "
    )
    assert charts.caption(prov, 3, "m", "ko")[0].startswith(
        "출처: arXiv, Hugging Face Papers, 큐레이션 목록 · "
    )


def test_caption_says_when_the_date_is_unknown():
    lines = charts.caption(Provenance(None, None, {}), 0, "m", "ko")
    assert "날짜 알 수 없음" in lines[0]


def test_gap_frame_splits_the_denominator():
    g = Gap(numerator=6, denominator=10, share=0.6, excluded_no_code_yet=2, excluded_unknown=1,
            closed_by_port=1, excluded_no_dl=3, excluded_no_official=4)  # fmt: skip
    assert g.in_scope == 20
    expected = pd.DataFrame(
        {"part": ["gap", "closed_by_port", "tf_keras"], "papers": [6, 1, 3],
         "share": [0.6, 0.1, 0.3]}
    )  # fmt: skip
    pd.testing.assert_frame_equal(charts.gap_frame(g), expected)


def test_gap_chart_title_states_the_share(con):
    spec = charts.gap_chart(metrics.gap(con), metrics.provenance(con), "en").to_dict()
    assert _title(spec)["text"] == "Research-vs-production gap: 33% of papers"
    subtitle = " ".join(_title(spec)["subtitle"])
    assert "excluded: 1 no official code, 1 no code yet, 1 unknown, 0 no DL framework" in subtitle


@pytest.mark.filterwarnings("error")
def test_empty_store_still_builds_every_chart(tmp_path):
    store.connect(tmp_path / "empty.duckdb").close()
    con = store.connect(tmp_path / "empty.duckdb", read_only=True)
    specs = charts.all_charts(con)
    assert len(specs) == 9
    for s in specs:
        assert "title" in s.chart.to_dict()
    con.close()


def _y_sort(spec: dict) -> list[str]:
    sorts = [layer["encoding"]["y"]["sort"] for layer in spec["layer"]]
    assert all(s == sorts[0] for s in sorts)  # bars and share text share one y order
    return sorts[0]


@pytest.mark.parametrize("lang", LANGS)
def test_framework_share_bars_are_largest_first_with_slices_last(lang):
    # Given alphabetically (as a sort Vega-Lite dropped would draw them): the order must not follow.
    df = pd.DataFrame(
        {
            "framework": ["jax", "no code yet", "pytorch", "tensorflow", "unknown", "none-dl"],
            "papers": [3, 9, 20, 3, 5, 1],
        }
    ).assign(share=lambda d: d["papers"] / d["papers"].sum())
    spec = charts.framework_share_chart(df, Provenance("2026-01-15", "v1", {}), lang).to_dict()
    expected = ["pytorch", "jax", "tensorflow", "none-dl", "no code yet", "unknown"]
    assert _y_sort(spec) == [slice_name(f, lang) for f in expected]


def test_exported_share_chart_uses_the_metrics_order(con):
    spec = charts.all_charts(con)[0]
    assert _y_sort(spec.chart.to_dict()) == [slice_name(f) for f in spec.data["framework"]]


@pytest.mark.parametrize("lang", LANGS)
def test_caption_lines_fit_the_chart_width_in_both_languages(con, lang):
    from datetime import date

    from analysis.metrics.window import Window

    windowed = charts.all_charts(con, lang, window=Window(12, date(2026, 1, 15)))
    for s in [*charts.all_charts(con, lang), *windowed]:
        for line in _title(s.chart.to_dict())["subtitle"]:
            # A Hangul syllable is drawn about twice as wide as a Latin letter.
            width = sum(2 if "\uac00" <= c <= "\ud7a3" else 1 for c in line)
            assert width <= charts.WRAP, (s.name, line)


def test_wrap_counts_hangul_as_two_columns():
    assert charts.wrap("가나 다라 마바", 5) == ["가나", "다라", "마바"]
    assert charts.wrap("ab cd ef", 5) == ["ab cd", "ef"]


def test_korean_gap_legend_renders_untruncated_hangul(con):
    if fonts.find_cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    fonts.register_cjk_font()
    chart = charts.gap_chart(metrics.gap(con), metrics.provenance(con), "ko")
    svg = export.render(chart, "svg").decode("utf-8")
    assert "…" not in svg  # Vega's truncation mark
    for key in ("gap.open", "gap.closed", "gap.native"):
        assert f">{STRINGS['ko'][key]}</text>" in svg


@pytest.mark.parametrize("lang", LANGS)
def test_gap_chart_keeps_its_natural_height_inside_streamlit(con, lang):
    # Streamlit sets autosize "fit" (the whole chart squeezed into width x height) unless the spec
    # says otherwise; that cut the 40 px gap bar's chart to its title.
    spec = charts.gap_chart(metrics.gap(con), metrics.provenance(con), lang).to_dict()
    assert spec["autosize"] == {"type": "pad", "contains": "padding"}
    assert spec["height"] == charts.GAP_HEIGHT


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


@pytest.mark.parametrize("lang", LANGS)
def test_windowed_subtitles_give_the_paper_dates_and_the_as_of_date(con, lang):
    from datetime import date

    from analysis.metrics.window import Window

    specs = charts.all_charts(con, lang, window=Window(6, date(2025, 9, 1)))
    for s in specs:
        subtitle = " ".join(_title(s.chart.to_dict())["subtitle"])
        # The lag curves cover every dated port (a port takes months), from gamma's arXiv month.
        start = "2025-07-01" if s.name.startswith("lag_") else "2025-03-02"
        assert start in subtitle and "2025-09-01" in subtitle, (s.name, subtitle)
        assert "as of 2025-09-01" in subtitle or "2025-09-01 기준" in subtitle
    every = charts.all_charts(con, lang, window=Window(None, date(2026, 1, 15)))
    first = " ".join(_title(every[0].chart.to_dict())["subtitle"])
    assert "2025-02-10" in first  # the oldest paper in the window (beta), not a made-up start


def test_share_bars_carry_their_n_and_small_bars_are_faded_with_a_note(con):
    spec = next(s for s in charts.all_charts(con) if s.name == "share_by_month")
    d = spec.chart.to_dict()
    bars, text = _layers(d)
    assert bars["encoding"]["opacity"]["condition"]["test"] == "datum.small"
    assert bars["encoding"]["opacity"]["condition"]["value"] == charts.specs.FADED
    values = {ds: rows for ds, rows in d["datasets"].items()}
    labels = sorted(r["bar_text"] for rows in values.values() for r in rows if "bar_text" in r)
    assert labels == ["N=1"] * 5  # every month holds one paper here ...
    note = STRINGS["en"]["small_n"].format(min=charts.specs.MIN_N)
    assert note.split(":")[0] in " ".join(_title(d)["subtitle"])  # ... so all are faded, said so


def test_no_faded_note_when_every_bar_has_enough_papers():
    df = pd.DataFrame({"month": ["2026-07"] * 2, "framework": ["pytorch", "jax"],
                       "papers": [4, 2], "share": [4 / 6, 2 / 6], "month_papers": [6, 6]})  # fmt: skip
    spec = charts.share_by_month_chart(df, Provenance("2026-12-01", "v1", {}), "en").to_dict()
    assert "Faded" not in " ".join(_title(spec)["subtitle"])
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert {r["small"] for r in rows if "small" in r} == {False}


def test_framework_share_bars_say_share_and_n(con):
    spec = charts.all_charts(con)[0].chart.to_dict()
    texts = {r["framework"]: r["bar_text"] for r in _values(spec)}
    assert texts["pytorch"] == "40.0% (N = 2)"


def test_port_paths_bars_are_named_with_their_n_and_small_ones_faded(con):
    spec = next(s for s in charts.all_charts(con) if s.name == "port_paths").chart.to_dict()
    labels = {r["label"] for r in _values(spec)}
    assert labels == {"PyTorch (N = 2)", "JAX (N = 0)", "PyTorch + JAX (N = 2)"}
    assert spec["encoding"]["opacity"]["condition"]["test"] == "datum.small"


def test_an_empty_window_marks_every_chart_empty_with_a_message(con):
    from datetime import date

    from analysis.metrics.window import Window

    win = Window(6, date(2030, 1, 1))
    data = charts.overview_data(con, window=win)
    specs = charts.charts_from(data, "ko")
    assert [s.name for s in specs if not s.empty] == ["lag_by_source", "lag_by_year"]
    assert charts.specs.empty_text(data["provenance"], "en") == (
        "No data for papers 2029-07-02 to 2030-01-01 (last 6 months)")  # fmt: skip
