"""bench/peer_bench.py's rules and inputs (the bench itself is not part of `make test`)."""

from __future__ import annotations

import json
import sys

from analysis.classify.reconstruct import code_reconstruction
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import checkouts  # noqa: E402
import peer_bench  # noqa: E402


def test_framework_rules_on_peer_output():
    assert peer_bench.framework_by_names(["torch", "torchvision", "jax", "numpy"]) == "pytorch"
    assert peer_bench.framework_by_names(["jax", "flax", "tensorflow"]) == "jax"
    assert peer_bench.framework_by_names(["keras", "numpy"]) == "tensorflow"
    assert peer_bench.framework_by_names(["numpy"]) == "none"
    rows = "a,torch\na,numpy\nb,tensorflow\nc,tensorflow.keras\nc,torch\nd,keras\n"
    assert peer_bench.framework_by_modules(rows) == "tensorflow"  # 3 modules against 2
    assert peer_bench.framework_by_modules("a,numpy\n") == "none"
    assert peer_bench.our_label({"code_status": "none-dl", "primary": "unknown"}) == "none"
    assert peer_bench.our_label({"code_status": "released", "primary": "jax"}) == "jax"


def test_import_majority_is_labels_csv_rule(tmp_path):
    (tmp_path / "a.py").write_text("import torch\nimport tensorflow as tf\n")
    (tmp_path / "b.py").write_text("from tensorflow import keras\n")
    (tmp_path / "c.py").write_text("def broken(:\n")
    assert checkouts.import_majority(tmp_path) == "tensorflow"
    (tmp_path / "b.py").write_text("import os\n")
    assert checkouts.import_majority(tmp_path) == "pytorch"  # a tie: FRAMEWORKS order
    assert checkouts.import_majority(tmp_path / "nope") == "no-code"


def test_materialised_checkout_holds_manifests_code_and_readme(corpus, tmp_path):
    rows = [r for r in checkouts.corpus_rows(corpus) if r["repo"] == "1nyourlife/Crossvl_cvpr2026"]
    (dest,) = checkouts.materialise(corpus, tmp_path, rows)
    src = corpus / "repos" / rows[0]["repo"]
    imports = json.loads((src / "imports.json").read_text())["files"]
    path, modules = next(iter(imports.items()))
    assert (dest / path).read_bytes() == code_reconstruction(path, modules)
    assert (dest / "requirements.txt").read_bytes() == (src / "files/requirements.txt").read_bytes()
    assert (dest / checkouts.MARKER).read_text() == rows[0]["commit"]
    assert checkouts.materialise(corpus, tmp_path, rows) == [dest]  # re-used, not rewritten


def test_given_checkouts_take_truth_csv_then_the_import_majority(tmp_path):
    for name, text in (("a", "import jax\n"), ("b", "import torch\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.py").write_text(text)
    (tmp_path / "truth.csv").write_text("folder,label\nb,tensorflow\n")
    paths, truth = peer_bench.given_checkouts(tmp_path)
    assert [p.name for p in paths] == ["a", "b"]
    assert truth == {str(tmp_path / "a"): {"jax"}, str(tmp_path / "b"): {"tensorflow"}}


def test_report_fails_when_a_tool_measured_nothing(capsys):
    truth = {"x": {"pytorch"}}
    ok = [
        peer_bench.Result(t, 1.0, {"x": "pytorch"}) for t in ("ours", "pipreqs CLI", "pipreqs scan")
    ]
    assert peer_bench.report(ok, truth) == 0
    failed = [*ok, peer_bench.Result("findimports CLI", 1.0, {"x": "failed"})]
    assert peer_bench.report(failed, truth) == 1
    assert "measured nothing: findimports CLI" in capsys.readouterr().err
