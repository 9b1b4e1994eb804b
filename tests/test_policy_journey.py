"""Acceptance test of issue 16: a policy officer's journey, through the command line only.

1. Copy `rules/` and change ZOU's `max_term_months_activerend` from 9 to 12.
2. `triage rules diff` names exactly that change.
3. `triage impact` on the example export and on a generated one reports exactly the decisions
   whose outcome changes: cross-checked by `triage check` on every decision under both rule
   books. The generated export has `TRIAGE_JOURNEY_ROWS` rows (default 3,000; 100,000 on
   demand: `TRIAGE_JOURNEY_ROWS=100000 pytest tests/test_policy_journey.py`).
4. `triage scenarios` then fails on the ZOU nine-month scenarios, naming step, expected and
   actual.
5. After the officer edits those scenarios (in a copy), it passes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_process import triage

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
GENERATOR = ROOT / "bench" / "generate_audit_input.py"
SEED = "20261122"  # the generator's default: the seed of the example export
ROWS = int(os.environ.get("TRIAGE_JOURNEY_ROWS", "3000"))
ZOU_FEATURE = Path("zuidoost-utrecht") / "goed-is-goed-genoeg.feature"
SUGGESTIONS = Path("cross-region") / "voorstellen.feature"
# the scenarios the change breaks (in file order), and how the officer rewrites each for twelve months
NINE_MONTH_SCENARIOS = {
    (
        SUGGESTIONS,
        "Een voorgestelde uitzondering, vastgelegd en gemotiveerd, maakt de bevinding een uitzondering",
    ): [
        ("2028-02-29", "2028-03-31"),
        ("Zet einddatum op 2027-11-30", "Zet einddatum op 2028-02-29"),
    ],
    (ZOU_FEATURE, "Eén dag langer vraagt een motivering"): [
        ("2027-12-01", "2028-03-01"),
        ("2027-11-30", "2028-02-29"),
    ],
    (ZOU_FEATURE, "Zonder einddatum telt als langer dan negen maanden"): [("2027-11-30", "2028-02-29")],
    (ZOU_FEATURE, "Een langere termijn met motivering is toegestaan"): [("2027-12-31", "2028-03-31")],
    (ZOU_FEATURE, "Een uitzondering zonder motivering telt niet"): [("2027-12-31", "2028-03-31")],
    (ZOU_FEATURE, "Een uitzondering onder een ander principe telt niet"): [("2027-12-31", "2028-03-31")],
}


def run(*args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=timeout)


@pytest.fixture(scope="module")
def rules_12(tmp_path_factory) -> Path:
    """Step 1: the officer's copy of the rules, with twelve months instead of nine."""
    rules = tmp_path_factory.mktemp("beleid") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    region = rules / "zuidoost-utrecht" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    old = "- {value: 9, valid_from: 2027-01-01"
    assert text.count(old) == 1
    region.write_text(text.replace(old, "- {value: 12, valid_from: 2027-01-01"), encoding="utf-8")
    return rules


def test_2_rules_diff_names_exactly_the_change(rules_12: Path) -> None:
    result = triage("rules", "diff", "rules", str(rules_12))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "gewijzigd   parameter zuidoost-utrecht.max_term_months_activerend: waarde 9 → 12 "
        "(geldig vanaf 2027-01-01)",
        "1 wijziging.",
    ]


def _check_all(decisions: list[dict], rules: Path, folder: Path) -> dict[str, dict]:
    """`triage check --format json` on every decision (one file each), by decision id."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, decision in enumerate(decisions):
        path = folder / f"{number:06d}.json"
        if not path.exists():
            path.write_text(json.dumps(decision, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    outcomes: dict[str, dict] = {}
    for start in range(0, len(paths), 5000):  # the argument list of one process is limited
        result = triage("check", "--format", "json", "--rules", str(rules), *paths[start : start + 5000])
        assert result.returncode == 0, result.stderr[-2000:]
        for line in result.stdout.splitlines():
            outcome = json.loads(line)
            outcomes[outcome["decision"]] = outcome
    assert len(outcomes) == len(decisions)
    return outcomes


def _what_changed(before: dict, after: dict) -> list[str]:
    """What `triage impact` calls a change: verdict, findings (rule and outcome), priority."""
    changed = []
    if before["verdict"] != after["verdict"]:
        changed.append("verdict")
    if {(f["rule"], f["outcome"]) for f in before["findings"]} != {
        (f["rule"], f["outcome"]) for f in after["findings"]
    }:
        changed.append("findings")
    if [before["priority"][k] for k in ("class", "start_by", "rule")] != [
        after["priority"][k] for k in ("class", "start_by", "rule")
    ]:
        changed.append("priority")
    return changed


def _impact_matches_check(
    export: Path, jsonl: Path, broken_ids: set[str], rules_12: Path, work: Path
) -> dict:
    out = work / "impact"
    result = triage(
        "impact",
        str(export),
        "--rules",
        "rules",
        "--against",
        str(rules_12),
        "--out",
        str(out),
        "--workers",
        "2",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    changes = [json.loads(line) for line in (out / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()

    decisions = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    valid = [d for d in decisions if d["id"] not in broken_ids]
    before = _check_all(valid, ROOT / "rules", work / "beschikkingen")
    after = _check_all(valid, rules_12, work / "beschikkingen")
    expected = {d: _what_changed(before[d], after[d]) for d in before}
    expected = {d: what for d, what in expected.items() if what}

    totals = summary["totals"]
    assert totals["input_rows"] == len(decisions)
    assert (totals["evaluated"], totals["errors"], totals["reconciled"]) == (
        len(valid),
        len(broken_ids),
        True,
    )
    assert len(errors) == len(broken_ids)
    assert {c["decision"]: c["changed"] for c in changes} == expected
    assert totals["changed"] == len(expected)
    verdict_changes = {d for d, what in expected.items() if "verdict" in what}
    assert totals["verdict_changed"] == len(verdict_changes) > 0
    for change in changes:  # both outcomes exactly as `triage check` gives them
        assert change["before"] == before[change["decision"]]
        assert change["after"] == after[change["decision"]]
        assert change["verdict"] == {
            "before": change["before"]["verdict"],
            "after": change["after"]["verdict"],
        }
    # the matrix: off the diagonal, exactly the decisions whose verdict changes
    matrix = summary["verdict_matrix"]
    moved = sum(n for b, row in matrix.items() for a, n in row.items() if a != b)
    assert moved == len(verdict_changes)
    assert sum(sum(row.values()) for row in matrix.values()) == len(valid)
    # only the nine-month rule, only in Zuidoost Utrecht
    assert [r["rule"] for r in summary["by_rule"]] == ["ZOU-GIGG-01"]
    zou = {"Bunnik", "De Bilt", "Utrechtse Heuvelrug", "Wijk bij Duurstede", "Zeist"}
    assert {m["key"] for m in summary["by_municipality"] if m["changed"]} <= zou
    assert sum(m["changed"] for m in summary["by_municipality"]) == len(expected)
    return summary


def test_3_impact_on_the_example_export_is_what_check_says(rules_12: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "beschikkingen.jsonl"
    assert run(sys.executable, str(GENERATOR), "200", "--jsonl", str(jsonl), "--seed", SEED).returncode == 0
    manifest = json.loads(SAMPLE.with_name("beschikkingen.manifest.json").read_text(encoding="utf-8"))
    broken = {row["id"] for row in manifest["broken_rows"]}
    summary = _impact_matches_check(SAMPLE, jsonl, broken, rules_12, tmp_path)
    assert summary["totals"]["input_rows"] == 200


def test_3_impact_on_a_generated_export_is_what_check_says(rules_12: Path, tmp_path: Path) -> None:
    export, jsonl = tmp_path / "export.csv", tmp_path / "export.jsonl"
    result = run(
        sys.executable, str(GENERATOR), str(ROWS), str(export), "--jsonl", str(jsonl),
        "--seed", "7", "--broken", "0.01",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    manifest = json.loads(export.with_name("export.manifest.json").read_text(encoding="utf-8"))
    broken = {row["id"] for row in manifest["broken_rows"]}
    summary = _impact_matches_check(export, jsonl, broken, rules_12, tmp_path)
    assert summary["totals"]["input_rows"] == ROWS


def _blocks(text: str) -> list[str]:
    return re.split(r"(?m)^(?=  Scenario: )", text)


def test_4_and_5_scenarios_fail_on_nine_months_then_pass_once_edited(rules_12: Path, tmp_path: Path) -> None:
    result = triage("scenarios", "features/", "--rules", str(rules_12))
    assert result.returncode == 1
    failed = re.findall(r"(?m)^mislukt +(\S+):\d+  (.+)$", result.stdout)
    assert failed == [(str(Path("features") / path), name) for path, name in NINE_MONTH_SCENARIOS]
    report = result.stdout
    assert "stap (regel 17): Dan is het oordeel motivering_vereist" in report
    assert "verwacht:  oordeel motivering_vereist\n" in report.replace("          ", "")
    assert "werkelijk: oordeel conform" in report
    assert "stap (regel 30): En stelt de toelichting als einddatum uiterlijk 2027-11-30 voor" in report
    assert "werkelijk: voorstel einddatum 2028-02-29" in report
    assert (
        "bevinding ZOU-GIGG-01 (motivering_vereist): De termijn is zonder einddatum (open einde). "
        "Bij een ontwikkelingsperspectief is dat maximaal 12 maanden, tenzij gemotiveerd."
    ) in report
    assert re.search(r"(?m)^\d+ scenario's: \d+ geslaagd, 6 mislukt\.$", report)

    features = tmp_path / "features"
    shutil.copytree(ROOT / "features", features)
    for path in (ZOU_FEATURE, SUGGESTIONS):
        feature = features / path
        blocks = _blocks(feature.read_text(encoding="utf-8"))
        for index, block in enumerate(blocks):
            name = block.splitlines()[0].removeprefix("  Scenario: ")
            for old, new in NINE_MONTH_SCENARIOS.get((path, name), []):
                assert old in block
                block = block.replace(old, new)
            blocks[index] = block
        feature.write_text("".join(blocks), encoding="utf-8")
    result = triage("scenarios", str(features), "--rules", str(rules_12))
    assert result.returncode == 0, result.stdout
    assert re.search(r"(?m)^(\d+) scenario's: \1 geslaagd, 0 mislukt\.$", result.stdout)
