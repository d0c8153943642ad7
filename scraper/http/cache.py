"""HTTP cache for conditional requests: validators and bodies of earlier 200 responses, by URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class CachedEntry:
    """Validators and body of an earlier 200 response (never any request header or token)."""

    etag: str | None
    last_modified: str | None
    status: int
    content_type: str | None
    body: bytes


class Cache(Protocol):
    """Validators and bodies of earlier 200 responses, keyed by URL."""

    def get(self, url: str) -> CachedEntry | None: ...

    def put(self, url: str, entry: CachedEntry) -> None: ...


class MemoryCache:
    """A dict-backed Cache for tests and one-off runs."""

    def __init__(self) -> None:
        self.entries: dict[str, CachedEntry] = {}

    def get(self, url: str) -> CachedEntry | None:
        return self.entries.get(url)

    def put(self, url: str, entry: CachedEntry) -> None:
        self.entries[url] = entry


class DuckDBCache:
    """A Cache in the store's `http_cache` table (analysis.store owns the SQL)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def get(self, url: str) -> CachedEntry | None:
        from analysis.store import cache_get

        row = cache_get(self.con, url)
        if row is None:
            return None
        etag, last_modified, status, content_type, body = row
        return CachedEntry(etag, last_modified, status, content_type, bytes(body or b""))

    def put(self, url: str, entry: CachedEntry) -> None:
        from analysis.store import cache_put

        cache_put(self.con, url, entry.etag, entry.last_modified, entry.status,
                  entry.content_type, entry.body)  # fmt: skip
