"""Settings of one run: base URLs (env vars / CLI options), tokens per host, limits."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

_ENV = {
    "github_api_url": "GITHUB_API_URL",
    "github_raw_url": "GITHUB_RAW_URL",
    "hf_endpoint": "HF_ENDPOINT",
    "arxiv_api_url": "ARXIV_API_URL",
    "cvf_url": "CVF_URL",
    "pypi_url": "PYPI_URL",
    "github_token": "GITHUB_TOKEN",
    "hf_token": "HF_TOKEN",
}


@dataclass(frozen=True)
class Settings:
    """Base URLs, tokens and limits of one run. Tokens never appear in repr or logs."""

    github_api_url: str = "https://api.github.com"
    github_raw_url: str = "https://raw.githubusercontent.com"
    hf_endpoint: str = "https://huggingface.co"
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    cvf_url: str = "https://openaccess.thecvf.com"
    pypi_url: str = "https://pypi.org"
    github_token: str | None = field(default=None, repr=False)
    hf_token: str | None = field(default=None, repr=False)
    concurrency: int = 16
    max_retries: int = 5
    timeout: float = 30.0
    max_wait: float = 900.0  # longest single wait for a rate-limit reset / Retry-After (seconds)
    backoff_base: float = 1.0
    backoff_cap: float = 60.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from environment variables (GITHUB_API_URL, GITHUB_TOKEN, ...) plus overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {k: env[v] for k, v in _ENV.items() if env.get(v)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("github_api_url", "github_raw_url", "hf_endpoint", "cvf_url", "pypi_url"):
            if name in values:
                values[name] = str(values[name]).rstrip("/")
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return cls(**values)

    def token_for(self, url: str) -> str | None:
        """The token that belongs to `url`'s configured service, matched by base-URL prefix."""
        if self.github_token and (
            _under(url, self.github_api_url) or _under(url, self.github_raw_url)
        ):
            return self.github_token
        if self.hf_token and _under(url, self.hf_endpoint):
            return self.hf_token
        return None

    def is_github_api(self, url: str) -> bool:
        return _under(url, self.github_api_url)

    def is_github_raw(self, url: str) -> bool:
        return _under(url, self.github_raw_url) and not self.is_github_api(url)


def _under(url: str, base: str) -> bool:
    """True when `url` is `base` or below it (a path boundary, not a string prefix)."""
    base = base.rstrip("/")
    return url == base or (url.startswith(base) and url[len(base)] in "/?#")
