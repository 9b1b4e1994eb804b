"""Open a local page in Debian's headless Chromium (driven by Playwright), with the network
blocked, and collect what a test needs: visible text, console errors, a screenshot."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# CI installs Chromium (.ci/run); only a developer machine without it may skip
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's Chromium (/usr/bin/chromium) is not installed: apt-get install chromium",
)


@dataclass
class OpenedPage:
    text: str
    heading: str
    screenshot: Path
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def artifacts_dir() -> Path:
    """Where screenshots are kept as test artifacts ($TRIAGE_ARTIFACTS, default artifacts/)."""
    folder = Path(os.environ.get("TRIAGE_ARTIFACTS", "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Watch:
    """What a page did: every request, the ones blocked, console and page errors."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def chromium_page(allowed: Callable[[str], bool], **context_options: Any) -> Iterator[tuple[Any, Watch]]:
    """A fresh page in Debian's headless Chromium (1280x900, nl-NL); requests whose URL is
    not `allowed` are blocked and recorded, like console and page errors. `context_options`
    go to Playwright's `new_context` (extra headers, say)."""
    assert CHROMIUM.exists(), "CI must install Debian's chromium (.ci/run does)"
    from playwright.sync_api import Route, sync_playwright

    watch = Watch()

    def guard(route: Route) -> None:
        url = route.request.url
        if allowed(url):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort()

    with sync_playwright() as pw:
        # launch() starts with a fresh, temporary --user-data-dir of its own.
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="nl-NL", **context_options
            )
            context.route("**/*", guard)
            page = context.new_page()
            page.on("request", lambda r: watch.requests.append(r.url))
            page.on(
                "console", lambda m: watch.errors.append(f"console: {m.text}") if m.type == "error" else None
            )
            page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
            yield page, watch
        finally:
            browser.close()


def open_in_chromium(page_file: Path, screenshot_name: str) -> OpenedPage:
    """Load a file:// page with every other request blocked; screenshot the full page."""
    screenshot = artifacts_dir() / screenshot_name
    with chromium_page(lambda url: url.startswith("file://")) as (page, watch):
        page.goto(page_file.as_uri(), wait_until="load")
        text = page.inner_text("body")
        heading = page.get_by_role("heading", level=1).inner_text()
        page.screenshot(path=str(screenshot), full_page=True)
    return OpenedPage(text, heading, screenshot, watch.requests, watch.blocked, watch.errors)
