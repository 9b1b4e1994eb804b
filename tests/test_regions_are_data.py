"""A region is a folder of rules/ with its region.yaml (and its own document in
catalogue.yaml): no list of regions in the code to edit. A made-up sixth region, added to a
copy of the rules, is loaded, listed and checked by the reference engine, the plain matcher
and the fast path alike; a folder without region.yaml is refused."""

from __future__ import annotations

import shutil
from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from cli_process import triage
from differential import fast_outcomes
from triage import Engine, parse_decision
from triage.rulebook.loader import RuleBookError, load_rulebook

ROOT = Path(__file__).resolve().parents[1]
REGION = "waddeneilanden"  # made up: a sixth region
LIST_OPTIONS = ("--on", "2027-03-01", "--format", "json", "--rules")

REGION_YAML = """\
region: waddeneilanden
name: Waddeneilanden
documents: [WAD-2027]
municipalities:
  - {name: Vlieland, cbs: "0096"}
  - {name: Schiermonnikoog, cbs: "0088"}
segments:
  - id: eiland
    name: Zorg op het eiland
    laws: [jeugdwet, wmo]
    services: [begeleiding_wmo, huishoudelijke_hulp, jeugdhulp_ambulant]
parameters:
  max_term_months_eiland:
    description: Maximale beschikkingstermijn op het eiland
    kind: number
    unit: maanden
    unit_one: maand
    values:
      - {value: 6, valid_from: 2027-01-01, source: {document: WAD-2027, section: "2.1"}}
"""
RULE_YAML = """\
region: waddeneilanden
group: termijn
source: {document: WAD-2027}
valid_from: 2027-01-01
rules:
  - id: WAD-TRM-01
    principle: goed-is-goed-genoeg
    title: Op het eiland hoogstens {max_term_months_eiland}
    source: {section: "2.1", quote: "Wij beschikken op de eilanden voor hoogstens een half jaar."}
    compute:
      last_allowed_end_date: {date: start_date, plus_months: {param: max_term_months_eiland}, plus_days: -1}
    when:
      any:
        - open_ended: true
        - end_date: {after: {computed: last_allowed_end_date}}
    outcome: niet_conform
    message: De termijn is {term_text}; op {region_name} hoogstens {max_term_months_eiland}.
    remedy: Laat de beschikking uiterlijk {last_allowed_end_date} eindigen.
    suggest: {end_date: {computed: last_allowed_end_date}}
"""
DOCUMENT = {
    "id": "WAD-2027",
    "region": REGION,
    "title": "Beleidskader zorg op de eilanden 2027 (verzonnen, voor de test)",
    "in_force_from": "2027-01-01",
    "in_force_section": "1",
    "in_force_quote": "Dit kader geldt vanaf 1 januari 2027.",
}


@pytest.fixture(scope="module")
def six_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rules = tmp_path_factory.mktemp("regels") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    folder = rules / REGION
    folder.mkdir()
    (folder / "region.yaml").write_text(REGION_YAML, encoding="utf-8")
    (folder / "termijn.yaml").write_text(RULE_YAML, encoding="utf-8")
    catalogue = yaml.safe_load((rules / "catalogue.yaml").read_text(encoding="utf-8"))
    catalogue["documents"].append(DOCUMENT)
    (rules / "catalogue.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    return rules


def _decision(end_date: str) -> dict:
    return {
        "id": "WAD-1",
        "municipality": "Vlieland",
        "law": "wmo",
        "request_date": "2027-02-01",
        "decision_date": "2027-02-10",
        "client": {"id": "c-1", "birth_date": "1960-01-01"},
        "service": "begeleiding_wmo",
        "start_date": "2027-03-01",
        "end_date": end_date,
        "goals": ["Zelfstandig wonen"],
    }


def test_a_sixth_region_is_a_folder_and_is_checked_by_every_engine(six_regions: Path) -> None:
    book = load_rulebook(six_regions)
    assert REGION in book.region_names and len(book.region_names) == 6
    decisions = [_decision("2028-02-29"), _decision("2027-08-31")]
    for matcher in ("durable", "python"):
        engine = Engine(book, matcher)
        long, short = (engine.check(parse_decision(d)) for d in decisions)
        assert long.region == REGION and long.segment is not None and long.segment.id == "eiland"
        assert long.verdict == "niet_conform"
        (finding,) = [f for f in long.findings if f.rule == "WAD-TRM-01"]
        assert finding.message.endswith("op Waddeneilanden hoogstens 6 maanden.")
        assert finding.suggestion == {"end_date": "2027-08-31"}
        assert "WAD-TRM-01" in short.passed
    reference = [Engine(book).check(parse_decision(d)).to_json_dict() for d in decisions]
    assert fast_outcomes(book, decisions) == dict(enumerate(reference))


def test_the_cli_lists_the_sixth_region(six_regions: Path) -> None:
    done = triage("rules", "list", "--region", REGION, *LIST_OPTIONS, str(six_regions))
    assert done.returncode == 0, done.stderr
    assert "WAD-TRM-01" in done.stdout


def test_a_folder_without_region_yaml_is_refused(six_regions: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(six_regions, rules)
    (rules / REGION / "region.yaml").unlink()
    with pytest.raises(RuleBookError) as refused:
        load_rulebook(rules)
    assert any(f"{REGION}: map zonder region.yaml" in problem for problem in refused.value.problems)


def test_a_region_without_its_own_document_is_refused(six_regions: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(six_regions, rules)
    catalogue = yaml.safe_load((rules / "catalogue.yaml").read_text(encoding="utf-8"))
    catalogue["documents"] = [d for d in catalogue["documents"] if d["id"] != "WAD-2027"]
    (rules / "catalogue.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleBookError) as refused:
        load_rulebook(rules)
    assert any("heeft geen eigen document" in problem for problem in refused.value.problems), dedent(
        "\n".join(refused.value.problems)
    )
