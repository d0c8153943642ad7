"""The first-party Keras registry: arXiv ids cited by keras.applications and KerasHub sources."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from analysis.ports.keras_registry import (
    KERAS_APPS,
    KERAS_HUB,
    build_registry,
    installed_keras_dir,
    merge,
    scan_keras_applications,
    scan_keras_hub_wheel,
    scan_source,
)
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def apps():
    return scan_keras_applications()


@pytest.mark.parametrize(
    "arxiv_id,model",
    [
        ("1512.03385", "ResNet50"),
        ("1905.11946", "EfficientNetB0"),
        ("2201.03545", "ConvNeXtTiny"),
        ("1801.04381", "MobileNetV2"),
        ("1905.02244", "MobileNetV3Small"),
    ],  # fmt: skip
)
def test_installed_keras_applications_cite_their_papers(apps, arxiv_id, model):
    (entry,) = apps.lookup(arxiv_id)
    assert model in entry.names and entry.source == KERAS_APPS
    assert entry.version and entry.version[0] == "3"


def test_registry_is_built_without_importing_keras_or_a_backend():
    code = (
        "import sys\nfrom analysis.ports.keras_registry import scan_keras_applications\n"
        "r = scan_keras_applications()\n"
        "print(len(r), sorted(m for m in ('keras', 'jax', 'tensorflow', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.split(maxsplit=1)  # fmt: skip
    assert int(out[0]) >= 10 and out[1].strip() == "[]"
    assert installed_keras_dir() is not None


def test_helper_layer_citations_do_not_count(apps):
    # convnext.py's LayerScale helper cites CaiT (2103.17239); keras does not implement CaiT
    assert apps.lookup("2103.17239") == ()


def test_lookup_ignores_arxiv_versions(apps):
    assert apps.lookup("1512.03385v1") == apps.lookup("1512.03385") != ()
    assert apps.lookup(None) == ()


_HUB_BACKBONE = '''
from keras_hub.src.api_export import keras_hub_export


@keras_hub_export("keras_hub.models.FooNetBackbone")
class FooNetBackbone(Backbone):
    """FooNet backbone.

    Reference:
    - [FooNet](https://arxiv.org/abs/2401.01234v2) (CVPR 2024)
    """


class FooBlock:
    """Uses the trick of https://arxiv.org/abs/1999.99999."""


@keras_hub_export("keras_hub.layers.foo_helper")
def foo_helper():
    """Lower-case exports are utilities: https://arxiv.org/abs/1888.88888"""
'''


def test_scan_source_maps_exported_docstrings_only():
    assert scan_source(_HUB_BACKBONE) == {"2401.01234": {"FooNetBackbone"}}


def test_module_level_docstring_applies_to_every_exported_model():
    text = (
        'DOC = """Reference: https://arxiv.org/pdf/1905.02244.pdf"""\n'
        "@keras_export(['keras.applications.A'])\ndef A(): pass\n"
        "@keras_export('keras.applications.B')\ndef B(): pass\n"
    )
    assert scan_source(text) == {"1905.02244": {"A", "B"}}


def test_unparseable_source_is_skipped():
    assert scan_source("def broken(:\n  'https://arxiv.org/abs/2401.01234'") == {}


def _wheel(tmp_path):
    path = tmp_path / "keras_hub-0.99.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("keras_hub/src/models/foonet/foonet_backbone.py", _HUB_BACKBONE)
        zf.writestr("keras_hub/src/models/foonet/foonet_backbone_test.py", _HUB_BACKBONE)
        zf.writestr(
            "keras_hub/src/models/foonet/foonet_presets.py",
            '"""https://arxiv.org/abs/2402.00001"""',
        )
        zf.writestr("keras_hub-0.99.0.dist-info/METADATA", "Name: keras-hub\n")
    return path


def test_keras_hub_wheel_is_read_as_a_zip(tmp_path):
    hub = scan_keras_hub_wheel(_wheel(tmp_path))
    (entry,) = hub.lookup("2401.01234")
    assert (entry.source, entry.names, entry.version) == (KERAS_HUB, ("FooNetBackbone",), "0.99.0")
    assert entry.url == ("https://github.com/keras-team/keras-hub/blob/master/"
                         "keras_hub/src/models/foonet/foonet_backbone.py")  # fmt: skip
    assert hub.lookup("2402.00001") == ()  # presets are not model code
    assert "keras_hub" not in sys.modules


def test_build_registry_merges_keras_and_keras_hub(tmp_path, apps):
    both = build_registry(_wheel(tmp_path))
    assert both.versions.keys() == {KERAS_APPS, KERAS_HUB}
    assert both.lookup("2401.01234") and both.lookup("1512.03385") == apps.lookup("1512.03385")
    assert len(merge(apps, apps).lookup("1512.03385")) == 2
