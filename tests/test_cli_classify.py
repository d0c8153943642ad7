"""`python -m analysis classify PATH... [--json]`."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from analysis.cli import build_parser, main


def make_repo(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def test_json_prints_one_object_per_path(tmp_path, capsys):
    a = make_repo(tmp_path / "a", {"train.py": "import torch\n", "requirements.txt": "torch\n"})
    b = make_repo(tmp_path / "b", {"README.md": "soon\n"})
    assert main(["classify", "--json", str(a), str(b)]) == 0
    lines = capsys.readouterr().out.splitlines()
    first, second = (json.loads(line) for line in lines)
    assert (first["path"], first["primary"], first["code_status"]) == (
        str(a),
        "pytorch",
        "released",
    )
    assert set(first) >= {"path", "primary", "frameworks", "code_status", "confidence", "evidence"}
    assert {
        "file": "train.py",
        "line": 1,
        "package": "torch",
        "framework": "pytorch",
        "kind": "import",
        "detail": "",
    } in first["evidence"]
    assert (second["primary"], second["code_status"]) == ("unknown", "placeholder")


def test_missing_path_is_an_error_and_the_others_still_print(tmp_path, capsys):
    good = make_repo(tmp_path / "good", {"m.py": "import jax\n"})
    status = main(["classify", "--json", str(tmp_path / "missing"), str(good)])
    captured = capsys.readouterr()
    assert status == 1
    assert "missing: does not exist" in captured.err
    assert [json.loads(line)["primary"] for line in captured.out.splitlines()] == ["jax"]


def test_human_output_shows_label_and_evidence_notes_on_stderr(tmp_path, capsys):
    repo = make_repo(tmp_path / "r", {"model.py": "import paddle\n", "environment.yml": "a: [\n"})
    assert main(["classify", str(repo)]) == 0
    captured = capsys.readouterr()
    assert "paddle (released" in captured.out
    assert "model.py:1" in captured.out
    assert "malformed YAML" in captured.err and "malformed YAML" not in captured.out
    assert "classify: 1 paths, 1 released" in captured.err


def test_parser_registers_subcommands_from_modules():
    parser = build_parser(["classify"])
    args = parser.parse_args(["classify", "x", "--json"])
    assert args.json and callable(args.func)


def test_module_entry_point_runs(tmp_path):
    repo = make_repo(tmp_path / "r", {"net.py": "import megengine\n"})
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "classify", "--json", str(repo)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["primary"] == "megengine"


def test_a_file_is_told_that_classify_needs_a_folder(tmp_path, capsys):
    (tmp_path / "setup.py").write_text("import torch\n")
    assert main(["classify", str(tmp_path / "setup.py")]) == 1
    assert "setup.py: is a file; classify needs a folder" in capsys.readouterr().err


def test_hostile_names_are_printed_escaped_and_every_path_still_prints(tmp_path):
    """Markup and escape sequences in folder and file names reach the terminal as text."""
    names = ["[/oops]", "[link=https://evil.example]click[/link]", "\x1b[31mred\x1b]0;owned\x07"]
    roots = []
    for name in names:
        repo = make_repo(tmp_path / name, {f"{name}/train.py": "import torch\n"})
        roots.append(str(repo))
    env = {"FORCE_COLOR": "1", "COLUMNS": "200", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "analysis", "classify", *roots], cwd=ROOT,
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    out = run.stdout + run.stderr
    assert out.count("pytorch (released") == 3
    assert "[/oops]/train.py:1" in run.stdout
    assert "[link=https:/evil.example]click[/link]" in run.stdout  # nested folders: one / kept
    assert "\x1b]8;" not in out  # no hyperlink escape (OSC 8)
    assert "\x1b[31m" not in out and "\x07" not in out
    assert "\\x1b[31mred\\x1b]0;owned\\x07" in run.stdout


def test_jobs_classify_in_worker_processes_in_path_order(tmp_path, capsys):
    frameworks = ["torch", "jax", "tensorflow", "numpy"] * 3
    paths = [
        make_repo(tmp_path / f"r{i}", {"m.py": f"import {m}\n"}) for i, m in enumerate(frameworks)
    ]
    assert main(["classify", "--json", *map(str, paths)]) == 0
    serial = capsys.readouterr().out
    assert main(["classify", "--json", "--jobs", "2", *map(str, paths), str(tmp_path / "x")]) == 1
    parallel = capsys.readouterr()
    assert parallel.out == serial
    assert [json.loads(line)["primary"] for line in serial.splitlines()][:4] == [
        "pytorch", "jax", "tensorflow", "unknown"]  # fmt: skip
    assert "x: does not exist" in parallel.err
