"""The CLI contract of docs/decision-format.md, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.*"))


def triage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "triage", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_examples_give_json_lines_in_argument_order():
    result = triage("check", *map(str, EXAMPLES), "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXAMPLES)
    outcomes = [json.loads(line) for line in lines]
    for outcome in outcomes:
        assert set(outcome) >= {
            "decision",
            "region",
            "rules_in_force_on",
            "rules_version",
            "verdict",
            "priority",
            "segment",
            "findings",
            "passed",
        }
        for finding in outcome["findings"]:
            assert set(finding) >= {"rule", "principle", "outcome", "message", "facts", "source", "remedy"}
    by_id = {o["decision"]: o for o in outcomes}
    nine = by_id["ZOU-2027-000123"]
    assert nine["verdict"] == "motivering_vereist"
    assert nine["findings"][0]["source"] == {
        **nine["findings"][0]["source"],
        "document": "ZOU-2027",
        "section": "5.4",
    }
    assert "2027-11-30" in nine["findings"][0]["remedy"]
    assert by_id["WF-2024-004410"]["priority"]["start_by"] == "2024-06-15"


def test_text_view_is_readable_dutch():
    result = triage("check", str(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml"))
    assert result.returncode == 0, result.stderr
    for expected in (
        "Oordeel:",
        "MOTIVERING VEREIST",
        "Prioriteit: regulier",
        "ZOU-GIGG-01",
        "Bron: ZOU-2027 §5.4",
        "Wat past wel:",
        "2027-11-30",
    ):
        assert expected in result.stdout


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ('{"id": "x"}', "municipality"),
        (
            "id: x\nmunicipality: Atlantis\nlaw: wmo\nrequest_date: 2027-01-01\n"
            "client: {id: c, birth_date: 1980-01-01}\nservice: begeleiding_wmo\n"
            "start_date: 2027-02-01\n",
            "municipality",
        ),
        (
            "id: x\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
            "client: {id: c, birth_date: 1980-01-01}\nservice: tuinonderhoud\n"
            "start_date: 2027-02-01\n",
            "service",
        ),
        (
            "id: x\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
            "client: {id: c, birth_date: 1980-01-01}\nservice: begeleiding_wmo\n"
            "start_date: 2027-02-01\nend_date: 2027-01-01\n",
            "end_date",
        ),
        (
            "id: x\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
            "client: {id: c, birth_date: 31-01-1980}\nservice: begeleiding_wmo\n"
            "start_date: 2027-02-01\n",
            "client.birth_date",
        ),
        (
            "id: x\nregion: westfriesland\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
            "client: {id: c, birth_date: 1980-01-01}\nservice: begeleiding_wmo\n"
            "start_date: 2027-02-01\n",
            "region",
        ),
        ("{not json", "(bestand)"),
        ("client: 5\n", "client"),
        (
            '{"id": "x", "municipality": "Zeist", "law": "wmo", "request_date": "2027-01-01", '
            '"client": {"id": "c", "birth_date": "1980-01-01"}, "service": "begeleiding_wmo", '
            '"start_date": "2027-02-01", "volume": {"amount": "veel", "unit": "uur", "per": "week"}}',
            "volume.amount",
        ),
    ],
)
def test_invalid_input_exits_2_naming_file_and_field(tmp_path, content, field):
    path = tmp_path / ("bad.json" if content.startswith("{") else "bad.yaml")
    path.write_text(content, encoding="utf-8")
    good = ROOT / "examples" / "zou-begeleiding-9-maanden.yaml"
    result = triage("check", str(path), str(good), "--format", "json")
    assert result.returncode == 2
    assert f"{path}: {field}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1  # the valid file is still evaluated


def test_binary_file_exits_2_without_traceback(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\x00\xff\xfe")
    result = triage("check", str(path))
    assert result.returncode == 2
    assert f"{path}: (bestand): onleesbaar" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_exits_2_without_traceback(tmp_path):
    result = triage("check", str(tmp_path / "nope.yaml"), str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'nope.yaml'}: (bestand): onleesbaar: bestand niet gevonden" in result.stderr
    assert f"{tmp_path}: (bestand): onleesbaar: dit is een map, geen bestand" in result.stderr


def test_on_selects_the_rules_in_force():
    path = str(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml")
    result = triage("check", path, "--format", "json", "--on", "2026-12-31")
    outcome = json.loads(result.stdout)
    assert outcome["rules_in_force_on"] == "2026-12-31"
    assert all(not f["rule"].startswith("ZOU-") for f in outcome["findings"])


def test_rules_list_by_region():
    result = triage("rules", "list", "--region", "westfriesland", "--on", "2027-01-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    ids = {json.loads(line)["rule"] for line in result.stdout.splitlines()}
    assert {"WF-VRG-01", "WF-VRG-03", "XR-WPB-01"} <= ids
    assert not any(rule.startswith(("ZOU-", "MH-")) for rule in ids)


def test_no_personal_data_in_output(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "id: x\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
        "client: {id: c-1, birth_date: 1980-01-01}\nservice: begeleiding_wmo\n"
        "provider: {id: '12345678', name: Zorg Jansen BV}\ncontract: maatwerkcontract\n"
        "start_date: 2027-02-01\nexceptions:\n  - principle: nee-tenzij\n"
        "    ground: uitzonderlijke_situatie\n    motivation: Mevrouw Jansen, BSN 123456782\n",
        encoding="utf-8",
    )
    result = triage("check", str(path), "--format", "json")
    text = triage("check", str(path))
    for output in (result.stdout, text.stdout):
        assert "123456782" not in output and "Jansen" not in output


def test_text_that_is_no_json_or_yaml_is_placed_in_dutch(tmp_path):
    broken_json = tmp_path / "kapot.json"
    broken_json.write_text('{"id": "a",\n  "region" "x"}', encoding="utf-8")
    twice = tmp_path / "dubbel.yaml"
    twice.write_text("id: a\nid: b\n", encoding="utf-8")
    result = triage("check", str(broken_json), str(twice))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{broken_json}: (bestand): geen geldige JSON/YAML (regel 2, kolom 12)" in result.stderr
    duplicate = "geen geldige JSON/YAML (regel 2, kolom 1): het veld 'id' staat er twee keer in"
    assert f"{twice}: (bestand): {duplicate}" in result.stderr


def test_json_that_names_a_field_twice_is_refused_as_yaml_is(tmp_path):
    twice = tmp_path / "dubbel.json"
    twice.write_text('{"id": "a",\n "id": "b"}', encoding="utf-8")  # json.loads would keep "b"
    result = triage("check", str(twice))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{twice}: (bestand): geen geldige JSON: het veld 'id' staat er twee keer in" in result.stderr


def test_a_bad_on_date_is_named_in_dutch():
    path = str(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml")
    result = triage("check", path, "--on", "2027-02-30")
    assert result.returncode == 2
    assert result.stderr.strip() == "--on: verwacht een datum JJJJ-MM-DD, niet '2027-02-30'"


@pytest.mark.parametrize(
    "command", [("check", str(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml")), ("rules", "list")]
)
def test_an_unknown_format_is_named_in_dutch(command):
    result = triage(*command, "--format", "xml")
    assert result.returncode == 2
    assert result.stderr.strip() == "--format: verwacht text of json, niet 'xml'"


@pytest.mark.parametrize("where", ["id", "client.id"])
def test_an_id_with_a_control_character_is_refused(tmp_path, where):
    data = yaml.safe_load((ROOT / "examples" / "zou-begeleiding-12-maanden.yaml").read_text(encoding="utf-8"))
    if where == "id":
        data["id"] = "ZOU-2027\x00-1"
    else:
        data["client"]["id"] = "c-\t12"
    path = tmp_path / "stuurteken.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    result = triage("check", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    reason = "bevat een stuurteken (zoals NUL, tab of regeleinde); verwacht gewone tekst"
    assert f"{path}: {where}: {reason}" in result.stderr


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_no_rules_before_2015_and_merged_municipalities_are_invalid_input(tmp_path: Path):
    """Exit 2 with the field and the date named: a decision of 1927 (no rules exist), and a
    municipality or residence after it merged away; the rest is still evaluated."""
    base = yaml.safe_load((ROOT / "examples" / "zou-begeleiding-9-maanden.yaml").read_text(encoding="utf-8"))
    old = _write(tmp_path / "oud.yaml", {**base, "decision_date": "1927-02-10"})
    merged = _write(
        tmp_path / "weesp.yaml",
        {**base, "municipality": "Hilversum", "client": {**base["client"], "residence_municipality": "0457"}},
    )
    fine = ROOT / "examples" / "zou-begeleiding-9-maanden.yaml"
    result = triage("check", str(old), str(merged), str(fine), "--format", "json")
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 1  # the valid one
    assert (
        "oud.yaml: decision_date: voor een beschikking van vóór 2015-01-01 bestaan geen regels"
        in result.stderr
    )
    assert (
        "weesp.yaml: client.residence_municipality: de gemeente Weesp bestond na 2022-03-23 niet meer"
        in result.stderr
    )
    assert "de beschikking is van 2027-02-10" in result.stderr


def test_a_decision_before_the_regional_document_says_only_the_statutory_frame_was_checked(tmp_path: Path):
    base = yaml.safe_load((ROOT / "examples" / "zou-begeleiding-9-maanden.yaml").read_text(encoding="utf-8"))
    early = _write(tmp_path / "vroeg.yaml", {**base, "decision_date": "2026-11-01"})
    outcome = json.loads(triage("check", str(early), "--format", "json").stdout)
    assert outcome["verdict"] == "conform"
    signal = next(f for f in outcome["findings"] if f["rule"] == "XR-RK-01")
    assert signal["outcome"] == "signaal" and signal["principle"] == "regionaal-kader"
    assert signal["source"]["document"] == "ZOU-2027" and signal["source"]["section"] == "1.1"
    assert "alleen het wettelijk kader" in signal["message"]


def test_the_consultation_status_is_shown_beside_the_citation():
    result = triage("check", str(ROOT / "examples" / "mh-crisis-te-laat.yaml"))
    assert (
        "Bron: MH-2025 §5.1 (Strategische kaders inkoop 2025 Jeugd en Wmo (Midden-Holland))"
        " — consultatieversie" in (result.stdout)
    )
    listed = triage("rules", "list", "--region", "midden-holland", "--on", "2025-06-01", "--format", "json")
    summaries = {item["rule"]: item for item in map(json.loads, listed.stdout.splitlines())}
    assert summaries["MH-CRISIS-01"]["status"] == "consultatieversie"
    assert summaries["MH-CRISIS-01"]["title"] == "Crisishulp start binnen 1 dag na de aanvraag"
    assert summaries["XR-WK-01"]["status"] is None


def test_check_reads_a_request_for_allocation(tmp_path: Path) -> None:
    """A JW315 (verzoek om toewijzing) is checked at the moment the municipality decides."""
    message = ROOT / "examples" / "ijw" / "jw315-zeist-1.xml"
    key = tmp_path / "sleutel"
    key.write_text("geheim", encoding="utf-8")
    result = triage("check", str(message), "--pseudonym-key-file", str(key), "--format", "json")
    assert result.returncode == 0, result.stderr
    (outcome,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert outcome["decision"] == "98012345-VZ-27-0042-1"
    assert "999992168" not in result.stdout + result.stderr
    refused = triage("check", str(message))
    assert refused.returncode == 2 and "--pseudonym-key-file" in refused.stderr
