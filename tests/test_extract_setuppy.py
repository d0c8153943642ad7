"""setup.py read with ast only: literals, names bound to lists, never executed."""

from __future__ import annotations

from conftest import FIXTURES

from analysis.classify.extract import extract_file, setuppy

FIXTURE = FIXTURES / "classifier" / "setup.py.txt"  # .txt: kept out of ruff


def test_install_requires_through_names_concatenation_and_extras():
    found = setuppy.extract("setup.py", FIXTURE.read_bytes())
    assert [(e.line, e.package, e.framework) for e in found] == [
        (9, "mmengine", "pytorch"),  # requirements += [...]
        (17, "timm", "pytorch"),  # requirements + ["timm==0.9.2"]
        (18, "tensorflow", "tensorflow"),  # extras_require
    ]


def test_setup_py_imports_are_read_too():
    found = extract_file("setup.py", FIXTURE.read_bytes())
    assert ("import", "pytorch") in {(e.kind, e.framework) for e in found}


def test_setup_py_is_never_executed(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').write('x')\nfrom setuptools import setup\nsetup(install_requires=['jax'])\n"
    found = setuppy.extract("setup.py", code.encode())
    assert [e.package for e in found] == ["jax"]
    assert not marker.exists()


def test_broken_setup_py_notes_and_scans_quoted_strings():
    code = b"from setuptools import setup\nsetup(install_requires=['torch>=1.8',\n"
    found = setuppy.extract("setup.py", code)
    assert found[0].kind == "note"
    assert [(e.line, e.package) for e in found[1:]] == [(2, "torch")]


def test_install_requires_from_a_function_call_is_skipped_quietly():
    code = b"from setuptools import setup\nsetup(install_requires=read('requirements.txt'))\n"
    assert setuppy.extract("setup.py", code) == []
