"""Work done once per event loop (one refresh) and shared by every paper that asks for it."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from typing import Any


class PerLoop:
    """`await once(key, make)`: the first caller in a loop starts `make()`; the others await the
    same future (shielded, so one caller's cancellation does not cancel it for the rest)."""

    def __init__(self) -> None:
        self._loops: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, key: Any, make: Callable[[], Awaitable[Any]]) -> Awaitable[Any]:
        started = self._loops.setdefault(asyncio.get_running_loop(), {})
        if key not in started:
            started[key] = asyncio.ensure_future(make())
        return asyncio.shield(started[key])
