"""Our classifier side by side with import scanners, one run over the same checkouts.

Tools (each peer in its own virtual environment under --cache, created on first use with pip):
- ours: `python -m analysis classify --json --jobs N` over all checkouts, one process.
- pipreqs CLI (0.5.x): `pipreqs --print --mode no-pin --use-local`, one process per checkout, as
  its CLI works. `--use-local` keeps it offline (without it it asks PyPI about every import); it
  then reports only packages installed in its own environment, so it is timed, not scored.
- pipreqs scan: `pipreqs.get_all_imports(path)` for every checkout in one process (its venv).
- findimports CLI: `findimports --ignore-stdlib -C`, one process per checkout.

Agreement with ground truth (labels.csv for corpus checkouts; else `truth.csv` (folder,label) in
--checkouts, else the import majority of each checkout, labels.csv's rule, see checkouts.py):
- ours: the label (`none-dl` -> none, `placeholder` -> no-code, else the primary framework);
- pipreqs scan (one set of top-level names per checkout): the framework with the most distinct
  module names in the set (keras counts as TensorFlow), none when no name is a framework's;
- findimports (imports per module): the framework imported by the most modules.
Ties go to the earlier framework in analysis.models.FRAMEWORKS. A failed run counts as wrong.
Targets: ours >= 5x faster per checkout than the pipreqs CLI and >= 2x than its scan.
Exit 1 when any tool measured nothing, 2 on bad input.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkouts import corpus_rows, import_majority, materialise  # noqa: E402

from analysis.classify.frameworks import framework_of_module  # noqa: E402
from analysis.models import FRAMEWORKS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT_CACHE = Path(os.environ.get("CVGAP_PEER_CACHE", Path.home() / ".cache" / "cvgap-peers"))
PEERS = {"pipreqs": "pipreqs==0.5.0", "findimports": "findimports==3.0.0"}
OFFLINE_PYPI = "http://127.0.0.1:9/pypi/"  # a closed local port: never reach PyPI by accident
TARGETS = {"pipreqs CLI": 5.0, "pipreqs scan": 2.0}
SCAN = """
import json, sys, time
from pipreqs.pipreqs import get_all_imports
out, spent, cpu = {}, 0.0, 0.0
for path in sys.argv[1:]:
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        out[path] = sorted(get_all_imports(path))
    except Exception as exc:
        out[path] = None
    spent += time.perf_counter() - start
    cpu += time.process_time() - start_cpu
print(json.dumps({"seconds": spent, "cpu": cpu, "imports": out}))
"""


@dataclass
class Result:
    """One tool's run: seconds per the timing it is judged by, and a verdict per checkout."""

    tool: str
    seconds: float
    predicted: dict[str, str] = field(default_factory=dict)  # checkout path -> label or "failed"
    cpu: float = 0.0  # CPU seconds (user + system) of the processes timed
    scored: bool = True
    note: str = ""

    @property
    def measured(self) -> int:
        return sum(v != "failed" for v in self.predicted.values())


def framework_by_names(names: Iterable[str]) -> str:
    """The framework with the most distinct top-level module names, `none` without one."""
    counts: Counter[str] = Counter()
    for name in {n.split(".", 1)[0] for n in names}:
        framework = framework_of_module(name)
        if framework:
            counts["tensorflow" if framework == "keras" else framework] += 1
    return _top(counts)


def framework_by_modules(csv_text: str) -> str:
    """findimports `-C` rows (`module,imported`): the framework imported by the most modules."""
    per_module: dict[str, set[str]] = {}
    for row in csv.reader(csv_text.splitlines()):
        if len(row) == 2:
            framework = framework_of_module(row[1])
            if framework:
                per_module.setdefault(row[0], set()).add(
                    "tensorflow" if framework == "keras" else framework
                )
    return _top(Counter(f for found in per_module.values() for f in found))


def _top(counts: Counter[str]) -> str:
    if not counts:
        return "none"
    return max(counts, key=lambda f: (counts[f], -FRAMEWORKS.index(f)))


def our_label(obj: dict) -> str:
    status = obj.get("code_status")
    return {"placeholder": "no-code", "none-dl": "none"}.get(status, obj.get("primary", "failed"))


# --- environments ------------------------------------------------------------------------------


def venv_for(cache: Path, spec: str) -> Path:
    """A virtual environment holding `spec` under `cache`, created (pip install) on first use."""
    env = cache / spec.replace("==", "-")
    if not (env / ".installed").is_file():
        print(f"creating {env} ({spec}) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(env)], check=True)
        pip = [str(env / "bin" / "python"), "-m", "pip", "install", "-q", spec]
        subprocess.run(pip, check=True)
        (env / ".installed").write_text(spec)
    return env


# --- the tools ---------------------------------------------------------------------------------


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ours(paths: list[Path], jobs: int) -> Result:
    cmd = [sys.executable, "-m", "analysis", "classify", "--json", "--jobs", str(jobs)]
    start, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(cmd + [str(p) for p in paths], capture_output=True, text=True, cwd=ROOT)
    result = Result("ours", time.perf_counter() - start, note=f"one process, --jobs {jobs}")
    result.cpu = children_cpu() - cpu
    seen = {}
    for line in done.stdout.splitlines():
        obj = json.loads(line)
        seen[obj["path"]] = our_label(obj)
    result.predicted = {str(p): seen.get(str(p), "failed") for p in paths}
    return result


def run_pipreqs_cli(env: Path, paths: list[Path]) -> Result:
    exe = str(env / "bin" / "pipreqs")
    result = Result("pipreqs CLI", 0.0, scored=False, note="one process per checkout")
    start, cpu = time.perf_counter(), children_cpu()
    for path in paths:
        cmd = [exe, "--print", "--mode", "no-pin", "--use-local", "--pypi-server", OFFLINE_PYPI]
        done = subprocess.run([*cmd, str(path)], capture_output=True, text=True)
        result.predicted[str(path)] = "ran" if done.returncode == 0 else "failed"
    result.seconds, result.cpu = time.perf_counter() - start, children_cpu() - cpu
    return result


def run_pipreqs_scan(env: Path, paths: list[Path]) -> Result:
    python = str(env / "bin" / "python")
    start = time.perf_counter()
    done = subprocess.run([python, "-c", SCAN, *map(str, paths)], capture_output=True, text=True)
    wall = time.perf_counter() - start
    try:
        doc = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return Result(
            "pipreqs scan", wall, {str(p): "failed" for p in paths}, note=done.stderr[-300:]
        )
    result = Result(
        "pipreqs scan",
        doc["seconds"],
        cpu=doc["cpu"],
        note=f"in-process loop; {wall:.1f} s with start-up",
    )
    for path in paths:
        names = doc["imports"].get(str(path))
        result.predicted[str(path)] = "failed" if names is None else framework_by_names(names)
    return result


def run_findimports(env: Path, paths: list[Path]) -> Result:
    exe = str(env / "bin" / "findimports")
    result = Result("findimports CLI", 0.0, note="one process per checkout")
    start, cpu = time.perf_counter(), children_cpu()
    for path in paths:
        done = subprocess.run([exe, "-q", "--ignore-stdlib", "-C", str(path)], capture_output=True,
                              text=True)  # fmt: skip
        ok = done.returncode == 0
        result.predicted[str(path)] = framework_by_modules(done.stdout) if ok else "failed"
    result.seconds, result.cpu = time.perf_counter() - start, children_cpu() - cpu
    return result


# --- inputs and report ------------------------------------------------------------------------


def corpus_checkouts(
    corpus: Path, cache: Path, limit: int
) -> tuple[list[Path], dict[str, set[str]]]:
    """Every k-th labels.csv repository (spread over the list), materialised under `cache`."""
    from classifier_eval import acceptable

    rows = corpus_rows(corpus)
    step = max(1, len(rows) // limit) if limit else 1
    rows = rows[::step][:limit] if limit else rows
    paths = materialise(corpus, cache / "checkouts", rows)
    truth = {
        str(p): set(acceptable(r, json.loads(r["counts"] or "{}")))
        for p, r in zip(paths, rows, strict=True)
    }
    return paths, truth


def given_checkouts(root: Path) -> tuple[list[Path], dict[str, set[str]]]:
    paths = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    table = root / "truth.csv"
    given: dict[str, str] = {}
    if table.is_file():
        with table.open(newline="") as handle:
            given = {r["folder"]: r["label"] for r in csv.DictReader(handle)}
    truth = {}
    for p in paths:
        label = given.get(p.name) or import_majority(p)
        truth[str(p)] = {label}
    return paths, truth


def agreement(result: Result, truth: dict[str, set[str]]) -> str:
    if not result.scored:
        return "not scored (offline it reports only locally installed packages)"
    right = sum(result.predicted.get(p) in ok for p, ok in truth.items())
    failed = sum(v == "failed" for v in result.predicted.values())
    return f"{right}/{len(truth)}" + (f" ({failed} failed)" if failed else "")


def report(results: list[Result], truth: dict[str, set[str]]) -> int:
    n = len(truth)
    ours = results[0].seconds / n
    ours_cpu = results[0].cpu / n
    print(f"\n{n} checkouts; ratio = the tool's seconds per checkout / ours (wall; CPU)")
    print(f"{'tool':<16}{'wall s':>8}{'s/checkout':>11}{'ratio':>7}{'CPU s':>8}{'ratio':>7}  "
          "agreement  [how]")  # fmt: skip
    for r in results:
        ratio = (r.seconds / n) / ours if ours else float("inf")
        cpu_ratio = (r.cpu / n) / ours_cpu if ours_cpu else float("inf")
        print(f"{r.tool:<16}{r.seconds:>8.2f}{r.seconds / n:>11.4f}{ratio:>6.1f}x{r.cpu:>8.2f}"
              f"{cpu_ratio:>6.1f}x  {agreement(r, truth)}  [{r.note}]")  # fmt: skip
    for tool, bar in TARGETS.items():
        r = next(r for r in results if r.tool == tool)
        ratio = (r.seconds / n) / ours if ours else float("inf")
        print(f"target ours >= {bar:.0f}x faster than {tool}: {ratio:.1f}x "
              f"{'met' if ratio >= bar else 'MISSED'}")  # fmt: skip
    nothing = [r.tool for r in results if r.measured == 0]
    if nothing:
        print(f"error: measured nothing: {', '.join(nothing)}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--checkouts", type=Path, help="folder of full checkouts, one per subfolder"
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus (default input)"
    )
    parser.add_argument(
        "--limit", type=int, default=80, help="corpus checkouts (0 = all; default 80)"
    )
    parser.add_argument(
        "--jobs", type=int, default=0, help="our worker processes (0 = one per CPU)"
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="venvs and checkouts")
    args = parser.parse_args(argv)
    if args.checkouts:
        if not args.checkouts.is_dir():
            print(f"error: {args.checkouts}: not a directory", file=sys.stderr)
            return 2
        paths, truth = given_checkouts(args.checkouts)
    elif (args.corpus / "labels.csv").is_file():
        paths, truth = corpus_checkouts(args.corpus, args.cache, args.limit)
    else:
        print(f"error: no labels.csv under {args.corpus} (or give --checkouts)", file=sys.stderr)
        return 2
    if not paths:
        print("error: no checkouts", file=sys.stderr)
        return 2
    pipreqs = venv_for(args.cache, PEERS["pipreqs"])
    findimports = venv_for(args.cache, PEERS["findimports"])
    jobs = args.jobs or os.cpu_count() or 1
    results = [
        run_ours(paths, jobs),
        run_pipreqs_cli(pipreqs, paths),
        run_pipreqs_scan(pipreqs, paths),
        run_findimports(findimports, paths),
    ]
    return report(results, truth)


if __name__ == "__main__":
    sys.exit(main())
