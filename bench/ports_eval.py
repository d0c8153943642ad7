"""Port-finder recall on the recorded ports of ../shared/corpus/ports, and its false ports.

For every paper of `ports/community.jsonl` and every vision row of `ports/gardens.jsonl`, the
real finder (`scraper.port_search.find_ports`) runs against the replay of the corpus (tests/
replay.py: gardens, port repositories, GitHub search over recorded README facts). A recorded port
counts as found when the finder reports a port at its URL (the collection's model folder, or the
standalone repository). Printed: recall per source and per kind with N, the ladder level given,
whether the dates match the recorded lags, every miss, and then every port reported for the
corpus's random 2026 sample (official repos of CVPR/ECCV 2026 papers), each listed for review.

Targets: recall >= 90 % on the evaluable recorded ports; 0 official repositories or forks
reported as ports. Exits 1 on a missed target, 2 when nothing was evaluated.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.models import Paper, Port, RepoRef  # noqa: E402
from analysis.ports.lag import lag_months, paper_month  # noqa: E402
from scraper.http.client import Http  # noqa: E402
from scraper.port_search.search import SearchPacer, find_ports  # noqa: E402
from tests.ports_corpus import VISION, Case, community_cases, garden_cases  # noqa: E402
from tests.replay import ReplayServer  # noqa: E402
from tests.replay_github import CorpusGitHub  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
RECALL_TARGET = 0.90
SAMPLE_LISTS = ("firetix/awesome-cvpr-2026-papers", "LexaNagiBator228/ECCV_2026_papers")


def cases_to_evaluate(corpus: Path) -> tuple[list[Case], list[str]]:
    """(recorded ports to find, notes on recorded rows that cannot be evaluated)."""
    gardens = [c for c in garden_cases(corpus) if c.category == VISION]
    skipped = []
    for line in (corpus / "ports" / "gardens.jsonl").read_text().splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("category") == VISION and not row.get("primary_arxiv"):
            skipped.append(f"{row['garden']} {row['model']}: no paper "
                           f"({row['primary_arxiv_source']})")  # fmt: skip
    return community_cases(corpus) + gardens, skipped


def random_sample(corpus: Path) -> list[tuple[Paper, RepoRef]]:
    """Papers of the random 2026 sample (CVPR/ECCV 2026 lists) with their recorded official repo."""
    with open(corpus / "labels.csv", newline="") as f:
        recorded = {r["repo"].lower() for r in csv.DictReader(f) if r["year"] == "2026"}
    out = []
    for line in (corpus / "papers.jsonl").read_text().splitlines():
        p = json.loads(line) if line.strip() else None
        if not p or not p.get("arxiv") or p["repo"].lower() not in recorded:
            continue
        if not str(p["list"]).startswith(SAMPLE_LISTS):
            continue
        title = p.get("title") or p["repo"].split("/")[1]
        out.append((Paper(f"arxiv:{p['arxiv']}", title, "bench", arxiv_id=p["arxiv"]),
                    RepoRef(*p["repo"].split("/", 1))))  # fmt: skip
    return out


def recorded_forks(corpus: Path) -> set[str]:
    """Port repositories the recording itself notes as forks (never to be reported)."""
    out = set()
    for line in (corpus / "ports" / "community.jsonl").read_text().splitlines():
        row = json.loads(line) if line.strip() else {}
        if "(fork" in str(row.get("official_repo") or ""):
            out.add(row["port_repo"].lower())
    return out


async def run_finder(server: ReplayServer, jobs: list[tuple[Paper, RepoRef | None]],
                     concurrency: int = 8) -> dict[str, list[Port]]:  # fmt: skip
    """paper_id -> the ports the finder reports, every job through the real code path."""
    gate = asyncio.Semaphore(concurrency)
    pacer = SearchPacer(1_000_000)  # the replay has no search limit; pacing is tested elsewhere
    out: dict[str, list[Port]] = {}
    async with Http(server.settings(max_retries=1)) as http:

        async def one(paper: Paper, official: RepoRef | None) -> None:
            async with gate:
                out[paper.paper_id] = await find_ports(http, paper, official, pacer=pacer)

        await asyncio.gather(*(one(p, o) for p, o in jobs))
    return out


def _papers_of(cases: list[Case]) -> list[tuple[Paper, RepoRef | None]]:
    jobs: dict[str, tuple[Paper, RepoRef | None]] = {}
    for c in cases:
        official = RepoRef.parse(c.official) if c.official else None
        title = c.title or ""
        if c.arxiv_id not in jobs or (title and not jobs[c.arxiv_id][0].title):
            jobs[c.arxiv_id] = (Paper(f"arxiv:{c.arxiv_id}", title, "bench", arxiv_id=c.arxiv_id),
                                official)  # fmt: skip
    return list(jobs.values())


def evaluate(cases: list[Case], found: dict[str, list[Port]]) -> list[tuple[Case, Port | None]]:
    out = []
    for c in cases:
        hits = [p for p in found.get(f"arxiv:{c.arxiv_id}", ()) if p.url.lower() == c.url.lower()]
        out.append((c, max(hits, key=lambda p: p.level) if hits else None))
    return out


def _rate(pairs: list[tuple[Case, Port | None]]) -> str:
    n, hit = len(pairs), sum(p is not None for _, p in pairs)
    return f"{hit}/{n} = {100 * hit / n:.1f} %" if n else "0/0"


def report_recall(results: list[tuple[Case, Port | None]]) -> float:
    by_source, by_kind = defaultdict(list), defaultdict(list)
    for case, port in results:
        by_source[case.source].append((case, port))
        by_kind[case.kind].append((case, port))
    print("recall per source (found / recorded):")
    for name, pairs in sorted(by_source.items()):
        levels = Counter(p.level for _, p in pairs if p is not None)
        print(f"  {name:22} {_rate(pairs):>18}   levels given: {dict(sorted(levels.items()))}")
    print("recall per kind (as recorded):")
    for name, pairs in sorted(by_kind.items()):
        print(f"  {name:22} {_rate(pairs):>18}")
    dated = [(c, p) for c, p in results if p is not None and p.first_seen is not None]
    same = sum(1 for c, p in dated if c.lag_months is not None
               and lag_months(paper_month(c.arxiv_id), p.first_seen) == c.lag_months)  # fmt: skip
    print(f"dated ports: {len(dated)} of {sum(p is not None for _, p in results)} found; "
          f"lag equal to the recorded lag_months: {same}")  # fmt: skip
    misses = [c for c, p in results if p is None]
    print(f"missed ({len(misses)}):")
    for c in misses:
        print(f"  arXiv:{c.arxiv_id} {c.source} {c.url} ({c.kind}; {c.note}; "
              f"title {'recorded' if c.title else 'not recorded'})")  # fmt: skip
    hit = sum(p is not None for _, p in results)
    return hit / len(results) if results else 0.0


def report_false_ports(sample: list[tuple[Paper, RepoRef]], found: dict[str, list[Port]],
                       forks: set[str]) -> int:  # fmt: skip
    """Every port reported on the random sample (for review); returns the violations."""
    official = {p.paper_id: o for p, o in sample}
    ports = [p for pid in sorted(found) for p in found[pid]]
    tf = [p for p in ports if p.is_tf_port and p.level >= 1]
    print(f"\nrandom 2026 sample: {len(sample)} papers, {len(ports)} ports reported "
          f"({len(tf)} TF ports at level >= 1), every one listed for review:")  # fmt: skip
    bad = 0
    for p in ports:
        repo = RepoRef.parse(p.url)
        is_official = repo is not None and repo.key == official[p.paper_id].key
        is_fork = repo is not None and repo.key in forks
        flag = " OFFICIAL REPO" if is_official and p.source != "official-repo" else ""
        flag += " FORK" if is_fork else ""
        bad += bool(flag)
        print(f"  {p.paper_id} level {p.level} {p.source} {p.kind} {p.url}{flag}\n"
              f"      {p.evidence[:160]}")  # fmt: skip
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="recorded corpus")
    parser.add_argument("--no-sample", action="store_true", help="skip the random 2026 sample")
    args = parser.parse_args(argv)
    if not (args.corpus / "ports" / "community.jsonl").exists():
        print(f"ports_eval: no recorded ports under {args.corpus} (set CVGAP_CORPUS)",
              file=sys.stderr)  # fmt: skip
        return 2
    started = time.perf_counter()
    cases, skipped = cases_to_evaluate(args.corpus)
    sample = [] if args.no_sample else random_sample(args.corpus)
    with ReplayServer() as server:
        server.add_handler(CorpusGitHub(args.corpus).handle)
        found = asyncio.run(run_finder(server, _papers_of(cases)))
        server.clear_log()
        sample_found = asyncio.run(run_finder(server, list(sample))) if sample else {}
        searched = len(server.requests("/api/search/repositories"))
        judged = len({r.path for r in server.requests("/api/repos/") if r.path.endswith("/HEAD")})
    results = evaluate(cases, found)
    print(f"recorded ports evaluated: {len(results)} ({len(_papers_of(cases))} papers); "
          f"not evaluable: {len(skipped)}")  # fmt: skip
    for note in skipped:
        print(f"  not evaluable: {note}")
    recall = report_recall(results)
    bad = report_false_ports(sample, sample_found, recorded_forks(args.corpus))
    print(f"  (the sample's finder runs made {searched} repository searches and fetched "
          f"{judged} repositories at HEAD: gardens and search candidates)")  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"\nrecall {100 * recall:.1f} % (target >= {100 * RECALL_TARGET:.0f} %, N = "
          f"{len(results)}); official repos or forks reported as ports: {bad} (target 0); "
          f"{seconds:.1f} s")  # fmt: skip
    if not results:
        return 2
    return 0 if recall >= RECALL_TARGET and bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
