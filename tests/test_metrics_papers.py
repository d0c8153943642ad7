"""Per-paper queries: a title that is only a repository's name, with and without `title_source`."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import metrics, store
from analysis.models import CodeLink, Paper, RepoRef

TARA = Paper("ghsearch:tara", "TARA_CVPR2026", "ghsearch", None, date(2026, 10, 1), "CVPR", 2026,
             code_links=(CodeLink(RepoRef("lab", "TARA_CVPR2026"), "ghsearch:CVPR2026", True,
                                  "venue tag"),))  # fmt: skip
REAL = Paper("arxiv:2610.00001", "TARA: Task-Aware Retrieval", "hf", "2610.00001",
             date(2026, 10, 2), "CVPR", 2026,
             code_links=(CodeLink(RepoRef("lab", "tara"), "hf:githubRepo", True, "authors"),))  # fmt: skip


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "titles.duckdb"
    con = store.connect(path)
    store.upsert_papers(con, [TARA, REAL])
    con.close()
    return path


def named(path, paper_id: str) -> bool:
    con = store.connect(path, read_only=True)
    try:
        return metrics.paper_detail(con, paper_id).title_is_repo_name
    finally:
        con.close()


def test_without_a_title_source_column_the_title_is_compared_to_the_linked_repos(db):
    assert named(db, TARA.paper_id) is True  # "TARA_CVPR2026" is lab/TARA_CVPR2026's name
    assert named(db, REAL.paper_id) is False


def test_a_recorded_title_source_decides_and_null_falls_back_to_the_comparison(db):
    con = store.connect(db)  # the column helper 9's scraper adds (papers.title_source)
    con.execute("ALTER TABLE papers ADD COLUMN IF NOT EXISTS title_source VARCHAR")
    con.execute("UPDATE papers SET title_source = 'repo-name' WHERE paper_id = ?", [REAL.paper_id])
    con.close()
    assert named(db, REAL.paper_id) is True  # the store says so, whatever the repo is called
    assert named(db, TARA.paper_id) is True  # NULL: not recorded, so compared
    con = store.connect(db)
    con.execute("UPDATE papers SET title_source = 'arxiv' WHERE paper_id = ?", [TARA.paper_id])
    con.close()
    assert named(db, TARA.paper_id) is False  # a source gave this title
