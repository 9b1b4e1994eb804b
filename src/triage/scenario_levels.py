"""Build contracts and sets of decisions for the Dutch scenarios of contract and population
rules, from a sensible default plus what a scenario says (the decision steps' counterpart
is `triage.scenario`). The step definitions are in `tests/steps_levels.py`; the defaults
and steps are documented in `features/README.md`.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from triage.scenario import default_decision, set_path

DEFAULT_PROVIDER = {"id": "12345678", "name": "Scenario Zorg"}


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
    """`count` default decisions starting on 1 March of `year` (request 14 days before),
    of which `with_feature` have `feature` (see FEATURES) and the others its opposite."""
    if feature is not None and feature not in FEATURES:
        raise ValueError(f"onbekend kenmerk {feature!r}; bekend: {', '.join(FEATURES)}")
    if not 0 <= with_feature <= count:
        raise ValueError("waarvan: meer dan het aantal beschikkingen")
    start = dt.date(year, 3, 1)
    decisions = []
    for index in range(count):
        decision = default_decision(service, municipality, start, start + relativedelta(months=6, days=-1))
        decision["id"] = f"SCENARIO-{first_id + index}"
        decision["client"]["id"] = f"c-scenario-{first_id + index}"
        decision["provider"] = dict(DEFAULT_PROVIDER)
        if feature is not None:
            changes = FEATURES[feature][0 if index < with_feature else 1]
            _apply(decision, changes, start)
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


@dataclass
class LevelState:
    """What the contract and population steps of one scenario build up."""

    contract: dict[str, Any] = field(default_factory=dict)
    budgets: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    last_set: list[dict[str, Any]] = field(default_factory=list)  # "deze beschikkingen"
    population: list[Any] = field(default_factory=list)  # population entries after counting

    def add_set(self, decisions: list[dict[str, Any]]) -> None:
        self.decisions += decisions
        self.last_set = decisions


def count_population(
    decisions: list[dict[str, Any]],
    parameter_overrides: dict[str, Any] | None = None,
    engine: str = "fast",
) -> list[Any]:
    """The population entries `triage audit` gives for these decisions (run as an audit of
    a JSON Lines file, one batch in this process). `parameter_overrides` may set a
    threshold parameter of a population rule, as `de parameter <naam> is <waarde>` does for
    decision scenarios; the counting itself reads the rule files only."""
    import json

    from triage.audit.options import AuditOptions
    from triage.audit.pipeline import Auditor
    from triage.population.figures import population_entries, threshold_parameters
    from triage.rulebook.loader import load_rulebook

    book = load_rulebook()
    unknown = set(parameter_overrides or {}) - threshold_parameters(book)
    if unknown:
        raise ValueError(f"alleen drempelparameters van populatieregels kunnen hier worden gezet: {unknown}")
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "beschikkingen.jsonl"
        export.write_text("".join(json.dumps(copy.deepcopy(d)) + "\n" for d in decisions), encoding="utf-8")
        auditor = Auditor(book, AuditOptions(inputs=[export], out_dir=Path(folder) / "uit", engine=engine))
        summary = auditor.run()
        if summary.totals.errors:
            raise ValueError(f"{summary.totals.errors} beschikking(en) ongeldig: {summary.errors_by_field}")
        if not parameter_overrides:
            return summary.population
        return population_entries(
            book, auditor.tally.population, auditor.tally.labels["provider"], None, parameter_overrides
        )
