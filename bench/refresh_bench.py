"""Refresh throughput against the corpus replay with 50 ms per request: papers/s and API cost.

The corpus has 283 repositories; the replay also serves each under extra owner names
(`copy1-<owner>/<name>`, ...) to pass 300. A generated curated list names one paper per repo.
GitHub's API and raw hosts are two replay servers, as in reality (per-host limits apply to each),
running in this process; the refresh runs as the real CLI in a subprocess.

Prints papers/second at --concurrency 1 and at the default, their ratio (target >= 10x), and
rate-limited GitHub API requests per repo (target <= 2 in REST mode, <= 0.1 GraphQL queries per
repo in batch mode; raw downloads counted separately). The sequential run is timed on a sample
(--sequential-sample, default 40 repos; --full times it on every repo): at one request at a time
its rate does not depend on how many repos follow.

Every run covers an explicit date range (SINCE..UNTIL, the corpus's years), so the bench does not
depend on the day it runs. Exit status 1 when a run stored no paper (it measured nothing) or a
target is missed; 2 without a corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from tests.replay import ReplayServer  # noqa: E402
from tests.replay_github import CorpusGitHub  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
LIST_PATH = "bench/CVPR2025-bench/main/README.md"
SINCE, UNTIL = "2019-01-01", "2026-12-31"  # explicit: a default --months 6 would keep nothing
SPEEDUP_TARGET, REST_TARGET = 10.0, 2.0


class MirroredCorpus(CorpusGitHub):
    """The corpus plus `copies` synthetic copies of every repo under `copy<i>-<owner>` names."""

    def __init__(self, corpus: Path, copies: int) -> None:
        super().__init__(corpus)
        self.copies = copies

    @cached_property
    def repos(self) -> dict[str, dict[str, Any]]:
        base = dict(super().repos)
        out = dict(base)
        for i in range(1, self.copies + 1):
            for rec in base.values():
                if "commit" not in rec or rec.get("port") or rec.get("synthetic"):
                    continue  # the labelled corpus only: port recordings are not bench papers
                name = f"copy{i}-{rec['full_name']}"
                out[name.lower()] = {**rec, "full_name": name, "origin": rec["full_name"],
                                     "id": 10_000_000 * i + rec["id"]}  # fmt: skip
        return out

    def repo_dir(self, key: str) -> Path:
        rec = self.repos[key]
        owner, name = rec.get("origin", rec["full_name"]).split("/", 1)
        return self.corpus / "repos" / owner / name


def bench_list(repos: list[str]) -> str:
    """An amusi-style list naming one paper per repo (titles only: no arXiv look-ups needed)."""
    blocks = [
        f"**Bench paper {i}: {r}**\n\n- Code: https://github.com/{r}\n" for i, r in enumerate(repos)
    ]
    return "# CVPR2025 bench\n\n" + "\n".join(blocks)  # fmt: skip


def run(api: ReplayServer, raw: ReplayServer, db: Path, concurrency: int, limit: int | None,
        graphql: bool) -> dict[str, Any]:  # fmt: skip
    """One refresh as the CLI; returns its counts (`--json`)."""
    cmd = [sys.executable, "-m", "scraper", "refresh", "--db", str(db), "--source", "lists",
           "--list", f"{raw.url}/raw/{LIST_PATH}", "--no-ports", "--no-progress", "--json",
           "--concurrency", str(concurrency), "--graphql" if graphql else "--rest",
           "--since", SINCE, "--until", UNTIL,
           "--github-api-url", f"{api.url}/api", "--github-raw-url", f"{raw.url}/raw"]  # fmt: skip
    if limit:
        cmd += ["--limit", str(limit)]
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "HF_TOKEN")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    counts = json.loads(out.stdout)
    con = duckdb.connect(str(db), read_only=True)
    counts["stored_papers"] = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    con.close()
    return counts


def rates(counts: dict[str, Any]) -> dict[str, float]:
    papers = sum(s["papers"] for s in counts["sources"].values())
    repos = max(1, counts["repos"]["checked"])
    http = counts["http"]
    return {
        "papers": papers, "repos": repos, "seconds": counts["seconds"],
        "stored": counts["stored_papers"],
        "papers_per_s": papers / max(counts["seconds"], 1e-9),
        "api_per_repo": http["github_api_requests"] / repos,
        "graphql_per_repo": http["github_graphql_requests"] / repos,
        "raw_per_repo": http["github_raw_requests"] / repos,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="recorded corpus directory")
    p.add_argument(
        "--copies", type=int, default=1, help="synthetic copies of each repo (default 1: 566 repos)"
    )
    p.add_argument(
        "--latency", type=float, default=0.05, help="seconds added to every request (default 0.05)"
    )
    p.add_argument(
        "--concurrency", type=int, default=16, help="the default concurrency to compare with 1"
    )
    p.add_argument(
        "--sequential-sample", type=int, default=40, help="repos timed at --concurrency 1"
    )
    p.add_argument("--full", action="store_true", help="time --concurrency 1 on every repo (slow)")
    args = p.parse_args(argv)  # fmt: skip
    if not (args.corpus / "labels.csv").exists():
        print(f"no corpus at {args.corpus} (set CVGAP_CORPUS)", file=sys.stderr)
        return 2
    with ReplayServer() as api, ReplayServer() as raw, tempfile.TemporaryDirectory() as tmp:
        mode = MirroredCorpus(args.corpus, args.copies)
        api.add_handler(mode.handle)
        raw.add_handler(mode.handle)
        repos = sorted(r["full_name"] for r in mode.repos.values()
                       if "commit" in r and not r.get("port") and not r.get("synthetic"))  # fmt: skip
        raw.add("GET", f"/raw/{LIST_PATH}", 200, bench_list(repos), {"Content-Type": "text/plain"})
        api.latency = raw.latency = args.latency
        print(f"{len(repos)} repos, {args.latency * 1000:.0f} ms per request", file=sys.stderr)
        seq = rates(run(api, raw, Path(tmp) / "c1.duckdb", 1,
                        None if args.full else args.sequential_sample, False))  # fmt: skip
        par = rates(run(api, raw, Path(tmp) / "cN.duckdb", args.concurrency, None, False))
        gql = rates(run(api, raw, Path(tmp) / "gql.duckdb", args.concurrency, None, True))
    return report(seq, par, gql, args.concurrency)


def report(seq: dict[str, float], par: dict[str, float], gql: dict[str, float], n: int) -> int:
    """Print the numbers; 1 when a run stored nothing or a target is missed."""
    ratio = par["papers_per_s"] / max(seq["papers_per_s"], 1e-9)
    print(
        f"concurrency 1:  {seq['papers_per_s']:.2f} papers/s ({seq['papers']} papers, {seq['seconds']:.1f} s)"
    )
    print(
        f"concurrency {n}: {par['papers_per_s']:.2f} papers/s ({par['papers']} papers, {par['seconds']:.1f} s)"
    )
    print(f"speed-up: {ratio:.1f}x (target >= 10x)")
    print(
        f"REST mode: {par['api_per_repo']:.2f} GitHub API requests per repo (target <= 2), "
        f"{par['raw_per_repo']:.1f} raw downloads per repo (not rate-limited like the API)"
    )
    print(f"GraphQL mode: {gql['graphql_per_repo']:.3f} GraphQL queries per repo (target <= 0.1), "
          f"{gql['api_per_repo']:.2f} API requests per repo in all (REST trees of changed repos), "
          f"{gql['raw_per_repo']:.1f} raw downloads per repo; {gql['papers_per_s']:.2f} papers/s")  # fmt: skip
    empty = [name for name, r in (("concurrency 1", seq), (f"concurrency {n}", par),
                                  ("GraphQL", gql)) if r["stored"] == 0]  # fmt: skip
    missed = [f"speed-up {ratio:.1f}x < {SPEEDUP_TARGET:.0f}x"] if ratio < SPEEDUP_TARGET else []
    if par["api_per_repo"] > REST_TARGET:
        missed.append(f"{par['api_per_repo']:.2f} REST requests per repo > {REST_TARGET:.0f}")
    for name in empty:
        print(f"FAILED: the {name} run stored no paper (it measured nothing)")
    for text in missed:
        print(f"TARGET MISSED: {text}")
    return 1 if empty or missed else 0


if __name__ == "__main__":
    sys.exit(main())
