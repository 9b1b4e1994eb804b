"""Acceptance test of the consultant's page in a real browser: `triage serve` in a subprocess,
Debian's headless Chromium driven by Playwright, every request off the local server blocked.

A consultant fills in a ZOU decision of 12 months with a development perspective field by
field, sees `motivering_vereist` with the 9-month rule and its source, applies the suggested
end date with one click and sees `conform`. Screenshots of both results are test artifacts.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import artifacts_dir, chromium_page, needs_chromium

ROOT = Path(__file__).resolve().parents[1]
MOTIVATION = "Jongere is midden in een traject op school; afbouwen na 9 maanden breekt dat af."
# the exception row's motivation has the focus (autofocus of the row a suggestion added)
FOCUS_ON_MOTIVATION = "document.activeElement && document.activeElement.name === 'exceptions.0.motivation'"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`triage serve` on a free port; its address once it answers. Stopped afterwards."""
    port = _free_port()
    db = tmp_path / "log.sqlite3"
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "triage", "serve", "--no-auth", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "triage serve did not answer within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@needs_chromium
def test_consultant_checks_a_decision_and_applies_the_suggestion(server: str) -> None:
    base = server
    folder = artifacts_dir()
    with chromium_page(lambda url: url == base or url.startswith(base + "/")) as (page, watch):
        page.goto(base + "/", wait_until="load")
        assert page.get_by_role("heading", level=1).inner_text() == "Toets een beschikking"
        assert page.evaluate("document.documentElement.lang") == "nl"
        # keyboard: the first Tab reaches the skip link
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"

        # field by field, like a person
        page.get_by_label("Kenmerk van de beschikking").press_sequentially("ZOU-2027-000200")
        page.get_by_label("Datum van de beschikking").fill("2027-02-10")
        page.get_by_label("Datum van de melding of aanvraag").fill("2027-02-01")
        page.get_by_label("Jeugdwet", exact=True).check()
        page.get_by_label(re.compile(r"^Gemeente")).select_option("Zeist")
        page.get_by_label("Cliëntnummer (pseudoniem)").press_sequentially("c-90001")
        page.get_by_label("Geboortedatum").fill("2015-05-01")
        page.get_by_label("Doet iemand uit het sociale netwerk mee?").select_option(label="Ja")
        page.get_by_label(re.compile(r"^Voorziening")).select_option("begeleiding_jeugd")
        page.get_by_label("In een groep").check()
        page.get_by_label("Activerend (ontwikkeling)").check()
        page.get_by_label("Verwijzer").select_option(label="Lokaal team")
        page.get_by_label("Doelen").press_sequentially("Zelfstandig naar school reizen")
        page.get_by_label(re.compile(r"^Startdatum")).press_sequentially("2027-03-01")
        page.get_by_label(re.compile(r"^Einddatum")).press_sequentially("2028-02-29")
        page.get_by_label("Hoeveel").fill("2")
        page.get_by_label("Eenheid").select_option("uur")
        page.get_by_label("Per", exact=True).select_option("week")

        # keyboard: Tab on from the last field reaches the submit button, with a visible
        # focus, and Enter submits
        page.get_by_label("Per", exact=True).focus()
        for _ in range(80):
            if page.evaluate("document.activeElement.id") == "toets-knop":
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "toets-knop"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        verdict = page.locator(".verdict").inner_text()
        assert "Motivering vereist" in verdict and "motivering_vereist" in verdict
        findings = page.locator(".findings").inner_text()
        assert "ZOU-GIGG-01" in findings
        assert "maximaal 9 maanden" in findings
        assert "ZOU-2027 §5.4" in findings
        assert "Logboeknummer" in page.locator(".receipt").inner_text()
        page.screenshot(path=str(folder / "web-motivering-vereist.png"), full_page=True)

        # one click on the suggestion: checked again at once
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Zet einddatum op 2027-11-30").click()
        verdict = page.locator(".verdict").inner_text()
        assert "Conform" in verdict and re.search(r"\bconform\b", verdict)
        assert page.get_by_label(re.compile(r"^Einddatum")).input_value() == "2027-11-30"
        assert page.get_by_label("Cliëntnummer (pseudoniem)").input_value() == "c-90001"
        page.screenshot(path=str(folder / "web-conform.png"), full_page=True)

        # and on a phone: one column, no sideways scrolling
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(folder / "web-conform-telefoon.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

        # the exception suggestion: a row with the principle, the motivation focused
        page.goto(base + "/?voorbeeld=zou", wait_until="load")
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Toets de beschikking").click()
        assert "motivering_vereist" in page.locator(".verdict").inner_text()
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Leg een uitzondering vast").click()
        # autofocus is applied at the browser's next rendering update, after "load": wait for it
        page.wait_for_function(FOCUS_ON_MOTIVATION, timeout=5_000)
        assert "Een motivering moet een mens schrijven" in page.locator(".notice").inner_text()
        page.keyboard.type(MOTIVATION)
        page.get_by_label("Grond").select_option("uitzonderlijke_situatie")
        page.screenshot(path=str(folder / "web-uitzondering.png"), full_page=True)
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Toets de beschikking").click()
        assert "conform_met_uitzondering" in page.locator(".verdict").inner_text()
        assert MOTIVATION not in page.locator(".result").inner_text()
        assert page.get_by_label("Motivering").first.input_value() == MOTIVATION

    assert watch.errors == []
    assert watch.blocked == []
    assert watch.requests and all(url.startswith(base + "/") for url in watch.requests)
    for name in ("web-motivering-vereist.png", "web-conform.png"):
        assert (folder / name).stat().st_size > 10_000


@needs_chromium
def test_policy_officer_opens_a_findings_rule_page(server: str) -> None:
    """From a finding on the result page to its rule: the source quote, the parameter's value
    with its source, and the scenarios that show the rule firing and held."""
    base = server
    folder = artifacts_dir()
    with chromium_page(lambda url: url == base or url.startswith(base + "/")) as (page, watch):
        page.goto(base + "/?voorbeeld=zou", wait_until="load")
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Toets de beschikking").click()
        finding = page.locator(".finding", has_text="ZOU-GIGG-01")
        with page.expect_navigation():
            finding.get_by_role("link", name="Waarom deze regel?").click()

        assert page.get_by_role("heading", level=1).inner_text() == (
            "ZOU-GIGG-01 Bij een ontwikkelingsperspectief maximaal 9 maanden, tenzij"
        )
        quote = page.locator("blockquote.quote").inner_text()
        assert "We verkorten de beschikkingstermijn" in quote and "naar 9 maanden tenzij" in quote
        assert (
            "ZOU-2027 §5.4 (Inkoopkoers Jeugd en Wmo 2027 (Zuidoost Utrecht))"
            in page.locator(".source").inner_text()
        )
        parameter = page.locator(".param", has_text="max_term_months_activerend")
        value = parameter.locator(".param-value").inner_text()
        assert re.search(r"Op 2027-\d\d-\d\d in Zeist: 9 — bron ZOU-2027 §5\.4", value), value
        fires = page.get_by_role("heading", name=re.compile(r"^De regel gaat af \(\d+\)$"))
        held = page.get_by_role("heading", name=re.compile(r"^De regel houdt \(\d+\)$"))
        assert fires.is_visible() and held.is_visible()
        scenarios = page.locator(".scenario-list").all_inner_texts()
        assert "Eén dag langer vraagt een motivering" in scenarios[0]
        assert "Negen maanden met ontwikkelingsperspectief past" in scenarios[1]
        page.get_by_text("Eén dag langer vraagt een motivering").click()  # the steps unfold
        assert "Dan is het oordeel motivering_vereist" in page.locator(".scenario-list").first.inner_text()
        assert "compleet" in page.locator(".coverage").first.inner_text()
        page.screenshot(path=str(folder / "web-regel.png"), full_page=True)

        # the rules in force for the region on a date
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("link", name="← Alle regels").click()
        page.get_by_label("Geldig op").fill("2026-06-01")
        with page.expect_navigation():
            page.get_by_role("button", name="Toon de regels").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Regels in Zuidoost Utrecht"
        assert "ZOU-GIGG-01" not in page.locator("main").inner_text()  # in force from 2027
        page.get_by_label("Geldig op").fill("2027-03-01")
        with page.expect_navigation():
            page.get_by_role("button", name="Toon de regels").click()
        item = page.locator(".rule-list li", has_text="ZOU-GIGG-01")
        assert "motivering_vereist · ZOU-2027 §5.4" in item.inner_text()
        assert "scenario's:" in item.locator(".coverage--ok").inner_text()
        page.screenshot(path=str(folder / "web-regels.png"), full_page=True)

    assert watch.errors == []
    assert watch.blocked == []


# Gouda names its region, but the client lives in Zeist; 12 months with a development perspective
MOVING = {
    "id": "MH-2027-000019",
    "region": "midden-holland",
    "municipality": "Gouda",
    "law": "wmo",
    "request_date": "2027-02-01",
    "decision_date": "2027-02-10",
    "client": {
        "id": "c-90019",
        "birth_date": "1980-01-01",
        "residence_municipality": "Zeist",
        "social_network_involved": True,
    },
    "service": "begeleiding_wmo",
    "start_date": "2027-03-01",
    "end_date": "2028-02-29",
    "perspective": "activerend",
    "referrer": "lokaal_team",
    "goals": ["Zelfstandig de administratie bijhouden"],
    "volume": {"amount": 2, "unit": "uur", "per": "week"},
}


def _paste(page, base: str, decision: dict) -> None:
    page.goto(base + "/", wait_until="load")
    page.get_by_label("Beschikking als JSON of YAML").fill(json.dumps(decision))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Toets de geplakte beschikking").click()


def _finding(page, rule: str):
    return page.locator(".finding").filter(has_text=rule)


@needs_chromium
def test_each_suggestion_clicked_gives_a_valid_decision_without_its_finding(server: str) -> None:
    """Issue 19 on the page: the municipality button moves the region along and the finding
    goes; the exception button, completed, turns the next finding into an exception; a
    residence outside the regions gets words and no button."""
    base = server
    folder = artifacts_dir()
    with chromium_page(lambda url: url == base or url.startswith(base + "/")) as (page, watch):
        _paste(page, base, MOVING)
        assert "niet_conform" in page.locator(".verdict").inner_text()
        assert _finding(page, "XR-WPB-01").count() == 1

        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Zet gemeente op Zeist en regio op zuidoost-utrecht").click()
        assert page.locator(".error-summary").count() == 0  # a valid decision, no input error
        assert _finding(page, "XR-WPB-01").count() == 0
        assert "XR-WPB-01" in page.locator(".passed").inner_text()
        assert page.get_by_label(re.compile(r"^Regio")).input_value() == "zuidoost-utrecht"
        # now under Zuidoost Utrecht's rules: 12 months needs a motivation
        term = _finding(page, "ZOU-GIGG-01")
        assert "Motivering vereist" in term.locator(".badge").inner_text()
        page.screenshot(path=str(folder / "web-voorstel-gemeente.png"), full_page=True)

        with page.expect_navigation(wait_until="load"):
            term.get_by_role("button", name="Leg een uitzondering vast").click()
        # autofocus is applied at the browser's next rendering update, after "load": wait for it
        page.wait_for_function(FOCUS_ON_MOTIVATION, timeout=5_000)
        page.keyboard.type(MOTIVATION)
        page.get_by_label("Grond").select_option("uitzonderlijke_situatie")
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Toets de beschikking").click()
        assert "Uitzondering" in _finding(page, "ZOU-GIGG-01").locator(".badge").inner_text()
        assert "conform_met_uitzondering" in page.locator(".verdict").inner_text()

        amsterdam = {**MOVING, "client": {**MOVING["client"], "residence_municipality": "Amsterdam"}}
        _paste(page, base, amsterdam)
        residence = _finding(page, "XR-WPB-01")
        assert "De gemeente Amsterdam beslist; triage kent haar inkoopkader niet." in residence.inner_text()
        assert residence.get_by_role("button").count() == 0
        assert page.get_by_role("button", name=re.compile(r"^Zet gemeente")).count() == 0
        page.screenshot(path=str(folder / "web-woonplaats-amsterdam.png"), full_page=True)

    assert watch.errors == []
    assert watch.blocked == []
