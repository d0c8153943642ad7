"""Port decisions: what each Hub model, candidate repo or official-repo signal is worth on the ladder.

Ladder (analysis.models.PORT_LEVELS): 0 none, 1 ONNX only, 2 converted artifact (TFLite/SavedModel/
TF.js or a converter in the official repo) or community TF/Keras code without ported weights,
3 Keras 3 reimplementation, 4 native TF/Keras reimplementation (community ones with ported weights),
5 hosted TF artifact (TF/Keras weights on the Hub). Production runtimes that are not
TensorFlow (onnxruntime, TensorRT, OpenVINO, Core ML) and JAX/Flax weights are recorded as level-0
ports with `is_tf_port=False`: shown beside the ladder, never counted by `best_level`.
Third-party reimplementations in other frameworks (PyTorch, Paddle, ...) are not ports: they say
nothing about a TF deployment, so they are skipped rather than stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from fnmatch import fnmatch
from typing import TYPE_CHECKING

from analysis.models import Label, Port, RepoRef, RepoSnapshot
from analysis.ports.gardens import weights_evidence
from analysis.ports.names import mentions_name

if TYPE_CHECKING:  # the type only: analysis reads the scraper's ModelInfo objects, never fetches
    from huggingface_hub.hf_api import ModelInfo

NONE, ONNX, CONVERTED, KERAS3, NATIVE, HOSTED = range(6)
DEPLOYMENT_RUNTIMES = ("onnxruntime", "tensorrt", "openvino", "coremltools")
HF_URL = "https://huggingface.co"

# Hub signals as data: (tag or library name, kind, level, framework, is_tf_port).
_HF_TAGS: tuple[tuple[str, str, int, str | None, bool], ...] = (
    ("tf-keras", "tf-keras", HOSTED, "tensorflow", True),
    ("keras", "keras3", HOSTED, "keras", True),
    ("keras-hub", "keras3", HOSTED, "keras", True),
    ("keras-nlp", "keras3", HOSTED, "keras", True),
    ("tf", "transformers-tf", HOSTED, "tensorflow", True),  # transformers adds `tf` for TF weights
    ("tensorflow", "tf-keras", HOSTED, "tensorflow", True),
    ("tflite", "tflite", CONVERTED, "tensorflow", True),
    ("tfjs", "tfjs", CONVERTED, "tensorflow", True),
    ("tensorflowjs", "tfjs", CONVERTED, "tensorflow", True),
    ("onnx", "onnx", ONNX, None, True),
    ("transformers.js", "onnx", ONNX, None, True),  # transformers.js repos ship ONNX weights
    ("jax", "jax", NONE, "jax", False),
    ("flax", "jax", NONE, "jax", False),
    ("openvino", "openvino", NONE, None, False),
    ("coreml", "coremltools", NONE, None, False),
    ("tensorrt", "tensorrt", NONE, None, False),
)
# Hub file names: (glob, kind, level, framework, is_tf_port).
_HF_FILES: tuple[tuple[str, str, int, str | None, bool], ...] = (
    ("tf_model.h5", "transformers-tf", HOSTED, "tensorflow", True),
    ("saved_model.pb", "savedmodel", HOSTED, "tensorflow", True),
    ("*.keras", "keras3", HOSTED, "keras", True),
    ("*.tflite", "tflite", CONVERTED, "tensorflow", True),
    ("*.onnx", "onnx", ONNX, None, True),
    ("*.mlmodel", "coremltools", NONE, None, False),
    ("*.msgpack", "jax", NONE, "jax", False),  # flax_model.msgpack
)


def best_level(ports: Iterable[Port]) -> int:
    """The paper's ladder level: the best TF port (deployment signals do not count)."""
    return max((p.level for p in ports if p.is_tf_port), default=NONE)


def parse_date(text: str | None) -> date | None:
    """`2024-03-01T12:00:00.000Z` (HF/GitHub) -> date; None when absent or malformed."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


# --- Hugging Face models -------------------------------------------------------------------------


def hf_signals(model: ModelInfo) -> list[tuple[str, int, str | None, bool, str]]:
    """(kind, level, framework, is_tf_port, evidence) for every signal one Hub model shows."""
    tags = {str(t).lower() for t in model.tags or ()}
    library = str(model.library_name or "").lower()
    files = [s.rfilename for s in model.siblings or ()]
    found = []
    for tag, kind, level, fw, tf in _HF_TAGS:
        if tag == library:
            found.append((kind, level, fw, tf, f"library_name={library}"))
        elif tag in tags:
            found.append((kind, level, fw, tf, f"tag={tag}"))
    for pattern, kind, level, fw, tf in _HF_FILES:
        hit = next((f for f in files if fnmatch(f.rsplit("/", 1)[-1], pattern)), None)
        if hit:
            found.append((kind, level, fw, tf, f"file={hit}"))
    return found


def ports_from_hf_models(paper_id: str, models: Iterable[ModelInfo]) -> list[Port]:
    """One port per Hub model for its best TF signal, plus one per non-TF signal (level 0).

    Models are huggingface_hub `ModelInfo`s (built by the scraper): `created_at` is its parsed date.
    """
    ports: dict[tuple[str, str], Port] = {}
    for model in models:
        signals = hf_signals(model)
        tf = [s for s in signals if s[3]]
        chosen = [max(tf, key=lambda s: s[1])] if tf else []
        chosen += [s for s in signals if not s[3]]
        url = f"{HF_URL}/{model.id}"
        first = model.created_at.date() if model.created_at else None
        for kind, level, fw, is_tf, _ in chosen:
            evidence = "; ".join(dict.fromkeys(s[4] for s in signals if s[0] == kind))
            port = Port(paper_id, url, "hf-model", kind, fw, level, f"{model.id}: {evidence}",
                        first, is_tf, "hub-created" if first else None)  # fmt: skip
            ports.setdefault((url, kind), port)
    return list(ports.values())


# --- candidate repositories (GitHub search hits, repos linked from the official repo's issues) --

_LISTY_NAME = re.compile(r"(^|[-_.])(awesome|papers?|reading|list|survey|collections?)([-_.]|$)")
_CODE_SUFFIXES = (".py", ".ipynb")


def port_from_candidate_repo(
    paper_id: str,
    snap: RepoSnapshot,
    label: Label,
    official: RepoRef | None,
    is_fork: bool,
    *,
    source: str = "github-search",
    arxiv_id: str | None = None,
    title: str | None = None,
) -> Port | None:
    """A TF/Keras reimplementation or converted TF artifact of the paper, or None for false friends.

    Not ports: the official repo, forks, missing repos, reading lists, repos that do not mention
    the paper (arXiv id, title or its short name), and code in any non-TF framework. Keras 2 /
    tf.keras code (`tensorflow`) is level 4 and Keras 3 (`keras`) level 3 when trained weights
    are ported (weight files, a conversion script, a weights link); community code without them
    is level 2. A repo without TF code that ships `.tflite`/SavedModel/TF.js files is level 2.
    """
    if official is not None and official.key in (snap.repo.key, (snap.renamed_to or "").lower()):
        return None
    if is_fork or snap.fork or snap.status != "ok" or looks_like_list_name(snap.repo.name):
        return None
    if not mentions_paper(snap, arxiv_id, title):
        return None
    weights = weights_evidence([e.path for e in snap.tree], readme_text(snap) or "")
    found = None
    if label.code_status == "released" and not is_reading_list(snap):
        found = _tf_kind(label)
    first = snap.created_at.date() if snap.created_at else None
    dated = "repo-created" if first else None
    if found is None:
        artifact = tf_artifact(snap)
        if artifact is None:
            return None
        kind, path = artifact
        evidence = f"{label.primary} repo shipping a converted TF artifact: {path}"
        return Port(paper_id, snap.repo.url, source, kind, "tensorflow", CONVERTED, evidence,
                    first, True, dated)  # fmt: skip
    kind, level, fw = found
    top = [f"{e.file}:{e.line or ''}".rstrip(":") + f" {e.package}" for e in label.evidence
           if e.framework == fw][:3]  # fmt: skip
    evidence = f"{label.primary} code (confidence {label.confidence:.2f}): " + ", ".join(top)
    evidence += f"; {weights}" if weights else "; no ported weights seen (community code: level 2)"
    return Port(paper_id, snap.repo.url, source, kind, fw, level if weights else CONVERTED,
                evidence, first, True, dated)  # fmt: skip


def _tf_kind(label: Label) -> tuple[str, int, str] | None:
    options = (("tensorflow", "tf-keras", NATIVE), ("keras", "keras3", KERAS3))
    for fw, kind, level in options:
        if label.primary == fw:
            return kind, level, fw
    for fw, kind, level in options:  # e.g. a PyTorch repo that also ships a full Keras model
        if fw in label.implementations:
            return kind, level, fw
    return None


_TF_ARTIFACTS = (("*.tflite", "tflite"), ("saved_model.pb", "savedmodel"))


def tf_artifact(snap: RepoSnapshot) -> tuple[str, str] | None:
    """(kind, path) of the first converted TF artifact in the tree (TFLite, SavedModel)."""
    for entry in snap.tree:
        name = entry.path.rsplit("/", 1)[-1]
        for pattern, kind in _TF_ARTIFACTS:
            if entry.type == "blob" and fnmatch(name, pattern):
                return kind, entry.path
    return None


def readme_text(snap: RepoSnapshot) -> str | None:
    """The fetched root README as text, if the snapshot has one."""
    for path in sorted(snap.files):
        if "/" not in path and path.lower().startswith("readme"):
            return snap.files[path].decode("utf-8", errors="replace")
    return None


def looks_like_list_name(name: str) -> bool:
    """`awesome-...`, `CVPR2024-Papers-with-Code`, `paper-reading-list`: lists, not code."""
    return bool(_LISTY_NAME.search(name.lower()))


def is_reading_list(snap: RepoSnapshot, min_ids: int = 8, max_code: int = 5) -> bool:
    """An awesome-list/paper-list repo, or one with no code, that only mentions the paper.

    Many cited arXiv ids alone are not enough: model zoos (keras_cv_attention_models) cite hundreds
    of papers and are real ports, so a list must also have little code.
    """
    if looks_like_list_name(snap.repo.name):
        return True
    code = sum(1 for e in snap.tree if e.type == "blob" and e.path.endswith(_CODE_SUFFIXES))
    cited = set(re.findall(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", readme_text(snap) or ""))
    return code == 0 or (len(cited) >= min_ids and code < max_code)


def mentions_paper(snap: RepoSnapshot, arxiv_id: str | None, title: str | None) -> bool:
    """The README, description or name names the paper (arXiv id, title or the title's short
    name, "Depth Anything" for "Depth Anything: ..."); trusted when nothing was fetched."""
    readme = readme_text(snap)
    if readme is None and not snap.description:
        return True  # nothing to check against: the search that found it matched its text
    text = f"{readme or ''}\n{snap.description or ''}"
    if arxiv_id and arxiv_id in text:
        return True
    if bool(title) and _norm(title) in _norm(text):
        return True
    return mentions_name(f"{text}\n{snap.repo.name}", title)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
