"""Every suggested remedy is proven (issue 19): applied to generated decisions as the page
applies it, it gives a valid decision on which its finding is gone or excepted, and no other
finding gets worse. CI proves 5,000 decisions; `TRIAGE_SUGGESTION_DECISIONS=100000` (or
`bench/prove_suggestions.py 100000`, which prints the counts per rule) the full run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from triage import Engine, RuleBookError, explanation, parse_decision
from triage.rulebook.loader import load_rulebook
from triage.vocabulary import Outcome as Level

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate_audit_input import generate_decisions  # noqa: E402
from prove_suggestions import Prover  # noqa: E402

CI_DECISIONS = 5_000


def _suggesting_rules(engine: Engine) -> tuple[set[str], set[str]]:
    """(rules with a field suggestion, rules whose exception can change the outcome)."""
    fields = {rule.id for rule in engine.book.rules if rule.suggest}
    exceptions = {
        rule.id for rule in engine.book.rules if rule.unless is not None and rule.outcome != Level.SIGNAAL
    }
    return fields, exceptions


def test_every_suggestion_gives_a_valid_decision_that_resolves_its_finding(engine: Engine) -> None:
    from differential import BEYOND_THE_GENERATOR

    count = int(os.environ.get("TRIAGE_SUGGESTION_DECISIONS", CI_DECISIONS))
    proof = Prover(engine).prove([*generate_decisions(count, seed=7), *BEYOND_THE_GENERATOR])
    assert proof.decisions == count + len(BEYOND_THE_GENERATOR)
    assert proof.failures == [], "\n".join(proof.failures[:20])
    # the proof covers every rule that suggests something, each kind of suggestion apart
    fields, exceptions = _suggesting_rules(engine)
    assert {r for r, c in proof.counts.items() if c.field_changes} == fields
    assert {r for r, c in proof.counts.items() if c.exceptions} == exceptions
    # and the cases the issue names: a move to another region, a residence outside the regions
    residence = proof.counts["XR-WPB-01"]
    assert residence.moved_region > 0
    assert residence.worded_only > 0
    # no exception is ever suggested where it cannot change the outcome
    assert proof.counts["MH-NT-01"].findings > 0 and proof.counts["MH-NT-01"].exceptions == 0


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def test_the_proof_names_a_remedy_that_breaks_the_decision_or_another_rule(rules_copy: Path) -> None:
    """The suggestions this issue removed, put back: the proof fails and names them."""
    cross = rules_copy / "cross-region"
    _break(
        cross / "woonplaatsbeginsel.yaml",
        "suggest: {municipality: {fact: residence_municipality}, region: {fact: residence_region}}",
        "suggest: {municipality: {fact: residence_municipality}}",
    )
    _break(
        cross / "wettelijk-kader.yaml",
        "    # no suggestion: the law alone",
        "    suggest: {law: jeugdwet}\n    # no suggestion: the law alone",
    )
    proof = Prover(Engine.load(rules_copy)).prove(generate_decisions(3_000, seed=7))
    text = "\n".join(proof.failures)
    assert re.search(r"XR-WPB-01, wijziging .*ongeldige beschikking .*'region'", text), text[:2000]
    assert re.search(r"XR-WPB-01, wijziging .*ongeldige beschikking .*onbekende gemeente", text)
    assert re.search(r"XR-WK-03, wijziging \{'law': 'jeugdwet'\}: maakt MH-SEG-01 erger", text)


def test_the_proof_names_an_exception_suggested_on_a_signal(engine: Engine, monkeypatch) -> None:
    """An exception suggested on a signal, as before this issue (when MH-NT-01 still had an
    `unless`, which the loader now refuses on a signal): on every rule with `unless`, and on
    every signal."""

    def on_every_unless_and_signal(rule, changes):
        suggestion = dict(changes or {})
        if rule.unless is not None or rule.outcome == Level.SIGNAAL:
            suggestion["exception"] = {
                "principle": rule.principle,
                "grounds": (list(rule.unless.grounds) or None) if rule.unless else None,
            }
        return suggestion or None

    monkeypatch.setattr(explanation, "_suggestion", on_every_unless_and_signal)
    proof = Prover(engine).prove(generate_decisions(1_000, seed=7))
    text = "\n".join(proof.failures)
    assert re.search(r"MH-NT-01 \(signaal\), uitzondering voorgesteld", text), text[:2000]
    assert re.search(r"MH-NT-01, uitzondering .*: de bevinding blijft signaal", text)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "suggest: {municipality: {fact: residence_municipality}, region: {fact: residence_region}}",
            "suggest: {client: {fact: residence_municipality}}",
            r"\[XR-WPB-01\] suggest\.client: geen veld dat een voorstel kan zetten",
        ),
        (
            "region: {fact: residence_region}}",
            "region: {fact: woonregio}}",
            r"\[XR-WPB-01\] suggest\.region: onbekende fact-naam 'woonregio'",
        ),
        (
            "region: {fact: residence_region}}",
            "region: {fact: residence_region, param: x}}",
            r"\[XR-WPB-01\] suggest\.region: verwacht een waarde, \{fact: naam\}",
        ),
        (
            "region: {fact: residence_region}}",
            "region: amsterdam}",
            r"\[XR-WPB-01\] suggest\.region: onbekende waarde 'amsterdam'",
        ),
        (
            "suggest: {municipality: {fact: residence_municipality}, region: {fact: residence_region}}",
            "",
            r"\[XR-WPB-01\] .*remedy_without_suggestion is het alternatief van remedy bij een suggest",
        ),
        (
            "      De gemeente {residence_municipality} beslist;",
            "      De gemeente {woonplaats} beslist;",
            r"\[XR-WPB-01\] tekst gebruikt \{woonplaats\}",
        ),
    ],
)
def test_a_malformed_suggestion_is_refused_with_file_line_and_rule(rules_copy, old, new, expected) -> None:
    _break(rules_copy / "cross-region" / "woonplaatsbeginsel.yaml", old, new)
    with pytest.raises(RuleBookError) as refused:
        load_rulebook(rules_copy)
    assert re.search(expected, str(refused.value)), str(refused.value)


def _residence_decision(residence: str, **changes) -> dict:
    data = {
        "id": "T-19",
        "region": "midden-holland",
        "municipality": "Gouda",
        "law": "wmo",
        "request_date": "2027-02-01",
        "decision_date": "2027-02-10",
        "client": {"id": "c-19", "birth_date": "1980-01-01", "residence_municipality": residence},
        "service": "begeleiding_wmo",
        "start_date": "2027-03-01",
        "end_date": "2027-08-31",
        "goals": ["x"],
        "volume": {"amount": 2, "unit": "uur", "per": "week"},
    }
    data.update(changes)
    return data


def _residence_finding(engine: Engine, residence: str):
    outcome = engine.check(parse_decision(_residence_decision(residence)))
    return next(f for f in outcome.findings if f.rule == "XR-WPB-01")


def test_the_region_goes_with_the_suggested_municipality(engine: Engine) -> None:
    finding = _residence_finding(engine, "Zeist")
    assert finding.suggestion == {"municipality": "Zeist", "region": "zuidoost-utrecht"}
    assert finding.remedy.startswith("Laat de gemeente Zeist beschikken")
    # within the region too (the decision names its region: it stays right)
    assert _residence_finding(engine, "0627").suggestion == {
        "municipality": "Waddinxveen",
        "region": "midden-holland",
    }


def test_a_residence_outside_the_regions_is_a_remedy_in_words_without_a_suggestion(engine: Engine) -> None:
    finding = _residence_finding(engine, "Amsterdam")
    assert finding.outcome == Level.NIET_CONFORM
    assert finding.suggestion is None
    assert finding.remedy == (
        "De gemeente Amsterdam beslist; triage kent haar inkoopkader niet. "
        "Klopt de woonplaats van de cliënt niet, corrigeer die dan."
    )
    assert "residence_region" not in finding.facts  # the fact is for the suggestion only


def _triage(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "triage", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_the_cli_words_the_remedy_for_amsterdam_and_proposes_nothing(tmp_path: Path) -> None:
    amsterdam, zeist = tmp_path / "amsterdam.yaml", tmp_path / "zeist.yaml"
    amsterdam.write_text(yaml.safe_dump(_residence_decision("Amsterdam")), encoding="utf-8")
    zeist.write_text(yaml.safe_dump(_residence_decision("Zeist", id="T-20")), encoding="utf-8")

    text = _triage("check", str(amsterdam), str(zeist))
    assert text.returncode == 0, text.stderr
    first, second = text.stdout.split("Beschikking T-20")
    assert "Wat past wel: De gemeente Amsterdam beslist; triage kent haar inkoopkader niet." in first
    assert "Voorstel:" not in first
    # where the municipality is known, the same finding proposes the change the page applies
    assert "Voorstel: Zet gemeente op Zeist en regio op zuidoost-utrecht" in second

    as_json = _triage("check", str(amsterdam), "--format", "json")
    finding = next(f for f in json.loads(as_json.stdout)["findings"] if f["rule"] == "XR-WPB-01")
    assert finding["suggestion"] is None
    assert finding["remedy"].startswith("De gemeente Amsterdam beslist; triage kent haar inkoopkader niet.")
