"""bench/ports_eval.py's bookkeeping: a port counts as found only at its recorded URL, the
violations are official repositories and recorded forks, and nothing evaluated fails."""

from __future__ import annotations

import sys
from datetime import date

from analysis.models import Paper, Port, RepoRef
from tests.conftest import ROOT
from tests.ports_corpus import Case

sys.path.insert(0, str(ROOT / "bench"))
import ports_eval  # noqa: E402


def _port(paper_id: str, url: str, source: str = "kecam", level: int = 2) -> Port:
    return Port(paper_id, url, source, "keras3", "keras", level, "e", date(2024, 1, 1), True,
                "first-commit")  # fmt: skip


def test_found_means_the_recorded_url_and_the_best_level_is_kept():
    case = Case("2401.10891", None, "kecam", "https://github.com/a/b/tree/HEAD/m", "keras3",
                "2024-01-02", 0)  # fmt: skip
    other = Case("2304.02643", None, "kecam", "https://github.com/a/b/tree/HEAD/sam", "keras3",
                 "2024-01-02", 9)  # fmt: skip
    found = {
        "arxiv:2401.10891": [
            _port("arxiv:2401.10891", "https://github.com/A/B/tree/HEAD/m"),
            _port("arxiv:2401.10891", case.url, level=3),
        ],
        "arxiv:2304.02643": [_port("arxiv:2304.02643", "https://github.com/a/b/tree/HEAD/x")],
    }
    results = ports_eval.evaluate([case, other], found)
    assert [(c.arxiv_id, p.level if p else None) for c, p in results] == [
        ("2401.10891", 3),
        ("2304.02643", None),
    ]
    assert ports_eval.report_recall(results) == 0.5


def test_official_repositories_and_recorded_forks_are_violations(capsys):
    paper = Paper("arxiv:1", "t", "b", arxiv_id="2601.00001")
    sample = [(paper, RepoRef("lab", "code"))]
    found = {"arxiv:1": [_port("arxiv:1", "https://github.com/lab/code", "github-search"),
                         _port("arxiv:1", "https://github.com/x/fork", "github-search"),
                         _port("arxiv:1", "https://github.com/lab/code/blob/HEAD/a.onnx",
                               "official-repo")]}  # fmt: skip
    assert ports_eval.report_false_ports(sample, found, {"x/fork"}) == 2
    out = capsys.readouterr().out
    assert "OFFICIAL REPO" in out and "FORK" in out and "a.onnx" in out


def test_nothing_to_evaluate_exits_two(tmp_path):
    assert ports_eval.main(["--corpus", str(tmp_path)]) == 2
