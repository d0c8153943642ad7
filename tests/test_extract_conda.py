"""Conda environment files: dependencies, the nested pip list, channels, hostile YAML."""

from __future__ import annotations

import time

from conftest import FIXTURES

from analysis.classify.extract import conda
from analysis.classify.extract.common import WEAK


def test_environment_fixture_reads_conda_pip_and_channels():
    found = conda.extract(
        "environment.yml", (FIXTURES / "classifier" / "environment.yml").read_bytes()
    )
    assert [(e.line, e.package, e.framework, e.detail.startswith(WEAK)) for e in found] == [
        (3, "channel:pytorch", "pytorch", True),
        (4, "channel:nvidia", "pytorch", True),
        (8, "pytorch", "pytorch", False),  # pytorch::pytorch=2.0.1=py3.10_cuda...
        (9, "pytorch-cuda", "pytorch", False),
        (11, "torchvision", "pytorch", False),
        (14, "mmcv", "pytorch", False),  # from the nested pip: list
    ]


def test_cudatoolkit_alone_is_not_a_framework():
    text = b"dependencies:\n  - cudatoolkit=11.3\n  - cudnn\n  - python=3.9\n"
    assert conda.extract("environment.yml", text) == []


def test_tensorflow_gpu_conda_package():
    text = b"dependencies:\n  - tensorflow-gpu=2.4.1\n  - keras=2.4.3\n"
    assert [(e.package, e.framework) for e in conda.extract("env.yml", text)] == [
        ("tensorflow-gpu", "tensorflow"),
        ("keras", "keras"),
    ]


def test_malformed_yaml_notes_and_still_scans_lines():
    text = b"dependencies:\n  - jax\n  - flax\n  pip: [unclosed\n"
    found = conda.extract("environment.yml", text)
    assert found[0].kind == "note" and "malformed YAML" in found[0].detail
    assert [(e.line, e.package) for e in found[1:]] == [(2, "jax"), (3, "flax")]


def test_alias_bomb_is_refused_quickly_with_a_note():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        lines.append(
            f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{prev}"] * 9) + "]"
        )
    lines.append("dependencies:\n  - torch")
    started = time.perf_counter()
    found = conda.extract("environment.yml", "\n".join(lines).encode())
    assert time.perf_counter() - started < 1.0
    assert found[0].kind == "note" and "alias" in found[0].detail
    assert [e.package for e in found[1:]] == ["torch"]  # the rest of the evidence survives


def test_non_mapping_document_yields_nothing():
    assert conda.extract("environment.yml", b"- just\n- a list\n") == []
