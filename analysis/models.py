"""Typed records that flow through the pipeline: sources -> GitHub client -> classifier -> store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Framework identifiers used everywhere (labels, charts, the store).
FRAMEWORKS = (
    "pytorch",
    "tensorflow",
    "jax",
    "keras",  # Keras 3, multi-backend (keras with TF as backend counts as tensorflow)
    "paddle",
    "mindspore",
    "mxnet",
    "jittor",
    "oneflow",
    "megengine",
    "mlx",
)
PRIMARY_UNKNOWN = "unknown"

# Code status of a repository (see DESIGN.md, classifier).
CODE_STATUSES = ("released", "placeholder", "none-dl", "missing")

# Evidence kinds, strongest first.
EVIDENCE_KINDS = ("import", "manifest", "config", "docker", "readme", "artifact", "note")

_GITHUB_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?(?:[/#?].*)?$"
)


@dataclass(frozen=True)
class RepoRef:
    """A GitHub repository, `owner/name`, compared case-insensitively via `key`."""

    owner: str
    name: str

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def key(self) -> str:
        """Lower-cased `owner/name`: GitHub names are case-insensitive; this is the store's key."""
        return self.full_name.lower()

    @property
    def url(self) -> str:
        return f"https://github.com/{self.full_name}"

    @classmethod
    def parse(cls, text: str) -> RepoRef | None:
        """`https://github.com/o/r/tree/main`, `github.com/o/r.git` or `o/r` -> RepoRef, else None."""
        text = text.strip().rstrip(").,;:>]'\"")
        m = _GITHUB_URL.match(text)
        if m:
            owner, name = m.group(1), m.group(2)
        elif re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", text):
            owner, name = text.split("/")
            name = name.removesuffix(".git")
        else:
            return None
        if owner.lower() in _NOT_OWNERS or name in (".", ".."):
            return None
        return cls(owner, name)


# github.com/<these>/... are site pages, not repositories.
_NOT_OWNERS = frozenset(
    {"orgs", "users", "topics", "settings", "features", "about", "sponsors", "marketplace", "apps"}
)


@dataclass(frozen=True)
class CodeLink:
    """A candidate code URL for a paper and where it came from.

    `provenance` names the source and place: `hf:githubRepo`, `arxiv:abstract`, `arxiv:comment`,
    `list:amusi/CVPR2025-Papers-with-Code:README.md`, `cvf:page`, `ghsearch:CVPR2026`.
    `official` is True only with evidence (authors linked it, or a curated list names it as the
    paper's code); `official_evidence` says which.
    """

    repo: RepoRef
    provenance: str
    official: bool
    official_evidence: str = ""


@dataclass(frozen=True)
class Paper:
    """A paper as a source reports it. `paper_id` is `arxiv:<id>` when known, else `title:<slug>`."""

    paper_id: str
    title: str
    source: str
    arxiv_id: str | None = None
    published: date | None = None
    venue: str | None = None  # CVPR, ICCV, ECCV, WACV, ... or None for arXiv-only papers
    year: int | None = None
    primary_category: str | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    url: str | None = None
    code_links: tuple[CodeLink, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # Where `published` and the title came from (analysis.dates): `published_source` is
    # 'venue', 'arxiv', 'hf' or 'arxiv-id'; precision 'day' or 'month'. `arxiv_published` is the
    # arXiv first version (or the id's month) kept beside a venue date.
    published_source: str | None = None
    published_precision: str | None = None
    arxiv_published: date | None = None
    arxiv_published_source: str | None = None
    arxiv_published_precision: str | None = None
    title_source: str | None = None  # 'list', 'arxiv', 'hf', 'cvf', 'repo-name', ...

    @property
    def is_cv(self) -> bool:
        """CV when the primary arXiv category is cs.CV or the paper comes from a CV venue."""
        return self.primary_category == "cs.CV" or self.venue in CV_VENUES

    @staticmethod
    def make_id(arxiv_id: str | None, title: str) -> str:
        if arxiv_id:
            return f"arxiv:{strip_arxiv_version(arxiv_id)}"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        return f"title:{slug[:120]}"


# The source of a named reference sample (scraper/sources/reference.py): its papers never enter a
# share of the discovered papers (analysis.metrics.facts `sample`).
REFERENCE_SOURCE = "reference"

CV_VENUES = frozenset({"CVPR", "ICCV", "ECCV", "WACV", "BMVC", "ACCV", "3DV"})


def strip_arxiv_version(arxiv_id: str) -> str:
    """`2401.01234v2` -> `2401.01234`."""
    return re.sub(r"v\d+$", "", arxiv_id.strip())


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a recursive git tree (GitHub's `tree[]` item)."""

    path: str
    type: str  # "blob" | "tree" | "commit" (submodule)
    sha: str | None = None
    size: int | None = None
    mode: str | None = None


@dataclass(frozen=True)
class RepoSnapshot:
    """What the classifier sees of one repository at one commit.

    `files` maps tree paths to raw bytes for the files that were fetched (manifests, README, a sample
    of code). `status` is `ok`, `missing` (404), `blocked` (451), `empty` (no commits) or
    `renamed` (the ref redirected; `renamed_to` holds the new name).
    """

    repo: RepoRef
    commit: str | None
    tree: tuple[TreeEntry, ...] = ()
    files: dict[str, bytes] = field(default_factory=dict, hash=False)
    tree_truncated: bool = False
    status: str = "ok"
    renamed_to: str | None = None
    default_branch: str | None = None
    stars: int | None = None
    description: str | None = None
    created_at: datetime | None = None
    pushed_at: datetime | None = None
    archived: bool | None = None
    fork: bool | None = None
    license: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """One reason for a label: `file`:`line` mentions `package` (or module) of `framework`.

    `kind` is one of EVIDENCE_KINDS. `framework` is None for notes (e.g. "file truncated at 1 MB").
    """

    file: str
    line: int | None
    package: str
    framework: str | None
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class Label:
    """The classifier's verdict on one repository at one commit."""

    repo: str  # RepoRef.key
    commit: str | None
    primary: str  # a FRAMEWORKS entry or PRIMARY_UNKNOWN
    frameworks: dict[str, float] = field(hash=False)  # framework -> weight in [0, 1]
    code_status: str = "released"
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    implementations: tuple[str, ...] = ()  # frameworks with a real implementation of their own
    classifier_version: str = ""


# Port ladder (see DESIGN.md, port finder).
PORT_LEVELS = {
    0: "none",
    1: "ONNX only",
    2: "converted artifact (TFLite/SavedModel) or community code without weights",
    3: "Keras 3 reimplementation",
    4: "native TF/Keras reimplementation",
    5: "hosted TF artifact",
}


@dataclass(frozen=True)
class Port:
    """A way to run a paper outside its official code, with its ladder level and evidence.

    `source` is `hf-model`, `github-search`, `issues`, `official-repo` or the name of a model
    collection (`analysis.ports.gardens.GARDENS`: `keras-hub`, `keras-applications`, `kecam`, ...).
    `kind` says what it is (`tflite`, `keras3`, `tf-keras`, `onnx`, `tfjs`, `jax`, `savedmodel`,
    or a deployment signal such as `onnxruntime`/`tensorrt` with level 0).
    `first_seen` is when the port appeared (never when this tool saw it), `first_seen_source`
    where that date comes from (FIRST_SEEN_SOURCES); both None when unknown.
    """

    paper_id: str
    url: str
    source: str
    kind: str
    framework: str | None
    level: int
    evidence: str = ""
    first_seen: date | None = None
    is_tf_port: bool = False
    first_seen_source: str | None = None


# Where a port's `first_seen` comes from: the first commit adding the model's folder or file in
# its collection, the candidate repository's creation date, the Hub model's creation date.
FIRST_SEEN_SOURCES = ("first-commit", "repo-created", "hub-created")


@dataclass(frozen=True)
class GardenUnit:
    """One model (a folder or a file) of a model collection, and the papers it implements.

    `cited` are the arXiv ids its README or its exported models' docstrings cite; `names` the
    exported model names or the README's heading. `weights` is the evidence that trained weights
    are ported (a weight file, a conversion script, a weights link), "" when none was seen.
    """

    garden: str  # analysis.ports.gardens.Garden.name
    repo: RepoRef
    path: str
    is_file: bool = False
    cited: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    weights: str = ""
    version: str | None = None  # the commit (or package version) the unit was read at

    @property
    def url(self) -> str:
        """A stable link: `tree/HEAD/<folder>` or `blob/HEAD/<file>` (not tied to a commit)."""
        return f"{self.repo.url}/{'blob' if self.is_file else 'tree'}/HEAD/{self.path}"

    @property
    def name(self) -> str:
        """The unit's own name: the folder name, or the file name without `.py`."""
        return self.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".py")
