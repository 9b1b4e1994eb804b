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
        assert rule.source and rule.source.document, rule.id
        if rule.source.document == "regional":  # the section is the region's document's own
            assert all(book.region_document(region).in_force_section for region in regions - {"cross-region"})
        else:
            assert rule.source.section, rule.id


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


def test_term_parameter_12_changes_title_message_remedy_and_verdict(rules_copy):
    """Acceptance (issue 14): changing `max_term_months_activerend` to 12 in region.yaml, and
    nothing else, changes the ZOU title, message, remedy date and verdict of a 10-month
    decision; on the reference path and the fast path alike."""
    from differential import fast_outcomes
    from triage.explanation import summary_title

    ten_months = {"end_date": "2027-12-31"}  # 2027-03-01 through 2027-12-31
    thirteen_months = {"end_date": "2028-03-31"}

    def check(rules: Path, changes: dict) -> dict:
        engine = Engine.load(rules)
        decision = _zou_decision(**changes)
        outcome = engine.check(decision).to_json_dict()
        fast = fast_outcomes(engine.book, [decision.model_dump(mode="json", exclude_none=True)])
        assert fast[0] == outcome  # the fast path agrees byte for byte (as parsed JSON)
        return outcome

    def gigg(outcome: dict) -> dict | None:
        return next((f for f in outcome["findings"] if f["rule"] == "ZOU-GIGG-01"), None)

    before = check(rules_copy, ten_months)
    finding = gigg(before)
    assert before["verdict"] == "motivering_vereist"
    assert finding["title"] == "Bij een ontwikkelingsperspectief maximaal 9 maanden, tenzij"
    assert "maximaal 9 maanden, tenzij gemotiveerd" in finding["message"]
    assert finding["remedy"].startswith("Laat de beschikking uiterlijk 2027-11-30 eindigen.")
    assert finding["suggestion"]["end_date"] == "2027-11-30"

    _break(
        rules_copy / "zuidoost-utrecht" / "region.yaml",
        "{value: 9, valid_from: 2027-01-01",
        "{value: 12, valid_from: 2027-01-01",
    )
    after = check(rules_copy, ten_months)
    assert after["verdict"] == "conform"
    assert gigg(after) is None and "ZOU-GIGG-01" in after["passed"]
    book = load_rulebook(rules_copy)
    rule = next(r for r in book.rules if r.id == "ZOU-GIGG-01")
    assert summary_title(rule, book) == "Bij een ontwikkelingsperspectief maximaal 12 maanden, tenzij"
    longer = gigg(check(rules_copy, thirteen_months))
    assert longer["title"] == "Bij een ontwikkelingsperspectief maximaal 12 maanden, tenzij"
    assert "maximaal 12 maanden, tenzij gemotiveerd" in longer["message"]
    assert longer["remedy"].startswith("Laat de beschikking uiterlijk 2028-02-29 eindigen.")


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "zuidoost-utrecht/goed-is-goed-genoeg.yaml",
            "maximaal {max_term_months_activerend}, tenzij\n",
            "maximaal 9 maanden, tenzij\n",
            r"goed-is-goed-genoeg\.yaml:\d+: \[ZOU-GIGG-01\] title noemt '9', de waarde van parameter "
            r"max_term_months_activerend",
        ),
        (
            "zuidoost-utrecht/goed-is-goed-genoeg.yaml",
            "maximaal {max_term_months_activerend}, tenzij\n",
            "maximaal {max_term_months_activerend} maanden, tenzij\n",
            r"\[ZOU-GIGG-01\] title: na \{max_term_months_activerend\} staat 'maanden'",
        ),
        (
            "midden-holland/crisis.yaml",
            "plus_days: {param: crisis_start_within_days}}",
            "plus_days: 1}",
            r"\[MH-CRISIS-01\] compute\.latest_start_date\.plus_days: 1 is de waarde van parameter "
            r"crisis_start_within_days",
        ),
        (
            "midden-holland/crisis.yaml",
            "de norm is binnen {crisis_start_within_days}.",
            "de norm is binnen 24 uur.",
            r"\[MH-CRISIS-01\] message noemt '24 uur', de waarde van parameter crisis_start_within_days",
        ),
        (
            "cross-region/wettelijk-kader.yaml",
            "plus_years: {param: age_of_majority}}",
            "plus_months: 216}",
            r"\[XR-WK-04\] compute\.majority_date\.plus_months: 216 is de waarde van parameter "
            r"age_of_majority \(in maanden\)",
        ),
        (
            "westfriesland/voorrang-jeugdbescherming.yaml",
            "hulp start binnen {measure_start_within_months} na de aanvraag, uiterlijk {start_by}.",
            "hulp start binnen drie maanden na de aanvraag, uiterlijk {start_by}.",
            r"\[WF-VRG-01\] message noemt 'drie', de waarde van parameter measure_start_within_months",
        ),
        (
            "cross-region/woonplaatsbeginsel.yaml",
            "      service: maatschappelijke_opvang\n      centrumgemeente: {missing: false}",
            "      service: maatschappelijke_opvang\n      centrumgemeente: Gouda",
            r"\[XR-WPB-03\] applies_to\.centrumgemeente: een parameter toetst u alleen op `missing`",
        ),
        (
            "zuidoost-utrecht/nee-tenzij.yaml",
            "valid_from: 2027-01-01",
            "valid_from: 2026-01-01",
            r"\[ZOU-NT-01\] valid_from 2026-01-01 ligt vóór ZOU-2027 geldt",
        ),
        (
            "westfriesland/region.yaml",
            "{value: Hoorn,",
            "{value: Gouda,",
            r"'Gouda' is geen gemeente van deze regio",
        ),
    ],
)
def test_a_rule_book_mistake_is_refused_with_its_reason(rules_copy, path, old, new, expected):
    _break(rules_copy / path, old, new)
    with pytest.raises(RuleBookError) as refused:
        load_rulebook(rules_copy)
    assert re.search(expected, str(refused.value)), str(refused.value)


def test_unless_on_a_signal_is_refused_with_file_and_line(rules_copy):
    path = rules_copy / "midden-holland" / "nee-tenzij.yaml"
    _break(
        path,
        "    outcome: signaal\n",
        "    outcome: signaal\n    unless: {grounds: [continuiteit_van_zorg]}\n",
    )
    line = (
        path.read_text(encoding="utf-8").splitlines().index("    unless: {grounds: [continuiteit_van_zorg]}")
        + 1
    )
    with pytest.raises(RuleBookError) as refused:
        load_rulebook(rules_copy)
    assert f"midden-holland/nee-tenzij.yaml:{line}: [MH-NT-01] unless bij een signaal" in str(refused.value)


def test_rule_texts_use_dutch_words_not_field_codes():
    """Titles, messages and remedies name no field or vocabulary code (`begeleiding_wmo`,
    `contract regulier`, `law jeugdwet`) outside their placeholders: a value shown through a
    placeholder comes out in Dutch words (catalogue.yaml labels)."""
    from triage.rulebook.model import PLACEHOLDER
    from triage.vocabulary import VOCABULARIES

    book = load_rulebook(RULES)
    codes = {member.value for enum in VOCABULARIES.values() for member in enum if "_" in member.value}
    fields = {"contract", "law", "referrer", "form", "goals", "volume", "variant", "perspective"}
    for rule in book.all_rules():  # contract and population rules too
        for text in (rule.title, rule.message, rule.remedy or "", rule.remedy_without_suggestion or ""):
            bare = PLACEHOLDER.sub(" ", text)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", bare), (rule.id, bare)
            assert not any(code in bare for code in codes), (rule.id, bare)
            assert not re.search(rf"\((?:{'|'.join(fields)})[ .)]", bare), (rule.id, bare)
