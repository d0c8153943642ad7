"""One row per paper (official repo, its label, best port), built once per connection as a TEMP table.

Every metric reads `paper_facts` instead of re-joining papers, paper_code, repos, labels and ports,
so a dashboard rerun at 100k papers pays for the joins once. TEMP tables live in the connection's
own in-memory catalog, so this works on read-only connections too.
"""

from __future__ import annotations

import duckdb

from analysis.models import FRAMEWORKS

# Slices besides the frameworks themselves (chart legends, CSV values, the Papers filter).
NO_CODE_YET = "no code yet"  # the official repo is a placeholder ("code coming soon")
UNKNOWN = "unknown"  # no label yet, repo gone, or the classifier could not tell
NO_DL = "none-dl"  # Python code without a deep-learning framework
NO_OFFICIAL = "no official code"  # no official repository linked at all
SLICES = (*FRAMEWORKS, NO_DL, NO_CODE_YET, UNKNOWN)

# Paper code status (Papers page filter): the official repo's label status, or why there is none.
PAPER_CODE_STATUSES = ("released", "placeholder", "none-dl", "missing", "unlabelled", "none")

DEPLOYABLE = ("tensorflow", "keras")  # primary frameworks with a direct TF/Keras/LiteRT path
GAP_PORT_LEVEL = 3  # a Keras 3 reimplementation or better closes the gap

# Where a paper has no `published` date, its venue year is placed at the conference's usual month
# so it still lands in a quarter; other venues fall in mid-year (July).
VENUE_MONTH = {"WACV": 1, "3DV": 3, "CVPR": 6, "ECCV": 9, "ICCV": 10, "BMVC": 11, "ACCV": 12}

# Lower rank wins when a paper has several official repos: authors' own links first.
PROVENANCE_RANK = {"hf": 0, "arxiv": 0, "list": 1, "cvf": 1, "ghsearch": 2}  # others: 3

# Literal SQL (no interpolation); parameters: FRAMEWORKS list, venue-month MAP, provenance-rank MAP.
FACTS_SQL = """
    CREATE TEMP TABLE IF NOT EXISTS paper_facts AS
    WITH head_labels AS (
        SELECT l.repo, l.primary_framework, l.code_status, l.confidence
        FROM labels l JOIN repos r ON r.repo = l.repo AND coalesce(r.head_sha, '') = l.commit
        QUALIFY row_number() OVER (
            PARTITION BY l.repo ORDER BY l.labelled_at DESC, l.classifier_version DESC) = 1
    ),
    official AS (
        SELECT paper_id, repo, provenance FROM paper_code WHERE is_official
        QUALIFY row_number() OVER (PARTITION BY paper_id ORDER BY
            coalesce(element_at($ranks, split_part(provenance, ':', 1))[1], 3),
            repo, provenance) = 1
    ),
    best_port AS (
        SELECT paper_id, max(level) AS best_level,
               min(first_seen) FILTER (WHERE level >= 1) AS first_port_seen
        FROM ports GROUP BY paper_id
    ),
    base AS (
        SELECT p.paper_id, p.arxiv_id, p.title, p.venue, p.year, p.published,
               coalesce(p.is_cv, false) AS is_cv,
               coalesce(p.published, make_date(p.year,
                   coalesce(element_at($months, p.venue)[1], 7), 1)) AS ref_date,
               o.repo AS official_repo, o.provenance AS official_provenance,
               r.status AS repo_status, h.primary_framework, h.confidence,
               CASE WHEN o.repo IS NULL THEN 'none'
                    WHEN r.status IN ('missing', 'blocked', 'empty') THEN 'missing'
                    WHEN h.code_status IS NULL THEN 'unlabelled'
                    ELSE h.code_status END AS code_status,
               coalesce(b.best_level, 0) AS best_level, b.first_port_seen
        FROM papers p
        LEFT JOIN official o USING (paper_id)
        LEFT JOIN repos r ON r.repo = o.repo
        LEFT JOIN head_labels h ON h.repo = o.repo
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
    }


def _map(d: dict[str, int]) -> dict:
    # DuckDB binds {"key": [...], "value": [...]} as a MAP.
    return {"key": list(d), "value": list(d.values())}


def ensure_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Build `temp.paper_facts` unless this connection already has it."""
    con.execute(FACTS_SQL, _facts_params())


def refresh_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild `paper_facts` (only needed when the same connection wrote new rows since)."""
    con.execute("DROP TABLE IF EXISTS temp.paper_facts")
    ensure_facts(con)
