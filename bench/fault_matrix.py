"""The fault matrix as a table: every fault kind x {fresh, existing database}, on the corpus replay.

For each cell: the exit code, whether the report said what it must, rows lost and rows
duplicated against a clean run's tables, and requests the server saw against those the run
counted. Exits 1 if it measured nothing (no corpus) or a cell broke its expectation. On an
existing database unchanged heads answer 304, so faults injected on raw downloads are not reached
there (the request counts show it).

    .venv/bin/python bench/fault_matrix.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CORPUS  # noqa: E402
from tests.fault_matrix import CASES, Matrix  # noqa: E402


def main() -> int:
    if not (CORPUS / "labels.csv").exists():
        print(f"no corpus at {CORPUS} (set CVGAP_CORPUS): nothing measured", file=sys.stderr)
        return 1
    head = f"{'fault':<24} {'db':<8} {'exit':>4} {'words':>5} {'lost':>5} {'dup':>4} " \
           f"{'seen':>5} {'counted':>7}  ok"  # fmt: skip
    print(head)
    print("-" * len(head))
    broken = rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        matrix = Matrix(CORPUS, Path(tmp))
        try:
            for case in CASES:
                for existing in (False, True):
                    r = matrix.run(case, existing)
                    code, _, may_lose = case.existing if existing else case.fresh
                    ok = (r.exit == code and r.words and r.seen == r.counted
                          and (may_lose or (r.lost, r.duplicated) == (0, 0)))  # fmt: skip
                    broken += not ok
                    rows += 1
                    print(f"{r.case:<24} {r.db:<8} {r.exit:>4} {'yes' if r.words else 'NO':>5} "
                          f"{r.lost:>5} {r.duplicated:>4} {r.seen:>5} {r.counted:>7}  "
                          f"{'ok' if ok else 'BROKEN'}")  # fmt: skip
        finally:
            matrix.close()
    print(f"{rows} cells, {broken} broken (rows lost or duplicated are allowed only on a fresh "
          "database, where a failed or missing item was never stored)")  # fmt: skip
    return 1 if rows == 0 or broken else 0


if __name__ == "__main__":
    sys.exit(main())
