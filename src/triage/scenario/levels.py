"""The steps of the contract and population scenarios, in the step vocabulary of
`triage.scenario.step_registry` (registered in `STEPS` when `triage.scenario.steps` is imported; documented in
features/README.md, "Contracten" and "Populatie").

A contract scenario builds a contract (`default_contract`, then what the scenario says),
checks it with `Als het contract getoetst wordt`, and reads its outcome with the decision
steps' own `Dan` steps (`is het oordeel`, `noemt de toelichting de regel ...`, `heeft de regel
... gehouden`): a contract's outcome has the shape of a decision's. A population scenario
builds sets of decisions (`decision_set`), counts them with `Als de beschikkingen geteld
worden` (a `triage audit` of them, on the fast path and on durable_rules, which must agree)
and checks the population entries.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from triage.scenario.defaults import ScenarioState, default_decision, set_path
from triage.scenario.step_registry import (
    FIRES,
    GIVEN,
    HELD,
    PLACEHOLDERS,
    THEN,
    WHEN,
    Mismatch,
    StepError,
    read_date,
    read_value,
    step,
)

if TYPE_CHECKING:
    from triage.engine.engine import Engine
    from triage.population.figures import PopulationEntry

# how the arguments of these steps are shown to policy staff (features/README.md)
PLACEHOLDERS.update(
    {
        "region": "regio",
        "services": "dienst>, <dienst",
        "months": "n",
        "options": "jaren> en <jaren",
        "euros": "bedrag",
        "percent": "n",
        "marks": "a>, <b",
        "product": "productcode",
        "declared": "bedrag",
        "budget": "bedrag",
        "period": "JJJJ-H1",
        "field": "veld",
        "count": "n",
        "year": "jaar",
        "part": "k",
        "feature": "kenmerk",
        "scope": "bereik",
        "whole": "n",
        "points": "x",
    }
)

DEFAULT_PROVIDER = {"id": "12345678", "name": "Scenario Zorg"}


# ---------------------------------------------------------------- builders
def default_contract(region: str, services: list[str], start: dt.date, end: dt.date | None) -> dict[str, Any]:
    """A contract that records every fact the contract rules look at and holds them all,
    apart from the term, which the scenario gives: two options of one year, HKZ, dissolving
    conditions, a profit cap, the UBO register consulted, a value under any SROI threshold."""
    contract: dict[str, Any] = {
        "id": "CONTRACT-1",
        "region": region,
        "provider": dict(DEFAULT_PROVIDER),
        "signed_on": (start - relativedelta(months=2)).isoformat(),
        "start_date": start.isoformat(),
        "extension_options": [1, 1],
        "services": services,
        "value_eur": 150000,
        "certifications": ["HKZ"],
        "dissolving_conditions": True,
        "profit_cap": True,
        "ubo_checked": True,
    }
    if end is not None:
        contract["end_date"] = end.isoformat()
    return contract


# What "waarvan <k> <feature>" sets on k decisions of a set, and on the others.
FEATURES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "in groep": ({"form": "groep"}, {"form": "individueel"}),
    "individueel": ({"form": "individueel"}, {"form": "groep"}),
    "met een pgb": ({"contract": "pgb"}, {"contract": "regulier"}),
    "met onderaanneming": ({"contract": "onderaanneming"}, {"contract": "regulier"}),
    "met een maatwerkcontract": ({"contract": "maatwerkcontract"}, {"contract": "regulier"}),
    "binnen 24 uur gestart": ({"request_days_before": 0}, {"request_days_before": 3}),
    "binnen drie maanden gestart": ({"request_days_before": 14}, {"request_months_before": 4}),
}


def decision_set(
    count: int,
    service: str,
    municipality: str,
    year: int,
    feature: str | None = None,
    with_feature: int = 0,
    first_id: int = 1,
) -> list[dict[str, Any]]:
    """`count` default decisions starting on 1 March of `year` for six months (request 14
    days before, provider `DEFAULT_PROVIDER`), of which `with_feature` have `feature` (see
    FEATURES) and the others its opposite."""
    if feature is not None and feature not in FEATURES:
        raise StepError(f"onbekend kenmerk '{feature}'; bekend: {', '.join(FEATURES)}")
    if not 0 <= with_feature <= count:
        raise StepError(f"waarvan {with_feature}: meer dan de {count} beschikkingen")
    start = dt.date(year, 3, 1)
    decisions = []
    for index in range(count):
        decision = default_decision(service, municipality, start, start + relativedelta(months=6, days=-1))
        decision["id"] = f"SCENARIO-{first_id + index}"
        decision["client"]["id"] = f"c-scenario-{first_id + index}"
        decision["provider"] = dict(DEFAULT_PROVIDER)
        if feature is not None:
            _apply(decision, FEATURES[feature][0 if index < with_feature else 1], start)
        decisions.append(decision)
    return decisions


def _apply(decision: dict[str, Any], changes: dict[str, Any], start: dt.date) -> None:
    for name, value in changes.items():
        if name == "request_days_before":
            decision["request_date"] = (start - dt.timedelta(days=value)).isoformat()
        elif name == "request_months_before":
            decision["request_date"] = (start - relativedelta(months=value)).isoformat()
        else:
            set_path(decision, name, value)


def count_population(
    decisions: list[dict[str, Any]],
    rules_dir: Path | None,
    parameter_overrides: dict[str, Any] | None = None,
    engine: str = "fast",
) -> list[Any]:
    """The population entries `triage audit` gives for these decisions (an audit of a JSON
    Lines file, one batch, in this process). `parameter_overrides` may set a threshold
    parameter of a population rule (as `de parameter <naam> is <waarde>` does for a decision);
    the counting itself reads the rule files only."""
    from triage.audit.options import AuditOptions
    from triage.audit.pipeline import Auditor
    from triage.population.figures import population_entries, threshold_parameters
    from triage.rulebook.loader import load_rulebook

    book = load_rulebook(rules_dir)
    unknown = sorted(set(parameter_overrides or {}) - threshold_parameters(book))
    if unknown:
        raise StepError(
            "bij het tellen kan alleen een drempel van een populatieregel worden gezet, niet "
            + ", ".join(unknown)
        )
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "beschikkingen.jsonl"
        export.write_text("".join(json.dumps(copy.deepcopy(d)) + "\n" for d in decisions), encoding="utf-8")
        auditor = Auditor(book, AuditOptions(inputs=[export], out_dir=Path(folder) / "uit", engine=engine))
        summary = auditor.run()
    if summary.totals.errors:
        fields = ", ".join(e.field for e in summary.errors_by_field)
        raise StepError(f"{summary.totals.errors} beschikking(en) ongeldig (velden: {fields})")
    if not parameter_overrides:
        return summary.population
    return population_entries(
        book, auditor.tally.population, auditor.tally.labels["provider"], None, parameter_overrides
    )


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise StepError(f"'{text}' is geen getal") from None


# ---------------------------------------------------------------- Gegeven: een contract
@step(GIVEN, "een contract in {region} voor {services} van {start} tot en met {end}")
def contract_with_end(state: ScenarioState, engine, region, services, start, end):
    state.contract = default_contract(region, _items(services), read_date(start), read_date(end))


@step(
    GIVEN,
    "een contract in {region} voor {services} vanaf {start} voor onbepaalde tijd"
    " met {months:d} maanden opzegtermijn",
)
def contract_open_ended(state: ScenarioState, engine, region, services, start, months):
    state.contract = default_contract(region, _items(services), read_date(start), None)
    state.contract["notice_months"] = months


@step(GIVEN, "de verlengingsopties zijn {options}")
def extension_options(state: ScenarioState, engine, options):
    state.contract["extension_options"] = [_number(o) for o in options.split(" en ")]


@step(GIVEN, "er zijn geen verlengingsopties")
def no_extension_options(state: ScenarioState, engine):
    state.contract["extension_options"] = []


@step(GIVEN, "de contractwaarde is {euros:d} euro")
def contract_value(state: ScenarioState, engine, euros):
    state.contract["value_eur"] = euros


@step(GIVEN, "de SROI-verplichting is {percent:g} procent")
def sroi(state: ScenarioState, engine, percent):
    state.contract["sroi_pct"] = percent


@step(GIVEN, "de keurmerken zijn {marks}")
def certifications(state: ScenarioState, engine, marks):
    state.contract["certifications"] = _items(marks)


@step(GIVEN, "de aanbieder heeft geen keurmerken")
def no_certifications(state: ScenarioState, engine):
    state.contract["certifications"] = []


@step(GIVEN, "het contractveld {path} ontbreekt")
def contract_field_absent(state: ScenarioState, engine, path):
    set_path(state.contract, path, None)


@step(GIVEN, "het contractveld {path} is {value}")
def contract_field(state: ScenarioState, engine, path, value):
    set_path(state.contract, path, read_value(value))


@step(GIVEN, "het tarief voor {product} per {unit} is {euros:g} euro")
def tariff(state: ScenarioState, engine, product, unit, euros):
    state.contract.setdefault("tariffs", []).append({"product_code": product, "unit": unit, "eur": euros})


@step(GIVEN, 'er is een afwijking vastgelegd voor {principle} met motivering "{motivation}"')
def deviation(state: ScenarioState, engine, principle, motivation):
    state.contract.setdefault("deviations", []).append({"principle": principle, "motivation": motivation})


@step(GIVEN, "er is een afwijking vastgelegd voor {principle} zonder motivering")
def deviation_without_motivation(state: ScenarioState, engine, principle):
    state.contract.setdefault("deviations", []).append({"principle": principle, "motivation": ""})


@step(GIVEN, "de aanbieder declareerde {declared:d} euro op een budget van {budget:d} euro in {period}")
def budget(state: ScenarioState, engine, declared, budget, period):
    state.budgets.append(
        {
            "region": state.contract.get("region"),
            "provider": {"id": state.contract.get("provider", {}).get("id")},
            "period": period,
            "budget_eur": budget,
            "declared_eur": declared,
        }
    )


# ---------------------------------------------------------------- Gegeven: beschikkingen
_SET = r"(?P<count>\d+) beschikkingen voor (?P<service>\w+) in (?P<municipality>.+?) in (?P<year>\d{4})"
_STATUS = r" met jeugdbeschermingsstatus (?P<status>\w+)"
_OF_WHICH = r", waarvan (?P<part>\d+) (?P<feature>.+)"


def _add_set(state: ScenarioState, count, service, municipality, year, feature=None, part=0, status=None):
    decisions = decision_set(
        int(count), service, municipality, int(year), feature, int(part), first_id=len(state.decisions) + 1
    )
    if status is not None:
        for decision in decisions:
            decision["client"]["child_protection"] = status
    state.decisions += decisions
    state.last_set = decisions


@step(GIVEN, _SET + "$", regex=True)
def decisions_plain(state: ScenarioState, engine, count, service, municipality, year):
    _add_set(state, count, service, municipality, year)


@step(GIVEN, _SET + _OF_WHICH + "$", regex=True)
def decisions_of_which(state: ScenarioState, engine, count, service, municipality, year, part, feature):
    _add_set(state, count, service, municipality, year, feature, part)


@step(GIVEN, _SET + _STATUS + "$", regex=True)
def decisions_with_status(state: ScenarioState, engine, count, service, municipality, year, status):
    _add_set(state, count, service, municipality, year, status=status)


@step(GIVEN, _SET + _STATUS + _OF_WHICH + "$", regex=True)
def decisions_with_status_of_which(
    state: ScenarioState, engine, count, service, municipality, year, status, part, feature
):
    _add_set(state, count, service, municipality, year, feature, part, status)


@step(GIVEN, "bij deze beschikkingen is het veld {path} {value}")
def set_field(state: ScenarioState, engine, path, value):
    for decision in state.last_set:
        set_path(decision, path, read_value(value))


# ---------------------------------------------------------------- Als
@step(WHEN, "het contract getoetst wordt")
def check_contract(state: ScenarioState, engine: Engine):
    from triage.contracts.check import ContractChecker
    from triage.contracts.register import RegisterError, parse_budget, parse_contract

    try:
        regions = engine.book.region_names
        contract = parse_contract(state.contract, "scenario", regions)
        budgets = [parse_budget(b, f"budget {i + 1}", regions) for i, b in enumerate(state.budgets)]
        state.outcome = ContractChecker(engine.book).check(contract, budgets, state.parameter_overrides())
    except RegisterError as error:  # the scenario may expect it
        state.error = error


@step(WHEN, "de beschikkingen geteld worden")
def count(state: ScenarioState, engine: Engine):
    overrides = state.overrides.get("*", {})
    state.population = count_population(state.decisions, engine.book.root, overrides)
    # the reference path counts the same (every row through durable_rules)
    reference = count_population(state.decisions, engine.book.root, overrides, engine="durable")
    if reference != state.population:
        raise Mismatch("dezelfde cijfers op het snelle pad en via durable_rules", "verschillende cijfers")


# ---------------------------------------------------------------- Dan: contracten
def _contract_outcome(state: ScenarioState) -> Any:
    if state.error is not None:
        raise Mismatch("een getoetst contract", f"het contract is ongeldig: {state.error}")
    if state.outcome is None:
        raise Mismatch("een getoetst contract", "het contract is nog niet getoetst (stap Als ontbreekt)")
    return state.outcome


@step(THEN, "is het contract ongeldig met een fout in {field}")
def contract_invalid(state: ScenarioState, engine, field):
    problems = getattr(state.error, "problems", None)
    if problems is None:
        raise Mismatch(f"een ongeldig contract (veld {field})", "het contract werd getoetst")
    if field not in [name for name, _ in problems]:
        raise Mismatch(f"een fout in {field}", "; ".join(f"{f}: {r}" for f, r in problems))


@step(THEN, "is de regel {rule} niet beoordeeld")
def rule_unassessed(state: ScenarioState, engine, rule):
    unassessed = [item.rule for item in _contract_outcome(state).unassessed]
    if rule not in unassessed:
        raise Mismatch(f"{rule} niet beoordeeld", ", ".join(unassessed) or "alle regels beoordeeld")


@step(THEN, "is de regel {rule} niet van toepassing")
def rule_not_applicable(state: ScenarioState, engine, rule):
    outcome = _contract_outcome(state)
    if rule not in outcome.not_applicable:
        raise Mismatch(f"{rule} niet van toepassing", "van toepassing: " + ", ".join(outcome.passed) or "-")


# ---------------------------------------------------------------- Dan: populatie
def _scope_matches(entry: PopulationEntry, scope: str, year: int) -> bool:
    kind, _, name = scope.partition(" ")
    if entry["scope"]["year"] != year:
        return False
    if kind == "regio":
        wide = not entry["scope"].keys() & {"municipality", "provider"}
        return wide and entry["scope"]["region"] == name
    if kind == "gemeente":
        return entry["scope"].get("municipality") == name
    if kind == "aanbieder":
        return entry["scope"].get("provider") == name
    raise StepError(f"bereik '{scope}': schrijf 'regio <id>', 'gemeente <naam>' of 'aanbieder <AGB-code>'")


def _entry(state: ScenarioState, rule: str, scope: str, year: int) -> PopulationEntry:
    found = [e for e in state.population if e["rule"] == rule and _scope_matches(e, scope, year)]
    if len(found) != 1:
        shown = ", ".join(f"{e['label']} {e['scope']['year']}" for e in state.population if e["rule"] == rule)
        raise Mismatch(
            f"een cijfer van {rule} voor {scope} in {year}", f"cijfers van {rule}: {shown or 'geen'}"
        )
    return found[0]


@step(THEN, "is het cijfer van regel {rule} voor {scope} in {year:d} {part:d} van {whole:d}")
def figure_counts(state: ScenarioState, engine, rule, scope, year, part, whole):
    entry = _entry(state, rule, scope, year)
    numerator, denominator, value = entry["numerator"], entry["denominator"], entry["value"]
    if (numerator, denominator) != (part, whole) or value != round(part / whole, 4):
        raise Mismatch(f"{part} van {whole}", f"{numerator} van {denominator} ({value})")


@step(THEN, "geeft regel {rule} voor {scope} in {year:d} een signaal", shows=FIRES)
def population_signal(state: ScenarioState, engine, rule, scope, year):
    entry = _entry(state, rule, scope, year)
    if entry["outcome"] != "signaal":
        raise Mismatch(f"een signaal van {rule}", f"uitkomst {entry['outcome']}: {entry['message']}")


@step(THEN, "geeft regel {rule} voor {scope} in {year:d} geen signaal", shows=HELD)
def population_no_signal(state: ScenarioState, engine, rule, scope, year):
    entry = _entry(state, rule, scope, year)
    if entry["outcome"] != "conform":
        raise Mismatch(f"geen signaal van {rule}", f"uitkomst {entry['outcome']}: {entry['message']}")


@step(THEN, "meldt de telling het cijfer van regel {rule} voor {scope} in {year:d}", shows=FIRES)
def figure_reported(state: ScenarioState, engine, rule, scope, year):
    entry = _entry(state, rule, scope, year)
    if entry["threshold"] is not None or entry["outcome"] != "conform":
        raise Mismatch(
            f"alleen het cijfer van {rule}", f"drempel {entry['threshold']}, uitkomst {entry['outcome']}"
        )


@step(THEN, "meldt de telling geen cijfer van regel {rule}", shows=HELD)
def figure_not_reported(state: ScenarioState, engine, rule):
    shown = [f"{e['label']} {e['scope']['year']}" for e in state.population if e["rule"] == rule]
    if shown:
        raise Mismatch(f"geen cijfer van {rule}", "cijfers voor " + ", ".join(shown))


@step(THEN, "is de groei bij regel {rule} voor {scope} in {year:d} {points:g} procentpunt")
def growth(state: ScenarioState, engine, rule, scope, year, points):
    entry = _entry(state, rule, scope, year)
    growth = entry["growth"]
    if growth is None or round(growth * 100, 2) != points:
        raise Mismatch(f"een groei van {points:g} procentpunt", f"groei {growth}")


@step(THEN, 'zegt het cijfer van regel {rule} voor {scope} in {year:d}: "{text}"')
def figure_message(state: ScenarioState, engine, rule, scope, year, text):
    entry = _entry(state, rule, scope, year)
    if text not in entry["message"]:
        raise Mismatch(f'een toelichting met "{text}"', entry["message"])
