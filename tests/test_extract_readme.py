"""README install commands in fenced code blocks."""

from __future__ import annotations

from conftest import FIXTURES

from analysis.classify.extract import readme
from analysis.classify.extract.common import WEAK


def test_install_lines_in_fences_count_prose_does_not():
    found = readme.extract("README.md", (FIXTURES / "classifier" / "README.md").read_bytes())
    assert [(e.line, e.package, e.framework) for e in found] == [
        (12, "pytorch", "pytorch"),
        (12, "torchvision", "pytorch"),
        (12, "pytorch-cuda", "pytorch"),
        (12, "channel:pytorch", "pytorch"),
        (12, "channel:nvidia", "pytorch"),
        (14, "jax", "jax"),  # pip install "jax[cuda12]" && echo done
    ]
    assert {e.kind for e in found} == {"readme"}
    assert [e.detail.startswith(WEAK) for e in found][3:5] == [True, True]


def test_prompt_lines_outside_fences_count():
    text = b"Install:\n\n    $ pip install tensorflow==2.15\n"
    assert [e.package for e in readme.extract("README.md", text)] == ["tensorflow"]


def test_unterminated_fence_does_not_crash():
    text = b"```sh\npip install paddlepaddle\n"
    assert [e.framework for e in readme.extract("README.md", text)] == ["paddle"]
