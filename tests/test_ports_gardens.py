"""Model collections (pure): which models a tree holds, what each cites, which paper matches,
the ladder level and date of the port; and paper short names."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.models import GardenUnit, RepoRef, RepoSnapshot, TreeEntry
from analysis.ports.garden_match import GardenIndex, level_of, ports_from_gardens
from analysis.ports.gardens import (
    build_units,
    code_citations,
    garden_named,
    unit_docs,
    unit_paths,
    units_from_registry,
    weights_evidence,
)
from analysis.ports.keras_registry import KERAS_HUB, KerasModel, KerasRegistry
from analysis.ports.names import mentions_name, short_names, unit_named_like

COLLECTION = garden_named("dl-techniques")
HUB = garden_named("keras-hub")
APPS = garden_named("keras-applications")


def _tree(paths: list[str]) -> tuple[TreeEntry, ...]:
    folders = {"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)}
    return tuple([TreeEntry(d, "tree") for d in sorted(folders)]
                 + [TreeEntry(p, "blob") for p in paths])  # fmt: skip


ROOT = "src/dl_techniques/models"
TREE = _tree([
    f"{ROOT}/SAM/README.md", f"{ROOT}/SAM/SAM2/README.md", f"{ROOT}/SAM/SAM2/model.py",
    f"{ROOT}/SAM/SAM3/README.md", f"{ROOT}/darkir/model.py", f"{ROOT}/darkir/layers.py",
    f"{ROOT}/darkir/darkir_test.py", f"{ROOT}/darkir/convert_weights.py",
    f"{ROOT}/darkir/__init__.py", f"{ROOT}/tests/test_all.py", f"{ROOT}/_private/x.py",
    "src/dl_techniques/utils/misc.py",
])  # fmt: skip


def test_models_are_folders_under_the_root_plus_nested_folders_with_a_readme():
    assert unit_paths(COLLECTION, TREE) == [f"{ROOT}/SAM", f"{ROOT}/SAM/SAM2", f"{ROOT}/SAM/SAM3",
                                            f"{ROOT}/darkir"]  # fmt: skip


def test_file_garden_lists_model_files_not_init_or_tests():
    tree = _tree(["keras/src/applications/resnet.py", "keras/src/applications/__init__.py",
                  "keras/src/applications/resnet_test.py", "keras/src/other/x.py"])  # fmt: skip
    assert unit_paths(APPS, tree) == ["keras/src/applications/resnet.py"]


def test_a_readme_is_the_document_else_a_few_model_files_best_first():
    assert unit_docs(COLLECTION, TREE, f"{ROOT}/SAM/SAM2") == [f"{ROOT}/SAM/SAM2/README.md"]
    docs = unit_docs(COLLECTION, TREE, f"{ROOT}/darkir")
    assert docs[0] == f"{ROOT}/darkir/model.py" and len(docs) == 3
    assert f"{ROOT}/darkir/darkir_test.py" not in docs


def test_first_party_code_counts_only_exported_model_docstrings():
    text = '''
class LayerScale:
    """After CaiT (https://arxiv.org/abs/2103.17239)."""

@keras_hub_export("keras_hub.models.ConvNeXtBackbone")
class ConvNeXtBackbone:
    """A ConvNet for the 2020s: https://arxiv.org/abs/2201.03545"""
'''
    assert code_citations(text, exported_only=True) == (["2201.03545"], ["ConvNeXtBackbone"])
    ids, names = code_citations(text, exported_only=False)  # community code: every docstring
    assert ids == ["2103.17239", "2201.03545"] and names == ["LayerScale", "ConvNeXtBackbone"]
    assert code_citations("def broken(:\n", exported_only=False) == ([], [])


def test_units_read_readme_links_heading_and_weights_evidence():
    files = {f"{ROOT}/SAM/SAM2/README.md": b"# SAM 2 in Keras 3\nhttps://arxiv.org/abs/2408.00714\n",
             f"{ROOT}/darkir/model.py": b'"""DarkIR."""\nimport keras\n'}  # fmt: skip
    snap = RepoSnapshot(COLLECTION.repo, "abc", TREE, files)
    units = {u.path: u for u in build_units(COLLECTION, snap)}
    sam2 = units[f"{ROOT}/SAM/SAM2"]
    assert (sam2.cited, sam2.names, sam2.weights, sam2.version) == (
        ("2408.00714",),
        ("SAM 2 in Keras 3",),
        "",
        "abc",
    )
    assert units[f"{ROOT}/darkir"].weights == f"conversion script {ROOT}/darkir/convert_weights.py"
    assert sam2.url == "https://github.com/NikolasMarkou/dl_techniques/tree/HEAD/" + sam2.path


@pytest.mark.parametrize("paths,readme,expected", [
    (["m/model.py", "m/weights/sam.h5"], "", "weights file m/weights/sam.h5"),
    (["m/export_tflite.py"], "", "conversion script m/export_tflite.py"),
    (["m/model.py"], "| B0 | [h5](https://github.com/x/y/releases/download/v1/b0.h5) |",
     "weights link in README (https://github.com/x/y/releases/download/v1/b0.h5)"),
    (["m/model.py", "m/import_utils.py", "m/report.py"], "no weights", ""),
])  # fmt: skip
def test_weights_evidence(paths, readme, expected):
    assert weights_evidence(paths, readme) == expected


def _unit(garden: str, path: str, cited=(), weights="") -> GardenUnit:
    g = garden_named(garden)
    return GardenUnit(g.name, g.repo, path, g.files, tuple(cited), (), weights)


INDEX = GardenIndex((
    _unit("keras-hub", "keras_hub/src/models/sam", ["2304.02643"]),
    _unit("keras-hub", "keras_hub/src/models/d_fine"),
    _unit("keras-hub", "keras_hub/src/models/depth_anything", ["2406.09414"]),
    _unit("keras-vision-models", "kmodels/models/depth_anything_v2"),
    _unit("pinto-model-zoo", "439_Depth-Anything"),
    _unit("kecam", "keras_cv_attention_models/segment_anything", ["2304.02643"]),
    _unit("keras-vision-models", "kmodels/models/sam3", ["2511.16719"], "conversion script x"),
))  # fmt: skip


def test_cited_models_match_by_arxiv_id_version_ignored():
    found = INDEX.lookup("2304.02643v3", "Segment Anything")
    assert [(u.garden, why) for u, why in found] == [
        ("keras-hub", "cites arXiv:2304.02643"),
        ("kecam", "cites arXiv:2304.02643"),
    ]


def test_models_citing_no_paper_match_by_the_papers_short_name():
    found = {u.path for u, _ in INDEX.lookup("2410.13842", "D-FINE: Redefine Regression Task")}
    assert found == {"keras_hub/src/models/d_fine"}
    v1 = {u.path for u, _ in INDEX.lookup("2401.10891", "Depth Anything: Unleashing the Power")}
    # PINTO's numbered folder is the paper; `depth_anything_v2` is another paper; keras-hub's
    # `depth_anything` cites V2 so its name is not taken as a claim.
    assert v1 == {"439_Depth-Anything"}
    v2 = {u.path for u, _ in INDEX.lookup("2406.09414", "Depth Anything V2")}
    assert v2 == {"keras_hub/src/models/depth_anything", "kmodels/models/depth_anything_v2"}


def test_levels_first_party_three_community_by_weights_converted_collections_two():
    assert level_of(INDEX.units[0]) == ("keras3", 3, "keras")
    assert level_of(INDEX.units[5]) == ("keras3", 2, "keras")  # kecam, no weights seen
    assert level_of(INDEX.units[6]) == ("keras3", 3, "keras")  # weights converted
    assert level_of(INDEX.units[4]) == ("tflite", 2, "tensorflow")  # PINTO


def test_ports_carry_the_first_commit_and_never_the_official_repo():
    sam = INDEX.units[0]
    dates = {sam.url: (date(2024, 9, 24), "first-commit")}
    ports = {p.source: p for p in ports_from_gardens("arxiv:2304.02643", "2304.02643",
                                                     "Segment Anything", INDEX, dates)}  # fmt: skip
    hub, kecam = ports["keras-hub"], ports["kecam"]
    assert (hub.first_seen, hub.first_seen_source, hub.level) == (date(2024, 9, 24),
                                                                  "first-commit", 3)  # fmt: skip
    assert (kecam.first_seen, kecam.first_seen_source) == (None, None)
    assert "first-party" in hub.evidence and "no ported weights seen" in kecam.evidence
    official = RepoRef("leondgarse", "keras_cv_attention_models")
    only = ports_from_gardens("p", "2304.02643", None, INDEX, {}, official)
    assert [p.source for p in only] == ["keras-hub"]


def test_wheel_files_fold_into_their_model_folders():
    registry = KerasRegistry({"2201.03545": (
        KerasModel(KERAS_HUB, "keras_hub/src/models/convnext/convnext_backbone.py", ("A",), "0.9"),
        KerasModel(KERAS_HUB, "keras_hub/src/models/convnext/convnext_classifier.py", ("B",)),
    )})  # fmt: skip
    (unit,) = units_from_registry(registry)
    assert (unit.path, unit.names, unit.cited) == (
        "keras_hub/src/models/convnext",
        ("A", "B"),
        ("2201.03545",),
    )
    assert unit.url == "https://github.com/keras-team/keras-hub/tree/HEAD/" + unit.path
    assert HUB.repo == unit.repo


@pytest.mark.parametrize("title,names", [
    ("Depth Anything: Unleashing the Power of Large-Scale Unlabeled Data", ["Depth Anything"]),
    ("Real-Time Object Detection Meets DINOv3 (DEIMv2)", ["DEIMv2"]),
    ("Depth Anything V2", ["Depth Anything V2"]),
    ("Focal Loss for Dense Object Detection", []),
    ("A: short", []),  # one letter is no name
    (None, []),
])  # fmt: skip
def test_short_names(title, names):
    assert short_names(title) == names


def test_names_are_matched_on_whole_tokens():
    assert mentions_name("# SAM 2 Export to ONNX and TFLITE", "SAM 2: Segment Anything in Video")
    assert mentions_name("YOLOv10-TFLite-on-Android", "YOLOv10: Real-Time End-to-End Detection")
    assert not mentions_name("SAM2 is not SAM", "SAM 3: Segment Anything with Concepts")
    assert unit_named_like("472_DEIMv2-Wholebody34", "Meets DINOv3 (DEIMv2)")
    assert unit_named_like("rt_detr_v2", "RT-DETRv2: Improved Baseline")
    assert not unit_named_like("rt_detr", "RT-DETRv2: Improved Baseline")
    assert not unit_named_like("sam2", "SAM: Segment Anything")
