"""snapshot_from_dir (checkouts and corpus directories) and the corpus reconstructions."""

from __future__ import annotations

import json
import os

import pytest

from analysis.classify.extract.common import MAX_BYTES
from analysis.classify.label import classify, select_files
from analysis.classify.local import SnapshotError, snapshot_from_dir
from analysis.classify.reconstruct import code_reconstruction, readme_reconstruction


def write(root, path, text):
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode())


def test_code_reconstruction_is_one_import_per_module():
    assert code_reconstruction("a/train.py", ["os", "torch"]) == b"import os\nimport torch\n"
    assert code_reconstruction("empty.py", []) == b""


def test_notebook_reconstruction_is_one_code_cell():
    doc = json.loads(code_reconstruction("demo.ipynb", ["jax", "flax"]))
    assert doc["nbformat"] == 4
    assert [(c["cell_type"], "".join(c["source"])) for c in doc["cells"]] == [
        ("code", "import jax\nimport flax")
    ]


def test_readme_reconstruction_links_then_fenced_install_lines():
    readme = {
        "arxiv": ["2401.00001"],
        "install_lines": ["pip install torch"],
        "readme_path": "README.md",
    }
    assert readme_reconstruction(readme) == (
        b"https://arxiv.org/abs/2401.00001\n\n```sh\npip install torch\n```\n"
    )
    assert readme_reconstruction({"arxiv": [], "install_lines": []}) == b""


def test_checkout_reads_manifests_readme_and_all_code(tmp_path):
    write(tmp_path, "requirements.txt", "tensorflow\n")
    write(tmp_path, "README.md", "# x\n")
    write(tmp_path, "tests/test_model.py", "import tensorflow\n")
    write(tmp_path, "a/b/c/d/e/deep.py", "import tensorflow as tf\n")
    write(tmp_path, "assets/logo.png", b"\x89PNG\x00")
    write(tmp_path, ".venv/lib/site.py", "import torch\n")
    snap = snapshot_from_dir(tmp_path)
    assert set(snap.files) == {
        "requirements.txt",
        "README.md",
        "tests/test_model.py",
        "a/b/c/d/e/deep.py",
    }
    assert "assets/logo.png" in {e.path for e in snap.tree}
    assert classify(snap).primary == "tensorflow"


def test_symlinks_outside_the_checkout_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    write(outside, "secret.py", "import torch\n")
    write(outside, "pkg/m.py", "import torch\n")
    repo = tmp_path / "repo"
    write(repo, "main.py", "import jax\n")
    os.symlink(outside / "secret.py", repo / "linked.py")
    os.symlink(outside / "pkg", repo / "pkg")
    os.symlink(repo / "main.py", repo / "alias.py")  # inside: fine
    snap = snapshot_from_dir(repo)
    assert set(snap.files) == {"main.py", "alias.py"}
    assert any("linked.py" in n and "outside" in n for n in snap.notes)
    label = classify(snap)
    assert label.primary == "jax"
    assert any(e.kind == "note" and "pkg" in e.detail for e in label.evidence)


def test_checkout_caps_huge_files(tmp_path):
    write(tmp_path, "requirements.txt", b"torch\n" + b"x" * (MAX_BYTES + 5000))
    snap = snapshot_from_dir(tmp_path)
    assert len(snap.files["requirements.txt"]) == MAX_BYTES + 1
    assert any("capped" in e.detail for e in classify(snap).evidence if e.kind == "note")


def test_checkout_repo_and_commit_come_from_git_metadata(tmp_path):
    write(tmp_path, ".git/config", '[remote "origin"]\n\turl = git@github.com:Octo/Demo.git\n')
    write(tmp_path, ".git/HEAD", "ref: refs/heads/main\n")
    write(tmp_path, ".git/packed-refs", "# pack-refs\n" + "a" * 40 + " refs/heads/main\n")
    snap = snapshot_from_dir(tmp_path)
    assert (snap.repo.key, snap.commit) == ("octo/demo", "a" * 40)
    assert not any(p.startswith(".git") for p in snap.files)


def test_corpus_directory_gets_the_scraper_view(tmp_path):
    repo = tmp_path / "octo" / "demo"
    blobs = ["README.md", "requirements.txt", "train.py", "tests/test_train.py", "setup.py"]
    tree = {
        "sha": "c0ffee",
        "truncated": False,
        "tree": [
            {"path": p, "mode": "100644", "type": "blob", "sha": "0", "size": None} for p in blobs
        ],
    }
    write(repo, "tree.json", json.dumps(tree))
    write(repo, "files/requirements.txt", "torch\n")
    write(
        repo,
        "imports.json",
        json.dumps(
            {
                "files": {
                    "train.py": ["torch", "os"],
                    "tests/test_train.py": ["tensorflow"],
                    "setup.py": [],
                }
            }
        ),
    )
    write(
        repo,
        "readme.json",
        json.dumps(
            {
                "readme_path": "README.md",
                "arxiv": ["2401.1"],
                "install_lines": ["pip install torch"],
            }
        ),
    )
    snap = snapshot_from_dir(repo)
    assert (snap.repo.full_name, snap.commit) == ("octo/demo", "c0ffee")
    # tests/ is not sampled; setup.py is served as its (empty) import reconstruction
    assert snap.files == {
        "requirements.txt": b"torch\n",
        "setup.py": b"",
        "train.py": b"import torch\nimport os\n",
        "README.md": b"https://arxiv.org/abs/2401.1\n\n```sh\npip install torch\n```\n",
    }


def test_real_corpus_snapshot_holds_only_selected_files(corpus):
    repo = next(p for p in sorted((corpus / "repos").glob("*/*")) if (p / "files").is_dir())
    snap = snapshot_from_dir(repo)
    assert snap.files and set(snap.files) <= set(select_files(snap.tree))


def test_not_a_directory_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="nope: does not exist"):
        snapshot_from_dir(tmp_path / "nope")
    (tmp_path / "f.py").write_text("import torch\n")
    with pytest.raises(SnapshotError, match="is a file; classify needs a folder"):
        snapshot_from_dir(tmp_path / "f.py")


def _sparse(path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


def test_sparse_and_single_line_files_stay_within_memory(tmp_path):
    """300 sparse 2 MB `.py` files (a tenth of the probe's 3,000) and a 1 MB one-line `.py`:
    read whole, they took ~1 MB each and ast ~600 MB for the long line."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    if not os.path.exists("/proc/self/status"):
        pytest.skip("peak memory is read from /proc/self/status (Linux)")

    repo = tmp_path / "sparse"
    (repo / "pkg").mkdir(parents=True)
    for i in range(300):
        _sparse(repo / "pkg" / f"m{i:04}.py", 2_000_000)
    (repo / "train.py").write_text("import torch\nx = [" + "1," * 500_000 + "]\n")
    (repo / "requirements.txt").write_text("torch\n")
    # VmHWM: this process's own peak (ru_maxrss would include the forking pytest process's).
    code = ("import re, sys; from analysis.cli import main; c = main(sys.argv[1:]); "
            "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
            "print('peak', hwm, file=sys.stderr); sys.exit(c)")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code, "classify", "--json", str(repo)], cwd=ROOT,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["primary"] == "pytorch"
    assert "a line over 20000 characters; scanned import lines" in run.stderr
    assert "binary file skipped" in run.stderr
    peak_mb = int(run.stderr.rsplit("peak ", 1)[1]) / 1024
    assert peak_mb < 200, peak_mb


def test_the_read_budget_is_noted_when_spent(tmp_path):
    from analysis.classify.local import _read_files

    for i in range(5):
        (tmp_path / f"m{i}.py").write_text("import torch\n" * 1000)  # 13 KB each
    notes: list[str] = []
    files = _read_files(tmp_path, [f"m{i}.py" for i in range(5)], notes, budget=30_000)
    assert len(files) == 3 and sum(map(len, files.values())) <= 30_000
    assert notes == ["read budget of 30000 bytes spent: 2 files not read"]


def test_deep_toml_falls_back_to_the_quoted_string_scan():
    from analysis.classify.extract.pyproject import extract

    data = '[project]\ndependencies = ["torch>=2"]\nx = ' + "[" * 50_000 + "]" * 50_000 + "\n"
    found = extract("pyproject.toml", data.encode())
    assert any(e.kind == "note" and "nested too deep" in e.detail for e in found)
    assert any(e.framework == "pytorch" for e in found)


def test_utf16_without_bom_is_text():
    from analysis.classify.extract.requirements import extract

    for codec in ("utf-16-le", "utf-16-be"):
        found = extract("requirements.txt", "tensorflow==2.15\nnumpy\n".encode(codec))
        assert [e.framework for e in found if e.kind != "note"] == ["tensorflow"], codec
