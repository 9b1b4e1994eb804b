"""`triage contracts check`: the register in every format, the spec's outcome shape, the
error discipline of `triage check`, the budget signal, and the API and the Contracten page."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter

from triage import Engine
from triage.contracts.register import CONTRACT_FIELDS
from triage.web.app import create_app
from web_client import PageClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "contracts"
GOOD = {
    "id": "C-1",
    "region": "zuidoost-utrecht",
    "provider.id": "22334455",
    "provider.name": "Jeugdzorg Heuvelrug",
    "signed_on": "2026-10-01",
    "start_date": "2027-01-01",
    "end_date": "2030-12-31",
    "extension_options": "1;1",
    "services": "jeugdhulp_ambulant;begeleiding_jeugd",
    "value_eur": "4200000",
    "profit_cap": "ja",
    "ubo_checked": "true",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triage", "contracts", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = [c for c in CONTRACT_FIELDS if any(c in row for row in rows)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_outcome_has_the_shape_of_the_spec_one_line_per_contract_in_order() -> None:
    result = run(str(EXAMPLES / "zuidoost-utrecht.jsonl"), "--format", "json")
    assert result.returncode == 0, result.stderr
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["contract"] for o in outcomes] == [f"ZOU-RO-2027-0{i}" for i in range(1, 6)]
    for outcome in outcomes:
        assert {
            "contract",
            "region",
            "rules_in_force_on",
            "rules_version",
            "verdict",
            "findings",
            "passed",
        } <= set(outcome)
        assert outcome["rules_in_force_on"] == outcome["receipt"]["rules_in_force_on"]
        for finding in outcome["findings"]:
            assert {"rule", "principle", "outcome", "message", "facts", "source", "remedy"} <= set(finding)
    third = {f["rule"]: f["outcome"] for f in outcomes[2]["findings"]}
    assert third == {
        "ZOU-CON-01": "motivering_vereist",
        "ZOU-CON-02": "niet_conform",
        "ZOU-CON-04": "signaal",
    }
    assert outcomes[2]["verdict"] == "niet_conform"
    assert outcomes[3]["verdict"] == "conform_met_uitzondering"  # a deviation recorded with a motivation
    assert "Ingestroomd" not in result.stdout  # a motivation is never shown


@pytest.mark.parametrize("name", ["kennemerland.csv", "midden-holland.yaml", "gooi-en-vechtstreek.yaml"])
def test_every_example_register_is_checked(name: str) -> None:
    result = run(str(EXAMPLES / name), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") >= 2


def test_the_same_register_as_csv_xlsx_jsonl_and_yaml_gives_the_same_outcomes(tmp_path: Path) -> None:
    rows = [
        GOOD,
        {**GOOD, "id": "C-2", "end_date": "2029-12-31", "extension_options": "1", "profit_cap": "nee"},
    ]
    csv_path = write_csv(tmp_path / "r.csv", rows)
    nested = []
    for row in rows:
        item: dict = {}
        for key, value in row.items():
            if key in ("extension_options", "services"):
                value = [float(v) if key == "extension_options" else v for v in value.split(";")]
            elif key in ("profit_cap", "ubo_checked"):
                value = value in ("ja", "true")
            elif key == "value_eur":
                value = float(value)
            *parents, leaf = key.split(".")
            target = item
            for parent in parents:
                target = target.setdefault(parent, {})
            target[leaf] = value
        nested.append(item)
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text("".join(json.dumps(n) + "\n" for n in nested), encoding="utf-8")
    yaml_path = tmp_path / "r.yaml"
    yaml_path.write_text(json.dumps(nested), encoding="utf-8")  # JSON is YAML
    xlsx = tmp_path / "r.xlsx"
    with xlsxwriter.Workbook(xlsx) as book:
        sheet = book.add_worksheet()
        columns = list(GOOD)
        sheet.write_row(0, 0, columns)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [row.get(c, "") for c in columns])
    outputs = []
    for path in (csv_path, xlsx, jsonl, yaml_path):
        result = run(str(path), "--format", "json")
        assert result.returncode == 0, (path.name, result.stderr)
        outputs.append([json.loads(line) for line in result.stdout.splitlines()])
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    assert [o["verdict"] for o in outputs[0]] == ["conform", "niet_conform"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"provider.id": ""}, "provider.id"),
        ({"start_date": ""}, "start_date"),
        ({"services": ""}, "services"),
        ({"region": "zuidoost-utrech"}, "region"),
        ({"services": "jeugdhulp_ambulant;begleiding_jeugd"}, "services.1"),
        ({"end_date": ""}, "end_date"),
        ({"profit_cap": "zie bijlage 3"}, "profit_cap"),
        ({"value_eur": "4.200.000,00"}, "value_eur"),
        ({"provider.id": "1234"}, "provider.id"),
    ],
)
def test_an_invalid_contract_exits_2_naming_the_field_and_the_others_are_checked(
    tmp_path: Path, change: dict[str, str], field: str
) -> None:
    path = write_csv(tmp_path / "register.csv", [{**GOOD, **change}, {**GOOD, "id": "C-2"}])
    result = run(str(path), "--format", "json")
    assert result.returncode == 2
    assert f"register.csv, regel 2: {field}:" in result.stderr, result.stderr
    assert [json.loads(line)["contract"] for line in result.stdout.splitlines()] == ["C-2"]
    for value in change.values():  # a rejected value is described, not repeated
        if len(value) > 3 and field != "region" and not field.startswith("services"):
            assert value not in result.stderr


def test_free_text_in_a_boolean_is_reported_not_guessed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "register.csv", [{**GOOD, "ubo_checked": "waarschijnlijk wel"}])
    result = run(str(path))
    assert result.returncode == 2
    assert "ubo_checked: verwacht true of false" in result.stderr
    assert "niet geraden" in result.stderr and "waarschijnlijk" not in result.stderr


def test_an_unknown_column_refuses_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "register.csv", [GOOD])
    path.write_text(path.read_text().replace("ubo_checked", "ubo_gecheckt"), encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 2
    assert "onbekende kolom(men) 'ubo_gecheckt'" in result.stderr


def test_budget_signal_per_row_with_the_parameter_set(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    subprocess.run(["cp", "-r", str(ROOT / "rules"), str(rules)], check=True)
    region = rules / "zuidoost-utrecht" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    marker = "    unit: fractie van het halfjaarbudget\n    kind: number\n    values: []\n"
    assert marker in text
    region.write_text(
        text.replace(
            marker,
            "    unit: fractie van het halfjaarbudget\n    kind: number\n"
            "    values:\n      - {value: 0.25, valid_from: 2027-01-01}\n",
        ),
        encoding="utf-8",
    )
    result = run(
        str(EXAMPLES / "zuidoost-utrecht.jsonl"),
        "--budgets",
        str(EXAMPLES / "zuidoost-utrecht-budgetten.csv"),
        "--rules",
        str(rules),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    outcomes = {o["contract"]: o for o in map(json.loads, result.stdout.splitlines())}
    signals = {c: [f for f in o["findings"] if f["rule"] == "ZOU-CON-05"] for c, o in outcomes.items()}
    assert [f["facts"]["budget_period"] for f in signals["ZOU-RO-2027-01"]] == ["2027-H1"]  # 32.7% over
    assert signals["ZOU-RO-2027-02"] == []  # 1.8% over
    assert len(signals["ZOU-RO-2027-03"]) == 1  # 49.5% over
    assert "ZOU-CON-05" in outcomes["ZOU-RO-2027-02"]["passed"]
    without = run(
        str(EXAMPLES / "zuidoost-utrecht.jsonl"),
        "--budgets",
        str(EXAMPLES / "zuidoost-utrecht-budgetten.csv"),
        "--format",
        "json",
    )
    first = json.loads(without.stdout.splitlines()[0])
    assert [u["rule"] for u in first["unassessed"]] == ["ZOU-CON-05"]


def test_text_output_is_dutch(tmp_path: Path) -> None:
    result = run(str(EXAMPLES / "kennemerland.csv"))
    assert result.returncode == 0, result.stderr
    assert "Oordeel:" in result.stdout and "Bron: KL-2018 §7" in result.stdout
    assert "Wat past wel:" in result.stdout


# ---------------------------------------------------------------- web
@pytest.fixture
def client(tmp_path: Path, engine: Engine) -> PageClient:
    with PageClient(create_app(db=tmp_path / "log.sqlite3", engine=engine)) as test_client:
        yield test_client


def test_api_checks_contracts_like_the_cli(client: PageClient) -> None:
    contracts = [json.loads(line) for line in (EXAMPLES / "zuidoost-utrecht.jsonl").read_text().splitlines()]
    answer = client.post("/api/v1/contracts/check", json={"contracts": [*contracts, {"id": "kapot"}]})
    assert answer.status_code == 200
    body = answer.json()
    cli = run(str(EXAMPLES / "zuidoost-utrecht.jsonl"), "--format", "json")
    assert [r["outcome"] for r in body["results"][:5]] == [
        json.loads(line) for line in cli.stdout.splitlines()
    ]
    assert body["results"][5]["index"] == 5
    assert {e["field"] for e in body["results"][5]["errors"]} >= {"region", "provider.id", "services"}


def test_api_refuses_too_many_contracts(client: PageClient) -> None:
    answer = client.post("/api/v1/contracts/check", json={"contracts": [{}] * 1001})
    assert answer.status_code == 413


def test_contracten_page_shows_each_contracts_findings(client: PageClient) -> None:
    page = client.get("/contracten")
    assert page.status_code == 200 and "Toets contracten" in page.text
    assert 'href="/contracten"' in client.get("/").text
    with (EXAMPLES / "kennemerland.csv").open("rb") as register:
        answer = client.post("/contracten", files={"register": ("kennemerland.csv", register, "text/csv")})
    assert answer.status_code == 200
    for contract in ("KL-2019-001", "KL-2019-006", "KL-2019-007"):
        assert contract in answer.text
    assert "KL-CON-04" in answer.text and "Niet conform" in answer.text
    assert "kennemerland.csv, regel 7" in answer.text
    assert "Kleine aanbieder" not in answer.text  # the deviation's motivation is not shown


def test_contracten_page_names_an_invalid_row_and_an_unreadable_file(
    client: PageClient, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "register.csv", [{**GOOD, "dissolving_conditions": "misschien"}])
    with path.open("rb") as register:
        answer = client.post("/contracten", files={"register": ("register.csv", register, "text/csv")})
    assert answer.status_code == 200
    assert "register.csv, regel 2" in answer.text and "dissolving_conditions" in answer.text
    assert "misschien" not in answer.text
    answer = client.post("/contracten", files={"register": ("register.txt", b"x", "text/plain")})
    assert answer.status_code == 422 and "onbekend formaat" in answer.text
