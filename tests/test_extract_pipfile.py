"""Pipfile via tomllib."""

from __future__ import annotations

from conftest import FIXTURES

from analysis.classify.extract import pipfile
from analysis.classify.extract.common import WEAK


def test_packages_and_torch_wheel_source():
    found = pipfile.extract("Pipfile", (FIXTURES / "classifier" / "Pipfile").read_bytes())
    assert [(e.line, e.package, e.framework, e.detail.startswith(WEAK)) for e in found] == [
        (12, "torch", "pytorch", False),
        (7, "https://download.pytorch.org/whl/cu117", "pytorch", True),
    ]


def test_malformed_pipfile_notes():
    found = pipfile.extract("Pipfile", b'[packages\ntensorflow = "*"\n')
    assert found[0].kind == "note"
