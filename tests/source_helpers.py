"""Helpers shared by the source tests: fixture loading, a fake clock, running discover()."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from analysis.models import Paper
from scraper.http.client import Http, Settings
from scraper.sources.common import Pacer

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def pacer(self, interval: float) -> Pacer:
        return Pacer(interval, clock=self, sleep=self.sleep)


async def _no_sleep(_: float) -> None:
    return None


def collect(settings: Settings, gen_factory) -> list[Paper]:
    """Run `gen_factory(http)` (an async iterator of Papers) against `settings`; list the papers."""

    async def run() -> list[Paper]:
        async with Http(settings, sleep=_no_sleep) as http:
            it: AsyncIterator[Paper] = gen_factory(http)
            return [p async for p in it]

    return asyncio.run(run())
