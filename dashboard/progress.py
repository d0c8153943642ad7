"""The Exercise page's answers, kept in a small JSON file under the user's state directory.

Never in the snapshot database: a refresh replaces that file, and a learner's answers are theirs.
`$CVGAP_STATE_DIR` overrides the location (tests, shared machines).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_ENV = "CVGAP_STATE_DIR"
FILENAME = "exercise.json"


@dataclass(frozen=True)
class Answer:
    """One exercise round: which paper, what the learner guessed, what the snapshot says."""

    paper_id: str
    guess: str
    actual: str
    best_level: int
    answered_at: str  # ISO timestamp (UTC)

    @property
    def correct(self) -> bool:
        return self.guess == self.actual


def state_dir(env: dict[str, str] | None = None) -> Path:
    """`$CVGAP_STATE_DIR`, else `$XDG_STATE_HOME/cv-framework-gap`, else ~/.local/state/..."""
    env = dict(os.environ) if env is None else env
    if env.get(STATE_ENV):
        return Path(env[STATE_ENV]).expanduser()
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / "cv-framework-gap"


def progress_file(env: dict[str, str] | None = None) -> Path:
    return state_dir(env) / FILENAME


def load_answers(path: Path) -> list[Answer]:
    """Answers saved at `path`; a missing or unreadable file is an empty history."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8")).get("answers", [])
        return [Answer(**row) for row in rows]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def save_answers(path: Path, answers: list[Answer]) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = {"version": 1, "answers": [asdict(a) for a in answers]}
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def record(path: Path, answer: Answer) -> list[Answer]:
    """Append `answer` (replacing an earlier answer to the same paper) and save."""
    answers = [a for a in load_answers(path) if a.paper_id != answer.paper_id] + [answer]
    save_answers(path, answers)
    return answers


def score(answers: list[Answer]) -> tuple[int, int]:
    """(correct, answered)."""
    return sum(a.correct for a in answers), len(answers)
