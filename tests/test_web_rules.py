"""The Regels pages (read-only, for policy staff): rules in force per region and date, one
rule with its source, parameters and scenarios, linked from every finding."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from triage import Engine
from triage.web.app import SECURITY_HEADERS, create_app
from web_client import PageClient

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shared_engine() -> Engine:
    return Engine.load(ROOT / "rules")


@pytest.fixture
def client(tmp_path: Path, shared_engine: Engine) -> Iterator[PageClient]:
    app = create_app(db=tmp_path / "log.sqlite3", engine=shared_engine, features_dir=ROOT / "features")
    with PageClient(app) as test_client:
        yield test_client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_rules_in_force_per_region_and_date(client: PageClient) -> None:
    response = client.get("/regels", params={"regio": "zuidoost-utrecht", "datum": "2027-03-01"})
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    text = _text(response.text)
    ids = re.findall(r'href="/regels/([A-Z0-9-]+)\?', response.text)
    assert "ZOU-GIGG-01" in ids and "XR-WK-01" in ids  # the region's and the statutory frame
    assert not any(i.startswith(("MH-", "GV-", "WF-", "KL-")) for i in ids)
    assert f"{len(ids)} regels gelden op 2027-03-01 voor beschikkingen in Zuidoost Utrecht" in text
    before = client.get("/regels", params={"regio": "zuidoost-utrecht", "datum": "2026-12-31"})
    assert "ZOU-GIGG-01" not in before.text  # the ZOU rules hold from 2027
    assert "XR-WK-01" in before.text


def test_a_rule_page_shows_source_parameters_and_scenarios(client: PageClient) -> None:
    response = client.get("/regels/ZOU-GIGG-01", params={"datum": "2027-03-01", "gemeente": "Zeist"})
    assert response.status_code == 200
    text = _text(response.text)
    assert "We verkorten de beschikkingstermijn voor inwoners" in text
    assert "Op 2027-03-01 in Zeist: 9 — bron ZOU-2027 §5.4" in text
    assert "perspective is activerend en service is geen van (jeugdbescherming, jeugdreclassering)" in text
    assert "Dekking: compleet" in text
    assert re.search(r"De regel gaat af \(\d+\) .*Eén dag langer vraagt een motivering", text)
    assert re.search(r"De regel houdt \(\d+\) .*Negen maanden met ontwikkelingsperspectief past", text)
    # a statutory rule shows the values of the region asked for
    xr = _text(client.get("/regels/XR-WK-01", params={"datum": "2027-03-01", "regio": "westfriesland"}).text)
    assert "age_of_majority" in xr and "youth_care_age_limit" in xr


def test_coverage_gaps_and_unreadable_scenarios_are_said(tmp_path: Path, shared_engine: Engine) -> None:
    features = tmp_path / "features"
    shutil.copytree(ROOT / "features" / "zuidoost-utrecht", features)
    app = create_app(db=tmp_path / "log.sqlite3", engine=shared_engine, features_dir=features)
    with PageClient(app) as client:
        text = _text(client.get("/regels/MH-DAG-01", params={"datum": "2027-03-01"}).text)
        assert (
            "Dekking: onvolledig — geen scenario laat de regel afgaan, en geen scenario laat hem houden"
            in text
        )
    (features / "kapot.feature").write_text(
        "# language: nl\nFunctionaliteit: x\n  Scenario: y\n    Gegeven iets\n  zomaar tekst\n",
        encoding="utf-8",
    )
    app = create_app(db=tmp_path / "log2.sqlite3", engine=shared_engine, features_dir=features)
    with PageClient(app) as client:
        text = _text(client.get("/regels", params={"regio": "zuidoost-utrecht"}).text)
        assert "De scenario's konden niet gelezen worden:" in text and "kapot.feature:5" in text


def test_unknown_rule_and_bad_date(client: PageClient) -> None:
    assert client.get("/regels/ZOU-XX-99").status_code == 404
    response = client.get("/regels", params={"regio": "zuidoost-utrecht", "datum": "1-3-2027"})
    assert response.status_code == 422
    assert "datum: verwacht een datum als JJJJ-MM-DD" in response.text
    response = client.get("/regels", params={"regio": "atlantis"})
    assert response.status_code == 422 and "regio: kies een van" in response.text


def test_every_finding_links_to_its_rule(client: PageClient) -> None:
    decision = (ROOT / "examples" / "zou-begeleiding-12-maanden.yaml").read_text(encoding="utf-8")
    response = client.post("/toets/tekst", data={"tekst": decision})
    assert response.status_code == 200
    findings = re.findall(r'data-rule="([A-Z0-9-]+)"', response.text) or re.findall(
        r'Regel <span class="code">([A-Z0-9-]+)</span>', response.text
    )
    links = re.findall(
        r'href="/regels/([A-Z0-9-]+)\?datum=(\d{4}-\d\d-\d\d)&amp;gemeente=(\w+)"', response.text
    )
    assert findings and [rule for rule, _, _ in links] == findings
    assert all(day == "2027-03-01" or re.match(r"\d{4}-\d\d-\d\d", day) for _, day, _ in links)
    assert {municipality for _, _, municipality in links} == {"Zeist"}
