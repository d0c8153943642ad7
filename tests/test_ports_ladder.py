"""Port decisions (pure): Hub models, official-repo signals, candidate repos and the ladder."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from huggingface_hub.hf_api import ModelInfo, RepoSibling

from analysis.models import Evidence, Label, Port, RepoRef, RepoSnapshot, TreeEntry
from analysis.ports.ladder import (
    best_level,
    hf_signals,
    is_reading_list,
    port_from_candidate_repo,
    ports_from_hf_models,
)
from analysis.ports.signals import ports_from_official_snapshot
from tests.conftest import FIXTURES

PAPER = "arxiv:2201.03545"
ARXIV = "2201.03545"
TITLE = "A ConvNet for the 2020s"
OFFICIAL = RepoRef("facebookresearch", "ConvNeXt")


def _models(name: str = "hf_models_arxiv_2201.03545.json") -> list[ModelInfo]:
    # What the scraper hands over: each `/api/models` item as huggingface_hub parses it.
    return [ModelInfo(**m) for m in json.loads((FIXTURES / "ports" / name).read_text())]


def _by_url(ports: list[Port]) -> dict[tuple[str, str], Port]:
    return {(p.url.rsplit("/", 2)[-2] + "/" + p.url.rsplit("/", 1)[-1], p.kind): p for p in ports}


# --- Hugging Face -------------------------------------------------------------------------------


def test_hf_models_get_their_ladder_levels_and_created_dates():
    ports = _by_url(ports_from_hf_models(PAPER, _models()))
    tf_weights = ports[("facebook/convnext-tiny-224", "transformers-tf")]
    assert (tf_weights.level, tf_weights.is_tf_port, tf_weights.framework) == (
        5,
        True,
        "tensorflow",
    )
    assert tf_weights.first_seen == date(2022, 3, 2)
    assert "tag=tf" in tf_weights.evidence and "file=tf_model.h5" in tf_weights.evidence
    assert tf_weights.url == "https://huggingface.co/facebook/convnext-tiny-224"
    tflite = ports[("litert-community/convnext-tiny", "tflite")]
    assert (tflite.level, tflite.is_tf_port, tflite.first_seen) == (2, True, date(2024, 5, 30))


def test_onnx_only_hub_model_is_level_one():
    ports = _by_url(ports_from_hf_models(PAPER, _models()))
    onnx = ports[("edge-lab/convnext-tiny-onnx", "onnx")]
    assert (onnx.level, onnx.is_tf_port, onnx.source) == (1, True, "hf-model")
    assert "file=convnext_tiny.onnx" in onnx.evidence


def test_pytorch_only_hub_model_is_not_a_port():
    urls = {p.url for p in ports_from_hf_models(PAPER, _models())}
    assert "https://huggingface.co/timm/convnext_tiny.fb_in1k" not in urls


def test_openvino_hub_model_is_a_level_zero_deployment_signal():
    ports = _by_url(ports_from_hf_models(PAPER, _models()))
    ov = ports[("OpenVINO/convnext-tiny-int8-ov", "openvino")]
    assert (ov.level, ov.is_tf_port) == (0, False)
    assert best_level([ov]) == 0


def test_keras_library_model_from_paper_page_is_hosted_keras():
    paper = json.loads((FIXTURES / "ports" / "hf_paper_2201.03545.json").read_text())
    ports = _by_url(ports_from_hf_models(PAPER, [ModelInfo(**m) for m in paper["linkedModels"]]))
    keras = ports[("keras-io/convnext-tiny-keras", "keras3")]
    assert (keras.level, keras.framework, keras.first_seen) == (5, "keras", date(2024, 9, 12))


def test_hub_model_with_onnx_and_tflite_keeps_the_better_tf_signal():
    model = ModelInfo(id="a/b", tags=["onnx", "tflite"], siblings=[{"rfilename": "m.onnx"}])
    (port,) = ports_from_hf_models(PAPER, [model])
    assert (port.kind, port.level) == ("tflite", 2)
    assert {s[0] for s in hf_signals(model)} == {"onnx", "tflite"}


def test_flax_weights_are_recorded_beside_the_ladder():
    model = ModelInfo(id="a/flax", library_name="transformers", tags=["jax"],
                      siblings=[{"rfilename": "flax_model.msgpack"}])  # fmt: skip
    (port,) = ports_from_hf_models(PAPER, [model])
    assert (port.kind, port.level, port.is_tf_port) == ("jax", 0, False)


def test_hub_model_files_and_date_are_read_from_modelinfo():
    # A `model_info`-style document: siblings with LFS metadata become RepoSibling objects and
    # `createdAt` without fractional seconds is normalised by huggingface_hub's parse_datetime.
    lfs = {"size": 9, "sha256": "ab" * 32, "pointerSize": 130}
    model = ModelInfo(id="a/lite", createdAt="2024-11-16T23:27:02Z", siblings=[
        {"rfilename": "export/m.tflite", "size": 9, "blobId": "b1", "lfs": lfs}])  # fmt: skip
    assert isinstance(model.siblings[0], RepoSibling) and model.siblings[0].lfs.size == 9
    (port,) = ports_from_hf_models(PAPER, [model])
    assert (port.kind, port.first_seen) == ("tflite", date(2024, 11, 16))
    assert port.evidence == "a/lite: file=export/m.tflite"


# --- the official repo --------------------------------------------------------------------------


def _snap(
    repo: RepoRef, paths: list[str], files: dict[str, bytes] | None = None, **kw
) -> RepoSnapshot:
    tree = tuple(TreeEntry(p, "blob", sha=f"{i:040x}") for i, p in enumerate(paths))
    return RepoSnapshot(repo, "c0ffee", tree, files or {}, **kw)


def _label(repo: RepoRef, primary: str, impl: tuple[str, ...] = (), evidence=(), status="released"):
    return Label(repo.key, "c0ffee", primary, {primary: 1.0}, status, 0.9, tuple(evidence), impl)


def test_converted_savedmodel_in_official_repo_is_level_two():
    snap = _snap(
        OFFICIAL, ["main.py", "export/tf/saved_model.pb", "export/tf/variables/variables.index"]
    )
    (port,) = ports_from_official_snapshot(PAPER, snap, _label(OFFICIAL, "pytorch"))
    assert (port.source, port.kind, port.level, port.is_tf_port) == (
        "official-repo",
        "savedmodel",
        2,
        True,
    )
    assert (
        port.url
        == "https://github.com/facebookresearch/ConvNeXt/blob/HEAD/export/tf/saved_model.pb"
    )
    assert port.first_seen is None


def test_official_repo_artifacts_and_tfjs_shards():
    paths = ["m.py", "weights/convnext.onnx", "mobile/convnext.tflite", "web/model.json",
             "web/group1-shard1of2.bin", "web/group1-shard2of2.bin", "docs/model.json"]  # fmt: skip
    ports = {p.kind: p for p in ports_from_official_snapshot(PAPER, _snap(OFFICIAL, paths), None)}
    assert {k: p.level for k, p in ports.items()} == {"onnx": 1, "tflite": 2, "tfjs": 2}
    assert ports["tfjs"].url.endswith("/web/model.json")  # docs/model.json has no shards beside it


def test_converter_imports_and_runtime_signals_in_official_repo():
    files = {
        "tools/export_tflite.py": b"import torch\nimport ai_edge_torch\n",
        "tools/to_tf.py": b"from onnx_tf.backend import prepare\n",
        "tools/jax_export.py": b"from jax.experimental import jax2tf\n",
        "deploy/trt.py": b"import tensorrt as trt\n",
        "requirements.txt": b"torch>=2.0\nonnxruntime-gpu==1.17\n",
    }
    snap = _snap(OFFICIAL, list(files), files)
    ports = {
        p.kind: p for p in ports_from_official_snapshot(PAPER, snap, _label(OFFICIAL, "pytorch"))
    }
    assert {k: (p.level, p.is_tf_port) for k, p in ports.items()} == {
        "ai_edge_torch": (2, True), "onnx-tf": (2, True), "jax2tf": (2, True),
        "tensorrt": (0, False), "onnxruntime": (0, False),
    }  # fmt: skip
    assert ports["ai_edge_torch"].evidence == "tools/export_tflite.py:2"
    assert ports["onnxruntime"].evidence == "requirements.txt:2"
    assert best_level(ports.values()) == 2


def test_converter_found_in_label_evidence_only():
    ev = [Evidence("setup.cfg", 7, "onnx2tf", None, "manifest")]
    ports = ports_from_official_snapshot(
        PAPER, _snap(OFFICIAL, ["a.py"]), _label(OFFICIAL, "pytorch", evidence=ev)
    )
    assert [(p.kind, p.level, p.evidence) for p in ports] == [("onnx2tf", 2, "setup.cfg:7")]


def test_official_repo_with_a_second_keras_implementation():
    ev = [Evidence("keras_impl/model.py", 1, "keras", "keras", "import")]
    label = _label(OFFICIAL, "pytorch", impl=("pytorch", "keras"), evidence=ev)
    (port,) = ports_from_official_snapshot(PAPER, _snap(OFFICIAL, ["a.py"]), label)
    assert (port.kind, port.level, port.url) == ("keras3", 3, OFFICIAL.url)
    assert "keras_impl/model.py:1" in port.evidence


def test_missing_official_repo_yields_nothing():
    snap = _snap(OFFICIAL, ["x.tflite"], status="missing")
    assert ports_from_official_snapshot(PAPER, snap, None) == []


# --- candidate repositories ---------------------------------------------------------------------

_README = f"# ConvNeXt in TF\n[paper](https://arxiv.org/abs/{ARXIV})\n".encode()


def _candidate(owner: str, name: str, primary: str, *, paths=("convnext/model.py", "train.py"),
               readme: bytes = _README, fork: bool = False, impl=()):  # fmt: skip
    repo = RepoRef(owner, name)
    snap = _snap(repo, [*paths, "README.md"], {"README.md": readme}, fork=fork,
                 created_at=datetime(2022, 1, 13, 9, 52, tzinfo=UTC))  # fmt: skip
    ev = [Evidence("convnext/model.py", 1, primary, primary, "import")]
    return snap, _label(repo, primary, impl=impl or (primary,), evidence=ev)


def _decide(snap, label, is_fork=False, **kw):
    return port_from_candidate_repo(PAPER, snap, label, OFFICIAL, is_fork, arxiv_id=ARXIV,
                                    title=TITLE, **kw)  # fmt: skip


def test_keras2_port_is_native_tf_level_four_with_repo_creation_date():
    paths = ("convnext/model.py", "train.py", "weights/convnext_tiny.h5")
    port = _decide(*_candidate("sayakpaul", "ConvNeXt-TF", "tensorflow", paths=paths))
    assert (port.kind, port.level, port.framework, port.is_tf_port) == (
        "tf-keras",
        4,
        "tensorflow",
        True,
    )
    assert (port.first_seen, port.source, port.url) == (date(2022, 1, 13), "github-search",
                                                        "https://github.com/sayakpaul/ConvNeXt-TF")  # fmt: skip
    assert "convnext/model.py:1 tensorflow" in port.evidence
    assert "weights file weights/convnext_tiny.h5" in port.evidence
    assert port.first_seen_source == "repo-created"


def test_keras3_port_with_a_weight_conversion_script_is_level_three():
    paths = ("convnext/model.py", "tools/convert_torch_weights.py")
    port = _decide(*_candidate("k3-ports", "convnext-keras3", "keras", paths=paths),
                   source="issues")  # fmt: skip
    assert (port.kind, port.level, port.framework, port.source) == ("keras3", 3, "keras", "issues")
    assert "conversion script tools/convert_torch_weights.py" in port.evidence


@pytest.mark.parametrize("primary,kind", [("keras", "keras3"), ("tensorflow", "tf-keras")])
def test_community_code_without_ported_weights_is_level_two(primary, kind):
    port = _decide(*_candidate("someone", "convnext-tf-scratch", primary))
    assert (port.kind, port.level, port.is_tf_port) == (kind, 2, True)
    assert "no ported weights seen" in port.evidence


def test_repo_with_only_a_tflite_file_and_no_python_is_a_converted_artifact():
    snap = _snap(RepoRef("app-dev", "ConvNeXt-TFLite-Android"),
                 ["app/src/main/assets/convnext.tflite", "app/build.gradle", "README.md"],
                 {"README.md": f"# ConvNeXt on Android\narxiv.org/abs/{ARXIV}\n".encode()})  # fmt: skip
    label = _label(snap.repo, "unknown", status="none-dl")
    port = _decide(snap, label)
    assert (port.kind, port.level, port.framework) == ("tflite", 2, "tensorflow")
    assert port.evidence.endswith("app/src/main/assets/convnext.tflite")


def test_short_name_of_the_paper_in_the_readme_heading_counts_as_a_mention():
    snap, label = _candidate("x", "dfine-keras", "keras", readme=b"# D-FINE in Keras 3\n")
    port = port_from_candidate_repo(PAPER, snap, label, OFFICIAL, False, arxiv_id="2410.13842",
                                    title="D-FINE: Redefine Regression Task in DETRs")  # fmt: skip
    assert port is not None and port.level == 2


def test_pytorch_reimplementation_is_not_a_tf_port():
    assert _decide(*_candidate("torch-user", "convnext-pytorch-reimpl", "pytorch")) is None


def test_fork_of_the_official_repo_is_not_a_port():
    snap, label = _candidate("tfport-fan", "ConvNeXt", "tensorflow")
    assert _decide(snap, label, is_fork=True) is None
    snap, label = _candidate("tfport-fan", "ConvNeXt", "tensorflow", fork=True)
    assert _decide(snap, label) is None


def test_official_repo_is_not_its_own_port():
    snap, label = _candidate("FacebookResearch", "convnext", "tensorflow")
    assert _decide(snap, label) is None


def test_reading_list_that_mentions_the_paper_is_not_a_port():
    many = "\n".join(f"- https://arxiv.org/abs/22{i:02d}.0{i:04d}" for i in range(1, 12))
    readme = (_README.decode() + many).encode()
    snap, label = _candidate(
        "someone", "vision-notes", "tensorflow", paths=("scripts/x.py",), readme=readme
    )
    assert is_reading_list(snap) and _decide(snap, label) is None
    snap, label = _candidate("list-keeper", "awesome-vision-backbones", "tensorflow")
    assert is_reading_list(snap) and _decide(snap, label) is None


def test_model_zoo_citing_many_papers_is_still_a_port():
    many = "\n".join(f"- https://arxiv.org/abs/22{i:02d}.0{i:04d}" for i in range(1, 30))
    paths = tuple(f"zoo/m{i}.py" for i in range(40))
    snap, label = _candidate("leondgarse", "keras_cv_attention_models", "keras", paths=paths,
                             readme=(_README.decode() + many).encode())  # fmt: skip
    assert not is_reading_list(snap) and _decide(snap, label).level == 2  # no weights seen


def test_repo_whose_readme_never_names_the_paper_is_not_a_port():
    snap, label = _candidate("x", "unrelated-tf", "tensorflow", readme=b"# Image models in TF\n")
    assert _decide(snap, label) is None
    snap, label = _candidate(
        "x", "titled-tf", "tensorflow", readme=b"Unofficial: a convnet for THE 2020s!"
    )
    assert _decide(snap, label).kind == "tf-keras"


def test_placeholder_repo_is_not_a_port():
    snap, _ = _candidate("x", "convnext-tf", "tensorflow")
    label = _label(snap.repo, "unknown", status="placeholder")
    assert _decide(snap, label) is None


# --- ladder -------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels,expected", [((), 0), ((1,), 1), ((1, 2), 2), ((3, 2), 3),
                                             ((4, 1), 4), ((5, 3, 4), 5)])  # fmt: skip
def test_best_level_is_the_best_tf_port(levels, expected):
    ports = [
        Port(PAPER, f"u{i}", "s", "k", None, lvl, is_tf_port=True) for i, lvl in enumerate(levels)
    ]
    assert best_level(ports) == expected


def test_best_level_ignores_deployment_signals():
    signal = Port(PAPER, "u", "official-repo", "tensorrt", None, 0, is_tf_port=False)
    onnx = Port(PAPER, "v", "hf-model", "onnx", None, 1, is_tf_port=True)
    assert best_level([signal]) == 0 and best_level([signal, onnx]) == 1


# --- recorded corpus (real trees, manifests and import facts) -------------------------------------


def test_corpus_repo_with_an_onnxruntime_deploy_script_gets_a_signal_not_a_tf_port(corpus):
    from analysis.classify.local import snapshot_from_dir

    snap = snapshot_from_dir(corpus / "repos" / "Haiyang-W" / "DSVT")
    ports = ports_from_official_snapshot(PAPER, snap, None)
    assert ("onnxruntime", 0, False) in {(p.kind, p.level, p.is_tf_port) for p in ports}
    assert best_level(ports) == 0


def test_corpus_official_signals_point_at_real_files_and_never_claim_a_reimplementation(corpus):
    from analysis.classify.local import snapshot_from_dir

    seen = 0
    for repo_dir in sorted((corpus / "repos").glob("*/*")):
        snap = snapshot_from_dir(repo_dir)
        paths = {e.path for e in snap.tree}
        for port in ports_from_official_snapshot(PAPER, snap, None):
            seen += 1
            assert port.url.split("/blob/HEAD/", 1)[1] in paths, port
            assert port.level <= 2 and port.first_seen is None, port
    assert seen > 0
