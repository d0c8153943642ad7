"""The framework classifier: snapshot -> Label, from weighted evidence (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.classify import includes
from analysis.classify.evidence import gather, keras_target, resolve_keras
from analysis.classify.extract.common import BINARY, note
from analysis.classify.scoring import score
from analysis.classify.selection import SOURCE_SUFFIXES, code_strata, is_code
from analysis.classify.selection import select_files as _select_files
from analysis.models import (
    EVIDENCE_KINDS,
    PRIMARY_UNKNOWN,
    Evidence,
    Label,
    RepoSnapshot,
    TreeEntry,
)

CLASSIFIER_VERSION = "2026.12.1"
MAX_EVIDENCE = 300  # a full checkout can yield thousands; the label keeps the strongest
_KIND_ORDER = {kind: i for i, kind in enumerate(EVIDENCE_KINDS)}


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
        why = _why_unknown(snapshot, evidence, scores.code_files, sum(strata.values()))
        if why:  # absence of evidence is not `none-dl`
            evidence.append(note("", f"unknown, not none-dl: {why}"))
            return _label(snapshot, PRIMARY_UNKNOWN, {}, "released", 0.0, evidence, ())
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


def _why_unknown(
    snapshot: RepoSnapshot, evidence: Sequence[Evidence], code_files: int, tree_code: int
) -> str:
    """Why nothing named a framework without showing there is none ('' when `none-dl` holds).

    `none-dl` needs code that was read and imports no framework (or no Python code at all), and
    every `-r`/`-c` include read."""
    unread = [e for e in evidence if e.kind == "note" and includes.is_unread(e.detail)]
    if unread:
        return f"{unread[0].file}:{unread[0].line} {unread[0].detail}"
    skipped = {e.file for e in evidence if e.kind == "note" and e.detail == BINARY}
    read = code_files - sum(1 for p in skipped if is_code(p))
    if read <= 0 and (tree_code or code_files):
        return "the tree has Python code but none of it was read"
    return ""


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
    """Strongest kind first; one import per (file, framework), capped so big repos stay readable.

    Only imports are capped: manifests, Docker, README and notes are few and all kept.
    """
    ordered = sorted(evidence, key=lambda e: (_KIND_ORDER.get(e.kind, 9), e.file, e.line or 0))
    seen: set[tuple[str, str | None]] = set()
    imports: list[Evidence] = []
    others: list[Evidence] = []
    for e in ordered:
        if e.kind != "import":
            others.append(e)
        elif (e.file, e.framework) not in seen:
            seen.add((e.file, e.framework))
            imports.append(e)
    room = max(0, MAX_EVIDENCE - len(others))
    if len(imports) > room:
        omitted = len(imports) - room
        imports = imports[:room]
        others.append(Evidence("", None, "", None, "note", f"{omitted} more import rows omitted"))
    return tuple(imports + others)
