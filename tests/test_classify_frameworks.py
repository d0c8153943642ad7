"""The package/module -> framework table covers what issue 2 lists, pip and import names alike."""

from __future__ import annotations

import pytest

from analysis.classify.frameworks import (
    MODULES_BY_FRAMEWORK,
    PACKAGES_BY_FRAMEWORK,
    framework_of_module,
    framework_of_package,
    is_incidental_module,
)
from analysis.models import FRAMEWORKS

ISSUE_PACKAGES = {
    "pytorch": "torch torchvision torchaudio lightning pytorch-lightning timm mmcv mmdet mmseg "
    "mmsegmentation mmengine detectron2 pytorch3d kornia diffusers pytorch pytorch-cuda",
    "tensorflow": "tensorflow tensorflow-gpu tensorflow-cpu tensorflow-macos tf-nightly tf_keras "
    "tensorflow-addons tensorflow-probability tensorflow-hub tensorflow-datasets tflite-runtime",
    "jax": "jax jaxlib flax optax dm-haiku equinox objax trax",
    "keras": "keras keras-core keras-hub",
    "paddle": "paddlepaddle paddlepaddle-gpu",
    "mindspore": "mindspore",
    "mxnet": "mxnet gluoncv mxnet-cu112",
    "jittor": "jittor",
    "oneflow": "oneflow",
    "megengine": "megengine",
    "mlx": "mlx",
}
ISSUE_MODULES = {
    "pytorch": "torch torchvision lightning pytorch_lightning timm mmcv mmdet mmseg mmengine "
    "detectron2 pytorch3d kornia diffusers",
    "tensorflow": "tensorflow tf_keras tensorflow_addons tensorflow_probability tensorflow_hub "
    "tflite_runtime",
    "jax": "jax flax optax haiku equinox objax trax",
    "paddle": "paddle",
    "mxnet": "mxnet gluoncv",
}


@pytest.mark.parametrize("framework", sorted(ISSUE_PACKAGES))
def test_issue_packages_map_to_their_framework(framework):
    assert {n: framework_of_package(n) for n in ISSUE_PACKAGES[framework].split()} == {
        n: framework for n in ISSUE_PACKAGES[framework].split()
    }


@pytest.mark.parametrize("framework", sorted(ISSUE_MODULES))
def test_issue_import_names_map_to_their_framework(framework):
    names = ISSUE_MODULES[framework].split()
    assert {n: framework_of_module(n + ".sub") for n in names} == {n: framework for n in names}


def test_table_only_names_known_frameworks():
    assert set(PACKAGES_BY_FRAMEWORK) | set(MODULES_BY_FRAMEWORK) <= set(FRAMEWORKS)


@pytest.mark.parametrize(
    "name",
    [
        "cudatoolkit",
        "tensorboard",
        "tensorboardX",
        "einops",
        "transformers",
        "onnx",
        "numpy",
        "pytorch_fid_is_not_a_dist",
    ],
)
def test_framework_agnostic_names_are_not_evidence(name):
    assert framework_of_package(name) is None


@pytest.mark.parametrize(
    ("module", "incidental"),
    [
        ("tensorflow.io.gfile", True),
        ("tensorflow_datasets", True),
        ("torch.utils.data", True),
        ("tensorflow_probability.substrates.jax", True),
        ("tensorflow.keras", False),
        ("torch.nn", False),
        ("tensorflow", False),
    ],
)
def test_incidental_modules(module, incidental):
    assert is_incidental_module(module) is incidental
