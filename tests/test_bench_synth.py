"""The synthetic store used by the dashboard benchmark: realistic shape, seeded, copies scale it."""

from __future__ import annotations

import pytest

from analysis import metrics, store
from bench import synth


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "s.duckdb"
    # 120 papers from a base of 60: 60 written through analysis.store, 60 bulk copies.
    assert synth.build(path, 120, seed=1, base=60) == 120
    con = store.connect(path, read_only=True)
    yield con
    con.close()


def test_generate_is_seeded():
    a, b = synth.generate(50, seed=3), synth.generate(50, seed=3)
    assert a.papers == b.papers and a.ports == b.ports
    assert synth.generate(50, seed=4).papers != a.papers


def test_generated_records_cover_every_status_and_ladder_level():
    data = synth.generate(1500, seed=0)
    statuses = {label.code_status for _, label in data.repos if label}
    assert {"released", "placeholder", "none-dl"} <= statuses
    assert any(label is None for _, label in data.repos)  # unlabelled and missing repos
    assert {p.level for p in data.ports} == {0, 1, 2, 3, 4, 5}
    published = {p.paper_id: p.published for p in data.papers}
    dated = [p for p in data.ports if published[p.paper_id]]
    assert dated and all(p.first_seen >= published[p.paper_id] for p in dated)


def test_synthetic_store_is_pytorch_dominant_with_honest_slices(small):
    share = metrics.framework_share(small, cv_only=False).set_index("framework")["share"]
    assert share.idxmax() == "pytorch" and share["pytorch"] > 0.5
    assert {"no code yet", "unknown"} <= set(share.index)


def test_copies_double_every_table_with_distinct_ids(small):
    counts = {
        t: small.execute(f"SELECT count(*), count(DISTINCT {k}) FROM {t}").fetchall()[0]
        for t, k in (("papers", "paper_id"), ("repos", "repo"))
    }
    assert counts["papers"] == (120, 120)
    assert counts["repos"][0] == counts["repos"][1] and counts["repos"][0] % 2 == 0
    assert metrics.provenance(small).items["sources"] == "synthetic (n=120, seed=1)"
