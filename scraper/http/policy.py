"""Pure pieces of the HTTP policy: retry delays, rate-limit headers, cache entries and counters."""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scraper.http.settings import Settings

# GitHub waits "at least one minute" before retrying after a secondary limit without Retry-After.
SECONDARY_LIMIT_WAIT = 60.0


@dataclass(frozen=True)
class RateLimit:
    """`X-RateLimit-Remaining` / `X-RateLimit-Reset` (epoch seconds) of the last response."""

    remaining: int
    reset: float


@dataclass
class HostStats:
    """Counters of one host. `requests` counts every attempt that went on the wire."""

    requests: int = 0
    not_modified: int = 0
    retries: int = 0
    rate_limited: int = 0
    errors: int = 0
    bytes: int = 0


@dataclass
class HttpStats:
    """Per-host counters plus the GitHub split the benchmark reports (API vs raw downloads)."""

    hosts: dict[str, HostStats] = field(default_factory=dict)
    github_api_requests: int = 0  # REST + GraphQL requests: these count against the rate limit
    github_api_not_modified: int = 0  # 304s among them (free when authenticated)
    github_graphql_requests: int = 0
    github_raw_requests: int = 0  # raw file downloads (limited separately)
    capped_waits: int = 0  # waits the server asked for that were longer than max_wait
    waited: float = 0.0  # seconds slept for rate limits and backoff

    def host(self, url_or_host: str) -> HostStats:
        name = urlsplit(url_or_host).netloc if "://" in url_or_host else url_or_host
        return self.hosts.setdefault(name, HostStats())

    def count_service(self, url: str, settings: Settings) -> None:
        if settings.is_github_api(url):
            self.github_api_requests += 1
            if urlsplit(url).path.endswith("/graphql"):
                self.github_graphql_requests += 1
        elif settings.is_github_raw(url):
            self.github_raw_requests += 1

    def count_not_modified(self, url: str, settings: Settings) -> None:
        if settings.is_github_api(url):
            self.github_api_not_modified += 1

    def total(self, name: str) -> int:
        """Sum of one HostStats counter over all hosts."""
        return sum(getattr(h, name) for h in self.hosts.values())

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hosts"] = {k: asdict(v) for k, v in self.hosts.items()}
        return d


def parse_retry_after(value: str | None, now: float) -> float | None:
    """`Retry-After` as seconds to wait: delta-seconds or an HTTP date; None when absent/garbled."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def rate_limit_from(headers: Mapping[str, str]) -> RateLimit | None:
    remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
    if remaining is None or reset is None:
        return None
    try:
        return RateLimit(int(remaining), float(reset))
    except ValueError:
        return None


def ietf_reset(value: str | None) -> float | None:
    """Seconds to reset from an IETF-draft `RateLimit` header (HF: `"api";r=0;t=55`), or None."""
    m = re.search(r"(?:^|[;,\s])t=(\d+)", value or "")
    return float(m.group(1)) if m else None


def is_rate_limited(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    """429 always; 403 only with a rate-limit signal (a plain 403 is a real answer)."""
    if status == 429:
        return True
    if status != 403:
        return False
    if headers.get("retry-after") or headers.get("x-ratelimit-remaining") == "0":
        return True
    text = body[:2000].decode("utf-8", errors="replace").lower()
    return "rate limit" in text


def retry_delay(headers: Mapping[str, str], attempt: int, now: float, rng: random.Random,
                settings: Settings, limited: bool) -> float:  # fmt: skip
    """Seconds to wait before the next attempt.

    Retry-After wins; then a spent primary limit waits for `X-RateLimit-Reset`; a secondary limit
    without either waits a minute; anything else backs off exponentially with full jitter.
    """
    after = parse_retry_after(headers.get("retry-after"), now)
    if after is not None:
        return after
    if limited:
        limit = rate_limit_from(headers)
        if limit is not None and limit.remaining == 0:
            return max(0.0, limit.reset - now)
        window = ietf_reset(headers.get("ratelimit"))
        return window if window is not None else SECONDARY_LIMIT_WAIT
    return rng.uniform(0, min(settings.backoff_cap, settings.backoff_base * 2**attempt))


def path_resource(url: str) -> str:
    """GitHub's rate-limit bucket a URL draws on: `search`, `graphql` or `core`."""
    path = urlsplit(url).path
    if "/search/" in path:
        return "search"
    if path.endswith("/graphql"):
        return "graphql"
    return "core"
