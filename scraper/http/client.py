"""All HTTP of the scraper: one client with User-Agent, per-host limits, retries, caching, tokens."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from scraper.http.cache import Cache, CachedEntry, DuckDBCache, MemoryCache
from scraper.http.policy import (
    HttpStats,
    RateLimit,
    is_rate_limited,
    path_resource,
    rate_limit_from,
    retry_delay,
)
from scraper.http.settings import Settings

__all__ = [
    "Cache", "CachedEntry", "DuckDBCache", "FetchError", "Http", "HttpStats", "MemoryCache",
    "Response", "Settings", "USER_AGENT",
]  # fmt: skip

log = logging.getLogger(__name__)

try:
    from importlib.metadata import version as _version

    VERSION = _version("cv-framework-gap")
except Exception:  # noqa: BLE001 - not installed (running from a checkout): any version will do
    VERSION = "0"
USER_AGENT = f"cv-framework-gap/{VERSION} (+https://github.com/cv-framework-gap/cv-framework-gap)"
MAX_CACHED_BYTES = 8_000_000  # larger bodies are returned but not kept in the cache
UNREACHABLE_AFTER = 3  # failed connects to a host that never answered before it is given up
_DNS_ERRORS = ("name or service not known", "nodename nor servname", "name resolution",
               "no address associated", "getaddrinfo failed")  # fmt: skip


@dataclass(frozen=True)
class Response:
    """A final response. `not_modified` means a 304 answered and the body came from the cache."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    not_modified: bool = False
    redirected: bool = False  # a redirect was followed; `url` is where it ended

    def json(self) -> Any:
        return json.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class FetchError(Exception):
    """A request that failed for good: network failure or retries exhausted."""

    def __init__(self, url: str, status: int | None, message: str) -> None:
        super().__init__(f"{message} ({url})")
        self.url = url
        self.status = status


class _Retry(Exception):
    """Internal: this attempt should be retried after `delay` seconds."""

    def __init__(self, delay: float, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.delay = delay
        self.status = status


Sleep = Callable[[float], Awaitable[Any]]
OnWait = Callable[[str, float, str], None]  # (host, seconds, why) before a wait of a second or more


class Http:
    """One per run: `async with Http(settings, cache=...) as http: await http.get(url)`."""

    def __init__(self, settings: Settings | None = None, *, cache: Cache | None = None,
                 transport: httpx.AsyncBaseTransport | None = None, sleep: Sleep = asyncio.sleep,
                 clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:  # fmt: skip
        self.settings = settings or Settings()
        self.cache = cache
        self.stats = HttpStats()
        self._transport = transport
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._client: httpx.AsyncClient | None = None
        self._sems: dict[str, asyncio.Semaphore] = {}
        self._limits: dict[tuple[str, str], RateLimit] = {}
        self.on_wait: OnWait | None = None  # the refresh shows these waits in its progress
        self._answered: set[str] = set()  # hosts that sent any response in this run
        self._unreachable: dict[str, int] = {}  # host -> failed connects before any answer

    def __repr__(self) -> str:
        return f"Http({self.settings!r})"

    async def __aenter__(self) -> Http:
        s = self.settings
        self._client = httpx.AsyncClient(
            transport=self._transport,
            timeout=httpx.Timeout(s.timeout),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
            # Every request on the wire is counted, redirect hops too (they cost rate budget).
            event_hooks={"request": [self._count_request]},
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=s.concurrency * 4),
        )
        if not s.github_token:
            log.warning(
                "GITHUB_TOKEN is not set: the run is anonymous and slower "
                "(60 GitHub REST requests/hour; raw downloads are limited too)"
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(self, url: str, *, params: Mapping[str, Any] | None = None,
                  headers: Mapping[str, str] | None = None,
                  conditional: bool = True) -> Response:  # fmt: skip
        """GET with retries; a cached body with `not_modified=True` when the server answers 304.

        `conditional=False` neither sends validators nor stores the answer (content-addressed URLs
        such as raw files at a commit sha never change, so caching them only costs space).
        """
        full = str(httpx.URL(url).copy_merge_params(params)) if params else url
        return await self._request("GET", full, headers=headers, conditional=conditional)

    async def post_json(self, url: str, payload: Any,
                        headers: Mapping[str, str] | None = None) -> Response:  # fmt: skip
        """POST a JSON body (GraphQL); never cached."""
        body = json.dumps(payload).encode()
        extra = {"Content-Type": "application/json", **(headers or {})}
        return await self._request("POST", url, headers=extra, body=body, conditional=False)

    async def _request(self, method: str, url: str, *, headers: Mapping[str, str] | None,
                       conditional: bool, body: bytes | None = None) -> Response:  # fmt: skip
        cached = self.cache.get(url) if (self.cache and conditional and method == "GET") else None
        req_headers = self._headers(url, headers, cached)
        attempts = self.settings.max_retries + 1
        last = "no attempt"
        status: int | None = None
        for attempt in range(attempts):
            self.ensure_reachable(url)
            try:
                return await self._attempt(method, url, req_headers, body, cached, attempt,
                                           conditional)  # fmt: skip
            except _Retry as retry:
                last, status = str(retry), retry.status
                self.ensure_reachable(url)
                if attempt + 1 >= attempts:
                    break
                self.stats.host(url).retries += 1
                self.stats.waited += retry.delay
                log.info("retrying %s %s in %.1f s: %s", method, url, retry.delay, retry)
                self._tell_wait(url, retry.delay, str(retry))
                await self._sleep(retry.delay)
        self.stats.host(url).errors += 1
        raise FetchError(url, status, f"gave up after {attempts} attempts: {last}")

    def _headers(self, url: str, extra: Mapping[str, str] | None,
                 cached: CachedEntry | None) -> dict[str, str]:  # fmt: skip
        headers: dict[str, str] = {}
        if self.settings.is_github_api(url):
            headers["Accept"] = "application/vnd.github+json"
            headers["X-GitHub-Api-Version"] = "2022-11-28"
        token = self.settings.token_for(url)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        headers.update(extra or {})
        return headers

    async def _attempt(self, method: str, url: str, headers: dict[str, str], body: bytes | None,
                       cached: CachedEntry | None, attempt: int,
                       store: bool) -> Response:  # fmt: skip
        await self._wait_for_reset(url)
        if self._client is None:
            raise RuntimeError("use `async with Http(...) as http`")
        host = self.stats.host(url)
        async with self._semaphore(url):
            try:
                r = await self._client.request(method, url, headers=headers, content=body)
            except httpx.TooManyRedirects as e:  # a loop: this URL fails, retrying cannot help
                host.errors += 1
                raise FetchError(url, None, f"redirect loop ({e})") from e
            except httpx.ConnectError as e:  # no such name, refused: maybe no network at all
                self._note_unreachable(url, e)
                raise _Retry(self._backoff(attempt), f"{type(e).__name__}: {e}") from e
            except httpx.TransportError as e:  # resets, truncated bodies, timeouts
                raise _Retry(self._backoff(attempt), f"{type(e).__name__}: {e}") from e
        self._answered.add(_host(url))
        host.bytes += len(r.content)
        self._note_rate_limit(url, r)
        return self._final(url, r, cached, attempt, store)

    def _final(self, url: str, r: httpx.Response, cached: CachedEntry | None, attempt: int,
               store: bool) -> Response:  # fmt: skip
        """The Response for `r`, or raise _Retry for statuses worth another try."""
        now = self._clock()
        if r.status_code >= 500 or is_rate_limited(r.status_code, r.headers, r.content):
            limited = r.status_code < 500
            if limited:
                self.stats.host(url).rate_limited += 1
                # This retry's delay already covers the reset: don't wait for it twice.
                self._limits.pop((_host(url), path_resource(url)), None)
            delay = retry_delay(r.headers, attempt, now, self._rng, self.settings, limited)
            raise _Retry(self._cap(url, delay), f"HTTP {r.status_code}", r.status_code)
        redirected = bool(r.history)
        if r.status_code == 304 and cached is not None:
            self.stats.host(url).not_modified += 1
            self.stats.count_not_modified(url, self.settings)
            return Response(str(r.url), cached.status, r.headers, cached.body, True, redirected)
        if r.status_code == 200 and _looks_truncated(r):
            raise _Retry(self._backoff(attempt), "truncated JSON body")
        garbage = self._garbage(url, r) if r.status_code == 200 else None
        if garbage:  # never cached, never retried: a proxy or portal answers the same again
            self.stats.host(url).errors += 1
            raise FetchError(url, 200, garbage)
        if r.status_code == 200 and store and self.cache is not None and r.request.method == "GET":
            etag, modified = r.headers.get("etag"), r.headers.get("last-modified")
            if (etag or modified) and len(r.content) <= MAX_CACHED_BYTES:
                entry = CachedEntry(etag, modified, 200, r.headers.get("content-type"), r.content)
                self.cache.put(url, entry)
        return Response(str(r.url), r.status_code, r.headers, r.content, False, redirected)

    def _tell_wait(self, url: str, delay: float, why: str) -> None:
        if self.on_wait is not None and delay >= 1:
            self.on_wait(_host(url), delay, why)

    def _note_unreachable(self, url: str, e: httpx.ConnectError) -> None:
        """A host that never answered and refused UNREACHABLE_AFTER connections (or whose name
        does not resolve) is unreachable for the rest of the run: no retries, no waiting."""
        host = _host(url)
        if host in self._answered:
            return
        dns = any(w in str(e).lower() for w in _DNS_ERRORS)
        self._unreachable[host] = self._unreachable.get(host, 0) + (UNREACHABLE_AFTER if dns else 1)

    def ensure_reachable(self, url: str) -> None:
        """Raise FetchError at once for a host given up as unreachable (paced callers ask first)."""
        host = _host(url)
        if self._unreachable.get(host, 0) >= UNREACHABLE_AFTER:
            self.stats.host(url).errors += 1
            name = httpx.URL(url).host
            raise FetchError(url, None, f"cannot reach {name}: no network or wrong base URL?")

    async def _count_request(self, request: httpx.Request) -> None:
        url = str(request.url)
        self.stats.host(url).requests += 1
        self.stats.count_service(url, self.settings)

    def _garbage(self, url: str, r: httpx.Response) -> str | None:
        """Why a 200 body is not what this endpoint returns, or None: an HTML page from a JSON
        API or a raw-file host (a proxy, a captive portal, a wrong base URL's web page)."""
        s = self.settings
        api = s.is_github_api(url) or _under_path(url, s.hf_endpoint, "/api/")
        if not (api or s.is_github_raw(url)):
            return None
        html = "html" in r.headers.get("content-type", "").lower()
        head = r.content.lstrip()[:15].lower()
        if html or (api and head.startswith((b"<!doctype html", b"<html"))):
            return (f"HTTP 200 with an HTML page ({len(r.content)} bytes) where data was expected "
                    "(a proxy or captive portal, or a wrong base URL?)")  # fmt: skip
        return None

    def _backoff(self, attempt: int) -> float:
        s = self.settings
        return self._rng.uniform(0, min(s.backoff_cap, s.backoff_base * 2**attempt))

    def _cap(self, url: str, delay: float) -> float:
        if delay > self.settings.max_wait:
            log.warning("%s asks to wait %.0f s; waiting %.0f s (--max-wait) instead",
                        _host(url), delay, self.settings.max_wait)  # fmt: skip
            self.stats.capped_waits += 1
            return self.settings.max_wait
        return delay

    def _semaphore(self, url: str) -> asyncio.Semaphore:
        host = _host(url)
        if host not in self._sems:
            self._sems[host] = asyncio.Semaphore(self.settings.concurrency)
        return self._sems[host]

    def _note_rate_limit(self, url: str, r: httpx.Response) -> None:
        limit = rate_limit_from(r.headers)
        if limit is not None:
            self._limits[(_host(url), path_resource(url))] = limit

    async def _wait_for_reset(self, url: str) -> None:
        """Before a request: if this host's budget for the resource is spent, wait for the reset."""
        limit = self._limits.get((_host(url), path_resource(url)))
        if limit is None or limit.remaining > 0:
            return
        delay = limit.reset - self._clock()
        if delay <= 0:
            return
        delay = self._cap(url, delay)
        self.stats.host(url).rate_limited += 1
        self.stats.waited += delay
        log.warning("%s rate limit spent; waiting %.0f s for the reset", _host(url), delay)
        self._tell_wait(url, delay, "rate limit spent")
        await self._sleep(delay)
        self._limits.pop((_host(url), path_resource(url)), None)


def _under_path(url: str, base: str, path: str) -> bool:
    """True when `url` is below `base` + `path` (e.g. the Hub's JSON API under its endpoint)."""
    return url.startswith(base.rstrip("/") + path)


def _host(url: str) -> str:
    return httpx.URL(url).netloc.decode()


def _looks_truncated(r: httpx.Response) -> bool:
    """A 200 JSON body that does not parse was cut short (proxies sometimes do this)."""
    if "json" not in r.headers.get("content-type", ""):
        return False
    try:
        json.loads(r.content)
    except ValueError:
        return True
    return False
