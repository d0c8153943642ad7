"""First-party Keras implementations (keras.applications, KerasHub) indexed by the arXiv ids they cite.

Sources are read as text and parsed with `ast`; nothing is imported, so no backend is loaded and no
package code runs. A citation counts when it sits in the docstring of an exported model (a class or
function decorated with `keras_export`/`keras_hub_export`) or in a module-level string such as
keras.applications' shared `BASE_DOCSTRING`; citations in helper layers (ConvNeXt's `LayerScale`
cites CaiT) are ignored because they do not mean the paper's model is implemented.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analysis.models import strip_arxiv_version

KERAS_APPS = "keras-applications"
KERAS_HUB = "keras-hub"

# arxiv.org/abs/1512.03385, arxiv.org/pdf/1905.02244.pdf, arxiv.org/abs/2104.00298v3
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)

# Version-free links: the store keys ports by URL, so a new release must not look like a new port.
_FILE_URL = {
    KERAS_APPS: "https://github.com/keras-team/keras/blob/master/keras/src/applications/{file}",
    KERAS_HUB: "https://github.com/keras-team/keras-hub/blob/master/{path}",
}


@dataclass(frozen=True)
class KerasModel:
    """Exported model names of one source file that cite a paper."""

    source: str  # KERAS_APPS or KERAS_HUB
    path: str  # path inside the package / wheel, e.g. keras/src/applications/resnet.py
    names: tuple[str, ...]  # ResNet50, ResNet101, ... (sorted)
    version: str | None = None

    @property
    def url(self) -> str:
        return _FILE_URL[self.source].format(file=PurePosixPath(self.path).name, path=self.path)


@dataclass(frozen=True)
class KerasRegistry:
    """arXiv id -> first-party Keras implementations of that paper."""

    by_arxiv: dict[str, tuple[KerasModel, ...]] = field(default_factory=dict, hash=False)
    versions: dict[str, str | None] = field(default_factory=dict, hash=False)

    def lookup(self, arxiv_id: str | None) -> tuple[KerasModel, ...]:
        if not arxiv_id:
            return ()
        return self.by_arxiv.get(strip_arxiv_version(arxiv_id), ())

    def __len__(self) -> int:
        return len(self.by_arxiv)


def arxiv_ids_in(text: str) -> list[str]:
    """arXiv ids linked in `text`, in order, without versions or duplicates."""
    return list(dict.fromkeys(m.group(1) for m in _ARXIV_URL.finditer(text)))


def scan_source(text: str) -> dict[str, set[str]]:
    """arXiv id -> exported model names citing it, for one Python source file (never executed)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}  # a file this Python cannot parse (newer syntax) is skipped, not guessed at
    exported = [node for node in tree.body if _is_exported_model(node)]
    everyone = {node.name for node in exported}
    found: dict[str, set[str]] = {}
    for doc in _module_strings(tree):
        for arxiv_id in arxiv_ids_in(doc):
            found.setdefault(arxiv_id, set()).update(everyone)
    for node in exported:
        for arxiv_id in arxiv_ids_in(ast.get_docstring(node) or ""):
            found.setdefault(arxiv_id, set()).add(node.name)
    return {k: v for k, v in found.items() if v}


def _is_exported_model(node: ast.stmt) -> bool:
    if not isinstance(node, ast.FunctionDef | ast.ClassDef) or not node.name[:1].isupper():
        return False
    return any(_decorator_name(d).endswith("_export") for d in node.decorator_list)


def _decorator_name(dec: ast.expr) -> str:
    target = dec.func if isinstance(dec, ast.Call) else dec
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return ""


def _module_strings(tree: ast.Module) -> Iterator[str]:
    """The module docstring and module-level string constants (`DOC = \"\"\"...\"\"\"`)."""
    for node in tree.body:
        value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            yield value.value


def index_files(
    source: str, files: Iterable[tuple[str, str]], version: str | None
) -> KerasRegistry:
    """Build a registry from `(path, text)` pairs of one source."""
    by_arxiv: dict[str, list[KerasModel]] = {}
    for path, text in files:
        for arxiv_id, names in sorted(scan_source(text).items()):
            model = KerasModel(source, path, tuple(sorted(names)), version)
            by_arxiv.setdefault(arxiv_id, []).append(model)
    return KerasRegistry({k: tuple(v) for k, v in by_arxiv.items()}, {source: version})


def merge(*registries: KerasRegistry) -> KerasRegistry:
    """One registry holding every source's entries."""
    by_arxiv: dict[str, tuple[KerasModel, ...]] = {}
    versions: dict[str, str | None] = {}
    for reg in registries:
        versions.update(reg.versions)
        for arxiv_id, models in reg.by_arxiv.items():
            by_arxiv[arxiv_id] = by_arxiv.get(arxiv_id, ()) + models
    return KerasRegistry(by_arxiv, versions)


# --- the installed keras package -------------------------------------------------------------------


def installed_keras_dir() -> Path | None:
    """The installed `keras` package directory, found without importing it."""
    spec = importlib.util.find_spec("keras")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def scan_keras_applications(package_dir: Path | None = None) -> KerasRegistry:
    """keras.applications models of the installed (or given) keras package, by cited arXiv id."""
    package_dir = package_dir or installed_keras_dir()
    if package_dir is None:
        return KerasRegistry({}, {KERAS_APPS: None})
    apps = package_dir / "src" / "applications"
    files = [
        (f"keras/src/applications/{p.name}", p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(apps.glob("*.py"))
        if not p.name.endswith("_test.py")
    ]
    return index_files(KERAS_APPS, files, _dist_version(package_dir.parent, "keras"))


def _dist_version(site_packages: Path, dist: str) -> str | None:
    """Version from `<dist>-<version>.dist-info` beside the package (no import, no metadata API)."""
    for info in sorted(site_packages.glob(f"{dist}-*.dist-info")):
        return info.name[len(dist) + 1 : -len(".dist-info")]
    return None


# --- a KerasHub wheel (a zip, read, never installed or imported) -----------------------------------


def _is_hub_model_file(name: str) -> bool:
    return (
        name.startswith("keras_hub/src/models/")
        and name.endswith(".py")
        and not name.endswith(("_test.py", "_presets.py"))
    )


def scan_keras_hub_wheel(wheel: Path | str) -> KerasRegistry:
    """KerasHub models by cited arXiv id, from a `keras_hub-<version>-*.whl` file."""
    wheel = Path(wheel)
    parts = wheel.name.split("-")
    version = parts[1] if len(parts) > 2 else None
    with zipfile.ZipFile(wheel) as zf:
        files = [
            (name, zf.read(name).decode("utf-8", errors="replace"))
            for name in sorted(zf.namelist())
            if _is_hub_model_file(name)
        ]
    return index_files(KERAS_HUB, files, version)


def build_registry(keras_hub_wheel: Path | str | None = None) -> KerasRegistry:
    """keras.applications from the installed keras, plus KerasHub when a wheel is at hand."""
    apps = scan_keras_applications()
    if keras_hub_wheel is None:
        return apps
    return merge(apps, scan_keras_hub_wheel(keras_hub_wheel))
