"""Classifier throughput: repo snapshots per second on corpus snapshots preloaded in memory.

Exit 1 when the warm median CPU rate misses the bar (1,000 repos/s per core) or nothing was
measured; 2 without a corpus."""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import sys
import time
import timeit
from pathlib import Path

from analysis.classify.label import classify
from analysis.classify.local import snapshot_from_dir
from analysis.models import RepoSnapshot

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
TARGET = 1_000  # repos/s per core


def load(corpus: Path) -> list[RepoSnapshot]:
    """Every corpus repo as the scraper would fetch it (I/O happens here, not in the timing)."""
    with (corpus / "labels.csv").open(newline="") as handle:
        return [snapshot_from_dir(corpus / "repos" / row["repo"]) for row in csv.DictReader(handle)]


def run(snapshots: list[RepoSnapshot], rounds: int) -> list[tuple[float, float]]:
    """(wall, CPU) repos/second per round; the first round is cold (no warmed caches).

    CPU time is the per-core figure: the machine is shared, so wall time includes waiting.
    """
    rates = []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for snapshot in snapshots:
            classify(snapshot)
        n = len(snapshots)
        rates.append((n / (time.perf_counter() - wall), n / (time.process_time() - cpu)))
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the corpus")
    parser.add_argument("--profile", action="store_true", help="print the top cProfile entries")
    args = parser.parse_args(argv)
    if not (args.corpus / "labels.csv").is_file():
        print(f"error: no labels.csv under {args.corpus}", file=sys.stderr)
        return 2
    snapshots = load(args.corpus)
    files = sum(len(s.files) for s in snapshots)
    if not snapshots or not files:
        print(f"error: no repository with files under {args.corpus}: nothing to measure",
              file=sys.stderr)  # fmt: skip
        return 1
    print(
        f"{len(snapshots)} snapshots, {files} files, {sum(map(len, (s.tree for s in snapshots)))}"
        " tree entries, single process"
    )
    rates = run(snapshots, args.rounds)
    for name, index in (("wall", 0), ("CPU", 1)):
        values = sorted(r[index] for r in rates)
        print(
            f"{name:>4}: cold {rates[0][index]:,.0f} repos/s, warm median "
            f"{values[len(values) // 2]:,.0f}, best {values[-1]:,.0f}"
        )
    cpu = sorted(r[1] for r in rates)
    median = cpu[len(cpu) // 2]
    met = median >= TARGET
    print(f"bar: >= {TARGET:,} repos/s per core (CPU figure, warm median): "
          f"{'met' if met else 'TARGET MISSED'} ({median:,.0f})")  # fmt: skip
    reference = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
    print(
        f"machine reference: sum(range(1000)) = {reference:.1f} us "
        f"(~8-10 us on an idle modern core; scale the figures above accordingly)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, snapshots, 1)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
