"""A named reference sample of papers read from local files (`--reference FILE`), e.g. the papers
that known Keras/TF ports implement, to measure how long ports take.

Its papers are stored like any other with `reference` among their sources; the metrics keep them
out of every share of the discovered papers (`analysis.models.REFERENCE_SOURCE`). A sample
is taken whole: `--since/--until` do not apply to it.

File format: JSON lines or CSV with an `arxiv` column (new-style id, `arxiv:` prefix or abs URL
accepted) and an optional `title`; blank lines and `#` comments are skipped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.dates import with_dates
from analysis.models import REFERENCE_SOURCE, Paper, strip_arxiv_version
from scraper.sources.common import ARXIV_ID, DiscoverRequest, one_line

if TYPE_CHECKING:
    from scraper.http.client import Http

NAME = REFERENCE_SOURCE


class ReferenceFileError(ValueError):
    """A reference file that cannot be read or holds a row without an arXiv id."""


def parse_reference(text: str, origin: str = "reference file") -> list[Paper]:
    """Papers of one reference file (JSON lines or CSV), in file order, once each."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return []
    rows = [_json_row(ln, origin, i) for i, ln in enumerate(lines, 1)] if lines[0].lstrip(
    ).startswith("{") else list(csv.DictReader(io.StringIO("\n".join(lines))))  # fmt: skip
    papers: dict[str, Paper] = {}
    for i, row in enumerate(rows, 1):
        found = ARXIV_ID.search(str(row.get("arxiv") or ""))
        if found is None:
            raise ReferenceFileError(f"{origin}: row {i} has no arXiv id ({row.get('arxiv')!r})")
        arxiv_id = strip_arxiv_version(found.group(0))
        title = one_line(row.get("title")) or f"arXiv:{arxiv_id}"
        paper = with_dates(Paper(Paper.make_id(arxiv_id, title), title, NAME, arxiv_id,
                                 url=f"https://arxiv.org/abs/{arxiv_id}",
                                 title_source=NAME if row.get("title") else None))  # fmt: skip
        papers.setdefault(paper.paper_id, paper)
    return list(papers.values())


def _json_row(line: str, origin: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as e:
        raise ReferenceFileError(f"{origin}: line {number} is not JSON ({e})") from e
    if not isinstance(row, dict):
        raise ReferenceFileError(f"{origin}: line {number} is not a JSON object")
    return row


def read_reference(paths: tuple[str, ...]) -> list[Paper]:
    """Papers of every file in `paths`, first file first."""
    if not paths:
        raise ReferenceFileError("the reference source needs at least one --reference FILE")
    out: dict[str, Paper] = {}
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ReferenceFileError(f"cannot read reference file {path}: {e}") from e
        for paper in parse_reference(text, path):
            out.setdefault(paper.paper_id, paper)
    return list(out.values())


async def discover(http: Http, req: DiscoverRequest) -> AsyncIterator[Paper]:
    """Every paper of the reference files (no network; the whole sample, whatever the dates)."""
    for paper in read_reference(req.reference):
        yield paper
