"""Markdown lists: amusi-style `**Title**` + `- Paper:` / `- Code:` bullets, and tables."""

from __future__ import annotations

import re

from analysis.models import Paper
from scraper.sources.lists.entries import entry_paper
from scraper.sources.lists.tables import Parsed, rows_papers

_BOLD_TITLE = re.compile(r"^\*\*(.+?)\*\*\s*(?:<br\s*/?>)?\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
# Bullets that make a block a paper entry even without a URL (`- Code: None`).
_ENTRY_LABEL = re.compile(r"(paper|code|arxiv|github|论文|代码)[^:：]{0,20}[:：]", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def parse_markdown(text: str, list_id: str, venue: tuple[str, int] | None) -> Parsed:
    """Entries of bullet blocks, then rows of every table (a table without a title column is
    prose, not a list, and is passed over)."""
    lines = text.splitlines()
    papers: list[Paper] = []
    for title, bullets in _blocks(lines):
        if any(_ENTRY_LABEL.search(b) for b in bullets):  # else a heading or bold prose
            paper = entry_paper(title, bullets, list_id, venue)
            if paper is not None:
                papers.append(paper)
    skipped = 0
    for header, rows in _tables(lines):
        try:
            found, bad = rows_papers(header, rows, list_id, venue)
        except ValueError:
            continue
        papers += found
        skipped += bad
    return papers, skipped


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


def _tables(lines: list[str]) -> list[tuple[list[str], list[list[str] | None]]]:
    """(header, rows) of every pipe table; a row whose cell count differs is None (malformed)."""
    tables = []
    i = 0
    while i + 1 < len(lines):
        if lines[i].strip().startswith("|") and _TABLE_RULE.match(lines[i + 1].strip()):
            header = _cells(lines[i])
            rows: list[list[str] | None] = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = _cells(lines[i])
                rows.append(cells if len(cells) == len(header) else None)
                i += 1
            tables.append((header, rows))
        else:
            i += 1
    return tables


def _cells(line: str) -> list[str]:
    body = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]
