"""The privacy scan: a BSN and a motivation text planted in every field of every input route
(check, API, page, audit CSV/JSONL/XLSX/XML) never reach an output channel (stdout, stderr,
outcomes, errors, summary, report, check log, API answers, server log).

What the scan does not ask: fields that are identifiers or names shown by design (`ECHOED`)
appear in outcomes and reports as given, so a motivation text typed into them appears too;
for those the guard is the BSN check (`triage.privacy.BSN_GUARDS`), which the scan does test.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from triage.audit.flat_rows import flatten, unflatten
from triage.decision import DECISION_FIELDS
from triage.privacy import looks_like_bsn
from triage.yaml_source import load_yaml

ROOT = Path(__file__).resolve().parents[1]
BSN = "111222333"  # passes the elfproef
SECRET = "Moeder Jansen is ernstig ziek"
# identifiers and names that outcomes and reports show as given (the README's privacy paragraph)
ECHOED = {
    "id",
    "client.id",
    "client.residence_municipality",
    "provider.id",
    "provider.name",
    "product.code",
    "product.category",
    "product.variant",
    "part_of_treatment",
    "extends",
}
BASE = flatten(dict(load_yaml((ROOT / "examples" / "zou-begeleiding-12-maanden.yaml").read_text())))
BASE["exceptions"] = json.dumps(
    [
        {
            "principle": "goed-is-goed-genoeg",
            "ground": "complexe_problematiek",
            "motivation": f"{SECRET}, BSN {BSN}",
        }
    ]
)


def test_the_planted_bsn_is_one() -> None:
    assert looks_like_bsn(BSN)


def planted_rows() -> list[dict[str, str]]:
    """The base decision (motivation with both), then one row per field and planted value."""
    rows = [dict(BASE, id="P-0")]
    for number, field in enumerate(DECISION_FIELDS, start=1):
        for kind, value in (("bsn", BSN), ("text", SECRET)):
            if kind == "text" and field in ECHOED:
                continue
            row = dict(BASE, id=f"P-{number}-{kind}")
            row[field] = value
            rows.append(row)
    return rows


def _assert_clean(label: str, text: str) -> None:
    assert BSN not in text, f"{label}: the BSN is in the output"
    assert SECRET not in text, f"{label}: the motivation text is in the output"
    assert not re.search(r"111\D?222\D?333", text), f"{label}: the BSN, reformatted"


def _triage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triage", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def _scan_audit(out: Path, done: subprocess.CompletedProcess[str], label: str) -> dict:
    assert done.returncode in (0, 2), done.stderr
    for name in ("outcomes.jsonl", "errors.jsonl", "summary.json", "report.html"):
        _assert_clean(f"{label} {name}", (out / name).read_text(encoding="utf-8"))
    _assert_clean(f"{label} stdout", done.stdout)
    _assert_clean(f"{label} stderr", done.stderr)
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(DECISION_FIELDS))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("form", ["csv", "jsonl", "xlsx"])
def test_audit_exports(tmp_path: Path, form: str) -> None:
    rows = planted_rows()
    path = tmp_path / f"export.{form}"
    if form == "csv":
        _write_csv(path, rows)
    elif form == "jsonl":
        path.write_text("".join(json.dumps(unflatten(row)) + "\n" for row in rows), encoding="utf-8")
    else:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, DECISION_FIELDS)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [row.get(field, "") for field in DECISION_FIELDS])
        workbook.close()
    out = tmp_path / "out"
    summary = _scan_audit(out, _triage("audit", str(path), "--out", str(out), "--workers", "1"), form)
    assert summary["totals"]["input_rows"] == len(rows) and summary["totals"]["reconciled"]
    # the plants were refused, not silently dropped: every BSN plant is an error
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    refused = {error["ref"] for error in errors}
    assert len(refused) >= sum(1 for field in DECISION_FIELDS if field in ECHOED)


def test_audit_messages(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "ijw" / "jw301-zeist-1.xml").read_text(encoding="utf-8")
    text = text.replace("Voorbeeldlaan", SECRET, 1)
    text = text.replace("<jw301:ToewijzingNummer>27000101<", f"<jw301:ToewijzingNummer>{BSN}<", 1)
    text = re.sub(r"<jw301:Bsn>\d{9}<", f"<jw301:Bsn>{BSN}<", text, count=1)
    path = tmp_path / "bericht.xml"
    path.write_text(text, encoding="utf-8")
    key = tmp_path / "sleutel"
    key.write_bytes(b"een-geheime-sleutel")
    out = tmp_path / "out"
    done = _triage("audit", str(path), "--out", str(out), "--pseudonym-key-file", str(key))
    summary = _scan_audit(out, done, "xml")
    assert summary["totals"]["errors"] >= 1  # the ToewijzingNummer that may be a BSN


def test_check(tmp_path: Path) -> None:
    files = []
    for number, row in enumerate(planted_rows()):
        path = tmp_path / f"b{number}.yaml"
        path.write_text(yaml.safe_dump(unflatten(row), allow_unicode=True), encoding="utf-8")
        files.append(str(path))
    for form in ("text", "json"):
        done = _triage("check", *files, "--format", form)
        assert done.returncode == 2  # the plants are invalid input
        _assert_clean(f"check {form} stdout", done.stdout)
        _assert_clean(f"check {form} stderr", done.stderr)


@pytest.fixture
def app_client(tmp_path: Path):
    from triage.web.app import create_app
    from web_client import PageClient

    db = tmp_path / "log.sqlite3"
    with PageClient(create_app(db)) as client:
        yield client, db


def _log_text(db: Path) -> str:
    from triage.web.checklog import CheckLog

    stream = io.StringIO()
    CheckLog(db).export(stream)
    return stream.getvalue()


def test_api(app_client, caplog) -> None:
    client, db = app_client
    caplog.set_level(logging.DEBUG)
    answers = []
    decisions = [unflatten(row) for row in planted_rows()]
    for decision in decisions:
        answers.append(client.post("/api/v1/check", json=decision).text)
    answers.append(client.post("/api/v1/check/batch", json=decisions).text)
    _assert_clean("API answers", "\n".join(answers))
    log = _log_text(db)
    assert log.count("\n") >= 1  # checks were logged
    _assert_clean("check log", log)
    _assert_clean("server log", caplog.text)


def test_page(app_client, caplog) -> None:
    client, db = app_client
    caplog.set_level(logging.DEBUG)
    pages = []
    for row in planted_rows():
        form = {key: value for key, value in row.items() if key != "exceptions"}
        exception = json.loads(row["exceptions"])[0] if row["exceptions"].startswith("[") else {}
        # the consultant's own motivation is shown again in the form (without the BSN here,
        # so that the page can be scanned for the planted one)
        exception["motivation"] = SECRET
        form.update({f"exceptions.0.{key}": value for key, value in exception.items()})
        response = client.post("/toets", data=form)
        assert response.status_code in (200, 422)
        html = response.text
        for field in ECHOED:  # a BSN is taken out of the form before the page shows it again
            if row.get(field) == BSN:
                assert BSN not in html, field
        pages.append(html)
    _assert_clean("check log", _log_text(db))
    _assert_clean("server log", caplog.text)
