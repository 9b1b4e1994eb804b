"""Build decisions for Dutch scenarios from a sensible default plus what a scenario says.

Used by the step vocabulary (`triage.scenario.steps`) so that policy staff only write what
matters to a scenario. The default decision is documented in `features/README.md`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta

from triage.vocabulary import Service

YOUTH_SERVICES = {
    s.value
    for s in Service
    if s.value.endswith("_jeugd")
    or s.value
    in {
        "jeugdhulp_ambulant",
        "jeugd_ggz",
        "jeugdhulp_verblijf",
        "pleegzorg",
        "gezinshuis",
        "jeugdzorg_plus",
        "jeugdbescherming",
        "jeugdreclassering",
        "dyslexiezorg",
    }
}
DAY_SERVICES = {"dagbesteding_jeugd", "dagbesteding_wmo"}


def law_for(service: str) -> str:
    """The law a service is normally given under (complementaire_zorg: jeugdwet)."""
    return "wmo" if service not in YOUTH_SERVICES and service != "complementaire_zorg" else "jeugdwet"


def default_decision(service: str, municipality: str, start: dt.date, end: dt.date | None) -> dict[str, Any]:
    """A decision that fits everywhere unless a scenario changes something."""
    law = law_for(service)
    birth = start - relativedelta(years=10) if law == "jeugdwet" else dt.date(1980, 1, 1)
    decision: dict[str, Any] = {
        "id": "SCENARIO-1",
        "municipality": municipality,
        "law": law,
        "request_date": (start - dt.timedelta(days=14)).isoformat(),
        "decision_date": start.isoformat(),
        "client": {
            "id": "c-scenario",
            "birth_date": birth.isoformat(),
            "child_protection": "geen",
            "social_network_involved": True,
        },
        "service": service,
        "contract": "regulier",
        "start_date": start.isoformat(),
        "goals": ["Doel uit het plan"],
        "volume": {"amount": 2, "unit": "dagdeel" if service in DAY_SERVICES else "uur", "per": "week"},
    }
    if end is not None:
        decision["end_date"] = end.isoformat()
    if service == "dagbesteding_jeugd":
        decision["education_arrangement"] = True
    return decision


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set `a.b.c` in nested dicts, creating levels; `None` removes the key."""
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value


@dataclass
class ScenarioState:
    """What the steps of one scenario build up."""

    decision: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)  # municipality -> params
    on: dt.date | None = None
    outcome: Any = None
    error: Exception | None = None
    # contract and population scenarios (`triage.scenario.levels`)
    contract: dict[str, Any] = field(default_factory=dict)
    budgets: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)  # a set of decisions to count
    last_set: list[dict[str, Any]] = field(default_factory=list)  # "deze beschikkingen"
    population: list[Any] = field(default_factory=list)  # the population entries, once counted

    def parameter_overrides(self) -> dict[str, Any]:
        municipality = str(self.decision.get("municipality", "")).casefold()
        merged: dict[str, Any] = dict(self.overrides.get("*", {}))
        for name, params in self.overrides.items():
            if name.casefold() == municipality:
                merged.update(params)
        return merged
