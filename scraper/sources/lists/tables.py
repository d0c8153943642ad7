"""Tabular lists: CSV files and JSON arrays of objects, columns found from their names.

The title column is the one named `title` (or `paper`, `name`, ...); link columns are those
whose name says arXiv, paper, PDF, code, GitHub or repository. Within them the host decides, as
for markdown lists. Other columns (project pages, CVF links, authors) are not read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from analysis.models import Paper
from scraper.sources.lists.entries import entry_paper

Parsed = tuple[list[Paper], int]  # (papers, malformed rows skipped)

_TITLE_NAMES = ("title", "papertitle", "paper", "name", "papername")
_LINK_WORDS = re.compile(r"arxiv|paper|pdf|code|github|repo|implementation|^url$|^links?$")
_NOT_LINKS = re.compile(r"project|website|homepage|page|demo|video|poster|supp|cvf|doi")


def parse_csv(text: str, list_id: str, venue: tuple[str, int] | None) -> Parsed:
    """A CSV list with a header row; a row with more or fewer cells than the header is skipped."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if not header:
        raise ValueError(f"list {list_id}: empty CSV")
    rows = [r if len(r) == len(header) else None for r in reader if r]
    return rows_papers(header, rows, list_id, venue)


def parse_json(text: str, list_id: str, venue: tuple[str, int] | None) -> Parsed:
    """A JSON array of objects (or {"papers": [...]}); an element that is not an object is skipped."""
    doc = json.loads(text)
    if isinstance(doc, dict):
        doc = next((v for v in doc.values() if isinstance(v, list)), None)
    if not isinstance(doc, list):
        raise ValueError(f"list {list_id}: JSON is not an array of objects")
    header = list(dict.fromkeys(k for item in doc if isinstance(item, dict) for k in item))
    rows = [
        [_text(item.get(k)) for k in header] if isinstance(item, dict) else None for item in doc
    ]
    return rows_papers(header, rows, list_id, venue)


def rows_papers(
    header: Sequence[str],
    rows: Sequence[Sequence[str] | None],
    list_id: str,
    venue: tuple[str, int] | None,
) -> Parsed:
    """Papers of table rows (None: a malformed row). Raises ValueError without a title column."""
    names = [re.sub(r"[^a-z]", "", h.lower()) for h in header]
    title_col = next((names.index(n) for n in _TITLE_NAMES if n in names), None)
    if title_col is None:
        raise ValueError(f"list {list_id}: no title column in {list(header)!r}")
    link_cols = [
        i
        for i, n in enumerate(names)
        if i != title_col and _LINK_WORDS.search(n) and not _NOT_LINKS.search(n)
    ]
    papers: list[Paper] = []
    skipped = 0
    for row in rows:
        paper = None
        if row is not None:
            links = [row[title_col], *(row[i] for i in link_cols)]
            paper = entry_paper(row[title_col], links, list_id, venue)
        if paper is None:
            skipped += 1
        else:
            papers.append(paper)
    return papers, skipped


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value)
