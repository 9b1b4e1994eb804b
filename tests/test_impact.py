"""`triage impact`: --set, other inputs, rows refused by one rule book, worker processes, the
report, written whole, and bad usage. (The acceptance journey: test_policy_journey.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chromium import needs_chromium, open_in_chromium
from cli_process import triage
from triage.rulebook.loader import load_rulebook
from triage.rulebook.overrides import SettingError, parse_setting, with_settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
GENERATOR = ROOT / "bench" / "generate_audit_input.py"
NINE = "- {value: 9, valid_from: 2027-01-01"
SET_12 = "zuidoost-utrecht.max_term_months_activerend=12"


def _rules(
    tmp_path: Path, old: str = NINE, new: str = NINE.replace("9", "12"), file: str = "region.yaml"
) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "zuidoost-utrecht" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return rules


def _outputs(out: Path) -> tuple[dict, list[dict], list[str]]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    changes = [json.loads(line) for line in (out / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    return summary, changes, (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def sample_impact(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("impact")
    rules = _rules(work)
    out = work / "uit"
    result = triage("impact", str(SAMPLE), "--against", str(rules), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_set_gives_what_a_changed_folder_gives(sample_impact: Path, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = triage("impact", str(SAMPLE), "--set", SET_12, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 met een ander oordeel" in result.stderr
    summary, changes, errors = _outputs(out)
    folder_summary, folder_changes, folder_errors = _outputs(sample_impact)
    assert [(c["decision"], c["changed"]) for c in changes] == [
        (c["decision"], c["changed"]) for c in folder_changes
    ]
    assert errors == folder_errors and len(errors) == 5
    for key in ("totals", "verdict_matrix", "priority_matrix", "by_rule", "by_principle", "by_municipality"):
        assert summary[key] == folder_summary[key], key
    assert [c["text"] for c in summary["rule_changes"]] == [c["text"] for c in folder_summary["rule_changes"]]
    after = summary["receipt"]["after"]
    assert after["settings"] == [SET_12] and after["source"].endswith("met --set")
    assert after["version"] != summary["receipt"]["before"]["version"]
    # the outcome under the new rules says how long the term may now be
    changed = next(c for c in changes if "verdict" in c["changed"])
    assert changed["verdict"] == {"before": "motivering_vereist", "after": "conform"}
    assert "ZOU-GIGG-01" in changed["after"]["passed"]
    assert any(f["rule"] == "ZOU-GIGG-01" for f in changed["before"]["findings"])


def test_settings_are_checked_and_applied_per_municipality() -> None:
    book = load_rulebook(ROOT / "rules")
    zeist = with_settings(book, [parse_setting("zuidoost-utrecht.zeist.max_term_months_activerend=6")])
    on = dt.date(2027, 6, 1)
    assert zeist.parameters("zuidoost-utrecht", "Zeist", on)["max_term_months_activerend"] == 6
    assert zeist.parameters("zuidoost-utrecht", "Bunnik", on)["max_term_months_activerend"] == 9
    assert book.parameters("zuidoost-utrecht", "Zeist", on)["max_term_months_activerend"] == 9
    threshold = with_settings(book, [parse_setting("zuidoost-utrecht.budget_overrun_threshold=0.2")])
    assert threshold.parameters("zuidoost-utrecht", "Zeist", on)["budget_overrun_threshold"] == 0.2
    for text, message in (
        ("zuidoost-utrecht.max_term_months_activerend", "schrijf REGIO.PARAMETER=WAARDE"),
        ("atlantis.max_term_months_activerend=12", "onbekende regio"),
        ("zuidoost-utrecht.max_termijn=12", "heeft geen parameter 'max_termijn'"),
        ("zuidoost-utrecht.max_term_months_activerend=twaalf", "past niet bij de soort parameter (number)"),
        ("zuidoost-utrecht.Gouda.max_term_months_activerend=6", "gemeente 'Gouda' hoort niet bij"),
    ):
        with pytest.raises(SettingError, match=re.escape(message)):
            with_settings(book, [parse_setting(text)])


def test_json_lines_input_gives_the_same_changes(sample_impact: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "beschikkingen.jsonl"
    made = subprocess.run(
        [sys.executable, str(GENERATOR), "200", "--jsonl", str(jsonl)], cwd=ROOT, timeout=120
    )
    assert made.returncode == 0
    out = tmp_path / "uit"
    result = triage("impact", str(jsonl), "--set", SET_12, "--out", str(out))
    assert result.returncode == 0, result.stderr
    summary, changes, errors = _outputs(out)
    _, csv_changes, _ = _outputs(sample_impact)
    assert summary["totals"]["input_rows"] == 200 and summary["totals"]["reconciled"] and errors == []
    assert summary["receipt"]["inputs"][0]["format"] == "jsonl"
    assert {c["decision"] for c in changes} == {c["decision"] for c in csv_changes}


def test_rows_one_rule_book_refuses_are_errors_saying_which(tmp_path: Path) -> None:
    rules = _rules(tmp_path, '  - {name: Wijk bij Duurstede, cbs: "0352"}\n', "")
    out = tmp_path / "uit"
    result = triage("impact", str(SAMPLE), "--against", str(rules), "--out", str(out))
    assert result.returncode == 0, result.stderr
    summary, changes, errors = _outputs(out)
    totals = summary["totals"]
    assert totals["reconciled"] and totals["input_rows"] == 200
    refused = [json.loads(line) for line in errors if "onder de nieuwe regels" in line]
    assert refused and all(e["field"] == "municipality" for e in refused)
    assert all(e["reason"].startswith("onder de nieuwe regels: onbekende gemeente") for e in refused)
    assert totals["errors"] == 5 + len(refused)
    assert not any(c["municipality"] == "Wijk bij Duurstede" for c in changes)
    assert [c["text"] for c in summary["rule_changes"]] == ["gemeente Wijk bij Duurstede (zuidoost-utrecht)"]


def test_worker_processes_give_what_one_process_gives(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    made = subprocess.run(
        [sys.executable, str(GENERATOR), "3000", str(export), "--seed", "3", "--broken", "0.01"],
        cwd=ROOT,
        timeout=120,
    )
    assert made.returncode == 0
    small_batches = {"TRIAGE_AUDIT_BATCH_ROWS": "700"}
    runs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"uit-{workers}"
        result = triage(
            "impact", str(export), "--set", SET_12, "--out", str(out), "--workers", workers, env=small_batches
        )
        assert result.returncode == 0, result.stderr
        runs[workers] = out
    one, two = (_outputs(runs[w]) for w in ("1", "2"))
    assert (runs["1"] / "changes.jsonl").read_bytes() == (runs["2"] / "changes.jsonl").read_bytes()
    assert one[2] == two[2] and len(one[2]) == 30
    for key in ("totals", "verdict_matrix", "by_rule", "by_municipality", "by_provider", "errors_by_field"):
        assert one[0][key] == two[0][key], key
    assert one[0]["totals"]["verdict_changed"] > 0
    lines = [int(c["ref"].rsplit(" ", 1)[1]) for c in one[1]]
    assert lines == sorted(lines)  # input order across batches


def test_a_failed_run_leaves_no_summary_and_no_half_files(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    out.mkdir()
    (out / "summary.json").write_text("{}", encoding="utf-8")  # of an earlier run
    result = triage("impact", str(SAMPLE), str(tmp_path / "weg.csv"), "--set", SET_12, "--out", str(out))
    assert result.returncode == 2
    assert "weg.csv: bestand niet gevonden" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Geef de nieuwe regels met --against"),
        (["--set", SET_12, "--against", "rules"], "niet met beide"),
        (["--set", "zuidoost-utrecht.max_termijn=1"], "heeft geen parameter 'max_termijn'"),
        (["--against", "v99"], "'v99' is geen map en geen bekende git-revisie"),
        (["--set", SET_12, "--on", "2027-13-01"], "--on: verwacht een datum"),
    ],
)
def test_bad_usage_is_refused_in_dutch(tmp_path: Path, args: list[str], message: str) -> None:
    result = triage("impact", str(SAMPLE), "--out", str(tmp_path / "uit"), *args)
    assert result.returncode == 2
    assert message in result.stderr


@needs_chromium
def test_the_report_stands_alone_and_shows_both_sides(sample_impact: Path) -> None:
    page = open_in_chromium(sample_impact / "report.html", "impact-report.png")
    assert page.heading.startswith("Gevolgen van een regelwijziging")
    assert page.errors == [] and page.blocked == []
    assert all(url.startswith("file://") for url in page.requests)
    text = page.text
    assert "parameter zuidoost-utrecht.max_term_months_activerend: waarde 9 → 12" in text
    assert "200\ninvoerrijen" in text and "195\nonder beide regels getoetst" in text and "✓ klopt" in text
    assert "Motivering vereist\t1\t0\t10\t0\t11" in text  # one decision moves to conform
    assert "ZOU-GIGG-01\tBij een ontwikkelingsperspectief maximaal 9 maanden, tenzij" in text
    assert "MET DE HUIDIGE REGELS" in text.upper() and "MET DE NIEUWE REGELS" in text.upper()
    assert "ZOU-2027-0000053" in text and "maximaal 9 maanden" in text and "vervalt" in text


def test_rows_off_the_fast_path_are_compared_too(sample_impact: Path, tmp_path: Path) -> None:
    """A decision not in plain form (here: a treatment reference of only spaces) goes the
    reference path (durable_rules) under both rule books, and changes just as on the fast path."""
    rows = list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)))
    header = rows[0]
    changed = next(r for r in rows[1:] if r and r[0] == "ZOU-2027-0000053")
    changed[header.index("part_of_treatment")] = "  "
    export = tmp_path / "beschikkingen.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    out = tmp_path / "uit"
    result = triage("impact", str(export), "--set", SET_12, "--out", str(out))
    assert result.returncode == 0, result.stderr
    _, changes, _ = _outputs(out)
    _, fast_changes, _ = _outputs(sample_impact)
    slow = next(c for c in changes if c["decision"] == "ZOU-2027-0000053")
    fast = next(c for c in fast_changes if c["decision"] == "ZOU-2027-0000053")
    assert slow["changed"] == fast["changed"] == ["verdict", "findings"]
    assert slow["before"] == fast["before"]
    assert {k: v for k, v in slow["after"].items() if k not in ("rules_version", "receipt")} == {
        k: v for k, v in fast["after"].items() if k not in ("rules_version", "receipt")
    }
