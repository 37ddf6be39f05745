"""Real headless Chromium (Debian's `chromium`) driven by Playwright, for the widget.

`playwright install` cannot fetch browsers in CI or here, so the system Chromium is
launched by path (`.ci/run` installs it). When a test fails, its page's screenshot
and console log are saved under test-artifacts/browser/ for CI to keep.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from bot.settings import PROJECT_ROOT, Settings

from ..support import build_app, serve_app

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
TIMEOUT_MS = 30_000
"""Per Playwright wait: a reply on a busy CI machine can take seconds, never this long."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Remember each phase's outcome on the test, so `page` knows it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def chromium_path() -> str:
    """CHROMIUM_PATH, else Debian's chromium on PATH; failing, not skipping, without it."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is missing: `apt-get install chromium` (.ci/run does it)")
    return path


@pytest.fixture
def start_app() -> Iterator[Callable[[Settings], httpx.Client]]:
    """Serve each app with uvicorn on loopback: Chromium needs a real address to load."""
    with ExitStack() as stack:
        yield lambda settings: stack.enter_context(serve_app(build_app(settings)))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per module. Not per session: Playwright's sync API keeps an event
    loop running until it stops, and later tests that call `asyncio.run` would fail."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def console() -> list[str]:
    """Every console message and uncaught error of the test's pages, in order."""
    return []


@pytest.fixture
def page(browser: Browser, console: list[str], request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh profile (empty localStorage) per test; evidence kept when the test fails."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)

    def record(message: ConsoleMessage) -> None:
        console.append(f"[{message.type}] {message.text}")

    context.on("console", record)
    context.on("weberror", lambda error: console.append(f"[pageerror] {error.error}"))
    opened = context.new_page()
    yield opened
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        for number, tab in enumerate(context.pages):
            tab.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
        (ARTIFACTS / f"{name}.console.txt").write_text("\n".join(console) + "\n")
    context.close()


def csp_violations(console: list[str]) -> list[str]:
    """What Chromium refused under the page's Content-Security-Policy."""
    return [line for line in console if "Content Security Policy" in line]
