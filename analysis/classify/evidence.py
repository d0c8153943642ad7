"""Gather evidence from every fetched file of a snapshot and resolve what `keras` means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from analysis.classify import includes
from analysis.classify.extract import extract_file, family_of, requirements
from analysis.classify.extract.common import INCIDENTAL, KERAS2, KERAS3, MULTIBACKEND, note
from analysis.models import Evidence, RepoSnapshot


def gather(snapshot: RepoSnapshot) -> list[Evidence]:
    """Evidence from every file, the `-r`/`-c` includes followed, and snapshot notes."""
    evidence = [note("", text) for text in snapshot.notes]
    if snapshot.tree_truncated:
        evidence.append(note("", "tree truncated by GitHub; sample drawn from a partial tree"))
    for path in sorted(snapshot.files):
        family = family_of(path)
        if family:
            evidence.extend(_safe_extract(path, snapshot.files[path], family))
    evidence.extend(_includes(snapshot))
    return evidence


def _safe_extract(path: str, data: bytes, family: str | None = None) -> list[Evidence]:
    """One bad file must not lose the rest: an unexpected parser failure becomes a note."""
    try:
        return extract_file(path, data, family)
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on hostile input
        return [note(path, f"extractor failed: {type(exc).__name__}")]


def _includes(snapshot: RepoSnapshot) -> list[Evidence]:
    """Include targets no manifest pattern names, and a note for each one not read."""
    found = includes.walk(snapshot.files)
    evidence = [
        e
        for path in found.reached
        if family_of(path) is None
        for e in requirements.extract(path, snapshot.files[path])
    ]
    tree = {e.path for e in snapshot.tree}
    evidence += [
        Evidence(inc.source, inc.line, inc.option, None, "note", includes.reason(inc, tree))
        for inc in found.missing
    ]
    if found.capped:
        evidence.append(note("", includes.CAPPED))
    return evidence


def is_incidental(e: Evidence) -> bool:
    return e.detail.startswith(INCIDENTAL)


def keras_target(evidence: Sequence[Evidence]) -> str:
    """`keras` is Keras 3 multi-backend only with a 3.x pin or backend signal and no TF import."""
    keras = [e for e in evidence if e.framework == "keras"]
    if not keras:
        return "tensorflow"
    if any(
        e.framework == "tensorflow" and e.kind == "import" and not is_incidental(e)
        for e in evidence
    ):
        return "tensorflow"  # tf.keras, `from tensorflow import keras`, keras next to TF
    if any(e.detail.startswith(KERAS2) for e in keras):
        return "tensorflow"
    if any(e.detail.startswith((KERAS3, MULTIBACKEND)) for e in keras):
        return "keras"
    return "tensorflow"  # plain `import keras` without a 3.x signal: Keras 2 on TensorFlow


def resolve_keras(evidence: Sequence[Evidence], target: str) -> list[Evidence]:
    """Evidence with framework `keras` re-attributed to the resolved target."""
    if target == "keras":
        return list(evidence)
    return [replace(e, framework=target) if e.framework == "keras" else e for e in evidence]
