"""Model collections on the web: one recursive tree per collection per refresh, the READMEs and
model files that cite papers, and the first commit of each model a paper matched.

What a model means (which paper, which ladder level) is decided in analysis.ports.gardens and
garden_match. A collection that cannot be read is reported and skipped; the first-party ones then
fall back to the keras-hub wheel and the installed keras (keras_hub.py), as before.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date
from functools import partial

from analysis.models import GardenUnit
from analysis.ports.garden_match import Dates, GardenIndex, merge
from analysis.ports.gardens import (
    GARDENS,
    Garden,
    build_units,
    docs_to_fetch,
    garden_named,
    units_from_registry,
)
from analysis.ports.keras_registry import KERAS_APPS, KERAS_HUB, KerasRegistry
from scraper.github.rest import fetch_snapshot, parse_time
from scraper.http.client import FetchError, Http
from scraper.port_search.keras_hub import registry_for
from scraper.port_search.once import PerLoop

log = logging.getLogger(__name__)

_LAST_PAGE = re.compile(r'<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"')


async def fetch_garden(http: Http, garden: Garden) -> GardenIndex:
    """The garden's models at its head commit: commit + one recursive tree + their documents."""
    select = partial(_select, garden)
    snap = await fetch_snapshot(http, garden.repo, max_code=0, select=select)
    if snap is None or snap.status != "ok":
        status = snap.status if snap is not None else "unchanged"
        raise FetchError(garden.repo.url, None, f"garden {garden.name}: repository {status}")
    units = build_units(garden, snap)
    note = f"{garden.name}: {len(units)} models in {garden.repo.full_name} @ {snap.commit}"
    return GardenIndex(tuple(units), (note,))


def _select(garden: Garden, tree: list, max_code: int) -> list[str]:
    return docs_to_fetch(garden, tree)


async def load_gardens(http: Http, gardens: tuple[Garden, ...] = GARDENS) -> GardenIndex:
    """Every garden that can be read; KerasHub and keras.applications fall back to the wheel and
    the installed keras package when their repositories cannot be."""
    results = await asyncio.gather(*(fetch_garden(http, g) for g in gardens),
                                   return_exceptions=True)  # fmt: skip
    read, notes, missing = [], [], set()
    for garden, result in zip(gardens, results, strict=True):
        if isinstance(result, GardenIndex):
            read.append(result)
        elif isinstance(result, FetchError | ValueError | KeyError):
            log.warning("garden %s unreadable: %s", garden.name, result)
            notes.append(f"{garden.name}: not read ({result})")
            missing.add(garden.name)
        else:
            raise result
    if missing & {KERAS_HUB, KERAS_APPS}:
        registry = await registry_for(http)
        fallback = _registry_units(registry, missing)
        notes.append(f"fallback for {', '.join(sorted(missing & {KERAS_HUB, KERAS_APPS}))}: "
                     f"{len(fallback)} models from the installed keras / keras-hub wheel")  # fmt: skip
        read.append(GardenIndex(tuple(fallback)))
    return merge(*read, GardenIndex((), tuple(notes)))


def _registry_units(registry: KerasRegistry, wanted: set[str]) -> list[GardenUnit]:
    return [u for u in units_from_registry(registry) if u.garden in wanted]


_INDEXES = PerLoop()
_DATES = PerLoop()


async def gardens_for(http: Http) -> GardenIndex:
    """One index per GitHub API URL and event loop: read once per refresh, shared by every paper."""
    return await _INDEXES(http.settings.github_api_url, lambda: load_gardens(http))


# --- when a model appeared -------------------------------------------------------------------------


def last_page(link: str | None) -> int | None:
    """The `rel="last"` page number of a GitHub Link header (None on the last page itself)."""
    m = _LAST_PAGE.search(link or "")
    return int(m.group(1)) if m else None


async def oldest_commit(http: Http, unit: GardenUnit, path: str) -> date | None:
    """The committer date of the oldest commit touching `path`: page 1 of `commits?path=` with one
    commit per page names the last page, which holds it. None when the path has no history."""
    url = f"{http.settings.github_api_url}/repos/{unit.repo.owner}/{unit.repo.name}/commits"
    params = {"path": path, "per_page": "1"}
    # Unconditional: a 304 would not carry the Link header that names the last page.
    r = await http.get(url, params=params, conditional=False)
    if r.status != 200:
        return None
    page = last_page(r.headers.get("link"))
    if page is not None and page > 1:
        r = await http.get(url, params={**params, "page": str(page)}, conditional=False)
        if r.status != 200:
            return None
    items = r.json() if r.content else []
    if not isinstance(items, list) or not items:
        return None
    commit = items[-1].get("commit") or {}
    when = (commit.get("committer") or {}).get("date") or (commit.get("author") or {}).get("date")
    stamp = parse_time(when)
    return stamp.date() if stamp else None


def history_paths(unit: GardenUnit) -> list[str]:
    """The unit's path and the same model under the garden's earlier roots (renamed folders)."""
    garden = garden_named(unit.garden)
    paths = [unit.path]
    if garden is not None and garden.root and unit.path.startswith(garden.prefix()):
        rest = unit.path[len(garden.prefix()) :]
        paths += [f"{alias}/{rest}" for alias in garden.aliases]
    return paths


async def first_commit(http: Http, unit: GardenUnit) -> date | None:
    """When the model first appeared in its garden, renamed folders included."""
    found = await asyncio.gather(*(oldest_commit(http, unit, p) for p in history_paths(unit)))
    dated = [d for d in found if d is not None]
    return min(dated) if dated else None


async def date_units(http: Http, units: list[GardenUnit], known: Dates) -> dict:
    """url -> (first commit, "first-commit") for `units`. `known` dates (stored by an earlier
    refresh) are reused; each other model is asked for once per refresh, however many papers
    it matches."""
    out = {u.url: known[u.url] for u in units if u.url in known}
    todo = [u for u in units if u.url not in out]
    found = await asyncio.gather(*(_DATES(u.url, partial(first_commit, http, u)) for u in todo))
    for unit, when in zip(todo, found, strict=True):
        out[unit.url] = (when, "first-commit" if when else None)
    return out
