"""Rule files: loaded, refused with file/line/rule id when wrong, parameters and validity."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from triage import Engine, RuleBookError, parse_decision
from triage.coverage import scenario_coverage
from triage.rulebook.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _zou_decision(**changes):
    data = {
        "id": "T-1",
        "municipality": "Zeist",
        "law": "wmo",
        "request_date": "2027-02-01",
        "decision_date": "2027-02-10",
        "client": {"id": "c-1", "birth_date": "1980-01-01", "social_network_involved": True},
        "service": "begeleiding_wmo",
        "start_date": "2027-03-01",
        "end_date": "2027-11-30",
        "perspective": "activerend",
        "goals": ["x"],
        "volume": {"amount": 2, "unit": "uur", "per": "week"},
    }
    data.update(changes)
    return parse_decision(data)


def test_every_region_has_rules_and_they_load():
    book = load_rulebook(RULES)
    regions = {rule.region for rule in book.rules}
    assert regions == {
        "cross-region",
        "zuidoost-utrecht",
        "westfriesland",
        "midden-holland",
        "gooi-en-vechtstreek",
        "kennemerland",
    }
    for rule in book.rules:
        assert rule.source and rule.source.document and rule.source.section, rule.id


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    principle: goed-is-goed-genoeg\n    title: Bij een ontwikkelingsperspectief",
            "    principle: goed-is-goed-genoeg\n    titel: Bij een ontwikkelingsperspectief",
            r"goed-is-goed-genoeg\.yaml:\d+: \[ZOU-GIGG-01\] .*titel: onbekende sleutel",
        ),
        (
            "    principle: goed-is-goed-genoeg\n    title: Bij een ontwikkelingsperspectief",
            "    principle: goed-is-altijd-goed\n    title: Bij een ontwikkelingsperspectief",
            r"goed-is-goed-genoeg\.yaml:\d+: \[ZOU-GIGG-01\] onbekend principe 'goed-is-altijd-goed'",
        ),
        (
            "    principle: goed-is-goed-genoeg\n    title: Bij een ontwikkelingsperspectief",
            "    principle: goed-is-goed-genoeg\n    valid_to: 2027-02-30\n"
            "    title: Bij een ontwikkelingsperspectief",
            r"goed-is-goed-genoeg\.yaml:\d+: \[ZOU-GIGG-01\] valid_to: ",
        ),
        (
            "      perspective: activerend\n",
            "      perspectief: activerend\n",
            r"\[ZOU-GIGG-01\] applies_to: onbekend feit 'perspectief'",
        ),
        (
            "      perspective: activerend\n",
            "      perspective: activerent\n",
            r"\[ZOU-GIGG-01\] applies_to\.perspective: onbekende waarde 'activerent'",
        ),
        (
            "{param: max_term_months_activerend}",
            "{param: max_term_maanden}",
            r"\[ZOU-GIGG-01\] .*onbekende parameter 'max_term_maanden'",
        ),
        (
            "Laat de beschikking uiterlijk {last_allowed_end_date} eindigen.",
            "Laat de beschikking uiterlijk {laatste_dag} eindigen.",
            r"\[ZOU-GIGG-01\] tekst gebruikt \{laatste_dag\}",
        ),
        (
            "        - end_date: {after: {computed: last_allowed_end_date}}",
            "        - end_date: {na: {computed: last_allowed_end_date}}",
            r"\[ZOU-GIGG-01\] .*onbekende operator 'na'",
        ),
    ],
)
def test_malformed_rule_files_are_refused_with_file_line_and_rule(rules_copy, old, new, expected):
    _break(rules_copy / "zuidoost-utrecht" / "goed-is-goed-genoeg.yaml", old, new)
    with pytest.raises(RuleBookError) as refused:
        load_rulebook(rules_copy)
    assert re.search(expected, str(refused.value)), str(refused.value)


def test_yaml_syntax_error_names_file_and_line(rules_copy):
    path = rules_copy / "westfriesland" / "segment.yaml"
    path.write_text(path.read_text() + "\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleBookError, match=r"westfriesland/segment\.yaml:\d+: geen geldige YAML"):
        load_rulebook(rules_copy)


def test_duplicate_rule_id_is_refused(rules_copy):
    _break(rules_copy / "zuidoost-utrecht" / "nee-tenzij.yaml", "id: ZOU-NT-01", "id: ZOU-GIGG-01")
    with pytest.raises(RuleBookError, match=r"\[ZOU-GIGG-01\] id komt al voor"):
        load_rulebook(rules_copy)


def test_changing_the_nine_month_parameter_changes_the_outcome(rules_copy):
    decision = _zou_decision(end_date="2027-08-31")  # 6 months
    assert Engine.load(rules_copy).check(decision).verdict.value == "conform"
    _break(
        rules_copy / "zuidoost-utrecht" / "region.yaml",
        "{value: 9, valid_from: 2027-01-01",
        "{value: 5, valid_from: 2027-01-01",
    )
    outcome = Engine.load(rules_copy).check(decision)
    assert outcome.verdict.value == "motivering_vereist"
    finding = next(f for f in outcome.findings if f.rule == "ZOU-GIGG-01")
    assert finding.facts["max_term_months_activerend"] == 5
    assert "2027-07-31" in finding.remedy


def test_rule_with_valid_to_in_the_past_does_not_apply(rules_copy):
    decision = _zou_decision(end_date="2028-02-29")
    assert any(f.rule == "ZOU-GIGG-01" for f in Engine.load(rules_copy).check(decision).findings)
    _break(
        rules_copy / "zuidoost-utrecht" / "goed-is-goed-genoeg.yaml",
        "    principle: goed-is-goed-genoeg\n    title: Bij een ontwikkelingsperspectief",
        "    principle: goed-is-goed-genoeg\n    valid_to: 2027-01-31\n"
        "    title: Bij een ontwikkelingsperspectief",
    )
    engine = Engine.load(rules_copy)
    after = engine.check(decision)  # decision_date 2027-02-10 is after valid_to
    assert all(f.rule != "ZOU-GIGG-01" for f in after.findings)
    assert "ZOU-GIGG-01" not in after.passed + after.not_applicable
    before = engine.check(decision, on=dt.date(2027, 1, 15))
    assert any(f.rule == "ZOU-GIGG-01" for f in before.findings)


def test_every_rule_has_a_scenario_firing_and_one_held():
    book = load_rulebook(RULES)
    missing = [c for c in scenario_coverage(book.all_rules(), ROOT / "features") if not c.complete]
    assert not missing, "zonder volledige scenario's: " + ", ".join(
        f"{c.rule} (afgaan {c.fires}, houden {c.held})" for c in missing
    )


def test_latest_parameter_value_in_force_wins_and_municipality_overrides_region(rules_copy):
    _break(
        rules_copy / "zuidoost-utrecht" / "region.yaml",
        '      - {value: 9, valid_from: 2027-01-01, source: {document: ZOU-2027, section: "5.4"}}\n',
        "      - {value: 6, valid_from: 2027-02-01}\n"
        '      - {value: 9, valid_from: 2027-01-01, source: {document: ZOU-2027, section: "5.4"}}\n'
        "      - {value: 4, valid_from: 2027-01-01, municipality: Bunnik}\n",
    )
    book = load_rulebook(rules_copy)
    on = dt.date(2027, 2, 10)
    assert book.parameters("zuidoost-utrecht", "Zeist", on)["max_term_months_activerend"] == 6
    assert (
        book.parameters("zuidoost-utrecht", "Zeist", dt.date(2027, 1, 15))["max_term_months_activerend"] == 9
    )
    assert book.parameters("zuidoost-utrecht", "Bunnik", on)["max_term_months_activerend"] == 4
