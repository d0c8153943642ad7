"""`-r`/`-c` includes: parsed, followed (bounded), and `unknown` when one could not be read."""

from __future__ import annotations

from analysis.classify import includes
from analysis.classify.label import classify, select_files
from analysis.classify.local import snapshot_from_dir
from analysis.models import Evidence
from tests.classifier_helpers import code, snapshot
from tests.conftest import FIXTURES

MMPOSE = FIXTURES / "classifier" / "real" / "mmpose"  # open-mmlab/mmpose 0.x layout


def write(root, path, text):
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def test_include_targets_resolve_relative_to_the_including_file():
    data = b"-r base.txt\n--requirement=../common/extra.txt\n-c pins.txt\ntorch\n-r ../../up.txt\n"
    found = includes.parse("envs/requirements.txt", data)
    assert [(i.line, i.option, i.target) for i in found] == [
        (1, "-r", "envs/base.txt"),
        (2, "-r", "common/extra.txt"),
        (3, "-c", "envs/pins.txt"),
        (5, "-r", None),  # outside the repository
    ]
    assert includes.parse("requirements.txt", b"torch\nnumpy\n") == []


def test_requirements_folder_files_are_manifests_the_scraper_fetches():
    tree = snapshot({}, extra_blobs=("requirements.txt", "requirements/runtime.txt", "a.py")).tree
    assert {"requirements.txt", "requirements/runtime.txt"} <= set(select_files(tree))


def test_openmmlab_includes_read_give_pytorch():
    files = {"requirements.txt": (MMPOSE / "requirements.txt").read_text()}
    for name in ("build.txt", "runtime.txt"):
        files[f"requirements/{name}"] = (MMPOSE / "requirements" / name).read_text()
    label = classify(snapshot(files, extra_blobs=("mmpose/apis/train.py",)))
    assert label.primary == "pytorch"
    assert any(e.file == "requirements/build.txt" and e.package == "torch" for e in label.evidence)


def test_include_not_fetched_is_unknown_with_its_reason_never_none():
    files = {"requirements.txt": (MMPOSE / "requirements.txt").read_text()}
    blobs = ("requirements/build.txt", "requirements/runtime.txt", "tools/train.py")
    label = classify(snapshot(files, extra_blobs=blobs))
    assert (label.primary, label.code_status) == ("unknown", "released")
    assert (
        Evidence(
            "requirements.txt",
            1,
            "-r",
            None,
            "note",
            "includes requirements/build.txt: not fetched",
        )
        in label.evidence
    )


def test_include_not_fetched_is_unknown_even_beside_code_without_a_framework():
    files = {"requirements.txt": "-r requirements/runtime.txt\n", "main.py": code("numpy")}
    label = classify(snapshot(files, extra_blobs=("requirements/runtime.txt",)))
    assert (label.primary, label.code_status) == ("unknown", "released")
    assert any("requirements.txt:1 includes requirements/runtime.txt" in e.detail
               for e in label.evidence)  # fmt: skip


def test_include_of_a_file_not_in_the_tree_does_not_block_none():
    files = {"requirements.txt": "-r gone.txt\nnumpy\n", "main.py": code("numpy")}
    label = classify(snapshot(files))
    assert label.code_status == "none-dl"
    assert any(e.detail == "includes gone.txt: not in the tree" for e in label.evidence)


def test_checkout_follows_nested_and_constraint_includes(tmp_path):
    write(tmp_path, "requirements.txt", "-r deps/common.txt\n-c constraints.txt\n")
    write(tmp_path, "deps/common.txt", "numpy\n-r gpu.txt\n")
    write(tmp_path, "deps/gpu.txt", "jax[cuda12]\nflax\n")
    write(tmp_path, "constraints.txt", "optax==0.2.3\n")
    write(tmp_path, "main.py", "import numpy\n")
    snap = snapshot_from_dir(tmp_path)
    assert {"deps/common.txt", "deps/gpu.txt", "constraints.txt"} <= set(snap.files)
    label = classify(snap)
    assert label.primary == "jax"
    assert {e.file for e in label.evidence if e.framework == "jax"} == {
        "deps/gpu.txt",
        "constraints.txt",
    }


def test_include_cycles_and_chains_are_bounded(tmp_path):
    write(tmp_path, "requirements.txt", "-r a.txt\n")
    write(tmp_path, "a.txt", "-r requirements.txt\n-r b.txt\n")
    write(tmp_path, "b.txt", "-r c.txt\n")
    write(tmp_path, "c.txt", "-r d.txt\n")
    write(tmp_path, "d.txt", "torch\n")
    write(tmp_path, "x.py", "import os\n")
    snap = snapshot_from_dir(tmp_path)
    assert "d.txt" not in snap.files  # four levels down: past MAX_INCLUDE_DEPTH
    walk = includes.walk(snap.files)
    assert walk.capped and walk.reached == ["a.txt", "b.txt", "c.txt"]
    label = classify(snap)
    assert (label.primary, label.code_status) == ("unknown", "released")  # d.txt was not read
    assert any(e.detail == includes.CAPPED for e in label.evidence)


def test_include_count_is_bounded():
    lines = "".join(f"-r r{i}.txt\n" for i in range(40))
    files = {"requirements.txt": lines} | {f"r{i}.txt": "numpy\n" for i in range(40)}
    walk = includes.walk({p: v.encode() for p, v in files.items()})
    assert len(walk.reached) == includes.MAX_INCLUDES and walk.capped
