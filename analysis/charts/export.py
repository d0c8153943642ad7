"""`python -m analysis export`: every chart as PNG/SVG/PDF plus a CSV per chart, for instructors."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from analysis import store
from analysis.charts.catalog import all_charts
from analysis.charts.fonts import FontMissingError, register_cjk_font
from analysis.charts.specs import ChartSpec
from analysis.charts.text import LANGS
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
    """Write `<name>.<fmt>` and `<name>.csv` for every chart into `out`; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
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


def export(db: Path, out: Path, formats: Sequence[str], lang: str) -> list[Path]:
    """Open `db` read-only, build every chart in `lang` and write them to `out`."""
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
        return write_charts(all_charts(con, lang), out, formats)
    finally:
        con.close()


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="directory to write charts and CSVs to")
    p.add_argument("--format", default="png,svg,pdf", help="comma-separated: png,svg,pdf")
    p.add_argument("--lang", default="en", choices=LANGS, help="chart language (default en)")
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
        written = export(db, args.out, parse_formats(args.format), args.lang)
    except (ExportError, FontMissingError, OSError, duckdb.Error) as e:
        print(clean(f"export: {e}"), file=sys.stderr)
        return 1
    for path in written:
        print(clean(path))
    charts = sum(p.suffix == ".csv" for p in written)
    print(
        f"export: {charts} charts, {len(written)} files ({args.lang}) in {args.out}, "
        f"{time.perf_counter() - started:.1f} s",
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
