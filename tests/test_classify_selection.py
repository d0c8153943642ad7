"""select_files(): every manifest, the root README, a bounded, ranked, spread code sample."""

from __future__ import annotations

from analysis.classify.label import select_files
from analysis.models import TreeEntry


def tree(*paths: str) -> list[TreeEntry]:
    return [TreeEntry(p, "blob") for p in paths] + [TreeEntry("src", "tree")]


def test_manifests_up_to_three_folders_deep_and_the_root_readme():
    chosen = select_files(
        tree(
            "README.md",
            "docs/README.md",
            "requirements.txt",
            "a/b/c/requirements-gpu.txt",
            "a/b/c/d/requirements.txt",
            "environment.yaml",
            "docker/Dockerfile",
            "setup.py",
            "setup.cfg",
            "Pipfile",
            "pyproject.toml",
            "LICENSE",
            "assets/x.png",
        ),
        max_code=0,
    )
    assert chosen == [
        "Pipfile",
        "environment.yaml",
        "pyproject.toml",
        "requirements.txt",
        "setup.cfg",
        "setup.py",
        "docker/Dockerfile",
        "a/b/c/requirements-gpu.txt",
        "README.md",
    ]


def test_every_folder_is_seen_once_then_entry_points_and_model_code_lead():
    chosen = select_files(
        tree(
            "utils/misc.py",
            "tests/test_model.py",
            "third_party/lib/x.py",
            "docs/conf.py",
            "lib/models/resnet.py",
            "train.py",
            "tools/plot.py",
            "demo.ipynb",
            "model_test.py",
            "tools/train_net.py",
            "tools/viz.py",
        ),
        max_code=10,
    )
    assert chosen == [
        "train.py",
        "tools/train_net.py",
        "lib/models/resnet.py",
        "utils/misc.py",  # one each
        "demo.ipynb",
        "tools/plot.py",
        "tools/viz.py",
    ]


def test_code_sample_is_bounded():
    paths = [f"pkg/m{i:03}.py" for i in range(500)]
    assert len(select_files(tree(*paths), max_code=40)) == 40


def test_sample_spreads_over_top_level_folders():
    paths = [f"paddle/models/m{i}.py" for i in range(100)]
    paths += [f"pytorch/models/m{i}.py" for i in range(100)]
    chosen = select_files(tree(*paths), max_code=10)
    assert sum(p.startswith("paddle/") for p in chosen) == 5
    assert sum(p.startswith("pytorch/") for p in chosen) == 5


def test_shallow_files_before_deep_ones():
    chosen = select_files(tree("pkg/a/b/c/deep.py", "pkg/shallow.py"), max_code=1)
    assert chosen == ["pkg/shallow.py"]


def test_code_only_in_tests_is_still_sampled():
    assert select_files(tree("tests/run_all.py"), max_code=5) == ["tests/run_all.py"]


def test_select_files_is_deterministic_and_ignores_subtrees():
    entries = tree("b.py", "a.py", "requirements.txt")
    assert select_files(entries) == select_files(list(reversed(entries)))
    assert "src" not in select_files(entries)


def test_deployment_and_conversion_scripts_rank_with_entry_points():
    paths = [f"tools/a{i}.py" for i in range(20)] + ["tools/deploy.py", "tools/export_onnx.py"]
    chosen = select_files(tree(*paths), max_code=3)
    assert chosen == ["tools/deploy.py", "tools/export_onnx.py", "tools/a0.py"]
