"""Runs every Dutch scenario under `features/` through pytest-bdd, with the step vocabulary of
`triage.scenario.steps` (the one `triage scenarios` uses; documented in features/README.md)."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
from typing import Any

import pytest
from pytest_bdd import parsers, scenarios, step

from triage import Engine
from triage.scenario import ScenarioState
from triage.scenario.steps import STEPS, WHEN, StepDefinition

scenarios(".")

# every decision a scenario checked, for the differential test at the end of this file
CHECKED: list[tuple[dict[str, Any], dt.date | None, dict[str, Any]]] = []


@pytest.fixture
def state() -> ScenarioState:
    return ScenarioState()


class _Vocabulary(parsers.StepParser):
    """pytest-bdd's view of one step of the vocabulary: it matches and parses as the step does."""

    def __init__(self, definition: StepDefinition):
        super().__init__(definition.pattern)
        self.definition = definition

    def is_matching(self, name: str) -> bool:
        return self.definition.match(name) is not None

    def parse_arguments(self, name: str) -> dict[str, Any]:
        return self.definition.match(name) or {}


def _step_function(definition: StepDefinition):
    """A pytest-bdd step function for a definition: the fixtures `state` and `engine`, and the
    step's arguments by name. A checked decision is kept for the differential test below."""

    def run(state: ScenarioState, engine: Engine, **arguments: Any) -> None:
        definition.run(state, engine, arguments)
        # the fast path reads parameters from the rule files only
        # (a decision's outcome: a contract scenario has no decision)
        checked = state.outcome is not None and state.decision
        if definition.kind == WHEN and checked and not state.parameter_overrides():
            CHECKED.append((copy.deepcopy(state.decision), state.on, state.outcome.to_json_dict()))

    names = ("state", "engine", *definition.arguments)
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in names]
    )
    return run


for _definition in STEPS:
    step(_Vocabulary(_definition))(_step_function(_definition))


def test_fast_path_agrees_on_every_scenario_decision(engine: Engine) -> None:
    """The vectorised fast path gives exactly the outcome of durable_rules for every
    decision the scenarios above checked (runs after them, in file order). Decisions not in
    plain form (e.g. a reference of only spaces) are left to the reference path by design."""
    if not CHECKED:
        pytest.skip("run together with the scenarios of this file: it compares what they checked")
    from differential import fast_outcomes

    compared = 0
    by_date: dict[dt.date | None, list[int]] = {}
    for index, (_, on, _) in enumerate(CHECKED):
        by_date.setdefault(on, []).append(index)
    for on, indexes in by_date.items():
        got = fast_outcomes(engine.book, [CHECKED[i][0] for i in indexes], on=on)
        for position, index in enumerate(indexes):
            decision, _, expected = CHECKED[index]
            if position in got:
                compared += 1
                assert got[position] == expected, decision
    assert len(CHECKED) > 100
    assert compared >= 0.95 * len(CHECKED), f"only {compared} of {len(CHECKED)} took the fast path"
