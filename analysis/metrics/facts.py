"""One row per paper (official repo, its label, best port): the `paper_facts` view metrics read.

Every metric reads `paper_facts` instead of re-joining papers, paper_code, repos, labels and ports.
The joins cost ~0.5 s at 100k papers, too slow to repeat on every dashboard rerun, so the result is
kept per process as an Arrow table keyed by the snapshot's identity (its `meta.published_at`, else
the file's inode, mtime and size) and registered on each new read-only connection. Publishing a
snapshot gives it a new identity, so the next connection sees the new data. Writable and in-memory
connections are never cached.
"""

from __future__ import annotations

import os
import threading

import duckdb
import pyarrow as pa

from analysis.models import FRAMEWORKS, REFERENCE_SOURCE

# Slices besides the frameworks themselves (chart legends, CSV values, the Papers filter).
NO_CODE_YET = "no code yet"  # the official repo is a placeholder ("code coming soon")
UNKNOWN = "unknown"  # no label yet, repo gone, or the classifier could not tell
NO_DL = "none-dl"  # Python code without a deep-learning framework
NO_OFFICIAL = "no official code"  # no official repository linked at all
SLICES = (*FRAMEWORKS, NO_DL, NO_CODE_YET, UNKNOWN)

# Paper code status (Papers page filter): the official repo's label status, or why there is none.
PAPER_CODE_STATUSES = ("released", "placeholder", "none-dl", "missing", "unlabelled", "none")

# Papers only a reference sample reported (scraper/sources/reference.py) are `sample = 'reference'`:
# every share of the discovered papers leaves them out; the port-lag view reads them.
DISCOVERED, REFERENCE = "discovered", "reference"

DEPLOYABLE = ("tensorflow", "keras")  # primary frameworks with a direct TF/Keras/LiteRT path
GAP_PORT_LEVEL = 3  # a Keras 3 reimplementation or better closes the gap

# Where a paper has no `published` date, its venue year is placed at the conference's usual month
# so it still lands in a quarter; other venues fall in mid-year (July).
VENUE_MONTH = {"WACV": 1, "3DV": 3, "CVPR": 6, "ECCV": 9, "ICCV": 10, "BMVC": 11, "ACCV": 12}

# Lower rank wins when a paper has several official repos: authors' own links first.
PROVENANCE_RANK = {"hf": 0, "arxiv": 0, "list": 1, "cvf": 1, "ghsearch": 2}  # others: 3

# Literal SQL (no interpolation); parameters: FRAMEWORKS list, venue-month MAP, provenance-rank MAP.
FACTS_SQL = """
    WITH head_labels AS (
        -- arg_max, not a row_number() window: the windows were 90 % of the build time.
        SELECT l.repo, arg_max(
                {'primary_framework': l.primary_framework, 'code_status': l.code_status,
                 'confidence': l.confidence},
                (l.labelled_at, l.classifier_version)) AS label
        FROM labels l JOIN repos r ON r.repo = l.repo AND coalesce(r.head_sha, '') = l.commit
        GROUP BY l.repo
    ),
    official AS (
        SELECT paper_id, arg_min({'repo': repo, 'provenance': provenance},
            (coalesce(element_at($ranks, split_part(provenance, ':', 1))[1], 3), repo, provenance)
        ) AS link
        FROM paper_code WHERE is_official GROUP BY paper_id
    ),
    best_port AS (
        SELECT paper_id, max(level) AS best_level,
               min(first_seen) FILTER (WHERE level >= 1) AS first_port_seen
        FROM ports GROUP BY paper_id
    ),
    base AS (
        SELECT p.paper_id, p.arxiv_id, p.title, p.venue, p.year, p.published,
               coalesce(p.is_cv, false) AS is_cv,
               CASE WHEN len(coalesce(p.sources, [])) > 0
                         AND list_has_all([$reference], p.sources)
                    THEN 'reference' ELSE 'discovered' END AS sample,
               coalesce(p.published, make_date(p.year,
                   coalesce(element_at($months, p.venue)[1], 7), 1)) AS ref_date,
               o.link.repo AS official_repo, o.link.provenance AS official_provenance,
               r.status AS repo_status, h.label.primary_framework, h.label.confidence,
               CASE WHEN o.link IS NULL THEN 'none'
                    WHEN r.status IN ('missing', 'blocked', 'empty') THEN 'missing'
                    WHEN h.label IS NULL THEN 'unlabelled'
                    ELSE h.label.code_status END AS code_status,
               coalesce(b.best_level, 0) AS best_level, b.first_port_seen
        FROM papers p
        LEFT JOIN official o USING (paper_id)
        LEFT JOIN repos r ON r.repo = o.link.repo
        LEFT JOIN head_labels h ON h.repo = o.link.repo
        LEFT JOIN best_port b USING (paper_id)
    )
    SELECT *,
        CASE WHEN code_status = 'none' THEN 'no official code'
             WHEN code_status = 'placeholder' THEN 'no code yet'
             WHEN code_status = 'none-dl' THEN 'none-dl'
             WHEN code_status = 'released' AND list_contains($frameworks, primary_framework)
                  THEN primary_framework
             ELSE 'unknown' END AS framework,
        strftime(ref_date, '%Y') || '-Q' || quarter(ref_date) AS quarter,
        CASE WHEN venue IS NOT NULL AND year IS NOT NULL
             THEN venue || ' ' || year END AS venue_year
    FROM base
"""


def _facts_params() -> dict:
    return {
        "frameworks": list(FRAMEWORKS),
        "months": _map(VENUE_MONTH),
        "ranks": _map(PROVENANCE_RANK),
        "reference": REFERENCE_SOURCE,
    }


def _map(d: dict[str, int]) -> dict:
    # DuckDB binds {"key": [...], "value": [...]} as a MAP.
    return {"key": list(d), "value": list(d.values())}


_CACHE: dict[tuple, pa.Table] = {}
_CACHE_SIZE = 2  # the current snapshot and the one just replaced
_LOCK = threading.Lock()


def _cache_key(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """(path, identity) of a read-only database, None when it must not be cached.

    A published snapshot carries `meta.published_at`, read through this very connection, so a
    publish between opening the connection and building the facts cannot file old facts under
    the new file. Unpublished files fall back to the file's (inode, mtime, size)."""
    rows = con.execute(
        "SELECT path, readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    if not rows or not rows[0][0] or not rows[0][1]:
        return None
    path = rows[0][0]
    published = con.execute("SELECT value FROM meta WHERE key = 'published_at'").fetchall()
    if published:
        return (path, "published", published[0][0])
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_ino, st.st_mtime_ns, st.st_size)


def _has_facts(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT 1 FROM paper_facts LIMIT 0").fetchall()
    except duckdb.CatalogException:
        return False
    return True


def facts_table(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The per-paper facts as Arrow, from the process cache when the file is unchanged."""
    key = _cache_key(con)
    with _LOCK:
        cached = _CACHE.get(key) if key else None
    if cached is not None:
        return cached
    # A cursor has its own result state, so a caller's half-read result cannot block this.
    cur = con.cursor()
    try:
        table = cur.sql(FACTS_SQL, params=_facts_params()).to_arrow_table()
    finally:
        cur.close()
    if key:
        with _LOCK:
            while len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = table
    return table


def ensure_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Make `paper_facts` available on this connection unless it already is."""
    if not _has_facts(con):
        # DuckDB refuses register() while an earlier result (a caller's fetchone()) is still
        # open; a finished trivial query closes it.
        table = facts_table(con)
        con.execute("SELECT 1").fetchall()
        con.register("paper_facts", table)


def refresh_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild `paper_facts` (only needed when the same connection wrote new rows since)."""
    if _has_facts(con):
        con.execute("SELECT 1").fetchall()
        con.unregister("paper_facts")
    ensure_facts(con)


def clear_cache() -> None:
    """Forget every cached facts table (tests; memory)."""
    with _LOCK:
        _CACHE.clear()
