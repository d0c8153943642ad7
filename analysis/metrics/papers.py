"""Per-paper queries for the Papers and Exercise pages, and the snapshot's provenance."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from analysis import store
from analysis.metrics.facts import ensure_facts
from analysis.metrics.window import DEFAULT_MONTHS, Window, where
from analysis.metrics.window import as_of as data_as_of
from analysis.models import CodeLink, Label, Paper, Port, RepoRef

# Where a paper's date came from: columns added to `papers` after release (store.ADDED_COLUMNS);
# a store without them still opens, the Papers page then shows them empty.
DATE_DETAIL = ("published_source", "published_precision", "arxiv_published")
PAPERS_SQL = (
    "SELECT paper_id, arxiv_id, title, venue, year, published, is_cv, official_repo, framework, "
    "code_status, confidence, best_level, ref_date, {names} FROM paper_facts "
    "LEFT JOIN (SELECT paper_id, {detail} FROM papers) USING (paper_id) WHERE "
)
PAPERS_COUNT_SQL = "SELECT count(*) FROM paper_facts WHERE "
# Sort keys the Papers page may ask for -> fixed ORDER BY clauses (never user text).
SORTS = {
    "published": "published DESC NULLS LAST, paper_id",
    "title": "title, paper_id",
    "venue": "venue NULLS LAST, year DESC, title, paper_id",
    "port": "best_level DESC, published DESC NULLS LAST, paper_id",
}


@dataclass(frozen=True)
class PaperFilter:
    """Papers page filters; empty tuples mean "any". `min_port_level` 1 = any port, 3 = gap-closing."""

    search: str = ""  # case-insensitive substring of the title
    venues: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    frameworks: tuple[str, ...] = ()  # values of paper_facts.framework (SLICES or NO_OFFICIAL)
    code_statuses: tuple[str, ...] = ()  # PAPER_CODE_STATUSES
    min_port_level: int = 0
    cv_only: bool = False
    window: Window | None = None  # papers whose ref_date lies in it (None: every paper)


@dataclass(frozen=True)
class PapersPage:
    rows: pd.DataFrame  # the columns of PAPERS_SQL
    total: int  # rows matching the filter, all pages
    page: int
    page_size: int


@dataclass(frozen=True)
class FilterOptions:
    venues: tuple[str, ...]
    years: tuple[int, ...]
    frameworks: tuple[str, ...]
    code_statuses: tuple[str, ...]


@dataclass(frozen=True)
class OfficialRepo:
    """A repo linked to a paper, with its current label (None when not yet labelled)."""

    repo: RepoRef
    provenance: str
    is_official: bool
    official_evidence: str
    status: str | None  # repos.status: ok, missing, blocked, empty, renamed; None = not fetched
    label: Label | None
    preferred: bool  # the repo the metrics use for this paper


@dataclass(frozen=True)
class PaperDetail:
    paper: Paper
    framework: str  # the slice the metrics count this paper in
    code_status: str
    best_level: int
    repos: tuple[OfficialRepo, ...]
    ports: tuple[Port, ...]
    title_is_repo_name: bool = False  # the only title any source gave is a repository's name


@dataclass(frozen=True)
class Provenance:
    """The snapshot's `meta` table, plus the fields every chart caption needs."""

    snapshot_date: str | None
    classifier_version: str | None
    items: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # source names found in papers.sources (hf, arxiv, lists, ...)
    as_of: date | None = None  # the data's as-of date (analysis/metrics/window.py)
    window: Window | None = None  # the window the numbers answer for (None: not windowed)
    first_paper: date | None = None  # oldest / newest ref_date of the papers in the window
    last_paper: date | None = None


def _where(f: PaperFilter) -> tuple[str, list]:
    sql = """(NOT ? OR is_cv)
        AND (? = '' OR title ILIKE '%' || ? || '%' ESCAPE '\\')
        AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], venue))
        AND (len(?::INTEGER[]) = 0 OR list_contains(?::INTEGER[], year))
        AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], framework))
        AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], code_status))
        AND best_level >= ?"""
    # ILIKE wildcards in the search text are escaped so `50%` matches literally.
    text = f.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    params = [f.cv_only, text, text]
    for values in (f.venues, f.years, f.frameworks, f.code_statuses):
        params += [list(values), list(values)]
    win, wparams = where(f.window)
    return sql + win, [*params, f.min_port_level, *wparams]


def papers_page(
    con: duckdb.DuckDBPyConnection,
    f: PaperFilter = PaperFilter(),
    page: int = 0,
    page_size: int = 50,
    sort: str = "published",
) -> PapersPage:
    """One page of papers matching `f`, sorted by a SORTS key, and the total match count."""
    ensure_facts(con)
    where, params = _where(f)
    order = SORTS.get(sort, SORTS["published"])
    total = con.execute(PAPERS_COUNT_SQL + where, params).fetchone()[0]
    # ORDER BY comes from the fixed SORTS table, columns from DATE_DETAIL; values are bound.
    select = PAPERS_SQL.format(names=", ".join(DATE_DETAIL), detail=_date_detail(con))
    sql = f"{select}{where} ORDER BY {order} LIMIT ? OFFSET ?"  # noqa: S608
    rows = con.execute(sql, [*params, page_size, max(page, 0) * page_size]).df()
    return PapersPage(rows=rows, total=total, page=page, page_size=page_size)


def _date_detail(con: duckdb.DuckDBPyConnection) -> str:
    """The DATE_DETAIL columns as a select list: the column where the store has it, else NULL."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'papers' "
        "AND database_name = current_database()").fetchall()}  # fmt: skip
    return ", ".join(c if c in have else f"NULL AS {c}" for c in DATE_DETAIL)


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """The values present in the snapshot for each Papers filter."""
    ensure_facts(con)

    row = con.execute(
        "SELECT list_sort(list(DISTINCT venue) FILTER (WHERE venue IS NOT NULL)), "
        "list_sort(list(DISTINCT year) FILTER (WHERE year IS NOT NULL)), "
        "list_sort(list(DISTINCT framework)), list_sort(list(DISTINCT code_status)) "
        "FROM paper_facts"
    ).fetchone()
    return FilterOptions(*(tuple(values or ()) for values in row))


def _paper(con: duckdb.DuckDBPyConnection, paper_id: str) -> Paper | None:
    row = con.execute(
        "SELECT paper_id, title, sources, arxiv_id, published, venue, year, primary_category, "
        "categories, authors, url FROM papers WHERE paper_id = ?",
        [paper_id],
    ).fetchone()
    if row is None:
        return None
    pid, title, sources, arxiv_id, published, venue, year, prim, cats, authors, url = row
    links = con.execute(
        "SELECT repo, provenance, is_official, official_evidence FROM paper_code "
        "WHERE paper_id = ? ORDER BY NOT is_official, "
        "CASE split_part(provenance, ':', 1) WHEN 'hf' THEN 0 WHEN 'arxiv' THEN 0 "
        "WHEN 'list' THEN 1 WHEN 'cvf' THEN 1 WHEN 'ghsearch' THEN 2 ELSE 3 END, repo",
        [paper_id],
    ).fetchall()
    code_links = tuple(
        CodeLink(RepoRef.parse(repo) or RepoRef(*repo.split("/", 1)), prov, off, ev or "")
        for repo, prov, off, ev in links
    )
    return Paper(
        paper_id=pid, title=title, source=(sources or ["?"])[0], arxiv_id=arxiv_id,
        published=published, venue=venue, year=year, primary_category=prim,
        categories=tuple(cats or ()), authors=tuple(authors or ()), url=url,
        code_links=code_links,
    )  # fmt: skip


def _repos(con: duckdb.DuckDBPyConnection, paper: Paper, preferred: str | None) -> tuple:
    out = []
    for link in paper.code_links:
        row = con.execute(
            "SELECT full_name, status FROM repos WHERE repo = ?", [link.repo.key]
        ).fetchone()
        repo = RepoRef.parse(row[0]) if row and row[0] else None
        out.append(
            OfficialRepo(
                repo=repo or link.repo,
                provenance=link.provenance,
                is_official=link.official,
                official_evidence=link.official_evidence,
                status=row[1] if row else None,
                label=store.load_label(con, link.repo.key),
                preferred=link.repo.key == preferred,
            )
        )
    return tuple(out)


def _ports(con: duckdb.DuckDBPyConnection, paper_id: str) -> tuple[Port, ...]:
    rows = con.execute(
        "SELECT paper_id, url, source, kind, framework, level, evidence, first_seen, is_tf_port, "
        "first_seen_source FROM ports WHERE paper_id = ? "
        "ORDER BY level DESC, first_seen NULLS LAST, url",
        [paper_id],
    ).fetchall()
    return tuple(
        Port(pid, url, src, kind, fw, lvl if lvl is not None else 0, ev or "", seen, bool(tf),
             dated)
        for pid, url, src, kind, fw, lvl, ev, seen, tf, dated in rows
    )  # fmt: skip


def paper_detail(con: duckdb.DuckDBPyConnection, paper_id: str) -> PaperDetail | None:
    """A paper, every linked repo with its label and evidence, and its ports (best first)."""
    ensure_facts(con)
    paper = _paper(con, paper_id)
    if paper is None:
        return None
    fact = con.execute(
        "SELECT framework, code_status, best_level, official_repo FROM paper_facts "
        "WHERE paper_id = ?",
        [paper_id],
    ).fetchone()
    framework, status, level, official = fact
    # Every linked repo is listed with its label; `preferred` marks the one the metrics count.
    repos = _repos(con, paper, official)
    named = _title_is_repo_name(con, paper)
    return PaperDetail(paper, framework, status, level, repos, _ports(con, paper_id), named)


def _title_is_repo_name(con: duckdb.DuckDBPyConnection, paper: Paper) -> bool:
    """`papers.title_source = 'repo-name'` where the store records it; else (older stores, rows
    without a source) whether the title is the name of a repository linked to the paper, as a
    venue-tag search leaves it (`TARA_CVPR2026`)."""
    has_column = con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'papers' AND column_name = 'title_source'"
    ).fetchone()[0]
    if has_column:
        row = con.execute(
            "SELECT title_source FROM papers WHERE paper_id = ?", [paper.paper_id]
        ).fetchone()
        if row and row[0]:
            return row[0] == "repo-name"
    title = (paper.title or "").strip().lower()
    return any(title in (c.repo.name.lower(), c.repo.key) for c in paper.code_links)


@dataclass(frozen=True)
class ExercisePool:
    """The Exercise's papers in a window: CV papers of the discovered sample whose official code is
    released in a known framework, dated (`ref_date`: publication date, else the venue's month)
    inside `window`. `papers` has paper_id, title, venue, year, ref_date, sorted by paper_id."""

    window: Window | None  # None: the database holds no dated paper at all
    papers: pd.DataFrame

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.papers["paper_id"])


def exercise_pool(
    con: duckdb.DuckDBPyConnection,
    months: int | None = DEFAULT_MONTHS,
    as_of: date | None = None,
) -> ExercisePool:
    """The papers the Exercise draws from: the last `months` (None: every year) before `as_of`,
    which defaults to the data's as-of date (`window.as_of`), as on every other page."""
    ensure_facts(con)
    day = as_of or data_as_of(con)
    win = None if day is None else Window(months, day)
    rows = con.execute(
        "SELECT paper_id, title, venue, year, ref_date FROM paper_facts "
        "WHERE is_cv AND sample = 'discovered' AND code_status = 'released' "
        "AND framework <> 'unknown' AND ref_date <= ?::DATE "
        "AND (?::DATE IS NULL OR ref_date > ?::DATE) ORDER BY paper_id",
        [win and win.until, win and win.since, win and win.since],
    ).df()
    return ExercisePool(win, rows)


def draw(ids: Sequence[str], exclude: Collection[str] = (), seed: int | None = None) -> str | None:
    """A random id of `ids` not in `exclude` (None when every one is excluded); seeded, so the
    same seed and the same answers give the same paper."""
    skip = set(exclude)
    left = [i for i in ids if i not in skip]
    return random.Random(seed).choice(left) if left else None


def exercise_paper(
    con: duckdb.DuckDBPyConnection,
    months: int | None = DEFAULT_MONTHS,
    seed: int | None = None,
    as_of: date | None = None,
    exclude: tuple[str, ...] = (),
) -> PaperDetail | None:
    """A random paper of `exercise_pool` not in `exclude` (the ones already answered), in full."""
    chosen = draw(exercise_pool(con, months, as_of).ids, exclude, seed)
    return None if chosen is None else paper_detail(con, chosen)


# The oldest and newest paper date in a window: literal SQL, the window's fixed fragment, bound values.
_SPAN_SQL = """SELECT min(ref_date), max(ref_date) FROM paper_facts
    WHERE (NOT ? OR is_cv) AND sample = 'discovered' {window}"""


def provenance(
    con: duckdb.DuckDBPyConnection, window: Window | None = None, cv_only: bool = True
) -> Provenance:
    """Every `meta` key, with the snapshot date (meta `snapshot_date`, else the last finished run,
    else the newest paper update), the classifier version of the newest label, the as-of date
    and, for a `window`, the oldest and newest paper date in it (discovered papers, `cv_only`)."""
    items = {k: v for k, v in con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()}
    snap = items.get("snapshot_date") or items.get("published_at")
    if not snap:
        row = con.execute(
            "SELECT coalesce((SELECT max(finished_at) FROM runs), "
            "(SELECT max(updated_at) FROM papers))"
        ).fetchone()
        snap = row[0].date().isoformat() if row and row[0] else None
    version = (
        items.get("classifier_version")
        or (
            con.execute(
                "SELECT classifier_version FROM labels ORDER BY labelled_at DESC LIMIT 1"
            ).fetchone()
            or [None]
        )[0]
    )
    sources = con.execute(
        "SELECT list_sort(list(DISTINCT s)) FROM (SELECT unnest(sources) AS s FROM papers)"
    ).fetchall()[0][0]
    first = last = None
    if window is not None:
        ensure_facts(con)
        win, wparams = where(window)
        first, last = con.execute(_SPAN_SQL.format(window=win), [cv_only, *wparams]).fetchone()
    return Provenance(
        snapshot_date=snap[:10] if snap else None,
        classifier_version=version,
        items=items,
        sources=tuple(sources or ()),
        as_of=data_as_of(con),
        window=window,
        first_paper=first,
        last_paper=last,
    )
