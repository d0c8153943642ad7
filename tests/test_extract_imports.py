"""Imports in .py and .ipynb files: ast, the tolerant line scan, incidental uses."""

from __future__ import annotations

import json

from conftest import FIXTURES

from analysis.classify.extract import imports
from analysis.classify.extract.common import INCIDENTAL, MULTIBACKEND

DIR = FIXTURES / "classifier"


def rows(found):
    return [(e.line, e.package, e.framework) for e in found if e.kind == "import"]


def test_every_import_form_the_issue_lists():
    found = imports.extract("tf_everything.py", (DIR / "tf_everything.py.txt").read_bytes())
    assert rows(found) == [
        (2, "tensorflow.compat.v1", "tensorflow"),
        (3, "torch.nn", "pytorch"),
        (4, "jax.numpy", "jax"),
        (5, "tensorflow.keras", "tensorflow"),
        (6, "keras", "keras"),
        (10, "paddle", "paddle"),  # inside a function
        (15, "megengine", "megengine"),  # inside try/except
    ]
    assert not [e for e in found if e.kind == "note"]


def test_python2_file_is_read_by_the_quick_scan_without_a_parse():
    found = imports.extract("py2_train.py", (DIR / "py2_train.py.txt").read_bytes())
    assert not [e for e in found if e.kind == "note"]  # every import starts a line: no parse
    assert rows(found) == [
        (3, "tensorflow", "tensorflow"),
        (4, "tensorflow.contrib.slim", "tensorflow"),
        (5, "keras.layers.Conv2D", "keras"),
    ]


def test_notebook_code_cells_magics_and_a_broken_cell():
    found = imports.extract("demo.ipynb", (DIR / "demo.ipynb.txt").read_bytes())
    assert rows(found) == [
        (3, "jax.numpy", "jax"),
        (4, "flax.linen", "jax"),
        (6, "tensorflow_datasets", "tensorflow"),  # the broken cell was line-scanned
        (10, "optax", "jax"),
    ]
    assert [e.detail for e in found if e.package == "tensorflow_datasets"] == [INCIDENTAL]
    assert not [e for e in found if e.kind == "note"]  # the quick scan needs no parse


def test_notebook_that_is_not_json_is_scanned():
    data = b'{"cells": [{"cell_type": "code", "source": ["import torch\\n", "x = 1\\n"'
    found = imports.extract("broken.ipynb", data)
    assert found[0].kind == "note"
    assert [e.package for e in found[1:]] == ["torch"]


def test_nbformat3_worksheets():
    doc = {"worksheets": [{"cells": [{"cell_type": "code", "input": ["import mxnet as mx\n"]}]}]}
    assert rows(imports.extract("old.ipynb", json.dumps(doc).encode())) == [(1, "mxnet", "mxnet")]


def test_tf_used_only_for_gfile_is_incidental():
    code = b"import torch\nimport tensorflow as tf\n\nwith tf.io.gfile.GFile(p) as f:\n    x = f.read()\n"
    found = imports.extract("io_utils.py", code)
    details = {e.framework: e.detail for e in found}
    assert details["pytorch"] == ""
    assert details["tensorflow"].startswith(INCIDENTAL)


def test_tf_compat_v1_gfile_is_incidental_but_a_session_is_not():
    gfile = b"import tensorflow as tf\nf = tf.compat.v1.gfile.GFile(p)\n"
    session = b"import tensorflow as tf\nsess = tf.compat.v1.Session()\n"
    assert imports.extract("a.py", gfile)[0].detail.startswith(INCIDENTAL)
    assert imports.extract("b.py", session)[0].detail == ""


def test_tf_used_for_layers_is_not_incidental():
    code = b"import tensorflow as tf\nds = tf.data.Dataset\nlayer = tf.keras.layers.Dense(3)\n"
    assert imports.extract("model.py", code)[0].detail == ""


def test_torch_data_loader_import_is_incidental():
    found = imports.extract("data.py", b"from torch.utils.data import DataLoader, Dataset\n")
    assert {e.detail for e in found} == {INCIDENTAL}


def test_relative_imports_are_the_repos_own_code():
    assert imports.extract("a.py", b"from .torch import thing\nfrom . import jax\n") == []


def test_keras_backend_switch_is_a_multibackend_signal():
    code = b'import os\nos.environ["KERAS_BACKEND"] = "jax"\nimport keras\nfrom keras import ops\n'
    found = imports.extract("train.py", code)
    assert [(e.package, e.detail) for e in found] == [
        ("keras", ""),
        ("keras.ops", MULTIBACKEND),
        ("KERAS_BACKEND", MULTIBACKEND),
    ]


def test_plain_import_lines_take_the_fast_path_with_the_same_result():
    fast = imports.extract("a.py", b"import os\nimport torch\nimport tensorflow as tf\n")
    slow = imports.extract("a.py", b"import os\nimport torch\nimport tensorflow as tf\nx = 1\n")
    assert (
        [(e.line, e.package, e.detail) for e in fast]
        == [(e.line, e.package, e.detail) for e in slow]
        == [(2, "torch", ""), (3, "tensorflow", "")]
    )


def test_docstring_mentioning_import_is_not_an_import():
    code = b'"""Example:\nimport tensorflow\n"""\nimport torch\n'
    assert rows(imports.extract("a.py", code)) == [(4, "torch", "pytorch")]


def test_python2_file_with_an_inline_import_falls_back_to_a_parse_then_a_line_scan():
    text = "import os\ntry: import tensorflow as tf\nexcept ImportError: pass\nprint 'x'\n"
    found = imports.extract("old.py", text.encode())
    notes = [e for e in found if e.kind == "note"]
    assert len(notes) == 1 and notes[0].line == 4 and "not valid Python 3" in notes[0].detail


def test_quick_scan_skips_docstring_examples_and_defers_hidden_imports_to_ast():
    doc = 'import os\n"""Usage:\n\nimport tensorflow as tf\n"""\n\ndef f():\n    import torch\n'
    assert imports.quick_scan(doc) == [(1, "os", "os"), (8, "torch", "torch")]
    assert rows(imports.extract("m.py", doc.encode())) == [(8, "torch", "pytorch")]
    for hidden in ("x = 1; import jax\n", "if True: import jax\n", "import os, \\\n    jax\n"):
        assert imports.quick_scan(hidden) is None
        assert [p for _, p, _ in rows(imports.extract("h.py", hidden.encode()))] == ["jax"]
    assert imports.extract("n.py", b"try: import numpy\nexcept ImportError: pass\n") == []
