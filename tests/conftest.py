"""Shared fixtures: the corpus location and a guard that fails any request to a non-loopback host."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(os.environ.get("CVGAP_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_or_skip() -> Path:
    """The recorded corpus, or skip: it lives in ../shared/corpus and is never copied in."""
    if not (CORPUS / "labels.csv").exists():
        pytest.skip(f"recorded corpus not found at {CORPUS} (set CVGAP_CORPUS)")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return corpus_or_skip()


@pytest.fixture(scope="module")
def dashboard_db(tmp_path_factory) -> Path:
    """The dashboard tests' snapshot (tests/dashboard_db.py), one per test module."""
    from tests.dashboard_db import build

    return build(tmp_path_factory.mktemp("dash") / "snapshot.duckdb", papers=120)


@pytest.fixture
def env(dashboard_db, tmp_path, monkeypatch) -> Path:
    """The app pointed at `dashboard_db`, with its own state directory."""
    monkeypatch.setenv("CVGAP_DB", str(dashboard_db))
    monkeypatch.setenv("CVGAP_STATE_DIR", str(tmp_path / "state"))
    return dashboard_db


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any test that tries to reach a host other than loopback."""

    def guarded(self, address):
        if not _is_local(address):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return _real_connect(self, address)

    def guarded_ex(self, address):
        if not _is_local(address):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return _real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)
    yield
