"""`python -m scraper refresh|status`: options, exit codes, one clean message, status output."""

from __future__ import annotations

import argparse
import json

import duckdb
import pytest

from scraper.cli import CANNOT_RUN, OK, SOURCE_FAILED, USAGE, build_parser, main
from tests.refresh_helpers import serve_corpus
from tests.replay import ReplayServer


@pytest.fixture(autouse=True)
def no_tokens(monkeypatch):
    for name in ("GITHUB_TOKEN", "HF_TOKEN", "CVGAP_DB"):
        monkeypatch.delenv(name, raising=False)


def url_args(server: ReplayServer) -> list[str]:
    s = server.settings()
    return ["--github-api-url", s.github_api_url, "--github-raw-url", s.github_raw_url,
            "--hf-endpoint", s.hf_endpoint, "--arxiv-api-url", s.arxiv_api_url,
            "--cvf-url", s.cvf_url, "--pypi-url", s.pypi_url]  # fmt: skip


def test_every_option_of_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings} has no help"


def test_help_lists_exit_codes(capsys):
    with pytest.raises(SystemExit) as e:
        main(["refresh", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes:" in out and "130" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["refresh", "--since", "2025-01-01", "--months", "3"],
        ["refresh", "--source", "hf,nope"],
        ["refresh", "--since", "yesterday"],
        ["refresh", "--concurrency", "0"],
        ["refresh", "--graphql", "--rest"],
    ],
)
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["not-a-url-or-file", "lists/missing.csv",
                                   "https://github.com/amusi/CVPR2025-Papers-with-Code"])  # fmt: skip
def test_a_list_that_is_neither_url_nor_readable_file_exits_2_before_any_work(
    value, tmp_path, capsys
):
    db = tmp_path / "never.duckdb"
    with pytest.raises(SystemExit) as e:
        main(
            ["refresh", "--db", str(db), "--list", value, "--github-raw-url", "http://127.0.0.1:9"]
        )
    assert e.value.code == 2
    assert "--list" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no database, no work file


def test_since_after_until_is_one_clean_error(tmp_path, capsys):
    code = main(["refresh", "--since", "2026-02-01", "--until", "2026-01-01",
                 "--db", str(tmp_path / "x.duckdb")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == USAGE
    assert "--since 2026-02-01 is after --until 2026-01-01" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # found before any work: no database, no work file


def test_status_of_a_missing_database_says_so(tmp_path, capsys):
    assert main(["status", "--db", str(tmp_path / "none.duckdb")]) == CANNOT_RUN
    assert "no database at" in capsys.readouterr().err


@pytest.fixture(scope="module")
def failed_source_run(tmp_path_factory):
    """lists fails for good (every list download answers 503); ghsearch still runs."""
    from tests.conftest import corpus_or_skip

    corpus = corpus_or_skip()
    db = tmp_path_factory.mktemp("cli") / "cvgap.duckdb"
    with ReplayServer() as server:
        serve_corpus(server, corpus)
        for owner in ("amusi", "firetix", "LexaNagiBator228"):  # every built-in list's host path
            server.inject("5xx", count=10_000, prefix=f"/raw/{owner}/")
        argv = ["refresh", "--db", str(db), "--source", "lists,ghsearch", "--since", "2026-01-01",
                "--until", "2026-12-31", "--no-ports", "--no-progress", "--max-retries", "0",
                "--search-interval", "0", "--json", *url_args(server)]  # fmt: skip
        yield db, argv


def test_whole_source_failure_exits_1_and_keeps_the_other_source(failed_source_run, capsys):
    db, argv = failed_source_run
    code = main(argv)
    captured = capsys.readouterr()
    assert code == SOURCE_FAILED
    assert "lists: 0 papers" in captured.err and "source FAILED" in captured.err
    assert "error: source lists failed" in captured.err
    assert "Traceback" not in captured.err
    counts = json.loads(captured.out)  # data on stdout, status on stderr
    assert counts["sources"]["lists"]["error"] and counts["sources"]["ghsearch"]["papers"] > 0
    con = duckdb.connect(str(db), read_only=True)
    sources = {s for (s,) in con.execute("SELECT unnest(sources) FROM papers").fetchall()}
    assert sources == {"ghsearch"}
    assert con.execute("SELECT source FROM source_state").fetchall() == [("ghsearch",)]

    assert main(["status", "--db", str(db)]) == OK
    out = capsys.readouterr().out
    assert "papers" in out and "ghsearch" in out and "partial" in out

    assert main(["status", "--db", str(db), "--json"]) == OK
    info = json.loads(capsys.readouterr().out)
    assert info["tables"]["papers"] == counts["sources"]["ghsearch"]["new"]
    assert info["runs"][0]["status"] == "partial"
    assert [s["source"] for s in info["sources"]] == ["ghsearch"]


def test_a_file_that_is_no_database_is_named_and_left_alone(tmp_path, capsys):
    junk = tmp_path / "notes.duckdb"
    junk.write_bytes(b"not a database\n" * 400)
    assert main(["status", "--db", str(junk)]) == CANNOT_RUN
    err = capsys.readouterr().err
    assert "cannot read" in err and "notes.duckdb" in err and "Traceback" not in err
    code = main(["refresh", "--db", str(junk), "--source", "lists", "--no-progress"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == CANNOT_RUN
    assert f"cannot open {junk}: " in err and "not a valid DuckDB database" in err
    assert "notes.duckdb.work" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]


def test_status_explains_its_numbers_in_100_columns(tmp_path, capsys, monkeypatch):
    from analysis import store

    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    store.mark_source(con, "lists\x1b[2J", 1350)
    store.start_run(con, "20261125T224345-67e89c51", "refresh", {}, {})
    counts = {"sources": {"lists": {"papers": 1350, "new": 1350, "updated": 0},
                          "ghsearch": {"papers": 23, "new": 21, "updated": 1}},
              "repos": {"checked": 1036, "fetched": 242, "missing": 794}}  # fmt: skip
    store.finish_run(con, "20261125T224345-67e89c51", "ok", counts, [])
    con.close()
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["status", "--db", str(db)]) == OK
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "20261125T224345-67e89c51" in out  # the run id is never cut
    assert "what it reported in its last run" in out and "repos missing: links that" in out
    assert "\x1b" not in out and "lists\\x1b[2J" in out


def test_max_wait_is_an_option():
    from scraper.cli import options_from

    args = build_parser().parse_args(["refresh", "--max-wait", "30"])
    assert options_from(args).settings.max_wait == 30
