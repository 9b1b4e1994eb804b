"""Running Dutch scenarios without pytest (`triage scenarios`), and reporting in Dutch.

Each scenario gets a fresh state; its steps run in order with the step vocabulary of
`triage.scenario.steps`. The first step that does not hold ends the scenario: the report
names that step, what was expected and what was found, with the outcome and its findings.
An unknown step fails its scenario, naming the closest known steps.
"""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from triage.atomic import replacing
from triage.scenario.defaults import ScenarioState
from triage.scenario.features import Scenario, ScenarioStep, display_path
from triage.scenario.steps import Mismatch, StepError, closest_steps, find_step

if TYPE_CHECKING:
    from triage.engine.engine import Engine
    from triage.outcome import Outcome

PASSED, FAILED = "geslaagd", "mislukt"


@dataclass
class Failure:
    """Why a scenario failed: at which step, and what the report says about it."""

    step: ScenarioStep
    kind: str  # "onverwacht" (a Dan step did not hold), "onbekend" (unknown step), "fout" (error)
    expected: str = ""
    actual: str = ""
    suggestions: list[str] = field(default_factory=list)
    outcome: Outcome | None = None

    def lines(self) -> list[str]:
        """The failure in Dutch, one line each."""
        lines = [f"stap (regel {self.step.line}): {self.step.keyword} {self.step.text}"]
        if self.kind == "onbekend":
            lines.append("onbekende stap; bedoelt u een van deze?")
            lines += [f"  {template}" for template in self.suggestions]
            return lines
        if self.kind == "fout":
            lines.append(f"de stap kon niet worden uitgevoerd: {self.actual}")
            return lines
        lines += [f"verwacht:  {self.expected}", f"werkelijk: {self.actual}"]
        if self.outcome is not None:
            lines += outcome_lines(self.outcome)
        return lines


@dataclass
class ScenarioResult:
    scenario: Scenario
    failure: Failure | None = None
    seconds: float = 0.0

    @property
    def status(self) -> str:
        return PASSED if self.failure is None else FAILED


def outcome_lines(outcome: Outcome) -> list[str]:
    """The outcome a failed step was checked against: verdict, priority, every finding."""
    priority = getattr(outcome, "priority", None)  # a contract's outcome has none
    if priority is None:
        lines = [f"uitkomst:  oordeel {outcome.verdict.value}"]
    else:
        start = f", uiterlijk starten op {priority.start_by}" if priority.start_by else ""
        lines = [
            f"uitkomst:  oordeel {outcome.verdict.value}; prioriteit {priority.priority_class.value}{start}"
            + (f" ({priority.rule})" if priority.rule else ""),
        ]
    if not outcome.findings:
        lines.append("  geen bevindingen")
    for finding in outcome.findings:
        lines.append(f"  bevinding {finding.rule} ({finding.outcome.value}): {finding.message}")
    if outcome.passed:
        lines.append("  getoetst en in orde: " + ", ".join(outcome.passed))
    return lines


def run_scenario(scenario: Scenario, engine: Engine) -> ScenarioResult:
    """Run one scenario's steps until one fails."""
    started = time.perf_counter()
    state = ScenarioState()
    result = ScenarioResult(scenario)
    for step in scenario.steps:
        found = find_step(step.text)
        if found is None:
            result.failure = Failure(step, "onbekend", suggestions=closest_steps(step.text))
            break
        definition, arguments = found
        try:
            definition.run(state, engine, arguments)
        except Mismatch as mismatch:
            result.failure = Failure(
                step, "onverwacht", mismatch.expected, mismatch.actual, outcome=state.outcome
            )
            break
        except StepError as exc:  # a step that cannot run as written (a date that is no date, ...)
            result.failure = Failure(step, "fout", actual=str(exc))
            break
        except Exception as exc:  # anything else: named, so that a developer can look into it
            result.failure = Failure(step, "fout", actual=f"interne fout ({type(exc).__name__}: {exc})")
            break
    result.seconds = time.perf_counter() - started
    return result


def report_lines(results: list[ScenarioResult]) -> list[str]:
    """The Dutch report: one line per scenario, the details under each failure, a total."""
    lines = []
    for result in results:
        scenario = result.scenario
        lines.append(f"{result.status:<9} {scenario.where}  {scenario.name}")
        if result.failure is not None:
            lines += [f"          {line}" for line in result.failure.lines()]
    failed = sum(1 for r in results if r.failure is not None)
    noun = "scenario" if len(results) == 1 else "scenario's"
    lines.append(f"{len(results)} {noun}: {len(results) - failed} geslaagd, {failed} mislukt.")
    return lines


def write_junit(results: list[ScenarioResult], path: Path) -> None:
    """JUnit XML for a CI server: a test suite per feature file, a test case per scenario.
    Written to a temporary file and renamed, so a reader never sees half a file."""
    root = ET.Element("testsuites", name="triage scenarios")
    suites: dict[Path, ET.Element] = {}
    for result in results:
        scenario = result.scenario
        suite = suites.get(scenario.path)
        if suite is None:
            suite = ET.SubElement(root, "testsuite", name=scenario.feature, file=display_path(scenario.path))
            suites[scenario.path] = suite
        case = ET.SubElement(
            suite,
            "testcase",
            classname=display_path(scenario.path).removesuffix(".feature").replace(os.sep, "."),
            name=scenario.name,
            file=display_path(scenario.path),
            line=str(scenario.line),
            time=f"{result.seconds:.3f}",
        )
        if result.failure is not None:
            lines = result.failure.lines()
            failure = ET.SubElement(case, "failure", message=" | ".join(lines[:3]), type=result.failure.kind)
            failure.text = "\n".join(lines)
    for element in [root, *suites.values()]:
        cases = element.iter("testcase")
        counted = [case.find("failure") is not None for case in cases]
        element.set("tests", str(len(counted)))
        element.set("failures", str(sum(counted)))
        element.set("errors", "0")
    tree = ET.ElementTree(root)
    ET.indent(tree)
    with replacing(path, "wb") as out:
        tree.write(out, encoding="utf-8", xml_declaration=True)
