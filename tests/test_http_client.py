"""scraper.http.client: retries, Retry-After, GitHub rate limits, conditional requests, tokens per host."""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from email.utils import formatdate

import httpx
import pytest

from analysis import store
from scraper.http.client import DuckDBCache, FetchError, Http, MemoryCache, Settings
from tests.replay import ReplayServer, Reply

API = "https://api.github.com"
NOW = 1_800_000_000.0


class Sleeps:
    """An injected sleep that records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def scripted(*replies: httpx.Response | Exception):
    """A MockTransport answering with `replies` in order (the last one repeats); logs requests."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        reply = replies[min(len(seen), len(replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        return reply

    return httpx.MockTransport(handler), seen


def run(coro):
    return asyncio.run(coro)


async def get_all(settings: Settings, transport, urls, sleep=None, cache=None, **kw):
    async with Http(settings, transport=transport, sleep=sleep or Sleeps(), cache=cache,
                    clock=lambda: NOW, rng=random.Random(7), **kw) as http:  # fmt: skip
        return [await http.get(u) for u in urls], http


def test_retry_after_seconds_is_honoured():
    transport, seen = scripted(httpx.Response(429, headers={"Retry-After": "7"}),
                               httpx.Response(200, json={"ok": True}))  # fmt: skip
    sleeps = Sleeps()
    (r,), http = run(get_all(Settings(), transport, [f"{API}/x"], sleeps))
    assert r.json() == {"ok": True}
    assert sleeps.waits == [7.0]
    assert len(seen) == 2
    assert http.stats.host(API).rate_limited == 1 and http.stats.host(API).retries == 1


def test_retry_after_http_date_waits_until_that_time():
    when = formatdate(NOW + 30, usegmt=True)
    transport, _ = scripted(httpx.Response(503, headers={"Retry-After": when}),
                            httpx.Response(200, text="fine"))  # fmt: skip
    sleeps = Sleeps()
    (r,), _ = run(get_all(Settings(), transport, [f"{API}/x"], sleeps))
    assert r.text == "fine"
    assert sleeps.waits == [30.0]


def test_spent_primary_rate_limit_waits_until_reset():
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + 120))}
    transport, _ = scripted(httpx.Response(403, headers=headers, json={"message": "API rate limit"}),
                            httpx.Response(200, json=[]))  # fmt: skip
    sleeps = Sleeps()
    (r,), http = run(get_all(Settings(), transport, [f"{API}/x"], sleeps))
    assert r.status == 200
    assert sleeps.waits == [120.0]
    assert http.stats.host(API).rate_limited == 1


def test_budget_spent_by_a_success_waits_before_the_next_request():
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + 50))}
    transport, seen = scripted(httpx.Response(200, headers=headers, json=1),
                               httpx.Response(200, json=2))  # fmt: skip
    sleeps = Sleeps()
    (a, b), _ = run(get_all(Settings(), transport, [f"{API}/a", f"{API}/b"], sleeps))
    assert (a.json(), b.json()) == (1, 2)
    assert sleeps.waits == [50.0]
    assert len(seen) == 2


def test_search_budget_does_not_block_core_requests():
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + 50))}
    transport, _ = scripted(httpx.Response(200, headers=headers, json=1),
                            httpx.Response(200, json=2))  # fmt: skip
    sleeps = Sleeps()
    urls = [f"{API}/search/repositories?q=a", f"{API}/repos/o/r"]
    run(get_all(Settings(), transport, urls, sleeps))
    assert sleeps.waits == []


def test_long_reset_is_capped_at_max_wait_and_reported(caplog):
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + 10_000))}
    transport, _ = scripted(httpx.Response(429, headers=headers), httpx.Response(200, json=0))
    sleeps = Sleeps()
    with caplog.at_level(logging.WARNING, logger="scraper.http.client"):
        _, http = run(get_all(Settings(max_wait=100), transport, [f"{API}/x"], sleeps))
    assert sleeps.waits == [100.0]
    assert http.stats.capped_waits == 1
    assert "--max-wait" in caplog.text


def test_secondary_limit_message_without_headers_waits_a_minute():
    body = {"message": "You have exceeded a secondary rate limit. Please wait."}
    transport, _ = scripted(httpx.Response(403, json=body), httpx.Response(200, json=0))
    sleeps = Sleeps()
    run(get_all(Settings(), transport, [f"{API}/x"], sleeps))
    assert sleeps.waits == [60.0]


def test_plain_403_is_an_answer_not_a_retry():
    transport, seen = scripted(httpx.Response(403, json={"message": "Resource not accessible"}))
    sleeps = Sleeps()
    (r,), _ = run(get_all(Settings(), transport, [f"{API}/x"], sleeps))
    assert r.status == 403 and len(seen) == 1 and sleeps.waits == []


def test_5xx_backs_off_exponentially_with_full_jitter():
    transport, seen = scripted(*[httpx.Response(502)] * 3, httpx.Response(200, json=0))
    sleeps = Sleeps()
    s = Settings(backoff_base=2.0, backoff_cap=5.0)
    (r,), http = run(get_all(s, transport, [f"{API}/x"], sleeps))
    assert r.status == 200 and len(seen) == 4
    caps = [2.0, 4.0, 5.0]  # base * 2**attempt, capped
    assert len(sleeps.waits) == 3
    assert all(0 <= w <= cap for w, cap in zip(sleeps.waits, caps, strict=True))
    assert len(set(sleeps.waits)) == 3  # jittered, not a fixed schedule
    assert http.stats.host(API).retries == 3


def test_exhausted_retries_raise_fetch_error_with_status():
    transport, seen = scripted(httpx.Response(503))
    with pytest.raises(FetchError) as err:
        run(get_all(Settings(max_retries=2), transport, [f"{API}/x"]))
    assert err.value.status == 503 and len(seen) == 3


def test_connection_errors_are_retried_then_succeed():
    boom = httpx.RemoteProtocolError("peer closed connection without sending complete body")
    transport, seen = scripted(boom, httpx.ReadError("reset"), httpx.Response(200, json=3))
    (r,), http = run(get_all(Settings(), transport, [f"{API}/x"]))
    assert r.json() == 3 and len(seen) == 3
    assert http.stats.host(API).retries == 2


def test_last_modified_is_sent_back_as_if_modified_since():
    lm = "Wed, 21 Oct 2026 07:28:00 GMT"
    transport, seen = scripted(httpx.Response(200, headers={"Last-Modified": lm}, text="v1"),
                               httpx.Response(304))  # fmt: skip
    (a, b), _ = run(get_all(Settings(), transport, ["https://h.test/a"] * 2, cache=MemoryCache()))
    assert seen[1].headers["if-modified-since"] == lm
    assert (b.text, b.not_modified, b.status) == ("v1", True, 200)


def test_settings_from_env_reads_the_named_variables():
    env = {"GITHUB_API_URL": "https://ghe.example.com/api/v3/", "GITHUB_TOKEN": "gh-secret",
           "HF_ENDPOINT": "https://hf-mirror.example", "ARXIV_API_URL": "http://a/q",
           "CVF_URL": "http://c", "GITHUB_RAW_URL": "http://raw.example"}  # fmt: skip
    s = Settings.from_env(env, concurrency=3)
    assert s.github_api_url == "https://ghe.example.com/api/v3"
    assert (s.hf_endpoint, s.arxiv_api_url, s.cvf_url) == ("https://hf-mirror.example",
                                                           "http://a/q", "http://c")  # fmt: skip
    assert s.concurrency == 3 and s.hf_token is None
    # A GitHub Enterprise URL gets the token; a look-alike host does not.
    assert s.token_for("https://ghe.example.com/api/v3/repos/o/r") == "gh-secret"
    assert s.token_for("https://ghe.example.com/api/v3x/repos") is None
    assert s.token_for("http://raw.example/o/r/sha/f") == "gh-secret"
    assert "gh-secret" not in repr(s)


def test_tokens_go_only_to_their_own_hosts_and_never_into_logs_or_cache(tmp_path, caplog):
    gh, hf = "ghp_SECRETTOKEN", "hf_SECRETTOKEN"
    con = store.connect(tmp_path / "t.duckdb")
    with ReplayServer() as server, caplog.at_level(logging.DEBUG):
        for path in ("/api/x", "/raw/o/r/s/f", "/hf/api/p", "/cvf/page", "/arxiv/api/query"):
            server.add("GET", path, 200, {"p": path})
        server.inject("5xx", count=1, prefix="/api/x")
        s = server.settings(github_token=gh, hf_token=hf)
        urls = [f"{server.url}{p}" for p in ("/api/x", "/raw/o/r/s/f", "/hf/api/p", "/cvf/page")]
        urls.append(s.arxiv_api_url)
        _, http = run(get_all(s, None, urls, cache=DuckDBCache(con)))
        auth = {r.path: r.headers.get("authorization") for r in server.log}
    assert auth == {"/api/x": f"Bearer {gh}", "/raw/o/r/s/f": f"Bearer {gh}",
                    "/hf/api/p": f"Bearer {hf}", "/cvf/page": None,
                    "/arxiv/api/query": None}  # fmt: skip
    dumped = str(con.execute("SELECT * FROM http_cache").fetchall())
    for secret in (gh, hf):
        assert secret not in caplog.text
        assert secret not in repr(s) and secret not in repr(http)
        assert secret not in dumped


def test_not_modified_round_trip_through_a_duckdb_file(tmp_path):
    db = tmp_path / "cache.duckdb"
    with ReplayServer() as server:
        server.add("GET", "/api/repos/o/r/commits/HEAD", 200, {"sha": "abc"})
        url = f"{server.url}/api/repos/o/r/commits/HEAD"
        con = store.connect(db)
        (first,), _ = run(get_all(server.settings(), None, [url], cache=DuckDBCache(con)))
        con.close()
        con = store.connect(db)  # a later run: validators come back from the file
        (second,), http = run(get_all(server.settings(), None, [url], cache=DuckDBCache(con)))
        log = server.requests("/api/")
    assert (first.status, first.not_modified) == (200, False)
    assert (second.status, second.not_modified, second.json()) == (200, True, {"sha": "abc"})
    assert "if-none-match" not in log[0].headers
    assert [r.status for r in log] == [200, 304]
    assert log[1].headers["if-none-match"].startswith('W/"')
    assert http.stats.github_api_not_modified == 1


@pytest.mark.parametrize("fault", ["reset", "truncate", "badjson"])
def test_resets_and_truncated_bodies_from_a_real_server_are_retried(fault):
    body = {"tree": [{"path": f"f{i}.py", "type": "blob"} for i in range(200)]}
    with ReplayServer() as server:
        server.add("GET", "/api/t", 200, body)
        server.inject(fault, count=2, prefix="/api/t")
        (r,), http = run(get_all(server.settings(), None, [f"{server.url}/api/t"]))
        statuses = [e.status for e in server.log]
    assert r.json() == body
    assert http.stats.total("retries") == 2
    assert len(statuses) == 3


def test_anonymous_run_warns_once(caplog):
    transport, _ = scripted(httpx.Response(200, json=0))
    with caplog.at_level(logging.WARNING, logger="scraper.http.client"):
        run(get_all(Settings(), transport, [f"{API}/a", f"{API}/b"]))
    warnings = [r for r in caplog.records if "anonymous" in r.getMessage()]
    assert len(warnings) == 1 and "60" in warnings[0].getMessage()


def test_github_api_and_raw_downloads_are_counted_apart():
    transport, _ = scripted(httpx.Response(200, json=0))
    s = Settings(github_token="t")
    urls = [f"{API}/repos/o/r", f"{API}/graphql", "https://raw.githubusercontent.com/o/r/s/f"]
    _, http = run(get_all(s, transport, urls))
    st = http.stats
    assert (st.github_api_requests, st.github_graphql_requests, st.github_raw_requests) == (2, 1, 1)
    assert st.host("raw.githubusercontent.com").requests == 1


def test_requests_per_host_never_exceed_the_concurrency_limit():
    lock, live, peak = threading.Lock(), [0], [0]

    def slow(method, path, query, headers, body):
        with lock:
            live[0] += 1
            peak[0] = max(peak[0], live[0])
        time.sleep(0.05)
        with lock:
            live[0] -= 1
        return Reply(200, b"{}", {"Content-Type": "application/json"})

    async def burst(settings, url):
        async with Http(settings) as http:
            await asyncio.gather(*(http.get(f"{url}/p{i}") for i in range(8)))

    with ReplayServer() as server:
        server.add_handler(slow)
        run(burst(server.settings(concurrency=2, github_token="t"), server.url))
    assert peak[0] == 2


def test_params_merge_with_a_query_already_in_the_url():
    transport, seen = scripted(httpx.Response(200, json=0))

    async def go():
        async with Http(Settings(), transport=transport) as http:
            await http.get(f"{API}/search/repositories?q=CVPR2026", params={"page": 2})

    run(go())
    assert dict(seen[0].url.params) == {"q": "CVPR2026", "page": "2"}


def test_unconditional_get_neither_sends_validators_nor_stores():
    transport, seen = scripted(httpx.Response(200, headers={"ETag": '"e"'}, text="x"))
    cache = MemoryCache()

    async def go():
        async with Http(Settings(), transport=transport, cache=cache) as http:
            await http.get("https://h.test/a", conditional=False)
            await http.get("https://h.test/a", conditional=False)

    run(go())
    assert cache.entries == {} and "if-none-match" not in seen[1].headers


def test_hugging_face_ratelimit_header_sets_the_wait_after_a_429():
    headers = {
        "RateLimit": '"api";r=0;t=55',
        "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
    }
    transport, _ = scripted(httpx.Response(429, headers=headers), httpx.Response(200, json=0))
    sleeps = Sleeps()
    run(get_all(Settings(), transport, ["https://huggingface.co/api/daily_papers"], sleeps))
    assert sleeps.waits == [55.0]


def test_bodies_over_the_cache_cap_are_returned_but_not_cached():
    from scraper.http.client import MAX_CACHED_BYTES

    big, small = b"x" * (MAX_CACHED_BYTES + 1), b"{}"
    transport = httpx.MockTransport(lambda r: httpx.Response(
        200, content=big if r.url.path == "/big" else small, headers={"ETag": '"e"'}))  # fmt: skip
    cache = MemoryCache()
    (b, s), _ = run(get_all(Settings(), transport, [f"{API}/big", f"{API}/small"], cache=cache))
    assert len(b.content) == len(big) and s.content == small
    assert set(cache.entries) == {f"{API}/small"}


def test_a_refused_host_is_given_up_after_three_connects_without_waiting_more():
    transport, seen = scripted(httpx.ConnectError("[Errno 111] Connection refused"))
    sleeps = Sleeps()
    with pytest.raises(FetchError, match="cannot reach api.github.com: no network or wrong base"):
        run(get_all(Settings(), transport, [f"{API}/a"], sleeps))
    assert len(seen) == 3 and len(sleeps.waits) == 2


def test_an_html_page_from_the_api_is_an_error_and_not_cached():
    page = httpx.Response(200, content=b"<!DOCTYPE html><html>portal</html>",
                          headers={"Content-Type": "text/html", "ETag": '"p"'})  # fmt: skip
    transport, seen = scripted(page)
    cache = MemoryCache()
    with pytest.raises(FetchError, match="HTML page"):
        run(get_all(Settings(), transport, [f"{API}/repos/a/b/commits/HEAD"], cache=cache))
    assert len(seen) == 1 and cache.entries == {}
