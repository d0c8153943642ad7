"""A hand-built store of seven papers with known frameworks and ports (shared by metrics tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from analysis import store
from analysis.models import CodeLink, Evidence, Label, Paper, Port, RepoRef, RepoSnapshot

VERSION = "test.1"


def _link(repo: str, provenance: str, official: bool = True) -> CodeLink:
    return CodeLink(RepoRef(*repo.split("/")), provenance, official, "authors" if official else "")


def _label(repo: str, commit: str, primary: str, status: str = "released") -> Label:
    ev = (Evidence("train.py", 1, primary, primary, "import"),) if status == "released" else ()
    return Label(repo.lower(), commit, primary, {primary: 1.0} if ev else {}, status, 0.9, ev,
                 (), VERSION)  # fmt: skip


PAPERS = [
    # p1: PyTorch, authors' HF link preferred over a ghsearch hit labelled TensorFlow.
    Paper("arxiv:2501.00001", "Alpha: 50% faster segmentation", "lists", "2501.00001",
          None, "CVPR", 2025, "cs.CV",
          code_links=(_link("lab/alpha", "hf:githubRepo"), _link("x/other", "ghsearch:CVPR"))),
    Paper("arxiv:2502.00002", "Beta detector", "arxiv", "2502.00002", date(2025, 2, 10),
          None, None, "cs.CV", code_links=(_link("lab/beta", "arxiv:abstract"),)),
    Paper("arxiv:2507.00003", "Gamma depth", "lists", "2507.00003", date(2025, 7, 15),
          "ICCV", 2025, "cs.CV", code_links=(_link("lab/gamma", "list:a/b:README.md"),)),
    Paper("arxiv:2505.00004", "Delta soon", "hf", "2505.00004", date(2025, 5, 1), None, None,
          "cs.CV", code_links=(_link("lab/delta", "hf:githubRepo"),)),
    Paper("arxiv:2508.00005", "Epsilon unlabelled", "hf", "2508.00005", date(2025, 8, 1), None,
          None, "cs.CV", code_links=(_link("lab/eps", "hf:githubRepo"),)),
    Paper("arxiv:2503.00006", "Zeta no code", "arxiv", "2503.00006", date(2025, 3, 3), None,
          None, "cs.CV"),
    # p7: not CV (cs.LG), JAX: only visible with cv_only=False.
    Paper("arxiv:2504.00007", "Eta language model", "arxiv", "2504.00007", date(2025, 4, 4),
          None, None, "cs.LG", code_links=(_link("lab/eta", "arxiv:abstract"),)),
]  # fmt: skip

SNAPSHOTS = [
    ("lab/alpha", "a2", _label("lab/alpha", "a2", "pytorch")),
    ("x/other", "o1", _label("x/other", "o1", "tensorflow")),
    ("lab/beta", "b1", _label("lab/beta", "b1", "tensorflow")),
    ("lab/gamma", "g1", _label("lab/gamma", "g1", "pytorch")),
    ("lab/delta", "d1", _label("lab/delta", "d1", "unknown", "placeholder")),
    ("lab/eps", "e1", None),
    ("lab/eta", "h1", _label("lab/eta", "h1", "jax")),
]

PORTS = [
    Port("arxiv:2507.00003", "https://github.com/k/gamma-keras", "github-search", "tf-keras",
         "tensorflow", 4, "README: TF2 port", date(2025, 12, 1), True),
    Port("arxiv:2507.00003", "https://huggingface.co/k/gamma-onnx", "hf-model", "onnx", None, 1,
         "library_name onnx", date(2025, 9, 1), False),
    Port("arxiv:2501.00001", "https://github.com/lab/alpha", "official-repo", "onnxruntime",
         None, 0, "onnxruntime in requirements.txt", date(2025, 7, 1), False),
]  # fmt: skip


def build(path: Path) -> Path:
    """Write the seven-paper store to `path` and return it."""
    con = store.connect(path)
    store.upsert_papers(con, PAPERS)
    # An older label on an older commit of lab/alpha says TensorFlow: it must be ignored.
    store.save_snapshot(con, RepoSnapshot(RepoRef("lab", "alpha"), "a1"), None)
    store.save_label(con, _label("lab/alpha", "a1", "tensorflow"))
    for repo, commit, label in SNAPSHOTS:
        store.save_snapshot(con, RepoSnapshot(RepoRef(*repo.split("/")), commit), label)
    store.upsert_ports(con, PORTS)
    store.set_meta(con, "snapshot_date", "2026-01-15")
    con.close()
    return path
