"""pyproject.toml: PEP 621, optional dependencies, Poetry, PDM, uv sources and indexes."""

from __future__ import annotations

from conftest import FIXTURES

from analysis.classify.extract import pyproject
from analysis.classify.extract.common import KERAS3, WEAK

DIR = FIXTURES / "classifier"


def test_pep621_with_optional_deps_and_uv():
    found = pyproject.extract("pyproject.toml", (DIR / "pyproject_pep621.toml").read_bytes())
    assert [(e.line, e.package, e.framework) for e in found] == [
        (9, "jax", "jax"),
        (10, "flax", "jax"),
        (11, "optax", "jax"),
        (16, "tensorflow-datasets", "tensorflow"),  # optional-dependencies (weak: data only)
        (16, "tensorflow-cpu", "tensorflow"),
        (19, "torch", "pytorch"),  # [tool.uv.sources]
        (23, "https://download.pytorch.org/whl/cu121", "pytorch"),  # [[tool.uv.index]]
    ]
    assert [e.detail.startswith(WEAK) for e in found] == [False] * 3 + [True, False, False, True]


def test_poetry_caret_keeps_the_keras_3_pin_and_pdm_groups_count():
    found = pyproject.extract("pyproject.toml", (DIR / "pyproject_poetry.toml").read_bytes())
    assert [(e.line, e.package, e.framework, e.detail) for e in found] == [
        (16, "jax", "jax", ""),
        (9, "keras", "keras", KERAS3),
        (10, "keras-hub", "keras", ""),
    ]


def test_malformed_toml_notes_and_scans_quoted_strings():
    text = b'[project\ndependencies = ["torch>=2", "numpy"]\n'
    found = pyproject.extract("pyproject.toml", text)
    assert found[0].kind == "note" and "malformed TOML" in found[0].detail
    assert [(e.line, e.package) for e in found[1:]] == [(2, "torch")]


def test_build_requires_torch_counts():
    text = b'[build-system]\nrequires = ["setuptools", "torch>=2.0"]\n'
    assert [e.package for e in pyproject.extract("pyproject.toml", text)] == ["torch"]
