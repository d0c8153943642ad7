"""requirements*.txt and install-command extraction."""

from __future__ import annotations

from conftest import FIXTURES

from analysis.classify.extract import requirements
from analysis.classify.extract.common import KERAS2, KERAS3, WEAK

FIXTURE = FIXTURES / "classifier" / "requirements.txt"


def rows(evidence):
    return [(e.line, e.package, e.framework, e.kind) for e in evidence]


def test_requirements_fixture_yields_every_framework_form():
    found = requirements.extract("requirements.txt", FIXTURE.read_bytes())
    assert rows(found) == [
        (3, "https://download.pytorch.org/whl/cu118", "pytorch", "manifest"),
        (4, "torch", "pytorch", "manifest"),
        (5, "torchvision", "pytorch", "manifest"),
        (8, "detectron2", "pytorch", "manifest"),
        (10, "timm", "pytorch", "manifest"),
    ]


def test_extra_index_url_is_weak_pytorch_evidence():
    found = requirements.extract(
        "r.txt", b"--extra-index-url=https://download.pytorch.org/whl/cu118"
    )
    assert [(e.framework, e.detail.startswith(WEAK)) for e in found] == [("pytorch", True)]


def test_local_version_label_is_parsed():
    found = requirements.extract("r.txt", b"torch==2.1.0+cu118\n")
    assert rows(found) == [(1, "torch", "pytorch", "manifest")]


def test_git_url_without_egg_maps_known_repository():
    found = requirements.extract(
        "r.txt", b"git+https://github.com/facebookresearch/detectron2.git\n"
    )
    assert rows(found) == [(1, "facebookresearch/detectron2", "pytorch", "manifest")]


def test_editable_install_of_the_repo_itself_is_not_evidence():
    assert requirements.extract("r.txt", b"-e .\n--editable ./lib\n") == []


def test_comments_and_markers_do_not_hide_the_name():
    text = b"# torch is optional\ntensorflow>=2.12 ; sys_platform == 'linux'  # gpu\n"
    assert rows(requirements.extract("r.txt", text)) == [
        (2, "tensorflow", "tensorflow", "manifest")
    ]


def test_tensorboard_and_tensorboardx_are_not_framework_evidence():
    assert requirements.extract("r.txt", b"tensorboard\ntensorboardX==2.6\neinops\n") == []


def test_variant_package_names_map_to_their_framework():
    text = (
        b"mxnet-cu112\npaddlepaddle-gpu==2.5\ntensorflow-macos\nmegengine\nmlx\njittor\noneflow\n"
    )
    assert [e.framework for e in requirements.extract("r.txt", text)] == [
        "mxnet",
        "paddle",
        "tensorflow",
        "megengine",
        "mlx",
        "jittor",
        "oneflow",
    ]


def test_keras_pins_are_classified():
    assert requirements.keras_pin("keras>=3.0") == KERAS3
    assert requirements.keras_pin("keras==2.12.0") == KERAS2
    assert requirements.keras_pin("keras=2.3.1") == KERAS2  # conda spelling
    assert requirements.keras_pin("keras") == ""


def test_install_command_reads_packages_channels_and_indexes():
    line = "conda install pytorch==2.1.0 torchvision pytorch-cuda=11.8 -c pytorch -c nvidia && ls"
    found = requirements.install_command("README.md", 7, line, "readme")
    assert [(e.package, e.framework) for e in found] == [
        ("pytorch", "pytorch"),
        ("torchvision", "pytorch"),
        ("pytorch-cuda", "pytorch"),
        ("channel:pytorch", "pytorch"),
        ("channel:nvidia", "pytorch"),
    ]


def test_install_command_stops_at_shell_separators_and_skips_paths():
    line = "pip install -e . && pip install tensorflow"
    assert requirements.install_command("README.md", 1, line, "readme") == []


def test_wheel_url_names_its_distribution():
    line = "pip install https://download.pytorch.org/whl/cu118/torch-2.0.0%2Bcu118-cp310-linux_x86_64.whl"
    found = requirements.install_command("README.md", 1, line, "readme")
    assert [(e.package, e.framework) for e in found] == [("torch", "pytorch")]
