"""Which rules the Dutch scenarios show firing and held (for policy staff and a test).

A step shows a rule firing or held as the step vocabulary says (`StepDefinition.shows`):
`noemt de toelichting de regel <ID>` fires it, `heeft de regel <ID> gehouden` holds it, and
so on (features/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from triage.rulebook.model import Rule
from triage.scenario.features import Scenario, read_features
from triage.scenario.steps import FIRES, HELD, find_step


@dataclass(frozen=True)
class RuleCoverage:
    rule: str
    firing: tuple[Scenario, ...]  # the scenarios that show the rule firing
    holding: tuple[Scenario, ...]  # ... and held

    @property
    def fires(self) -> int:
        return len(self.firing)

    @property
    def held(self) -> int:
        return len(self.holding)

    @property
    def complete(self) -> bool:
        return self.fires > 0 and self.held > 0


def scenarios_by_rule(scenarios: list[Scenario]) -> dict[str, dict[str, list[Scenario]]]:
    """rule -> FIRES / HELD -> the scenarios showing it so (each once, in file order)."""
    shown: dict[str, dict[str, list[Scenario]]] = {}
    for scenario in scenarios:
        for step in scenario.steps:
            found = find_step(step.text)
            if found is None or found[0].shows is None:
                continue
            definition, arguments = found
            listed = shown.setdefault(arguments["rule"], {FIRES: [], HELD: []})[definition.shows]
            if scenario not in listed:
                listed.append(scenario)
    return shown


def coverage_of(rules: list[Rule], scenarios: list[Scenario]) -> list[RuleCoverage]:
    """Per rule, the scenarios that show it firing and held."""
    shown = scenarios_by_rule(scenarios)
    empty: dict[str, list[Scenario]] = {FIRES: [], HELD: []}
    return [
        RuleCoverage(rule.id, tuple(shown.get(rule.id, empty)[FIRES]), tuple(shown.get(rule.id, empty)[HELD]))
        for rule in rules
    ]


def scenario_coverage(rules: list[Rule], features_dir: Path) -> list[RuleCoverage]:
    """Per rule, the scenarios under `features_dir` that show it firing and held."""
    return coverage_of(rules, read_features([features_dir]))
