"""Progress on stderr: one `rich` bar per stage (or nothing, for tests and pipes that ask for quiet)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from analysis.terminal import clean


class Reporter:
    """Stage bars and status lines. With `enabled=False` the bars are skipped; lines still print."""

    def __init__(self, console: Console | None = None, enabled: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = enabled
        self._progress: Progress | None = None

    def __enter__(self) -> Reporter:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description:<14}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def stage(self, name: str, total: int | None = None) -> TaskID | None:
        """A new bar; `total=None` for stages whose size is not known yet (discovery)."""
        if self._progress is None:
            return None
        return self._progress.add_task(name, total=total)

    def advance(self, task: TaskID | None, n: int = 1) -> None:
        if self._progress is not None and task is not None:
            self._progress.advance(task, n)

    def finish(self, task: TaskID | None, note: str | None = None) -> None:
        """Mark a stage done (its total becomes what was completed)."""
        if self._progress is None or task is None:
            return
        done = next(t.completed for t in self._progress.tasks if t.id == task)
        fields = {"description": note} if note else {}
        self._progress.update(task, total=done, completed=done, **fields)

    def line(self, text: str) -> None:
        """A status line on stderr (above the bars while they run). Text is never markup."""
        console = self._progress.console if self._progress is not None else self.console
        console.print(clean(text), markup=False, highlight=False)
