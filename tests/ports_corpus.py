"""The recorded ports of ../shared/corpus/ports as evaluation cases, and the reference sample of
ported papers built from them (bench/ports_eval.py, tools/make_snapshot.py, tests).

A case is one recorded port: the paper (arXiv id, a title when the corpus records one), where the
port is (its model collection and folder, or its repository) and when it appeared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.models import GardenUnit, RepoRef
from analysis.ports.gardens import garden_named

VISION = "vision"  # gardens.jsonl category of the rows the recall target covers


@dataclass(frozen=True)
class Case:
    """One recorded port of one paper."""

    arxiv_id: str
    title: str | None
    source: str  # the garden name, or `github-search` for a standalone repository
    url: str  # the port's URL as the finder reports it
    kind: str  # as recorded: keras3 (gardens), keras, tflite, onnx->tf, ...
    first_commit: str  # recorded ISO date
    lag_months: int | None  # recorded lag
    category: str = VISION
    official: str | None = None  # the official repository the recording names, if any
    note: str = ""


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


def titles(corpus: Path) -> dict[str, str]:
    """arXiv id -> a title recorded for it (papers.jsonl first, then community.jsonl)."""
    out = {p["arxiv"]: p["title"] for p in _jsonl(corpus / "papers.jsonl")
           if p.get("arxiv") and p.get("title")}  # fmt: skip
    for row in _jsonl(corpus / "ports" / "community.jsonl"):
        for arxiv_id in row["arxiv"]:
            out.setdefault(arxiv_id, row["paper_title"])
    return out


def garden_cases(corpus: Path) -> list[Case]:
    """Every gardens.jsonl row naming a paper (`primary_arxiv`), any category."""
    known = titles(corpus)
    out = []
    for row in _jsonl(corpus / "ports" / "gardens.jsonl"):
        garden = garden_named(row["garden"])
        if garden is None or not row.get("primary_arxiv"):
            continue
        unit = GardenUnit(garden.name, garden.repo, row["path"], garden.files)
        out.append(Case(row["primary_arxiv"], known.get(row["primary_arxiv"]), garden.name,
                        unit.url, "keras3", row["first_commit"], row.get("lag_months_folder"),
                        row["category"], note=row["primary_arxiv_source"]))  # fmt: skip
    return out


def community_cases(corpus: Path) -> list[Case]:
    """Every community.jsonl row: collection folders by their garden, standalone repositories
    as search hits."""
    out = []
    repos = {g.repo.key: g for g in (garden_named(n) for n in _garden_names()) if g}
    for row in _jsonl(corpus / "ports" / "community.jsonl"):
        repo = RepoRef.parse(row["port_repo"])
        garden = repos.get(repo.key) if row.get("port_path") else None
        if garden is not None:
            url, source = GardenUnit(garden.name, repo, row["port_path"]).url, garden.name
        else:
            url, source = repo.url, "github-search"
        official = RepoRef.parse((row.get("official_repo") or "").split(" ")[0].rstrip(";"))
        out.append(Case(row["arxiv"][0], row["paper_title"], source, url, row["kind"],
                        row["first_commit"], row.get("lag_months"),
                        official=official.full_name if official else None,
                        note=row.get("arxiv_source", "")))  # fmt: skip
    return out


def _garden_names() -> list[str]:
    from analysis.ports.gardens import GARDENS

    return [g.name for g in GARDENS]


def reference_rows(corpus: Path) -> list[dict[str, str]]:
    """The reference sample of ported papers: every community port's paper and every vision
    garden row's paper, once each, with the recorded title when there is one."""
    cases = [c for c in garden_cases(corpus) if c.category.startswith(VISION)]
    cases += community_cases(corpus)
    rows: dict[str, dict[str, str]] = {}
    for case in cases:
        row = rows.setdefault(case.arxiv_id, {"arxiv": case.arxiv_id})
        if case.title and "title" not in row:
            row["title"] = case.title
    return list(rows.values())


def write_reference(corpus: Path, path: Path) -> int:
    """Write the reference sample as JSON lines; returns its size."""
    rows = reference_rows(corpus)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return len(rows)
