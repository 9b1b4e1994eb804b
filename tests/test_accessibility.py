"""Accessibility (WCAG 2.1 AA, required of Dutch government pages by the Besluit digitale
toegankelijkheid overheid) and the offline API documentation, in Debian's headless Chromium
with every request off the local server blocked:

- axe-core (through `axe-playwright-python`, which ships axe-core) finds no WCAG 2.0/2.1 A or
  AA violation (nor a contrast it cannot settle) on the form page, a result page with
  findings, an error page, "mijn toetsen", the log page, the Regels pages (the rules in force,
  one rule), the start page, and the 401 and 403 pages;
- the form is usable from the keyboard: Tab reaches every control in order, each with a
  visible focus, and the collapsed section opens with the keyboard;
- `/api/docs` renders Swagger UI from the app's own files, with no console error and no
  request elsewhere.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import artifacts_dir, chromium_page, needs_chromium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from load_test import Server, create_api_key, load_decision_data  # noqa: E402

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
DECISION = load_decision_data(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml")


@pytest.fixture(scope="module")
def single_user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(tmp_path_factory.mktemp("a11y") / "log.sqlite3") as server:
        yield server


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """A signed-in server (API keys only), and a key for each role."""
    db = tmp_path_factory.mktemp("a11y-signed-in") / "log.sqlite3"
    keys = {role: create_api_key(db, role) for role in ("consulent", "auditor", "beleid")}
    with Server(db, auth_args=[]) as server:
        yield server, keys


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={**WCAG_AA, "resultTypes": ["violations", "incomplete"]}).response
    # axe leaves a contrast it cannot settle "incomplete" (text in the colour of its
    # background, for one): that counts as a violation here
    doubtful = [item for item in results["incomplete"] if item["id"] == "color-contrast"]
    return [
        f"{item['id']} ({item['impact']}): {node['target']}"
        for item in results["violations"] + doubtful
        for node in item["nodes"]
    ]


def _local(base: str):
    return lambda url: url == base or url.startswith(base + "/")


@needs_chromium
def test_the_pages_have_no_wcag_a_or_aa_violations(single_user: Server) -> None:
    base = single_user.url
    checked: dict[str, list[str]] = {}
    with chromium_page(_local(base)) as (page, watch):
        page.goto(base + "/", wait_until="load")
        checked["formulier"] = _violations(page)

        page.get_by_label("Beschikking als JSON of YAML").fill(json.dumps(DECISION))
        page.get_by_role("button", name="Toets de geplakte beschikking").click()
        page.wait_for_load_state("load")
        assert page.locator(".finding").count() >= 1
        checked["uitkomst met bevindingen"] = _violations(page)

        page.goto(base + "/", wait_until="load")
        page.get_by_label("Kenmerk van de beschikking").fill("ZOU-FOUT-1")
        page.get_by_label("Datum van de melding of aanvraag").fill("2027-02-30")
        page.get_by_role("button", name="Toets de beschikking").click()
        page.wait_for_load_state("load")
        assert page.locator(".error-summary").count() == 1
        checked["foutpagina"] = _violations(page)

        page.goto(base + "/mijn-toetsen", wait_until="load")
        assert page.locator("table tbody tr").count() >= 1
        checked["mijn toetsen"] = _violations(page)

        page.goto(base + "/logboek", wait_until="load")
        checked["logboek"] = _violations(page)
        page.screenshot(path=str(artifacts_dir() / "web-logboek-een-gebruiker.png"), full_page=True)

        page.goto(base + "/regels?regio=zuidoost-utrecht&datum=2027-03-01", wait_until="load")
        assert page.locator(".rule-list li").count() > 10
        checked["regels"] = _violations(page)
        page.goto(base + "/regels/ZOU-GIGG-01", wait_until="load")
        assert "ZOU-GIGG-01" in page.locator("h1").inner_text()
        checked["regel"] = _violations(page)
    # the error page is answered with 422, which Chromium reports on the console; nothing else
    assert [error for error in watch.errors if "status of 422" not in error] == []
    assert watch.blocked == []
    assert checked == {name: [] for name in checked}


@needs_chromium
def test_the_access_pages_have_no_wcag_a_or_aa_violations(signed_in: tuple[Server, dict[str, str]]) -> None:
    server, keys = signed_in
    base = server.url
    checked: dict[str, list[str]] = {}
    with chromium_page(_local(base)) as (page, _watch):
        assert page.goto(base + "/", wait_until="load").status == 401
        checked["401"] = _violations(page)
    with chromium_page(_local(base), extra_http_headers={"X-API-Key": keys["beleid"]}) as (page, watch):
        page.goto(base + "/", wait_until="load")
        assert "de regels, hun dekking en impact bekijken" in page.locator("main").inner_text()
        checked["start (beleid)"] = _violations(page)
        assert page.goto(base + "/logboek", wait_until="load").status == 403
        checked["403"] = _violations(page)
    with chromium_page(_local(base), extra_http_headers={"X-API-Key": keys["auditor"]}) as (page, watch):
        assert page.goto(base + "/logboek", wait_until="load").status == 200
        checked["logboek (auditor)"] = _violations(page)
        assert watch.errors == []
    assert checked == {name: [] for name in checked}


_TABBABLE = """() => {
  const form = document.getElementById("beschikking");
  const seen = new Set();
  return [...form.querySelectorAll("input, select, textarea, button, summary, a[href]")].filter((el) => {
    if (el.disabled || el.type === "hidden" || !el.getClientRects().length) return false;
    if (el.type === "radio") {  // a radio group is one stop: its checked radio, else its first
      if (seen.has(el.name)) return false;
      const checked = form.querySelector(`input[type=radio][name="${el.name}"]:checked`);
      if (checked && checked !== el) return false;
      seen.add(el.name);
    }
    return true;
  }).map((el) => el.id || el.name || el.textContent.trim());
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const visible = outline || style.boxShadow !== "none";
  return [el.closest("#beschikking") ? (el.id || el.name || el.textContent.trim()) : null, visible];
}"""


@needs_chromium
def test_the_form_is_usable_from_the_keyboard(single_user: Server) -> None:
    base = single_user.url
    with chromium_page(_local(base)) as (page, watch):
        page.goto(base + "/?voorbeeld=zou", wait_until="load")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"
        expected = page.evaluate(_TABBABLE)
        assert expected[-1] == "toets-knop" and len(expected) > 30
        reached: list[str] = []
        for _ in range(200):
            page.keyboard.press("Tab")
            name, visible = page.evaluate(_FOCUSED)
            if name is None:
                continue
            assert visible, f"no visible focus on {name}"
            reached.append(name)
            if name == "toets-knop":
                break
        assert reached == expected
        # the collapsed section opens from the keyboard and its fields join the tab order
        page.goto(base + "/", wait_until="load")
        assert page.locator("details.more").get_attribute("open") is None
        page.locator("details.more summary").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "contract"
        # and the form is submitted from the keyboard
        page.goto(base + "/?voorbeeld=zou", wait_until="load")
        page.locator("#toets-knop").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "motivering_vereist" in page.locator(".verdict").inner_text()
    assert watch.errors == []


@needs_chromium
def test_api_docs_render_offline_without_console_errors(single_user: Server) -> None:
    base = single_user.url
    with chromium_page(_local(base)) as (page, watch):
        response = page.goto(base + "/api/docs", wait_until="networkidle")
        assert response.status == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp
        page.locator(".opblock-summary-path", has_text="/api/v1/check").first.wait_for(timeout=20_000)
        text = page.locator("#swagger-ui").inner_text()
        assert "/api/v1/check/batch" in text and "/api/v1/log" in text
        page.screenshot(path=str(artifacts_dir() / "api-docs.png"), full_page=False)
    assert watch.blocked == []
    assert watch.errors == []
    assert any(url.endswith("/static/api-docs/swagger-ui-bundle.js") for url in watch.requests)
    assert all(url.startswith(base + "/") for url in watch.requests)


@needs_chromium
def test_axe_reports_a_planted_violation() -> None:
    """The check above can fail: on a page with an unlabelled field and an image without a
    text alternative, axe names both."""
    with chromium_page(lambda url: url.startswith("data:")) as (page, _watch):
        page.set_content('<html lang="nl"><body><main><img src="data:,"><input></main></body></html>')
        found = " ".join(_violations(page))
    assert "image-alt" in found and "label" in found
