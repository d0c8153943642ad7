"""GitHub repository search for venue tags (`CVPR2026`, ...); the paper is the README's arXiv link.

Official-ness here is self-declared: the repository names the venue and links the paper. That is
weaker evidence than an author's link on HF or arXiv or a curated list, and the evidence says so.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from analysis.models import CodeLink, Paper, RepoRef
from scraper.sources.common import (
    DiscoverRequest,
    Pacer,
    arxiv_ids_in_text,
    in_request,
    new_paper,
    papers_by_unit,
    venue_of,
    venues_in,
)

if TYPE_CHECKING:
    from scraper.http.client import Http

NAME = "ghsearch"
PER_PAGE = 100
RESULT_CAP = 1000  # GitHub returns at most 1,000 results per search query
INTERVAL = 2.0  # 30 searches per minute for authenticated clients
INTERVAL_ANONYMOUS = 6.0  # 10 per minute without a token
EVIDENCE = (
    "self-declared: repo names venue tag and links arXiv id in README (weaker than author links)"
)
PACER = Pacer(INTERVAL)
PACER_ANONYMOUS = Pacer(INTERVAL_ANONYMOUS)


@dataclass(frozen=True)
class Hit:
    """One repository of a search result page (the fields this source reads)."""

    repo: RepoRef
    fork: bool
    description: str
    topics: tuple[str, ...]
    default_branch: str | None
    stars: int | None


def venue_tags(first_year: int, last_year: int) -> list[str]:
    """CVPR and WACV every year, ICCV in odd years, ECCV in even years."""
    tags = []
    for year in range(first_year, last_year + 1):
        for venue in ("CVPR", "ICCV", "ECCV", "WACV"):
            if (venue == "ICCV" and year % 2 == 0) or (venue == "ECCV" and year % 2 == 1):
                continue
            tags.append(f"{venue}{year}")
    return tags


def parse_search(text: str | bytes) -> tuple[int, list[Hit]]:
    """A `/search/repositories` page -> (total_count, hits)."""
    doc = json.loads(text)
    hits = [h for item in doc.get("items") or () if (h := _hit(item)) is not None]
    return int(doc.get("total_count") or 0), hits


def _hit(item: dict[str, Any]) -> Hit | None:
    repo = RepoRef.parse(item.get("full_name") or "")
    if repo is None:
        return None
    return Hit(
        repo=repo,
        fork=bool(item.get("fork")),
        description=item.get("description") or "",
        topics=tuple(item.get("topics") or ()),
        default_branch=item.get("default_branch"),
        stars=item.get("stargazers_count"),
    )


def names_tag(hit: Hit, tag: str) -> bool:
    """True when the name, description or a topic carries `tag` (search also matches loosely)."""
    wanted = venue_of(tag)
    return any(wanted in venues_in(t) for t in (hit.repo.name, hit.description, *hit.topics))


def paper_from_readme(hit: Hit, tag: str, readme: str) -> Paper | None:
    """The paper a tagged repo's README links (its first arXiv id), or None without one."""
    ids = arxiv_ids_in_text(readme)
    venue = venue_of(tag)
    if not ids or venue is None:
        return None
    link = CodeLink(hit.repo, f"ghsearch:{tag}", True, EVIDENCE)
    return new_paper(
        NAME,
        hit.repo.name,
        ids[0],
        venue,
        url=f"https://arxiv.org/abs/{ids[0]}",
        code_links=(link,),
        title_source="repo-name",
        extra={
            "title_provisional": True,
            "title_note": "title unknown from search; the repository name stands in for it",
            "repo_stars": hit.stars,
            "repo_default_branch": hit.default_branch,
        },
    )


async def fetch_search(
    http: Http, tag: str, pacer: Pacer, limit: int | None = None
) -> AsyncIterator[Hit]:
    """Non-fork repos whose name, description or topics carry `tag`, over every result page."""
    url = f"{http.settings.github_api_url.rstrip('/')}/search/repositories"
    seen = 0
    for page in range(1, RESULT_CAP // PER_PAGE + 1):
        http.ensure_reachable(url)  # offline: fail now, not after the pacing
        await pacer.wait()
        params = {"q": f"{tag} in:name,description,topics", "per_page": PER_PAGE, "page": page}
        resp = await http.get(url, params=params)
        if resp.status == 422:  # GitHub's answer past the 1,000-result window
            return
        if resp.status != 200:
            raise ValueError(f"GitHub search {tag} page {page}: HTTP {resp.status}")
        total, hits = parse_search(resp.content)
        for hit in hits:
            if not hit.fork and names_tag(hit, tag):
                yield hit
        seen += len(hits)
        if not hits or seen >= min(total, RESULT_CAP) or (limit and seen >= limit):
            return


async def fetch_readme(http: Http, repo: RepoRef) -> str | None:
    """The README at HEAD via raw; the API's `/readme` finds other names (README.rst, readme.md)."""
    raw = http.settings.github_raw_url.rstrip("/")
    resp = await http.get(f"{raw}/{repo.owner}/{repo.name}/HEAD/README.md")
    if resp.status == 200:
        return resp.text
    api = http.settings.github_api_url.rstrip("/")
    resp = await http.get(
        f"{api}/repos/{repo.owner}/{repo.name}/readme",
        headers={"Accept": "application/vnd.github.raw+json"},
    )
    return resp.text if resp.status == 200 else None


async def _tag_papers(
    http: Http, pacer: Pacer, limit: int | None, tag: str
) -> AsyncIterator[Paper]:
    hits = [h async for h in fetch_search(http, tag, pacer, limit)]
    readmes = await asyncio.gather(*(fetch_readme(http, h.repo) for h in hits))
    for hit, readme in zip(hits, readmes, strict=True):
        if readme and (paper := paper_from_readme(hit, tag, readme)):
            yield paper


async def discover(
    http: Http, req: DiscoverRequest, *, pacer: Pacer | None = None
) -> AsyncIterator[Paper]:
    """Papers named by tagged repositories for the venues held in the years of [since, until].

    A tag whose search fails is skipped and reported at the end (SourceIncomplete).
    """
    pacer = pacer or (PACER if http.settings.github_token else PACER_ANONYMOUS)
    tags = venue_tags(req.since.year, req.until.year)
    papers_of = partial(_tag_papers, http, pacer, req.limit)
    async for paper in papers_by_unit(NAME, tags, papers_of, req.limit):
        if in_request(paper, req):  # by the paper's date (the venue's, given the year)
            yield paper
