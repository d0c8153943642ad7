"""KerasHub's model catalogue: the latest `keras-hub` wheel found through the PyPI JSON API.

The wheel is downloaded once into a cache directory (`$CVGAP_CACHE`, default
~/.cache/cv-framework-gap), checked against its sha256 and read as a zip by
analysis.ports.keras_registry: it is never installed or imported.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from analysis.ports.keras_registry import KerasRegistry, build_registry
from scraper.http.client import FetchError, Http
from scraper.port_search.once import PerLoop

log = logging.getLogger(__name__)

CACHE_ENV = "CVGAP_CACHE"


def default_cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "cv-framework-gap")


def pick_wheel(data: Any) -> dict | None:
    """The pure-Python wheel of the latest release in a PyPI JSON answer (`urls` = latest files)."""
    wheels = [u for u in (data or {}).get("urls") or () if u.get("packagetype") == "bdist_wheel"
              and str(u.get("filename", "")).endswith(".whl")]  # fmt: skip
    return wheels[0] if wheels else None


def cached_wheel(cache_dir: Path) -> Path | None:
    """The newest keras_hub wheel already on disk (used when PyPI cannot be reached)."""

    def version(p: Path) -> Version:
        try:
            return Version(p.name.split("-")[1])
        except (IndexError, InvalidVersion):
            return Version("0")

    wheels = sorted(cache_dir.glob("keras_hub-*.whl"), key=version)
    return wheels[-1] if wheels else None


async def fetch_keras_hub_wheel(http: Http, cache_dir: Path) -> Path | None:
    """Download (once) the latest keras-hub wheel into `cache_dir`, checking its sha256."""
    r = await http.get(f"{http.settings.pypi_url}/pypi/keras-hub/json")
    info = pick_wheel(r.json()) if r.status == 200 else None
    if info is None:
        log.warning("no keras-hub wheel listed by %s (HTTP %s)", http.settings.pypi_url, r.status)
        return cached_wheel(cache_dir)
    name = Path(str(info["filename"])).name  # never let a listed name escape the cache dir
    target, digest = cache_dir / name, (info.get("digests") or {}).get("sha256")
    if target.exists() and (digest is None or _sha256(target.read_bytes()) == digest):
        return target
    w = await http.get(info["url"], conditional=False)
    if w.status != 200 or (digest is not None and _sha256(w.content) != digest):
        log.warning("keras-hub wheel download failed or did not match its sha256: %s", name)
        return cached_wheel(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(w.content)
    tmp.replace(target)  # atomic: a killed run never leaves half a wheel under the real name
    return target


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def load_keras_registry(http: Http, cache_dir: Path | None = None) -> KerasRegistry:
    """keras.applications (installed) + KerasHub (latest wheel); PyPI trouble leaves KerasHub out."""
    cache_dir = cache_dir or default_cache_dir()
    try:
        wheel = await fetch_keras_hub_wheel(http, cache_dir)
    except (FetchError, OSError, ValueError) as e:
        log.warning("keras-hub wheel unavailable (%s); using keras.applications only", e)
        wheel = cached_wheel(cache_dir)
    return await asyncio.to_thread(build_registry, wheel)


_REGISTRIES = PerLoop()


async def registry_for(http: Http) -> KerasRegistry:
    """One registry per PyPI URL and event loop, loaded once even when papers run concurrently."""
    return await _REGISTRIES(http.settings.pypi_url, lambda: load_keras_registry(http))
