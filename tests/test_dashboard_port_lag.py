"""The "How long until a port?" view, the Overview's TF paths and the Exercise's port reveal:
AppTest in English and Korean, and their numbers against plain SQL on the tables."""

from __future__ import annotations

import duckdb
import pytest

from analysis import metrics
from dashboard.i18n import STRINGS, value_label
from tests.dashboard_db import REFERENCE_ID, REFERENCE_TITLE
from tests.test_dashboard_pages import LANGS, TITLES, expect, run_page, s

TITLES.setdefault("port_lag", "lag_title")

# Independent of analysis.metrics: the first dated TF port of each paper with a new-style arXiv
# id, in whole months from the id's month (datediff counts month boundaries).
FIRST_PORT_SQL = """
    WITH paper AS (
        SELECT paper_id, title, sources, make_date(2000 + CAST(substr(arxiv_id, 1, 2) AS INT),
                CAST(substr(arxiv_id, 3, 2) AS INT), 1) AS month
        FROM papers WHERE regexp_matches(arxiv_id, '^[0-9]{4}[.][0-9]{4,5}')
    )
    SELECT p.paper_id, p.sources, min(datediff('month', p.month, t.first_seen)) AS lag,
           bool_or(t.source IN ('keras-hub', 'keras-applications')) AS first_party
    FROM ports t JOIN paper p USING (paper_id)
    WHERE t.is_tf_port AND t.level >= 1 AND t.first_seen IS NOT NULL
    GROUP BY ALL
"""


def _sql(db, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("lang", LANGS)
def test_port_lag_view_numbers_equal_a_query_on_the_tables(env, lang):
    at = run_page("port_lag", lang)  # the six-month default: the view covers every year anyway
    rows = _sql(env, FIRST_PORT_SQL)
    lags = sorted(r[2] for r in rows)
    reference = sum(1 for r in rows if list(r[1]) == ["reference"])
    shown = {m.label: m.value for m in at.metric}
    assert shown[s("lag_m_papers", lang)] == f"{len(rows):,}" and len(rows) >= 5
    assert shown[s("lag_m_reference", lang)] == f"{reference:,}" == "1"
    median = _sql(env, f"SELECT median(lag) FROM ({FIRST_PORT_SQL})")[0][0]
    assert shown[s("lag_m_median", lang)] == f"{median:.0f}"
    assert shown[s("lag_m_within", lang)] == f"{sum(x <= 12 for x in lags) / len(lags):.0%}"
    assert len(at.get("vega_lite_chart")) == 2
    assert "2023-04-01" in at.caption[0].value  # every year, from the oldest ported paper
    assert at.caption[1].value == s("lag_every_year", lang)
    table = at.dataframe[-1].value  # every dated port: the reference paper's two collections
    ref = table[table[s("col_arxiv", lang)] == REFERENCE_ID.split(":")[1]]
    assert sorted(ref[s("col_source", lang)]) == ["kecam", "keras-hub"]
    assert sorted(ref[s("col_lag_months", lang)]) == [7, 17]  # 2304 -> 2023-11 and 2024-09
    assert set(ref[s("col_title", lang)]) == {REFERENCE_TITLE}  # as text, never HTML


def test_port_lag_view_names_the_newest_paper_covered(env):
    at = run_page("port_lag", "ko")
    newest = expect(metrics.port_lag_view, env).newest
    texts = [x.value for x in at.text]
    assert any(newest.title in x and newest.arxiv_id in x for x in texts)
    assert s("lag_newest", "ko") in [c.value for c in at.caption]


def test_reference_sample_never_enters_the_overview_shares(env):
    head = expect(metrics.headline, env, cv_only=False)
    papers = _sql(env, "SELECT count(*) FROM papers WHERE NOT list_has_all(['reference'], sources)")
    assert head.papers == papers[0][0] == _sql(env, "SELECT count(*) FROM papers")[0][0] - 1
    facts = expect(metrics.papers_page, env, f=metrics.PaperFilter(search="Segment Anything"))
    assert facts.total == 1  # still listed on the Papers page


@pytest.mark.parametrize("lang", LANGS)
def test_overview_states_tf_paths_of_pytorch_and_jax_papers_with_denominators(env, lang):
    at = run_page("overview", lang, window="all")  # every paper, as the query below counts
    want = _sql(
        env,
        """SELECT count(*), count(*) FILTER (WHERE best >= 2),
                               count(*) FILTER (WHERE best >= 3)
        FROM (SELECT p.paper_id, coalesce(max(t.level) FILTER (WHERE t.is_tf_port), 0) AS best
              FROM paper_code c JOIN papers p USING (paper_id)
              JOIN labels l ON l.repo = c.repo JOIN repos r ON r.repo = l.repo
                   AND r.head_sha = l.commit
              LEFT JOIN ports t ON t.paper_id = p.paper_id
              WHERE c.is_official AND p.is_cv AND l.primary_framework = 'pytorch'
                    AND l.code_status = 'released' GROUP BY p.paper_id)""",
    )[0]
    lines = [m.value for m in at.markdown if m.value.startswith("**PyTorch**")]
    assert len(lines) == 1
    assert f"**{want[0]:,}**" in lines[0] and f"**{want[1]:,}**" in lines[0]
    assert f"**{want[2]:,}**" in lines[0]


def _paper(db, ported: bool):
    """A paper of the Exercise's window with (or without) a TF port at level >= 1."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        for pid in metrics.exercise_pool(con).ids:
            paper = metrics.paper_detail(con, pid)
            if any(p.is_tf_port and p.level >= 1 for p in paper.ports) == ported:
                return paper
    finally:
        con.close()
    raise AssertionError("no such paper in the test snapshot")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("ported", (True, False))
def test_exercise_reveal_says_whether_where_and_since_when_and_links_searches(env, lang, ported):
    paper = _paper(env, ported)
    pid = paper.paper.paper_id
    at = run_page("exercise", lang, query={"p": pid})
    at.radio(key=f"g_{pid}").set_value("pytorch").run()
    at.button(key=f"reveal_{pid}").click().run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    if ported:
        best = max((p for p in paper.ports if p.is_tf_port and p.level >= 1),
                   key=lambda p: p.level)  # fmt: skip
        head = STRINGS[lang]["port_found" if best.first_seen else "port_found_undated"]
        assert head.split("**")[1] in said and f"**{value_label(best.source, lang)}**" in said
        if best.first_seen:
            assert f"**{best.first_seen.isoformat()}**" in said
        assert best.url in [x.value for x in at.text]  # the URL as plain text
        assert best.url in [b.proto.url for b in at.get("link_button")]  # and a button to it
    else:
        assert STRINGS[lang]["port_none_found"] in said
    urls = [b.proto.url for b in at.get("link_button")]
    assert any(u.startswith("https://github.com/search?type=repositories&q=") for u in urls)
    assert f"https://huggingface.co/models?other=arxiv:{paper.paper.arxiv_id}" in urls
    assert any("keras-team%2Fkeras-hub" in u for u in urls)
