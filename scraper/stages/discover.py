"""Discovery stage: run the sources concurrently, store their papers in a fixed order, find CV ones."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import ModuleType
from typing import TYPE_CHECKING, Any

from analysis import store
from analysis.models import CV_VENUES, REFERENCE_SOURCE, Paper, RepoRef
from scraper.http.store_cache import flush_cache
from scraper.report import Reporter
from scraper.tally import SourceTally, Tally

if TYPE_CHECKING:
    import duckdb

    from scraper.http.client import Http
    from scraper.sources import DiscoverRequest

log = logging.getLogger(__name__)

BATCH = 200  # papers per transaction: a killed run loses at most one batch of work
CATEGORY_BATCH = 100  # arXiv ids per id_list query


async def collect(http: Http, name: str, module: ModuleType, req: DiscoverRequest,
                  tally: SourceTally, rep: Reporter,
                  kwargs: dict[str, Any] | None = None) -> list[Paper]:  # fmt: skip
    """Every paper `module.discover` yields (up to `req.limit`); a failure is noted in `tally`."""
    task = rep.stage(f"discover {name}")
    started = time.monotonic()
    papers: list[Paper] = []
    try:
        async for paper in module.discover(http, req, **(kwargs or {})):
            papers.append(paper)
            rep.advance(task)
            if req.limit is not None and len(papers) >= req.limit:
                break
    except Exception as e:  # noqa: BLE001 - a source is a plug-in boundary: one failing must not stop the rest
        tally.error = f"{type(e).__name__}: {e}"
        log.debug("source %s failed", name, exc_info=True)
    tally.papers = len(papers)
    tally.skipped = req.skipped[name]
    tally.seconds = time.monotonic() - started
    rep.finish(task)
    return papers


def canonical(papers: Iterable[Paper]) -> list[Paper]:
    """Papers in an order that does not depend on network timing, so reruns store the same rows.

    The store keeps the first non-null value it sees for a field; a stable order makes "first"
    the same in a clean run and in a resumed one.
    """

    def key(p: Paper) -> tuple:
        links = tuple((c.repo.key, c.provenance, c.official) for c in p.code_links)
        return (p.paper_id, links, p.venue or "", p.year or 0, p.title)

    return sorted(papers, key=key)


def store_papers(con: duckdb.DuckDBPyConnection, papers: Sequence[Paper],
                 tally: SourceTally) -> None:  # fmt: skip
    """Upsert in batches, one transaction each (the unit a killed run can lose)."""
    for i in range(0, len(papers), BATCH):
        new, updated = store.upsert_papers(con, papers[i : i + BATCH])
        tally.new += new
        tally.updated += updated


async def discover_all(http: Http, con: duckdb.DuckDBPyConnection, sources: dict[str, ModuleType],
                       req: DiscoverRequest, tally: Tally, rep: Reporter,
                       kwargs: dict[str, dict[str, Any]] | None = None) -> list[Paper]:  # fmt: skip
    """Run `sources` concurrently; store each one's papers in the order given. Returns them all.

    `kwargs` holds extra keyword arguments per source name (e.g. a faster pacer in tests).
    """
    kwargs = kwargs or {}
    for name in sources:
        tally.sources[name] = SourceTally()
    tasks = [asyncio.create_task(collect(http, n, m, req, tally.sources[n], rep, kwargs.get(n)))
             for n, m in sources.items()]  # fmt: skip
    before = {name: papers for name, _, papers in store.source_states(con)}
    everything: list[Paper] = []
    # Each source is stored once it and every source before it are done: as early as the
    # fixed order allows, so a killed run keeps the sources it finished.
    for name, task in zip(sources, tasks, strict=True):
        ordered = canonical(await task)
        flush_cache(http)  # validators of the pages first, then the papers read from them
        store_papers(con, ordered, tally.sources[name])
        st = tally.sources[name]
        if st.error is None and not ordered and before.get(name):
            # An empty answer from a source that gave papers before is a failure (an HTML page,
            # an outage), not news: its state is kept and the run says so.
            st.error = (f"returned no papers, {before[name]} last time (an error page or an "
                        "outage? a window without papers?); its state was kept")  # fmt: skip
        if st.error is None:
            store.mark_source(con, name, len(ordered))
        everything.extend(ordered)
    return everything


def needs_category(papers: Iterable[Paper]) -> list[str]:
    """arXiv ids whose CV-ness is unknown: no primary category and not from a CV venue.

    Reference-sample papers are left out: they never enter a share, so their category decides
    nothing and would only cost arXiv requests (3 s apart)."""
    ids = {p.arxiv_id for p in papers if p.arxiv_id and not p.primary_category
           and p.venue not in CV_VENUES and p.source != REFERENCE_SOURCE}  # fmt: skip
    return sorted(ids)


async def fill_categories(http: Http, con: duckdb.DuckDBPyConnection, papers: Sequence[Paper],
                          tally: Tally) -> int:  # fmt: skip
    """Look up primary arXiv categories in batches (`arxiv.primary_categories`); errors recorded."""
    from scraper.sources import arxiv

    ids = needs_category(papers)
    found = 0
    for i in range(0, len(ids), CATEGORY_BATCH):
        batch = ids[i : i + CATEGORY_BATCH]
        try:
            cats = await arxiv.primary_categories(http, batch)
        except Exception as e:  # noqa: BLE001 - one failed batch only leaves is_cv unknown
            tally.record_error("categories", f"{batch[0]}..{batch[-1]}", e)
            continue
        flush_cache(http)
        store.set_primary_categories(con, cats)
        found += len(cats)
    return found


def official_repos(papers: Iterable[Paper]) -> dict[str, tuple[RepoRef, list[str]]]:
    """repo key -> (ref, paper ids) for code links with evidence of being official, sorted by key.

    Candidate (non-official) links are stored with their papers but never fetched.
    """
    out: dict[str, tuple[RepoRef, list[str]]] = {}
    for p in papers:
        for link in p.code_links:
            if link.official:
                ref, ids = out.setdefault(link.repo.key, (link.repo, []))
                if p.paper_id not in ids:
                    ids.append(p.paper_id)
    return dict(sorted(out.items()))


def unique_papers(papers: Iterable[Paper]) -> dict[str, Paper]:
    """paper_id -> the first record seen of it, carrying the code links of every record.

    Two sources (or two repos of one search) may report the same paper with different links.
    """
    out: dict[str, Paper] = {}
    for p in papers:
        first = out.get(p.paper_id)
        if first is None:
            out[p.paper_id] = p
        elif not set(p.code_links) <= set(first.code_links):
            links = tuple(dict.fromkeys((*first.code_links, *p.code_links)))
            out[p.paper_id] = replace(first, code_links=links)
    return out
