"""Curated markdown paper lists on GitHub (amusi-style `**Title**` + `- Paper:` / `- Code:` bullets)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from analysis.models import CodeLink, Paper
from scraper.sources.common import (
    DiscoverRequest,
    arxiv_id_from_url,
    github_repos_in_text,
    new_paper,
    papers_by_unit,
    urls_in_text,
    venue_of,
)

if TYPE_CHECKING:
    from scraper.http.client import Http

NAME = "lists"

# The amusi lists as recorded in ../shared/corpus/lists, pinned to those commits so a refresh is
# reproducible and the replay server can serve them. Later commits add papers; pass `--list` with a
# `main` URL to read the newest state.
DEFAULT_LISTS: tuple[str, ...] = (
    "amusi/CVPR2025-Papers-with-Code/204db7b6ac8cd530c725bb28381ce125ff138dbc/README.md",
    "amusi/CVPR2024-Papers-with-Code/2a668a829d8e2a98e6942e05c11161bf16e67ae5/README.md",
    *(
        f"amusi/CVPR2024-Papers-with-Code/2a668a829d8e2a98e6942e05c11161bf16e67ae5/"
        f"CVPR{year}-Papers-with-Code.md"
        for year in (2023, 2022, 2021, 2020, 2019)
    ),
    "amusi/ICCV2023-Papers-with-Code/c7342759a038be5d6509be24c19bd2c37145e40e/README.md",
    "amusi/ECCV2024-Papers-with-Code/b3864f2e54221f3badf1d30b20919b3d71eedc8a/README.md",
)

_BOLD_TITLE = re.compile(r"^\*\*(.+?)\*\*\s*(?:<br\s*/?>)?\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
# Bullets that make a block a paper entry even without a URL (`- Code: None`).
_ENTRY_LABEL = re.compile(r"(paper|code|arxiv|github|论文|代码)[^:：]{0,20}[:：]", re.IGNORECASE)
_NUMBERING = re.compile(r"^\d{1,3}\.\s+")  # "13. Title" in some lists


@dataclass(frozen=True)
class ListFile:
    """One list file on GitHub: where to fetch it and how to name it in provenance."""

    owner: str
    repo: str
    ref: str
    path: str

    @property
    def list_id(self) -> str:
        """`amusi/CVPR2025-Papers-with-Code:README.md`, as `papers.jsonl` names lists."""
        return f"{self.owner}/{self.repo}:{self.path}"

    def raw_url(self, raw_base: str) -> str:
        return f"{raw_base.rstrip('/')}/{self.owner}/{self.repo}/{self.ref}/{self.path}"


def parse_list_location(text: str, raw_base: str | None = None) -> ListFile:
    """A `--list` value -> ListFile. Accepts raw URLs, github.com blob URLs and `o/r/ref/path`.

    `raw_base` is the configured raw host (a mirror may serve it under a path prefix).
    """
    t = text.strip()
    if raw_base and t.startswith(raw_base.rstrip("/") + "/"):
        t = t[len(raw_base.rstrip("/")) + 1 :]
    t = re.sub(r"^https?://(?:www\.)?github\.com/", "", t)
    t = re.sub(r"^https?://[^/]+/", "", t)  # raw.githubusercontent.com or a mirror
    parts = [p for p in t.split("/") if p]
    if len(parts) >= 5 and parts[2] in ("blob", "raw"):
        parts = parts[:2] + parts[3:]
    if len(parts) < 4:
        raise ValueError(f"not a list file URL (need owner/repo/ref/path): {text!r}")
    return ListFile(parts[0], parts[1], parts[2], "/".join(parts[3:]))


def list_venue(lf: ListFile) -> tuple[str, int] | None:
    """Venue and year from the file name, else the repository name (README of CVPR2025-...)."""
    return venue_of(lf.path.rsplit("/", 1)[-1]) or venue_of(lf.repo)


def parse_list(text: str, list_id: str, venue: tuple[str, int] | None = None) -> list[Paper]:
    """Every paper entry of a markdown list, once each.

    Lists repeat papers under several topics, sometimes once without an arXiv link: entries with
    the same arXiv id, or the same title where one side has no arXiv id, are merged (code links
    united, the arXiv-bearing entry's metadata kept).
    """
    papers: dict[str, Paper] = {}
    by_title: dict[str, str] = {}  # title key -> paper_id
    for title, bullets in _blocks(text.splitlines()):
        paper = _paper(title, bullets, list_id, venue)
        if paper is None:
            continue
        key = _title_key(paper.title)
        same = papers.get(paper.paper_id) or papers.get(by_title.get(key, ""))
        if same is not None and (same.arxiv_id is None or paper.arxiv_id in (None, same.arxiv_id)):
            paper = _merge(same, paper)
            del papers[same.paper_id]
        papers[paper.paper_id] = paper
        by_title.setdefault(key, paper.paper_id)
        if by_title[key] not in papers:
            by_title[key] = paper.paper_id
    return list(papers.values())


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(title, bullet lines) for every bold or heading line followed by bullets."""
    blocks: list[tuple[str, list[str]]] = []
    title: str | None = None
    bullets: list[str] = []
    for line in lines:
        stripped = line.strip()
        head = _BOLD_TITLE.match(stripped) or _HEADING.match(stripped)
        if head:
            if title is not None:
                blocks.append((title, bullets))
            title, bullets = head.group(1), []
        elif title is not None and (b := _BULLET.match(line)):
            bullets.append(b.group(1))
    if title is not None:
        blocks.append((title, bullets))
    return blocks


def _paper(
    title: str, bullets: list[str], list_id: str, venue: tuple[str, int] | None
) -> Paper | None:
    if not any(_ENTRY_LABEL.search(b) for b in bullets):
        return None  # a section heading, table of contents or bold prose, not a paper
    title = _clean_title(title)
    if not title:
        return None
    urls = [u for b in bullets for u in urls_in_text(b)]
    # Real lists swap labels ("Code: arxiv.org/...", "Paper: github.com/..."): the host decides.
    arxiv_id = next((a for u in urls if (a := arxiv_id_from_url(u))), None)
    evidence = f"listed as the paper's code by {list_id}"
    links = tuple(
        CodeLink(ref, f"list:{list_id}", True, evidence)
        for ref in github_repos_in_text("\n".join(urls))
    )
    return new_paper(
        NAME,
        title,
        arxiv_id,
        venue,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        code_links=links,
        extra={"list": list_id},
    )


def _clean_title(title: str) -> str:
    title = re.sub(r"\*\*|__", "", title).strip()
    return _NUMBERING.sub("", title).strip()


def _title_key(title: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", title.lower())


def _merge(first: Paper, later: Paper) -> Paper:
    """One paper from two entries: the arXiv-bearing one's metadata, every code link once."""
    main, other = (later, first) if first.arxiv_id is None and later.arxiv_id else (first, later)
    links = {link.repo.key: link for link in main.code_links + other.code_links}
    return replace(main, code_links=tuple(links.values()))


async def fetch_list(http: Http, lf: ListFile) -> str:
    """The list file's text from GITHUB_RAW_URL; raises ValueError when it is not there."""
    resp = await http.get(lf.raw_url(http.settings.github_raw_url))
    if resp.status != 200:
        raise ValueError(f"list {lf.list_id} at {lf.ref}: HTTP {resp.status}")
    return resp.text


async def _list_papers(http: Http, req: DiscoverRequest, location: str) -> AsyncIterator[Paper]:
    lf = parse_list_location(location, http.settings.github_raw_url)
    for paper in parse_list(await fetch_list(http, lf), lf.list_id, list_venue(lf)):
        if in_years(paper, req):
            yield paper


def in_years(paper: Paper, req: DiscoverRequest) -> bool:
    """Lists carry venue years, not dates: keep a paper whose year meets [since, until]."""
    return paper.year is None or req.since.year <= paper.year <= req.until.year


async def discover(http: Http, req: DiscoverRequest) -> AsyncIterator[Paper]:
    """Papers of every list in `req.lists` (or DEFAULT_LISTS) whose venue year is in range.

    A list that cannot be read is skipped; the others are still read, then SourceIncomplete says
    which failed.
    """
    locations = req.lists or DEFAULT_LISTS
    papers_of = partial(_list_papers, http, req)
    async for paper in papers_by_unit(NAME, locations, papers_of, req.limit, unique=True):
        yield paper
