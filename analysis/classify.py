"""The framework classifier: snapshot -> Label, from weighted evidence (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.evidence import gather, keras_target, resolve_keras
from analysis.models import PRIMARY_UNKNOWN, Evidence, Label, RepoSnapshot, TreeEntry
from analysis.scoring import score
from analysis.selection import SOURCE_SUFFIXES, code_strata
from analysis.selection import select_files as _select_files

CLASSIFIER_VERSION = "2026.11.1"
MAX_EVIDENCE = 300  # a full checkout can yield thousands; the label keeps the strongest
_KIND_ORDER = {"note": 0, "import": 1, "manifest": 2, "docker": 3, "readme": 4, "artifact": 5}


def select_files(tree: Sequence[TreeEntry], max_code: int = 40) -> list[str]:
    """Paths the classifier wants fetched: manifests, the root README, a ranked code sample."""
    return _select_files(tree, max_code)


def classify(snapshot: RepoSnapshot) -> Label:
    """Primary framework, weights, code status, confidence and evidence of one snapshot."""
    if snapshot.status in ("missing", "blocked"):
        return _label(snapshot, PRIMARY_UNKNOWN, {}, "missing", 1.0, (), ())
    evidence = gather(snapshot)
    target = keras_target(evidence)
    evidence = resolve_keras(evidence, target)
    strata, has_source = code_strata(snapshot.tree)
    if not snapshot.tree:  # a snapshot without a tree: judge by the files themselves
        has_source = any(p.lower().endswith(SOURCE_SUFFIXES) for p in snapshot.files)
    scores = score(snapshot, evidence, strata)
    if not has_source:
        weights = scores.weights()
        return _label(snapshot, PRIMARY_UNKNOWN, weights, "placeholder", 0.95, evidence, ())
    primary = scores.primary()
    if primary is None:
        confidence = min(0.9, 0.3 + 0.05 * scores.code_files)
        return _label(snapshot, PRIMARY_UNKNOWN, {}, "none-dl", confidence, evidence, ())
    return _label(
        snapshot,
        primary,
        scores.weights(),
        "released",
        scores.confidence(primary),
        evidence,
        scores.implementations(primary),
    )


def _label(
    snapshot: RepoSnapshot,
    primary: str,
    weights: dict[str, float],
    status: str,
    confidence: float,
    evidence: Sequence[Evidence],
    implementations: tuple[str, ...],
) -> Label:
    return Label(
        repo=snapshot.repo.key,
        commit=snapshot.commit,
        primary=primary,
        frameworks=weights,
        code_status=status,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        evidence=_trim(evidence),
        implementations=implementations,
        classifier_version=CLASSIFIER_VERSION,
    )


def _trim(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """Notes and manifests first; one import per (file, framework) so big repos stay readable."""
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for e in sorted(evidence, key=lambda e: (_KIND_ORDER.get(e.kind, 9), e.file, e.line or 0)):
        if e.kind == "import":
            if (e.file, e.framework) in seen:
                continue
            seen.add((e.file, e.framework))
        kept.append(e)
    if len(kept) > MAX_EVIDENCE:
        dropped = len(kept) - MAX_EVIDENCE + 1
        kept = kept[: MAX_EVIDENCE - 1] + [
            Evidence("", None, "", None, "note", f"{dropped} more evidence items omitted")
        ]
    return tuple(kept)
