"""Port metrics on a hand-built store: TF paths of PyTorch/JAX papers with denominators, and the
months until a port (per source, first port anywhere, cohorts, curves, the newest paper)."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import metrics, store
from analysis.models import Paper, Port
from analysis.ports.lag import lag_months, paper_month
from tests.metrics_db import build

REF = "arxiv:2304.02643"
SAM = "https://github.com/keras-team/keras-hub/tree/HEAD/keras_hub/src/models/sam"
KECAM = "https://github.com/leondgarse/keras_cv_attention_models/tree/HEAD/x/segment_anything"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("ports") / "m.duckdb")
    w = store.connect(path)
    store.upsert_papers(w, [Paper(REF, "Segment Anything", "reference", "2304.02643")])
    store.upsert_ports(w, [
        Port(REF, SAM, "keras-hub", "keras3", "keras", 3, "cites", date(2024, 9, 24), True,
             "first-commit"),
        Port(REF, KECAM, "kecam", "keras3", "keras", 2, "cites", date(2023, 11, 26), True,
             "first-commit"),
    ])  # fmt: skip
    w.close()
    c = store.connect(path, read_only=True)
    yield c
    c.close()


def _paths(df, framework):
    rows = df[df["framework"] == framework]
    return int(rows["denominator"].iloc[0]), dict(zip(rows["level"], rows["papers"], strict=True))


def test_paths_by_ladder_level_with_denominators(con):
    df = metrics.port_paths(con, metrics.PaperFilter(cv_only=True))
    assert _paths(df, "pytorch") == (2, {0: 1, 1: 0, 2: 0, 3: 0, 4: 1, 5: 0})  # alpha, gamma
    assert _paths(df, "jax")[0] == 0  # eta is not a CV paper
    assert _paths(metrics.port_paths(con), "jax") == (1, {0: 1, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0})
    (pt, jax, both) = metrics.path_summary(metrics.port_paths(con))
    assert (both.framework, both.denominator, both.with_tf_path, both.closing_gap) == (
        "pytorch+jax",
        3,
        1,
        1,
    )
    assert set(df["share"][df["framework"] == "pytorch"]) == {0.5, 0.0}


def test_paths_window_is_on_the_papers_date(con):
    # alpha has no date: CVPR 2025 counts from June; gamma was published 2025-07-15.
    df = metrics.port_paths(con, since=date(2025, 7, 1))
    assert _paths(df, "pytorch") == (1, {0: 0, 1: 0, 2: 0, 3: 0, 4: 1, 5: 0})


def test_lags_per_source_from_the_arxiv_month(con):
    lags = metrics.port_lags(con)
    got = {(r.paper_id, r.source): (r.lag_months, r.party, r.sample) for r in lags.itertuples()}
    assert got == {
        ("arxiv:2507.00003", "github-search"): (5, "community", "discovered"),  # 2025-07 -> 12
        (REF, "keras-hub"): (17, "first-party", "reference"),
        (REF, "kecam"): (7, "community", "reference"),
    }  # the ONNX Hub model is not a TF port; the onnxruntime signal is level 0
    assert lag_months(paper_month("2304.02643"), date(2024, 9, 24)) == 17


def test_first_port_curves_and_cohorts(con):
    view = metrics.port_lag_view(con)
    assert (view.papers, view.reference_papers) == (2, 1)
    every = view.by_source[view.by_source["group"] == "all"].set_index("months")["share"]
    assert (every[4], every[5], every[7], every[17]) == (0.0, 0.5, 1.0, 1.0)
    assert list(view.by_year["group"].drop_duplicates()) == ["2023", "2025"]
    hub = view.summary_source.set_index("group").loc["keras-hub"]
    assert (hub["papers"], hub["median_months"], hub["within_12"], hub["within_24"]) == (
        1,
        17.0,
        0.0,
        1.0,
    )
    assert view.newest.paper_id == "arxiv:2507.00003" and view.newest.lag_months == 5


def test_lags_take_the_papers_filter_and_window(con):
    only = metrics.port_lags(con, metrics.PaperFilter(search="gamma"))
    assert set(only["paper_id"]) == {"arxiv:2507.00003"}
    assert set(metrics.port_lags(con, until=date(2024, 12, 31))["paper_id"]) == {REF}
    assert metrics.port_lag_view(con, since=date(2027, 1, 1)).newest is None


def test_paper_month_reads_new_style_ids_only():
    assert paper_month("2401.10891v2") == date(2024, 1, 1)
    assert paper_month("0704.0001") == date(2007, 4, 1)
    assert paper_month("hep-th/9901001") is None and paper_month("2413.00001") is None
