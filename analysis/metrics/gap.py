"""Aggregate metrics over the store: headline numbers, framework shares, the gap, the port ladder.

Only the discovered papers count (`sample = 'discovered'`): a reference sample (papers with known
ports) never enters a share.

Every function takes a (read-only) DuckDB connection and runs parameterised SQL over the per-paper
`paper_facts` table (see analysis/metrics/facts.py). `cv_only` restricts to CV papers (primary
category cs.CV or a CV venue). Shares are fractions in [0, 1].
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
from analysis.models import PORT_LEVELS

__all__ = [
    "DEPLOYABLE", "GAP_PORT_LEVEL", "NO_CODE_YET", "NO_DL", "NO_OFFICIAL", "PAPER_CODE_STATUSES",
    "SLICES", "TAIL", "UNKNOWN", "DAY_BINS", "FilterOptions", "Gap", "Headline", "OfficialRepo",
    "PaperDetail", "PaperFilter", "PapersPage", "Provenance", "days_to_first_port",
    "days_to_first_port_histogram", "ensure_facts", "exercise_paper", "filter_options",
    "framework_share", "framework_share_by_quarter", "framework_share_by_venue_year", "gap",
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
    """Counts for the Overview page; all but `papers` and `cv_papers` respect `cv_only`."""

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


@dataclass(frozen=True)
class Gap:
    """Share of papers with released official code that cannot reach TF/Keras/LiteRT.

    Numerator: primary framework not in DEPLOYABLE and no port at level >= GAP_PORT_LEVEL.
    Denominator: papers whose official code is released with a known framework; placeholders
    and unknown labels are excluded and counted separately.
    """

    numerator: int
    denominator: int
    share: float | None
    excluded_no_code_yet: int
    excluded_unknown: int
    closed_by_port: int  # not deployable, but a port at level >= GAP_PORT_LEVEL exists


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pd.DataFrame:
    ensure_facts(con)
    return con.execute(sql, params).df()


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def headline(con: duckdb.DuckDBPyConnection, cv_only: bool = True) -> Headline:
    """The Overview page's numbers."""
    ensure_facts(con)
    row = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE is_cv),
            count(*) FILTER (WHERE (NOT ? OR is_cv)),
            count(*) FILTER (WHERE (NOT ? OR is_cv) AND code_status <> 'none'),
            count(*) FILTER (WHERE (NOT ? OR is_cv) AND code_status = 'released'),
            count(*) FILTER (WHERE (NOT ? OR is_cv) AND framework = ?),
            count(*) FILTER (WHERE (NOT ? OR is_cv) AND framework = ?),
            count(*) FILTER (WHERE (NOT ? OR is_cv) AND best_level >= ?),
            median(first_port_seen - published) FILTER (WHERE (NOT ? OR is_cv))
        FROM paper_facts WHERE sample = 'discovered'""",
        [cv_only] * 4 + [NO_CODE_YET, cv_only, UNKNOWN, cv_only, GAP_PORT_LEVEL, cv_only],
    ).fetchone()
    papers, cv, scope, official, released, yet, unknown, ported, median_days = row
    return Headline(
        papers=papers,
        cv_papers=cv,
        in_scope=scope,
        with_official_code=official,
        with_released_code=released,
        no_code_yet=yet,
        unknown=unknown,
        with_port=ported,
        placeholder_rate=_ratio(yet, official) or 0.0,
        median_days_to_first_port=None if median_days is None else float(median_days),
    )


def framework_share(con: duckdb.DuckDBPyConnection, cv_only: bool = True) -> pd.DataFrame:
    """[framework, papers, share] over papers with an official repo: frameworks largest first,
    then the TAIL slices in that fixed order (they are not frameworks, so never rank among them)."""
    return _df(
        con,
        """SELECT framework, count(*) AS papers, count(*) / sum(count(*)) OVER () AS share
        FROM paper_facts WHERE (NOT ? OR is_cv) AND sample = 'discovered' AND code_status <> 'none'
        GROUP BY framework
        ORDER BY coalesce(list_position(?::VARCHAR[], framework), 0), papers DESC, framework""",
        [cv_only, list(TAIL)],
    )


def framework_share_by_quarter(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True
) -> pd.DataFrame:
    """[quarter, framework, papers, share] with shares within each quarter (e.g. `2025-Q3`)."""
    return _df(
        con,
        """SELECT quarter, framework, count(*) AS papers,
            count(*) / sum(count(*)) OVER (PARTITION BY quarter) AS share
        FROM paper_facts WHERE (NOT ? OR is_cv) AND sample = 'discovered'
            AND code_status <> 'none' AND quarter IS NOT NULL
        GROUP BY quarter, framework ORDER BY quarter, papers DESC, framework""",
        [cv_only],
    )


def framework_share_by_venue_year(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True
) -> pd.DataFrame:
    """[venue_year, venue, year, framework, papers, share] for papers with a venue."""
    return _df(
        con,
        """SELECT venue_year, venue, year, framework, count(*) AS papers,
            count(*) / sum(count(*)) OVER (PARTITION BY venue_year) AS share
        FROM paper_facts WHERE (NOT ? OR is_cv) AND sample = 'discovered'
            AND code_status <> 'none' AND venue_year IS NOT NULL
        GROUP BY venue_year, venue, year, framework
        ORDER BY year, venue, papers DESC, framework""",
        [cv_only],
    )


def gap(con: duckdb.DuckDBPyConnection, cv_only: bool = True) -> Gap:
    """The research-vs-production gap with its numerator and denominator."""
    ensure_facts(con)
    row = con.execute(
        """SELECT
            count(*) FILTER (WHERE code_status = 'released' AND framework NOT IN (?, ?)
                AND framework NOT IN (?, ?) AND best_level < ?),
            count(*) FILTER (WHERE code_status = 'released' AND framework NOT IN (?, ?)),
            count(*) FILTER (WHERE framework = ?),
            count(*) FILTER (WHERE framework = ?),
            count(*) FILTER (WHERE code_status = 'released' AND framework NOT IN (?, ?)
                AND framework NOT IN (?, ?) AND best_level >= ?)
        FROM paper_facts WHERE (NOT ? OR is_cv) AND sample = 'discovered'""",
        [UNKNOWN, NO_DL, *DEPLOYABLE, GAP_PORT_LEVEL, UNKNOWN, NO_DL, NO_CODE_YET, UNKNOWN,
         UNKNOWN, NO_DL, *DEPLOYABLE, GAP_PORT_LEVEL, cv_only],
    ).fetchone()  # fmt: skip
    num, den, yet, unknown, closed = row
    return Gap(num, den, _ratio(num, den), yet, unknown, closed)


def ladder_distribution(con: duckdb.DuckDBPyConnection, cv_only: bool = True) -> pd.DataFrame:
    """[level, name, papers, share]: each paper's best port level (0 = none), every level listed."""
    levels = pd.DataFrame({"level": list(PORT_LEVELS), "name": list(PORT_LEVELS.values())})
    counts = _df(
        con,
        """SELECT best_level AS level, count(*) AS papers FROM paper_facts
        WHERE (NOT ? OR is_cv) AND sample = 'discovered' GROUP BY best_level""",
        [cv_only],
    )
    out = levels.merge(counts, on="level", how="left")
    out["papers"] = out["papers"].fillna(0).astype("int64")
    total = int(out["papers"].sum())
    out["share"] = out["papers"] / total if total else 0.0
    return out


def days_to_first_port(con: duckdb.DuckDBPyConnection, cv_only: bool = True) -> pd.DataFrame:
    """[paper_id, published, first_port_seen, days] for papers with a port at level >= 1."""
    return _df(
        con,
        """SELECT paper_id, published, first_port_seen,
            CAST(first_port_seen - published AS BIGINT) AS days
        FROM paper_facts WHERE (NOT ? OR is_cv) AND sample = 'discovered' AND published IS NOT NULL
            AND first_port_seen IS NOT NULL
        ORDER BY days, paper_id""",
        [cv_only],
    )


def days_to_first_port_histogram(
    con: duckdb.DuckDBPyConnection, cv_only: bool = True
) -> pd.DataFrame:
    """[bin, order, papers] over DAY_BINS (every bin listed, empty ones with 0)."""
    days = days_to_first_port(con, cv_only)["days"]
    rows = []
    for order, (label, lo, hi) in enumerate(DAY_BINS):
        mask = pd.Series(True, index=days.index)
        if lo is not None:
            mask &= days >= lo
        if hi is not None:
            mask &= days < hi
        rows.append({"bin": label, "order": order, "papers": int(mask.sum())})
    return pd.DataFrame(rows)
