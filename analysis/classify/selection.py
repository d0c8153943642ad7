"""Which files of a repository tree the classifier wants fetched (pure; used by the scraper)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from analysis.classify.extract import MANIFEST_FAMILIES, family_of
from analysis.models import TreeEntry

MAX_MANIFEST_DEPTH = 3  # folders below the root, as the corpus records them
MAX_MANIFESTS = 60  # monorepos can have hundreds; the shallowest say the most
CODE_SUFFIXES = (".py", ".ipynb")
# Any of these means the repository has code, even without Python (C++/CUDA/MATLAB/Lua/Julia).
SOURCE_SUFFIXES = CODE_SUFFIXES + (
    ".pyx",
    ".cu",
    ".cuh",
    ".cpp",
    ".cc",
    ".cxx",
    ".c",
    ".h",
    ".hpp",
    ".m",
    ".lua",
    ".jl",
)
# Folders whose code says little about the paper's own implementation.
SKIP_DIRS = frozenset(
    {
        "test",
        "tests",
        "testing",
        "unittest",
        "unittests",
        "doc",
        "docs",
        "third_party",
        "thirdparty",
        "third-party",
        "3rdparty",
        "external",
        "externals",
        "extern",
        "vendor",
        "vendored",
        "site-packages",
        "node_modules",
        ".github",
        "build",
        "dist",
        "__pycache__",
        ".ipynb_checkpoints",
        "venv",
        ".venv",
        "env",
    }
)
_TEST_FILE = re.compile(r"^(test_.*|.*_test|conftest)\.py$")
# Entry-point names, most telling first (train.py says more than app.py).
ENTRY_NAMES = (
    "train",
    "main",
    "demo",
    "model",
    "models",
    "network",
    "networks",
    "net",
    "trainer",
    "run",
    "inference",
    "infer",
    "predict",
    "eval",
    "evaluate",
    "engine",
    "app",
)
_ENTRY = re.compile(rf"^({'|'.join(ENTRY_NAMES)})([_\-].*)?\.(py|ipynb)$")
# Deployment and conversion scripts: the port finder reads the same sample for converter signals.
_DEPLOY = re.compile(r"(deploy|export|convert|onnx|tflite|tensorrt|trt|coreml|tfjs)")
MODEL_DIRS = frozenset(
    {
        "models",
        "model",
        "networks",
        "network",
        "nets",
        "net",
        "modeling",
        "archs",
        "arch",
        "backbones",
        "backbone",
        "modules",
        "lib",
        "core",
    }
)
_README = re.compile(r"^readme(\.(md|markdown|rst|txt))?$", re.I)


def select_files(tree: Sequence[TreeEntry], max_code: int = 40) -> list[str]:
    """Every manifest (<= 3 folders deep), the root README, then a ranked sample of code files."""
    blobs = [e.path for e in tree if e.type == "blob"]
    chosen = manifests(blobs)
    readme = root_readme(blobs)
    if readme:
        chosen.append(readme)
    seen = set(chosen)
    chosen += [p for p in sample_code(blobs, max_code) if p not in seen]
    return chosen


def manifests(paths: Iterable[str]) -> list[str]:
    """Dependency manifests up to MAX_MANIFEST_DEPTH folders deep, shallowest first."""
    found = [
        p for p in paths if p.count("/") <= MAX_MANIFEST_DEPTH and family_of(p) in MANIFEST_FAMILIES
    ]
    return sorted(found, key=lambda p: (p.count("/"), p))[:MAX_MANIFESTS]


def root_readme(paths: Iterable[str]) -> str | None:
    """The root README, preferring Markdown."""
    roots = sorted(
        (p for p in paths if "/" not in p and _README.match(p)),
        key=lambda p: (not p.lower().endswith(".md"), p),
    )
    return roots[0] if roots else None


def is_code(path: str) -> bool:
    return path.lower().endswith(CODE_SUFFIXES)


def is_sampled_kind(path: str) -> bool:
    """Code the sampler may pick: not tests, docs, vendored copies or setup.py."""
    parts = path.lower().split("/")
    if any(part in SKIP_DIRS for part in parts[:-1]):
        return False
    return not (_TEST_FILE.match(parts[-1]) or parts[-1] == "setup.py")


def stratum(path: str) -> str:
    """Top-level folder of a path ('' for root files): the unit of stratified sampling."""
    head, sep, _ = path.partition("/")
    return head if sep else ""


def _rank(path: str) -> tuple[int, int, int, str]:
    """(tier, depth, entry-name order, path): entry points, then model folders, shallow first."""
    parts = path.lower().split("/")
    name = parts[-1]
    entry = _ENTRY.match(name)
    order = ENTRY_NAMES.index(entry.group(1)) if entry else len(ENTRY_NAMES)
    if name == "__init__.py":
        tier = 4  # usually empty or re-exports
    elif entry or _DEPLOY.search(name):
        tier = 0
    elif any(part in MODEL_DIRS for part in parts[:-1]):
        tier = 1
    elif "util" in name or "config" in path.lower():
        tier = 3
    else:
        tier = 2
    return tier, len(parts), order, path


def sample_code(paths: Iterable[str], max_code: int = 40) -> list[str]:
    """Best file of every top-level folder first, then the rest by tier, interleaving folders."""
    code = [p for p in paths if is_code(p)]
    # A repo whose only code sits in tests/ or vendor/ still gets sampled.
    eligible = [p for p in code if is_sampled_kind(p)] or code
    groups: dict[str, list[str]] = defaultdict(list)
    for path in eligible:
        groups[stratum(path)].append(path)
    keyed: list[tuple[tuple, str]] = []
    for group in groups.values():
        ranked = sorted((_rank(p), p) for p in group)
        seen_in_tier: Counter = Counter()
        for position, (rank, path) in enumerate(ranked):
            # key: coverage round first, then tier, then how deep into its folder's tier we are
            keyed.append(((position > 0, rank[0], seen_in_tier[rank[0]], rank), path))
            seen_in_tier[rank[0]] += 1
    return [path for _, path in sorted(keyed)[:max_code]]


def code_strata(tree: Sequence[TreeEntry]) -> tuple[dict[str, int], bool]:
    """(code files per top-level folder, whether any source file exists); hot path, kept lean."""
    # one pass over the tree (hundreds of entries per repo); folders rarely end in .py
    code = [e.path for e in tree if e.path.endswith(CODE_SUFFIXES) and e.type == "blob"]
    counts = Counter([p.partition("/")[0] if "/" in p else "" for p in code])
    has_source = bool(code) or any(
        e.type == "blob" and e.path.lower().endswith(SOURCE_SUFFIXES) for e in tree
    )
    return dict(counts), has_source
