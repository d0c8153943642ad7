"""Classifier vs ../shared/corpus labels.csv: confusion matrix, agreement, every disagreement."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.classify.label import classify
from analysis.classify.local import snapshot_from_dir
from analysis.classify.reconstruct import code_reconstruction
from analysis.models import Label, RepoSnapshot

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
MUST_BE_RIGHT = ("tensorflow", "jax", "paddle", "megengine")


@dataclass(frozen=True)
class Case:
    """One corpus repository: ground truth, what is acceptable, and the classifier's label."""

    repo: str
    truth: str
    acceptable: frozenset[str]
    counts: dict[str, int]
    label: Label

    @property
    def predicted(self) -> str:
        """The label in labels.csv vocabulary (`no-code`, `none`, or a framework)."""
        if self.label.code_status == "placeholder":
            return "no-code"
        if self.label.code_status == "none-dl":
            return "none"
        return self.label.primary

    @property
    def right(self) -> bool:
        return self.predicted in self.acceptable

    @property
    def manifest_names_framework(self) -> bool:
        return any(e.kind == "manifest" and e.framework for e in self.label.evidence)


def acceptable(row: dict[str, str], counts: dict[str, int]) -> frozenset[str]:
    """The label, plus the runner-up framework when labels.csv marks the repo ambiguous."""
    ok = {row["label"]}
    if row.get("ambiguous") == "1" and counts:
        top = max(counts.values())
        ok |= {framework for framework, n in counts.items() if n >= 0.3 * top}
    return frozenset(ok)


def full_view(repo_dir: Path) -> RepoSnapshot:
    """A full-checkout proxy: every code file of imports.json, not just the sampled ones."""
    snap = snapshot_from_dir(repo_dir)
    imports = json.loads((repo_dir / "imports.json").read_text()).get("files", {})
    code = {path: code_reconstruction(path, modules) for path, modules in imports.items()}
    return replace(snap, files={**snap.files, **code})


def evaluate(corpus: Path, full: bool = False) -> list[Case]:
    """Classify every repository listed in labels.csv (the scraper's view, or a full one)."""
    cases = []
    view = full_view if full else snapshot_from_dir
    with (corpus / "labels.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            counts = json.loads(row["counts"] or "{}")
            label = classify(view(corpus / "repos" / row["repo"]))
            cases.append(Case(row["repo"], row["label"], acceptable(row, counts), counts, label))
    return cases


def confusion(cases: list[Case]) -> str:
    """Rows: ground truth; columns: predicted."""
    pairs = Counter((c.truth, c.predicted) for c in cases)
    names = sorted({c.truth for c in cases} | {c.predicted for c in cases})
    width = max(len(n) for n in names) + 2
    lines = ["truth \\ predicted".ljust(width) + "".join(n[:10].rjust(11) for n in names)]
    for truth in names:
        cells = "".join(str(pairs.get((truth, p), "")).rjust(11) for p in names)
        lines.append(truth.ljust(width) + cells)
    return "\n".join(lines)


def summary(label: Label) -> str:
    """Evidence counts per (kind, framework) and the notes."""
    counts = Counter((e.kind, e.framework) for e in label.evidence if e.framework)
    parts = [f"{kind}:{fw}={n}" for (kind, fw), n in sorted(counts.items())]
    notes = [e.detail for e in label.evidence if e.kind == "note"]
    return ", ".join(parts) + (f" | notes: {notes}" if notes else "")


def report(cases: list[Case]) -> int:
    """Print the numbers; exit status 1 when a bar is missed."""
    subset = [c for c in cases if c.manifest_names_framework]
    must = [c for c in cases if c.truth in MUST_BE_RIGHT]
    rate = sum(c.right for c in subset) / max(1, len(subset))
    print(confusion(cases))
    print(f"\nrepos: {len(cases)}")
    print(
        f"overall agreement: {sum(c.right for c in cases)}/{len(cases)} "
        f"({100 * sum(c.right for c in cases) / max(1, len(cases)):.1f} %)"
    )
    print(
        f"manifest-naming subset: {sum(c.right for c in subset)}/{len(subset)} "
        f"({100 * rate:.1f} %, bar 97 %)"
    )
    print(f"tensorflow/jax/paddle/megengine right: {sum(c.right for c in must)}/{len(must)}")
    wrong = [c for c in cases if not c.right]
    print(f"\ndisagreements: {len(wrong)}")
    for c in wrong:
        print(
            f"- {c.repo}: truth {c.truth} {c.counts} -> {c.predicted} "
            f"{c.label.frameworks} conf {c.label.confidence}\n    {summary(c.label)}"
        )
    return 0 if rate >= 0.97 and all(c.right for c in must) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="corpus directory with labels.csv and repos/ (default: %(default)s)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="classify every code file of imports.json (a proxy for full local checkouts)",
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "labels.csv").is_file():
        print(f"error: no labels.csv under {args.corpus}", file=sys.stderr)
        return 2
    cases = evaluate(args.corpus, args.full)
    if not cases:
        print(f"error: no labelled repository under {args.corpus}: nothing to measure",
              file=sys.stderr)  # fmt: skip
        return 1
    return report(cases)


if __name__ == "__main__":
    sys.exit(main())
