"""The fault matrix: every fault kind x {fresh, existing database}, against the corpus replay.

Used by tests/test_faults.py (which asserts every cell) and bench/fault_matrix.py (which prints
them). A case injects faults into the replay server, runs one refresh of a small list (four recorded
repos and one dead link) and compares the tables with a clean run's:

- rows lost: rows of the clean run's tables missing afterwards (a multiset difference);
- rows duplicated: rows afterwards beyond the clean run's (changed or repeated rows);
- requests: what the server logged against what the run counted for it.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from analysis import store
from scraper.cli import SUSPECT, exit_code, failure_lines
from scraper.pipeline import RefreshOptions, SuspectRun, run_refresh
from tests.refresh_helpers import corpus_labels, corpus_papers, serve_corpus, table_dump
from tests.replay import ReplayServer

LIST = "test/CVPR2025-small/main/README.md"
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused
COMPARED = ("papers", "paper_code", "repos", "repo_files", "blobs", "labels", "source_state")


@dataclass(frozen=True)
class Case:
    """One fault kind: what to inject (`{bad}` names one recorded repo) and what must follow.

    `fresh`/`existing`: (exit code, words the report must contain, rows may be lost).
    """

    name: str
    faults: tuple[tuple[str, int, str, dict[str, Any]], ...]
    fresh: tuple[int, str, bool]
    existing: tuple[int, str, bool]
    settings: dict[str, Any] = field(default_factory=dict)
    empty_list: bool = False


ALWAYS = 100_000
CASES = (
    Case("5xx x4", (("5xx", 4, "/api/repos/", {}),), (0, "0 failed", False), (0, "0 failed", False)),
    Case("429 Retry-After", (("429", 2, "/raw/", {"retry_after": "0"}),),
         (0, "rate-limited", False), (0, "rate-limited", False)),
    Case("403 secondary limit", (("403", 2, "/api/repos/", {"retry_after": "0"}),),
         (0, "rate-limited", False), (0, "rate-limited", False)),
    Case("rate limit spent", (("ratelimit", 1, "/api/repos/", {"reset": 0.0}),),
         (0, "rate-limited", False), (0, "rate-limited", False)),
    Case("connection reset", (("reset", 2, "/api/repos/", {}),),
         (0, "0 failed", False), (0, "0 failed", False)),
    Case("truncated body", (("truncate", 2, "/raw/", {}),), (0, "0 failed", False),
         (0, "0 failed", False)),
    Case("bad JSON", (("badjson", 2, "/api/repos/", {}),), (0, "0 failed", False),
         (0, "0 failed", False)),
    Case("HTML for JSON (1 repo)", (("html", ALWAYS, "/api/repos/{bad}/", {}),),
         (0, "1 failed", True), (0, "1 failed", False)),
    Case("redirect loop (1 repo)", (("loop", ALWAYS, "/raw/{bad}/", {}),),
         (0, "0 failed", True), (0, "0 failed", False)),
    Case("404 everywhere", (("404", ALWAYS, "/api/repos/", {}),),
         (0, "5 missing", True), (SUSPECT, "wrong base URL", False)),
    Case("every repo 5xx", (("5xx", ALWAYS, "/api/repos/", {}),),
         (1, "every repository failed", True), (1, "every repository failed", False),
         settings={"max_retries": 1}),
    Case("HTML page as the list", (("html", ALWAYS, f"/raw/{LIST}", {}),),
         (1, "HTML page", True), (1, "HTML page", False)),
    Case("empty list", (), (0, "0 papers", True), (1, "returned no papers", False),
         empty_list=True),
    Case("unreachable", (), (1, "every source failed", True), (1, "every source failed", False),
         settings={"github_api_url": f"{UNREACHABLE}/api", "github_raw_url": f"{UNREACHABLE}/raw"}),
)  # fmt: skip


@dataclass
class Row:
    case: str
    db: str  # fresh | existing
    exit: int
    words: bool  # the report says what it must
    lost: int
    duplicated: int
    seen: int  # requests the server logged
    counted: int  # requests the run counted for the server's host
    published: bool
    report: str
    path: Path


class Matrix:
    """A replay server with the small list, and one clean run to compare every case with."""

    def __init__(self, corpus: Path, work: Path) -> None:
        truth = corpus_labels(corpus)
        self.papers = [p for p in corpus_papers(corpus) if p["arxiv"] and p["title"]
                       and truth[p["repo"].lower()]["label"] not in ("no-code", "none")][:4]  # fmt: skip
        self.corpus, self.work = corpus, work
        self.server = ReplayServer().__enter__()
        serve_corpus(self.server, corpus)
        self._list(self.small_list())
        self.clean_db = work / "clean.duckdb"
        run_refresh(self.options(self.clean_db))
        self.clean = _compared(self.clean_db)

    def close(self) -> None:
        self.server.__exit__(None, None, None)

    def small_list(self) -> str:
        blocks = [f"**{p['title']}**\n\n- Paper: https://arxiv.org/abs/{p['arxiv']}\n"
                  f"- Code: https://github.com/{p['repo']}\n" for p in self.papers]  # fmt: skip
        blocks.append("**Unrecorded**\n\n- Code: https://github.com/nobody-here/not-recorded\n")
        return "# CVPR2025\n\n" + "\n".join(blocks)

    def _list(self, text: str) -> None:
        self.server.add("GET", f"/raw/{LIST}", 200, text, {"Content-Type": "text/plain"})

    def options(self, db: Path, **settings: Any) -> RefreshOptions:
        base = replace(self.server.settings(), backoff_base=0.001, backoff_cap=0.01, max_wait=0.05)
        s = replace(base, **settings)
        return RefreshOptions(db=db, since=date(2025, 1, 1), until=date(2025, 12, 31),
                              sources=("lists",), lists=(f"{s.github_raw_url}/{LIST}",),
                              ports=False, settings=s, progress=False, search_interval=0.0)  # fmt: skip

    def run(self, case: Case, existing: bool) -> Row:
        db = self.work / f"{_slug(case.name)}-{'existing' if existing else 'fresh'}.duckdb"
        for path in (db, store.work_path(db)):
            path.unlink(missing_ok=True)
        if existing:
            shutil.copyfile(self.clean_db, db)
        self.server.faults.clear()
        bad = self.papers[2]["repo"]
        for kind, count, prefix, kw in case.faults:
            self.server.inject(kind, count, prefix.format(bad=bad), **kw)
        if case.empty_list:
            self._list("# CVPR2025\n")
        self.server.clear_log()
        try:
            tally = run_refresh(self.options(db, **case.settings))
            code, report = exit_code(tally), "\n".join(tally.lines() + failure_lines(tally))
        except SuspectRun as e:
            tally, code, report = e.tally, SUSPECT, str(e)
        finally:
            self.server.faults.clear()
            self._list(self.small_list())
        words = (case.existing if existing else case.fresh)[1]
        seen = len(self.server.requests())
        host = self.server.url.split("//", 1)[1]
        counted = int(
            ((tally.http if tally else {}).get("hosts", {}).get(host) or {}).get("requests", 0)
        )
        after = _compared(db) if db.exists() else {}
        lost, dup = _difference(self.clean, after)
        return Row(case.name, "existing" if existing else "fresh", code,
                   words in " ".join(report.split()), lost, dup, seen, counted, db.exists(),
                   report, db)  # fmt: skip


def _compared(db: Path) -> dict[str, list]:
    return {t: rows for t, rows in table_dump(db).items() if t in COMPARED}


def _difference(clean: dict[str, list], after: dict[str, list]) -> tuple[int, int]:
    lost = dup = 0
    for table in COMPARED:
        a, b = Counter(map(repr, clean.get(table, []))), Counter(map(repr, after.get(table, [])))
        lost += sum((a - b).values())
        dup += sum((b - a).values())
    return lost, dup


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())
