"""Hugging Face Papers: `/api/daily_papers` listings and `/api/papers/{id}` details.

Fetching goes through `scraper.http.client.Http` (tokens per host, retries on the 5-minute `RateLimit`
window, conditional requests); `HfApi.paper_info`/`list_daily_papers` would bypass all of that
(`paper_info` sends no token), and `HfApi`/`build_hf_headers` add nothing Http lacks (without a
token they read a locally saved one, and may refresh an OAuth token over the network), so only
huggingface_hub's response dataclasses are used.

From huggingface_hub 2.4 (`PaperInfo(**json)`, `ModelInfo(**json)`): the arXiv id, title, authors
(`PaperAuthor.name`), publication date (`parse_datetime`), `numTotalModels`, and every linked Hub
model (id, library_name, pipeline_tag, tags, created/last-modified dates, likes).
Read by hand, and why:
- `githubRepo`, `githubStars`, `projectPage`: `PaperInfo` reads them from the top level, but a
  daily item keeps them under `item["paper"]`, so `list_daily_papers` loses them (taken from the
  library when it has them, i.e. for `/api/papers/{id}`);
- `githubRepoAddedBy`: `PaperInfo` has no such field;
- `upvotes`: `PaperInfo` turns 0 into None (`paper.pop("upvotes") or ...`);
- `submittedOnDailyAt`: `PaperInfo.submitted_at` prefers a daily item's top-level `publishedAt`.
Only the keys we read are handed to the dataclasses (see PAPER_KEYS). Linked models are built one
`ModelInfo` at a time (`hub_model`, also used by scraper.port_search.search for `/api/models`), so one odd model
document costs that model only, and kept in `Paper.extra` in the API's shape (`hub_model_record`).
A document the library rejects (e.g. a date not in the Hub's format) is logged and skipped.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from huggingface_hub.hf_api import ModelInfo, PaperInfo

from analysis.models import CodeLink, Paper, RepoRef, strip_arxiv_version
from scraper.sources.common import (
    DiscoverRequest,
    month_end,
    new_paper,
    one_line,
    papers_by_unit,
)

if TYPE_CHECKING:
    from scraper.http.client import Http

log = logging.getLogger(__name__)

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
    papers = []
    for item in (i for i in items if isinstance(i, dict)):
        raw = item["paper"] if isinstance(item.get("paper"), dict) else {}
        info = daily_paper_info(item)
        if info is not None and (paper := _paper(info, raw)) is not None:
            papers.append(paper)
    return papers


def parse_paper_info(text: str | bytes) -> Paper | None:
    """An `/api/papers/{id}` document -> Paper, with linked Hub models in `extra`."""
    doc = json.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("papers/{id}: expected a JSON object")
    info = _paper_info(_only(doc, PAPER_KEYS))
    if info is None:
        return None
    linked = doc.get("linkedModels")
    if isinstance(linked, list):
        info.linked_models = [m for d in linked if (m := hub_model(d)) is not None]
    return _paper(info, doc)


def daily_paper_info(item: dict[str, Any]) -> PaperInfo | None:
    """One daily item as `list_daily_papers` parses it (so without its GitHub fields)."""
    paper = item.get("paper")
    return _paper_info({**_only(item, PAPER_KEYS), "paper": _only(paper, PAPER_KEYS)})


# Only the keys we read go to PaperInfo: it parses the rest (submitter, organization, linked
# datasets/spaces) eagerly into objects, and a shape change there must not cost the paper.
# `_only` also copies, since PaperInfo pops keys out of the nested `paper` dict it is given.
PAPER_KEYS = ("id", "title", "authors", "publishedAt", "githubRepo", "githubStars", "projectPage",
              "numTotalModels")  # fmt: skip
MODEL_KEYS = ("id", "library_name", "pipeline_tag", "tags", "siblings", "createdAt",
              "lastModified", "likes")  # fmt: skip


def _only(doc: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: doc[k] for k in keys if k in doc} if isinstance(doc, dict) else {}


def _paper_info(kwargs: dict[str, Any]) -> PaperInfo | None:
    """PaperInfo, or one without its dates when the library rejects them: the paper is kept."""
    try:  # PaperInfo pops keys out of the nested `paper` dict: give it a copy
        return PaperInfo(
            **{**kwargs, **({"paper": dict(kwargs["paper"])} if "paper" in kwargs else {})}
        )
    except (KeyError, TypeError, ValueError) as e:  # e.g. a date not in the Hub's format
        arxiv_id = kwargs.get("id") or (kwargs.get("paper") or {}).get("id")
        undated = {k: v for k, v in kwargs.items() if k not in _DATE_KEYS}
        if "paper" in undated:
            undated["paper"] = {k: v for k, v in undated["paper"].items() if k not in _DATE_KEYS}
        if undated == kwargs:
            log.warning("HF paper %s skipped: %s", arxiv_id, e)
            return None
        log.warning("HF paper %s: dates not understood (%s); kept without them", arxiv_id, e)
        return _paper_info(undated)


_DATE_KEYS = ("publishedAt", "submittedOnDailyAt")


def hub_model(doc: Any) -> ModelInfo | None:
    """A Hub model document (`/api/models` item or a paper's `linkedModels` entry) -> ModelInfo."""
    if not isinstance(doc, dict) or not (doc.get("id") or doc.get("modelId")):
        return None
    fields = {**_only(doc, MODEL_KEYS), "id": doc.get("id") or doc["modelId"]}
    try:
        return ModelInfo(**fields)
    except (KeyError, TypeError, ValueError) as e:
        undated = {k: v for k, v in fields.items() if k not in ("createdAt", "lastModified")}
        try:  # a date the library rejects costs the date, not the model
            model = ModelInfo(**undated)
        except (KeyError, TypeError, ValueError):
            log.warning("HF model %s skipped: %s", fields["id"], e)
            return None
        log.warning("HF model %s: dates not understood (%s); kept without them", fields["id"], e)
        return model


def hub_model_record(m: ModelInfo) -> dict[str, Any]:
    """A ModelInfo back in the API's shape (JSON for `Paper.extra`; `hub_model` reads it again)."""
    record = {"id": m.id, "library_name": m.library_name, "pipeline_tag": m.pipeline_tag,
              "tags": m.tags, "createdAt": _hub_time(m.created_at),
              "lastModified": _hub_time(m.last_modified), "likes": m.likes}  # fmt: skip
    return {k: v for k, v in record.items() if v is not None}


def _hub_time(t: datetime | None) -> str | None:
    """The Hub's own timestamp format, which `parse_datetime` requires (`...T12:00:00.000Z`)."""
    return (
        t.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z") if t else None
    )


def _paper(info: PaperInfo, raw: dict[str, Any]) -> Paper | None:
    """A Paper from the library's parse, plus what it drops read from `raw` (see the docstring).

    `raw` is the daily item's `paper` object, or the whole `/api/papers/{id}` document.
    """
    title = one_line(info.title or raw.get("title"))  # PaperInfo reads only a top-level title
    if not info.id or not title:
        return None
    arxiv_id = strip_arxiv_version(str(info.id))
    github = _kept(info.github_repo, raw, "githubRepo")
    return new_paper(
        NAME,
        title,
        arxiv_id,
        published=info.published_at.date() if info.published_at else None,
        authors=tuple(a.name for a in info.authors or () if a.name),
        url=f"https://arxiv.org/abs/{arxiv_id}",
        code_links=_code_links(github, raw.get("githubRepoAddedBy")),
        extra=_extra(info, raw),
    )


def _kept(value: Any, raw: dict[str, Any], key: str) -> Any:
    """The library's value, else the raw field it dropped (a daily item's paper-level field)."""
    return value if value is not None else raw.get(key)


def _code_links(url: Any, added_by: Any) -> tuple[CodeLink, ...]:
    ref = RepoRef.parse(url) if isinstance(url, str) else None
    if ref is None:
        return ()
    if added_by in AUTHOR_ADDED:
        return (CodeLink(ref, "hf:githubRepo", True, EVIDENCE_AUTHORS.format(by=added_by)),)
    # Matched by HF itself (or unknown): a candidate to check, not evidence of official code.
    return (CodeLink(ref, f"hf:githubRepo:{added_by or 'unknown'}", False),)


def _extra(info: PaperInfo, raw: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "hf_submitted_on_daily": raw.get("submittedOnDailyAt"),
        "github_stars": _kept(info.github_stars, raw, "githubStars"),
        "project_page": _kept(info.project_page, raw, "projectPage"),
        "github_repo_added_by": raw.get("githubRepoAddedBy"),
        "upvotes": raw.get("upvotes"),
    }
    if info.linked_models is not None:
        extra["linked_models"] = [hub_model_record(m) for m in info.linked_models]
        extra["num_total_models"] = info.num_total_models
    return {k: v for k, v in extra.items() if v not in (None, "")}


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
