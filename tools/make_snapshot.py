"""`make snapshot`: build data/cvgap.duckdb by running the real refresh against the corpus replay.

1. Start the replay server (tests/replay.py) serving ../shared/corpus as GitHub would.
2. Run `python -m scraper refresh --source lists,ghsearch,reference` against it into a scratch
   database; the reference sample (`--reference`) is the ported papers of ../shared/corpus/ports
   (every community port's paper and every vision row of the Keras gardens), written to a
   temporary file by tests/ports_corpus.py. The real port finder dates every port it finds.
3. Keep only papers whose official repository was recorded: the recording covers a sample of
   each list's repositories, so the others are left out (not counted as missing code). The
   reference sample is kept whole, as a separately named sample (`sources = ['reference']`):
   the metrics never mix it into the shares of the discovered papers.
4. Copy the kept rows into a fresh file (derived facts only: blobs and HTTP cache bodies are not
   kept), write provenance into `meta` and data/provenance.json, and publish atomically.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import store  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))
SINCE, UNTIL = "2019-01-01", "2026-12-31"  # the corpus spans CVPR 2019 .. 2026
RECORDED = "2026-12-02"  # the corpus's "last six months" were recorded on this day
RECENT_SINCE = "2026-06-01"  # the check: >= 150 labelled papers dated from here on
# Tables copied as they are once the kept papers and repos are chosen; blobs/http_cache are not.
KEPT_TABLES = ("papers", "paper_code", "repos", "repo_files", "labels", "ports", "runs",
               "source_state")  # fmt: skip


REFERENCE_NAME = "ported-papers"


def run_refresh(corpus: Path, db: Path, ports: bool, reference: Path) -> tuple[int, str]:
    """The real CLI against a replay of `corpus`; returns (exit code, stderr)."""
    from tests.refresh_helpers import env_for, refresh_cmd, serve_corpus
    from tests.replay import ReplayServer

    args = ["--source", "lists,ghsearch,reference", "--reference", str(reference),
            "--repo-metadata", *([] if ports else ["--no-ports"])]  # fmt: skip
    with ReplayServer() as server:
        serve_corpus(server, corpus)
        proc = subprocess.run(refresh_cmd(db, *args), env=env_for(server), cwd=ROOT,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    return proc.returncode, proc.stderr


def recorded_repos(corpus: Path) -> set[str]:
    with open(corpus / "labels.csv", newline="") as f:
        return {row["repo"].lower() for row in csv.DictReader(f)}


def choose(con: Any, recorded: set[str]) -> tuple[list[str], list[str], list[str], dict[str, Any]]:
    """(kept discovered paper ids, reference-only paper ids, kept repo keys, what was left out).

    A reference paper that a list also names but whose official repository was not recorded
    is kept as a reference paper only, like the discovered papers the recording does not cover.
    """
    official = con.execute(
        "SELECT paper_id, list(repo) FROM paper_code WHERE is_official GROUP BY paper_id"
    ).fetchall()
    all_papers = [p for (p,) in con.execute("SELECT paper_id FROM papers").fetchall()]
    kept = sorted(p for p, repos in official if any(r in recorded for r in repos))
    reference = [p for (p,) in con.execute(
        "SELECT paper_id FROM papers WHERE list_contains(sources, 'reference')").fetchall()]  # fmt: skip
    reference_only = sorted(set(reference) - set(kept))
    with_code = {p for p, _ in official}
    repos = sorted({r for p, rs in official if p in set(kept) for r in rs if r in recorded})
    left = {
        "papers_with_unrecorded_official_repo": len(with_code) - len(kept),
        "papers_without_official_code_link": len(set(all_papers) - with_code),
        "repo_files": "only the files the classifier read are listed (repos.n_tree_entries keeps "
        "each tree's size); file contents (blobs) and the HTTP cache are not shipped",
        "reason": (
            "The corpus recorded a sample of each list's repositories. Papers whose official "
            "repositories were not recorded are left out (not counted as missing code); papers the "
            "lists give no code link are left out too, so the no-code share is not inflated "
            "against a sampled with-code share."
        ),
        "reference_sample": f"{len(reference)} ported papers kept whole as the reference sample "
        f"`{REFERENCE_NAME}` (no official repository needed; never in the discovered papers' "
        f"shares); {len(reference) - len(reference_only)} of them are also discovered papers with "
        "a recorded official repository and count there too",
        "extra_corpus_repos": "5 well-known TF/JAX/Paddle code bases in papers.jsonl (`extra`) "
        "come from no list and no venue-tag search, so a lists+ghsearch refresh cannot find them",
    }
    return kept, reference_only, repos, left


def copy_kept(src: Path, out: Path, papers: list[str], repos: list[str],
              reference_only: list[str] = ()) -> None:  # fmt: skip
    """A fresh database (schema from analysis.store) holding only the kept rows.

    16 KB blocks instead of DuckDB's 256 KB: a dozen small tables and their indexes otherwise
    take ~8 MB of mostly empty blocks.
    """
    import duckdb

    con = duckdb.connect()
    con.execute(f"ATTACH '{out}' AS out (BLOCK_SIZE 16384)")
    con.execute("USE out")
    store.init_schema(con)
    con.execute(f"ATTACH '{src}' AS src (READ_ONLY)")
    con.execute("CREATE TEMP TABLE keep_p AS SELECT unnest(?::VARCHAR[]) AS id",
                [[*papers, *reference_only]])  # fmt: skip
    con.execute("CREATE TEMP TABLE ref_p AS SELECT unnest(?::VARCHAR[]) AS id",
                [list(reference_only)])  # fmt: skip
    con.execute("CREATE TEMP TABLE keep_r AS SELECT unnest(?::VARCHAR[]) AS id", [repos])
    where = {
        "papers": "paper_id IN (SELECT id FROM keep_p)",
        "paper_code": "paper_id IN (SELECT id FROM keep_p) AND paper_id NOT IN (SELECT id FROM ref_p)",
        "ports": "paper_id IN (SELECT id FROM keep_p)",
        "repos": "repo IN (SELECT id FROM keep_r)",
        # Only the files the classifier read (the evidence paths): whole trees would be ~20 MB.
        "repo_files": "repo IN (SELECT id FROM keep_r) AND fetched",
        "labels": "repo IN (SELECT id FROM keep_r)",
    }
    for table in KEPT_TABLES:
        cond = where.get(table, "true")
        con.execute(f"INSERT INTO {table} SELECT * FROM src.{table} WHERE {cond}")  # noqa: S608
    # Reference-only papers: the reference sample alone reported them, as far as this snapshot goes.
    con.execute(
        "UPDATE papers SET sources = ['reference'] WHERE paper_id IN (SELECT id FROM ref_p)"
    )
    # Runs record the replay's 127.0.0.1 URLs; say what they stood for instead.
    con.execute("UPDATE runs SET args = json_object('replay', 'tests/replay.py serving ../shared/corpus', "
                "'command', 'python -m scraper refresh --source lists,ghsearch,reference "
                "--reference ported-papers.jsonl')")  # fmt: skip
    con.execute("CHECKPOINT")
    con.close()


def provenance(con: Any, corpus: Path, left: dict[str, Any]) -> dict[str, str]:
    """The meta rows: sources, recording dates, classifier version, counts, what was left out."""
    from analysis.classify.label import CLASSIFIER_VERSION

    lists = sorted(str(p.relative_to(corpus / "lists")) for p in (corpus / "lists").rglob("*")
                   if p.is_file())  # fmt: skip
    dates = [json.loads(line)["commit_date"] for line in
             (corpus / "repos.jsonl").read_text().splitlines() if line.strip()]  # fmt: skip
    count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    counts = {
        "papers": count("SELECT count(*) FROM papers"),
        "papers_with_official_code": count(
            "SELECT count(DISTINCT paper_id) FROM paper_code WHERE is_official"),
        "repos": count("SELECT count(*) FROM repos"),
        "labels": count("SELECT count(*) FROM labels"),
        "ports": count("SELECT count(*) FROM ports"),
        "ports_dated_level_1_plus": count(
            "SELECT count(*) FROM ports WHERE level >= 1 AND first_seen_source IS NOT NULL"),
        "papers_with_dated_port": count("SELECT count(DISTINCT paper_id) FROM ports "
                                        "WHERE level >= 1 AND first_seen_source IS NOT NULL"),
        "papers_dated": count("SELECT count(*) FROM papers WHERE published IS NOT NULL"),
        "papers_by_date_source": dict(con.execute(
            "SELECT published_source, count(*) FROM papers GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        "papers_2026": count("SELECT count(*) FROM papers WHERE year(published) = 2026"),
        "recent_labelled_papers": recent_labelled(con),
        "reference_papers": count(
            "SELECT count(*) FROM papers WHERE list_has_all(['reference'], sources)"),
        "frameworks": dict(con.execute(
            "SELECT primary_framework, count(*) FROM labels GROUP BY 1 ORDER BY 2 DESC").fetchall()),
    }  # fmt: skip
    sources = {
        "lists": {
            "what": "curated lists as recorded (owner/repo/commit/file): amusi markdown "
            "(CVPR 2019-2025, ICCV 2023, ECCV 2024), the complete CVPR 2026 list "
            "(firetix/awesome-cvpr-2026-papers, CSV) and the ECCV 2026 accepted list "
            "(LexaNagiBator228/ECCV_2026_papers_auto_classified_by_topic, CSV)",
            "files": lists,
        },
        "ghsearch": "GitHub repository-name search for venue tags (CVPR2019..CVPR2026, ...), "
        "replayed from the corpus; official-ness self-declared by the repository",
        "github": "trees, manifests and README/code reconstructions of ../shared/corpus/repos",
        "reference": f"reference sample `{REFERENCE_NAME}`: the papers of ports/community.jsonl "
        "and of the vision rows of ports/gardens.jsonl (arXiv id, recorded title)",
        "ports": "the port finder against the replay: Keras gardens from ports/gardens.jsonl, "
        "community collections and port repositories from ports/ and repos/, GitHub search "
        "over recorded README facts; dates are first commits (or repository creation)",
    }
    return {
        "snapshot_date": datetime.now(UTC).date().isoformat(),
        # The data's as-of date (analysis.metrics.window): when the recordings were made, not the
        # day this file was built; every dashboard window counts back from it.
        "as_of": RECORDED,
        "snapshot_window": json.dumps(
            {
                "since": SINCE,
                "until": UNTIL,
                "recorded": RECORDED,
                "last_six_months": [months_before(RECORDED, 6), RECORDED],
                "dates": "papers.published: a venue paper's conference first day (analysis/venues.py, "
                "each with its public source), else the arXiv first version, else the month of a "
                "new-style arXiv id (published_precision 'month'); papers.arxiv_published beside it; "
                "repos.created_at: the repository's first commit as recorded",
                "sampling": "every paper of the recorded lists and venue-tag searches whose official "
                "repository the corpus recorded (a seeded random sample of each list's linked "
                "repositories); both 2026 lists link code only for papers that advertise it (about "
                "17 % of CVPR 2026 and 14 % of ECCV 2026 papers), so papers without a code link "
                "are not in the snapshot and shares are of papers with official code",
            }
        ),  # fmt: skip
        "classifier_version": CLASSIFIER_VERSION,
        "snapshot_sources": json.dumps(sources),
        "corpus_recorded": json.dumps(
            {
                "repo_head_commits_from": min(dates)[:10],
                "repo_head_commits_to": max(dates)[:10],
                "list_commits": lists,
            }
        ),  # fmt: skip
        "snapshot_counts": json.dumps(counts),
        "snapshot_left_out": json.dumps(left),
        "snapshot_built_by": "make snapshot (tools/make_snapshot.py): python -m scraper refresh "
        "--source lists,ghsearch,reference against tests/replay.py serving ../shared/corpus",
        "reference_sample": json.dumps(
            {
                "name": REFERENCE_NAME,
                "source": "reference",
                "what": "papers with a recorded TF/Keras/LiteRT port (community ports and vision "
                "models of KerasHub, keras.applications, kecam), for the port-lag view only",
                "papers": counts["reference_papers"],
                "from": ["ports/community.jsonl", "ports/gardens.jsonl (category vision*)"],
            }
        ),
    }


def months_before(day: str, months: int) -> str:
    from datetime import date

    from scraper.cli import months_before as before

    return before(date.fromisoformat(day), months).isoformat()


def recent_labelled(con: Any) -> int:
    """Papers dated RECENT_SINCE or later with a labelled official repository."""
    return con.execute(
        "SELECT count(DISTINCT p.paper_id) FROM papers p JOIN paper_code c USING (paper_id) "
        "JOIN labels l ON l.repo = c.repo WHERE c.is_official AND p.published >= ?",
        [RECENT_SINCE],
    ).fetchone()[0]


def classifier_eval(corpus: Path) -> dict[str, Any] | None:
    """The classifier on every corpus repo (bench/classifier_eval.py), as the Method page reads it."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import classifier_eval as ev  # bench/classifier_eval.py
    except ImportError:
        return None
    cases = ev.evaluate(corpus)
    matrix: dict[str, dict[str, int]] = {}
    for (truth, pred), n in Counter((c.truth, c.predicted) for c in cases).items():
        matrix.setdefault(truth, {})[pred] = n
    right = sum(c.right for c in cases)
    return {
        "repos": len(cases),
        "agreement": f"{100 * right / max(1, len(cases)):.1f} %",
        "method": "classifier on the scraper's view of each labelled corpus repo (tree, manifests, "
        "README and sampled code as reconstructions) vs labels.csv; ambiguous repos accept "
        "the runner-up framework",
        "confusion": matrix,
    }


def build(corpus: Path, out: Path, ports: bool) -> dict[str, str]:
    """Run everything; returns the provenance written."""
    from tests.ports_corpus import write_reference

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "refresh.duckdb"
        reference = Path(tmp) / f"{REFERENCE_NAME}.jsonl"
        write_reference(corpus, reference)
        code, err = run_refresh(corpus, scratch, ports, reference)
        sys.stderr.write(err)
        if code != 0:
            raise SystemExit(f"refresh failed with exit code {code}")
        src = store.connect(scratch, read_only=True)
        kept, reference_only, repos, left = choose(src, recorded_repos(corpus))
        src.close()
        fresh = Path(tmp) / "snapshot.duckdb"
        copy_kept(scratch, fresh, kept, repos, reference_only)
        con = store.connect(fresh)
        meta = provenance(con, corpus, left)
        ev = classifier_eval(corpus)
        if ev is not None:
            meta["classifier_eval"] = json.dumps(ev)
        for key, value in meta.items():
            store.set_meta(con, key, value)
        con.execute("CHECKPOINT")
        con.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = out.with_name(f".{out.name}.tmp")
        tmp_out.write_bytes(fresh.read_bytes())
        os.replace(tmp_out, out)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="recorded corpus directory"
    )
    parser.add_argument("--out", type=Path, default=store.DEFAULT_DB, help="database to write")
    parser.add_argument(
        "--no-ports", dest="ports", action="store_false", help="skip the port finder"
    )
    args = parser.parse_args(argv)  # fmt: skip
    if not (args.corpus / "labels.csv").exists():
        print(f"error: no corpus at {args.corpus} (set CVGAP_CORPUS)", file=sys.stderr)
        return 2
    meta = build(args.corpus, args.out, args.ports)
    info = {k: (json.loads(v) if v.startswith(("{", "[")) else v) for k, v in meta.items()}
    (args.out.parent / "provenance.json").write_text(json.dumps(info, indent=2) + "\n")
    size = args.out.stat().st_size / 1e6
    counts = json.loads(meta["snapshot_counts"])
    print(f"wrote {args.out} ({size:.1f} MB): {counts['papers']} papers, {counts['repos']} repos, "
          f"{counts['labels']} labels, {counts['ports']} ports", file=sys.stderr)  # fmt: skip
    return max(report_dates(args.out), report_ports(args.out))


def report_dates(db: Path) -> int:
    """The issue's check: every paper dated, >= 150 dated RECENT_SINCE or later with a labelled
    official repository. Prints the numbers; 1 when the check fails."""
    con = store.connect(db, read_only=True)
    try:
        undated = con.execute("SELECT count(*) FROM papers WHERE published IS NULL").fetchone()[0]
        recent = recent_labelled(con)
    finally:
        con.close()
    print(f"papers without a date: {undated} (target 0); dated {RECENT_SINCE} or later with a "
          f"labelled official repository: {recent} (target >= 150)", file=sys.stderr)  # fmt: skip
    return 0 if undated == 0 and recent >= 150 else 1


def report_ports(db: Path) -> int:
    """The issue's check: dated ports (level >= 1) for >= 60 papers, none an official repository
    or a fork. Prints the numbers; 1 when the check fails."""
    con = store.connect(db, read_only=True)
    try:
        dated = con.execute(
            "SELECT count(*), count(DISTINCT paper_id) FROM ports WHERE level >= 1 "
            "AND first_seen IS NOT NULL AND first_seen_source IS NOT NULL").fetchone()  # fmt: skip
        bad = con.execute(
            """SELECT t.paper_id, t.url FROM ports t
            LEFT JOIN paper_code c ON c.paper_id = t.paper_id AND c.is_official
            LEFT JOIN repos r ON lower(t.url) = 'https://github.com/' || r.repo
                OR lower(t.url) LIKE 'https://github.com/' || r.repo || '/%'
            WHERE t.level >= 1 AND t.source <> 'official-repo' AND (
                lower(t.url) = 'https://github.com/' || c.repo
                OR lower(t.url) LIKE 'https://github.com/' || c.repo || '/%' OR r.fork)"""
        ).fetchall()
        by_source = con.execute(
            "SELECT source, count(DISTINCT paper_id) FROM ports WHERE level >= 1 "
            "AND first_seen_source IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()  # fmt: skip
    finally:
        con.close()
    print(f"ports at level >= 1 dated by a recorded first commit or creation: {dated[0]} ports, "
          f"{dated[1]} papers (target >= 60); official repositories or forks among ports: "
          f"{len(bad)} (target 0); papers per source: {dict(by_source)}", file=sys.stderr)  # fmt: skip
    for paper_id, url in bad:
        print(f"  official or fork: {paper_id} {url}", file=sys.stderr)
    return 0 if dated[1] >= 60 and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
