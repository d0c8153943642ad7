"""Dockerfile base images and install lines."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from analysis.classify.extract import docker
from analysis.classify.frameworks import framework_of_image

DIR = FIXTURES / "classifier"


def test_nvcr_pytorch_base_and_continued_pip_install():
    found = docker.extract("Dockerfile", (DIR / "Dockerfile").read_bytes())
    assert [(e.line, e.package, e.framework) for e in found] == [
        (2, "nvcr.io/nvidia/pytorch:23.10-py3", "pytorch"),
        (5, "mmcv", "pytorch"),
        (5, "https://download.openmmlab.com/mmcv/dist/cu121/torch2.1/index.html", "pytorch"),
        (5, "tensorflow-addons", "tensorflow"),
    ]
    assert {e.kind for e in found} == {"docker"}


def test_tensorflow_base_image():
    found = docker.extract("Dockerfile.tf", (DIR / "Dockerfile.tf").read_bytes())
    assert [(e.package, e.framework) for e in found] == [
        ("tensorflow/tensorflow:2.15.0-gpu", "tensorflow"),
        ("tf-keras", "tensorflow"),
    ]


def test_base_image_from_a_build_arg_default():
    text = b"ARG BASE=tensorflow/tensorflow:2.13.0-gpu\nFROM ${BASE}\n"
    found = docker.extract("Dockerfile", text)
    assert [(e.line, e.package, e.framework) for e in found] == [
        (2, "tensorflow/tensorflow:2.13.0-gpu", "tensorflow")
    ]


@pytest.mark.parametrize(
    ("image", "framework"),
    [
        ("pytorch/pytorch:2.1.0-cuda11.8-cudnn8-runtime", "pytorch"),
        ("nvcr.io/nvidia/tensorflow:23.10-tf2-py3", "tensorflow"),
        ("nvcr.io/nvidia/jax:23.10-py3", "jax"),
        ("ghcr.io/nvidia/jax:jax", "jax"),
        ("paddlepaddle/paddle:2.5.1-gpu-cuda11.7", "paddle"),
        ("nvidia/cuda:11.8.0-devel-ubuntu22.04", None),
        ("ubuntu:22.04", None),
    ],
)
def test_base_images(image, framework):
    assert framework_of_image(image) == framework
