"""An HTTP cache in the store's `http_cache` table whose writes are buffered into transactions.

`scraper.http.client.DuckDBCache` writes each response in its own statement (~15 ms in DuckDB, blocking
the event loop); the refresh writes hundreds per second, so it buffers them and flushes them
together, always before storing the data they led to (so a killed run loses no validator of
data it kept).
"""

from __future__ import annotations

from typing import Any

from analysis import store
from scraper.http.client import CachedEntry


class BufferedCache:
    """A `scraper.http.client.Cache` over `http_cache`; call `flush()` before each durable write."""

    def __init__(self, con: Any, max_pending: int = 500) -> None:
        self.con = con
        self.max_pending = max_pending
        self.pending: dict[str, CachedEntry] = {}
        # URLs stored before this run: a look-up of any other URL would miss, so it is skipped
        # (a first run would otherwise pay one query per request).
        self.stored = store.cache_urls(con)

    def get(self, url: str) -> CachedEntry | None:
        if url in self.pending:
            return self.pending[url]
        if url not in self.stored:
            return None
        row = store.cache_get(self.con, url)
        if row is None:
            return None
        etag, last_modified, status, content_type, body = row
        return CachedEntry(etag, last_modified, status, content_type, bytes(body or b""))

    def put(self, url: str, entry: CachedEntry) -> None:
        self.pending[url] = entry
        if len(self.pending) >= self.max_pending:
            self.flush()

    def flush(self) -> None:
        """Write every pending entry in one transaction."""
        if not self.pending:
            return
        rows = [(url, e.etag, e.last_modified, e.status, e.content_type, e.body)
                for url, e in self.pending.items()]  # fmt: skip
        store.cache_put_many(self.con, rows)
        self.stored.update(self.pending)
        self.pending.clear()


def flush_cache(http: Any) -> None:
    """Flush `http.cache` when it buffers (a plain Cache has nothing to flush)."""
    flush = getattr(getattr(http, "cache", None), "flush", None)
    if flush is not None:
        flush()
