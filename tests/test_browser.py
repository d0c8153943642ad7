"""End to end: the real `streamlit run` server, every page in both languages, in headless Chromium.

Drives Debian's /usr/bin/chromium through Playwright (browser downloads are impossible here) and
saves a screenshot per page and language under tests/artifacts/. Skips, saying why, when
Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import httpx
import pytest

from analysis import store
from dashboard.i18n import STRINGS
from tests.conftest import ROOT
from tests.dashboard_db import EVIL_TITLE, build

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
# URL path -> screenshot name; the root URL forwards to the Overview.
PAGES = {"": "overview", "papers": "papers", "exercise": "exercise", "port-lag": "port-lag",
         "method": "method", "export": "export", "backend-lab": "backend-lab"}  # fmt: skip
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early: {proc.stdout.read()}")
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


@contextlib.contextmanager
def streamlit_server(db: Path, state_dir: Path):
    """`streamlit run dashboard/app.py -- --db DB` on a free loopback port; yields its URL."""
    port = _free_port()
    env = {**os.environ, "CVGAP_STATE_DIR": str(state_dir), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--", "--db", str(db)]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _skip_without_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _skip_without_browser()
    tmp = tmp_path_factory.mktemp("browser")
    with streamlit_server(build(tmp / "snapshot.duckdb", papers=150), tmp / "state") as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="en-US")
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(pg, timeout: float = 30_000) -> None:
    """Connected, the script finished, and no element is still a loading skeleton."""
    pg.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                         timeout=timeout)  # fmt: skip
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                         timeout=timeout)  # fmt: skip
    pg.wait_for_selector("h1", timeout=timeout)
    pg.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")
    pg.wait_for_timeout(400)  # vega-embed draws charts just after the script run ends


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_loads_without_error_elements(server, page, lang):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/?lang={lang}")
    titles = {}
    for path, name in PAGES.items():
        if path:  # navigate like a user: the sidebar link, same session and language
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
            page.wait_for_url(f"**/{path}*")
        wait_for_app(page)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}.png"))
        assert page.locator(ERRORS).count() == 0, f"{name} ({lang}) shows an error"
        titles[name] = page.locator("h1").first.inner_text()
    assert len(set(titles.values())) == len(PAGES)  # every link reached its own page
    if lang == "ko":
        assert "개요" in page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert all(re.search("[가-힣]", t) for t in titles.values()), titles


def test_overview_opens_at_its_own_url_without_page_not_found(server, page):
    for path in ("overview", ""):  # the root URL forwards to /overview, keeping the language
        page.goto(f"{server}/{path}?lang=ko")
        page.wait_for_url("**/overview?lang=ko")
        wait_for_app(page)
        assert page.get_by_role("dialog").count() == 0  # the "Page not found" modal
        assert page.locator("h1").first.inner_text() == STRINGS["ko"]["overview_title"]


def test_overview_draws_its_charts(server, page):
    page.goto(f"{server}/?lang=ko")
    wait_for_app(page)
    page.wait_for_selector(".vega-embed canvas, .vega-embed svg")
    assert page.locator(".vega-embed").count() == 7


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_port_lag_view_draws_both_curves_and_names_the_newest_paper(server, page, lang):
    page.goto(f"{server}/port-lag?lang={lang}")
    wait_for_app(page)
    page.wait_for_selector(".vega-embed canvas, .vega-embed svg")
    assert page.locator("h1").first.inner_text() == STRINGS[lang]["lag_title"]
    assert page.locator(".vega-embed").count() == 2
    assert page.locator(ERRORS).count() == 0
    assert page.get_by_text(STRINGS[lang]["lag_newest"]).count() == 1
    assert page.locator("b:has-text('ref')").count() == 0  # the reference title stays text
    page.screenshot(path=str(ARTIFACTS / f"port-lag-{lang}.png"), full_page=True)


def test_language_switch_in_sidebar_translates_the_page(server, page):
    page.goto(f"{server}/method")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Method"
    page.locator('[data-testid="stSidebar"]').get_by_text("한국어").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1')"
                           ".innerText.includes('방법')")  # fmt: skip
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0


def test_hostile_title_renders_as_plain_text(server, page):
    page.goto(f"{server}/papers?lang=en")
    wait_for_app(page)
    box = page.get_by_label("Search titles")
    box.fill("alert(1)")
    box.press("Enter")
    page.wait_for_function(
        "document.body.innerText.includes('Matching papers: 1 ')", timeout=30_000
    )
    wait_for_app(page)
    shown = page.locator('[data-testid="stText"]', has_text="alert(1)")
    assert shown.first.inner_text() == EVIL_TITLE
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator("script:has-text('alert(1)')").count() == 0
    assert page.locator("img[src='x']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "papers-hostile-title.png"))


def _shown_paper(pg) -> str:
    return parse_qs(urlparse(pg.url).query)["p"][0]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_exercise_flow_locks_answers_across_reload_and_keeps_the_language(server, page, lang):
    ko = STRINGS[lang]
    page.goto(f"{server}/exercise?lang={lang}")
    wait_for_app(page)
    first = _shown_paper(page)  # the drawn paper is in the URL, so a reload keeps it
    page.locator('[data-testid="stRadio"]').last.get_by_text("PyTorch").click()
    wait_for_app(page)
    page.get_by_role("button", name=ko["reveal"]).click()
    page.get_by_text(ko["step3"]).wait_for()
    wait_for_app(page)
    page.get_by_text(ko["step4"], exact=False).wait_for()
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(ARTIFACTS / f"exercise-revealed-{lang}.png"))
    page.reload()  # a new session: the answer comes back from the learner's file, locked
    wait_for_app(page)
    assert _shown_paper(page) == first and f"lang={lang}" in page.url
    guess = page.locator('[data-testid="stRadio"]').last
    assert guess.locator("input:checked").is_disabled()
    assert page.get_by_role("button", name=ko["reveal"]).count() == 0
    page.get_by_text(ko["step3"]).wait_for()
    page.get_by_role("button", name=ko["new_paper"]).click()
    page.wait_for_function(f"!location.search.includes({first!r})")
    wait_for_app(page)
    assert _shown_paper(page) != first  # drawn without repeats
    assert page.get_by_role("button", name=ko["reveal"]).count() == 1  # a new question
    page.locator('[data-testid="stSidebarNav"] a[href$="/method"]').click()
    page.wait_for_url(f"**/method?*lang={lang}*")  # the link kept the language in the URL
    page.reload()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == ko["method_title"]


def test_method_shows_strict_and_lenient_agreement_with_no_clipped_label(server, page):
    page.goto(f"{server}/method?lang=ko")
    wait_for_app(page)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    assert {STRINGS["ko"]["eval_strict"], STRINGS["ko"]["eval_lenient"]} <= set(labels)
    table = page.locator('[data-testid="stTable"]').first
    assert STRINGS["ko"]["truth_vs_predicted"] in table.inner_text()
    clipped = table.evaluate(
        "t => [...t.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth + 1)"
        ".map(c => c.innerText)"
    )
    assert clipped == []
    page.screenshot(path=str(ARTIFACTS / "method-agreement-ko.png"), full_page=True)


def main(argv: list[str] | None = None) -> int:
    """Screenshot the Overview page for the README: `python -m tests.test_browser --db FILE`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--db", type=Path, required=True, help="snapshot to show")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-overview.png")
    parser.add_argument("--lang", default="en", choices=("en", "ko"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as state, streamlit_server(args.db, Path(state)) as url:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            pg = b.new_page(viewport={"width": 1400, "height": 1300})
            pg.goto(f"{url}/?lang={args.lang}")
            wait_for_app(pg)
            pg.wait_for_selector(".vega-embed canvas, .vega-embed svg")
            pg.wait_for_timeout(1000)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(args.out))
            b.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def test_export_png_download_is_a_png(server, browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 2200})
    pg = context.new_page()
    try:
        pg.goto(f"{server}/export?lang=ko")
        wait_for_app(pg)
        with pg.expect_download(timeout=60_000) as info:
            pg.get_by_role("button", name="PNG").first.click()
        download = info.value
        assert download.suggested_filename == "gap.png"
        assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        context.close()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The app on the bundled snapshot, as `make run` opens it."""
    _skip_without_browser()
    if not store.DEFAULT_DB.exists():
        pytest.skip(f"no bundled snapshot at {store.DEFAULT_DB}")
    with streamlit_server(store.DEFAULT_DB, tmp_path_factory.mktemp("bundled-state")) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_bundled_overview_shows_the_six_month_window_and_its_as_of_date(bundled, browser, lang):
    from analysis.charts.text import t as chart_t
    from analysis.metrics.window import as_of, window

    con = duckdb.connect(str(store.DEFAULT_DB), read_only=True)
    try:
        win, day = window(con, 6), as_of(con)
    finally:
        con.close()
    start = (win.since + timedelta(days=1)).isoformat()
    period = chart_t("period.months", lang, start=start, end=day.isoformat(), months=6)
    expected = STRINGS[lang]["window_caption"].format(period=period, as_of=day.isoformat())
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    page = context.new_page()
    try:
        page.goto(f"{bundled}/overview?lang={lang}")
        wait_for_app(page)
        assert expected in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
