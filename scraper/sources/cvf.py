"""CVF open access listings (`{CVF_URL}/CVPR2025?day=all`): title, authors, pdf, arXiv link."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from analysis.models import CodeLink, Paper
from scraper.sources.common import (
    DiscoverRequest,
    arxiv_id_from_url,
    github_repos_in_text,
    in_request,
    new_paper,
    papers_by_unit,
    venue_of,
)

if TYPE_CHECKING:
    from scraper.http.client import Http

NAME = "cvf"
# CVF hosts CVPR every year, ICCV in odd years, WACV every year (ECCV lives on ecva.net).
VENUES = ("CVPR", "ICCV", "WACV")
BASE = "https://openaccess.thecvf.com"
EVIDENCE = "linked from the paper's entry on the CVF open access page"


def listing_names(first_year: int, last_year: int) -> list[str]:
    """`CVPR2025`, `ICCV2025`, `WACV2025`, ... for the years in range (ICCV only in odd years)."""
    return [
        f"{venue}{year}"
        for year in range(first_year, last_year + 1)
        for venue in VENUES
        if venue != "ICCV" or year % 2 == 1
    ]


def parse_listing(text: str, venue: tuple[str, int] | None = None, base: str = BASE) -> list[Paper]:
    """A CVF `?day=all` listing -> Papers; venue and year from the page unless given.

    Links on the page are site-relative; `base` (CVF_URL) makes them absolute.
    """
    tree = HTMLParser(text)
    venue = venue or _page_venue(tree)
    papers: dict[str, Paper] = {}
    for dt in tree.css("dt.ptitle"):
        paper = _paper(dt, venue, base)
        if paper is not None:
            papers.setdefault(paper.paper_id, paper)
    return list(papers.values())


def _page_venue(tree: HTMLParser) -> tuple[str, int] | None:
    """`<title>CVPR 2025 Open Access Repository</title>`, else the first `/content/CVPR2025/` href."""
    title = tree.css_first("title")
    found = venue_of(title.text()) if title is not None else None
    if found is None:
        link = tree.css_first("dt.ptitle a")
        found = venue_of(link.attributes.get("href") or "") if link is not None else None
    return found


def _paper(dt: Node, venue: tuple[str, int] | None, base: str) -> Paper | None:
    link = dt.css_first("a")
    title = " ".join(dt.text().split())
    if link is None or not title:
        return None
    authors_dd, links_dd = _following_dds(dt)
    hrefs = [a.attributes.get("href") or "" for a in links_dd.css("a")] if links_dd else []
    arxiv_id = next((a for h in hrefs if (a := arxiv_id_from_url(h))), None)
    pdf = next((h for h in hrefs if h.endswith(".pdf")), None)
    code = github_repos_in_text("\n".join(hrefs))
    return new_paper(
        NAME,
        title,
        arxiv_id,
        venue,
        authors=_authors(authors_dd),
        url=absolute(link.attributes.get("href"), base),
        code_links=tuple(CodeLink(ref, "cvf:page", True, EVIDENCE) for ref in code),
        extra={"pdf": absolute(pdf, base)} if pdf else {},
    )


def _following_dds(dt: Node) -> tuple[Node | None, Node | None]:
    """The two `<dd>` siblings after a title: authors, then links (pdf, supp, arXiv, bibtex)."""
    dds: list[Node] = []
    node = dt.next
    while node is not None and node.tag != "dt" and len(dds) < 2:
        if node.tag == "dd":
            dds.append(node)
        node = node.next
    dds += [None] * (2 - len(dds))  # type: ignore[list-item]
    return dds[0], dds[1]


def _authors(dd: Node | None) -> tuple[str, ...]:
    if dd is None:
        return ()
    names = [i.attributes.get("value") or "" for i in dd.css("input[name=query_author]")]
    if not any(names):  # older pages list plain links
        names = [a.text() for a in dd.css("a")]
    return tuple(" ".join(n.split()) for n in names if n.strip())


def absolute(url: str | None, base: str) -> str | None:
    """CVF links are site-relative (`/content/...`); make them absolute against CVF_URL."""
    if url and url.startswith("/"):
        return base.rstrip("/") + url
    return url


async def fetch_listing(http: Http, name: str) -> str | None:
    """The `?day=all` listing of one conference, or None when CVF has not published it (404)."""
    resp = await http.get(f"{http.settings.cvf_url.rstrip('/')}/{name}", params={"day": "all"})
    if resp.status == 404:
        return None
    if resp.status != 200:
        raise ValueError(f"CVF {name}: HTTP {resp.status}")
    return resp.text


async def _listing_papers(http: Http, name: str) -> AsyncIterator[Paper]:
    text = await fetch_listing(http, name)
    for paper in parse_listing(text, venue_of(name), http.settings.cvf_url) if text else []:
        yield paper


async def discover(http: Http, req: DiscoverRequest) -> AsyncIterator[Paper]:
    """Papers of every CVF conference held in the years of [since, until].

    A listing that fails is skipped and reported at the end (SourceIncomplete).
    """
    names = listing_names(req.since.year, req.until.year)
    async for paper in papers_by_unit(NAME, names, partial(_listing_papers, http), req.limit):
        if in_request(paper, req):  # by the paper's date (the venue's, given the year)
            yield paper
