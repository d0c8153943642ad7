"""Curated paper lists: markdown (amusi-style bullets, tables), CSV and JSON, from any location.

The shape is told by the file name (`.csv`, `.json`), else by the text (a JSON array, a CSV
header naming a title column), else markdown. A row without a code link is a paper without one;
a malformed row is skipped and counted (`DiscoverRequest.skipped`).
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import TYPE_CHECKING

from analysis.models import Paper
from scraper.sources.common import DiscoverRequest, in_request, papers_by_unit
from scraper.sources.lists.entries import NAME, unique_entries
from scraper.sources.lists.location import (
    ListFile,
    ListURL,
    LocalList,
    check_location,
    list_venue,
    parse_list_location,
)
from scraper.sources.lists.markdown import parse_markdown
from scraper.sources.lists.tables import Parsed, parse_csv, parse_json

if TYPE_CHECKING:
    from scraper.http.client import Http

__all__ = ["DEFAULT_LISTS", "NAME", "ListFile", "ListURL", "LocalList", "check_location",
           "discover", "list_venue", "parse_file", "parse_list", "parse_list_location"]  # fmt: skip

# The lists as recorded in ../shared/corpus/lists, pinned to those commits so a refresh is
# reproducible and the replay server can serve them. Later commits add papers; pass `--list`
# with a `main` URL to read the newest state.
DEFAULT_LISTS: tuple[str, ...] = (
    "firetix/awesome-cvpr-2026-papers/3d707941cd0a97065f165aec22a8847d3b301a98/data/"
    "cvpr2026_papers.csv",
    "LexaNagiBator228/ECCV_2026_papers_auto_classified_by_topic/"
    "ea5ec996abd8d087f7e2a00249c8c3d2d41e96d6/papers_by_topic.csv",
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


def parse_file(
    text: str, list_id: str, venue: tuple[str, int] | None = None, name: str = ""
) -> Parsed:
    """(every paper of a list file once, malformed rows skipped), whatever its shape."""
    papers, skipped = _parser(text, name.lower())(text, list_id, venue)
    return unique_entries(papers), skipped


def parse_list(text: str, list_id: str, venue: tuple[str, int] | None = None) -> list[Paper]:
    """Every paper of a list file (shape told by its text), once each."""
    return parse_file(text, list_id, venue)[0]


def _parser(text: str, name: str) -> Callable[[str, str, tuple[str, int] | None], Parsed]:
    head = text.lstrip("\ufeff \t\r\n")
    if name.endswith(".json") or head.startswith(("[", "{")):
        return parse_json
    if name.endswith((".csv", ".tsv")) or _looks_like_csv(head):
        return parse_csv
    return parse_markdown


def _looks_like_csv(text: str) -> bool:
    first = next(csv.reader([text.split("\n", 1)[0]]), [])
    return len(first) > 1 and any(c.strip().lower() in ("title", "paper title") for c in first)


async def _list_papers(http: Http, req: DiscoverRequest, text: str) -> AsyncIterator[Paper]:
    loc = parse_list_location(text, http.settings.github_raw_url)
    papers, skipped = parse_file(await loc.read(http), loc.list_id, list_venue(loc), loc.name)
    req.skipped[NAME] += skipped
    for paper in papers:
        if in_request(paper, req):
            yield paper


async def discover(http: Http, req: DiscoverRequest) -> AsyncIterator[Paper]:
    """Papers of every list in `req.lists` (or DEFAULT_LISTS) in the requested window.

    A list that cannot be read is skipped; the others are still read, then SourceIncomplete says
    which failed.
    """
    locations = req.lists or DEFAULT_LISTS
    papers_of = partial(_list_papers, http, req)
    async for paper in papers_by_unit(NAME, locations, papers_of, req.limit, unique=True):
        yield paper
