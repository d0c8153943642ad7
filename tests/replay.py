"""A real HTTP replay server on 127.0.0.1 with recorded routes, fault switches and a request log.

Usage (a context manager; port 0 picks a free port):

    with ReplayServer() as server:
        server.add("GET", "/hf/api/daily_papers", 200, [...], query={"date": "2026-01-05"})
        server.serve_corpus(CORPUS)                # GitHub REST/raw/GraphQL/search from the corpus
        settings = server.settings()               # Settings pointing every base URL here
        server.inject("5xx", count=3, prefix="/api/repos")

URL layout on the one server (use `server.settings()`):
    GITHUB_API_URL = {url}/api     GITHUB_RAW_URL = {url}/raw     HF_ENDPOINT = {url}/hf
    ARXIV_API_URL  = {url}/arxiv/api/query                          CVF_URL = {url}/cvf
Every 200 carries an ETag (given, or W/"sha1 of body"); a matching If-None-Match gets a 304.
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scraper.http.client import Settings

# 404: Not Found (a wrong base URL); html: a 200 HTML page (a captive portal, a proxy's error page);
# loop: a redirect to itself, forever.
FAULT_KINDS = ("5xx", "429", "403", "ratelimit", "reset", "truncate", "badjson", "404", "html",
               "loop")  # fmt: skip


@dataclass
class Reply:
    """What the server sends back for one request."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Route:
    method: str
    path: str
    reply: Reply
    query: dict[str, str] | None = None


@dataclass
class Fault:
    """Applies to the next `count` requests whose path starts with `prefix`."""

    kind: str
    count: int
    prefix: str = ""
    status: int | None = None
    retry_after: str | None = None
    reset: float | None = None


@dataclass(frozen=True)
class Logged:
    """One request as the server saw it (headers lower-cased) and the status it answered."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int
    body: bytes = b""


Handler = Callable[[str, str, dict[str, str], dict[str, str], bytes], Reply | None]


def encode_body(body: Any) -> tuple[bytes, str | None]:
    """bytes/str as is; anything else as JSON (with its content type)."""
    if isinstance(body, bytes):
        return body, None
    if isinstance(body, str):
        return body.encode(), None
    return json.dumps(body).encode(), "application/json; charset=utf-8"


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.sha1(body).hexdigest() + '"'


class ReplayServer:
    """Threaded HTTP/1.1 server; `with ReplayServer() as s:` starts and stops it."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.handlers: list[Handler] = []
        self.faults: list[Fault] = []
        self.log: list[Logged] = []
        self.latency = 0.0
        self.missing: set[str] = set()  # paths answering 404 whatever else would answer
        self.rate_limit: tuple[int, float] | None = (
            None  # (remaining, reset) headers on every reply
        )
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def __enter__(self) -> ReplayServer:
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # keep-alive client threads must not hold up exit
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def settings(self, **overrides: Any) -> Settings:
        """Settings whose every base URL points at this server (tokens/limits via overrides)."""
        base = {
            "github_api_url": f"{self.url}/api",
            "github_raw_url": f"{self.url}/raw",
            "hf_endpoint": f"{self.url}/hf",
            "arxiv_api_url": f"{self.url}/arxiv/api/query",
            "cvf_url": f"{self.url}/cvf",
            "pypi_url": f"{self.url}/pypi",
        }
        return Settings(**{**base, **overrides})

    # -- configuration -----------------------------------------------------------------------------
    def add(self, method: str, path: str, status: int = 200, body: Any = b"",
            headers: dict[str, str] | None = None,
            query: dict[str, str] | None = None) -> None:  # fmt: skip
        """A recorded response for `method path` (optionally only for these query parameters)."""
        data, ctype = encode_body(body)
        hdrs = dict(headers or {})
        if ctype and not any(k.lower() == "content-type" for k in hdrs):
            hdrs["Content-Type"] = ctype
        with self._lock:
            self.routes.append(Route(method.upper(), path, Reply(status, data, hdrs), query))

    def add_handler(self, handler: Handler) -> None:
        """A function (method, path, query, headers, body) -> Reply | None consulted after routes."""
        self.handlers.append(handler)

    def serve_corpus(self, corpus: Path, **kwargs: Any) -> Any:
        """Serve ../shared/corpus as GitHub would (see tests/replay_github.py); returns the mode."""
        from tests.replay_github import CorpusGitHub

        mode = CorpusGitHub(corpus, **kwargs)
        self.add_handler(mode.handle)
        return mode

    def inject(self, kind: str, count: int = 1, prefix: str = "", *, status: int | None = None,
               retry_after: str | None = None, reset: float | None = None) -> None:  # fmt: skip
        """Make the next `count` requests under `prefix` fail: see FAULT_KINDS."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULT_KINDS}")
        with self._lock:
            self.faults.append(Fault(kind, count, prefix, status, retry_after, reset))

    def requests(self, prefix: str = "", method: str | None = None) -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix)
                    and (method is None or r.method == method)]  # fmt: skip

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    # -- request handling (server threads) ---------------------------------------------------------
    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.count > 0 and path.startswith(fault.prefix):
                    fault.count -= 1
                    return fault
        return None

    def _reply(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> Reply:  # fmt: skip
        if path in self.missing:
            return _json_reply(404, {"message": "Not Found"})
        with self._lock:
            routes = list(self.routes)
        # The route naming the most query parameters wins; among equals, the one added last.
        matching = [(len(r.query or {}), i, r) for i, r in enumerate(routes)
                    if r.method == method and r.path == path
                    and all(query.get(k) == v for k, v in (r.query or {}).items())]  # fmt: skip
        if matching:
            route = max(matching, key=lambda m: m[:2])[2]
            return Reply(route.reply.status, route.reply.body, dict(route.reply.headers))
        for handler in self.handlers:
            reply = handler(method, path, query, headers, body)
            if reply is not None:
                return reply
        return _json_reply(404, {"message": "Not Found"})

    def _record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up on keep-alive connections are normal here, not worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _json_reply(status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
    data, ctype = encode_body(body)
    return Reply(status, data, {"Content-Type": ctype or "text/plain", **(headers or {})})


def _fault_reply(fault: Fault, path: str) -> Reply:
    if fault.kind == "404":
        return _json_reply(404, {"message": "Not Found"})
    if fault.kind == "html":
        page = (
            b"<!DOCTYPE html><html><body>Sign in to the network" + b" " * 4096 + b"</body></html>"
        )
        return Reply(200, page, {"Content-Type": "text/html; charset=utf-8"})
    if fault.kind == "loop":
        return Reply(302, b"", {"Location": path})
    if fault.kind == "5xx":
        return _json_reply(fault.status or 503, {"message": "Service Unavailable"})
    if fault.kind in ("429", "403"):
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        message = "You have exceeded a secondary rate limit. Please wait a few minutes."
        return _json_reply(int(fault.kind), {"message": message}, headers)
    reset = str(int(fault.reset if fault.reset is not None else time.time() + 60))
    headers = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    return _json_reply(fault.status or 403, {"message": "API rate limit exceeded"}, headers)


def _make_handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in separate writes: without TCP_NODELAY, Nagle + delayed ACK
            # add ~40 ms to every keep-alive response.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def do_HEAD(self) -> None:
            self._handle()

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            length = int(headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            if server.latency:
                time.sleep(server.latency)
            fault = server._take_fault(parts.path)
            if fault is not None and fault.kind == "reset":
                server._record(Logged(self.command, parts.path, query, headers, 0, body))
                self._reset()
                return
            if fault is not None and fault.kind not in ("truncate", "badjson"):
                reply = _fault_reply(fault, self.path)
            else:
                reply = server._reply(self.command, parts.path, query, headers, body)
            reply = self._conditional(reply, headers)
            server._record(Logged(self.command, parts.path, query, headers, reply.status, body))
            self._send(reply, fault.kind if fault else None)

        def _conditional(self, reply: Reply, headers: dict[str, str]) -> Reply:
            if reply.status != 200 or self.command != "GET":
                return reply
            etag = next((v for k, v in reply.headers.items() if k.lower() == "etag"), None)
            if etag is None:
                etag = etag_of(reply.body)
                reply.headers["ETag"] = etag
            sent = headers.get("if-none-match")
            if sent and etag in [t.strip() for t in sent.split(",")]:
                return Reply(304, b"", {"ETag": etag})
            return reply

        def _send(self, reply: Reply, fault: str | None) -> None:
            body = reply.body
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if server.rate_limit is not None:
                remaining, reset = server.rate_limit
                self.send_header("X-RateLimit-Remaining", str(remaining))
                self.send_header("X-RateLimit-Reset", str(int(reset)))
            if fault == "badjson":  # a body cut short with a matching length: only parsing notices
                body = body[: max(1, len(body) // 2)]
            self.send_header("Content-Length", str(len(body)))
            if fault == "truncate":
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command == "HEAD":
                return
            if fault == "truncate":  # promise the whole body, send half, hang up
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

        def _reset(self) -> None:
            """Close with RST (SO_LINGER 0) without answering: the client sees a connection reset."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

    return _Handler
