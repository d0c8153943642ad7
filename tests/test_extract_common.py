"""Bad input never crashes an extractor and never loses the rest of the evidence."""

from __future__ import annotations

import pytest

from analysis.classify.extract import EXTRACTORS, extract_file, family_of
from analysis.classify.extract.common import MAX_BYTES, decode


def test_requirements_file_of_50_mb_is_capped_with_a_note():
    data = b"torch==2.1.0\n" + b"numpy\n" * (50_000_000 // 6)
    found = extract_file("requirements.txt", data)
    assert found[0].kind == "note" and "capped" in found[0].detail
    assert [e.package for e in found[1:]] == ["torch"]


def test_non_utf8_bytes_are_replaced_with_a_note():
    found = extract_file("requirements.txt", b"# caf\xe9\ntensorflow\n")
    assert found[0].kind == "note" and "UTF-8" in found[0].detail
    assert [e.package for e in found[1:]] == ["tensorflow"]


def test_utf16_requirements_from_powershell_are_read():
    data = "torch==2.0\r\nnumpy\r\n".encode("utf-16")
    assert [e.package for e in extract_file("requirements.txt", data)] == ["torch"]


def test_binary_file_is_skipped_with_a_note():
    text, notes = decode("model.py", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert text is None and notes[0].detail == "binary file skipped"


@pytest.mark.parametrize("family", sorted(EXTRACTORS))
@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\xff\xfe garbage \x00", b"\xff" * 1000, b"[[[[" * 5000, b"(" * 200_000],
    ids=["empty", "binary", "invalid-utf8", "brackets", "deep-nesting"],
)
def test_every_extractor_survives_hostile_bytes(family, data):
    found = EXTRACTORS[family](f"file.{family}", data)
    assert all(e.kind == "note" or e.framework for e in found)


def test_family_of_recognises_manifest_names():
    assert [
        family_of(p)
        for p in (
            "requirements.txt",
            "requirements/dev.txt",
            "docker/requirements-gpu.txt",
            "environment.yaml",
            "conda_env.yml",
            "env_super.yml",
            "pyproject.toml",
            "setup.py",
            "setup.cfg",
            "Pipfile",
            "Pipfile.lock",
            "Dockerfile.cuda",
            "README.md",
            "a/b.ipynb",
            "LICENSE",
        )
    ] == [
        "requirements",
        "requirements",
        "requirements",
        "conda",
        "conda",
        "conda",
        "pyproject",
        "setuppy",
        "setupcfg",
        "pipfile",
        None,
        "docker",
        "readme",
        "imports",
        None,
    ]


def test_cap_constant_is_one_megabyte():
    assert MAX_BYTES == 1_000_000
