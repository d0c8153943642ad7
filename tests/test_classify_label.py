"""classify(): evidence tiers, incidental use, Keras, implementations, code status, confidence."""

from __future__ import annotations

from classifier_helpers import code, snapshot

from analysis.classify.label import CLASSIFIER_VERSION, classify
from analysis.models import EVIDENCE_KINDS, FRAMEWORKS, RepoRef, RepoSnapshot

TORCH_MODEL = "import torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n"
TF_MODEL = "import tensorflow as tf\n\nlayer = tf.keras.layers.Dense(4)\n"


def test_imports_in_code_outweigh_manifests():
    label = classify(
        snapshot(
            {
                "requirements.txt": "torch\ntorchvision\n",
                "train.py": code("jax", "flax"),
                "model.py": code("jax", "optax"),
            }
        )
    )
    assert label.primary == "jax"


def test_manifests_outweigh_readme():
    label = classify(
        snapshot(
            {
                "requirements.txt": "tensorflow==2.15\n",
                "README.md": "```sh\npip install torch\n```\n",
                "run.py": code("numpy"),
            }
        )
    )
    assert label.primary == "tensorflow"
    assert label.frameworks["tensorflow"] > label.frameworks["pytorch"]


def test_readme_alone_decides_when_nothing_else_names_a_framework():
    label = classify(
        snapshot({"README.md": "```\npip install paddlepaddle-gpu\n```\n", "main.py": code("os")})
    )
    assert (label.primary, label.code_status) == ("paddle", "released")


def test_tensorboard_does_not_flip_pytorch_label():
    label = classify(
        snapshot(
            {
                "requirements.txt": "torch\ntensorboard\ntensorboardX\n",
                "train.py": "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n",
                "log.py": "import tensorboardX\nimport tensorflow as tf\nw = tf.summary.create_file_writer('x')\n",
                "log2.py": "import tensorflow as tf\ntf.summary.scalar('a', 1)\n",
            }
        )
    )
    assert label.primary == "pytorch"


def test_tf_io_gfile_in_pytorch_repo_stays_pytorch():
    files = {f"io{i}.py": "import tensorflow as tf\nf = tf.io.gfile.GFile('x')\n" for i in range(4)}
    files |= {"model.py": TORCH_MODEL, "train.py": TORCH_MODEL}
    assert classify(snapshot(files)).primary == "pytorch"


def test_torch_only_for_data_loading_in_tf_repo_stays_tensorflow():
    label = classify(
        snapshot(
            {
                "model.py": TF_MODEL,
                "train.py": TF_MODEL,
                "data/loader.py": "import tensorflow as tf\nfrom torch.utils.data import DataLoader\n",
                "data/voc.py": "from torch.utils.data import Dataset\n",
                "data/coco.py": "from torch.utils.data import Dataset\n",
            }
        )
    )
    assert label.primary == "tensorflow"


def test_fid_code_importing_tensorflow_does_not_flip_pytorch():
    label = classify(
        snapshot(
            {
                "requirements.txt": "torch\n",
                "train.py": TORCH_MODEL,
                "metrics/fid.py": code("tensorflow"),
                "metrics/inception.py": code("tensorflow"),
            }
        )
    )
    assert label.primary == "pytorch"


def test_jax_repo_using_tf_data_and_tfds_stays_jax():
    label = classify(
        snapshot(
            {
                "requirements.txt": "jax\nflax\ntensorflow\ntensorflow-datasets\n",
                "train.py": code("jax", "flax", "tensorflow"),
                "models.py": code("jax", "flax"),
                "input_pipeline.py": code("tensorflow", "tensorflow_datasets"),
                "preprocess.py": code("tensorflow"),
                "eval.py": code("jax", "tensorflow"),
            }
        )
    )
    assert label.primary == "jax"


def test_keras_3_pin_without_tensorflow_is_keras():
    label = classify(
        snapshot(
            {
                "requirements.txt": "keras>=3.0\njax\n",
                "train.py": code("keras"),
                "model.py": code("keras"),
            }
        )
    )
    assert label.primary == "keras"


def test_keras_backend_switch_without_tensorflow_is_keras():
    label = classify(
        snapshot(
            {
                "train.py": 'import os\nos.environ["KERAS_BACKEND"] = "torch"\nimport keras\n',
                "model.py": code("keras"),
            }
        )
    )
    assert label.primary == "keras"


def test_plain_keras_with_tensorflow_in_the_repo_is_tensorflow():
    label = classify(
        snapshot(
            {
                "requirements.txt": "keras>=3\n",
                "model.py": code("keras"),
                "train.py": code("keras"),
                "data.py": TF_MODEL,
            }
        )
    )
    assert label.primary == "tensorflow"
    assert "keras" not in label.frameworks


def test_plain_keras_without_a_pin_is_keras_2_on_tensorflow():
    label = classify(snapshot({"model.py": code("keras"), "train.py": code("keras", "numpy")}))
    assert label.primary == "tensorflow"


def test_tf_keras_forms_are_tensorflow():
    label = classify(
        snapshot(
            {
                "a.py": "from tensorflow import keras\n",
                "b.py": code("tf_keras"),
                "requirements.txt": "tf-keras\n",
            }
        )
    )
    assert label.primary == "tensorflow"


def test_two_real_implementations_are_both_reported_larger_first():
    files = {f"paddle/models/m{i}.py": code("paddle") for i in range(8)}
    files |= {f"pytorch/models/m{i}.py": code("torch") for i in range(5)}
    label = classify(snapshot(files))
    assert label.primary == "paddle"
    assert label.implementations == ("paddle", "pytorch")


def test_single_stray_import_is_not_an_implementation():
    files = {f"models/m{i}.py": code("torch") for i in range(8)}
    files["tools/convert.py"] = code("paddle")
    assert classify(snapshot(files)).implementations == ("pytorch",)


def test_readme_license_and_images_only_is_a_placeholder():
    label = classify(
        snapshot(
            {"README.md": "Code coming soon.\n```\npip install torch\n```\n"},
            extra_blobs=("LICENSE", "assets/teaser.png", "docs/paper.pdf"),
        )
    )
    assert (label.primary, label.code_status) == ("unknown", "placeholder")


def test_code_without_a_framework_is_none_dl():
    label = classify(snapshot({"main.py": code("numpy", "scipy"), "requirements.txt": "numpy\n"}))
    assert (label.primary, label.code_status, label.frameworks) == ("unknown", "none-dl", {})


def test_code_in_the_tree_but_none_read_is_unknown_not_none():
    files = {"README.md": "# x", "requirements.txt": "numpy\nscipy\n"}
    label = classify(snapshot(files, extra_blobs=("train.py", "model.py")))
    assert (label.primary, label.code_status, label.confidence) == ("unknown", "released", 0.0)
    assert any("none of it was read" in e.detail for e in label.evidence if e.kind == "note")


def test_code_that_failed_to_read_is_unknown_not_none():
    label = classify(snapshot({"train.py": b"\x00\x01binary", "requirements.txt": "numpy\n"}))
    assert (label.primary, label.code_status) == ("unknown", "released")


def test_cpp_only_repository_has_code():
    label = classify(snapshot({"README.md": "# C++"}, extra_blobs=("src/main.cpp",)))
    assert label.code_status == "none-dl"


def test_missing_repository_keeps_missing_status():
    label = classify(RepoSnapshot(RepoRef("o", "gone"), None, status="missing"))
    assert (label.primary, label.code_status, label.evidence) == ("unknown", "missing", ())


def test_label_fields_are_well_formed():
    label = classify(
        snapshot(
            {
                "requirements.txt": "torch\n",
                "train.py": TORCH_MODEL,
                "README.md": "```\npip install jax\n```\n",
            }
        )
    )
    assert label.classifier_version == CLASSIFIER_VERSION
    assert label.repo == "octo/demo" and label.commit == "abc123"
    assert 0.0 <= label.confidence <= 1.0
    assert abs(sum(label.frameworks.values()) - 1.0) < 0.01
    assert set(label.frameworks) <= set(FRAMEWORKS)
    assert {e.kind for e in label.evidence} <= set(EVIDENCE_KINDS)
    assert ("train.py", 1, "torch", "pytorch", "import") in {
        (e.file, e.line, e.package, e.framework, e.kind) for e in label.evidence
    }


def test_clear_cut_repo_is_more_confident_than_a_split_one():
    clear = classify(
        snapshot({f"m{i}.py": TORCH_MODEL for i in range(6)} | {"requirements.txt": "torch"})
    )
    split = classify(snapshot({"a.py": TORCH_MODEL, "b.py": TF_MODEL}))
    assert clear.confidence > 0.8 > split.confidence


def test_bad_files_leave_notes_and_keep_the_other_evidence():
    label = classify(
        snapshot(
            {
                "requirements.txt": b"torch\n\xff\xfe\xfa",
                "environment.yml": b"dependencies: [unclosed",
                "pyproject.toml": b"[project\n",
                "setup.py": b"setup(install_requires=['torch'",
                "weights.py": b"\x00\x01\x02binary",
                "train.py": TORCH_MODEL,
            }
        )
    )
    notes = {e.file for e in label.evidence if e.kind == "note"}
    assert notes >= {"environment.yml", "pyproject.toml", "setup.py", "weights.py"}
    assert label.primary == "pytorch"


def test_requirement_include_with_an_unmatched_name_is_followed():
    label = classify(
        snapshot(
            {
                "requirements.txt": "-r deps/base.in\n",
                "deps/base.in": "tensorflow\n",
                "main.py": code("os"),
            }
        )
    )
    assert label.primary == "tensorflow"
    assert ("deps/base.in", "tensorflow") in {(e.file, e.package) for e in label.evidence}


def test_snapshot_notes_and_truncated_tree_become_note_evidence():
    label = classify(
        snapshot({"train.py": TORCH_MODEL}, notes=("x: symlink not followed",), tree_truncated=True)
    )
    details = [e.detail for e in label.evidence if e.kind == "note"]
    assert "x: symlink not followed" in details
    assert any("truncated" in d for d in details)


def test_sampled_files_stand_for_their_unread_folder():
    # 2 of 60 files under src/ were fetched (torch); both root scripts import TF.
    unread = tuple(f"src/m{i}.py" for i in range(58))
    label = classify(
        snapshot(
            {
                "src/a.py": TORCH_MODEL,
                "src/b.py": TORCH_MODEL,
                "x.py": TF_MODEL,
                "y.py": TF_MODEL,
                "z.py": TF_MODEL,
            },
            extra_blobs=unread,
        )
    )
    assert label.primary == "pytorch"


def test_random_bytes_in_every_file_kind_never_crash_the_classifier():
    import random

    rng = random.Random(7)
    names = [
        "requirements.txt",
        "environment.yml",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "Pipfile",
        "Dockerfile",
        "README.md",
        "train.py",
        "demo.ipynb",
    ]
    pieces = [
        b"torch",
        b"import ",
        b"\n",
        b"[",
        b"{",
        b":",
        b"- ",
        b"&a",
        b"*a",
        b'"',
        b"\x00",
        b"\xff",
        b"pip install ",
        b"```",
        b"=",
        b"\\",
        b"tensorflow",
        b"    ",
    ]
    for _ in range(60):
        files = {n: b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for n in names}
        label = classify(snapshot(files))
        assert label.code_status in ("released", "none-dl")
        assert 0.0 <= label.confidence <= 1.0
