"""Classifier vs ../shared/corpus labels.csv: confusion matrix, agreement, every disagreement.

Three views of each repository (`--mode`, default all): `scraper` (what the GitHub client fetches:
tree, manifests, README, sampled code as reconstructions), `full` (every code file: a proxy for a
local checkout) and `manifests` (tree and recorded dependency files only: no code, no README).
Bars, per mode: >= 97 % on the repositories whose manifests name a framework, no TensorFlow/JAX/
Paddle/MegEngine repository given another framework, and in `manifests` mode `unknown` below 5 %
of the repositories with code. Exit 1 when a bar is missed, 2 when nothing was measured.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.classify.extract import MANIFEST_FAMILIES, family_of
from analysis.classify.label import classify
from analysis.classify.local import snapshot_from_dir
from analysis.classify.reconstruct import code_reconstruction
from analysis.models import Label, RepoSnapshot

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
MUST_BE_RIGHT = ("tensorflow", "jax", "paddle", "megengine")
MODES = ("scraper", "full", "manifests")
UNKNOWN_BAR = 0.05  # share of repositories with code labelled unknown, manifests mode


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

    @property
    def wrong_framework(self) -> bool:
        """A framework other than an acceptable one (unknown and none are not frameworks)."""
        return not self.right and self.predicted not in ("unknown", "none", "no-code")


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


def manifests_view(repo_dir: Path) -> RepoSnapshot:
    """Tree and the recorded dependency files only: no code, no README."""
    snap = snapshot_from_dir(repo_dir)
    files = {
        path: data
        for path, data in snap.files.items()
        if family_of(path) in MANIFEST_FAMILIES and (repo_dir / "files" / path).is_file()
    }
    return replace(snap, files=files)


VIEWS = {"scraper": snapshot_from_dir, "full": full_view, "manifests": manifests_view}


def evaluate(corpus: Path, mode: str = "scraper") -> list[Case]:
    """Classify every repository listed in labels.csv in one of the VIEWS."""
    cases = []
    view = VIEWS[mode]
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


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / max(1, whole):.1f} %)"


def report(mode: str, cases: list[Case]) -> bool:
    """Print one mode's numbers; True when its bars are met."""
    subset = [c for c in cases if c.manifest_names_framework]
    must = [c for c in cases if c.truth in MUST_BE_RIGHT]
    with_code = [c for c in cases if c.truth != "no-code"]
    unknown = [c for c in with_code if c.predicted == "unknown"]
    rate = sum(c.right for c in subset) / max(1, len(subset))
    print(f"== mode {mode}")
    print(confusion(cases))
    print(f"\nrepos: {len(cases)}")
    print(f"overall agreement: {pct(sum(c.right for c in cases), len(cases))}")
    print(f"manifest-naming subset: {pct(sum(c.right for c in subset), len(subset))} (bar 97 %)")
    print(
        f"tensorflow/jax/paddle/megengine right: {sum(c.right for c in must)}/{len(must)}, "
        f"given another framework: {sum(c.wrong_framework for c in must)} (bar 0)"
    )
    print(f"unknown among repos with code: {pct(len(unknown), len(with_code))}"
          + (" (bar 5 %)" if mode == "manifests" else ""))  # fmt: skip
    print(
        "unknown among repos whose manifests name a framework package: "
        f"{pct(sum(c.predicted == 'unknown' for c in subset), len(subset))}"
    )
    wrong = [c for c in cases if not c.right]
    print(f"\ndisagreements: {len(wrong)}")
    for c in wrong:
        print(
            f"- {c.repo}: truth {c.truth} {c.counts} -> {c.predicted} "
            f"{c.label.frameworks} conf {c.label.confidence}\n    {summary(c.label)}"
        )
    ok = rate >= 0.97 and not any(c.wrong_framework for c in must)
    if mode == "manifests":
        ok = ok and len(unknown) < UNKNOWN_BAR * len(with_code)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="corpus directory with labels.csv and repos/ (default: %(default)s)",
    )
    parser.add_argument(
        "--mode", choices=(*MODES, "all"), default="all", help="view(s) to measure (%(default)s)"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "labels.csv").is_file():
        print(f"error: no labels.csv under {args.corpus}", file=sys.stderr)
        return 2
    results = {}
    for mode in MODES if args.mode == "all" else (args.mode,):
        cases = evaluate(args.corpus, mode)
        if not cases:
            print(f"error: no labelled repository under {args.corpus}: mode {mode} measured "
                  "nothing", file=sys.stderr)  # fmt: skip
            return 1
        results[mode] = report(mode, cases)
        print()
    print("bars met: " + ", ".join(f"{m} {'yes' if ok else 'NO'}" for m, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
