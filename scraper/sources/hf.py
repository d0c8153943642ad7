"""Hugging Face Papers: `/api/daily_papers` listings and `/api/papers/{id}` details.

`huggingface_hub` 2.4's `HfApi.list_daily_papers` builds `PaperInfo(**item)`, which reads
`githubRepo`/`githubStars`/`projectPage` from the item's top level, but a daily-papers item keeps
them under `item["paper"]`, so they are lost; `HfApi.paper_info` sends no token and neither call
goes through our HTTP policy (retries on the 5-minute `RateLimit` window, conditional requests).
So this module fetches the same endpoints through `scraper.http.Http` and reads the same JSON fields
itself, from `item["paper"]` first.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from analysis.models import CodeLink, Paper, RepoRef, strip_arxiv_version
from scraper.sources.common import (
    DiscoverRequest,
    month_end,
    new_paper,
    one_line,
    papers_by_unit,
)

if TYPE_CHECKING:
    from scraper.http import Http

NAME = "hf"
PAGE_LIMIT = 100  # the API's maximum `limit`
MAX_PAGES = 50  # a guard against a `Link: rel="next"` loop

# `githubRepoAddedBy` is "user" when a person linked the repo on the paper page (on HF only the
# paper's claimed authors and HF staff can) and "auto" when HF matched it itself.
AUTHOR_ADDED = frozenset({"user", "author"})
EVIDENCE_AUTHORS = "linked by authors on HF (githubRepoAddedBy={by})"


def parse_daily_papers(text: str | bytes) -> list[Paper]:
    """A `/api/daily_papers` page (a JSON list of items) -> Papers; an empty day gives []."""
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError("daily_papers: expected a JSON list")
    return [p for item in items if (p := _paper(item.get("paper") or {}, item)) is not None]


def parse_paper_info(text: str | bytes) -> Paper | None:
    """An `/api/papers/{id}` document -> Paper, with linked Hub models in `extra`."""
    doc = json.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("papers/{id}: expected a JSON object")
    return _paper(doc, {})


def _paper(paper: dict[str, Any], item: dict[str, Any]) -> Paper | None:
    """One paper from its `paper` object, falling back to the daily item's top-level fields."""

    def field(name: str) -> Any:
        value = paper.get(name)
        return value if value not in (None, "") else item.get(name)

    arxiv_id = field("id")
    title = one_line(field("title"))
    if not arxiv_id or not title:
        return None
    arxiv_id = strip_arxiv_version(str(arxiv_id))
    return new_paper(
        NAME,
        title,
        arxiv_id,
        published=_date(field("publishedAt")),
        authors=tuple(a["name"] for a in field("authors") or () if a.get("name")),
        url=f"https://arxiv.org/abs/{arxiv_id}",
        code_links=_code_links(field("githubRepo"), field("githubRepoAddedBy")),
        extra=_extra(paper, item, field),
    )


def _code_links(url: Any, added_by: Any) -> tuple[CodeLink, ...]:
    ref = RepoRef.parse(url) if isinstance(url, str) else None
    if ref is None:
        return ()
    if added_by in AUTHOR_ADDED:
        return (CodeLink(ref, "hf:githubRepo", True, EVIDENCE_AUTHORS.format(by=added_by)),)
    # Matched by HF itself (or unknown): a candidate to check, not evidence of official code.
    return (CodeLink(ref, f"hf:githubRepo:{added_by or 'unknown'}", False),)


def _extra(paper: dict[str, Any], item: dict[str, Any], field) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "hf_submitted_on_daily": field("submittedOnDailyAt"),
        "github_stars": field("githubStars"),
        "project_page": field("projectPage"),
        "github_repo_added_by": field("githubRepoAddedBy"),
        "upvotes": field("upvotes"),
    }
    if "linkedModels" in paper:
        extra["linked_models"] = [_model(m) for m in paper.get("linkedModels") or ()]
        extra["num_total_models"] = paper.get("numTotalModels")
    return {k: v for k, v in extra.items() if v is not None}


def _model(m: dict[str, Any]) -> dict[str, Any]:
    """The fields of a linked Hub model the port finder reads (id, library, tags, dates)."""
    keys = ("id", "library_name", "pipeline_tag", "tags", "createdAt", "lastModified", "likes")
    return {k: m.get(k) for k in keys if k in m}


def _date(text: Any) -> date | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def daily_queries(since: date, until: date) -> list[dict[str, str]]:
    """Query params covering [since, until]: `month=` for whole months, `date=` for the rest."""
    queries: list[dict[str, str]] = []
    day = since
    while day <= until:
        last = month_end(day)
        if day.day == 1 and last <= until:
            queries.append({"month": day.strftime("%Y-%m")})
            day = last + timedelta(days=1)
        else:
            queries.append({"date": day.isoformat()})
            day += timedelta(days=1)
    return queries


def next_link(link_header: str | None) -> str | None:
    """The `rel="next"` URL of an RFC 8288 `Link` header, else None."""
    for part in (link_header or "").split(","):
        m = re.match(r"\s*<([^>]+)>\s*;(.*)", part)
        if m and re.search(r'rel\s*=\s*"?next"?', m.group(2)):
            return m.group(1)
    return None


async def fetch_daily(http: Http, query: dict[str, str]) -> AsyncIterator[str]:
    """Every page of one daily-papers query, following `Link: rel="next"` until it stops."""
    url: str | None = f"{http.settings.hf_endpoint.rstrip('/')}/api/daily_papers"
    params: dict[str, Any] | None = {**query, "p": 0, "limit": PAGE_LIMIT}
    for _ in range(MAX_PAGES):
        if url is None:
            return
        resp = await http.get(url, params=params)
        if resp.status != 200:
            raise ValueError(f"HF daily_papers {query}: HTTP {resp.status}")
        yield resp.text
        url, params = next_link(resp.headers.get("link")), None  # the next URL carries its query


async def fetch_paper(http: Http, arxiv_id: str) -> Paper | None:
    """`/api/papers/{id}` (githubRepo, githubRepoAddedBy, linked models); None when HF lacks it."""
    base = http.settings.hf_endpoint.rstrip("/")
    resp = await http.get(f"{base}/api/papers/{strip_arxiv_version(arxiv_id)}")
    if resp.status == 404:
        return None
    if resp.status != 200:
        raise ValueError(f"HF papers/{arxiv_id}: HTTP {resp.status}")
    return parse_paper_info(resp.text)


async def _query_papers(http: Http, query: dict[str, str]) -> AsyncIterator[Paper]:
    async for page in fetch_daily(http, query):
        for paper in parse_daily_papers(page):
            yield paper


async def discover(http: Http, req: DiscoverRequest) -> AsyncIterator[Paper]:
    """Daily papers of the days in [since, until], once each (primary category left to arXiv).

    The API's own `date`/`month` filter decides the day; `submittedOnDailyAt` is a UTC stamp and
    can fall on a neighbouring calendar day, so it is not filtered again here. A query that fails
    is skipped and reported at the end (SourceIncomplete).
    """
    queries = daily_queries(req.since, req.until)
    papers_of = partial(_query_papers, http)
    async for paper in papers_by_unit(NAME, queries, papers_of, req.limit, unique=True):
        yield paper
