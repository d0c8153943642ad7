"""Aggregate metrics over the store: headline numbers, framework shares, the gap, the port ladder.

Only the discovered papers count (`sample = 'discovered'`): a reference sample (papers with known
ports) never enters a share.

Every function takes a (read-only) DuckDB connection and runs parameterised SQL over the per-paper
`paper_facts` table (see analysis/metrics/facts.py). `cv_only` restricts to CV papers (primary
category cs.CV or a CV venue); `window` (analysis/metrics/window.py) to papers whose `ref_date`
lies in it (None: every paper). Shares are fractions in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis.metrics.facts import (
    DEPLOYABLE,
    GAP_PORT_LEVEL,
    NO_CODE_YET,
    NO_DL,
    NO_OFFICIAL,
    PAPER_CODE_STATUSES,
    SLICES,
    UNKNOWN,
    ensure_facts,
    refresh_facts,
)
from analysis.metrics.papers import (
    FilterOptions,
    OfficialRepo,
    PaperDetail,
    PaperFilter,
    PapersPage,
    Provenance,
    exercise_paper,
    filter_options,
    paper_detail,
    papers_page,
    provenance,
)
from analysis.metrics.window import Window, where
from analysis.models import PORT_LEVELS
from analysis.ports.ladder import CONVERTED as TF_PATH_LEVEL

__all__ = [
    "DEPLOYABLE", "GAP_PORT_LEVEL", "NO_CODE_YET", "NO_DL", "NO_OFFICIAL", "PAPER_CODE_STATUSES",
    "SLICES", "TAIL", "UNKNOWN", "DAY_BINS", "FilterOptions", "Gap", "Headline", "OfficialRepo",
    "PaperDetail", "PaperFilter", "PapersPage", "Provenance", "days_to_first_port",
    "days_to_first_port_histogram", "ensure_facts", "exercise_paper", "filter_options",
    "framework_share", "framework_share_by_month", "framework_share_by_venue_year", "gap",
    "headline", "ladder_distribution", "paper_detail", "papers_page", "provenance",
    "refresh_facts",
]  # fmt: skip


# Slices shown after the frameworks in share bars and their CSV: no DL, then placeholders, unknown.
TAIL = (NO_DL, NO_CODE_YET, UNKNOWN)

# Histogram bins for days from paper to first port: (label, lower inclusive, upper exclusive).
DAY_BINS = (
    ("< 0", None, 0),
    ("0-30", 0, 31),
    ("31-90", 31, 91),
    ("91-180", 91, 181),
    ("181-365", 181, 366),
    ("366-730", 366, 731),
    ("> 730", 731, None),
)


@dataclass(frozen=True)
class Headline:
    """Counts for the Overview page, all within the window; all but `papers` and `cv_papers`
    respect `cv_only`. in_scope = with_official_code + no_official."""

    papers: int
    cv_papers: int
    in_scope: int
    with_official_code: int  # an official repo is linked (any status)
    with_released_code: int  # ... and its label says code is released
    no_code_yet: int  # ... and it is a placeholder
    unknown: int  # ... and the framework could not be determined (or repo gone / unlabelled)
    with_port: int  # best port level >= GAP_PORT_LEVEL
    placeholder_rate: float  # no_code_yet / with_official_code
    median_days_to_first_port: float | None
    no_official: int  # no official repository linked at all
    no_dl: int  # official code without a deep-learning framework
    with_tf_port: int  # official code and a TF/Keras/LiteRT port (best level >= TF_PATH_LEVEL)


@dataclass(frozen=True)
class Gap:
    """Share of papers with released official code that cannot reach TF/Keras/LiteRT.

    Numerator: primary framework not in DEPLOYABLE and no port at level >= GAP_PORT_LEVEL.
    Denominator: papers whose official code is released with a known framework. Every other
    paper in scope is excluded and counted by why: no official repo, placeholder ("no code yet"),
    unknown framework (or repo gone / unlabelled), code without a DL framework. The denominator
    plus the four exclusions is every paper in scope (`in_scope`).
    """

    numerator: int
    denominator: int
    share: float | None
    excluded_no_code_yet: int
    excluded_unknown: int
    closed_by_port: int  # not deployable, but a port at level >= GAP_PORT_LEVEL exists
    excluded_no_dl: int
    excluded_no_official: int

    @property
    def excluded(self) -> dict[str, int]:
        """Each excluded group (a `paper_facts.framework` slice) -> papers, in a fixed order."""
        return {NO_OFFICIAL: self.excluded_no_official, NO_CODE_YET: self.excluded_no_code_yet,
                UNKNOWN: self.excluded_unknown, NO_DL: self.excluded_no_dl}  # fmt: skip

    @property
    def in_scope(self) -> int:
        return self.denominator + sum(self.excluded.values())


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pd.DataFrame:
    ensure_facts(con)
    return con.execute(sql, params).df()


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# Papers every metric counts: discovered (not the reference sample), CV when asked, in the window
# (its fixed fragment follows). Literal SQL with a {scope} slot; every value is bound, the
# scope's parameters last (it ends each WHERE).
_SCOPE = "(NOT ? OR is_cv) AND sample = 'discovered'"
_SHARE_SQL = """SELECT framework, count(*) AS papers, count(*) / sum(count(*)) OVER () AS share
    FROM paper_facts WHERE code_status <> 'none' AND {scope}
    GROUP BY framework
    ORDER BY coalesce(list_position(?::VARCHAR[], framework), 0), papers DESC, framework"""
_MONTH_SQL = """SELECT strftime(ref_date, '%Y-%m') AS month, framework, count(*) AS papers,
        count(*) / sum(count(*)) OVER (PARTITION BY month) AS share,
        CAST(sum(count(*)) OVER (PARTITION BY month) AS BIGINT) AS month_papers
    FROM paper_facts WHERE code_status <> 'none' AND ref_date IS NOT NULL AND {scope}
    GROUP BY month, framework ORDER BY month, papers DESC, framework"""
_VENUE_SQL = """SELECT venue_year, venue, year, framework, count(*) AS papers,
        count(*) / sum(count(*)) OVER (PARTITION BY venue_year) AS share
    FROM paper_facts WHERE code_status <> 'none' AND venue_year IS NOT NULL AND {scope}
    GROUP BY venue_year, venue, year, framework
    ORDER BY year, venue, papers DESC, framework"""
_GAP_SQL = """SELECT
        count(*) FILTER (WHERE code_status = 'released' AND framework NOT IN (?, ?)
            AND framework NOT IN (?, ?) AND best_level < ?),
        count(*) FILTER (WHERE code_status = 'released' AND framework NOT IN (?, ?)),
        count(*) FILTER (WHERE framework = ?),
        count(*) FILTER (WHERE framework = ?),
        count(*) FILTER (WHERE code_status = 'released' AND framework NOT IN (?, ?)
            AND framework NOT IN (?, ?) AND best_level >= ?),
        count(*) FILTER (WHERE framework = ?),
        count(*) FILTER (WHERE code_status = 'none')
    FROM paper_facts WHERE {scope}"""
_LADDER_SQL = """SELECT best_level AS level, count(*) AS papers FROM paper_facts
    WHERE {scope} GROUP BY best_level"""
_DAYS_SQL = """SELECT paper_id, published, first_port_seen,
        CAST(first_port_seen - published AS BIGINT) AS days
    FROM paper_facts WHERE published IS NOT NULL AND first_port_seen IS NOT NULL AND {scope}
    ORDER BY days, paper_id"""


def _scoped(template: str, cv_only: bool, window: Window | None) -> tuple[str, list]:
    """`template` with its {scope} filled in, and the scope's parameters."""
    win, params = where(window)
    return template.format(scope=_SCOPE + win), [cv_only, *params]


def headline(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> Headline:
    """The Overview page's numbers for the window."""
    ensure_facts(con)
    cv = "(NOT $cv OR is_cv)"  # a fixed fragment; every value is bound by name
    sql = f"""SELECT count(*), count(*) FILTER (WHERE is_cv),
            count(*) FILTER (WHERE {cv}),
            count(*) FILTER (WHERE {cv} AND code_status <> 'none'),
            count(*) FILTER (WHERE {cv} AND code_status = 'released'),
            count(*) FILTER (WHERE {cv} AND framework = $yet),
            count(*) FILTER (WHERE {cv} AND framework = $unknown),
            count(*) FILTER (WHERE {cv} AND best_level >= $gap_level),
            median(first_port_seen - published) FILTER (WHERE {cv}),
            count(*) FILTER (WHERE {cv} AND code_status = 'none'),
            count(*) FILTER (WHERE {cv} AND framework = $no_dl),
            count(*) FILTER (WHERE {cv} AND code_status <> 'none' AND best_level >= $tf_level)
        FROM paper_facts WHERE sample = 'discovered'
            AND ($since::DATE IS NULL OR ref_date > $since::DATE)
            AND ($until::DATE IS NULL OR ref_date <= $until::DATE)"""  # noqa: S608
    row = con.execute(
        sql,
        {"cv": cv_only, "yet": NO_CODE_YET, "unknown": UNKNOWN, "gap_level": GAP_PORT_LEVEL,
         "no_dl": NO_DL, "tf_level": TF_PATH_LEVEL, "since": window and window.since, "until": window and window.until},
    ).fetchone()  # fmt: skip
    papers, cv_papers, scope, official, released, yet, unknown, ported, median_days, *rest = row
    no_official, no_dl, tf_port = rest
    return Headline(
        papers=papers,
        cv_papers=cv_papers,
        in_scope=scope,
        with_official_code=official,
        with_released_code=released,
        no_code_yet=yet,
        unknown=unknown,
        with_port=ported,
        placeholder_rate=_ratio(yet, official) or 0.0,
        median_days_to_first_port=None if median_days is None else float(median_days),
        no_official=no_official,
        no_dl=no_dl,
        with_tf_port=tf_port,
    )


def framework_share(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> pd.DataFrame:
    """[framework, papers, share] over papers with an official repo: frameworks largest first,
    then the TAIL slices in that fixed order (they are not frameworks, so never rank among them)."""
    sql, params = _scoped(_SHARE_SQL, cv_only, window)
    return _df(con, sql, [*params, list(TAIL)])


def framework_share_by_month(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> pd.DataFrame:
    """[month, framework, papers, share, month_papers]: shares within each month of `ref_date`
    (`2026-07`), `month_papers` the month's N (papers with an official repo)."""
    return _df(con, *_scoped(_MONTH_SQL, cv_only, window))


def framework_share_by_venue_year(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> pd.DataFrame:
    """[venue_year, venue, year, framework, papers, share] for papers with a venue."""
    return _df(con, *_scoped(_VENUE_SQL, cv_only, window))


def gap(con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None) -> Gap:
    """The research-vs-production gap with its numerator, denominator and every exclusion."""
    ensure_facts(con)
    sql, params = _scoped(_GAP_SQL, cv_only, window)
    row = con.execute(
        sql,
        [UNKNOWN, NO_DL, *DEPLOYABLE, GAP_PORT_LEVEL, UNKNOWN, NO_DL, NO_CODE_YET, UNKNOWN,
         UNKNOWN, NO_DL, *DEPLOYABLE, GAP_PORT_LEVEL, NO_DL, *params],
    ).fetchone()  # fmt: skip
    num, den, yet, unknown, closed, no_dl, no_official = row
    return Gap(num, den, _ratio(num, den), yet, unknown, closed, no_dl, no_official)


def ladder_distribution(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> pd.DataFrame:
    """[level, name, papers, share]: each paper's best port level (0 = none), every level listed."""
    levels = pd.DataFrame({"level": list(PORT_LEVELS), "name": list(PORT_LEVELS.values())})
    counts = _df(con, *_scoped(_LADDER_SQL, cv_only, window))
    out = levels.merge(counts, on="level", how="left")
    out["papers"] = out["papers"].fillna(0).astype("int64")
    total = int(out["papers"].sum())
    out["share"] = out["papers"] / total if total else 0.0
    return out


def days_to_first_port(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> pd.DataFrame:
    """[paper_id, published, first_port_seen, days] for papers with a port at level >= 1."""
    return _df(con, *_scoped(_DAYS_SQL, cv_only, window))


def days_to_first_port_histogram(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True, window: Window | None = None
) -> pd.DataFrame:
    """[bin, order, papers] over DAY_BINS (every bin listed, empty ones with 0)."""
    days = days_to_first_port(con, cv_only, window)["days"]
    rows = []
    for order, (label, lo, hi) in enumerate(DAY_BINS):
        mask = pd.Series(True, index=days.index)
        if lo is not None:
            mask &= days >= lo
        if hi is not None:
            mask &= days < hi
        rows.append({"bin": label, "order": order, "papers": int(mask.sum())})
    return pd.DataFrame(rows)
