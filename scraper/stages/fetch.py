"""Fetch stage: official repos -> snapshots -> labels -> store, one transaction per repo.

Incremental: a repo whose head equals the stored head is skipped (a conditional request answers
it); one whose label predates the classifier version is relabelled from the stored blobs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from analysis import store
from analysis.models import Label, RepoRef, RepoSnapshot
from scraper.http.store_cache import flush_cache
from scraper.report import Reporter
from scraper.tally import Tally

if TYPE_CHECKING:
    import duckdb

    from scraper.http.client import Http

GONE = store.GONE_STATUSES

# (http, ref, known_head) -> snapshot, or None when unchanged. scraper.github.rest.fetch_snapshot in use.
FetchOne = Callable[["Http", RepoRef, str | None], Awaitable[RepoSnapshot | None]]


@dataclass(frozen=True)
class FetchPolicy:
    """How the fetch stage treats repos it has seen before."""

    classifier_version: str
    recheck_gone: timedelta = timedelta(days=1)  # 404/451/409 repos are asked again after this


def skip_gone(state: tuple | None, policy: FetchPolicy, now: datetime) -> bool:
    """True for a repo never seen with code, recorded as missing/blocked/empty more recently than
    `recheck_gone`.

    A dead link rarely turns into a repository within a day; asking again every run would cost
    one unconditional request per dead link (lists carry many). A repo that had code before and
    now answers 404 is asked every run: that 404 may be an outage or a wrong base URL.
    """
    if state is None:
        return False
    head, status, fetched_at = state
    return (
        head is None
        and status in GONE
        and fetched_at is not None
        and now - fetched_at < policy.recheck_gone
    )


def had_code(state: tuple | None) -> bool:
    """True for a repo stored with a head and a status that is not gone (it answered before)."""
    return state is not None and state[0] is not None and state[1] not in GONE


def label_of(snap: RepoSnapshot) -> Label:
    from analysis.classify.label import classify

    return classify(snap)


def save(http: Http, con: duckdb.DuckDBPyConnection, snap: RepoSnapshot, tally: Tally,
         known: bool = False) -> None:  # fmt: skip
    """Label and store one snapshot in one transaction (validators first); count it.

    `known`: the repo had code before; a gone status now counts as `vanished` too.
    """
    label = label_of(snap)
    flush_cache(http)
    store.save_snapshot(con, snap, label)
    if snap.status in GONE:
        tally.repos.missing += 1
        tally.repos.vanished += known
    else:
        tally.repos.fetched += 1


async def refresh_repo(http: Http, con: duckdb.DuckDBPyConnection, ref: RepoRef,
                       fetch: FetchOne, policy: FetchPolicy, tally: Tally) -> None:  # fmt: skip
    """Bring one repo up to date: skip, relabel from stored blobs, or fetch and store."""
    state = store.repo_state(con, ref.key)
    if skip_gone(state, policy, store.now()):
        tally.repos.unchanged += 1
        tally.repos.dead += 1
        return
    if had_code(state):
        tally.repos.known += 1
    # A repo stored as gone with its last good tree is read in full when it answers again.
    known = state[0] if state and state[1] not in GONE else None
    snap = await fetch(http, ref, known)
    await settle(http, con, ref, known, snap, fetch, policy, tally, had_code(state))


async def settle(http: Http, con: duckdb.DuckDBPyConnection, ref: RepoRef, known: str | None,
                 snap: RepoSnapshot | None, fetch: FetchOne, policy: FetchPolicy,
                 tally: Tally, had: bool = False) -> None:  # fmt: skip
    """Store a fetched snapshot, or for an unchanged head make sure its label is current."""
    if snap is not None:
        save(http, con, snap, tally, had)
        return
    tally.repos.unchanged += 1
    if store.has_label(con, ref.key, known, policy.classifier_version):
        return
    stored = store.load_snapshot(con, ref.key)
    if stored is not None:
        store.save_label(con, label_of(stored))
        tally.repos.relabelled += 1
        return
    # The blobs were not kept (the bundled snapshot empties them): read the repo again.
    snap = await fetch(http, ref, None)
    if snap is not None:
        tally.repos.unchanged -= 1
        save(http, con, snap, tally)


async def fetch_all(http: Http, con: duckdb.DuckDBPyConnection, refs: list[RepoRef],
                    fetch: FetchOne, policy: FetchPolicy, concurrency: int, tally: Tally,
                    rep: Reporter) -> None:  # fmt: skip
    """Refresh `refs` with at most `concurrency` repos in flight; one repo's failure is recorded."""
    started = time.monotonic()
    task = rep.stage("fetch repos", total=len(refs))
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(ref: RepoRef) -> None:
        async with gate:
            tally.repos.checked += 1
            try:
                await refresh_repo(http, con, ref, fetch, policy, tally)
            except Exception as e:  # noqa: BLE001 - one repo's failure is recorded, the run goes on
                tally.repos.failed += 1
                tally.record_error("fetch", ref.full_name, e)
        rep.advance(task)

    await asyncio.gather(*(one(r) for r in refs))
    tally.repos.seconds += time.monotonic() - started
    rep.finish(task)
