"""Fetch stage in GraphQL batch mode: one query per batch of repos, REST only for changed ones."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from analysis import store
from analysis.models import RepoRef
from scraper.report import Reporter
from scraper.stages.fetch import FetchOne, FetchPolicy, had_code, settle, skip_gone
from scraper.tally import Tally

if TYPE_CHECKING:
    import duckdb

    from scraper.http.client import Http

BATCH = 25  # repos per query (scraper.github.graphql.BATCH): <= 0.04 queries per repo
PARALLEL_BATCHES = 2  # batches in flight; each one fans out REST tree/raw requests on its own


def plan(con: duckdb.DuckDBPyConnection, refs: list[RepoRef], policy: FetchPolicy,
         tally: Tally) -> tuple[list[RepoRef], dict[str, str]]:  # fmt: skip
    """(refs to ask GitHub about, their stored heads); recently-gone repos are skipped here."""
    todo: list[RepoRef] = []
    known: dict[str, str] = {}
    now = store.now()
    for ref in refs:
        state = store.repo_state(con, ref.key)
        if skip_gone(state, policy, now):
            tally.repos.checked += 1
            tally.repos.unchanged += 1
            tally.repos.dead += 1
            continue
        todo.append(ref)
        if had_code(state):  # a repo stored as gone is read in full when it answers again
            tally.repos.known += 1
            known[ref.key] = state[0]
    return todo, known


async def run_batch(http: Http, con: duckdb.DuckDBPyConnection, refs: list[RepoRef],
                    known: dict[str, str], refetch: FetchOne, policy: FetchPolicy,
                    tally: Tally) -> None:  # fmt: skip
    """One GraphQL query for `refs`, then store each repo; a failed batch fails its repos only."""
    from scraper.github.graphql import fetch_snapshots_graphql

    tally.repos.checked += len(refs)
    try:
        snaps = await fetch_snapshots_graphql(http, refs, known, batch=len(refs))
    except Exception as e:  # noqa: BLE001 - the batch's repos are recorded as failed; others go on
        for ref in refs:
            tally.repos.failed += 1
            tally.record_error("fetch", ref.full_name, e)
        return
    for ref in refs:
        try:
            await settle(http, con, ref, known.get(ref.key), snaps.get(ref.key), refetch, policy,
                         tally, ref.key in known)  # fmt: skip
        except Exception as e:  # noqa: BLE001 - one repo's failure is recorded, the run goes on
            tally.repos.failed += 1
            tally.record_error("fetch", ref.full_name, e)


async def fetch_all_graphql(http: Http, con: duckdb.DuckDBPyConnection, refs: list[RepoRef],
                            refetch: FetchOne, policy: FetchPolicy, tally: Tally,
                            rep: Reporter, batch: int = BATCH) -> None:  # fmt: skip
    """Refresh `refs` in GraphQL batches, PARALLEL_BATCHES at a time."""
    started = time.monotonic()
    task = rep.stage("fetch repos", total=len(refs))
    todo, known = plan(con, refs, policy, tally)
    rep.advance(task, len(refs) - len(todo))
    gate = asyncio.Semaphore(PARALLEL_BATCHES)

    async def one(chunk: list[RepoRef]) -> None:
        async with gate:
            await run_batch(http, con, chunk, known, refetch, policy, tally)
        rep.advance(task, len(chunk))

    chunks = [todo[i : i + batch] for i in range(0, len(todo), batch)]
    await asyncio.gather(*(one(c) for c in chunks))
    tally.repos.seconds += time.monotonic() - started
    rep.finish(task)
