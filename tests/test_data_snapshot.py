"""The bundled snapshot (data/cvgap.duckdb) as shipped: dated, recent, with dated ports.

These read the committed file, so a rebuild that loses the 2026 papers, their dates or the ports
fails here (the figures themselves come from `make snapshot` on ../shared/corpus).
"""

from datetime import date

import duckdb
import pytest

from analysis import metrics, store
from analysis.metrics.window import as_of, window

pytestmark = pytest.mark.skipif(not store.DEFAULT_DB.exists(), reason="no bundled snapshot")


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect(str(store.DEFAULT_DB), read_only=True)
    yield c
    c.close()


def test_every_paper_has_a_date_with_its_source_and_precision(con):
    total, dated, sourced = con.execute(
        "SELECT count(*), count(published), count(published_source) FROM papers"
    ).fetchone()
    assert total > 0 and dated == total and sourced == total
    rows = con.execute("SELECT DISTINCT published_precision FROM papers").fetchall()
    precisions = {r[0] for r in rows}
    assert precisions <= {"day", "month"}


def test_at_least_150_papers_of_the_last_six_months_have_a_labelled_official_repo(con):
    (n,) = con.execute(
        "SELECT count(DISTINCT p.paper_id) FROM papers p JOIN paper_code c USING (paper_id) "
        "JOIN labels l ON l.repo = c.repo WHERE c.is_official AND p.published >= DATE '2026-06-01'"
    ).fetchone()
    assert n >= 150


def test_the_window_counts_back_from_the_recording_day_and_holds_2026_papers(con):
    assert as_of(con) == date(2026, 12, 2)
    win = window(con, 6)
    head = metrics.headline(con, cv_only=True, window=win)
    assert win.since == date(2026, 6, 2) and head.in_scope >= 150
    assert head.with_official_code >= 150


def test_ports_at_level_1_or_more_are_dated_by_records_for_60_papers_and_none_is_official(con):
    (papers,) = con.execute(
        "SELECT count(DISTINCT paper_id) FROM ports WHERE level >= 1 AND first_seen IS NOT NULL "
        "AND first_seen_source IS NOT NULL"
    ).fetchone()
    assert papers >= 60
    # Signals inside the official repository (its own TFLite export, source 'official-repo') are
    # the ladder's; a port *found* for the paper must never be that repository or a fork of it.
    (bad,) = con.execute(
        "SELECT count(*) FROM ports p JOIN paper_code c ON c.paper_id = p.paper_id "
        "AND c.is_official AND lower(p.url) LIKE '%github.com/' || c.repo || '%' "
        "WHERE p.source <> 'official-repo'"
    ).fetchone()
    assert bad == 0
    (forks,) = con.execute(
        "SELECT count(*) FROM ports p JOIN repos r ON lower(p.url) LIKE '%github.com/' || r.repo "
        "WHERE r.fork"
    ).fetchone()
    assert forks == 0


def test_the_reference_sample_is_named_and_kept_out_of_the_discovered_shares(con):
    metrics.ensure_facts(con)
    samples = dict(con.execute("SELECT sample, count(*) FROM paper_facts GROUP BY 1").fetchall())
    assert samples.get("reference", 0) > 0 and samples.get("discovered", 0) > 0
    win = window(con, None)
    head = metrics.headline(con, cv_only=False, window=win)
    assert head.papers <= samples["discovered"]
