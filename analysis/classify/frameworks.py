"""The package/module -> framework table (data), with lookups used by the extractors."""

from __future__ import annotations

import re
from functools import lru_cache

# Distribution names (PyPI and conda, PEP 503-normalised) that mean a framework. Ecosystem libraries
# count: nobody installs mmdet without PyTorch. Framework-agnostic tools (einops, transformers,
# tensorboard, tensorboardX, onnx) are deliberately absent: they say nothing about the framework.
PACKAGES_BY_FRAMEWORK: dict[str, tuple[str, ...]] = {
    "pytorch": (
        "torch torchvision torchaudio torchtext pytorch pytorch-cuda pytorch-gpu pytorch-cpu "
        "pytorch-nightly torchvision-cpu lightning pytorch-lightning lightning-fabric timm mmcv "
        "mmcv-full mmcv-lite mmdet mmsegmentation mmseg mmengine mmpretrain mmcls mmdet3d mmpose "
        "mmaction2 mmediting mmagic mmocr mmrotate mmtrack mmflow mmfewshot mmselfsup mmrazor "
        "detectron2 pytorch3d kornia diffusers torchmetrics xformers accelerate torch-geometric "
        "torch-scatter torch-sparse torch-cluster torch-spline-conv spconv spconv-cu113 "
        "spconv-cu117 spconv-cu118 spconv-cu120 minkowskiengine nerfacc gsplat fvcore "
        "pytorch-fid torch-fidelity lpips open-clip-torch segmentation-models-pytorch "
        "efficientnet-pytorch facenet-pytorch pretrainedmodels torchsummary thop ptflops "
        "deepspeed apex pytorch-msssim kaolin tinycudann torchdiffeq torch-ema ema-pytorch "
        "pytorch-ignite ignite peft bitsandbytes torch-tensorrt torchsde torchdata "
        "pytorch-wavelets vit-pytorch denoising-diffusion-pytorch torchmcubes roma "
        "pytorch-metric-learning torchreid ultralytics pytorch-mutex libtorch torch-xla torch-npu "
        "mmyolo"
    ).split(),
    "tensorflow": (
        "tensorflow-base tensorflow-mkl tensorflow tensorflow-datasets tfds-nightly tensorflow-gpu tensorflow-cpu tensorflow-macos tensorflow-metal "
        "tensorflow-intel tensorflow-aarch64 tensorflow-rocm tf-nightly tf-nightly-gpu "
        "tf-nightly-cpu tf-keras tensorflow-addons tensorflow-probability tensorflow-hub "
        "tflite-runtime tflite-support tensorflow-graphics tensorflow-text "
        "tensorflow-model-optimization tf-slim tensorflow-io tf-models-official "
        "tf-models-nightly tensorflow-gan dm-sonnet tensorpack tensorlayer tflearn "
        "tensorflow-estimator tensorflow-serving-api tensorflowjs tensorflow-federated "
        "tensorflow-transform tensorflow-gpu-estimator lucid"
    ).split(),
    "jax": (
        "jax jaxlib flax optax dm-haiku equinox objax trax chex rlax orbax orbax-checkpoint "
        "distrax dm-pix clu jaxopt diffrax neural-tangents flaxformer t5x jraph jmp elegy "
        "scenic big-vision paxml praxis"
    ).split(),
    "keras": "keras keras-gpu keras-core keras-cv keras-nlp keras-hub".split(),
    "paddle": (
        "paddlepaddle paddlepaddle-gpu paddleseg paddledet paddlenlp paddleclas paddleocr "
        "paddlex paddlehub"
    ).split(),
    "mindspore": "mindspore mindspore-gpu mindspore-ascend mindspore-cpu mindcv mindformers".split(),
    "mxnet": "mxnet mxnet-mkl gluoncv gluonnlp".split(),
    "jittor": "jittor jnerf".split(),
    "oneflow": "oneflow flowvision libai".split(),
    "megengine": "megengine basecls".split(),
    "mlx": "mlx mlx-lm mlx-vlm".split(),
}

# Top-level import names that mean a framework (pip names and import names differ: dm-haiku ->
# haiku, paddlepaddle -> paddle, tf-keras -> tf_keras, pytorch-lightning -> pytorch_lightning).
MODULES_BY_FRAMEWORK: dict[str, tuple[str, ...]] = {
    "pytorch": (
        "torch torchvision torchaudio torchtext lightning pytorch_lightning timm mmcv mmdet "
        "mmseg mmengine mmpretrain mmcls mmdet3d mmpose mmaction mmedit mmagic mmocr mmrotate "
        "mmtrack mmflow detectron2 pytorch3d kornia diffusers torchmetrics xformers "
        "torch_geometric torch_scatter torch_sparse torch_cluster spconv MinkowskiEngine nerfacc "
        "gsplat fvcore pytorch_fid torch_fidelity lpips open_clip segmentation_models_pytorch "
        "efficientnet_pytorch facenet_pytorch pretrainedmodels torchsummary thop ptflops "
        "deepspeed apex pytorch_msssim kaolin tinycudann torchdiffeq torch_ema ema_pytorch ignite "
        "torch_tensorrt torchsde pytorch_wavelets vit_pytorch denoising_diffusion_pytorch "
        "torchmcubes pytorch_metric_learning torchreid ultralytics torch_xla torch_npu mmyolo"
    ).split(),
    "tensorflow": (
        "tensorflow tf_keras tensorflow_addons tensorflow_probability tensorflow_hub "
        "tflite_runtime tflite_support tensorflow_graphics tensorflow_text "
        "tensorflow_model_optimization tf_slim tensorflow_io tensorflow_gan sonnet tensorpack "
        "tensorlayer tflearn tensorflow_estimator tensorflow_serving tensorflowjs "
        "tensorflow_federated tensorflow_transform lucid tensorflow_datasets"
    ).split(),
    "jax": (
        "jax jaxlib flax optax haiku equinox objax trax chex rlax orbax distrax dm_pix clu "
        "jaxopt diffrax neural_tangents flaxformer t5x jraph jmp elegy scenic big_vision paxml "
        "praxis jaxline penzai"
    ).split(),
    "keras": "keras keras_core keras_cv keras_nlp keras_hub".split(),
    "paddle": "paddle paddleseg ppdet paddlenlp ppcls paddleocr paddlex paddlehub".split(),
    "mindspore": "mindspore mindcv mindformers".split(),
    "mxnet": "mxnet gluoncv gluonnlp".split(),
    "jittor": "jittor jnerf".split(),
    "oneflow": "oneflow flowvision libai".split(),
    "megengine": "megengine basecls".split(),
    "mlx": "mlx mlx_lm mlx_vlm".split(),
}

# Names whose use is incidental: they bring a framework in for data loading or logging, so they
# count only a fraction of a real import (a JAX repo reading TFDS stays JAX).
INCIDENTAL_NAMES = frozenset(
    {"tensorflow_datasets", "tensorflow-datasets", "tfds-nightly", "tfds", "clu"}
)

# TensorFlow builds JAX projects install for the input pipeline only (tf.data, TFDS): beside a JAX
# package in the manifests they count as a hint, not as TensorFlow code.
TF_DATA_PACKAGES = frozenset(
    {
        "tensorflow-cpu",
        "tf-nightly",
        "tf-nightly-cpu",
        "tensorflow-datasets",
        "tfds-nightly",
        "tensorflow-text",
        "tensorflow-io",
    }
)

# Build variants of one package (tensorflow-gpu, mmcv-full, spconv-cu118): when ties are broken by
# how many packages each ecosystem names, a package and its variants count once.
BUILD_VARIANT = re.compile(
    r"-(gpu|cpu|base|macos|metal|intel|rocm|aarch64|mkl|cuda|full|lite|cu\d+)$"
)

# Sub-modules that are incidental uses of their framework (tf.io.gfile, tf.data, torch.utils.data).
INCIDENTAL_SUBMODULES: dict[str, frozenset[str]] = {
    "tensorflow": frozenset(
        {
            "io",
            "data",
            "summary",
            "gfile",
            "config",
            "random",
            "errors",
            "get_logger",
            "logging",
            "debugging",
            "autograph",
            "compat.v1.gfile",
            "compat.v1.logging",
            "compat.v2.io",
            "python.platform",
            "python.lib.io",
            "image",
        }
    ),
    "torch": frozenset(
        {"utils.data", "utils.tensorboard", "hub", "multiprocessing", "manual_seed"}
    ),
    # `from tensorflow_probability.substrates import jax as tfp` is JAX code, not TensorFlow
    "tensorflow_probability": frozenset({"substrates"}),
}

PatternTable = tuple[tuple[re.Pattern[str], str], ...]  # (pattern, label), first match wins

# Distribution names with a variant suffix: tensorflow-gpu-2.x, mxnet-cu112, paddlepaddle-gpu.
PACKAGE_PATTERNS: PatternTable = (
    (re.compile(r"^(torch|torchvision|torchaudio)-(cu|rocm|cpu)"), "pytorch"),
    (re.compile(r"^mxnet-(cu\d+|mkl|native)"), "mxnet"),
    (re.compile(r"^paddlepaddle-"), "paddle"),
    (re.compile(r"^mindspore-"), "mindspore"),
    (re.compile(r"^oneflow-"), "oneflow"),
    (re.compile(r"^(tensorflow|tf-nightly)-(gpu|cpu|macos|metal|intel|rocm)"), "tensorflow"),
    (re.compile(r"^spconv-cu\d+"), "pytorch"),
    (re.compile(r"^mmcv-"), "pytorch"),
)

# Docker base images (image name without tag) -> framework.
DOCKER_IMAGES: PatternTable = (
    (
        re.compile(r"(^|/)pytorch/pytorch$|nvidia/pytorch$|/pytorch-training$|/pytorch-inference$"),
        "pytorch",
    ),
    (re.compile(r"(^|/)pytorch/(conda-cuda|manylinux)"), "pytorch"),
    (
        re.compile(r"(^|/)tensorflow/tensorflow$|nvidia/tensorflow$|/tensorflow-training$"),
        "tensorflow",
    ),
    (re.compile(r"nvidia/jax$|(^|/)jax[-_]?(cuda|tpu)?$|/jax-toolbox"), "jax"),
    (re.compile(r"paddlepaddle/paddle$"), "paddle"),
    (re.compile(r"mindspore/mindspore"), "mindspore"),
    (re.compile(r"mxnet/"), "mxnet"),
)

# Conda channels: weak hints, never enough on their own to beat a package.
CONDA_CHANNELS: dict[str, str] = {
    "pytorch": "pytorch",
    "nvidia": "pytorch",
    "pytorch-nightly": "pytorch",
}

# Index URLs of framework wheels (`--extra-index-url https://download.pytorch.org/whl/cu118`).
INDEX_URLS: PatternTable = (
    (re.compile(r"download\.pytorch\.org|pytorch\.org/whl|data\.pyg\.org"), "pytorch"),
    (re.compile(r"storage\.googleapis\.com/jax-releases|jax-releases"), "jax"),
    (re.compile(r"paddlepaddle\.org|paddle-wheel"), "paddle"),
    (re.compile(r"openmmlab\.com/mmcv"), "pytorch"),
)

# git URLs of framework libraries (`git+https://github.com/facebookresearch/detectron2.git`).
GIT_REPOS: dict[str, str] = {
    "facebookresearch/detectron2": "pytorch",
    "facebookresearch/pytorch3d": "pytorch",
    "nvlabs/tiny-cuda-nn": "pytorch",
    "openai/clip": "pytorch",
    "huggingface/diffusers": "pytorch",
    "google/flax": "jax",
    "google/jax": "jax",
    "jax-ml/jax": "jax",
    "deepmind/dm-haiku": "jax",
    "google-deepmind/dm-haiku": "jax",
    "keras-team/keras": "keras",
    "tensorflow/addons": "tensorflow",
    "nvidia/apex": "pytorch",
    "facebookresearch/xformers": "pytorch",
    "open-mmlab/mmcv": "pytorch",
    "open-mmlab/mmdetection": "pytorch",
    "open-mmlab/mmsegmentation": "pytorch",
    "lightning-ai/lightning": "pytorch",
    "rwightman/pytorch-image-models": "pytorch",
    "huggingface/pytorch-image-models": "pytorch",
    "facebookresearch/fvcore": "pytorch",
}


def _invert(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {name: framework for framework, names in table.items() for name in names}


PACKAGES: dict[str, str] = _invert(PACKAGES_BY_FRAMEWORK)
MODULES: dict[str, str] = _invert(MODULES_BY_FRAMEWORK)


def first_match(table: PatternTable, text: str) -> str | None:
    """The label of the first pattern found in `text`, else None (anchor with `^` to match)."""
    return next((label for pattern, label in table if pattern.search(text)), None)


def canonical(name: str) -> str:
    """PEP 503 normalisation: `PyTorch_Lightning` -> `pytorch-lightning`."""
    return re.sub(r"[-_.]+", "-", name).lower().strip()


@lru_cache(maxsize=4096)
def framework_of_package(name: str) -> str | None:
    """Framework of a distribution name (PyPI or conda), or None."""
    norm = canonical(name)
    if norm in PACKAGES:
        return PACKAGES[norm]
    return first_match(PACKAGE_PATTERNS, norm)


@lru_cache(maxsize=4096)
def framework_of_module(module: str) -> str | None:
    """Framework of a dotted import path by its top-level name, or None."""
    return MODULES.get(module.split(".", 1)[0])


def is_incidental_module(module: str) -> bool:
    """True for imports that bring a framework in only for data or logging (`tf.io.gfile`)."""
    top, _, rest = module.partition(".")
    if top in INCIDENTAL_NAMES:
        return True
    if not rest:
        return False
    subs = INCIDENTAL_SUBMODULES.get(top, frozenset())
    return any(rest == s or rest.startswith(s + ".") for s in subs)


def framework_of_image(image: str) -> str | None:
    """Framework of a Docker image reference (`nvcr.io/nvidia/pytorch:23.10-py3`)."""
    name = image.lower().split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    return first_match(DOCKER_IMAGES, name)
