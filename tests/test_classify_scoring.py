"""Weighting: imports outweigh manifests; TF for data beside JAX; ties decided by the evidence."""

from __future__ import annotations

from analysis.classify.label import classify
from analysis.classify.local import snapshot_from_dir
from tests.classifier_helpers import code, snapshot
from tests.conftest import FIXTURES

BIG_VISION = FIXTURES / "classifier" / "real" / "big_vision" / "requirements.txt"


def test_a_folder_whose_code_imports_jax_is_jax_whatever_its_requirements_say(tmp_path):
    (tmp_path / "requirements.txt").write_text("tensorflow\n")
    (tmp_path / "main.py").write_text("import jax\nimport jax.numpy as jnp\n")
    label = classify(snapshot_from_dir(tmp_path))
    assert label.primary == "jax"
    assert label.frameworks["jax"] > label.frameworks["tensorflow"]


def test_one_importing_file_outweighs_every_manifest_together():
    files = {
        "requirements.txt": "tensorflow\n",
        "setup.py": "from setuptools import setup\nsetup(install_requires=['tensorflow'])\n",
        "Dockerfile": "FROM tensorflow/tensorflow:2.15.0-gpu\n",
        "model.py": code("torch"),
    }
    assert classify(snapshot(files)).primary == "pytorch"


def test_big_vision_requirements_are_jax_not_tensorflow():
    """google-research/big_vision: flax/optax/distrax beside tensorflow-cpu, tfds-nightly and
    tensorflow-text for the input pipeline (jax itself is installed separately)."""
    label = classify(snapshot({"big_vision/requirements.txt": BIG_VISION.read_text()},
                              extra_blobs=("big_vision/train.py",)))  # fmt: skip
    assert label.primary == "jax"


def test_tensorflow_cpu_beside_jax_packages_is_a_data_dependency():
    files = {"requirements.txt": "jax[cuda12]\nflax\ntensorflow-cpu\ntf-nightly\n"}
    label = classify(snapshot(files, extra_blobs=("train.py",)))
    assert label.primary == "jax"
    assert label.frameworks["jax"] > 2 * label.frameworks["tensorflow"]


def test_a_tie_is_broken_by_how_many_packages_each_ecosystem_names_not_by_order():
    jax_heavy = "tensorflow\njax\nflax\noptax\nchex\n"
    assert (
        classify(snapshot({"requirements.txt": jax_heavy}, extra_blobs=("a.py",))).primary == "jax"
    )
    tf_heavy = "torch\ntensorflow\ntensorpack\ntflearn\n"
    label = classify(snapshot({"requirements.txt": tf_heavy}, extra_blobs=("a.py",)))
    assert label.primary == "tensorflow"


def test_build_variants_of_one_package_count_once_in_a_tie():
    dump = "tensorflow==2.10\ntensorflow-gpu==2.10\ntensorflow-cpu==2.10\ntorch==2.2\ntorchvision\n"
    label = classify(snapshot({"requirements.txt": dump}, extra_blobs=("a.py",)))
    assert label.primary == "pytorch"
