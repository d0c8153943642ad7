"""Port signals inside the official repository: converted artifacts, converter code, runtimes.

Artifacts in the tree (`*.tflite`, `saved_model.pb`, `*.onnx`, a TF.js `model.json` with weight
shards), converter imports or requirements (`ai_edge_torch`, `onnx2tf`, `onnx-tf`, `jax2tf`,
`tensorflowjs`, `tf2onnx`) and production runtimes that are not TensorFlow (level-0 signals).
"""

from __future__ import annotations

import re
from fnmatch import fnmatch

from analysis.models import Label, Port, RepoRef, RepoSnapshot
from analysis.ports.ladder import CONVERTED, DEPLOYMENT_RUNTIMES, KERAS3, NATIVE, NONE, ONNX

# Official-repo artifacts: (glob, kind, level). TF.js is handled apart (model.json + shards).
_ARTIFACTS = (
    ("*.tflite", "tflite", CONVERTED),
    ("saved_model.pb", "savedmodel", CONVERTED),
    ("*.onnx", "onnx", ONNX),
)
# Converter or runtime modules (import names) -> (kind, level, is_tf_port).
_CONVERTERS: dict[str, tuple[str, int, bool]] = {
    "ai_edge_torch": ("ai_edge_torch", CONVERTED, True),
    "onnx2tf": ("onnx2tf", CONVERTED, True),
    "onnx_tf": ("onnx-tf", CONVERTED, True),
    "jax2tf": ("jax2tf", CONVERTED, True),
    "tensorflowjs": ("tfjs", CONVERTED, True),
    "tf2onnx": ("tf2onnx", ONNX, True),
    **{rt: (rt, NONE, False) for rt in DEPLOYMENT_RUNTIMES},
}
# Manifest spellings of the same packages.
_DISTS = {"ai-edge-torch": "ai_edge_torch", "onnx-tf": "onnx_tf", "onnxruntime-gpu": "onnxruntime"}
_IMPORT = re.compile(
    r"^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ]+)|import\s+([\w.]+))", re.MULTILINE
)
_TFJS_SHARD = re.compile(r"group\d+-shard\d+of\d+(\.bin)?$")


# --- the official repository: converters, artifacts, a second implementation ------------------


def ports_from_official_snapshot(
    paper_id: str, snap: RepoSnapshot, label: Label | None
) -> list[Port]:
    """Converted artifacts, converter scripts and runtime signals inside the official repo.

    One port per kind; its URL points at the first file showing it (`blob/HEAD`, so the key stays
    stable across commits). When the artifact appeared is unknown: `first_seen` is None.
    """
    if snap.status not in ("ok", "renamed"):
        return []
    hits: dict[str, tuple[int, bool, list[str]]] = {}  # kind -> (level, is_tf, paths/evidence)

    def add(kind: str, level: int, is_tf: bool, where: str) -> None:
        hits.setdefault(kind, (level, is_tf, []))[2].append(where)

    for kind, level, where in _tree_artifacts(snap):
        add(kind, level, True, where)
    for module, where in _converter_mentions(snap, label):
        kind, level, is_tf = _CONVERTERS[module]
        add(kind, level, is_tf, where)
    ports = [
        Port(paper_id, _blob_url(snap.repo, wheres[0]), "official-repo", kind,
             _kind_framework(kind), level, _summarise(wheres), None, is_tf)
        for kind, (level, is_tf, wheres) in sorted(hits.items())
    ]  # fmt: skip
    return ports + _second_implementation(paper_id, snap, label)


def _tree_artifacts(snap: RepoSnapshot) -> list[tuple[str, int, str]]:
    blobs = [e.path for e in snap.tree if e.type == "blob"]
    found = [
        (kind, level, path)
        for path in blobs
        for pattern, kind, level in _ARTIFACTS
        if fnmatch(path.rsplit("/", 1)[-1], pattern)
    ]
    shard_dirs = {p.rsplit("/", 1)[0] if "/" in p else "" for p in blobs if _TFJS_SHARD.search(p)}
    for path in blobs:  # TF.js: a model.json with weight shards beside it
        folder, _, name = path.rpartition("/")
        if name == "model.json" and folder in shard_dirs:
            found.append(("tfjs", CONVERTED, path))
    return found


def _converter_mentions(snap: RepoSnapshot, label: Label | None) -> list[tuple[str, str]]:
    """(converter/runtime module, `path:line`) from fetched files and the label's evidence."""
    found = []
    for path, data in sorted(snap.files.items()):
        text = data.decode("utf-8", errors="replace")
        for line_no, module in _modules_in(path, text):
            if module in _CONVERTERS:
                found.append((module, f"{path}:{line_no}"))
    for ev in label.evidence if label else ():
        module = _DISTS.get(ev.package.lower(), ev.package.lower().replace("-", "_"))
        if module in _CONVERTERS:
            found.append((module, f"{ev.file}:{ev.line or ''}".rstrip(":")))
    return list(dict.fromkeys(found))


def _modules_in(path: str, text: str) -> list[tuple[int, str]]:
    """(line, module) for import statements in code and package names in manifests/READMEs."""
    if path.endswith(".ipynb"):
        text = text.replace("\\n", "\n").replace('"', " ")  # notebook JSON: one source line per row
    out = []
    if path.endswith((".py", ".ipynb")):
        for m in _IMPORT.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            dotted = (m.group(1) or m.group(3) or "").split(".")
            names = [n.strip() for n in (m.group(2) or "").split(",")]
            out += [(line, part) for part in dotted + names if part]
        return out
    for line_no, line in enumerate(text.splitlines(), 1):
        for token in re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]*", line.lower()):
            module = _DISTS.get(token, token.replace("-", "_"))
            if module in _CONVERTERS:
                out.append((line_no, module))
    return out


def _second_implementation(paper_id: str, snap: RepoSnapshot, label: Label | None) -> list[Port]:
    """A TF/Keras implementation shipped beside another primary framework in the official repo."""
    if label is None or label.primary in ("tensorflow", "keras"):
        return []  # an official TF/Keras repo is the paper's own code, not a port of it
    for fw, kind, level in (("tensorflow", "tf-keras", NATIVE), ("keras", "keras3", KERAS3)):
        if fw in label.implementations:
            files = [f"{e.file}:{e.line or ''}".rstrip(":") for e in label.evidence
                     if e.framework == fw]  # fmt: skip
            evidence = f"official repo also implements {fw}: " + _summarise(files or ["label"])
            return [Port(paper_id, snap.repo.url, "official-repo", kind, fw, level, evidence,
                         None, True)]  # fmt: skip
    return []


def _blob_url(repo: RepoRef, where: str) -> str:
    return f"{repo.url}/blob/HEAD/{where.split(':', 1)[0]}"


def _kind_framework(kind: str) -> str | None:
    return "tensorflow" if kind in ("tflite", "savedmodel", "tfjs", "ai_edge_torch", "onnx2tf",
                                    "onnx-tf", "jax2tf") else None  # fmt: skip


def _summarise(items: list[str], limit: int = 5) -> str:
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
