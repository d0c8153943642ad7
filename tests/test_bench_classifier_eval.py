"""bench/classifier_eval.py: the manifests-only view hides code and README; bars per mode."""

from __future__ import annotations

import sys

from analysis.classify.extract import MANIFEST_FAMILIES, family_of
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import classifier_eval  # noqa: E402

REPO = ("1nyourlife", "Crossvl_cvpr2026")


def test_manifests_view_keeps_the_tree_and_recorded_manifests_only(corpus):
    repo_dir = corpus / "repos" / REPO[0] / REPO[1]
    scraper = classifier_eval.snapshot_from_dir(repo_dir)
    view = classifier_eval.manifests_view(repo_dir)
    assert view.tree == scraper.tree
    assert view.files and set(view.files) < set(scraper.files)
    assert all(family_of(p) in MANIFEST_FAMILIES for p in view.files)
    assert all((repo_dir / "files" / p).is_file() for p in view.files)


def test_main_fails_without_a_corpus(tmp_path, capsys):
    assert classifier_eval.main(["--corpus", str(tmp_path)]) == 2
    assert "no labels.csv" in capsys.readouterr().err
