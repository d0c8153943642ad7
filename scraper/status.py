"""`python -m scraper status`: rows per table, last refresh per source, recent runs with tallies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analysis import store


def read_status(db: Path, runs: int = 5) -> dict[str, Any]:
    """What `db` holds, as plain data (read-only; raises FileNotFoundError when absent)."""
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


def run_summary(counts: dict[str, Any]) -> str:
    """`lists 812 (+40, ~3) ghsearch 23 (+0) | repos 283: 2 fetched, 281 unchanged, 1 failed`."""
    parts = [
        f"{name} {s.get('papers', 0)} (+{s.get('new', 0)}, ~{s.get('updated', 0)})"
        + (" FAILED" if s.get("error") else "")
        for name, s in (counts.get("sources") or {}).items()
    ]
    r = counts.get("repos") or {}
    if r:
        parts.append(
            f"| repos {r.get('checked', 0)}: {r.get('fetched', 0)} fetched, "
            f"{r.get('unchanged', 0)} unchanged, {r.get('missing', 0)} missing, "
            f"{r.get('failed', 0)} failed"
        )
    return " ".join(parts) or "-"


def print_status(db: Path, out: Console, runs: int = 5, as_json: bool = False) -> int:
    """Print the status of `db` on `out` (stdout: it is the command's data). Returns 0."""
    info = read_status(db, runs)
    if as_json:
        out.print_json(json.dumps(info))
        return 0
    out.print(f"database: {info['db']}", markup=False, highlight=False)
    out.print(_table("table", "rows", info["tables"].items()))
    rows = [(s["source"], f"{s['last_refreshed'] or '-'}  ({s['papers']} papers)")
            for s in info["sources"]]  # fmt: skip
    out.print(_table("source", "last refreshed", rows or [("-", "never refreshed")]))
    runs_table = Table("run", "status", "started", "errors", "tally", title="recent runs")
    for r in info["runs"]:
        cells = (
            r["run_id"],
            r["status"],
            r["started_at"] or "-",
            r["errors"],
            run_summary(r["counts"]),
        )
        runs_table.add_row(*(Text(str(c)) for c in cells))
    out.print(runs_table)
    return 0


def _table(key: str, value: str, rows: Any) -> Table:
    table = Table(key, value)
    for k, v in rows:
        table.add_row(Text(str(k)), Text(str(v)))  # Text: stored strings are never markup
    return table
