"""Shared pieces of the sources: the request, URL extraction, paper records, the unit loop, pacing."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from analysis.dates import in_window, with_dates
from analysis.models import Paper, RepoRef, strip_arxiv_version

log = logging.getLogger(__name__)
Unit = TypeVar("Unit")


@dataclass(frozen=True)
class DiscoverRequest:
    """What a refresh asks every source for: papers in [since, until], at most `limit`."""

    since: date
    until: date
    limit: int | None = None
    lists: tuple[str, ...] = ()  # --list URLs for the `lists` source (defaults built in)
    reference: tuple[str, ...] = ()  # --reference files for the `reference` source
    # Malformed rows a source skipped, by source name (the run's tally reports them).
    skipped: Counter[str] = field(default_factory=Counter, compare=False)


# New-style ids (0704.0001 onward: YYMM.NNNN or YYMM.NNNNN) and old-style (`hep-th/9901001`).
_NEW_ID = r"\d{4}\.\d{4,5}(?:v\d+)?"
_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
ARXIV_ID = re.compile(rf"(?:{_NEW_ID}|{_OLD_ID})")
_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html|format)/({_NEW_ID}|{_OLD_ID})", flags=re.IGNORECASE
)
# A GitHub repository URL inside free text; the tail is trimmed by RepoRef.parse.
_GITHUB_IN_TEXT = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+[^\s<>()\[\]{}\"'`]*",
    flags=re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`]+", flags=re.IGNORECASE)

VENUE_TAG = re.compile(r"(?<![A-Za-z])(CVPR|ICCV|ECCV|WACV)[\s_-]?(20\d\d)(?!\d)", re.IGNORECASE)


def arxiv_id_from_url(url: str) -> str | None:
    """`https://arxiv.org/abs/2401.01234v2` (or /pdf/, /html/) -> `2401.01234`, else None."""
    m = _ARXIV_URL.search(url)
    return strip_arxiv_version(m.group(1)) if m else None


def arxiv_ids_in_text(text: str | None) -> list[str]:
    """Every arXiv id linked from `text` (abs/pdf/html URLs), versionless, first seen first."""
    return _unique(strip_arxiv_version(m.group(1)) for m in _ARXIV_URL.finditer(text or ""))


def github_repos_in_text(text: str | None) -> list[RepoRef]:
    """Every GitHub repository URL in `text`, in order, once each (case-insensitive)."""
    refs: dict[str, RepoRef] = {}
    for m in _GITHUB_IN_TEXT.finditer(text or ""):
        ref = RepoRef.parse(_trim_url(m.group(0)))
        if ref is not None and ref.key not in refs:
            refs[ref.key] = ref
    return list(refs.values())


def urls_in_text(text: str) -> list[str]:
    """Every http(s) URL in `text` (markdown links and `<...>` autolinks included), in order."""
    return [_trim_url(m.group(0)) for m in _URL.finditer(text)]


def venue_of(text: str) -> tuple[str, int] | None:
    """First venue tag in `text`: `CVPR2025`, `iccv_2023`, `ECCV-2024` -> ("CVPR", 2025)."""
    m = VENUE_TAG.search(text)
    return (m.group(1).upper(), int(m.group(2))) if m else None


def venues_in(text: str) -> set[tuple[str, int]]:
    """Every venue tag in `text`, as (venue, year) pairs."""
    return {(m.group(1).upper(), int(m.group(2))) for m in VENUE_TAG.finditer(text)}


def new_paper(
    source: str,
    title: str,
    arxiv_id: str | None,
    venue: tuple[str, int] | None = None,
    **fields: Any,
) -> Paper:
    """A Paper whose id comes from (arxiv_id, title) and venue/year from a `venue_of` pair."""
    fields.setdefault("title_source", source)
    return with_dates(
        Paper(
            paper_id=Paper.make_id(arxiv_id, title),
            title=title,
            source=source,
            arxiv_id=arxiv_id,
            venue=venue[0] if venue else None,
            year=venue[1] if venue else None,
            **fields,
        )
    )


def in_request(paper: Paper, req: DiscoverRequest) -> bool:
    """Whether `paper` falls in [req.since, req.until]: by its date when it has one (a month-
    precision date when its month overlaps), else by its venue year; undated papers are kept."""
    if paper.published is not None:
        return in_window(paper.published, req.since, req.until, paper.published_precision)
    return paper.year is None or req.since.year <= paper.year <= req.until.year


def one_line(text: Any) -> str:
    """Whitespace runs (newlines included) folded to one space; non-text gives ""."""
    return re.sub(r"\s+", " ", text).strip() if isinstance(text, str) else ""


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _trim_url(url: str) -> str:
    # Prose punctuation and full-width marks are not part of a URL.
    return url.rstrip(".,;:!?。，；：）)>]*_'\"")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class SourceIncomplete(Exception):
    """Some units of a source (a list, a day, a search tag) failed; the others were yielded."""

    def __init__(self, source: str, failures: list[str], units: int) -> None:
        self.failures = failures
        super().__init__(
            f"{source}: {len(failures)} of {units} failed (first: {failures[0] if failures else '-'})"
        )


def fetch_errors() -> tuple[type[BaseException], ...]:
    """What one unit's fetch or parse can raise: HTTP exhaustion, bad status, bad JSON/XML/HTML."""
    from xml.etree.ElementTree import ParseError

    from scraper.http.client import FetchError

    return (FetchError, ValueError, KeyError, TypeError, ParseError)


async def papers_by_unit(
    source: str,
    units: Sequence[Unit],
    papers_of: Callable[[Unit], AsyncIterator[Paper]],
    limit: int | None,
    *,
    label: Callable[[Unit], str] = str,
    unique: bool = False,
) -> AsyncIterator[Paper]:
    """Every unit's papers (once each by paper_id when `unique`), at most `limit` in all.

    A unit whose fetch or parse fails is logged and skipped (papers it yielded before failing
    stay yielded); after the last unit, SourceIncomplete names the failures.
    """
    failures: list[str] = []
    seen: set[str] = set()
    count = 0
    for unit in units:
        try:
            async for paper in papers_of(unit):
                if unique and paper.paper_id in seen:
                    continue
                seen.add(paper.paper_id)
                yield paper
                count += 1
                if limit is not None and count >= limit:
                    return
        except fetch_errors() as e:
            log.warning("%s %s skipped: %s", source, label(unit), e)
            failures.append(f"{label(unit)}: {e}")
    if failures:
        raise SourceIncomplete(source, failures, len(units))


class Pacer:
    """Keeps at least `interval` seconds between calls (arXiv: 3 s; GitHub search: 2 s).

    The clock and sleep are injectable so tests run instantly and can assert the spacing.
    """

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None
        self.waited = 0.0  # total seconds slept, for tallies and tests

    async def wait(self) -> None:
        """Sleep until `interval` has passed since the previous call's slot, then take a slot.

        The slot is reserved before sleeping, so concurrent callers queue up without a lock.
        """
        now = self._clock()
        slot = now if self._last is None else max(now, self._last + self.interval)
        self._last = slot
        if slot > now:
            self.waited += slot - now
            await self._sleep(slot - now)
