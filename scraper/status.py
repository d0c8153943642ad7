"""`python -m scraper status`: rows per table, last refresh per source, recent runs with tallies."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from analysis import store
from analysis.terminal import safe


class StatusError(Exception):
    """The database cannot be read (absent, not a DuckDB file, damaged)."""


def read_status(db: Path, runs: int = 5) -> dict[str, Any]:
    """What `db` holds, as plain data (read-only; StatusError when it cannot be read)."""
    import duckdb

    try:
        return _read_status(db, runs)
    except FileNotFoundError as e:
        raise StatusError(str(e)) from e
    except duckdb.Error as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise StatusError(f"cannot read {db} as a cvgap DuckDB database: {first}") from e


def _read_status(db: Path, runs: int) -> dict[str, Any]:
    con = store.connect(db, read_only=True)
    try:
        counts = store.table_counts(con)
        sources = [
            {"source": s, "last_refreshed": str(ts) if ts else None, "papers": n}
            for s, ts, n in store.source_states(con)
        ]
        recent = [_run(row) for row in store.recent_runs(con, runs)]
        meta = {k: v for k, v in con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()}
    finally:
        con.close()
    return {"db": str(db), "tables": counts, "sources": sources, "runs": recent, "meta": meta}


def _run(row: tuple) -> dict[str, Any]:
    run_id, command, started, finished, status, counts, errors = row
    counts = json.loads(counts or "{}")
    errors = json.loads(errors or "[]")
    return {
        "run_id": run_id, "command": command, "started_at": str(started) if started else None,
        "finished_at": str(finished) if finished else None, "status": status, "counts": counts,
        "errors": len(errors), "first_errors": errors[:3],
    }  # fmt: skip


def _sources_summary(counts: dict[str, Any]) -> str:
    parts = [
        f"{name} {s.get('papers', 0)} (+{s.get('new', 0)}, ~{s.get('updated', 0)})"
        + (" FAILED" if s.get("error") else "")
        for name, s in (counts.get("sources") or {}).items()
    ]
    return " ".join(parts) or "-"


def _repos_summary(counts: dict[str, Any]) -> str:
    r = counts.get("repos") or {}
    if not r:
        return "-"
    return (
        f"{r.get('checked', 0)}: {r.get('fetched', 0)} fetched, "
        f"{r.get('unchanged', 0)} unchanged, {r.get('missing', 0)} missing, "
        f"{r.get('failed', 0)} failed"
    )


EXPLAIN = (
    "papers: a source's number is what it reported in its last run (every paper a list names, "
    "in any year); the papers table holds the ones stored, {papers} now. "
    "(+new, ~updated) count rows a run added or changed. "
    "repos missing: links that answered 404/451/409 (deleted, private or empty repositories, or "
    "typos in a list); a repo stored with code before keeps its tree and label when it goes "
    "missing. Run errors are in runs.errors (--json shows the first ones)."
)


def print_status(db: Path, out: Console, runs: int = 5, as_json: bool = False) -> int:
    """Print the status of `db` on `out` (stdout: it is the command's data). Returns 0.

    Laid out for 100 columns; untrusted strings go through analysis.terminal.
    """
    info = read_status(db, runs)
    if as_json:
        out.print_json(json.dumps(info))
        return 0
    out.print(safe(f"database: {info['db']}"))
    out.print(_table("table", "rows", info["tables"].items()))
    rows = [(s["source"], _minute(s["last_refreshed"]), s["papers"]) for s in info["sources"]]
    sources = Table("source", "last refreshed", "papers reported")
    for row in rows or [("-", "never refreshed", "")]:
        sources.add_row(*(safe(c) for c in row))
    out.print(sources)
    runs_table = Table("status", "started", "err", "papers per source", "repos",
                       title="recent runs")  # fmt: skip
    runs_table.add_column("run", no_wrap=True)
    for r in info["runs"]:
        c = r["counts"]
        cells = (r["status"], _minute(r["started_at"]), r["errors"], _sources_summary(c),
                 _repos_summary(c), r["run_id"])  # fmt: skip
        runs_table.add_row(*(safe(x) for x in cells))
    out.print(runs_table)
    text = EXPLAIN.format(papers=info["tables"].get("papers", 0))
    for line in textwrap.wrap(text, min(out.width, 100)):
        out.print(safe(line))
    return 0


def _minute(ts: str | None) -> str:
    """`2026-11-25 22:43` (seconds and fractions only take room)."""
    return ts[:16] if ts else "-"


def _table(key: str, value: str, rows: Any) -> Table:
    table = Table(key, value)
    for k, v in rows:
        table.add_row(safe(k), safe(v))  # stored strings are never markup
    return table
