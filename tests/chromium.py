"""Open a local page in Debian's headless Chromium (driven by Playwright), with the network
blocked, and collect what a test needs: visible text, console errors, a screenshot."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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


def open_in_chromium(page_file: Path, screenshot_name: str) -> OpenedPage:
    """Load a file:// page with every other request blocked; screenshot the full page."""
    assert CHROMIUM.exists(), "CI must install Debian's chromium (.ci/run does)"
    from playwright.sync_api import Route, sync_playwright

    screenshot = artifacts_dir() / screenshot_name
    requests: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as pw:
        # launch() starts with a fresh, temporary --user-data-dir of its own.
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            context.route("**/*", guard)
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
            page.goto(page_file.as_uri(), wait_until="load")
            text = page.inner_text("body")
            heading = page.get_by_role("heading", level=1).inner_text()
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return OpenedPage(text, heading, screenshot, requests, blocked, errors)
