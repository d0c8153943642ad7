"""The arXiv API: cs.CV papers by submission date (Atom), GitHub links in abstracts and comments."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from analysis.models import CodeLink, Paper, strip_arxiv_version
from scraper.sources.common import (
    DiscoverRequest,
    Pacer,
    github_repos_in_text,
    month_end,
    new_paper,
    one_line,
    papers_by_unit,
)

if TYPE_CHECKING:
    from scraper.http.client import Http

NAME = "arxiv"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
PAGE_SIZE = 500  # the manual allows up to 2,000 per call; smaller pages fail less
ID_BATCH = 100  # ids per `id_list` call
INTERVAL = 3.0  # seconds between calls, as the API's terms ask
CATEGORY = "cs.CV"
EVIDENCE = "linked in the {place} by the authors"
# One pacer per process: discover() and primary_categories() share arXiv's 3 s spacing.
PACER = Pacer(INTERVAL)


@dataclass(frozen=True)
class Feed:
    """One parsed Atom page: its papers and the query's `opensearch:totalResults`."""

    papers: list[Paper]
    total: int


def parse_feed(text: str | bytes) -> Feed:
    """An arXiv API Atom response -> papers (error entries dropped) and the total result count."""
    raw = text.encode() if isinstance(text, str) else text
    if b"<!DOCTYPE" in raw[:2048] or b"<!ENTITY" in raw:
        raise ValueError("arXiv API: refusing XML with a DTD (the API never sends one)")
    # The stdlib parser resolves no external entities, and the DTD check above rules out
    # entity expansion, which is what defusedxml would guard against here.
    root = ET.fromstring(raw)  # noqa: S314
    total = root.findtext("opensearch:totalResults", default="0", namespaces=NS)
    papers = [p for e in root.findall("atom:entry", NS) if (p := _entry(e)) is not None]
    return Feed(papers, int(total.strip() or 0))


def parse_atom(text: str | bytes) -> list[Paper]:
    """The papers of one Atom response."""
    return parse_feed(text).papers


def _entry(e: ET.Element) -> Paper | None:
    url = (e.findtext("atom:id", default="", namespaces=NS) or "").strip()
    m = re.search(r"arxiv\.org/abs/(.+)$", url)
    if not m:
        return None  # the API reports bad ids as entries with an `api/errors#...` id
    arxiv_id = strip_arxiv_version(m.group(1))
    title = one_line(e.findtext("atom:title", default="", namespaces=NS))
    summary = e.findtext("atom:summary", default="", namespaces=NS) or ""
    comment = e.findtext("arxiv:comment", default="", namespaces=NS) or ""
    primary = e.find("arxiv:primary_category", NS)
    return new_paper(
        NAME,
        title,
        arxiv_id,
        published=_date(e.findtext("atom:published", default="", namespaces=NS)),
        primary_category=primary.get("term") if primary is not None else None,
        categories=tuple(c.get("term", "") for c in e.findall("atom:category", NS)),
        authors=tuple(
            one_line(a.findtext("atom:name", default="", namespaces=NS))
            for a in e.findall("atom:author", NS)
        ),
        url=f"https://arxiv.org/abs/{arxiv_id}",
        code_links=_code_links(summary, comment),
        extra={"comment": one_line(comment)} if comment.strip() else {},
    )


def _code_links(summary: str, comment: str) -> tuple[CodeLink, ...]:
    """GitHub repos the authors wrote into the abstract or comment: official evidence."""
    links: dict[str, CodeLink] = {}
    for place, text in (("abstract", summary), ("comment", comment)):
        for ref in github_repos_in_text(text):
            evidence = EVIDENCE.format(place=place)
            links.setdefault(ref.key, CodeLink(ref, f"arxiv:{place}", True, evidence))
    return tuple(links.values())


def _date(text: str | None) -> date | None:
    try:
        return datetime.fromisoformat((text or "").strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def search_query(since: date, until: date, category: str = CATEGORY) -> str:
    """`cat:cs.CV AND submittedDate:[YYYYMMDD0000 TO YYYYMMDD2359]`."""
    return f"cat:{category} AND submittedDate:[{since:%Y%m%d}0000 TO {until:%Y%m%d}2359]"


def month_windows(since: date, until: date) -> list[tuple[date, date]]:
    """[since, until] cut at month ends, so no single query nears the API's result cap."""
    windows = []
    start = since
    while start <= until:
        last = month_end(start)
        windows.append((start, min(last, until)))
        start = last + timedelta(days=1)
    return windows


async def _fetch(http: Http, pacer: Pacer, params: dict[str, str | int]) -> Feed:
    http.ensure_reachable(http.settings.arxiv_api_url)  # offline: fail now, not after the pacing
    await pacer.wait()
    resp = await http.get(http.settings.arxiv_api_url, params=params)
    if resp.status != 200:
        raise ValueError(f"arXiv API {params}: HTTP {resp.status}")
    return parse_feed(resp.content)


async def fetch_window(
    http: Http, pacer: Pacer, since: date, until: date
) -> AsyncIterator[list[Paper]]:
    """Every page of one date window, oldest first, until `totalResults` is reached.

    The API sometimes answers a page inside the range with no entries; that page is asked once
    more before the window is given up.
    """
    start, retried = 0, False
    while True:
        params = {
            "search_query": search_query(since, until),
            "start": start,
            "max_results": PAGE_SIZE,
            "sortBy": "submittedDate",
            "sortOrder": "ascending",
        }
        feed = await _fetch(http, pacer, params)
        if not feed.papers:
            if start < feed.total and not retried:
                retried = True
                continue
            return
        retried = False
        yield feed.papers
        start += len(feed.papers)
        if start >= feed.total:
            return


async def _window_papers(
    http: Http, pacer: Pacer, window: tuple[date, date]
) -> AsyncIterator[Paper]:
    async for page in fetch_window(http, pacer, *window):
        for paper in page:
            yield paper


async def discover(
    http: Http, req: DiscoverRequest, *, pacer: Pacer | None = None
) -> AsyncIterator[Paper]:
    """cs.CV papers (any listed category) submitted in [since, until], with abstract links.

    A month window that fails is skipped and reported at the end (SourceIncomplete).
    """
    pacer = pacer or PACER
    windows = month_windows(req.since, req.until)
    papers = papers_by_unit(
        NAME,
        windows,
        partial(_window_papers, http, pacer),
        req.limit,
        label=lambda w: f"{w[0]}..{w[1]}",
        unique=True,
    )
    async for paper in papers:
        yield paper


async def primary_categories(
    http: Http, arxiv_ids: list[str], *, pacer: Pacer | None = None
) -> dict[str, str]:
    """Versionless arXiv id -> primary category, looked up `ID_BATCH` ids per `id_list` call."""
    pacer = pacer or PACER
    ids = list(dict.fromkeys(strip_arxiv_version(i) for i in arxiv_ids if i))
    found: dict[str, str] = {}
    for i in range(0, len(ids), ID_BATCH):
        batch = ids[i : i + ID_BATCH]
        params = {"id_list": ",".join(batch), "start": 0, "max_results": len(batch)}
        for paper in (await _fetch(http, pacer, params)).papers:
            if paper.arxiv_id and paper.primary_category:
                found[paper.arxiv_id] = paper.primary_category
    return found
