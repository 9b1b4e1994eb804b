"""The read-only **Regels** pages for policy staff: the rules in force per region on a chosen
date (`/regels`), and one rule (`/regels/<id>`) with its source quote, the parameters it uses
with their values and sources, the scenarios that show it firing and held, and its coverage.
The result page links each finding here ("Waarom deze regel?").

The scenarios are read once, when the app starts (`features/`, see `RuleScenarios`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from triage.coverage import scenarios_by_rule
from triage.explanation import (
    citation_text,
    regional_source,
    section_text,
    source_ref,
    summary_title,
)
from triage.rulebook.conditions import describe_condition
from triage.rulebook.listing import citation, parameters_of, rules_in_force
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import CROSS_REGION, REGIONAL_SOURCE, Parameter, ParameterValue, Rule
from triage.scenario.features import FeatureError, Scenario, read_features
from triage.scenario.steps import FIRES, HELD
from triage.version import __version__
from triage.web.rendering import templates

router = APIRouter(include_in_schema=False)


@dataclass
class RuleScenarios:
    """The scenarios of a features folder, by the rules they show firing and held."""

    folder: Path | None
    shown: dict[str, dict[str, list[Scenario]]] = field(default_factory=dict)
    problem: str | None = None  # why they could not be read

    @classmethod
    def read(cls, folder: Path | None) -> RuleScenarios:
        if folder is None or not folder.is_dir():
            return cls(folder, problem="er is geen map met scenario's (features/) gevonden")
        try:
            return cls(folder, scenarios_by_rule(read_features([folder])))
        except FeatureError as exc:
            return cls(folder, problem=str(exc))

    def of(self, rule: str) -> dict[str, list[Scenario]]:
        return self.shown.get(rule, {FIRES: [], HELD: []})


def default_features_dir() -> Path | None:
    """`$TRIAGE_FEATURES`, else the `features/` of this checkout (none in an installed wheel)."""
    import os

    if env := os.environ.get("TRIAGE_FEATURES"):
        return Path(env)
    checkout = Path(__file__).resolve().parents[3] / "features"
    return checkout if checkout.is_dir() else None


def _book(request: Request) -> Rulebook:
    return request.app.state.service.engine.book


def _date(value: str | None) -> tuple[dt.date, str | None]:
    """The chosen date (default today) and, for a date that is none, the problem."""
    if not value:
        return dt.date.today(), None
    try:
        return dt.date.fromisoformat(value), None
    except ValueError:
        return dt.date.today(), "datum: verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2027-03-01"


@router.get("/regels", response_class=HTMLResponse)
def rules_page(request: Request, regio: str | None = None, datum: str | None = None) -> Response:
    """The rules in force for a region on a date, by principle, with their coverage."""
    book = _book(request)
    scenarios: RuleScenarios = request.app.state.scenarios
    on, problem = _date(datum)
    region = regio if regio in book.region_names else None
    if regio and region is None:
        problem = f"regio: kies een van {', '.join(book.region_names)}"
    groups: dict[str, dict[str, Any]] = {}  # by principle, in the order of the rule book
    if region is not None:
        for rule in rules_in_force(book, region, on):
            group = groups.setdefault(
                rule.principle,
                {"principle": rule.principle, "name": book.principle_name(rule.principle), "rules": []},
            )
            group["rules"].append(_summary(rule, book, scenarios, region, on))
    context = {
        "book": book,
        "regions": [(r, book.regions[r].name) for r in book.region_names],
        "region": region,
        "region_name": book.regions[region].name if region else None,
        "on": on,
        "groups": list(groups.values()),
        "count": sum(len(g["rules"]) for g in groups.values()),
        "problem": problem,
        "scenarios": scenarios,
    }
    return _render(request, "rules.html", context, 422 if problem else 200)


@router.get("/regels/{rule_id}", response_class=HTMLResponse)
def rule_page(
    request: Request,
    rule_id: str,
    datum: str | None = None,
    regio: str | None = None,
    gemeente: str | None = None,
) -> Response:
    """One rule: what it says and where it comes from, its parameters, its scenarios."""
    book = _book(request)
    rule = next((r for r in book.rules if r.id == rule_id), None)
    if rule is None:
        context = {"rule_id": rule_id, "problem": None}
        return _render(request, "rule.html", {**context, "rule": None}, 404)
    on, problem = _date(datum)
    municipality = book.find_municipality(gemeente) if gemeente else None
    region = rule.region
    if region == CROSS_REGION:
        region = municipality[0] if municipality else (regio if regio in book.region_names else CROSS_REGION)
    municipality_name = municipality[1].name if municipality and municipality[0] == region else None
    scenarios: RuleScenarios = request.app.state.scenarios
    context = {
        "rule": rule,
        "rule_id": rule_id,
        "summary": _summary(rule, book, scenarios, region, on),
        "on": on,
        "in_force": rule.in_force(on),
        "region": region,
        "region_name": book.regions[region].name if region in book.regions else region,
        "municipality": municipality_name,
        "principle_name": book.principle_name(rule.principle),
        "applies_to": describe_condition(rule.applies_to),
        "when": describe_condition(rule.when),
        "grounds": _grounds(rule, book),
        "parameters": _parameters(rule, book, region, municipality_name, on),
        "firing": scenarios.of(rule.id)[FIRES],
        "holding": scenarios.of(rule.id)[HELD],
        "scenarios": scenarios,
        "problem": problem,
    }
    return _render(request, "rule.html", context, 422 if problem else 200)


def _summary(
    rule: Rule, book: Rulebook, scenarios: RuleScenarios, region: str, on: dt.date
) -> dict[str, Any]:
    shown = scenarios.of(rule.id)
    return {
        "rule": rule,
        "title": summary_title(rule, book, region, on),
        "effect": rule.outcome.value if rule.outcome else f"prioriteit {rule.priority.priority_class.value}",
        "source": _source(rule, book, region),
        "fires": len(shown[FIRES]),
        "held": len(shown[HELD]),
        "complete": bool(shown[FIRES]) and bool(shown[HELD]),
    }


def _source(rule: Rule, book: Rulebook, region: str) -> str:
    """The rule's citation with the document's title and status; for a rule that cites the
    region's own document, that document when the region is known."""
    if rule.source is not None and rule.source.document == REGIONAL_SOURCE and region in book.region_names:
        source = regional_source(book, region)
    elif (
        rule.source is not None
        and rule.source.section is not None
        and rule.source.document != REGIONAL_SOURCE
    ):
        source = source_ref(rule, book, region)
    else:
        return citation(rule, book)
    return citation_text(source.document, source.section, source.status, source.title)


def _grounds(rule: Rule, book: Rulebook) -> list[str] | None:
    """The exception grounds the rule accepts, described; None when it accepts none."""
    if rule.unless is None:
        return None
    if rule.unless.any_ground:
        return [f"{g.description} ({g.id})" for g in book.catalogue.grounds]
    return [f"{book.ground_description(g)} ({g})" for g in rule.unless.grounds]


def _parameters(
    rule: Rule, book: Rulebook, region: str, municipality: str | None, on: dt.date
) -> list[dict[str, Any]]:
    """Each parameter the rule uses: its value on `on` (for the municipality when one is
    given) with its source, and every dated value."""
    scopes = [book.regions[s] for s in (region, CROSS_REGION) if s in book.regions]
    known = {name for scope in scopes for name in scope.parameters}
    result = []
    for name in parameters_of(rule, known):
        scope = next((s for s in scopes if name in s.parameters), None)
        if scope is None:
            continue
        parameter: Parameter = scope.parameters[name]
        chosen = parameter.value_on(municipality, on)
        entries = [
            {"value": _value(v.value), "entry": v, "source": _value_source(v), "chosen": v is chosen}
            for v in parameter.values
        ]
        result.append(
            {
                "name": name,
                "scope": scope.name,
                "parameter": parameter,
                "value": _value(chosen.value) if chosen else None,
                "source": _value_source(chosen) if chosen else "",
                "entries": entries,
            }
        )
    return result


def _value_source(value: ParameterValue) -> str:
    source = value.source
    if source is None:
        return ""
    return f"{source.document} {section_text(source.section)}" if source.section else source.document


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(leeg)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _render(request: Request, template: str, context: dict[str, Any], status: int) -> Response:

    book = _book(request)
    context = {**context, "version": __version__, "rules_version": book.version}
    return templates.TemplateResponse(request, template, context, status_code=status)
