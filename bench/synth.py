"""A synthetic but realistic store of N papers, written through analysis.store (benchmarks, demos).

Shapes follow what the real snapshot holds: CV venues and arXiv-only papers over 2023-2026,
PyTorch-dominant official code drifting further towards PyTorch each year, placeholders
("code coming soon"), unknown and unlabelled repos, repos that vanished, ports on every ladder
level with first-seen dates after publication, and labels with evidence. Seeded: the same
(n, seed) always gives the same database.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from analysis import store
from analysis.models import CodeLink, Evidence, Label, Paper, Port, RepoRef, RepoSnapshot

VERSION = "synthetic"
START = date(2023, 1, 1)
SPAN_DAYS = 1400  # to late 2026
VENUES = (("CVPR", 0.18), ("ICCV", 0.07), ("ECCV", 0.07), ("WACV", 0.05), (None, 0.63))
PROVENANCES = (("hf:githubRepo", 0.4), ("arxiv:abstract", 0.25),
               ("list:amusi/CVPR2025-Papers-with-Code:README.md", 0.25), ("cvf:page", 0.05),
               ("ghsearch:CVPR", 0.05))  # fmt: skip
# Released-code frameworks; PyTorch gains `drift` per year after 2023 at TensorFlow's expense.
FRAMEWORK_WEIGHTS = (("pytorch", 0.80), ("tensorflow", 0.07), ("jax", 0.05), ("keras", 0.01),
                     ("paddle", 0.02), ("mindspore", 0.01), ("jittor", 0.005), ("mxnet", 0.005),
                     ("unknown", 0.03))  # fmt: skip
STATUSES = (("released", 0.85), ("placeholder", 0.08), ("none-dl", 0.02), ("missing", 0.03),
            ("unlabelled", 0.02))  # fmt: skip
PORT_LEVELS = ((0, "onnxruntime", 0.1), (1, "onnx", 0.35), (2, "tflite", 0.15),
               (3, "keras3", 0.1), (4, "tf-keras", 0.2), (5, "tfjs", 0.1))  # fmt: skip
MANIFEST = {"pytorch": "torch", "tensorflow": "tensorflow", "jax": "jax", "keras": "keras",
            "paddle": "paddlepaddle", "mindspore": "mindspore", "jittor": "jittor",
            "mxnet": "mxnet"}  # fmt: skip


@dataclass(frozen=True)
class Synthetic:
    papers: list[Paper]
    repos: list[tuple[RepoSnapshot, Label | None]]
    ports: list[Port]


def _pick(rng: random.Random, table: tuple) -> object:
    values, weights = zip(*((row[:-1], row[-1]) for row in table), strict=True)
    choice = rng.choices(values, weights)[0]
    return choice[0] if len(choice) == 1 else choice


def _framework(rng: random.Random, year: int) -> str:
    drift = 0.02 * max(year - 2023, 0)
    table = tuple(
        (f, w + drift if f == "pytorch" else max(w - drift, 0.0) if f == "tensorflow" else w)
        for f, w in FRAMEWORK_WEIGHTS
    )
    return _pick(rng, table)


def _paper(rng: random.Random, i: int) -> Paper:
    published = START + timedelta(days=rng.randrange(SPAN_DAYS))
    venue = _pick(rng, VENUES)
    if venue in ("ICCV", "ECCV"):  # ICCV meets in odd years, ECCV in even ones
        venue = "ICCV" if published.year % 2 else "ECCV"
    arxiv_id = f"{published:%y%m}.{i:05d}"
    links: tuple[CodeLink, ...] = ()
    if rng.random() < 0.75:
        repo = RepoRef(f"lab{i % 997}", f"paper-{i}")
        links = (CodeLink(repo, _pick(rng, PROVENANCES), True, "authors' link"),)
    return Paper(
        paper_id=f"arxiv:{arxiv_id}",
        title=f"{rng.choice(_ADJ)} {rng.choice(_NOUN)} for {rng.choice(_TASK)} ({i})",
        source="synthetic",
        arxiv_id=arxiv_id,
        published=None if venue and rng.random() < 0.2 else published,
        venue=venue,
        year=published.year if venue else None,
        primary_category="cs.CV" if venue or rng.random() < 0.9 else "cs.LG",
        code_links=links,
    )


_ADJ = (
    "Efficient",
    "Robust",
    "Scalable",
    "Unified",
    "Sparse",
    "Latent",
    "Masked",
    "Open-Vocabulary",
)
_NOUN = ("Transformers", "Diffusion", "Gaussian Splatting", "Mamba", "Adapters", "Tokenizers")
_TASK = ("Segmentation", "Depth Estimation", "Detection", "Video Generation", "3D Reconstruction")


def _repo(rng: random.Random, paper: Paper, year: int) -> tuple[RepoSnapshot, Label | None]:
    ref = paper.code_links[0].repo
    status = _pick(rng, STATUSES)
    commit = f"{rng.getrandbits(64):016x}"
    if status == "missing":
        return RepoSnapshot(ref, commit, status="missing"), None
    snap = RepoSnapshot(ref, commit, stars=rng.randrange(5000))
    if status == "unlabelled":
        return snap, None
    primary = _framework(rng, year) if status == "released" else "unknown"
    evidence: tuple[Evidence, ...] = ()
    if primary in MANIFEST:
        evidence = (
            Evidence("requirements.txt", 2, MANIFEST[primary], primary, "manifest"),
            Evidence("train.py", 3, MANIFEST[primary], primary, "import"),
        )
    frameworks = {primary: 1.0} if evidence else {}
    conf = round(rng.uniform(0.5, 1.0), 2) if evidence else 0.2
    label = Label(ref.key, commit, primary, frameworks, status, conf, evidence, (), VERSION)
    return snap, label


def _ports(rng: random.Random, paper: Paper, published: date) -> list[Port]:
    if rng.random() > 0.12:
        return []
    out = []
    for k in range(rng.choice((1, 1, 1, 2))):
        level, kind = _pick(rng, PORT_LEVELS)
        url = f"https://github.com/porter{k}/{paper.paper_id.split(':')[1]}-{kind}"
        seen = published + timedelta(days=int(rng.expovariate(1 / 200)))
        out.append(Port(paper.paper_id, url, "github-search", kind, None, level,
                        f"synthetic {kind}", seen, level >= 2))  # fmt: skip
    return out


def generate(n: int, seed: int = 0) -> Synthetic:
    """N synthetic papers with their repos, labels and ports (pure: no I/O)."""
    rng = random.Random(seed)
    papers, repos, ports = [], [], []
    for i in range(n):
        paper = _paper(rng, i)
        published = paper.published or date(paper.year or 2025, 6, 1)
        papers.append(paper)
        if paper.code_links:
            repos.append(_repo(rng, paper, published.year))
        ports += _ports(rng, paper, published)
    return Synthetic(papers, repos, ports)


BASE = 2000  # papers written record by record through analysis.store; larger N are copies

# Copies k = 1..copies-1 of every base row with ids suffixed `-k` and dates shifted by up to
# +-60 days (hash of id and k) so copies spread over quarters. Literal SQL, bound parameters.
_COPY_SQL = (
    """INSERT INTO papers SELECT p.* REPLACE (
        p.paper_id || '-' || k AS paper_id, p.arxiv_id || '-' || k AS arxiv_id,
        p.title || ' #' || k AS title,
        p.published + CAST(hash(p.paper_id, k) % 121 AS INTEGER) - 60 AS published)
    FROM papers p, range(1, ?) r(k)""",
    """INSERT INTO paper_code SELECT c.* REPLACE (
        c.paper_id || '-' || k AS paper_id, c.repo || '-' || k AS repo)
    FROM paper_code c, range(1, ?) r(k)""",
    """INSERT INTO repos SELECT x.* REPLACE (
        x.repo || '-' || k AS repo, x.full_name || '-' || k AS full_name)
    FROM repos x, range(1, ?) r(k)""",
    """INSERT INTO labels SELECT l.* REPLACE (l.repo || '-' || k AS repo)
    FROM labels l, range(1, ?) r(k)""",
    """INSERT INTO ports SELECT t.* REPLACE (
        t.paper_id || '-' || k AS paper_id, t.url || '-' || k AS url,
        t.first_seen + CAST(hash(t.paper_id, k) % 121 AS INTEGER) - 60 AS first_seen)
    FROM ports t, range(1, ?) r(k)""",
)


def build(path: Path, n: int, seed: int = 0, base: int = BASE) -> int:
    """Write a fresh synthetic store to `path`; return its paper count.

    Up to `base` papers go record by record through analysis.store (upsert_papers, save_snapshot,
    upsert_ports). Above that, the base store is copied in bulk SQL to ceil(n / base) * base
    papers: the store's per-row upserts take minutes at 100k, and copies keep every distribution.
    """
    path = Path(path)
    path.unlink(missing_ok=True)
    data = generate(min(n, base), seed)
    con = store.connect(":memory:")  # in memory: no WAL syncs per transaction
    try:
        store.upsert_papers(con, data.papers)
        for snap, label in data.repos:
            store.save_snapshot(con, snap, label)
        store.upsert_ports(con, data.ports)
        copies = -(-n // base)
        if copies > 1:
            with store.transaction(con):
                for sql in _COPY_SQL:
                    con.execute(sql, [copies])
        store.set_meta(con, "snapshot_date", "2026-11-01")
        store.set_meta(con, "sources", f"synthetic (n={n}, seed={seed})")
        con.execute("ATTACH ? AS out", [str(path)])
        con.execute("COPY FROM DATABASE memory TO out")
        con.execute("DETACH out")
        return con.execute("SELECT count(*) FROM papers").fetchone()[0]
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.synth", description=build.__doc__)
    p.add_argument("--papers", type=int, default=1000, help="number of papers (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", type=Path, required=True, help="DuckDB file to (re)create")
    args = p.parse_args(argv)
    started = time.perf_counter()
    count = build(args.out, args.papers, args.seed)
    print(f"synth: {count} papers -> {args.out}, {time.perf_counter() - started:.1f} s",
          file=sys.stderr)  # fmt: skip
    return 0 if count else 1


if __name__ == "__main__":
    raise SystemExit(main())
