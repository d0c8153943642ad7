"""Metrics over a hand-built seven-paper store (tests/metrics_db.py): exact frames and numbers."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import metrics, store
from analysis.metrics.gap import Gap, PaperFilter
from analysis.metrics.window import Window
from analysis.models import Port
from tests import metrics_db


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    return metrics_db.build(tmp_path_factory.mktemp("metrics") / "m.duckdb")


@pytest.fixture
def db(tmp_path, shared_db):
    """A private copy for tests that write or replace the file."""
    path = tmp_path / "m.duckdb"
    shutil.copyfile(shared_db, path)
    return path


@pytest.fixture
def con(shared_db):
    con = store.connect(shared_db, read_only=True)
    yield con
    con.close()


def frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def check(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert_frame_equal(actual.reset_index(drop=True), expected, check_dtype=False)


def test_framework_share_has_no_code_yet_and_unknown_slices_last(con):
    # Frameworks largest first, then the slices in a fixed order. lab/alpha's newer head label
    # (pytorch) wins over its older TensorFlow label; lab/eps is linked but never labelled ->
    # unknown; papers without an official repo are not in the share.
    expected = frame(
        [("pytorch", 2, 0.4), ("tensorflow", 1, 0.2), ("no code yet", 1, 0.2), ("unknown", 1, 0.2)],
        ["framework", "papers", "share"],
    )
    check(metrics.framework_share(con), expected)


def test_framework_share_outside_cv_adds_the_jax_paper(con):
    share = metrics.framework_share(con, cv_only=False).set_index("framework")["papers"]
    assert share.to_dict() == {
        "pytorch": 2, "jax": 1, "no code yet": 1, "tensorflow": 1, "unknown": 1,
    }  # fmt: skip


def test_gap_counts_numerator_denominator_and_exclusions(con):
    # released + known framework: alpha (pytorch, no port), beta (tensorflow), gamma (pytorch,
    # level-4 port). Only alpha is in the gap; gamma is closed by its port. Excluded: delta (no
    # code yet), eps (unlabelled -> unknown), zeta (no official repo); no paper lacks a DL
    # framework. Denominator + exclusions = the six CV papers.
    g = metrics.gap(con)
    assert g == Gap(
        numerator=1, denominator=3, share=1 / 3, excluded_no_code_yet=1, excluded_unknown=1,
        closed_by_port=1, excluded_no_dl=0, excluded_no_official=1,
    )  # fmt: skip
    assert g.in_scope == metrics.headline(con).in_scope == 6


def test_gap_outside_cv_counts_jax_code_as_not_deployable(con):
    g = metrics.gap(con, cv_only=False)
    assert (g.numerator, g.denominator) == (2, 4)


def test_a_level_zero_deployment_signal_does_not_close_the_gap(db):
    con = store.connect(db)
    store.upsert_ports(con, [Port("arxiv:2501.00001", "u", "hf-model", "onnx", None, 1)])
    metrics.refresh_facts(con)
    assert metrics.gap(con).numerator == 1
    store.upsert_ports(con, [Port("arxiv:2501.00001", "k", "keras-hub", "keras3", "keras", 3)])
    metrics.refresh_facts(con)
    assert (metrics.gap(con).numerator, metrics.gap(con).closed_by_port) == (0, 2)
    con.close()


def test_headline_numbers(con):
    h = metrics.headline(con)
    assert (h.papers, h.cv_papers, h.in_scope) == (7, 6, 6)
    assert (h.with_official_code, h.with_released_code, h.no_code_yet, h.unknown) == (5, 3, 1, 1)
    assert h.with_port == 1
    assert h.placeholder_rate == pytest.approx(1 / 5)
    # gamma: published 2025-07-15, first port at level >= 1 (ONNX) seen 2025-09-01.
    assert h.median_days_to_first_port == 48.0


def test_share_by_month_places_undated_venue_papers_at_the_venue_month(con):
    # alpha has no date but is CVPR 2025 -> June; each month carries its N.
    expected = frame(
        [("2025-02", "tensorflow", 1, 1.0, 1), ("2025-05", "no code yet", 1, 1.0, 1),
         ("2025-06", "pytorch", 1, 1.0, 1), ("2025-07", "pytorch", 1, 1.0, 1),
         ("2025-08", "unknown", 1, 1.0, 1)],
        ["month", "framework", "papers", "share", "month_papers"],
    )  # fmt: skip
    check(metrics.framework_share_by_month(con), expected)


def test_every_metric_answers_for_the_window_only(con):
    # (2025-03-01, 2025-09-01]: zeta, delta, alpha (CVPR -> June), gamma, eps; beta (Feb) is out.
    win = Window(6, date(2025, 9, 1))
    h = metrics.headline(con, window=win)
    assert (h.in_scope, h.with_official_code, h.no_official, h.no_code_yet, h.unknown) == (
        5, 4, 1, 1, 1)  # fmt: skip
    assert (h.no_dl, h.with_tf_port) == (0, 1)  # gamma's level-4 port
    g = metrics.gap(con, window=win)
    assert (g.numerator, g.denominator, g.closed_by_port) == (1, 2, 1)
    assert g.excluded == {"no official code": 1, "no code yet": 1, "unknown": 1, "none-dl": 0}
    assert g.in_scope == h.in_scope
    share = metrics.framework_share(con, window=win).set_index("framework")["papers"]
    assert share.to_dict() == {"pytorch": 2, "no code yet": 1, "unknown": 1}
    assert set(metrics.framework_share_by_month(con, window=win)["month"]) == {
        "2025-05", "2025-06", "2025-07", "2025-08"}  # fmt: skip
    assert metrics.ladder_distribution(con, window=win)["papers"].sum() == 5
    assert metrics.days_to_first_port(con, window=win)["paper_id"].tolist() == ["arxiv:2507.00003"]
    assert metrics.framework_share_by_venue_year(con, window=win)["venue_year"].tolist() == [
        "CVPR 2025", "ICCV 2025"]  # fmt: skip


def test_a_window_with_no_papers_gives_zeros_not_errors(con):
    win = Window(6, date(2030, 1, 1))
    assert metrics.headline(con, window=win).in_scope == 0
    g = metrics.gap(con, window=win)
    assert (g.denominator, g.share, g.in_scope) == (0, None, 0)
    assert metrics.framework_share(con, window=win).empty
    assert metrics.framework_share_by_month(con, window=win).empty
    prov = metrics.provenance(con, window=win)
    assert (prov.first_paper, prov.last_paper, prov.as_of) == (None, None, date(2026, 1, 15))


def test_provenance_names_the_windows_oldest_and_newest_paper(con):
    prov = metrics.provenance(con, window=Window(6, date(2025, 9, 1)))
    assert (prov.first_paper, prov.last_paper) == (date(2025, 3, 3), date(2025, 8, 1))
    assert metrics.provenance(con).window is None


def test_papers_page_filters_by_window_and_shows_the_dates(con):
    f = PaperFilter(window=Window(6, date(2025, 9, 1)), cv_only=True)
    page = metrics.papers_page(con, f)
    assert page.total == 5
    rows = page.rows.set_index("paper_id")
    # alpha is undated: its ref_date is its venue's month; the date-source columns exist
    # (empty) whether or not the store has them.
    assert pd.isna(rows.loc["arxiv:2501.00001", "published"])
    assert rows.loc["arxiv:2501.00001", "ref_date"] == pd.Timestamp(2025, 6, 1)
    assert {"published_source", "published_precision", "arxiv_published"} <= set(rows.columns)


def test_share_by_venue_year_only_counts_papers_with_a_venue(con):
    expected = frame(
        [("CVPR 2025", "CVPR", 2025, "pytorch", 1, 1.0),
         ("ICCV 2025", "ICCV", 2025, "pytorch", 1, 1.0)],
        ["venue_year", "venue", "year", "framework", "papers", "share"],
    )  # fmt: skip
    check(metrics.framework_share_by_venue_year(con), expected)


def test_ladder_distribution_lists_every_level(con):
    out = metrics.ladder_distribution(con)
    assert list(out["level"]) == [0, 1, 2, 3, 4, 5]
    assert list(out["papers"]) == [5, 0, 0, 0, 1, 0]
    assert out["share"].sum() == pytest.approx(1.0)


def test_days_to_first_port_and_histogram(con):
    days = metrics.days_to_first_port(con)
    assert days[["paper_id", "days"]].values.tolist() == [["arxiv:2507.00003", 48]]
    hist = metrics.days_to_first_port_histogram(con)
    assert hist.set_index("bin")["papers"].to_dict() == {
        "< 0": 0, "0-30": 0, "31-90": 1, "91-180": 0, "181-365": 0, "366-730": 0, "> 730": 0,
    }  # fmt: skip


def test_search_is_a_literal_case_insensitive_substring(con):
    assert metrics.papers_page(con, PaperFilter(search="50%")).total == 1
    assert metrics.papers_page(con, PaperFilter(search="ALPHA")).total == 1
    assert metrics.papers_page(con, PaperFilter(search="5_%")).total == 0
    hostile = PaperFilter(search="'; DROP TABLE papers; --")
    assert metrics.papers_page(con, hostile).total == 0
    assert metrics.headline(con).papers == 7


def test_papers_filters_combine_and_page(con):
    both = PaperFilter(frameworks=("pytorch",), min_port_level=3)
    assert list(metrics.papers_page(con, both).rows["paper_id"]) == ["arxiv:2507.00003"]
    venues = PaperFilter(venues=("CVPR", "ICCV"), years=(2025,))
    assert metrics.papers_page(con, venues, sort="title").rows["title"].tolist() == [
        "Alpha: 50% faster segmentation",
        "Gamma depth",
    ]
    status = PaperFilter(code_statuses=("placeholder", "none"))
    assert set(metrics.papers_page(con, status).rows["paper_id"]) == {
        "arxiv:2505.00004", "arxiv:2503.00006",
    }  # fmt: skip
    page = metrics.papers_page(con, PaperFilter(), page=1, page_size=3)
    # Newest first: Eps 08-01, Gamma 07-15, Delta 05-01 | Eta 04-04, Zeta 03-03, Beta 02-10.
    assert page.total == 7
    assert page.rows["paper_id"].tolist() == [
        "arxiv:2504.00007", "arxiv:2503.00006", "arxiv:2502.00002",
    ]  # fmt: skip


def test_filter_options_list_present_values(con):
    opts = metrics.filter_options(con)
    assert opts.venues == ("CVPR", "ICCV")
    assert opts.years == (2025,)
    assert set(opts.code_statuses) == {"released", "placeholder", "unlabelled", "none"}


def test_paper_detail_prefers_the_authors_link_and_parses_evidence(con):
    d = metrics.paper_detail(con, "arxiv:2501.00001")
    assert (d.framework, d.code_status, d.best_level) == ("pytorch", "released", 0)
    preferred = [r for r in d.repos if r.preferred]
    assert [r.repo.full_name for r in preferred] == ["lab/alpha"]
    assert preferred[0].provenance == "hf:githubRepo"
    assert preferred[0].label.primary == "pytorch" and preferred[0].label.commit == "a2"
    assert preferred[0].label.evidence[0].file == "train.py"
    assert [p.kind for p in d.ports] == ["onnxruntime"]
    assert metrics.paper_detail(con, "arxiv:0000.00000") is None


def test_paper_detail_lists_ports_best_first(con):
    d = metrics.paper_detail(con, "arxiv:2507.00003")
    assert [(p.level, p.kind) for p in d.ports] == [(4, "tf-keras"), (1, "onnx")]
    assert d.ports[0].first_seen == date(2025, 12, 1)


def test_exercise_pool_is_the_windows_cv_papers_with_released_code(con):
    # As of the snapshot date (2026-01-15); CV + released + known framework: alpha (CVPR 2025,
    # undated: June), beta, gamma (eta is cs.LG, delta a placeholder, eps unlabelled).
    pool = metrics.exercise_pool(con, months=12)
    assert pool.window == metrics.Window(12, date(2026, 1, 15))
    assert pool.ids == ("arxiv:2501.00001", "arxiv:2502.00002", "arxiv:2507.00003")
    assert list(pool.papers.columns) == ["paper_id", "title", "venue", "year", "ref_date"]
    assert metrics.exercise_pool(con, months=None).ids == pool.ids
    # Six months back is 2025-07-15, and the window is half-open: gamma (07-15) is just out.
    assert metrics.exercise_pool(con).ids == () and metrics.exercise_paper(con) is None


def test_exercise_paper_draws_without_repeats_and_is_seeded(con):
    picks = {metrics.exercise_paper(con, months=12, seed=s).paper.paper_id for s in range(20)}
    assert picks == {"arxiv:2501.00001", "arxiv:2502.00002", "arxiv:2507.00003"}
    first = metrics.exercise_paper(con, months=12, seed=3).paper.paper_id
    assert metrics.exercise_paper(con, months=12, seed=3).paper.paper_id == first
    done = ("arxiv:2501.00001", "arxiv:2502.00002")
    assert {metrics.exercise_paper(con, months=12, seed=s, exclude=done).paper.paper_id
            for s in range(10)} == {"arxiv:2507.00003"}  # fmt: skip
    assert metrics.exercise_paper(con, months=12, exclude=(*done, "arxiv:2507.00003")) is None
    assert metrics.draw(["a", "b"], {"a"}, seed=1) == "b" and metrics.draw([], (), 1) is None
    # Gamma (07-15) is within two months of 09-01 but not within one; Eps (08-01) is unlabelled.
    assert metrics.exercise_paper(con, months=1, as_of=date(2025, 9, 1)) is None
    assert (
        metrics.exercise_paper(con, months=2, as_of=date(2025, 9, 1)).paper.title == "Gamma depth"
    )


def test_exercise_paper_dates_venue_only_papers_by_the_venue_month(con):
    # Alpha has no publication date; CVPR 2025 places it at 2025-06-01, within 3 months of 08-31.
    picks = {
        metrics.exercise_paper(con, months=3, seed=s, as_of=date(2025, 8, 31)).paper.paper_id
        for s in range(20)
    }
    assert picks == {"arxiv:2501.00001", "arxiv:2507.00003"}


def test_exercise_paper_finds_a_paper_when_no_paper_has_a_date(db):
    con = store.connect(db)
    con.execute("UPDATE papers SET published = NULL")  # a snapshot built from curated lists
    con.close()
    con = store.connect(db, read_only=True)
    try:
        picked = metrics.exercise_paper(con, months=6, seed=1)
    finally:
        con.close()
    assert picked is not None and picked.paper.published is None
    # ICCV 2025 is dated by its month (October), inside the six months before 2026-01-15.
    assert (picked.paper.venue, picked.paper.year) == ("ICCV", 2025)


def test_provenance_reads_meta(con):
    prov = metrics.provenance(con)
    assert prov.snapshot_date == "2026-01-15"
    assert prov.classifier_version == metrics_db.VERSION
    assert prov.items["snapshot_date"] == "2026-01-15"
    assert prov.sources == ("arxiv", "hf", "lists")


def test_a_republished_snapshot_is_seen_by_the_next_connection(db, tmp_path):
    con = store.connect(db, read_only=True)
    assert metrics.headline(con).papers == 7
    con.close()
    work = tmp_path / "work.duckdb"
    shutil.copyfile(db, work)
    w = store.connect(work)
    w.execute("DELETE FROM papers WHERE paper_id = 'arxiv:2503.00006'")
    w.close()
    os.replace(work, db)  # what store.publish does
    con = store.connect(db, read_only=True)
    assert metrics.headline(con).papers == 6
    con.close()


def test_metrics_work_after_the_caller_left_a_result_open(db):
    con = store.connect(db, read_only=True)
    con.execute("SELECT * FROM papers").fetchone()  # unfinished result
    assert metrics.headline(con).papers == 7
    con.close()


def test_a_publish_during_a_read_does_not_file_old_facts_under_the_new_snapshot(tmp_path):
    public = tmp_path / "cvgap.duckdb"
    work = metrics_db.build(store.work_path(public))
    w = store.connect(work)
    store.publish(w, public)
    reader = store.connect(public, read_only=True)  # opened on the first snapshot
    w.execute("DELETE FROM papers WHERE paper_id = 'arxiv:2503.00006'")
    store.publish(w, public)  # replaced before the reader asks for anything
    w.close()
    assert metrics.headline(reader).papers == 7  # the reader still sees its own file
    reader.close()
    fresh = store.connect(public, read_only=True)
    assert metrics.headline(fresh).papers == 6
    assert metrics.provenance(fresh).items["published_at"] > "2026"
    fresh.close()


def test_papers_page_reads_the_date_source_columns_when_the_store_has_them(db):
    con = store.connect(db)
    existing = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'papers'").fetchall()}  # fmt: skip
    for column, kind in (("published_source", "VARCHAR"), ("published_precision", "VARCHAR"),
                         ("arxiv_published", "DATE")):  # fmt: skip
        if column not in existing:  # a store from before they were added
            con.execute(f"ALTER TABLE papers ADD COLUMN {column} {kind}")
    con.execute("UPDATE papers SET published_source = 'arxiv', published_precision = 'day', "
                "arxiv_published = published WHERE paper_id = 'arxiv:2502.00002'")  # fmt: skip
    con.close()
    con = store.connect(db, read_only=True)
    try:
        rows = metrics.papers_page(con, PaperFilter(search="Beta")).rows
    finally:
        con.close()
    assert rows[["published_source", "published_precision"]].iloc[0].tolist() == ["arxiv", "day"]
    assert rows["arxiv_published"].iloc[0] == pd.Timestamp(2025, 2, 10)
