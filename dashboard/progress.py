"""The Exercise page's answers, kept in a small JSON file under the user's state directory.

Why a file and not the session or the URL: Streamlit's session state dies with the browser tab,
so a reload would forget every answer; answers encoded in the URL would grow with each one, travel
with every shared link, and could be edited into a better score. The file survives reloads and
restarts. It is never the snapshot database: the app opens that read-only, a refresh replaces it,
and a learner's answers are theirs.

One learner per computer by default (`exercise.json`). Learners sharing one server each open the
app with their own name, `?learner=kim`, and get their own file (`exercise-kim.json`); the app
keeps that parameter in the address bar on every page. `$CVGAP_STATE_DIR` overrides the location.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_ENV = "CVGAP_STATE_DIR"
FILENAME = "exercise.json"
_LEARNER = re.compile(r"^[A-Za-z0-9_-]{1,40}$")  # a file-name part: no dots, no slashes


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


def learner(value: str | None) -> str | None:
    """A learner name from `?learner=`, or None (this computer's learner) when absent or unsafe."""
    return value if value and _LEARNER.match(value) else None


def progress_file(env: dict[str, str] | None = None, learner_name: str | None = None) -> Path:
    """This computer's answers, or those of the learner `learner_name` (see `learner`)."""
    name = f"exercise-{learner_name}.json" if learner(learner_name) else FILENAME
    return state_dir(env) / name


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
    """Append `answer` and save, unless the paper was answered already: a revealed answer is
    locked, so an earlier one (from another tab, say) stands."""
    answers = load_answers(path)
    if any(a.paper_id == answer.paper_id for a in answers):
        return answers
    answers.append(answer)
    save_answers(path, answers)
    return answers


def score(answers: list[Answer], paper_ids: Collection[str] | None = None) -> tuple[int, int]:
    """(correct, answered), over the papers `paper_ids` (a window's) or over every answer."""
    counted = [a for a in answers if paper_ids is None or a.paper_id in paper_ids]
    return sum(a.correct for a in counted), len(counted)
