"""`python -m analysis <command>`: argparse subcommands, each a module exposing `register()`."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from analysis.models import Label
from analysis.terminal import safe

# Subcommand -> module exposing `register(subparsers)`, which sets `func(args) -> int`.
# Modules are imported only when their command runs (or for --help): some are heavy.
COMMANDS: dict[str, str] = {
    "classify": "analysis.cli",
    "export": "analysis.charts.export",
}
OK, FAILED, USAGE = 0, 1, 2
EXIT_CODES = """exit codes:
  0    every path classified
  1    at least one path could not be read (the others were still printed)
  2    bad arguments
"""


def build_parser(commands: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the given commands registered (all when None)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Offline analysis: classify repositories, export charts.",
        epilog="Each command lists its exit codes in its --help; 2 always means bad arguments.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in commands or COMMANDS:
        importlib.import_module(COMMANDS[name]).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wanted = [argv[0]] if argv and argv[0] in COMMANDS else None
    args = build_parser(wanted).parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `... | head`: the reader left; not an error worth a traceback
        sys.stderr.close()
        return OK


# --- classify ----------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `classify PATH... [--json]`."""
    p = subparsers.add_parser(
        "classify",
        help="classify local checkouts or corpus repo directories by framework",
        description=(
            "Classify each PATH (a local checkout, or a directory in the ../shared/corpus layout "
            "with tree.json + files/) and print its label and evidence. Notes go to stderr."
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="directory to classify")
    p.add_argument("--json", action="store_true", help="print one JSON object per path per line")
    p.add_argument(
        "--evidence",
        type=int,
        default=15,
        metavar="N",
        help="evidence rows shown per path in human output (default 15; --json prints all)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per CPU); output keeps the order of PATHs",
    )
    p.set_defaults(func=run_classify)
    return p


def classify_path(path: Path) -> Label | str:
    """The label of one path, or the error message (a worker's unit of work)."""
    from analysis.classify.label import classify
    from analysis.classify.local import SnapshotError, snapshot_from_dir

    try:
        return classify(snapshot_from_dir(path))
    except (SnapshotError, OSError, ValueError) as exc:  # ValueError: corrupt tree.json
        return str(exc) if isinstance(exc, SnapshotError) else f"{path}: {exc}"


def run_classify(args: argparse.Namespace) -> int:
    """Classify every path; a bad path is reported and skipped, and the exit code says so."""
    jobs = args.jobs if args.jobs > 0 else os.cpu_count() or 1
    jobs = min(jobs, len(args.paths))
    pool = ProcessPoolExecutor(jobs) if jobs > 1 else None
    try:
        work = pool.map if pool else map
        labels = work(classify_path, args.paths, **({"chunksize": 4} if pool else {}))
        return _report_labels(args, labels)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _report_labels(args: argparse.Namespace, labels: Iterable[Label | str]) -> int:
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    started = time.perf_counter()
    tally: Counter[str] = Counter()
    results = track(
        zip(args.paths, labels, strict=True),
        total=len(args.paths),
        description="classifying",
        console=err,
        transient=True,
        disable=len(args.paths) < 5 or not err.is_terminal,
    )
    for path, label in results:
        if isinstance(label, str):
            err.print(safe(f"error: {label}"))
            tally["failed"] += 1
            continue
        tally[label.code_status] += 1
        print_notes(err, str(path), label)
        if args.json:
            print(json.dumps(label_json(str(path), label), ensure_ascii=False))
        else:
            print_label(out, str(path), label, args.evidence)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(tally.items()))
    err.print(
        f"classify: {len(args.paths)} paths, {counts}, {time.perf_counter() - started:.1f} s",
        markup=False,
    )
    return FAILED if tally["failed"] else OK


def print_notes(err: Console, path: str, label: Label) -> None:
    """Notes (unreadable or capped files, symlinks not followed) go to stderr."""
    for e in label.evidence:
        if e.kind == "note":
            where = f"{path}/{e.file}" if e.file else path
            err.print(safe(f"note: {where}: {e.detail}"))


def label_json(path: str, label: Label) -> dict:
    """The --json object: path, primary, frameworks, code_status, confidence, evidence, ..."""
    return {
        "path": path,
        "repo": label.repo,
        "commit": label.commit,
        "primary": label.primary,
        "frameworks": label.frameworks,
        "code_status": label.code_status,
        "confidence": label.confidence,
        "implementations": list(label.implementations),
        "classifier_version": label.classifier_version,
        "evidence": [
            {
                "file": e.file,
                "line": e.line,
                "package": e.package,
                "framework": e.framework,
                "kind": e.kind,
                "detail": e.detail,
            }
            for e in label.evidence
        ],
    }


def print_label(console: Console, path: str, label: Label, limit: int) -> None:
    """A heading line and an evidence table (untrusted text printed through analysis.terminal)."""
    weights = ", ".join(f"{f} {w:.2f}" for f, w in label.frameworks.items()) or "no framework"
    console.print(
        safe(
            f"{path}: {label.primary} ({label.code_status}, confidence {label.confidence:.2f}) "
            f"- {weights}"
        )
    )
    shown = [e for e in label.evidence if e.kind != "note"][:limit]
    if not shown:
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("kind", "framework", "package", "file:line"):
        table.add_column(column)
    for e in shown:
        where = f"{e.file}:{e.line}" if e.line else e.file
        table.add_row(*(safe(c) for c in (e.kind, e.framework or "", e.package, where)))
    console.print(table)
