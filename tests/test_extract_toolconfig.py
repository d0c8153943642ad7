"""Tool configuration (isort, ruff, mypy) -> weak import evidence of kind `config`."""

from __future__ import annotations

from analysis.classify.extract import extract_file, family_of
from analysis.classify.label import classify, select_files
from tests.classifier_helpers import code, snapshot
from tests.conftest import FIXTURES

REAL = FIXTURES / "classifier" / "real"


def config(found):
    return sorted((e.package, e.framework, e.detail) for e in found if e.kind == "config")


def test_setup_cfg_isort_lists_name_framework_modules():
    found = extract_file("setup.cfg", (REAL / "mmdetection" / "setup.cfg").read_bytes())
    assert config(found) == [
        ("mmcv", "pytorch", "isort known_third_party"),
        ("mmdet", "pytorch", "isort known_first_party"),
        ("torch", "pytorch", "isort known_third_party"),
    ]
    assert next(e.line for e in found if e.package == "torch") == 6


def test_pyproject_isort_ruff_and_mypy_overrides():
    text = (
        '[tool.isort]\nknown_third_party = ["tensorflow", "numpy"]\n'
        '[tool.ruff.lint.isort]\nknown-first-party = ["flax"]\n'
        '[[tool.mypy.overrides]]\nmodule = ["optax.*", "yaml"]\nignore_missing_imports = true\n'
    )
    assert config(extract_file("pyproject.toml", text.encode())) == [
        ("flax", "jax", "ruff isort known-first-party"),
        ("optax", "jax", "mypy overrides"),
        ("tensorflow", "tensorflow", "isort known_third_party"),
    ]


def test_standalone_tool_files_are_read_and_fetched():
    assert (
        family_of(".isort.cfg") == family_of("mypy.ini") == family_of("ruff.toml") == "toolconfig"
    )
    isort = extract_file(".isort.cfg", b"[settings]\nknown_third_party=cv2,torch,torchvision\n")
    assert config(isort) == [
        ("torch", "pytorch", "isort known_third_party"),
        ("torchvision", "pytorch", "isort known_third_party"),
    ]
    mypy = extract_file("mypy.ini", b"[mypy]\nstrict = True\n[mypy-jax.*,flax.*]\nignore = 1\n")
    assert config(mypy) == [("flax", "jax", "mypy [mypy-jax.*,flax.*]"),
                            ("jax", "jax", "mypy [mypy-jax.*,flax.*]")]  # fmt: skip
    ruff = extract_file("ruff.toml", b'[lint.isort]\nknown-third-party = ["paddle"]\n')
    assert config(ruff) == [("paddle", "paddle", "ruff isort known-third-party")]
    tree = snapshot({}, extra_blobs=(".isort.cfg", "a.py")).tree
    assert ".isort.cfg" in select_files(tree)


def test_tool_config_decides_when_nothing_else_names_a_framework():
    """mmdetection 2.x read manifests-only: includes not fetched, isort names torch and mmcv."""
    files = {
        "requirements.txt": (REAL / "mmdetection" / "requirements.txt").read_text(),
        "setup.cfg": (REAL / "mmdetection" / "setup.cfg").read_text(),
    }
    label = classify(
        snapshot(files, extra_blobs=("requirements/runtime.txt", "mmdet/apis/train.py"))
    )
    assert (label.primary, label.code_status) == ("pytorch", "released")
    assert {e.kind for e in label.evidence if e.framework} == {"config"}


def test_tool_config_ranks_below_imports_and_manifests():
    isort_tf = "[isort]\nknown_third_party = tensorflow,numpy\n"
    label = classify(snapshot({"setup.cfg": isort_tf, "train.py": code("torch")}))
    assert label.primary == "pytorch"
    label = classify(snapshot({"setup.cfg": isort_tf, "requirements.txt": "jax\n"},
                              extra_blobs=("train.py",)))  # fmt: skip
    assert label.primary == "jax"


def test_tool_config_naming_two_frameworks_goes_to_the_one_with_more_modules():
    """mmdetection3d's isort list names tensorflow (Waymo data) beside torch, mmcv, mmdet."""
    cfg = (REAL / "mmdet3d" / "setup.cfg").read_text()
    label = classify(snapshot({"setup.cfg": cfg}, extra_blobs=("mmdet3d/apis/train.py",)))
    assert label.primary == "pytorch"
