"""A BSN typed into `client.id` is refused by every input path (check, audit fast and
reference path, API) and never written back."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from triage.privacy import looks_like_bsn, looks_like_bsn_expr

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
BSN = "123456782"  # passes the elfproef
DOTTED = "1234.56.782"


def triage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "triage", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_vectorised_elfproef_agrees_with_python():
    rng = random.Random(7)
    values = [BSN, DOTTED, "12 34 56 782", "012345672", "111222333", "12345678", "123456781", "000000000"]
    values += ["c-464604", "", "abc", "1234567890", "١٢٣٤٥٦٧٨٢"]
    values += [str(rng.randrange(10**7, 10**9)) for _ in range(5000)]
    got = pl.select(looks_like_bsn_expr(pl.lit(pl.Series(values, dtype=pl.Utf8)))).to_series().to_list()
    assert got == [looks_like_bsn(v) for v in values]
    assert sum(got) > 300  # both answers occur


def test_check_refuses_a_bsn_without_repeating_it(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "id: x\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
        f"client: {{id: {BSN}, birth_date: 1980-01-01}}\nservice: begeleiding_wmo\n"
        "start_date: 2027-02-01\n",
        encoding="utf-8",
    )
    result = triage("check", str(path), "--format", "json")
    assert result.returncode == 2
    assert f"{path}: client.id: lijkt een burgerservicenummer (BSN)" in result.stderr
    assert BSN not in result.stdout + result.stderr


def test_check_still_takes_a_pseudonymous_number(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "id: x\nmunicipality: Zeist\nlaw: wmo\nrequest_date: 2027-01-01\n"
        "client: {id: '123456781', birth_date: 1980-01-01}\nservice: begeleiding_wmo\n"
        "start_date: 2027-02-01\n",
        encoding="utf-8",
    )
    result = triage("check", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["client"] == "123456781"


@pytest.mark.parametrize("engine", ["fast", "durable"])
def test_audit_reports_a_bsn_row_and_writes_it_nowhere(tmp_path, engine):
    header, *lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    columns = next(csv.reader([header]))
    rows = [next(csv.reader([line])) for line in lines[:40]]
    rows = [r for r in rows if len(r) == len(columns)][:20]
    for row, client_id in ((rows[3], BSN), (rows[7], DOTTED)):
        row[columns.index("client.id")] = client_id
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    source = tmp_path / "in.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8")
    out = tmp_path / "out"
    result = triage("audit", str(source), "--out", str(out), "--workers", "1", "--engine", engine)
    assert result.returncode == 0, result.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    bsn_errors = [e for e in errors if e["field"] == "client.id"]
    assert [e["ref"] for e in bsn_errors] == ["in.csv, regel 5", "in.csv, regel 9"]
    assert all("burgerservicenummer" in e["reason"] for e in bsn_errors)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    totals = summary["totals"]
    assert totals["input_rows"] == 20 == totals["outcomes"] + totals["errors"]
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert BSN not in text and DOTTED not in text, path.name
    assert BSN not in result.stdout + result.stderr


def test_api_refuses_a_bsn_without_repeating_it(tmp_path):
    from triage.web.app import create_app
    from web_client import PageClient

    app = create_app(db=tmp_path / "log.sqlite3")
    decision = {
        "id": "x",
        "municipality": "Zeist",
        "law": "wmo",
        "request_date": "2027-01-01",
        "client": {"id": BSN, "birth_date": "1980-01-01"},
        "service": "begeleiding_wmo",
        "start_date": "2027-02-01",
    }
    with PageClient(app) as client:
        response = client.post("/api/v1/check", json=decision)
    assert response.status_code == 422
    assert "client.id" in response.text and BSN not in response.text


def test_the_fast_paths_bsn_rows_agree_with_the_decision_model() -> None:
    """`bsn_rows` (which rows the fast path sends to be refused) marks exactly the rows in
    which `bsn_problem` refuses a field, for every guarded field."""
    from triage.privacy import BSN_GUARDS, bsn_problem, bsn_rows

    rng = random.Random(11)
    pool = [BSN, DOTTED, "12 34 56 782", "12345678", "123456781", "Zorg 123456782 BV", "c-000123", None]
    pool += [str(rng.randrange(10**7, 10**9)) for _ in range(300)]
    pool += [f"x {rng.randrange(10**7, 10**9)} y" for _ in range(300)]
    rows = [{field: rng.choice(pool) for field in BSN_GUARDS} for _ in range(3000)]
    frame = pl.DataFrame(rows, schema={field: pl.Utf8 for field in BSN_GUARDS})
    expected = [any(bsn_problem(f, v) is not None for f, v in row.items() if v is not None) for row in rows]
    assert bsn_rows(frame).to_list() == expected
    assert 100 < sum(expected) < 3000
