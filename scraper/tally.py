"""What a refresh did: per-source and per-stage counts, item errors, and their one-line summaries."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MASS_MISSING_MIN = 3  # known repos that must vanish at once before a run is called suspect


@dataclass
class SourceTally:
    """One source's discovery: papers reported, new/updated rows, items that failed later."""

    papers: int = 0
    new: int = 0
    updated: int = 0
    failed: int = 0
    seconds: float = 0.0
    error: str | None = None  # set when the whole source failed
    skipped: int = 0  # malformed rows (of a list) passed over

    def line(self, name: str) -> str:
        head = f"{name}: {self.papers} papers, {self.new} new, {self.updated} updated, "
        tail = f"{self.failed} failed, {self.seconds:.1f} s"
        if self.skipped:
            tail = f"{self.skipped} malformed rows skipped, {tail}"
        if self.error:
            return f"{head}{tail} (source FAILED: {self.error})"
        return head + tail


@dataclass
class RepoTally:
    """The fetch stage: what happened to each official repository."""

    checked: int = 0
    fetched: int = 0  # new or changed head: tree and files read
    unchanged: int = 0  # head equals the stored head (a conditional request answered it)
    relabelled: int = 0  # unchanged head, new classifier version, labelled from stored blobs
    missing: int = 0  # 404/451/empty: recorded with that status
    failed: int = 0
    seconds: float = 0.0
    dead: int = 0  # of `unchanged`, dead links not asked again yet (--recheck-missing-days)
    known: int = 0  # checked repos stored with code by an earlier run
    vanished: int = 0  # of those, the ones answering 404/451/409 now (their data is kept)

    def line(self) -> str:
        text = (
            f"repos: {self.checked} checked, {self.fetched} fetched, {self.unchanged} unchanged, "
            f"{self.relabelled} relabelled, {self.missing} missing, {self.failed} failed, "
            f"{self.seconds:.1f} s"
        )
        if self.vanished:
            text += f"; {self.vanished} of {self.known} known repos now missing (data kept)"
        return text

    @property
    def mass_missing(self) -> bool:
        """Most known repos suddenly gone: a wrong base URL, a token or an outage, not GitHub."""
        return self.vanished >= MASS_MISSING_MIN and self.vanished * 2 > self.known

    @property
    def all_failed(self) -> bool:
        """Every repo asked about failed (dead links not asked again do not count)."""
        return self.failed > 0 and self.failed + self.dead == self.checked


@dataclass
class PortTally:
    """The port-finding stage."""

    papers: int = 0
    ports: int = 0
    new: int = 0
    failed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"ports: {self.papers} papers looked up, {self.ports} ports, {self.new} new, "
            f"{self.failed} failed, {self.seconds:.1f} s"
        )


@dataclass
class Tally:
    """The whole run. `errors` holds one dict per failed item (stage, item, error)."""

    sources: dict[str, SourceTally] = field(default_factory=dict)
    repos: RepoTally = field(default_factory=RepoTally)
    ports: PortTally = field(default_factory=PortTally)
    http: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    published: bool = True  # False when every source failed on a new database (none is written)

    @property
    def failed_sources(self) -> list[str]:
        return [name for name, s in self.sources.items() if s.error]

    @property
    def all_sources_failed(self) -> bool:
        return bool(self.sources) and len(self.failed_sources) == len(self.sources)

    @property
    def papers(self) -> int:
        return sum(s.papers for s in self.sources.values())

    def record_error(self, stage: str, item: str, error: BaseException | str) -> None:
        """Count one failed item; the run goes on."""
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        self.errors.append({"stage": stage, "item": item, "error": text})

    def lines(self) -> list[str]:
        """The final report: one line per source, per stage, HTTP, and a total."""
        out = [s.line(name) for name, s in self.sources.items()]
        out.append(self.repos.line())
        if self.ports.papers or self.ports.failed:
            out.append(self.ports.line())
        if self.http:
            out.append(http_line(self.http))
        out.append(self.total_line())
        return out

    def total_line(self) -> str:
        new = sum(s.new for s in self.sources.values())
        updated = sum(s.updated for s in self.sources.values())
        failed_src = self.failed_sources
        text = (
            f"total: {self.papers} papers, {new} new, {updated} updated, "
            f"{len(self.errors)} item errors, {self.seconds:.1f} s"
        )
        if failed_src:
            text += f"; failed sources: {', '.join(failed_src)}"
        return text

    def counts(self) -> dict[str, Any]:
        """JSON-able counts for `runs.counts` (errors go to `runs.errors`)."""
        return {
            "sources": {name: asdict(s) for name, s in self.sources.items()},
            "repos": asdict(self.repos),
            "ports": asdict(self.ports),
            "http": self.http,
            "errors": len(self.errors),
            "seconds": round(self.seconds, 3),
        }


def http_line(stats: dict[str, Any]) -> str:
    """`http: 812 requests, 40 not modified, ...` summed over hosts (`HttpStats.as_dict()`)."""
    hosts = stats.get("hosts", {}).values()
    keys = ("requests", "not_modified", "retries", "rate_limited", "errors")
    total = {k: sum(int(h.get(k, 0) or 0) for h in hosts) for k in keys}
    return (
        f"http: {total['requests']} requests, {total['not_modified']} not modified, "
        f"{total['retries']} retried, {total['rate_limited']} rate-limited, "
        f"{total['errors']} gave up; github api {stats.get('github_api_requests', 0)}, "
        f"raw {stats.get('github_raw_requests', 0)}"
    )
