"""setup.cfg via configparser."""

from __future__ import annotations

from conftest import FIXTURES

from analysis.classify.extract import setupcfg


def test_install_requires_and_extras():
    data = (FIXTURES / "classifier" / "setup.cfg").read_bytes()
    found = setupcfg.extract("setup.cfg", data)
    assert [(e.line, e.package, e.framework) for e in found] == [
        (8, "paddlepaddle-gpu", "paddle"),
        (14, "paddleseg", "paddle"),
    ]


def test_setup_cfg_without_options_yields_nothing():
    assert setupcfg.extract("setup.cfg", b"[flake8]\nmax-line-length = 100\n") == []


def test_malformed_setup_cfg_notes_and_scans_lines():
    data = b"install_requires =\n    torch\n[options\n"
    found = setupcfg.extract("setup.cfg", data)
    assert found[0].kind == "note"
    assert [(e.line, e.package) for e in found[1:]] == [(2, "torch")]
