"""Port metrics: how many PyTorch/JAX papers have a TF/Keras/LiteRT path (by ladder level, with
denominators), and how long ports took (lag from a paper's arXiv month to its first port).

Every function takes the Papers filter (`PaperFilter`) and an optional window (`since`/`until`,
on the paper's date) the dashboard passes. Paths count the discovered papers only; lags cover
every dated port, the reference sample of ported papers included (its `sample` column says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from analysis.metrics.facts import REFERENCE, ensure_facts
from analysis.metrics.papers import PaperFilter, _where
from analysis.models import PORT_LEVELS
from analysis.ports.gardens import FIRST_PARTY
from analysis.ports.ladder import CONVERTED
from analysis.ports.lag import PAPER_MONTH_SQL

RESEARCH = ("pytorch", "jax")  # official code whose deployment needs a path to TF/Keras/LiteRT
BOTH = "pytorch+jax"
TF_PATH_LEVEL = CONVERTED  # level 2 and up run on TF Serving / LiteRT / TF.js (1 is ONNX only)
ALL = "all"
FIRST_PARTY_LABEL, COMMUNITY_LABEL = "first-party", "community"
ANY_PAPER = PaperFilter()
YEARS_SHOWN = 7  # paper-year cohorts drawn one by one; older papers share one cohort


def _window(column: str, since: date | None, until: date | None) -> tuple[str, list]:
    """`column` within [since, until] (either end open when None). `column` is a constant here."""
    sql = f" AND (?::DATE IS NULL OR {column} >= ?::DATE) AND (?::DATE IS NULL OR {column} <= ?::DATE)"
    return sql, [since, since, until, until]


_PATHS_SQL = """SELECT framework, best_level, count(*) FROM paper_facts
    WHERE {where} {window} AND sample = 'discovered' AND code_status = 'released'
        AND list_contains(?::VARCHAR[], framework) GROUP BY ALL"""


def port_paths(con: duckdb.DuckDBPyConnection, f: PaperFilter = ANY_PAPER,
               since: date | None = None, until: date | None = None) -> pd.DataFrame:  # fmt: skip
    """[framework, level, name, papers, denominator, share] for PyTorch, JAX and both together:
    papers with released official code in that framework by their best port level (0-5, every
    level listed), over all such papers (the denominator)."""
    ensure_facts(con)
    where, params = _where(f)
    window, wparams = _window("ref_date", since, until)
    # Fixed fragments (_where, _window) in a literal; every value is bound.
    sql = _PATHS_SQL.format(where=where, window=window)
    rows = con.execute(sql, [*params, *wparams, list(RESEARCH)]).fetchall()
    counts = {(fw, int(level)): n for fw, level, n in rows}
    out = []
    for fw in (*RESEARCH, BOTH):
        members = RESEARCH if fw == BOTH else (fw,)
        by_level = {lv: sum(counts.get((m, lv), 0) for m in members) for lv in PORT_LEVELS}
        total = sum(by_level.values())
        out += [{"framework": fw, "level": lv, "name": PORT_LEVELS[lv], "papers": n,
                 "denominator": total, "share": n / total if total else 0.0}
                for lv, n in by_level.items()]  # fmt: skip
    return pd.DataFrame(out)


@dataclass(frozen=True)
class PathSummary:
    framework: str
    denominator: int
    with_tf_path: int  # best level >= TF_PATH_LEVEL
    closing_gap: int  # best level >= 3


def path_summary(paths: pd.DataFrame) -> list[PathSummary]:
    """Per framework: papers, those with a TF/Keras/LiteRT path, those whose port closes the gap."""
    out = []
    for fw, rows in paths.groupby("framework", sort=False):
        out.append(PathSummary(str(fw), int(rows["denominator"].iloc[0]),
                               int(rows.loc[rows["level"] >= TF_PATH_LEVEL, "papers"].sum()),
                               int(rows.loc[rows["level"] >= 3, "papers"].sum())))  # fmt: skip
    return out


# Literal SQL with slots for fixed fragments (the filter's WHERE, the window, the month rule).
_LAGS_SQL = """
    WITH facts AS (
        SELECT paper_id, arxiv_id, title, sample, {paper_month} AS paper_month
        FROM paper_facts WHERE {where}
    ),
    firsts AS (
        SELECT paper_id, source, arg_min(url, (first_seen, url)) AS url, max(level) AS level,
               min(first_seen) AS first_seen,
               arg_min(first_seen_source, (first_seen, url)) AS first_seen_source
        FROM ports WHERE is_tf_port AND level >= 1 AND first_seen IS NOT NULL
        GROUP BY paper_id, source
    )
    SELECT f.paper_id, f.arxiv_id, f.title, f.sample, f.paper_month,
           year(f.paper_month) AS paper_year, d.source,
           CASE WHEN list_contains(?::VARCHAR[], d.source) THEN ? ELSE ? END AS party,
           d.url, d.level, d.first_seen, d.first_seen_source,
           CAST((year(d.first_seen) - year(f.paper_month)) * 12
                + month(d.first_seen) - month(f.paper_month) AS INTEGER) AS lag_months
    FROM firsts d JOIN facts f USING (paper_id)
    WHERE f.paper_month IS NOT NULL {window}
    ORDER BY f.paper_month, f.paper_id, d.source
"""


def port_lags(con: duckdb.DuckDBPyConnection, f: PaperFilter = ANY_PAPER,
              since: date | None = None, until: date | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per paper and port source (garden, search, Hub): the first dated TF port at level
    >= 1 there, with `lag_months` from the paper's arXiv month to the port's first commit (or
    the repo's / Hub model's creation), the paper's `sample` and the source's `party`."""
    ensure_facts(con)
    where, params = _where(f)
    window, wparams = _window("f.paper_month", since, until)
    sql = _LAGS_SQL.format(paper_month=PAPER_MONTH_SQL, where=where, window=window)
    party = [list(FIRST_PARTY), FIRST_PARTY_LABEL, COMMUNITY_LABEL]
    return con.execute(sql, [*params, *party, *wparams]).df()


def first_ports(lags: pd.DataFrame) -> pd.DataFrame:
    """One row per paper: its first port over every source (the `port_lags` row with the least
    lag; ties go to the source named first)."""
    if lags.empty:
        return lags.copy()
    order = lags.sort_values(["paper_id", "lag_months", "source"])
    return order.drop_duplicates("paper_id").reset_index(drop=True)


def _group_key(group: str) -> tuple:
    """Groups in reading order: `all` first, the oldest cohort (`<= YYYY`) before the years."""
    return (group != ALL, not group.startswith("<="), group)


def _groups(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    return sorted(frame.groupby("group", sort=False), key=lambda g: _group_key(str(g[0])))


def cohorts(years: pd.Series) -> pd.Series:
    """Paper-year cohorts: the last YEARS_SHOWN years one by one, older ones as `<= YYYY`."""
    if years.empty:
        return years.astype("str")
    cut = int(years.max()) - YEARS_SHOWN + 1
    return years.map(lambda y: str(int(y)) if y >= cut else f"<= {cut - 1}")


def lag_curve(
    lags: pd.DataFrame, by: str = "source", max_months: int | None = None
) -> pd.DataFrame:
    """[group, months, ported, papers, share]: per group, the share of its papers ported within
    `months` months (0..max), a survival-style curve over papers that have a dated port.

    `by="source"`: each garden / search source on its own (its first port there), plus `all`
    (the first port anywhere); `by="year"`: paper-year cohorts of the first port anywhere."""
    firsts = first_ports(lags)
    if by == "year":
        groups = firsts.assign(group=cohorts(firsts["paper_year"]))
    else:
        groups = pd.concat([lags.assign(group=lags["source"]), firsts.assign(group=ALL)])
    if groups.empty:
        return pd.DataFrame(columns=["group", "months", "ported", "papers", "share"])
    top = int(max_months if max_months is not None else max(0, groups["lag_months"].max()))
    rows = []
    for group, part in _groups(groups):
        lag = part["lag_months"]
        for k in range(top + 1):
            ported = int((lag <= k).sum())
            rows.append({"group": group, "months": k, "ported": ported, "papers": len(part),
                         "share": ported / len(part)})  # fmt: skip
    return pd.DataFrame(rows)


def lag_summary(lags: pd.DataFrame, by: str = "source") -> pd.DataFrame:
    """[group, party, papers, median_months, within_6, within_12, within_24, newest_paper,
    newest_arxiv]: per source (or paper-year cohort), shares of papers ported within 6/12/24
    months and the newest paper covered."""
    firsts = first_ports(lags)
    if by == "year":
        groups = firsts.assign(group=cohorts(firsts["paper_year"]), party=ALL)
    else:
        groups = pd.concat([lags.assign(group=lags["source"]),
                            firsts.assign(group=ALL, party=ALL)])  # fmt: skip
    rows = []
    for group, part in _groups(groups):
        lag = part["lag_months"]
        newest = part.sort_values(["paper_month", "first_seen"]).iloc[-1]
        rows.append({"group": group, "party": part["party"].iloc[0], "papers": len(part),
                     "median_months": float(lag.median()),
                     **{f"within_{k}": float((lag <= k).mean()) for k in (6, 12, 24)},
                     "newest_paper": newest["title"], "newest_arxiv": newest["arxiv_id"]})  # fmt: skip
    cols = ["group", "party", "papers", "median_months", "within_6", "within_12", "within_24",
            "newest_paper", "newest_arxiv"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


@dataclass(frozen=True)
class NewestCovered:
    """The most recent paper (by arXiv month) that has a dated port."""

    paper_id: str
    title: str
    arxiv_id: str
    paper_month: date
    source: str
    first_seen: date
    lag_months: int


def newest_covered(lags: pd.DataFrame) -> NewestCovered | None:
    firsts = first_ports(lags)
    if firsts.empty:
        return None
    row = firsts.sort_values(["paper_month", "first_seen", "paper_id"]).iloc[-1]
    return NewestCovered(row["paper_id"], row["title"], row["arxiv_id"],
                         pd.Timestamp(row["paper_month"]).date(), row["source"],
                         pd.Timestamp(row["first_seen"]).date(), int(row["lag_months"]))  # fmt: skip


@dataclass(frozen=True)
class PortLagView:
    """Everything the "How long until a port?" view and its charts show, from one query."""

    lags: pd.DataFrame  # port_lags
    by_source: pd.DataFrame  # lag_curve(by="source")
    by_year: pd.DataFrame  # lag_curve(by="year")
    summary_source: pd.DataFrame  # lag_summary(by="source")
    summary_year: pd.DataFrame  # lag_summary(by="year")
    newest: NewestCovered | None
    papers: int  # papers with a dated port
    reference_papers: int  # ... of them from the reference sample only


def port_lag_view(con: duckdb.DuckDBPyConnection, f: PaperFilter = ANY_PAPER,
                  since: date | None = None, until: date | None = None) -> PortLagView:  # fmt: skip
    lags = port_lags(con, f, since, until)
    firsts = first_ports(lags)
    return PortLagView(
        lags, lag_curve(lags, "source"), lag_curve(lags, "year"), lag_summary(lags, "source"),
        lag_summary(lags, "year"), newest_covered(lags), len(firsts),
        int((firsts["sample"] == REFERENCE).sum()) if len(firsts) else 0,
    )  # fmt: skip
