"""The classifier against ../shared/corpus labels (skips when the corpus is absent)."""

from __future__ import annotations

import csv
import json

import pytest

from analysis.classify.label import classify
from analysis.classify.local import snapshot_from_dir

MUST_BE_RIGHT = ("tensorflow", "jax", "paddle", "megengine")


def rows(corpus):
    with (corpus / "labels.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def predicted(label) -> str:
    return {"placeholder": "no-code", "none-dl": "none"}.get(label.code_status, label.primary)


def acceptable(row) -> set[str]:
    counts = json.loads(row["counts"] or "{}")
    ok = {row["label"]}
    if row["ambiguous"] == "1" and counts:
        ok |= {f for f, n in counts.items() if n >= 0.3 * max(counts.values())}
    return ok


def test_every_tensorflow_jax_paddle_megengine_repo_is_right(corpus):
    wrong = []
    for row in rows(corpus):
        if row["label"] in MUST_BE_RIGHT:
            label = classify(snapshot_from_dir(corpus / "repos" / row["repo"]))
            if predicted(label) not in acceptable(row):
                wrong.append((row["repo"], row["label"], predicted(label)))
    assert wrong == []


def test_agreement_on_repos_whose_manifests_name_a_framework(corpus):
    right = total = 0
    for row in rows(corpus):
        label = classify(snapshot_from_dir(corpus / "repos" / row["repo"]))
        if any(e.kind == "manifest" and e.framework for e in label.evidence):
            total += 1
            right += predicted(label) in acceptable(row)
    assert total > 100
    assert right / total >= 0.97


def test_no_code_repos_are_placeholders(corpus):
    placeholders = [r for r in rows(corpus) if r["label"] == "no-code"]
    if not placeholders:
        pytest.skip("corpus has no no-code repositories")
    for row in placeholders:
        assert (
            classify(snapshot_from_dir(corpus / "repos" / row["repo"])).code_status == "placeholder"
        )
