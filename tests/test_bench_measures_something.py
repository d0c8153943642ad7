"""Every bench exits non-zero when it measured nothing (and the refresh bench when a target is
missed): checked on empty inputs, without running the benches themselves."""

from __future__ import annotations

import pytest

from bench import classifier_eval, classifier_speed, dashboard_bench, refresh_bench


def _rates(stored: int, papers_per_s: float, api: float = 2.0) -> dict[str, float]:
    return {"papers": stored, "stored": stored, "repos": 10, "seconds": 1.0,
            "papers_per_s": papers_per_s, "api_per_repo": api, "graphql_per_repo": 0.01,
            "raw_per_repo": 3.0}  # fmt: skip


@pytest.mark.parametrize(
    ("seq", "par", "gql", "code"),
    [
        (_rates(40, 1.0), _rates(566, 12.0), _rates(566, 20.0), 0),
        (_rates(0, 0.0), _rates(566, 12.0), _rates(566, 20.0), 1),  # nothing at concurrency 1
        (_rates(40, 1.0), _rates(0, 0.0), _rates(566, 20.0), 1),
        (_rates(40, 1.0), _rates(566, 12.0), _rates(0, 0.0), 1),
        (_rates(40, 2.0), _rates(566, 12.0), _rates(566, 20.0), 1),  # 6x < 10x
        (_rates(40, 1.0), _rates(566, 12.0, api=3.0), _rates(566, 20.0), 1),  # > 2 per repo
    ],
)
def test_refresh_bench_fails_on_an_empty_run_or_a_missed_target(seq, par, gql, code, capsys):
    assert refresh_bench.report(seq, par, gql, 16) == code
    out = capsys.readouterr().out
    assert ("FAILED" in out or "TARGET MISSED" in out) == bool(code)


def _empty_corpus(tmp_path):
    (tmp_path / "labels.csv").write_text(
        "repo,commit,label,ambiguous,counts,code_files,venue,year\n"
    )
    return tmp_path


def test_classifier_benches_fail_on_a_corpus_without_repositories(tmp_path):
    corpus = _empty_corpus(tmp_path)
    assert classifier_speed.main(["--corpus", str(corpus), "--rounds", "1"]) == 1
    assert classifier_eval.main(["--corpus", str(corpus)]) == 1


def test_dashboard_bench_fails_on_a_store_without_papers(tmp_path):
    from analysis import store

    db = tmp_path / "empty.duckdb"
    store.connect(db).close()
    assert dashboard_bench.bench(db, 0, 1) is False
