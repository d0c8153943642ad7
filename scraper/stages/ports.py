"""Ports stage: for each paper of the run, look for TF/Keras/LiteRT/ONNX ports and store them."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from analysis import store
from analysis.models import Paper, RepoRef
from scraper.http.store_cache import flush_cache
from scraper.report import Reporter
from scraper.tally import Tally

if TYPE_CHECKING:
    import duckdb

    from scraper.http.client import Http


def official_of(paper: Paper, repos: dict[str, tuple[RepoRef, list[str]]]) -> RepoRef | None:
    """The paper's first official repo (by key), the one its label and ports are judged on."""
    keys = sorted(c.repo.key for c in paper.code_links if c.official and c.repo.key in repos)
    return repos[keys[0]][0] if keys else None


def search_pacer(interval: float | None) -> Any:
    """A GitHub search pacer allowing one call per `interval` seconds (None: the finder's own)."""
    if interval is None:
        return None
    from scraper.port_search.search import SearchPacer

    return SearchPacer(max(1, round(60 / interval)) if interval > 0 else 1_000_000)


async def ports_for(http: Http, con: duckdb.DuckDBPyConnection, paper: Paper,
                    official: RepoRef | None, pacer: Any = None,
                    known_dates: dict | None = None) -> tuple[int, int]:  # fmt: skip
    """Find and store one paper's ports; returns (ports found, new rows).

    `known_dates` (store.port_dates): first commits found by earlier refreshes, not asked again.
    """
    from scraper.port_search.search import find_ports

    snap = label = None
    if official is not None:
        # The tree is what converter signatures are read from; blobs may be gone (bundled data).
        snap = store.load_snapshot(con, official.key, require_blobs=False)
        label = store.load_label(con, official.key)
    ports = await find_ports(http, paper, official, snap, label, pacer=pacer,
                             known_dates=known_dates)  # fmt: skip
    flush_cache(http)
    new = store.upsert_ports(con, ports) if ports else 0
    return len(ports), new


async def find_all_ports(http: Http, con: duckdb.DuckDBPyConnection, papers: dict[str, Paper],
                         repos: dict[str, tuple[RepoRef, list[str]]], concurrency: int,
                         tally: Tally, rep: Reporter,
                         search_interval: float | None = None) -> None:  # fmt: skip
    """Look up ports for every CV paper of the run, `concurrency` at a time; failures recorded.

    `search_interval` (seconds between GitHub searches) replaces the port finder's own pacing.
    """
    pacer = search_pacer(search_interval)
    known = store.port_dates(con)
    started = time.monotonic()
    todo = [p for _, p in sorted(papers.items()) if p.is_cv or p.primary_category is None]
    task = rep.stage("find ports", total=len(todo))
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(paper: Paper) -> None:
        async with gate:
            try:
                found, new = await ports_for(http, con, paper, official_of(paper, repos), pacer,
                                             known)  # fmt: skip
            except Exception as e:  # noqa: BLE001 - one paper's failure is recorded, the run goes on
                tally.ports.failed += 1
                tally.record_error("ports", paper.paper_id, e)
            else:
                tally.ports.ports += found
                tally.ports.new += new
            tally.ports.papers += 1
        rep.advance(task)

    await asyncio.gather(*(one(p) for p in todo))
    tally.ports.seconds = time.monotonic() - started
    rep.finish(task)
