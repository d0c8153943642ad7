"""The DuckDB store: the only module with DDL and the default database path.

A refresh writes to a *work* file beside the published one and publishes a copy by atomic rename
(`publish`), so readers (the dashboard) never block it and a killed refresh resumes from its work
file without losing anything.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from analysis.models import Evidence, Label, Paper, Port, RepoSnapshot

SCHEMA_VERSION = 2
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "cvgap.duckdb"
DB_ENV = "CVGAP_DB"

# Tables, declared as data. Keys are lower-cased `owner/name` for repos, `arxiv:<id>` for papers.
TABLES: dict[str, str] = {
    "meta": """
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    """,
    "papers": """
        paper_id VARCHAR PRIMARY KEY,
        arxiv_id VARCHAR,
        title VARCHAR NOT NULL,
        published DATE,
        venue VARCHAR,
        year INTEGER,
        primary_category VARCHAR,
        categories VARCHAR[],
        authors VARCHAR[],
        url VARCHAR,
        is_cv BOOLEAN,
        sources VARCHAR[],
        first_seen TIMESTAMP,
        updated_at TIMESTAMP,
        published_source VARCHAR,
        published_precision VARCHAR,
        arxiv_published DATE,
        arxiv_published_source VARCHAR,
        arxiv_published_precision VARCHAR,
        title_source VARCHAR
    """,
    "paper_code": """
        paper_id VARCHAR NOT NULL,
        repo VARCHAR NOT NULL,
        repo_url VARCHAR,
        provenance VARCHAR NOT NULL,
        is_official BOOLEAN NOT NULL,
        official_evidence VARCHAR,
        first_seen TIMESTAMP,
        PRIMARY KEY (paper_id, repo, provenance)
    """,
    "repos": """
        repo VARCHAR PRIMARY KEY,
        full_name VARCHAR,
        status VARCHAR,
        renamed_to VARCHAR,
        head_sha VARCHAR,
        default_branch VARCHAR,
        stars INTEGER,
        description VARCHAR,
        created_at TIMESTAMP,
        pushed_at TIMESTAMP,
        archived BOOLEAN,
        fork BOOLEAN,
        license VARCHAR,
        tree_truncated BOOLEAN,
        n_tree_entries INTEGER,
        notes VARCHAR[],
        fetched_at TIMESTAMP,
        gone_since TIMESTAMP
    """,
    "repo_files": """
        repo VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        type VARCHAR,
        blob_sha VARCHAR,
        size BIGINT,
        fetched BOOLEAN,
        PRIMARY KEY (repo, path)
    """,
    "blobs": """
        blob_sha VARCHAR PRIMARY KEY,
        content BLOB,
        size BIGINT
    """,
    "labels": """
        repo VARCHAR NOT NULL,
        commit VARCHAR NOT NULL,
        classifier_version VARCHAR NOT NULL,
        primary_framework VARCHAR,
        frameworks JSON,
        implementations VARCHAR[],
        code_status VARCHAR,
        confidence DOUBLE,
        evidence JSON,
        labelled_at TIMESTAMP,
        PRIMARY KEY (repo, commit, classifier_version)
    """,
    "ports": """
        paper_id VARCHAR NOT NULL,
        url VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        framework VARCHAR,
        level INTEGER,
        is_tf_port BOOLEAN,
        evidence VARCHAR,
        first_seen DATE,
        last_seen DATE,
        first_seen_source VARCHAR,
        PRIMARY KEY (paper_id, url, kind)
    """,
    "runs": """
        run_id VARCHAR PRIMARY KEY,
        command VARCHAR,
        args JSON,
        versions JSON,
        started_at TIMESTAMP,
        finished_at TIMESTAMP,
        status VARCHAR,
        counts JSON,
        errors JSON
    """,
    "source_state": """
        source VARCHAR PRIMARY KEY,
        last_refreshed TIMESTAMP,
        papers INTEGER,
        cursor JSON
    """,
    "http_cache": """
        url VARCHAR PRIMARY KEY,
        etag VARCHAR,
        last_modified VARCHAR,
        status INTEGER,
        content_type VARCHAR,
        body BLOB,
        fetched_at TIMESTAMP
    """,
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS paper_code_repo ON paper_code(repo)",
    "CREATE INDEX IF NOT EXISTS papers_published ON papers(published)",
    "CREATE INDEX IF NOT EXISTS labels_repo ON labels(repo)",
    "CREATE INDEX IF NOT EXISTS ports_paper ON ports(paper_id)",
)


def default_db_path() -> Path:
    """The database the app and CLIs open unless told otherwise: `$CVGAP_DB` or the bundled one."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open `path`; writable connections get the schema (idempotent)."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    init_schema(con)
    return con


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and index if missing and record the schema version. Safe to re-run."""
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
    add_columns(con)
    for ddl in INDEXES:
        con.execute(ddl)
    found = schema_version(con)
    if found is not None and found > SCHEMA_VERSION:
        raise RuntimeError(f"database schema {found} is newer than this program's {SCHEMA_VERSION}")
    set_meta(con, "schema_version", str(SCHEMA_VERSION))


# Columns added after a table's first release: (schema version, table, column, type). A store
# written by an older version gains them on open (NULL: not known for rows stored before). Each
# column also appears last in TABLES, in this order, so new and upgraded files have one layout.
ADDED_COLUMNS: tuple[tuple[int, str, str, str], ...] = (
    (2, "ports", "first_seen_source", "VARCHAR"),
    # Where a paper's date and title came from (analysis.dates); the arXiv date beside a venue's.
    (2, "papers", "published_source", "VARCHAR"),
    (2, "papers", "published_precision", "VARCHAR"),
    (2, "papers", "arxiv_published", "DATE"),
    (2, "papers", "arxiv_published_source", "VARCHAR"),
    (2, "papers", "arxiv_published_precision", "VARCHAR"),
    (2, "papers", "title_source", "VARCHAR"),
    (2, "repos", "gone_since", "TIMESTAMP"),
)


def add_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Upgrade an older store in place by adding every column of `ADDED_COLUMNS`. Idempotent."""
    for _version, table, column, kind in ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, rolled back on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


# --- papers -------------------------------------------------------------------------------------


def upsert_papers(con: duckdb.DuckDBPyConnection, papers: Iterable[Paper]) -> tuple[int, int]:
    """Insert new papers, merge known ones (fill missing fields, union sources/links).

    Returns (new, updated) where updated counts papers whose stored row changed.
    """
    papers = list(papers)
    new = updated = 0
    ts = now()
    with transaction(con):
        fresh, known = _split_new(con, papers)
        # Rows of papers never seen go in with one statement (row-at-a-time DuckDB inserts are
        # ~100x slower); the rest merge one by one, in order, after them (ids never interleave).
        _bulk(con, "INSERT", "papers", _PAPER_TYPES,
              [[p.paper_id, p.arxiv_id, p.title, p.published, p.venue, p.year,
                p.primary_category, list(p.categories), list(p.authors), p.url, p.is_cv,
                [p.source], ts, ts, *_dates_of(p), p.title_source] for p in fresh])  # fmt: skip
        new += len(fresh)
        current = _paper_rows(con, sorted({p.paper_id for p in known}))
        for p in known:
            updated += _merge_one(con, p, current, ts)
        links: dict[tuple[str, str, str], list] = {}
        for p in papers:
            for link in p.code_links:
                links.setdefault((p.paper_id, link.repo.key, link.provenance),
                                 [p.paper_id, link.repo.key, link.repo.url, link.provenance,
                                  link.official, link.official_evidence, ts])  # fmt: skip
        _bulk(con, "INSERT OR IGNORE", "paper_code", _CODE_TYPES, list(links.values()))
    return new, updated


_PAPER_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "DATE", "VARCHAR", "INTEGER", "VARCHAR",
                "VARCHAR[]", "VARCHAR[]", "VARCHAR", "BOOLEAN", "VARCHAR[]", "TIMESTAMP",
                "TIMESTAMP", "VARCHAR", "VARCHAR", "DATE", "VARCHAR", "VARCHAR",
                "VARCHAR")  # fmt: skip


def _dates_of(p: Paper) -> tuple:
    """The date provenance columns after `updated_at`, in TABLES order (title_source follows)."""
    return (p.published_source, p.published_precision, p.arxiv_published,
            p.arxiv_published_source, p.arxiv_published_precision)  # fmt: skip


_CODE_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BOOLEAN", "VARCHAR", "TIMESTAMP")
_FILE_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "BOOLEAN")
_BLOB_TYPES = ("VARCHAR", "BLOB", "BIGINT")


def _bulk(con: duckdb.DuckDBPyConnection, verb: str, table: str, types: Iterable[str],
          rows: list[list]) -> None:  # fmt: skip
    """`verb INTO table` all `rows` in one statement (columns passed as typed lists, unnested).

    `verb` and `table` are constants of this module, never input. Rows must not repeat a key.
    """
    if not rows:
        return
    columns = [list(c) for c in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(?::{t}[])" for t in types)
    con.execute(f"{verb} INTO {table} SELECT {select}", columns)  # noqa: S608


def _split_new(con: duckdb.DuckDBPyConnection, papers: list[Paper]) -> tuple[list, list]:
    """(first sightings of papers not stored yet, every other record in order)."""
    ids = sorted({p.paper_id for p in papers})
    stored = {r[0] for r in con.execute(
        "SELECT paper_id FROM papers WHERE paper_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    ).fetchall()}  # fmt: skip
    fresh: list[Paper] = []
    known: list[Paper] = []
    for p in papers:
        if p.paper_id in stored:
            known.append(p)
        else:
            fresh.append(p)
            stored.add(p.paper_id)
    return fresh, known


def _paper_rows(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple]:
    """paper_id -> the fields `_merge_paper` merges, for `ids`, in one query."""
    rows = con.execute(
        "SELECT paper_id, arxiv_id, published, venue, year, primary_category, url, sources, title, "
        "published_source, published_precision, arxiv_published, arxiv_published_source, "
        "arxiv_published_precision, title_source FROM papers WHERE paper_id IN (SELECT unnest(?::VARCHAR[]))",
        [ids],
    ).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def _merge_one(con: duckdb.DuckDBPyConnection, p: Paper, current: dict[str, tuple],
               ts: datetime) -> int:  # fmt: skip
    """Merge `p` into its stored row (`current` is kept in step); 1 when the row changed."""
    row = current[p.paper_id]
    merged = _merge_paper(row, p)
    if merged == row:
        return 0
    current[p.paper_id] = merged
    a, pub, venue, year, prim, url, sources, title, *provenance = merged
    is_cv = prim == "cs.CV" or (venue is not None and venue in _cv_venues())
    con.execute(
        "UPDATE papers SET arxiv_id=?, published=?, venue=?, year=?, "
        "primary_category=?, url=?, sources=?, title=?, published_source=?, "
        "published_precision=?, arxiv_published=?, arxiv_published_source=?, "
        "arxiv_published_precision=?, title_source=?, is_cv=?, updated_at=?, "
        "categories = CASE WHEN len(categories) = 0 THEN ? ELSE categories END, "
        "authors = CASE WHEN len(authors) = 0 THEN ? ELSE authors END "
        "WHERE paper_id=?",
        [a, pub, venue, year, prim, url, sources, title, *provenance, is_cv, ts,
         list(p.categories), list(p.authors), p.paper_id],
    )  # fmt: skip
    return 1


def _cv_venues() -> frozenset[str]:
    from analysis.models import CV_VENUES

    return CV_VENUES


def _merge_paper(row: tuple, p: Paper) -> tuple:
    """Fill missing fields; the better-ranked date (analysis.dates.RANK) and arXiv date (a day
    over a month) win, and a real title replaces a repository name standing in for one."""
    from analysis.dates import DAY, RANK

    arxiv_id, published, venue, year, prim, url, sources, title, *rest = row
    pub_src, pub_prec, ax, ax_src, ax_prec, title_src = rest
    sources = list(sources or [])
    if p.source not in sources:
        sources = sorted({*sources, p.source})
    if p.published and (not published or RANK.get(p.published_source or "", 0) > RANK.get(
            pub_src or "", 0)):  # fmt: skip
        published, pub_src, pub_prec = p.published, p.published_source, p.published_precision
    if p.arxiv_published and (not ax or (ax_prec != DAY and p.arxiv_published_precision == DAY)):
        ax, ax_src, ax_prec = (
            p.arxiv_published,
            p.arxiv_published_source,
            p.arxiv_published_precision,
        )
    if not title or (title_src == "repo-name" and p.title_source not in (None, "repo-name")):
        title, title_src = p.title, p.title_source
    return (
        arxiv_id or p.arxiv_id,
        published,
        venue or p.venue,
        year or p.year,
        prim or p.primary_category,
        url or p.url,
        sources,
        title,
        pub_src, pub_prec, ax, ax_src, ax_prec, title_src or p.title_source,
    )  # fmt: skip


def set_primary_categories(con: duckdb.DuckDBPyConnection, cats: dict[str, str]) -> None:
    """Record primary arXiv categories looked up in batch (`arxiv_id -> 'cs.CV'`)."""
    with transaction(con):
        for arxiv_id, cat in cats.items():
            con.execute(
                "UPDATE papers SET primary_category = ?, "
                "is_cv = (? = 'cs.CV' OR coalesce(venue IN ('CVPR','ICCV','ECCV','WACV','BMVC',"
                "'ACCV','3DV'), false)) WHERE arxiv_id = ?",
                [cat, cat, arxiv_id],
            )


# --- repos, files, labels -----------------------------------------------------------------------


def repo_head(con: duckdb.DuckDBPyConnection, repo_key: str) -> str | None:
    """The stored head commit of a repo (None if never fetched)."""
    row = con.execute("SELECT head_sha FROM repos WHERE repo = ?", [repo_key]).fetchone()
    return row[0] if row else None


GONE_STATUSES = ("missing", "blocked", "empty")  # 404, 451, 409: the repo answers, without code


def save_snapshot(con: duckdb.DuckDBPyConnection, snap: RepoSnapshot, label: Label | None) -> None:
    """Store a repo's metadata, tree, fetched blobs and (optionally) its label in one transaction.

    A gone status (404/451/409) for a repo stored with a head before never deletes anything: its
    tree, blobs and label stay, only `status`, `fetched_at` and `gone_since` (first seen gone)
    change. A wrong base URL or an outage answers 404 too; the next good answer restores it.
    """
    key = snap.repo.key
    gone = snap.status in GONE_STATUSES
    with transaction(con):
        prev = con.execute(
            "SELECT head_sha, gone_since, created_at FROM repos WHERE repo = ?", [key]
        ).fetchone()
        if gone and prev is not None and prev[0] is not None:
            _mark_gone(con, key, snap.status)
            return
        gone_since = ((prev[1] if prev else None) or now()) if gone else None
        # When the code appeared does not change: a snapshot without metadata keeps the stored one.
        created = _naive(snap.created_at) or (prev[2] if prev else None)
        con.execute("DELETE FROM repos WHERE repo = ?", [key])
        con.execute(
            "INSERT INTO repos (repo, full_name, status, renamed_to, head_sha, default_branch, "
            "stars, description, created_at, pushed_at, archived, fork, license, tree_truncated, "
            "n_tree_entries, notes, fetched_at, gone_since) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [key, snap.repo.full_name, snap.status, snap.renamed_to, snap.commit,
             snap.default_branch, snap.stars, snap.description, created,
             _naive(snap.pushed_at), snap.archived, snap.fork, snap.license, snap.tree_truncated,
             len(snap.tree), list(snap.notes), now(), gone_since],
        )  # fmt: skip
        con.execute("DELETE FROM repo_files WHERE repo = ?", [key])
        # One statement per table: row-at-a-time inserts cost seconds for a large tree.
        # The last entry of a repeated path wins, as INSERT OR REPLACE did.
        rows = {
            e.path: [key, e.path, e.type, e.sha, e.size, e.path in snap.files] for e in snap.tree
        }
        _bulk(con, "INSERT", "repo_files", _FILE_TYPES, list(rows.values()))
        shas = {e.path: e.sha for e in snap.tree}
        blobs: dict[str, list] = {}
        for path, data in snap.files.items():
            sha = shas.get(path)
            if sha:
                blobs.setdefault(sha, [sha, data, len(data)])
        _bulk(con, "INSERT OR IGNORE", "blobs", _BLOB_TYPES, list(blobs.values()))
        if label is not None:
            _insert_label(con, label)


def _mark_gone(con: duckdb.DuckDBPyConnection, key: str, status: str) -> None:
    """Mark a repo stored with a head as gone, keeping its tree, blobs and label."""
    ts = now()
    con.execute(
        "UPDATE repos SET status = ?, fetched_at = ?, gone_since = coalesce(gone_since, ?) "
        "WHERE repo = ?",
        [status, ts, ts, key],
    )


def save_label(con: duckdb.DuckDBPyConnection, label: Label) -> None:
    with transaction(con):
        _insert_label(con, label)


def _insert_label(con: duckdb.DuckDBPyConnection, label: Label) -> None:
    con.execute(
        "INSERT OR REPLACE INTO labels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [label.repo, label.commit or "", label.classifier_version, label.primary,
         json.dumps(label.frameworks, sort_keys=True), list(label.implementations),
         label.code_status, label.confidence, evidence_json(label.evidence), now()],
    )  # fmt: skip


def evidence_json(evidence: Iterable[Evidence]) -> str:
    return json.dumps([asdict(e) for e in evidence], ensure_ascii=False)


def evidence_from_json(text: str | None) -> tuple[Evidence, ...]:
    return tuple(Evidence(**d) for d in json.loads(text or "[]"))


def load_label(con: duckdb.DuckDBPyConnection, repo_key: str) -> Label | None:
    """The newest label of a repo's stored head commit."""
    row = con.execute(
        "SELECT l.repo, l.commit, l.primary_framework, l.frameworks, l.code_status, l.confidence, "
        "l.evidence, l.implementations, l.classifier_version FROM labels l "
        "JOIN repos r ON r.repo = l.repo AND coalesce(r.head_sha, '') = l.commit "
        "WHERE l.repo = ? ORDER BY l.labelled_at DESC LIMIT 1",
        [repo_key],
    ).fetchone()
    if row is None:
        return None
    repo, commit, primary, fw, status, conf, ev, impl, version = row
    return Label(
        repo=repo,
        commit=commit or None,
        primary=primary,
        frameworks=json.loads(fw),
        code_status=status,
        confidence=conf,
        evidence=evidence_from_json(ev),
        implementations=tuple(impl or ()),
        classifier_version=version,
    )


# --- ports ---------------------------------------------------------------------------------------


def upsert_ports(con: duckdb.DuckDBPyConnection, ports: Iterable[Port]) -> int:
    """Insert or refresh ports; returns how many were new.

    `first_seen` is when the port appeared (a first commit, a creation date), never the day a
    refresh saw it: a port that comes without a date keeps the dated value stored before (one with
    a `first_seen_source`), else stays NULL. `last_seen` is the day of this refresh.
    """
    new = 0
    today = now().date()
    with transaction(con):
        for p in ports:
            seen = con.execute(
                "SELECT first_seen, first_seen_source FROM ports "
                "WHERE paper_id = ? AND url = ? AND kind = ?",
                [p.paper_id, p.url, p.kind],
            ).fetchone()
            new += seen is None
            first, source = p.first_seen, p.first_seen_source
            if first is None and seen is not None and seen[1] is not None:
                first, source = seen
            con.execute(
                _PORT_UPSERT,
                [p.paper_id, p.url, p.source, p.kind, p.framework, p.level, p.is_tf_port,
                 p.evidence, first, today, source if first is not None else None],
            )  # fmt: skip
    return new


# Columns named, so files migrated from an older schema (columns appended) take it too.
_PORT_UPSERT = (
    "INSERT OR REPLACE INTO ports (paper_id, url, source, kind, framework, level, is_tf_port, "
    "evidence, first_seen, last_seen, first_seen_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def port_dates(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """URL -> (first_seen, first_seen_source) of every port stored with a dated source.

    A model's first commit never changes: a refresh reuses these instead of asking again.
    """
    rows = con.execute(
        "SELECT url, min(first_seen), arg_min(first_seen_source, first_seen) FROM ports "
        "WHERE first_seen IS NOT NULL AND first_seen_source IS NOT NULL GROUP BY url"
    ).fetchall()
    return {url: (first, source) for url, first, source in rows}


# --- runs, sources, HTTP cache ------------------------------------------------------------------


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, command: str, args: dict,
              versions: dict) -> None:  # fmt: skip
    con.execute(
        "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, NULL, 'running', '{}', '[]')",
        [run_id, command, json.dumps(args, default=str), json.dumps(versions), now()],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict,
               errors: list[dict]) -> None:  # fmt: skip
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, counts = ?, errors = ? WHERE run_id = ?",
        [now(), status, json.dumps(counts), json.dumps(errors, default=str), run_id],
    )


def mark_source(con: duckdb.DuckDBPyConnection, source: str, papers: int,
                cursor: dict | None = None) -> None:  # fmt: skip
    con.execute(
        "INSERT OR REPLACE INTO source_state VALUES (?, ?, ?, ?)",
        [source, now(), papers, json.dumps(cursor or {})],
    )


def cache_get(con: duckdb.DuckDBPyConnection, url: str) -> tuple | None:
    """(etag, last_modified, status, content_type, body) stored for `url`, or None."""
    return con.execute(
        "SELECT etag, last_modified, status, content_type, body FROM http_cache WHERE url = ?",
        [url],
    ).fetchone()


def cache_put(con: duckdb.DuckDBPyConnection, url: str, etag: str | None,
              last_modified: str | None, status: int, content_type: str | None,
              body: bytes) -> None:  # fmt: skip
    con.execute(
        "INSERT OR REPLACE INTO http_cache VALUES (?, ?, ?, ?, ?, ?, ?)",
        [url, etag, last_modified, status, content_type, body, now()],
    )


def cache_urls(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every URL with a cached response (so a cache can skip look-ups that would miss)."""
    return {u for (u,) in con.execute("SELECT url FROM http_cache").fetchall()}


def cache_put_many(con: duckdb.DuckDBPyConnection, rows: Iterable[tuple]) -> None:
    """Store many `(url, etag, last_modified, status, content_type, body)` in one transaction.

    A later row for the same URL wins. One statement: row-at-a-time upserts cost ~15 ms each.
    """
    by_url = {r[0]: [*r, now()] for r in rows}
    if not by_url:
        return
    with transaction(con):
        con.execute(
            "DELETE FROM http_cache WHERE url IN (SELECT unnest(?::VARCHAR[]))", [list(by_url)]
        )
        _bulk(con, "INSERT", "http_cache", _CACHE_TYPES, list(by_url.values()))


_CACHE_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "BLOB", "TIMESTAMP")


# --- publishing ---------------------------------------------------------------------------------


def work_path(public: str | Path) -> Path:
    """Where a refresh writes before publishing `public`."""
    public = Path(public)
    return public.with_name(public.name + ".work")


def open_work(public: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the work file for `public`, seeding it from the published file on first use.

    An existing work file means an earlier refresh was interrupted: it is resumed, not replaced.
    """
    public, work = Path(public), work_path(public)
    if not work.exists() and public.exists():
        shutil.copyfile(public, work)
    return connect(work)


def publish(con: duckdb.DuckDBPyConnection, public: str | Path) -> None:
    """Checkpoint the work database and atomically replace `public` with a copy of it."""
    public = Path(public)
    work = work_path(public)
    # Identifies this published copy: readers key caches on it (a file's inode and mtime can
    # change under an open connection, this value cannot).
    set_meta(con, "published_at", now().isoformat(timespec="microseconds"))
    con.execute("CHECKPOINT")
    tmp = public.with_name(f".{public.name}.{os.getpid()}.tmp")
    shutil.copyfile(work, tmp)
    os.replace(tmp, public)


def _naive(ts: datetime | None) -> datetime | None:
    if ts is None or ts.tzinfo is None:
        return ts
    return ts.astimezone(UTC).replace(tzinfo=None)


# --- refresh bookkeeping (scraper.pipeline) and status ------------------------------------------


def repo_state(con: duckdb.DuckDBPyConnection, repo_key: str) -> tuple | None:
    """(head_sha, status, fetched_at) of a stored repo, or None if never fetched."""
    return con.execute(
        "SELECT head_sha, status, fetched_at FROM repos WHERE repo = ?", [repo_key]
    ).fetchone()


def has_label(con: duckdb.DuckDBPyConnection, repo_key: str, commit: str | None,
              classifier_version: str) -> bool:  # fmt: skip
    """True when `repo_key` at `commit` already carries a label of `classifier_version`."""
    row = con.execute(
        "SELECT 1 FROM labels WHERE repo = ? AND commit = ? AND classifier_version = ?",
        [repo_key, commit or "", classifier_version],
    ).fetchone()
    return row is not None


def load_snapshot(con: duckdb.DuckDBPyConnection, repo_key: str,
                  require_blobs: bool = True) -> RepoSnapshot | None:  # fmt: skip
    """A stored repo rebuilt as the RepoSnapshot the classifier saw, to relabel without refetching.

    None when the repo is unknown or (with `require_blobs`) a fetched file's blob was not kept
    (the bundled snapshot empties `blobs`): the caller must then fetch it again.
    """
    from analysis.models import RepoRef, TreeEntry

    row = con.execute(
        "SELECT full_name, status, renamed_to, head_sha, default_branch, stars, description, "
        "created_at, pushed_at, archived, fork, license, tree_truncated, notes "
        "FROM repos WHERE repo = ?",
        [repo_key],
    ).fetchone()
    if row is None:
        return None
    entries = con.execute(
        "SELECT f.path, f.type, f.blob_sha, f.size, f.fetched, b.content FROM repo_files f "
        "LEFT JOIN blobs b ON b.blob_sha = f.blob_sha WHERE f.repo = ? ORDER BY f.path",
        [repo_key],
    ).fetchall()
    if require_blobs and any(fetched and c is None for _, _, _, _, fetched, c in entries):
        return None
    full_name, status, renamed, head, branch, stars, desc, created, pushed = row[:9]
    archived, fork, lic, truncated, notes = row[9:]
    owner, _, name = (full_name or repo_key).partition("/")
    return RepoSnapshot(
        repo=RepoRef(owner, name),
        commit=head,
        tree=tuple(TreeEntry(p, t, s, z) for p, t, s, z, _, _ in entries),
        files={p: bytes(c) for p, _, _, _, fetched, c in entries if fetched and c is not None},
        tree_truncated=bool(truncated),
        status=status or "ok",
        renamed_to=renamed,
        default_branch=branch,
        stars=stars,
        description=desc,
        created_at=created,
        pushed_at=pushed,
        archived=archived,
        fork=fork,
        license=lic,
        notes=tuple(notes or ()),
    )


def interrupt_stale_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Mark runs left `running` by a killed process as `interrupted`; returns how many."""
    n = con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]
    con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
    return int(n)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table, in TABLES order (table names come from TABLES, never from input)."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def source_states(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(source, last_refreshed, papers) per source, by name."""
    return con.execute(
        "SELECT source, last_refreshed, papers FROM source_state ORDER BY source"
    ).fetchall()


def recent_runs(con: duckdb.DuckDBPyConnection, n: int = 5) -> list[tuple]:
    """(run_id, command, started_at, finished_at, status, counts JSON, errors JSON), newest first."""
    return con.execute(
        "SELECT run_id, command, started_at, finished_at, status, counts, errors FROM runs "
        "ORDER BY started_at DESC LIMIT ?",
        [n],
    ).fetchall()
