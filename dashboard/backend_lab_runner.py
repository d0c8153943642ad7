"""Backend lab: the lesson's Keras 3 snippet on every installed backend, one subprocess each.

`KERAS_BACKEND` is read once, at `import keras`, so backends cannot share a process. Every run gets
the same weights (made once with numpy, passed as .npz); outputs are compared with each other and
with a plain numpy forward pass.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dashboard.keras_snippet import make_weights

# Keras backend name -> the module that must be importable for it.
BACKENDS: dict[str, str] = {"jax": "jax", "torch": "torch", "tensorflow": "tensorflow"}
INSTALL_HINTS: dict[str, str] = {
    "jax": "pip install 'jax[cpu]'",
    "torch": "pip install torch==2.13.0",
    "tensorflow": "pip install tensorflow",
}
ROOT = Path(__file__).resolve().parent.parent
# float32 matmuls on different backends differ in the last bits; more than this is a real mismatch.
AGREE_TOL = 1e-5


@dataclass(frozen=True)
class BackendRun:
    """One backend's run: shape and output, or the error it stopped with."""

    backend: str
    ok: bool
    shape: tuple[int, ...] = ()
    output: np.ndarray | None = field(default=None, compare=False)
    batch_output: np.ndarray | None = field(default=None, compare=False)
    keras_version: str = ""
    wall_s: float = 0.0  # the whole subprocess: interpreter start, import, build, two calls
    import_s: float = 0.0
    first_call_s: float = 0.0
    call_s: float = 0.0
    error: str = ""


@dataclass(frozen=True)
class LabReport:
    """All runs, the missing backends, and how far the outputs are apart."""

    runs: tuple[BackendRun, ...]
    missing: tuple[str, ...]
    max_abs_diff: float | None  # between backends (None with fewer than two successful runs)
    max_abs_diff_numpy: float | None  # worst backend vs the numpy reference

    @property
    def agree(self) -> bool:
        """Every run succeeded and matches numpy (hence each other) within AGREE_TOL."""
        ok = all(r.ok for r in self.runs) and self.max_abs_diff_numpy is not None
        return ok and self.max_abs_diff_numpy <= AGREE_TOL


def installed_backends(find_spec=importlib.util.find_spec) -> list[str]:
    """Backends whose module is importable here (never installs anything)."""
    return [name for name, module in BACKENDS.items() if find_spec(module) is not None]


def numpy_reference(weights: dict[str, np.ndarray], key: str = "x") -> np.ndarray:
    """The same forward pass in numpy: relu(x W1 + b1) W2 + b2, then softmax."""
    h = np.maximum(weights[key].astype(np.float64) @ weights["w1"] + weights["b1"], 0.0)
    logits = h @ weights["w2"] + weights["b2"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def run_backend(backend: str, weights_file: Path, timeout: float = 180.0) -> BackendRun:
    """Run `python -m dashboard.keras_snippet` for one backend in a fresh interpreter."""
    cmd = [sys.executable, "-m", "dashboard.keras_snippet", "--backend", backend,
           "--weights", str(weights_file)]  # fmt: skip
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return BackendRun(backend, ok=False, error=f"timed out after {timeout:.0f} s")
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return BackendRun(backend, ok=False, wall_s=wall, error="\n".join(tail))
    return parse_run(backend, proc.stdout, wall)


def parse_run(backend: str, stdout: str, wall_s: float) -> BackendRun:
    """The snippet's JSON line -> BackendRun."""
    d = json.loads(stdout.strip().splitlines()[-1])
    return BackendRun(
        backend=backend,
        ok=True,
        shape=tuple(d["shape"]),
        output=np.asarray(d["output"]),
        batch_output=np.asarray(d["batch_output"]),
        keras_version=d["keras_version"],
        wall_s=wall_s,
        import_s=d["import_s"],
        first_call_s=d["first_call_s"],
        call_s=d["call_s"],
    )


def max_abs_diff(arrays: list[np.ndarray]) -> float | None:
    """Largest element-wise difference between any two arrays (None with fewer than two)."""
    if len(arrays) < 2:
        return None
    stacked = np.stack(arrays)
    return float((stacked.max(axis=0) - stacked.min(axis=0)).max())


def summarise(runs: list[BackendRun], weights: dict[str, np.ndarray],
              missing: list[str]) -> LabReport:  # fmt: skip
    """Compare successful runs with each other and with numpy, on both inputs."""
    ok = [r for r in runs if r.ok]
    both = [np.concatenate([r.output, r.batch_output]) for r in ok]
    ref = np.concatenate([numpy_reference(weights, "x"), numpy_reference(weights, "x_batch")])
    vs_numpy = max((float(np.abs(a - ref).max()) for a in both), default=None)
    return LabReport(tuple(runs), tuple(missing), max_abs_diff(both), vs_numpy)


def run_lab(backends: list[str] | None = None, seed: int = 0, timeout: float = 180.0) -> LabReport:
    """Run the snippet on `backends` (default: every installed one) with one set of weights."""
    available = installed_backends()
    chosen = available if backends is None else backends
    missing = [b for b in BACKENDS if b not in available]
    weights = make_weights(seed)
    with tempfile.TemporaryDirectory(prefix="cvgap-lab-") as tmp:
        wfile = Path(tmp) / "weights.npz"
        np.savez(wfile, **weights)
        runs = [run_backend(b, wfile, timeout) for b in chosen]
    return summarise(runs, weights, missing)
