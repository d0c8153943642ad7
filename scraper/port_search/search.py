"""Port look-ups on the web: Hub models, GitHub repository and issue search, model collections
(gardens.py; the KerasHub wheel fallback: keras_hub.py).

Decisions live in analysis.ports.ladder; this module fetches, parses responses into records and calls them.
GitHub search allows 30 requests/min with a token (10 without): every search call takes a slot from
a sliding-window pacer shared by the whole process, so concurrent papers never exceed it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from huggingface_hub.hf_api import ModelInfo

from analysis.models import Label, Port, RepoRef, RepoSnapshot
from analysis.ports.garden_match import Dates, GardenIndex, ports_from_gardens
from analysis.ports.gardens import units_from_registry
from analysis.ports.keras_registry import KerasRegistry
from analysis.ports.ladder import (
    looks_like_list_name,
    port_from_candidate_repo,
    ports_from_hf_models,
)
from analysis.ports.names import short_names
from analysis.ports.signals import ports_from_official_snapshot
from scraper.github.rest import fetch_snapshot, parse_time
from scraper.http.client import FetchError, Http
from scraper.port_search.gardens import date_units, gardens_for
from scraper.sources.hf import hub_model

log = logging.getLogger(__name__)

REPO_TERMS = "tensorflow OR keras OR tflite OR litert OR tf2"  # at most 5 operators per query
ISSUE_TERMS = "tensorflow OR keras OR tflite"
MAX_CANDIDATES = 6  # candidate repos fetched and classified per paper (each costs ~2 + files)
CANDIDATE_FILES = 15  # code files sampled per candidate: enough to tell TF from PyTorch
# Links in issues that name a framework or tool, not a port of the paper.
GENERIC_REPOS = frozenset({
    "tensorflow/tensorflow", "tensorflow/models", "tensorflow/tfjs", "keras-team/keras",
    "keras-team/keras-hub", "pytorch/pytorch", "pytorch/vision", "onnx/onnx",
    "onnx/onnx-tensorflow", "pinto0309/onnx2tf", "google-ai-edge/ai-edge-torch",
    "huggingface/transformers", "microsoft/onnxruntime", "nvidia/tensorrt",
})  # fmt: skip
_GITHUB_LINK = re.compile(r"github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+")


class PaperLike(Protocol):
    paper_id: str
    title: str
    arxiv_id: str | None


@dataclass(frozen=True)
class Candidate:
    """A repository that may be a port, with what the search told about it."""

    repo: RepoRef
    source: str  # "github-search" | "issues"
    is_fork: bool | None = None
    created_at: datetime | None = None
    description: str | None = None
    found_by: str = ""  # the query or the issue URL
    hint: str = ""  # name, description and topics, to try likely TF ports first


_TF_HINT = re.compile(r"tensorflow|keras|tflite|litert|tf2|tfjs|(^|[^a-z])tf([^a-z]|$)")


def tf_first(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates whose name/description/topics mention TF or Keras first (stable otherwise):
    only the first MAX_CANDIDATES are fetched, and each costs API requests."""
    return sorted(candidates, key=lambda c: not _TF_HINT.search(c.hint.lower()))


# --- pacing ---------------------------------------------------------------------------------------


class SearchPacer:
    """At most `per_minute` calls in any `window` seconds; a burst goes at once, then calls wait."""

    def __init__(self, per_minute: int = 30, *, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:  # fmt: skip
        self.per_minute, self.window, self.clock, self.sleep = per_minute, window, clock, sleep
        self._slots: deque[float] = deque()  # start times of the calls inside the window

    async def wait(self) -> None:
        """Reserve the next free slot (synchronously, so concurrent callers never share one)."""
        now = self.clock()
        slot = now
        if len(self._slots) >= self.per_minute:
            slot = max(now, self._slots[-self.per_minute] + self.window)
        self._slots.append(slot)
        while len(self._slots) > self.per_minute and self._slots[0] <= slot - self.window:
            self._slots.popleft()
        if slot > now:
            await self.sleep(slot - now)


_PACERS: dict[str, SearchPacer] = {}


def pacer_for(http: Http) -> SearchPacer:
    """The process-wide pacer of this API (30/min with a token, 10/min anonymous)."""
    s = http.settings
    key = f"{s.github_api_url}|{bool(s.github_token)}"
    return _PACERS.setdefault(key, SearchPacer(30 if s.github_token else 10))


# --- parsing (pure) -------------------------------------------------------------------------------


def repo_search_queries(arxiv_id: str | None, title: str | None) -> list[str]:
    """The arXiv id in a repo's README, description or name; the paper's short name ("Depth
    Anything" for "Depth Anything: ...", else the title) with TF terms in names and descriptions,
    as a person would search. GitHub refuses queries over 256 characters: names are cut at 120."""
    queries = [f'"{arxiv_id}" in:readme,description,name'] if arxiv_id else []
    names = short_names(title)
    name = names[0] if names else (title or "").split(":")[0]
    if name.strip():
        queries.append(f'"{name[:120].replace(chr(34), " ").strip()}" {REPO_TERMS}')
    return queries


def issue_search_query(official: RepoRef) -> str:
    return f"repo:{official.full_name} is:issue {ISSUE_TERMS}"


def parse_repo_search(data: Any, query: str) -> list[Candidate]:
    """GitHub `search/repositories` JSON -> candidates (forks kept, flagged; decided later)."""
    out = []
    for item in (data or {}).get("items") or ():
        ref = RepoRef.parse(item.get("full_name") or "")
        if ref is not None:
            hint = " ".join([ref.name, item.get("description") or "", *(item.get("topics") or ())])
            out.append(Candidate(ref, "github-search", bool(item.get("fork")),
                                 parse_time(item.get("created_at")), item.get("description"),
                                 query, hint))  # fmt: skip
    return out


def parse_issue_search(data: Any, official: RepoRef) -> list[Candidate]:
    """GitHub `search/issues` JSON -> repos linked from issue titles/bodies (not the official)."""
    out: dict[str, Candidate] = {}
    for item in (data or {}).get("items") or ():
        text = f"{item.get('title') or ''}\n{item.get('body') or ''}"
        for link in _GITHUB_LINK.findall(text):
            ref = RepoRef.parse(link)
            if ref is None or ref.key == official.key or ref.key in GENERIC_REPOS:
                continue
            hint = f"{ref.name} {item.get('title') or ''}"
            out.setdefault(ref.key, Candidate(ref, "issues", found_by=item.get("html_url") or "",
                                              hint=hint))  # fmt: skip
    return list(out.values())


def worth_fetching(
    c: Candidate, official: RepoRef | None, skip: frozenset[str] = frozenset()
) -> bool:
    """Cheap filters before spending requests: the official repo, forks and lists are never ports;
    `skip` repositories (model collections, read model by model) are not judged as one repo."""
    if c.is_fork or looks_like_list_name(c.repo.name) or c.repo.key in skip:
        return False
    return official is None or c.repo.key != official.key


# --- fetching -------------------------------------------------------------------------------------


async def fetch_hf_models(http: Http, arxiv_id: str, linked: list | None = None) -> list[ModelInfo]:
    """Hub models citing the paper: `/api/models?filter=arxiv:<id>` plus the paper page's links.

    `linked` is the paper page's `linkedModels` (API-shaped dicts, e.g. `Paper.extra`) when the HF
    source already fetched it. Documents become huggingface_hub `ModelInfo`s (`hf.hub_model`),
    as `HfApi.list_models` would build them; the fetch itself stays on our Http policy.
    """
    base = http.settings.hf_endpoint
    found: dict[str, ModelInfo] = {}
    r = await http.get(f"{base}/api/models",
                       params={"filter": f"arxiv:{arxiv_id}", "full": "true", "limit": "100"})  # fmt: skip
    listed = r.json() if r.status == 200 else None
    for m in map(hub_model, listed if isinstance(listed, list) else ()):
        if m is not None:
            found[m.id] = m
    if linked is None:
        r = await http.get(f"{base}/api/papers/{arxiv_id}")
        page = r.json() if r.status == 200 else None
        linked = page.get("linkedModels") if isinstance(page, dict) else None
    for m in map(hub_model, linked if isinstance(linked, list) else ()):
        if m is not None:
            found.setdefault(m.id, m)  # the list answer has siblings; keep it when both
    return list(found.values())


async def github_search(http: Http, pacer: SearchPacer, kind: str, q: str) -> Any:
    """One paced search call; None when GitHub rejects the query (422) or answers oddly."""
    await pacer.wait()
    api = http.settings.github_api_url
    r = await http.get(f"{api}/search/{kind}", params={"q": q, "per_page": "20"})
    if r.status != 200:
        log.info("github search %s %r: HTTP %s", kind, q, r.status)
        return None
    return r.json()


async def find_candidates(http: Http, pacer: SearchPacer, arxiv_id: str | None, title: str | None,
                          official: RepoRef | None,
                          skip: frozenset[str] = frozenset()) -> list[Candidate]:  # fmt: skip
    """Candidates from repository search, then from the official repo's issues, deduplicated."""
    found: list[Candidate] = []
    for q in repo_search_queries(arxiv_id, title):
        found += parse_repo_search(await github_search(http, pacer, "repositories", q), q)
    if official is not None:
        data = await github_search(http, pacer, "issues", issue_search_query(official))
        found += parse_issue_search(data, official)
    unique: dict[str, Candidate] = {}
    for c in found:
        unique.setdefault(c.repo.key, c)
    return tf_first([c for c in unique.values() if worth_fetching(c, official, skip)])


async def judge_candidate(http: Http, paper: PaperLike, c: Candidate,
                          official: RepoRef | None) -> Port | None:  # fmt: skip
    """Fetch, classify and decide one candidate (repository code is read, never executed)."""
    from analysis.classify.label import classify

    needs_meta = c.is_fork is None  # issue links carry no fork flag or creation date
    snap = await fetch_snapshot(http, c.repo, max_code=CANDIDATE_FILES, metadata=needs_meta)
    if snap is None or snap.status not in ("ok", "renamed"):
        return None
    snap = _with_search_meta(snap, c)
    port = port_from_candidate_repo(paper.paper_id, snap, classify(snap), official,
                                    bool(c.is_fork), source=c.source, arxiv_id=paper.arxiv_id,
                                    title=paper.title)  # fmt: skip
    if port is not None and c.found_by:
        port = dataclasses.replace(port, evidence=f"{port.evidence} [found by {c.found_by}]")
    return port


def _with_search_meta(snap: RepoSnapshot, c: Candidate) -> RepoSnapshot:
    """Fill what REST mode's snapshot lacks from the search item; a renamed repo counts as ok."""
    return dataclasses.replace(
        snap,
        status="ok",
        fork=snap.fork if snap.fork is not None else c.is_fork,
        created_at=snap.created_at or c.created_at,
        description=snap.description or c.description,
    )


# --- one paper ------------------------------------------------------------------------------------


async def find_ports(http: Http, paper: PaperLike, official: RepoRef | None,
                     official_snapshot: RepoSnapshot | None = None,
                     official_label: Label | None = None,
                     registry: GardenIndex | KerasRegistry | None = None, *,
                     pacer: SearchPacer | None = None, max_candidates: int = MAX_CANDIDATES,
                     known_dates: Dates | None = None) -> list[Port]:  # fmt: skip
    """Every port of one paper from every source. A source failing (FetchError) is logged and
    skipped so the others still count; the caller records per-paper failures.

    `registry`: the gardens to match (default: every garden, read once per refresh); a bare
    KerasRegistry stands for the first-party gardens. `known_dates`: first commits stored before.
    """
    pid, arxiv_id = paper.paper_id, paper.arxiv_id
    index = await _garden_index(http, registry)
    matched = [unit for unit, _ in index.lookup(arxiv_id, paper.title)]
    dates = await _quietly(date_units(http, matched, known_dates or {}), "garden dates", pid, {})
    ports = ports_from_gardens(pid, arxiv_id, paper.title, index, dates, official)
    if official_snapshot is not None:
        ports += ports_from_official_snapshot(pid, official_snapshot, official_label)
    if arxiv_id:
        linked = (getattr(paper, "extra", None) or {}).get("linked_models")
        models = await _quietly(fetch_hf_models(http, arxiv_id, linked), "hf models", pid, [])
        ports += ports_from_hf_models(pid, models)
    skip = frozenset(index.repos())
    coro = find_candidates(http, pacer or pacer_for(http), arxiv_id, paper.title, official, skip)
    candidates = await _quietly(coro, "github search", pid, [])
    judged = await asyncio.gather(*(
        _quietly(judge_candidate(http, paper, c, official), c.repo.full_name, pid, None)
        for c in candidates[:max_candidates]
    ))  # fmt: skip
    ports += [p for p in judged if p is not None]
    unique: dict[tuple[str, str], Port] = {}
    for p in ports:
        unique.setdefault((p.url, p.kind), p)  # the store's key; first source wins
    return list(unique.values())


async def _garden_index(http: Http, registry: GardenIndex | KerasRegistry | None) -> GardenIndex:
    if isinstance(registry, GardenIndex):
        return registry
    if isinstance(registry, KerasRegistry):
        return GardenIndex(tuple(units_from_registry(registry)))
    return await gardens_for(http)


async def _quietly(coro: Awaitable[Any], what: str, paper_id: str, default: Any) -> Any:
    try:
        return await coro
    except FetchError as e:
        log.warning("%s: %s failed: %s", paper_id, what, e)
        return default
