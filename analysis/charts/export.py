"""`python -m analysis export`: every chart as PNG/SVG/PDF plus a CSV per chart, for instructors.

Charts answer for a window (`--months 6|12|all`, default the lesson's six months before the
data's as-of date). A chart with no data in the window is not written; the summary names it."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from analysis import store
from analysis.charts.catalog import charts_from, overview_data
from analysis.charts.fonts import FontMissingError, register_cjk_font
from analysis.charts.specs import ChartSpec, empty_text
from analysis.charts.text import LANGS
from analysis.metrics.window import DEFAULT_MONTHS, Window, as_of, parse_months
from analysis.terminal import clean

FORMATS = ("png", "svg", "pdf")
PNG_SCALE = 2  # crisp on slides and high-DPI screens


class ExportError(Exception):
    """A whole export cannot run (bad option, no database, no CJK font for Korean)."""


def render(chart: alt.TopLevelMixin, fmt: str) -> bytes:
    """The chart as PNG, SVG or PDF bytes via vl-convert (no browser, no network)."""
    import vl_convert as vlc

    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=PNG_SCALE)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec)
    raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The chart's data as UTF-8 CSV (what the chart's numbers come from)."""
    return df.to_csv(index=False).encode("utf-8")


def parse_formats(text: str) -> tuple[str, ...]:
    """`png,svg` -> ("png", "svg"); unknown names raise ExportError."""
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ExportError(f"unknown format(s) {bad or text!r}; choose from {', '.join(FORMATS)}")
    return formats


def write_charts(specs: Sequence[ChartSpec], out: Path, formats: Sequence[str]) -> list[Path]:
    """Write `<name>.<fmt>` and `<name>.csv` for every chart with data into `out` (an empty
    chart would be a blank slide); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        if spec.empty:
            continue
        for fmt in formats:
            written.append(_write(out / f"{spec.name}.{fmt}", render(spec.chart, fmt)))
        written.append(_write(out / f"{spec.name}.csv", csv_bytes(spec.data)))
    return written


def _write(path: Path, data: bytes) -> Path:
    # Write then rename so a reader never sees half a file.
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


@dataclass(frozen=True)
class Exported:
    written: list[Path]
    skipped: list[str]  # `name: No data for papers ...` of every chart left out
    window: Window | None  # None: the database holds no papers (no as-of date)


def export(
    db: Path, out: Path, formats: Sequence[str], lang: str, months: int | None = DEFAULT_MONTHS
) -> Exported:
    """Open `db` read-only, build every chart of the window in `lang` and write them to `out`."""
    if lang not in LANGS:
        raise ExportError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    # Registered for English too: titles are ASCII but titles of papers are not.
    try:
        register_cjk_font()
    except FontMissingError:
        if lang == "ko":
            raise
    if not Path(db).exists():
        raise ExportError(f"no database at {db} (run `make snapshot` or pass --db)")
    con = store.connect(db, read_only=True)
    try:
        day = as_of(con)
        window = None if day is None else Window(months, day)
        data = overview_data(con, window=window)
    finally:
        con.close()
    specs = charts_from(data, lang)
    skipped = [f"{s.name}: {empty_text(data['provenance'], lang)}" for s in specs if s.empty]
    return Exported(write_charts(specs, out, formats), skipped, window)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="directory to write charts and CSVs to")
    p.add_argument("--format", default="png,svg,pdf", help="comma-separated: png,svg,pdf")
    p.add_argument("--lang", default="en", choices=LANGS, help="chart language (default en)")
    p.add_argument("--months", default=f"{DEFAULT_MONTHS}", choices=("6", "12", "all"),
                   help="papers of the last 6 or 12 months before the data's as-of date, or all "
                   f"years (default {DEFAULT_MONTHS})")  # fmt: skip
    p.add_argument(
        "--db", type=Path, default=None, help="DuckDB snapshot (default $CVGAP_DB or data/)"
    )


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `export` subcommand to `python -m analysis`; it runs `run(args)`."""
    p = subparsers.add_parser(
        "export",
        help="write every chart as PNG/SVG/PDF plus a CSV per chart",
        description="Write every dashboard chart (same Altair specs) and its data as CSV to --out.",
    )
    add_arguments(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Exit code 0 on success, 1 when the export cannot run (message on stderr)."""
    started = time.perf_counter()
    db = args.db or store.default_db_path()
    try:
        months = parse_months("all" if args.months == "all" else f"{args.months}m")
        done = export(db, args.out, parse_formats(args.format), args.lang, months)
    except (ExportError, FontMissingError, OSError, duckdb.Error) as e:
        print(clean(f"export: {e}"), file=sys.stderr)
        return 1
    for path in done.written:
        print(clean(path))
    for line in done.skipped:
        print(f"export: skipped {clean(line)}", file=sys.stderr)
    charts = sum(p.suffix == ".csv" for p in done.written)
    print(
        f"export: {charts} charts, {len(done.written)} files ({args.lang}) in {args.out}, "
        f"{len(done.skipped)} skipped (no data), {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `export` directly: `python -m analysis.charts.export --out DIR ...`."""
    parser = argparse.ArgumentParser(prog="python -m analysis export")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
