"""One list entry -> a Paper (links decided by host), and merging an entry's repeats in a list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from analysis.models import CodeLink, Paper
from scraper.sources.common import ARXIV_ID, arxiv_ids_in_text, github_repos_in_text, new_paper

NAME = "lists"
_NUMBERING = re.compile(r"^\d{1,3}\.\s+")  # "13. Title" in some lists
_BARE_ARXIV = re.compile(rf"^(?:arxiv:\s*)?({ARXIV_ID.pattern})$", re.IGNORECASE)


def entry_paper(
    title: str,
    links: Iterable[str],
    list_id: str,
    venue: tuple[str, int] | None,
) -> Paper | None:
    """The paper of one entry, or None without a title.

    `links` are the texts that may hold the paper's links (bullets, link columns). Lists swap
    labels ("Code: arxiv.org/...", a GitHub link in the paper column), so the host decides: the
    first arXiv link (or a bare arXiv id) is the paper, every GitHub repository is its code.
    """
    title = clean_title(title)
    if not title:
        return None
    texts = [t.strip() for t in links if t and t.strip()]
    arxiv_id = next(
        (a for t in texts if (a := _bare_arxiv(t) or next(iter(arxiv_ids_in_text(t)), None))),
        None,
    )
    evidence = f"listed as the paper's code by {list_id}"
    code = tuple(
        CodeLink(ref, f"list:{list_id}", True, evidence)
        for ref in github_repos_in_text("\n".join(texts))
    )
    return new_paper(
        NAME,
        title,
        arxiv_id,
        venue,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        code_links=code,
        title_source="list",
        extra={"list": list_id},
    )


def unique_entries(entries: Iterable[Paper]) -> list[Paper]:
    """Every paper once. Lists repeat papers under several topics, sometimes once without an
    arXiv link: entries with the same arXiv id, or the same title where one side has no arXiv id,
    are merged (code links united, the arXiv-bearing entry's metadata kept)."""
    papers: dict[str, Paper] = {}
    by_title: dict[str, str] = {}  # title key -> paper_id
    for paper in entries:
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


def clean_title(title: str) -> str:
    title = re.sub(r"\*\*|__", "", title).strip()
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a title linked to its paper
    return re.sub(r"\s+", " ", _NUMBERING.sub("", title)).strip()


def _bare_arxiv(text: str) -> str | None:
    m = _BARE_ARXIV.match(text)
    return re.sub(r"v\d+$", "", m.group(1)) if m else None


def _title_key(title: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", title.lower())


def _merge(first: Paper, later: Paper) -> Paper:
    """One paper from two entries: the arXiv-bearing one's metadata, every code link once."""
    main, other = (later, first) if first.arxiv_id is None and later.arxiv_id else (first, later)
    links = {link.repo.key: link for link in main.code_links + other.code_links}
    return replace(main, code_links=tuple(links.values()))
