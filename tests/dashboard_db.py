"""A real DuckDB file for the dashboard tests: bench.synth papers plus hand-made edge cases.

On top of the synthetic store: a paper whose title and repo description try HTML and a
`javascript:` link (must render as text), a paper with a level-4 port and a recent publication
date (exercise + port evidence), a reference-sample paper ported by two collections (the
"How long until a port?" view), a paper a venue-tag search found, whose only title is its
repository's name, the `classifier_eval` meta JSON the Method page reads, and a dozen CV papers
dated in the six months before the snapshot's as-of date (2026-11-01), so every window has content
and every excluded group of the gap is non-empty. `empty_window` moves the as-of date years ahead,
so the six- and twelve-month windows hold nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from analysis import store
from analysis.models import CodeLink, Evidence, Label, Paper, Port, RepoRef, RepoSnapshot
from bench import synth

EVIL_TITLE = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**"
EVIL_ID = "arxiv:2610.99999"
PORTED_ID = "arxiv:2610.99998"
REPO_TITLE_ID = "ghsearch:cvpr2026:tara"  # found by the venue tag; titled by its repo
REPO_TITLE = "TARA_CVPR2026"
REFERENCE_ID = "arxiv:2304.02643"
REFERENCE_TITLE = "Segment Anything <b>ref</b>"
REFERENCE_PORTS = [
    Port(REFERENCE_ID, "https://github.com/keras-team/keras-hub/tree/HEAD/keras_hub/src/models/sam",
         "keras-hub", "keras3", "keras", 3, "keras-hub (first-party): cites arXiv:2304.02643",
         date(2024, 9, 24), True, "first-commit"),
    Port(REFERENCE_ID, "https://github.com/leondgarse/keras_cv_attention_models/tree/HEAD/"
         "keras_cv_attention_models/segment_anything", "kecam", "keras3", "keras", 2,
         "kecam (community): cites arXiv:2304.02643; no ported weights seen", date(2023, 11, 26),
         True, "first-commit"),
]  # fmt: skip
# The evaluation as `make snapshot` writes it (its "method" note word for word, see
# tests/test_korean.py), on a made-up matrix.
CLASSIFIER_EVAL = {
    "repos": 40,
    "agreement": 0.95,  # lenient: the jax/unknown repo is ambiguous and counted right
    "method": "classifier on the scraper's view of each labelled corpus repo (tree, manifests, "
    "README and sampled code as reconstructions) vs labels.csv; ambiguous repos accept the "
    "runner-up framework",
    "confusion": {
        "pytorch": {"pytorch": 30, "tensorflow": 1},
        "tensorflow": {"tensorflow": 5, "pytorch": 1},
        "jax": {"jax": 2, "unknown": 1},
    },
}


def _label(repo: RepoRef, commit: str, primary: str) -> Label:
    ev = (
        Evidence("requirements.txt", 3, "torch>=2.1", primary, "manifest"),
        Evidence("models/<img src=x onerror=alert(1)>.py", 1, "torch", primary, "import"),
    )
    return Label(repo.key, commit, primary, {primary: 1.0}, "released", 0.93, ev, (primary,), "t.1")


# (arXiv id, published, venue, primary framework, code status): the last six months' papers.
RECENT = [
    ("2606.10001", date(2026, 6, 12), "CVPR", "pytorch", "released"),
    ("2606.10002", date(2026, 6, 20), "CVPR", "pytorch", "released"),
    ("2607.10003", date(2026, 7, 3), None, "jax", "released"),
    ("2607.10004", date(2026, 7, 18), None, "pytorch", "released"),
    ("2608.10005", date(2026, 8, 9), None, "tensorflow", "released"),
    ("2608.10006", date(2026, 8, 30), None, "unknown", "placeholder"),
    ("2609.10007", date(2026, 9, 14), "ECCV", "pytorch", "released"),
    ("2609.10008", date(2026, 9, 15), "ECCV", "unknown", "none-dl"),
    ("2609.10009", date(2026, 9, 29), "ECCV", "pytorch", "released"),
    ("2610.10010", date(2026, 10, 2), None, "keras", "released"),
    ("2610.10011", date(2026, 10, 5), None, None, None),  # no official code
]


def _recent(con) -> None:
    papers, labels = [], []
    for arxiv_id, day, venue, primary, status in RECENT:
        repo = RepoRef("recent-lab", f"p{arxiv_id}")
        links = () if status is None else (CodeLink(repo, "hf:githubRepo", True, "authors"),)
        papers.append(Paper(f"arxiv:{arxiv_id}", f"Recent paper {arxiv_id}", "hf", arxiv_id, day,
                            venue, day.year if venue else None, "cs.CV", code_links=links))  # fmt: skip
        if status is not None:
            ev = () if status != "released" else (Evidence("train.py", 1, primary, primary,
                                                           "import"),)  # fmt: skip
            labels.append((repo, Label(repo.key, "r1", primary, {primary: 1.0} if ev else {},
                                       status, 0.9, ev, (), "t.1")))  # fmt: skip
    store.upsert_papers(con, papers)
    for repo, label in labels:
        store.save_snapshot(con, RepoSnapshot(repo, "r1"), label)


def empty_window(path: Path) -> Path:
    """`path` with its as-of date in 2029: the six and twelve months before hold no paper."""
    con = store.connect(path)
    try:
        store.set_meta(con, "as_of", "2029-01-01")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def add_edge_cases(path: Path) -> None:
    """Add the hostile-title paper, a ported paper and the classifier evaluation to `path`."""
    evil_repo, ported_repo = RepoRef("evil-lab", "xss_repo"), RepoRef("good-lab", "ported")
    tara_repo = RepoRef("tara-lab", REPO_TITLE)
    papers = [
        Paper(EVIL_ID, EVIL_TITLE, "hf", "2610.99999", date(2026, 10, 20), "CVPR", 2026, "cs.CV",
              code_links=(CodeLink(evil_repo, "hf:githubRepo", True, "authors"),)),
        Paper(PORTED_ID, "Ported segmentation network", "hf", "2610.99998", date(2026, 10, 21),
              "CVPR", 2026, "cs.CV",
              code_links=(CodeLink(ported_repo, "hf:githubRepo", True, "authors"),)),
        Paper(REFERENCE_ID, REFERENCE_TITLE, "reference", "2304.02643"),
        Paper(REPO_TITLE_ID, REPO_TITLE, "ghsearch", None, date(2026, 10, 15), "CVPR", 2026,
              code_links=(CodeLink(tara_repo, "ghsearch:CVPR2026", True, "venue tag"),)),
    ]  # fmt: skip
    con = store.connect(path)
    try:
        store.upsert_papers(con, papers)
        store.upsert_ports(con, REFERENCE_PORTS)
        for repo, commit in ((evil_repo, "e1"), (ported_repo, "p1"), (tara_repo, "t1")):
            snap = RepoSnapshot(repo, commit, description="[click](javascript:alert(2))")
            store.save_snapshot(con, snap, _label(repo, commit, "pytorch"))
        store.upsert_ports(
            con,
            [Port(PORTED_ID, "https://github.com/k/ported-keras", "github-search", "tf-keras",
                  "tensorflow", 4, "README: <b>TF2</b> port", date(2026, 11, 1), True)],
        )  # fmt: skip
        store.set_meta(con, "classifier_eval", json.dumps(CLASSIFIER_EVAL))
        _recent(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build(path: Path, papers: int = 300, seed: int = 0) -> Path:
    """The dashboard test database at `path` (synthetic papers + edge cases)."""
    synth.build(path, papers, seed)
    add_edge_cases(path)
    return path
