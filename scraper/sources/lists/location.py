"""Where a list lives: a file in a GitHub repository, any other http(s) URL, or a local file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from scraper.sources.common import venue_of

if TYPE_CHECKING:
    from scraper.http.client import Http

_GITHUB_HOSTS = ("github.com", "www.github.com", "raw.githubusercontent.com")


@dataclass(frozen=True)
class ListFile:
    """One list file on GitHub, fetched from the configured raw host (GITHUB_RAW_URL)."""

    owner: str
    repo: str
    ref: str
    path: str

    @property
    def list_id(self) -> str:
        """`amusi/CVPR2025-Papers-with-Code:README.md`, as `papers.jsonl` names lists."""
        return f"{self.owner}/{self.repo}:{self.path}"

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def raw_url(self, raw_base: str) -> str:
        return f"{raw_base.rstrip('/')}/{self.owner}/{self.repo}/{self.ref}/{self.path}"

    async def read(self, http: Http) -> str:
        return await _get(http, self.raw_url(http.settings.github_raw_url), self.list_id, self.ref)


@dataclass(frozen=True)
class ListURL:
    """A list anywhere else on the web, fetched as given; its URL names it."""

    url: str

    @property
    def list_id(self) -> str:
        return self.url

    @property
    def name(self) -> str:
        return unquote(urlsplit(self.url).path.rstrip("/").rsplit("/", 1)[-1])

    async def read(self, http: Http) -> str:
        return await _get(http, self.url, self.list_id, None)


@dataclass(frozen=True)
class LocalList:
    """A list file on this machine; its path as given names it."""

    path: str

    @property
    def list_id(self) -> str:
        return self.path

    @property
    def name(self) -> str:
        return Path(self.path).name

    async def read(self, http: Http) -> str:
        try:
            return Path(self.path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise ValueError(f"list {self.list_id}: {e}") from e


Location = ListFile | ListURL | LocalList


def parse_list_location(text: str, raw_base: str | None = None) -> Location:
    """A `--list` value -> its Location.

    GitHub raw and `github.com/.../blob/...` URLs (and `owner/repo/ref/path`, the built-in
    lists' form) are read from `raw_base`, the configured raw host, which a mirror may serve
    under a path prefix. Any other http(s) URL is read as is; anything else is a local file.
    Raises ValueError for a GitHub URL that names no file.
    """
    t = text.strip()
    base = (raw_base or "").rstrip("/")
    if base and t.startswith(base + "/"):
        return _github_file(t[len(base) + 1 :], text)
    if re.match(r"^https?://", t, re.IGNORECASE):
        parts = urlsplit(t)
        if (parts.hostname or "").lower() in _GITHUB_HOSTS:
            return _github_file(parts.path, text)
        return ListURL(t)
    if Path(t).is_file():
        return LocalList(t)
    return _github_file(t, text)


def check_location(text: str) -> Location:
    """A `--list` value the CLI accepts: an http(s) URL or a readable local file; else ValueError."""
    t = text.strip()
    if re.match(r"^https?://", t, re.IGNORECASE):
        return parse_list_location(t)
    path = Path(t)
    if not path.is_file():
        raise ValueError(f"not an http(s) URL or a readable file: {text!r}")
    try:
        with path.open("rb") as f:
            f.read(1)
    except OSError as e:
        raise ValueError(f"cannot read list file {text!r}: {e.strerror}") from e
    return LocalList(t)


def list_venue(loc: Location) -> tuple[str, int] | None:
    """Venue and year from the file name, else the repository name or the URL's path."""
    if isinstance(loc, ListFile):
        return venue_of(loc.name) or venue_of(loc.repo)
    return venue_of(loc.name) or venue_of(loc.list_id)


def _github_file(path: str, original: str) -> ListFile:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 5 and parts[2] in ("blob", "raw"):
        parts = parts[:2] + parts[3:]
    if len(parts) < 4:
        raise ValueError(f"not a list file URL (need owner/repo/ref/path): {original!r}")
    return ListFile(parts[0], parts[1], parts[2], "/".join(parts[3:]))


async def _get(http: Http, url: str, list_id: str, ref: str | None) -> str:
    resp = await http.get(url)
    if resp.status != 200:
        at = f" at {ref}" if ref else ""
        raise ValueError(f"list {list_id}{at}: HTTP {resp.status}")
    return resp.text
