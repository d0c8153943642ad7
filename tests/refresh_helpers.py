"""Helpers for the refresh tests: the corpus replay, the CLI as a subprocess, table dumps."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from tests.replay import ReplayServer
from tests.replay_github import CorpusGitHub

ROOT = Path(__file__).resolve().parent.parent

# Columns that hold wall-clock times or run ids: they differ between any two runs.
VOLATILE = {"first_seen", "updated_at", "fetched_at", "labelled_at", "last_refreshed", "last_seen"}


def serve_corpus(server: ReplayServer, corpus: Path, **kwargs: Any) -> CorpusGitHub:
    mode = CorpusGitHub(corpus, **kwargs)
    server.add_handler(mode.handle)
    return mode


def env_for(server: ReplayServer) -> dict[str, str]:
    """The environment that points every base URL of a CLI run at `server` (no tokens)."""
    s = server.settings()
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "HF_TOKEN")}
    env.update({
        "GITHUB_API_URL": s.github_api_url, "GITHUB_RAW_URL": s.github_raw_url,
        "HF_ENDPOINT": s.hf_endpoint, "ARXIV_API_URL": s.arxiv_api_url, "CVF_URL": s.cvf_url,
        "PYPI_URL": s.pypi_url, "PYTHONPATH": str(ROOT),
    })  # fmt: skip
    return env


def refresh_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "scraper", "refresh", "--db", str(db), "--no-progress",
            "--search-interval", "0", "--since", "2019-01-01", "--until", "2026-12-31", *args]  # fmt: skip


def run_cli(
    server: ReplayServer, db: Path, *args: str, timeout: float = 900
) -> subprocess.CompletedProcess:
    return subprocess.run(refresh_cmd(db, *args), env=env_for(server), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def table_dump(db: Path) -> dict[str, list[tuple]]:
    """Every table but `runs`, without time columns, sorted: what two equivalent runs share."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            if table == "runs":
                continue
            cols = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index", [table]).fetchall() if c not in VOLATILE]  # fmt: skip
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            if table == "meta":  # `published_at` and the like are times too
                rows = [r for r in rows if not r[0].endswith("_at")]
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def corpus_labels(corpus: Path) -> dict[str, dict[str, str]]:
    with open(corpus / "labels.csv", newline="") as f:
        return {r["repo"].lower(): r for r in csv.DictReader(f)}


def corpus_papers(corpus: Path, lists: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """papers.jsonl entries a lists+ghsearch refresh can find (`extra` ones come from neither)."""
    out = []
    for line in (corpus / "papers.jsonl").read_text().splitlines():
        p = json.loads(line) if line.strip() else None
        if p is None or p["list"] == "extra":
            continue
        if lists is None or p["list"] in lists:
            out.append(p)
    return out


def acceptable(truth: dict[str, str]) -> set[str]:
    """The label, plus the runner-up framework when the corpus marks the repo ambiguous."""
    ok = {truth["label"]}
    if truth["ambiguous"] == "1":
        ok |= set(json.loads(truth["counts"] or "{}"))
    return ok
