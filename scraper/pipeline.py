"""The refresh: discover -> fetch -> classify -> ports -> store, incremental, resumable, published.

A refresh writes to the store's work file (committing per paper batch and per repo), so a killed
run resumes where it stopped; at the end it publishes the work file by atomic rename.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from rich.console import Console

from analysis import store
from analysis.models import RepoRef
from scraper.http.client import Http, Settings
from scraper.http.store_cache import BufferedCache
from scraper.report import Reporter
from scraper.stages import discover, fetch
from scraper.stages.ports import find_all_ports
from scraper.tally import Tally

SOURCE_ORDER = ("hf", "arxiv", "lists", "cvf", "ghsearch")  # the default: discovered papers
EXTRA_SOURCES = ("reference",)  # only when asked for: a named reference sample from files
DEFAULT_CONCURRENCY = 16


class RefreshError(Exception):
    """The refresh could not run at all (bad options, database unusable)."""


class SuspectRun(RefreshError):
    """The run looks wrong (most known repos suddenly gone): nothing was published.

    `tally` holds what the run counted before it stopped.
    """

    tally: Tally | None = None


@dataclass(frozen=True)
class RefreshOptions:
    """Everything a refresh needs; the CLI builds one from its arguments."""

    db: Path
    since: date
    until: date
    sources: tuple[str, ...] = SOURCE_ORDER
    lists: tuple[str, ...] = ()
    reference: tuple[str, ...] = ()
    limit: int | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    ports: bool = True
    graphql: bool = False
    recheck_gone: timedelta = timedelta(days=1)
    search_interval: float | None = None  # seconds between GitHub searches (ghsearch's default)
    accept_missing: bool = False  # publish even when most known repos suddenly answer 404
    settings: Settings = field(default_factory=Settings)
    progress: bool = True
    repo_metadata: bool = False  # REST: also read a new repo's metadata (created_at, stars)

    def as_args(self) -> dict[str, Any]:
        """The options as recorded in `runs.args` (settings without tokens, which repr hides)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "settings"}
        s = self.settings
        out["settings"] = {k: v for k, v in asdict(s).items() if not k.endswith("token")}
        out["authenticated"] = {"github": bool(s.github_token), "hf": bool(s.hf_token)}
        return json.loads(json.dumps(out, default=str))


def select_sources(names: tuple[str, ...]) -> dict[str, ModuleType]:
    """The source modules for `names`, in SOURCE_ORDER (the order their papers are stored in)."""
    from scraper.sources import SOURCES

    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise RefreshError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(SOURCES)}")
    known = (*SOURCE_ORDER, *EXTRA_SOURCES)
    order = [n for n in known if n in names] + [n for n in names if n not in known]
    return {n: SOURCES[n] for n in dict.fromkeys(order)}


def versions() -> dict[str, str]:
    """Versions recorded with each run (labels are only comparable within a classifier version)."""
    from analysis.classify.label import CLASSIFIER_VERSION

    return {"classifier": CLASSIFIER_VERSION, "schema": str(store.SCHEMA_VERSION)}


def run_refresh(options: RefreshOptions, console: Console | None = None) -> Tally:
    """Run one refresh to completion and publish it. Raises RefreshError when it cannot start."""
    return asyncio.run(refresh(options, console))


async def refresh(options: RefreshOptions, console: Console | None = None) -> Tally:
    """The async body of `run_refresh` (for callers that already run an event loop)."""
    sources = select_sources(options.sources)
    resumed, existed = store.work_path(options.db).exists(), options.db.exists()
    con = open_work(options.db)
    tally = Tally()
    started = time.monotonic()
    run_id = f"{store.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    try:
        store.interrupt_stale_runs(con)
        store.start_run(con, run_id, "refresh", options.as_args(), versions())
        with Reporter(console, enabled=options.progress) as rep:
            try:
                await _stages(con, sources, options, tally, rep)
            except SuspectRun as e:
                # The work file holds this run's view (known repos marked gone): a resumed run
                # must not start from it, so it goes; the published file was never touched.
                e.tally = tally
                con.close()
                _drop_work_file(options.db)
                raise
        tally.seconds = time.monotonic() - started
        status = "partial" if tally.failed_sources else "ok"
        store.finish_run(con, run_id, status, tally.counts(), tally.errors)
        # Every source failed on a new database: there is nothing to publish (no empty file).
        tally.published = existed or not tally.all_sources_failed
        if tally.published:
            store.publish(con, options.db)
    finally:
        con.close()
    if tally.published or not resumed:
        _drop_work_file(options.db)
    return tally


async def _stages(con: Any, sources: dict[str, ModuleType], options: RefreshOptions,
                  tally: Tally, rep: Reporter) -> None:  # fmt: skip
    from scraper.sources import DiscoverRequest

    settings = _with_concurrency(options.settings, options.concurrency)
    req = DiscoverRequest(options.since, options.until, options.limit, options.lists,
                          options.reference)  # fmt: skip
    cache = BufferedCache(con)
    async with Http(settings, cache=cache) as http:
        http.on_wait = wait_reporter(rep)
        try:
            extra = _source_kwargs(options)
            found = await discover.discover_all(http, con, sources, req, tally, rep, extra)
            await discover.fill_categories(http, con, found, tally)
            papers = discover.unique_papers(found)
            repos = discover.official_repos(papers.values())
            await _fetch_stage(http, con, repos, options, tally, rep)
            if tally.repos.mass_missing and not options.accept_missing:
                raise SuspectRun(mass_missing_message(tally, settings))
            _attribute_failures(tally, repos, found)
            if options.ports:
                await find_all_ports(
                    http,
                    con,
                    papers,
                    repos,
                    options.concurrency,
                    tally,
                    rep,
                    options.search_interval,
                )
        finally:
            cache.flush()
            tally.http = http.stats.as_dict()


async def _fetch_stage(http: Http, con: Any, repos: dict[str, tuple[RepoRef, list[str]]],
                       options: RefreshOptions, tally: Tally, rep: Reporter) -> None:  # fmt: skip
    from analysis.classify.label import CLASSIFIER_VERSION

    policy = fetch.FetchPolicy(CLASSIFIER_VERSION, options.recheck_gone)
    refs = [ref for ref, _ in repos.values()]
    if options.graphql:
        from scraper.stages.fetch_graphql import fetch_all_graphql

        await fetch_all_graphql(http, con, refs, _fetch_snapshot, policy, tally, rep)
    else:
        snapshot = _fetch_with_metadata if options.repo_metadata else _fetch_snapshot
        await fetch.fetch_all(http, con, refs, snapshot, policy, options.concurrency,
                              tally, rep)  # fmt: skip


async def _fetch_snapshot(http: Http, ref: RepoRef, known: str | None) -> Any:
    from scraper.github.rest import fetch_snapshot

    return await fetch_snapshot(http, ref, known)


async def _fetch_with_metadata(http: Http, ref: RepoRef, known: str | None) -> Any:
    """A repo never fetched before also gets its metadata (created_at: when the code appeared),
    one more API request, once per repo: the store keeps created_at when the head moves on."""
    from scraper.github.rest import fetch_snapshot

    return await fetch_snapshot(http, ref, known, metadata=known is None)


def wait_reporter(rep: Reporter, clock: Any = time.time) -> Any:
    """`on_wait` for Http: one progress line per host and wait (`waiting 60 s for ... until`)."""
    shown: dict[str, float] = {}

    def on_wait(host: str, seconds: float, why: str) -> None:
        until = clock() + seconds
        if abs(until - shown.get(host, 0.0)) < 5:  # the same wait, told by another request
            return
        shown[host] = until
        at = time.strftime("%H:%M:%S", time.gmtime(until))
        rep.line(f"waiting {seconds:.0f} s for {host} ({why}), until {at} UTC; "
                 "--max-wait caps a single wait")  # fmt: skip

    return on_wait


def mass_missing_message(tally: Tally, settings: Settings) -> str:
    """What looks wrong when most known repos answer 404 at once, and what to do."""
    r = tally.repos
    return (
        f"{r.vanished} of {r.known} repositories stored with code by earlier runs now answer "
        f"404/451/409 from {settings.github_api_url}. That looks like a wrong base URL "
        "(GitHub Enterprise needs .../api/v3), a token without access to them, or an outage, "
        "not like GitHub. Nothing was published; the database is as it was. If they really "
        "are gone, run again with --accept-missing"
    )


def _attribute_failures(tally: Tally, repos: dict[str, tuple[RepoRef, list[str]]],
                        found: list) -> None:  # fmt: skip
    """Count, per source, the papers whose official repo failed to fetch."""
    failed_repos = {e["item"].lower() for e in tally.errors if e["stage"] == "fetch"}
    failed_papers = {pid for key in failed_repos if key in repos for pid in repos[key][1]}
    for name, st in tally.sources.items():
        st.failed += len({p.paper_id for p in found if p.source == name} & failed_papers)


def _source_kwargs(options: RefreshOptions) -> dict[str, dict[str, Any]]:
    """Keyword arguments some sources' `discover` accepts (pacing for GitHub search)."""
    if options.search_interval is None:
        return {}
    from scraper.sources.common import Pacer

    return {"ghsearch": {"pacer": Pacer(options.search_interval)}}


def _with_concurrency(settings: Settings, concurrency: int) -> Settings:
    from dataclasses import replace

    return replace(settings, concurrency=max(1, concurrency))


def open_work(db: Path) -> Any:
    """The work database for `db` (resumed if an earlier run was killed), as a RefreshError."""
    import duckdb

    fresh = not store.work_path(db).exists()
    try:
        return store.open_work(db)
    except (duckdb.Error, OSError) as e:
        if fresh:  # seeded from `db` just now: a copy of a file that is no database goes too
            _drop_work_file(db)
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        first = first.replace(store.work_path(db).name, db.name)  # name the user's file
        raise RefreshError(f"cannot open {db}: {first}") from e


def _drop_work_file(db: Path) -> None:
    """After publishing, the work file equals the published one; the next run seeds afresh."""
    work = store.work_path(db)
    for path in (work, work.with_name(work.name + ".wal")):
        path.unlink(missing_ok=True)
