"""`triage scenarios`: the Dutch scenarios run without pytest, with the one step vocabulary."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cli_process import triage
from triage.scenario.features import FeatureError, read_feature, read_features
from triage.scenario.steps import STEPS, closest_steps

ROOT = Path(__file__).resolve().parents[1]
HEADER = "# language: nl\nFunctionaliteit: Proef\n"
ZEIST_9 = "een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-11-30"


def _feature(folder: Path, body: str, name: str = "proef.feature") -> Path:
    path = folder / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_every_step_of_every_scenario_is_exactly_one_known_step() -> None:
    scenarios = read_features([ROOT / "features"])
    assert len(scenarios) > 150
    for scenario in scenarios:
        for step in scenario.steps:
            matching = [d.template for d in STEPS if d.match(step.text) is not None]
            assert len(matching) == 1, f"{scenario.where} {step.text!r}: {matching}"


def test_the_readme_documents_exactly_the_vocabulary() -> None:
    readme = (ROOT / "features" / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Steps") :]
    documented = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE))
    assert documented == {d.template for d in STEPS}


def test_all_scenarios_pass_and_are_reported_in_dutch() -> None:
    result = triage("scenarios", "features")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    count = len(read_features([ROOT / "features"]))
    assert lines[-1] == f"{count} scenario's: {count} geslaagd, 0 mislukt."
    assert all(line.startswith("geslaagd  features/") for line in lines[:-1])
    assert "geslaagd  features/zuidoost-utrecht/goed-is-goed-genoeg.feature:6  " in result.stdout


def test_a_failure_names_step_expected_actual_and_findings(tmp_path: Path) -> None:
    path = _feature(
        tmp_path,
        "  Scenario: Negen maanden is te lang\n"
        "    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-12-31\n"
        "    En het perspectief is activerend\n"
        "    Als de beschikking getoetst wordt\n"
        "    Dan is het oordeel conform\n"
        "    En heeft de regel ZOU-GIGG-01 gehouden\n"
        "\n  Scenario: Past\n"
        f"    Gegeven {ZEIST_9}\n"
        "    Als de beschikking getoetst wordt\n"
        "    Dan is het oordeel conform\n",
    )
    junit = tmp_path / "ci" / "uitslag.xml"
    result = triage("scenarios", str(path), "--junit", str(junit))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert re.search(r"^mislukt +\S*proef.feature:3  Negen maanden is te lang$", out, re.MULTILINE)
    assert "stap (regel 7): Dan is het oordeel conform" in out
    assert "verwacht:  oordeel conform" in out
    assert "werkelijk: oordeel motivering_vereist" in out
    assert "bevinding ZOU-GIGG-01 (motivering_vereist): De termijn is 10 maanden" in out
    assert re.search(r"^geslaagd +\S*proef.feature:10  Past$", out, re.MULTILINE)
    assert out.splitlines()[-1] == "2 scenario's: 1 geslaagd, 1 mislukt."

    suites = ET.parse(junit).getroot()
    assert (suites.get("tests"), suites.get("failures")) == ("2", "1")
    cases = suites.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["Negen maanden is te lang", "Past"]
    failure = cases[0].find("failure")
    assert failure is not None and cases[1].find("failure") is None
    assert "verwacht:  oordeel conform" in failure.text
    assert "werkelijk: oordeel motivering_vereist" in failure.get("message")
    assert not list(junit.parent.glob(".*"))  # written whole: no temporary file left


def _failing(tmp_path: Path, given: str) -> str:
    """The report of a scenario with these Given steps, checked and expected conform, which fails."""
    path = _feature(
        tmp_path,
        f"  Scenario: Proef\n{given}    Als de beschikking getoetst wordt\n    Dan is het oordeel conform\n",
    )
    result = triage("scenarios", str(path))
    assert result.returncode == 1, result.stdout
    return result.stdout


def test_an_unknown_step_is_named_with_the_closest_known_steps(tmp_path: Path) -> None:
    out = _failing(tmp_path, f"    Gegeven {ZEIST_9}\n    En het persectief is activerend\n")
    assert "stap (regel 5): En het persectief is activerend" in out
    assert "onbekende stap; bedoelt u een van deze?" in out
    assert "  het perspectief is <perspectief>" in out
    best = closest_steps("de beschikking getoetst op 2027-01-01")[0]
    assert best == "de beschikking getoetst wordt op <datum>"


def test_a_step_that_cannot_run_says_why_in_dutch(tmp_path: Path) -> None:
    out = _failing(tmp_path, f"    Gegeven {ZEIST_9.replace('2027-11-30', '2027-13-30')}\n")
    assert "'2027-13-30' is geen datum; schrijf JJJJ-MM-DD" in out


def test_an_invalid_decision_is_reported_with_its_reason(tmp_path: Path) -> None:
    out = _failing(tmp_path, f"    Gegeven {ZEIST_9.replace('Zeist', 'Atlantis')}\n")
    assert "verwacht:  een getoetste beschikking" in out
    assert "werkelijk: de beschikking is ongeldig" in out and "onbekende gemeente" in out


def test_unreadable_features_and_paths_exit_2_naming_file_and_line(tmp_path: Path) -> None:
    broken = _feature(tmp_path, "  Scenario: x\n    Gegeven iets\n  zomaar tekst\n")
    result = triage("scenarios", str(broken))
    assert result.returncode == 2
    assert f"{broken}:5: deze regel past niet in een feature-bestand" in result.stderr
    english = tmp_path / "english.feature"
    english.write_text("Feature: x\n  Scenario: y\n    Given z\n", encoding="utf-8")
    with pytest.raises(FeatureError, match=r"english.feature:1: de eerste regel moet '# language: nl' zijn"):
        read_feature(english)
    result = triage("scenarios", str(tmp_path / "bestaat-niet"))
    assert result.returncode == 2 and "bestand of map niet gevonden" in result.stderr


def test_background_and_outline_become_scenarios(tmp_path: Path) -> None:
    path = _feature(
        tmp_path,
        "  Achtergrond:\n    Gegeven de parameter max_term_months_activerend is 9\n"
        "\n  Abstract Scenario: Termijn van <eind>\n"
        "    En een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met <eind>\n"
        "    En het perspectief is activerend\n"
        "    Als de beschikking getoetst wordt\n    Dan is het oordeel <oordeel>\n"
        "\n    Voorbeelden:\n      | eind       | oordeel            |\n"
        "      | 2027-11-30 | conform            |\n      | 2027-12-01 | motivering_vereist |\n",
    )
    scenarios = read_feature(path)
    assert [s.name for s in scenarios] == ["Termijn van 2027-11-30", "Termijn van 2027-12-01"]
    assert [step.keyword for step in scenarios[0].steps] == ["Gegeven", "En", "En", "Als", "Dan"]
    assert scenarios[1].steps[1].text.endswith("tot en met 2027-12-01")
    assert (scenarios[1].steps[0].line, scenarios[1].steps[1].line) == (4, 7)
    result = triage("scenarios", str(path))
    assert result.returncode == 0, result.stdout


def test_rules_coverage_names_an_unreadable_feature(tmp_path: Path) -> None:
    broken = _feature(tmp_path, "  Scenario: x\n    Gegeven iets\n  zomaar tekst\n")
    result = triage("rules", "coverage", "--features", str(tmp_path))
    assert result.returncode == 2
    assert f"{broken}:5: deze regel past niet in een feature-bestand" in result.stderr
