"""The lesson's Keras 3 snippet, run on one backend per process (`KERAS_BACKEND` before `import keras`).

    python -m dashboard.keras_snippet --backend jax --weights weights.npz

Prints one JSON object on stdout: backend, Keras version, output shape, the softmax output and
timings. The weights and the input come from the .npz so every backend computes the same function.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

# The lesson's model: keras.Input(shape=(784,)) -> Dense(128, relu) -> Dense(10).
INPUTS, HIDDEN, OUTPUTS = 784, 128, 10
WEIGHT_KEYS = ("w1", "b1", "w2", "b2")

# The snippet as the lesson prints it (shown on the Backend lab page; `run` below is what executes).
LESSON_SNIPPET = """\
import os
# KERAS_BACKEND must be set BEFORE importing keras. Hard rule.
os.environ["KERAS_BACKEND"] = "jax"   # or "tensorflow", "torch"

import keras
from keras import layers, ops

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, activation='relu'),
    layers.Dense(10),
])

# Use keras.ops, NOT tf.* / jnp.* / torch.*, for backend-agnostic math.
x = ops.array([[1.0] * 784])
y = ops.softmax(model(x))
print(y.shape)  # (1, 10) on every backend
"""


def make_weights(seed: int = 0) -> dict[str, np.ndarray]:
    """Weights for both Dense layers and one input row, float32, reproducible from `seed`."""
    rng = np.random.default_rng(seed)
    scale1, scale2 = 1 / np.sqrt(INPUTS), 1 / np.sqrt(HIDDEN)
    return {
        "w1": rng.normal(0, scale1, (INPUTS, HIDDEN)).astype(np.float32),
        "b1": rng.normal(0, 0.1, (HIDDEN,)).astype(np.float32),
        "w2": rng.normal(0, scale2, (HIDDEN, OUTPUTS)).astype(np.float32),
        "b2": rng.normal(0, 0.1, (OUTPUTS,)).astype(np.float32),
        # The lesson's input, ops.array([[1.0] * 784]), plus a random batch that checks more.
        "x": np.ones((1, INPUTS), dtype=np.float32),
        "x_batch": rng.uniform(0, 1, (8, INPUTS)).astype(np.float32),
    }


def run(backend: str, weights: dict[str, np.ndarray]) -> dict:
    """Build the lesson's model on `backend`, load `weights`, return shape, output and timings."""
    os.environ["KERAS_BACKEND"] = backend  # must precede the first `import keras`
    t0 = time.perf_counter()
    import keras
    from keras import layers, ops

    t1 = time.perf_counter()
    model = keras.Sequential(
        [
            keras.Input(shape=(INPUTS,)),
            layers.Dense(HIDDEN, activation="relu"),
            layers.Dense(OUTPUTS),
        ]
    )
    model.set_weights([weights[k] for k in WEIGHT_KEYS])
    x = ops.array(weights["x"])
    y = ops.softmax(model(x))  # first call: includes tracing/compilation
    t2 = time.perf_counter()
    y = ops.softmax(model(x))
    t3 = time.perf_counter()
    batch = ops.softmax(model(ops.array(weights["x_batch"])))
    out = np.asarray(ops.convert_to_numpy(y), dtype=np.float64)
    return {
        "backend": keras.backend.backend(),
        "keras_version": keras.__version__,
        "shape": list(out.shape),
        "output": out.tolist(),
        "batch_output": np.asarray(ops.convert_to_numpy(batch), dtype=np.float64).tolist(),
        "import_s": t1 - t0,
        "first_call_s": t2 - t1,
        "call_s": t3 - t2,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the lesson's Keras 3 snippet on one backend.")
    parser.add_argument("--backend", required=True, help="jax, torch or tensorflow")
    parser.add_argument("--weights", required=True, help=".npz with w1, b1, w2, b2, x and x_batch")
    args = parser.parse_args(argv)
    if "keras" in sys.modules:  # only possible when imported, not run as a fresh process
        print("keras already imported: run this module in a fresh process", file=sys.stderr)
        return 2
    with np.load(args.weights) as data:
        weights = {k: data[k] for k in (*WEIGHT_KEYS, "x", "x_batch")}
    print(json.dumps(run(args.backend, weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
