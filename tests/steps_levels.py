"""Steps for the Dutch scenarios of contract and population rules (features/README.md,
"Contracten" and "Populatie"). Loaded as a pytest plugin by `tests/conftest.py`, so the
scenarios of `tests/test_features.py` can use them beside the decision steps; the Then
steps about findings (`is het oordeel`, `noemt de toelichting de regel ...`, `heeft de regel
... gehouden`) are the decision steps' own, read from the contract's outcome.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pytest_bdd import parsers, step

from triage.contracts.check import ContractChecker
from triage.contracts.register import RegisterError, parse_budget, parse_contract
from triage.scenario import ScenarioState, set_path
from triage.scenario_levels import LevelState, count_population, decision_set, default_contract


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


@pytest.fixture
def levels() -> LevelState:
    return LevelState()


# ---------------------------------------------------------------- Gegeven: een contract
@step(parsers.parse("een contract in {region} voor {services} van {start} tot en met {end}"))
def contract_with_end(levels: LevelState, region, services, start, end):
    levels.contract = default_contract(region, _items(services), _date(start), _date(end))


@step(
    parsers.parse(
        "een contract in {region} voor {services} vanaf {start} voor onbepaalde tijd "
        "met {months:d} maanden opzegtermijn"
    )
)
def contract_open_ended(levels: LevelState, region, services, start, months):
    levels.contract = default_contract(region, _items(services), _date(start), None)
    levels.contract["notice_months"] = months


@step(parsers.parse("de verlengingsopties zijn {options}"))
def extension_options(levels: LevelState, options):
    levels.contract["extension_options"] = [float(o.replace(",", ".")) for o in options.split(" en ")]


@step("er zijn geen verlengingsopties")
def no_extension_options(levels: LevelState):
    levels.contract["extension_options"] = []


@step(parsers.parse("de contractwaarde is {amount:d} euro"))
def contract_value(levels: LevelState, amount):
    levels.contract["value_eur"] = amount


@step(parsers.parse("de SROI-verplichting is {percent:g} procent"))
def sroi(levels: LevelState, percent):
    levels.contract["sroi_pct"] = percent


@step(parsers.parse("de keurmerken zijn {marks}"))
def certifications(levels: LevelState, marks):
    levels.contract["certifications"] = _items(marks)


@step("de aanbieder heeft geen keurmerken")
def no_certifications(levels: LevelState):
    levels.contract["certifications"] = []


@step(parsers.parse("het contractveld {path} ontbreekt"))
def contract_field_absent(levels: LevelState, path):
    set_path(levels.contract, path, None)


@step(parsers.parse("het contractveld {path} is {value}"))
def contract_field(levels: LevelState, path, value):
    set_path(levels.contract, path, yaml.safe_load(value))


@step(parsers.parse("het tarief voor {product} per {unit} is {eur:g} euro"))
def tariff(levels: LevelState, product, unit, eur):
    levels.contract.setdefault("tariffs", []).append({"product_code": product, "unit": unit, "eur": eur})


@step(parsers.parse('er is een afwijking vastgelegd voor {principle} met motivering "{motivation}"'))
def deviation(levels: LevelState, principle, motivation):
    levels.contract.setdefault("deviations", []).append({"principle": principle, "motivation": motivation})


@step(parsers.parse("er is een afwijking vastgelegd voor {principle} zonder motivering"))
def deviation_without_motivation(levels: LevelState, principle):
    levels.contract.setdefault("deviations", []).append({"principle": principle, "motivation": ""})


@step(
    parsers.parse("de aanbieder declareerde {declared:d} euro op een budget van {budget:d} euro in {period}")
)
def budget(levels: LevelState, declared, budget, period):
    levels.budgets.append(
        {
            "region": levels.contract["region"],
            "provider": {"id": levels.contract["provider"]["id"]},
            "period": period,
            "budget_eur": budget,
            "declared_eur": declared,
        }
    )


# ---------------------------------------------------------------- Gegeven: beschikkingen
_SET = r"(?P<count>\d+) beschikkingen voor (?P<service>\w+) in (?P<municipality>.+?) in (?P<year>\d{4})"
_STATUS = r" met jeugdbeschermingsstatus (?P<status>\w+)"
_OF_WHICH = r", waarvan (?P<part>\d+) (?P<feature>.+)"


def _add_set(levels: LevelState, count, service, municipality, year, feature=None, part=0, status=None):
    decisions = decision_set(
        int(count), service, municipality, int(year), feature, int(part), first_id=len(levels.decisions) + 1
    )
    if status is not None:
        for decision in decisions:
            decision["client"]["child_protection"] = status
    levels.add_set(decisions)


@step(parsers.re(_SET + "$"))
def decisions_plain(levels: LevelState, count, service, municipality, year):
    _add_set(levels, count, service, municipality, year)


@step(parsers.re(_SET + _OF_WHICH + "$"))
def decisions_of_which(levels: LevelState, count, service, municipality, year, part, feature):
    _add_set(levels, count, service, municipality, year, feature, part)


@step(parsers.re(_SET + _STATUS + "$"))
def decisions_with_status(levels: LevelState, count, service, municipality, year, status):
    _add_set(levels, count, service, municipality, year, status=status)


@step(parsers.re(_SET + _STATUS + _OF_WHICH + "$"))
def decisions_with_status_of_which(
    levels: LevelState, count, service, municipality, year, status, part, feature
):
    _add_set(levels, count, service, municipality, year, feature, part, status)


@step(parsers.parse("bij deze beschikkingen is het veld {path} {value}"))
def set_field(levels: LevelState, path, value):
    for decision in levels.last_set:
        set_path(decision, path, yaml.safe_load(value))


# ---------------------------------------------------------------- Als
@step("het contract getoetst wordt")
def check_contract(state: ScenarioState, levels: LevelState, engine):
    try:
        contract = parse_contract(levels.contract, "scenario")
        budgets = [parse_budget(b, f"budget {i + 1}") for i, b in enumerate(levels.budgets)]
        state.outcome = ContractChecker(engine.book).check(contract, budgets, state.parameter_overrides())
    except RegisterError as error:
        state.error = error


@step("de beschikkingen geteld worden")
def count(state: ScenarioState, levels: LevelState):
    overrides = state.overrides.get("*", {})
    levels.population = count_population(levels.decisions, overrides)
    # the reference path counts the same (every row through durable_rules)
    assert count_population(levels.decisions, overrides, engine="durable") == levels.population


# ---------------------------------------------------------------- Dan: contracten
@step(parsers.parse("is het contract ongeldig met een fout in {field}"))
def contract_invalid(state: ScenarioState, field):
    assert isinstance(state.error, RegisterError), "het contract werd toch getoetst"
    assert field in [name for name, _ in state.error.problems], state.error.problems


@step(parsers.parse("is de regel {rule} niet beoordeeld"))
def rule_unassessed(state: ScenarioState, rule):
    assert state.error is None, state.error
    assert rule in [item.rule for item in state.outcome.unassessed], state.outcome.unassessed


@step(parsers.parse("is de regel {rule} niet van toepassing"))
def rule_not_applicable(state: ScenarioState, rule):
    assert state.error is None, state.error
    assert rule in state.outcome.not_applicable, state.outcome.not_applicable


# ---------------------------------------------------------------- Dan: populatie
def _scope_matches(entry: Any, scope: str, year: int) -> bool:
    kind, _, name = scope.partition(" ")
    if entry.scope.year != year:
        return False
    if kind == "regio":
        return (
            entry.scope.municipality is None and entry.scope.provider is None and entry.scope.region == name
        )
    if kind == "gemeente":
        return entry.scope.municipality == name
    if kind == "aanbieder":
        return entry.scope.provider == name
    raise AssertionError(f"bereik {scope!r}: verwacht 'regio <id>', 'gemeente <naam>' of 'aanbieder <AGB>'")


def _entry(levels: LevelState, rule: str, scope: str, year: int) -> Any:
    found = [e for e in levels.population if e.rule == rule and _scope_matches(e, scope, year)]
    shown = [(e.rule, e.label, e.scope.year) for e in levels.population]
    assert len(found) == 1, f"{rule} voor {scope} in {year}: {len(found)} cijfers; wel: {shown}"
    return found[0]


@step(parsers.parse("is het cijfer van regel {rule} voor {scope} in {year:d} {part:d} van {whole:d}"))
def figure_counts(levels: LevelState, rule, scope, year, part, whole):
    entry = _entry(levels, rule, scope, year)
    assert (entry.numerator, entry.denominator) == (part, whole), entry
    assert entry.value == round(part / whole, 4)


@step(parsers.parse("geeft regel {rule} voor {scope} in {year:d} een signaal"))
def population_signal(levels: LevelState, rule, scope, year):
    entry = _entry(levels, rule, scope, year)
    assert entry.outcome == "signaal", entry.message


@step(parsers.parse("geeft regel {rule} voor {scope} in {year:d} geen signaal"))
def population_no_signal(levels: LevelState, rule, scope, year):
    entry = _entry(levels, rule, scope, year)
    assert entry.outcome == "conform", entry.message


@step(parsers.parse("meldt de telling het cijfer van regel {rule} voor {scope} in {year:d}"))
def figure_reported(levels: LevelState, rule, scope, year):
    entry = _entry(levels, rule, scope, year)
    assert entry.threshold is None and entry.outcome == "conform", entry


@step(parsers.parse("meldt de telling geen cijfer van regel {rule}"))
def figure_not_reported(levels: LevelState, rule):
    assert not [e for e in levels.population if e.rule == rule], [e.label for e in levels.population]


@step(parsers.parse("is de groei bij regel {rule} voor {scope} in {year:d} {points:g} procentpunt"))
def growth(levels: LevelState, rule, scope, year, points):
    entry = _entry(levels, rule, scope, year)
    assert entry.growth is not None and round(entry.growth * 100, 2) == points, entry.growth


@step(parsers.parse('zegt het cijfer van regel {rule} voor {scope} in {year:d}: "{text}"'))
def figure_message(levels: LevelState, rule, scope, year, text):
    entry = _entry(levels, rule, scope, year)
    assert text in entry.message, entry.message
