"""`triage audit`: every row accounted for, outcomes equal to `triage check`, fast path equal
to durable_rules, the other input formats, JW301 without BSNs, Ctrl-C, and the report."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
import yaml

from chromium import needs_chromium, open_in_chromium
from triage import Engine, parse_decision
from triage.audit.flat_rows import unflatten
from triage.audit.pipeline import AuditOptions, Auditor
from triage.audit.pseudonym import Pseudonymiser
from triage.rulebook.loader import Rulebook, load_rulebook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
MANIFEST = json.loads((ROOT / "examples" / "audit" / "beschikkingen.manifest.json").read_text())
IJW = sorted((ROOT / "examples" / "ijw").glob("*.xml"))
sys.path.insert(0, str(ROOT / "bench"))


def _audit(checker: Engine, inputs: list[Path], out: Path, **options) -> dict:
    Auditor(checker.book, AuditOptions(inputs=inputs, out_dir=out, **options)).run()
    return json.loads((out / "summary.json").read_text())


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _without_ref(outcome: dict) -> dict:
    return {key: value for key, value in outcome.items() if key != "ref"}


def _sample_rows() -> dict[int, dict[str, str]]:
    """Line number -> row, one physical line at a time (as the audit reads CSV)."""
    header, *lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    columns = next(csv.reader([header]))
    rows = {}
    for number, line in enumerate(lines, start=2):
        cells = next(csv.reader([line]))
        if len(cells) == len(columns) and line.count('"') % 2 == 0:
            rows[number] = dict(zip(columns, cells, strict=True))
    return rows


def _line_number(ref: str) -> int:
    return int(re.search(r"regel (\d+)", ref).group(1))


@pytest.fixture(scope="module")
def sample_audit(engine: Engine, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    _audit(engine, [SAMPLE], out)
    return out


def test_every_row_is_accounted_for(sample_audit: Path) -> None:
    summary = json.loads((sample_audit / "summary.json").read_text())
    assert summary["totals"] == {
        "input_rows": 200,
        "outcomes": 195,
        "errors": 5,
        "set_aside": 0,
        "reconciled": True,
    }
    outcome_lines = [_line_number(o["ref"]) for o in _lines(sample_audit / "outcomes.jsonl")]
    error_lines = [_line_number(e["ref"]) for e in _lines(sample_audit / "errors.jsonl")]
    assert outcome_lines == sorted(outcome_lines)  # input order
    assert sorted(outcome_lines + error_lines) == list(range(2, 202))
    broken = sorted(line for lines in MANIFEST["broken_lines"].values() for line in lines)
    assert error_lines == broken


def test_errors_name_the_field_and_the_reason(sample_audit: Path) -> None:
    errors = {_line_number(e["ref"]): e for e in _lines(sample_audit / "errors.jsonl")}
    kinds = {kind: errors[lines[0]] for kind, lines in MANIFEST["broken_lines"].items()}
    assert kinds["bad_date"]["field"].endswith("date")
    assert kinds["unknown_service"]["field"] == "service"
    assert kinds["missing_columns"]["field"] == "(regel)" and "velden" in kinds["missing_columns"]["reason"]
    assert kinds["wrong_type"]["field"] in ("volume.amount", "crisis")
    assert "aanhalingsteken" in kinds["unparsable"]["reason"]
    assert all(e["reason"] for e in errors.values())


def test_audit_outcomes_equal_check(sample_audit: Path, engine: Engine) -> None:
    """Decision for decision, the audit's outcome is `triage check`'s (plus the input ref)."""
    rows = _sample_rows()
    outcomes = _lines(sample_audit / "outcomes.jsonl")
    assert len(outcomes) == 195
    for outcome in outcomes:
        row = rows[_line_number(outcome["ref"])]
        expected = engine.check(parse_decision(unflatten(row))).to_json_dict()
        assert _without_ref(outcome) == expected, outcome["ref"]


def _rules_with_municipal_values(target: Path) -> Rulebook:
    """rules/ with the per-municipality parameters that have no default filled in (the
    generator's AUDIT_PARAMETERS), so that every rule can fire in the differential test."""
    from generate_audit_input import write_audit_rules

    return load_rulebook(write_audit_rules(ROOT / "rules", target))


def _append_decisions(path: Path, decisions: list[dict]) -> None:
    """Add decisions to a generated CSV as flat rows, each with its own id."""
    from triage.audit.flat_rows import flatten
    from triage.audit.records import FLAT_COLUMNS

    with path.open("a", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        for number, decision in enumerate(decisions):
            cells = flatten({**decision, "id": f"EXTRA-{number}"})
            writer.writerow([cells.get(column, "") for column in FLAT_COLUMNS])


def test_fast_path_equals_durable_rules(tmp_path: Path) -> None:
    """Differential test: the same generated file through every engine. CI runs a sample of
    3,000 rows; `TRIAGE_DIFFERENTIAL_ROWS=100000` runs the full proof (a few minutes)."""
    from generate_audit_input import write_csv

    book = _rules_with_municipal_values(tmp_path / "rules")
    data = tmp_path / "input.csv"
    rows = int(os.environ.get("TRIAGE_DIFFERENTIAL_ROWS", "3000"))
    write_csv(data, rows, seed=7, broken_share=0.01)
    from differential import BEYOND_THE_GENERATOR, INVALID_ON_THEIR_DATE

    _append_decisions(data, BEYOND_THE_GENERATOR + INVALID_ON_THEIR_DATE)

    def audit(name: str, **options) -> dict:
        Auditor(book, AuditOptions(inputs=[data], out_dir=tmp_path / name, **options)).run()
        return json.loads((tmp_path / name / "summary.json").read_text())

    fast = audit("fast")
    durable = audit("durable", engine="durable", workers=2)
    assert fast["totals"] == durable["totals"]
    assert fast["totals"]["reconciled"]
    fast_outcomes = _lines(tmp_path / "fast" / "outcomes.jsonl")
    assert fast_outcomes == _lines(tmp_path / "durable" / "outcomes.jsonl")
    # byte for byte, too (same key order, compact separators)
    fast_text = (tmp_path / "fast" / "outcomes.jsonl").read_text(encoding="utf-8").splitlines()
    durable_text = (tmp_path / "durable" / "outcomes.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(a != b for a, b in zip(fast_text, durable_text, strict=True)) == 0
    assert _lines(tmp_path / "fast" / "errors.jsonl") == _lines(tmp_path / "durable" / "errors.jsonl")
    for part in ("verdicts", "by_rule", "by_municipality", "by_provider", "by_month"):
        assert fast[part] == durable[part], part
    # the order the summary promises, which the report's top providers rely on
    for part in ("by_municipality", "by_provider"):
        order = [(-row["decisions"], row["key"]) for row in fast[part]]
        assert order == sorted(order) and len(set(order)) == len(order) > 1, part
    # the comparison means something: every rule fired somewhere, and held somewhere
    by_rule = {row["rule"]: row for row in fast["by_rule"]}
    assert all(row["findings"] > 0 for row in by_rule.values()), [
        r for r, v in by_rule.items() if not v["findings"]
    ]
    when_rules = [rule.id for rule in book.rules if rule.outcome and rule.when is not None]
    assert all(by_rule[r]["applied"] > by_rule[r]["findings"] for r in when_rules)
    # the plain-Python matcher of the benchmark's baseline agrees too
    audit("python", engine="python")
    assert _lines(tmp_path / "python" / "outcomes.jsonl") == fast_outcomes


def test_jsonl_and_excel_give_the_same_outcomes(sample_audit: Path, engine: Engine, tmp_path: Path) -> None:
    broken = {n for lines in MANIFEST["broken_lines"].values() for n in lines}
    valid = [row for number, row in _sample_rows().items() if number not in broken]
    jsonl = tmp_path / "beschikkingen.jsonl"
    jsonl.write_text("".join(json.dumps(unflatten(row)) + "\n" for row in valid), encoding="utf-8")
    xlsx = tmp_path / "beschikkingen.xlsx"
    pl.DataFrame(valid, schema={name: pl.Utf8 for name in valid[0]}).write_excel(xlsx)
    expected = [_without_ref(o) for o in _lines(sample_audit / "outcomes.jsonl")]
    for source in (jsonl, xlsx):
        out = tmp_path / source.suffix.lstrip(".")
        summary = _audit(engine, [source], out)
        assert summary["totals"]["errors"] == 0
        assert [_without_ref(o) for o in _lines(out / "outcomes.jsonl")] == expected, source.suffix


def test_jw301_and_wmo301_end_to_end_without_bsn(engine: Engine, tmp_path: Path) -> None:
    bsns = {bsn for path in IJW for bsn in re.findall(r"<(?:\w+:)?Bsn>(\d{9})<", path.read_text())}
    assert len(bsns) >= 6
    summary = _audit(engine, IJW, tmp_path, pseudonymiser=Pseudonymiser(b"geheime-sleutel"))
    products = sum(
        len(re.findall(r"<(?:\w+:)?(?:Toegewezen|Aangevraagd)Product>", p.read_text())) for p in IJW
    )
    assert summary["totals"]["input_rows"] == products
    assert summary["totals"]["reconciled"] and summary["totals"]["outcomes"] >= 8
    assert "HMAC" in summary["receipt"]["pseudonymisation"]
    outcomes = _lines(tmp_path / "outcomes.jsonl")
    assert all(o["client"].startswith("p-") for o in outcomes)
    assert {o["region"] for o in outcomes} == {"zuidoost-utrecht", "midden-holland"}
    for written in tmp_path.iterdir():
        text = written.read_text(encoding="utf-8")
        for bsn in bsns:
            assert bsn not in text, f"a BSN appears in {written.name}"


def test_xml_without_a_key_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "triage", "audit", str(IJW[0]), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "--pseudonym-key-file" in result.stderr


def test_an_export_of_broken_rows_only_gives_errors_and_an_empty_outcomes_file(
    engine: Engine, tmp_path: Path
) -> None:
    header = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    broken = tmp_path / "kapot.csv"
    empty_fields = "," * header.count(",")  # read, then refused: no id, no dates
    broken.write_text(f'{header}\nA,"niet gesloten\nB,te,weinig\n{empty_fields}\n', encoding="utf-8")
    summary = _audit(engine, [broken], tmp_path / "out", workers=1)
    assert summary["totals"] == {
        "input_rows": 3,
        "outcomes": 0,
        "errors": 3,
        "set_aside": 0,
        "reconciled": True,
    }
    assert (tmp_path / "out" / "outcomes.jsonl").read_bytes() == b""
    assert len(_lines(tmp_path / "out" / "errors.jsonl")) == 3


def test_unknown_column_names_the_file_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("id,gemeente\nA,Zeist\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "triage", "audit", str(bad), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "export.csv" in result.stderr and "gemeente" in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_leaves_complete_valid_files(tmp_path: Path) -> None:
    from generate_audit_input import write_csv

    data = tmp_path / "input.csv"
    write_csv(data, 20_000, seed=3)
    out = tmp_path / "out"
    env = {**os.environ, "TRIAGE_AUDIT_BATCH_ROWS": "500"}
    process = subprocess.Popen(
        [sys.executable, "-m", "triage", "audit", str(data), "--out", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    outcomes = out / "outcomes.jsonl"
    deadline = time.monotonic() + 60
    while not (outcomes.exists() and outcomes.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Onderbroken" in stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "onderbroken"
    totals = summary["totals"]
    assert 0 < totals["input_rows"] < 20_000
    assert totals["reconciled"]
    assert len(_lines(outcomes)) == totals["outcomes"]  # every line complete JSON
    assert "onderbroken" in (out / "report.html").read_text(encoding="utf-8")


@needs_chromium
def test_report_of_a_real_audit_in_chromium(sample_audit: Path) -> None:
    page = open_in_chromium(sample_audit / "report.html", "audit-report.png")
    assert page.blocked == [] and page.errors == []
    assert "Auditrapport triage" in page.heading
    for shown in ("200", "195", "klopt", "XR-WK-04", "Zeist"):
        assert shown in page.text, shown
    assert page.screenshot.stat().st_size > 10_000


def _write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_values_at_the_edges_are_evaluated_or_named_and_never_stop_the_audit(
    engine: Engine, tmp_path: Path
) -> None:
    """Each of these used to stop the whole audit with a traceback: amounts durable_rules
    could not read as Python writes them ("1e+16", "5e-05"), infinite ones, and dates the
    rules' arithmetic takes past 9999-12-31."""
    rows = [row for row in _sample_rows().values() if row["volume.amount"]][:8]
    plain = _audit(engine, [_write_rows(tmp_path / "gewoon.csv", rows)], tmp_path / "a")
    assert plain["totals"]["errors"] == 0
    amounts = ["inf", "1e400", "99999999999999999999999", "1e16", "0.00005", "5e-324"]
    for row, amount in zip(rows, amounts, strict=False):
        row["volume.amount"] = amount
    rows[6]["end_date"] = "9999-12-31"
    # a crisis must start within a day of the request: the day after 9999-12-31
    rows[7].update(crisis="true", request_date="9999-12-31", start_date="9999-12-31", end_date="")
    summary = _audit(engine, [_write_rows(tmp_path / "grens.csv", rows)], tmp_path / "b", workers=1)
    assert summary["totals"] == {
        "input_rows": 8,
        "outcomes": 5,
        "errors": 3,
        "set_aside": 0,
        "reconciled": True,
    }
    errors = {
        _line_number(error["ref"]): (error["field"], error["reason"])
        for error in _lines(tmp_path / "b" / "errors.jsonl")
    }
    assert errors[2] == ("volume.amount", "verwacht een eindig getal (gekregen: tekst van 3 tekens)")
    assert errors[3] == ("volume.amount", "verwacht een eindig getal (gekregen: tekst van 5 tekens)")
    assert errors[9][0] in ("request_date", "start_date")
    assert errors[9][1].startswith("datum te ver in de toekomst of het verleden")
    assert [_line_number(line["ref"]) for line in _lines(tmp_path / "b" / "outcomes.jsonl")] == [
        4,
        5,
        6,
        7,
        8,
    ]


def test_a_file_name_that_is_not_utf8_is_shown_with_replacement_characters(
    engine: Engine, tmp_path: Path
) -> None:
    name = os.fsdecode(b"caf\xe9.csv")  # a Latin-1 name on a UTF-8 system
    source = tmp_path / name
    shutil.copyfile(SAMPLE, source)
    summary = _audit(engine, [source], tmp_path / "out", workers=1)
    assert summary["totals"]["reconciled"] and summary["totals"]["errors"] > 0
    refs = [line["ref"] for line in _lines(tmp_path / "out" / "errors.jsonl")]
    refs += [line["ref"] for line in _lines(tmp_path / "out" / "outcomes.jsonl")]
    assert all(ref.startswith("caf\ufffd.csv, regel ") for ref in refs)
    assert summary["receipt"]["inputs"][0]["path"].endswith("caf\ufffd.csv")


@pytest.mark.parametrize("kind", ["file", "under_a_file", "outcomes_is_a_folder"])
def test_an_unusable_output_folder_is_refused_with_a_message(tmp_path: Path, kind: str) -> None:
    taken = tmp_path / "bestand"
    taken.write_text("x")
    out = {"file": taken, "under_a_file": taken / "map", "outcomes_is_a_folder": tmp_path / "uit"}[kind]
    if kind == "outcomes_is_a_folder":
        (out / "outcomes.jsonl").mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-m", "triage", "audit", str(SAMPLE), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("--out: ") and "Traceback" not in result.stderr


def test_a_date_with_a_time_of_day_is_refused_in_dutch() -> None:
    from triage.decision import DecisionError

    data = yaml.safe_load((ROOT / "examples" / "zou-begeleiding-12-maanden.yaml").read_text(encoding="utf-8"))
    data["start_date"] = "2027-03-01T13:30:00"
    with pytest.raises(DecisionError) as raised:
        parse_decision(data, "x")
    assert raised.value.problems[0][0] == "start_date"
    assert raised.value.problems[0][1].startswith("verwacht een datum JJJJ-MM-DD, zonder tijd")


def test_the_report_shows_the_consultation_status_beside_the_citation(sample_audit: Path) -> None:
    summary = json.loads((sample_audit / "summary.json").read_text())
    sources = {row["rule"]: row["source"] for row in summary["by_rule"]}
    assert sources["MH-CRISIS-01"] == "MH-2025 §5.1 — consultatieversie"
    assert sources["ZOU-GIGG-01"] == "ZOU-2027 §5.4"
    assert "MH-2025 §5.1 — consultatieversie" in (sample_audit / "report.html").read_text(encoding="utf-8")
