"""Evidence -> per-framework scores: imports (estimated file counts) > manifests > tool config >
Docker/README. One code file importing a framework for real outweighs every other tier together:
those count fully only when no code read imports any framework for real, else scaled by
BEHIND_IMPORTS. Ties go to the framework with more evidence (import files, manifests, distinct
packages), a fixed order only when all of that is equal."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.classify.evidence import is_incidental
from analysis.classify.extract.common import BACKEND_SIGNAL, WEAK
from analysis.classify.frameworks import BUILD_VARIANT, TF_DATA_PACKAGES, canonical
from analysis.classify.selection import CODE_SUFFIXES, stratum
from analysis.models import FRAMEWORKS, Evidence, RepoSnapshot

INCIDENTAL_WEIGHT = 0.25  # a file whose only use of a framework is data/logging
METRIC_WEIGHT = 0.5  # FID/Inception/metric code often imports a second framework (or TF's)
MANIFEST_WEIGHT = 1.5  # one manifest naming a framework ~ 1.5 code files importing it
MAX_MANIFEST_FILES = 2.0
CONFIG_WEIGHT = 0.75  # isort/ruff/mypy module lists name imports, but no code was read
OTHER_WEIGHT = 0.5  # Docker base image / README install line
BEHIND_IMPORTS = 0.2  # the other tiers beside real imports: 1.5*2 + 0.75 + 0.5 -> 0.85 < 1 file
WEAK_WEIGHT = 0.3  # conda channel, wheel index
IMPLEMENTATION_SHARE = 0.25  # a second framework with >= 25 % of the primary's files
_METRIC_FILE = re.compile(
    r"(^|[/_])(fid|inception|metrics?|kid|lpips|prdc|is_score|frechet)(?=[/_.\d]|$)", re.I
)
_METRIC_WORDS = ("fid", "inception", "metric", "kid", "lpips", "prdc", "is_score", "frechet")
_ORDER = {f: i for i, f in enumerate(FRAMEWORKS)}


@dataclass
class Scores:
    """Per-framework scores by evidence tier, and how much code was read."""

    imports: dict[str, float] = field(default_factory=dict)  # estimated importing files
    strong: dict[str, float] = field(default_factory=dict)  # same, real (non-incidental) use
    strong_files: Counter = field(default_factory=Counter)  # files read with real use
    manifests: dict[str, float] = field(default_factory=dict)
    config: dict[str, float] = field(default_factory=dict)  # tool configuration module lists
    other: dict[str, float] = field(default_factory=dict)  # Docker + README
    packages: Counter = field(default_factory=Counter)  # distinct packages/modules named
    code_files: int = 0

    def combined(self) -> dict[str, float]:
        names = set(self.imports) | set(self.manifests) | set(self.config) | set(self.other)
        scale = BEHIND_IMPORTS if any(self.strong.values()) else 1.0
        return {
            f: self.imports.get(f, 0.0)
            + scale
            * (
                MANIFEST_WEIGHT * min(self.manifests.get(f, 0.0), MAX_MANIFEST_FILES)
                + CONFIG_WEIGHT * min(self.config.get(f, 0.0), 1.0)
                + OTHER_WEIGHT * min(self.other.get(f, 0.0), 1.0)
            )
            for f in names
        }

    def ranked(self) -> list[tuple[str, float]]:
        """Frameworks by combined score; ties go to more import, manifest, package evidence."""
        combined = self.combined()
        return sorted(
            combined.items(),
            key=lambda kv: (
                -round(kv[1], 9),
                -self.imports.get(kv[0], 0.0),
                -self.manifests.get(kv[0], 0.0),
                -self.packages[kv[0]],
                -self.config.get(kv[0], 0.0),
                _ORDER.get(kv[0], 99),
            ),
        )

    def primary(self) -> str | None:
        ranked = self.ranked()
        return ranked[0][0] if ranked and ranked[0][1] > 0 else None

    def weights(self) -> dict[str, float]:
        """Combined scores normalised to sum 1 (3 decimals; tiny ones dropped)."""
        ranked = self.ranked()
        total = sum(v for _, v in ranked) or 1.0
        return {f: round(v / total, 3) for f, v in ranked if v / total >= 0.001}

    def confidence(self, primary: str) -> float:
        """Share and margin of the primary, scaled by how much evidence supports it."""
        ranked = self.ranked()
        total = sum(v for _, v in ranked) or 1.0
        top = ranked[0][1]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        support = (
            self.strong_files[primary]
            + 0.75 * min(self.manifests.get(primary, 0), 2)
            + 0.25 * min(self.other.get(primary, 0), 1)
        )
        strength = 0.3 + 0.7 * min(1.0, support / 3)
        return (0.5 * top / total + 0.5 * (top - second) / top) * strength

    def implementations(self, primary: str) -> tuple[str, ...]:
        """Frameworks with a real implementation: the primary, then any with many files too."""
        base = self.strong.get(primary, 0.0)
        others = [
            f
            for f, _ in self.ranked()
            if f != primary
            and self.strong_files[f] >= 2
            and self.strong.get(f, 0.0) >= IMPLEMENTATION_SHARE * base
        ]
        return (primary, *others)


def score(
    snapshot: RepoSnapshot, evidence: Sequence[Evidence], strata: dict[str, int] | None = None
) -> Scores:
    """Score every framework the evidence names; `strata` = code files per top-level folder."""
    scores = Scores()
    by_file: dict[str, list[Evidence]] = defaultdict(list)
    tiers: dict[str, dict[str, dict[str, float]]] = {"manifest": {}, "config": {}, "other": {}}
    named: dict[str, set[str]] = defaultdict(set)
    beside_jax = any(e.framework == "jax" and e.kind == "manifest" for e in evidence)
    for e in evidence:
        if e.framework is None:
            continue
        if e.kind == "import":
            if e.package != BACKEND_SIGNAL:  # a backend switch decides what keras means only
                by_file[e.file].append(e)
        elif e.kind in ("manifest", "config", "docker", "readme"):
            tier = tiers[e.kind if e.kind in ("manifest", "config") else "other"]
            strength = WEAK_WEIGHT if e.detail.startswith(WEAK) else 1.0
            if beside_jax and canonical(e.package) in TF_DATA_PACKAGES:
                strength = WEAK_WEIGHT  # tensorflow-cpu / tf-nightly feeding a JAX model
            per_file = tier.setdefault(e.framework, {})
            per_file[e.file] = max(per_file.get(e.file, 0.0), strength)
            if strength == 1.0 and e.kind in ("manifest", "config"):
                named[e.framework].add(canonical(e.package))
    scores.manifests = {f: sum(v.values()) for f, v in tiers["manifest"].items()}
    scores.config = {f: sum(v.values()) for f, v in tiers["config"].items()}
    scores.other = {f: sum(v.values()) for f, v in tiers["other"].items()}
    scores.packages = Counter({f: ecosystem_size(v) for f, v in named.items()})
    code = [p for p in snapshot.files if p.lower().endswith(CODE_SUFFIXES)]  # is_code, inlined
    scores.code_files = len(code)
    _score_imports(scores, by_file, stratum_weights(strata or {}, code))
    return scores


def ecosystem_size(names: set[str]) -> int:
    """Distinct packages named, build variants of one (`BUILD_VARIANT`) counted once."""
    return len({BUILD_VARIANT.sub("", n).replace("pytorch", "torch") for n in names})


def _score_imports(
    scores: Scores, by_file: dict[str, list[Evidence]], weights: dict[str, float]
) -> None:
    imports: dict[str, float] = defaultdict(float)
    strong: dict[str, float] = defaultdict(float)
    for path, found in by_file.items():
        weight = weights.get(path, 1.0)
        for framework, value in file_strengths(path, found).items():
            imports[framework] += weight * value
            if value >= METRIC_WEIGHT:  # real use (a metric file's halved weight included)
                strong[framework] += weight * value
                scores.strong_files[framework] += 1
    scores.imports, scores.strong = dict(imports), dict(strong)


def file_strengths(path: str, found: Sequence[Evidence]) -> dict[str, float]:
    """How much one file counts for each framework it imports."""
    strengths: dict[str, float] = {}
    for e in found:  # 1.0 when any use of the framework is real, else the incidental weight
        value = INCIDENTAL_WEIGHT if is_incidental(e) else 1.0
        if strengths.get(e.framework, 0.0) < value:  # type: ignore[arg-type]
            strengths[e.framework] = value  # type: ignore[index]
    if strengths.get("jax") == 1.0 and "tensorflow" in strengths:
        strengths["tensorflow"] = INCIDENTAL_WEIGHT  # tf.data / tfds feeding a JAX model
    if is_metric_file(path):
        strengths = {f: v * METRIC_WEIGHT for f, v in strengths.items()}
    return strengths  # type: ignore[return-value]


def is_metric_file(path: str) -> bool:
    """FID/Inception/metric code; a substring test first spares most paths the slower regex."""
    if path.isascii():  # for ASCII, lower() is exactly the regex's case-insensitivity
        low = path.lower()
        if not any(word in low for word in _METRIC_WORDS):
            return False
    return _METRIC_FILE.search(path) is not None


def stratum_weights(strata: dict[str, int], code: Sequence[str]) -> dict[str, float]:
    """Each read file stands for the unread code files of its top-level folder."""
    if not strata:
        return {}
    folders = [stratum(p) for p in code]
    read = Counter(folders)
    return {p: max(1.0, strata.get(f, 0) / read[f]) for p, f in zip(code, folders, strict=True)}
