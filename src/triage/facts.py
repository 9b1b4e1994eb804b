"""Derived facts: everything a rule may look at, computed once per decision before matching.

The catalogue `FACTS` is the vocabulary of rule conditions: a rule that names a fact not in
it is refused at load. Dates are compared as dates; the engine adapter encodes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from triage import wording
from triage.date_arithmetic import term_in_months, whole_years
from triage.decision import Decision
from triage.fact_types import FactType
from triage.vocabulary import (
    VOCABULARIES,
    Activity,
    ChildProtection,
    Contract,
    Form,
    Law,
    Perspective,
    Referrer,
    Service,
    VolumePer,
    VolumeUnit,
)


@dataclass(frozen=True)
class FactSpec:
    type: FactType
    description: str
    values: tuple[str, ...] | None = None  # closed vocabulary, when there is one
    regions: bool = False  # its values are the regions of the rule book (folders of rules/)

    @property
    def vocabulary(self) -> str | None:
        """The name of the closed vocabulary (`VOCABULARIES`), whose values messages show in
        Dutch words (catalogue.yaml `labels`)."""
        return next((name for name, enum in VOCABULARIES.items() if _vocab(enum) == self.values), None)


def _vocab(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


FACTS: dict[str, FactSpec] = {
    "region": FactSpec(FactType.TEXT, "region of the paying municipality", regions=True),
    "municipality": FactSpec(FactType.TEXT, "paying municipality (canonical name)"),
    "municipality_code": FactSpec(FactType.TEXT, "CBS code of the paying municipality"),
    "residence_municipality": FactSpec(
        FactType.TEXT, "client's municipality of residence (canonical name when known)"
    ),
    "residence_region": FactSpec(
        FactType.TEXT,
        "region of the client's residence (absent: a municipality outside the regions)",
        regions=True,
    ),
    "regional_document_from": FactSpec(
        FactType.DATE, "first day of the region's own document (catalogue.yaml in_force_from)"
    ),
    "law": FactSpec(FactType.TEXT, "jeugdwet or wmo", _vocab(Law)),
    "service": FactSpec(FactType.TEXT, "service vocabulary", _vocab(Service)),
    "product_code": FactSpec(FactType.TEXT, "the region's own product code"),
    "product_category": FactSpec(FactType.TEXT, "iJw/iWmo product category"),
    "variant": FactSpec(FactType.TEXT, "product variant, e.g. basis or plus"),
    "form": FactSpec(FactType.TEXT, "individueel or groep", _vocab(Form)),
    "contract": FactSpec(FactType.TEXT, "kind of contract", _vocab(Contract)),
    "perspective": FactSpec(FactType.TEXT, "activerend or stabiliserend", _vocab(Perspective)),
    "referrer": FactSpec(FactType.TEXT, "who referred", _vocab(Referrer)),
    "child_protection": FactSpec(
        FactType.TEXT, "child-protection status in the family", _vocab(ChildProtection)
    ),
    "crisis": FactSpec(FactType.BOOL, "life-threatening situation or direct danger"),
    "social_network_involved": FactSpec(FactType.BOOL, "someone from the network is involved"),
    "network_strengthening": FactSpec(FactType.BOOL, "local team invests in a network"),
    "education_arrangement": FactSpec(FactType.BOOL, "youth in dagbesteding gets education"),
    "progress": FactSpec(FactType.BOOL, "with extends: was progress made"),
    "part_of_treatment": FactSpec(FactType.TEXT, "treatment that complementary care is part of"),
    "extends": FactSpec(FactType.TEXT, "id of the decision this one continues"),
    "provider_id": FactSpec(FactType.TEXT, "AGB code of the provider"),
    "goals_count": FactSpec(FactType.NUMBER, "number of goals (the WHAT) stated"),
    "activities": FactSpec(FactType.LIST, "household activities", _vocab(Activity)),
    "exceptions_count": FactSpec(FactType.NUMBER, "number of recorded exceptions"),
    "volume_amount": FactSpec(FactType.NUMBER, "volume: amount"),
    "volume_unit": FactSpec(FactType.TEXT, "volume: unit", _vocab(VolumeUnit)),
    "volume_per": FactSpec(FactType.TEXT, "volume: period", _vocab(VolumePer)),
    "request_date": FactSpec(FactType.DATE, "date the request came in"),
    "decision_date": FactSpec(FactType.DATE, "date whose rules are applied (rules in force)"),
    "start_date": FactSpec(FactType.DATE, "first day of the decision"),
    "end_date": FactSpec(FactType.DATE, "last day of the decision (absent: open-ended)"),
    "birth_date": FactSpec(FactType.DATE, "client's date of birth"),
    "open_ended": FactSpec(FactType.BOOL, "the decision has no end date"),
    "age": FactSpec(FactType.NUMBER, "client's age in whole years on start_date"),
    "age_at_end": FactSpec(FactType.NUMBER, "client's age in whole years on end_date"),
    "term_months": FactSpec(FactType.NUMBER, "smallest N with end_date <= start_date + N months - 1 day"),
    "term_days": FactSpec(FactType.NUMBER, "days from start_date through end_date"),
    "term_text": FactSpec(FactType.TEXT, "the term in Dutch words, for messages"),
    "start_delay_days": FactSpec(FactType.NUMBER, "days from request_date to start_date"),
    "segment": FactSpec(FactType.TEXT, "the region's segment for this service"),
    "segment_laws": FactSpec(FactType.LIST, "laws the segment serves", _vocab(Law)),
}


class Calculation(StrEnum):
    """How a derived fact is computed from others. Each has a Python implementation
    (`PYTHON`, for one decision) and a polars one (`triage.engine.vectorised.facts`, for a
    frame of decisions) that give the same values."""

    WHOLE_YEARS = "whole_years"  # (birth, on): age in whole years
    TERM_IN_MONTHS = "term_in_months"  # (start, end): smallest N with end <= start + N months - 1 day
    DAYS_THROUGH = "days_through"  # (first, last): days from first through last
    DAYS_UNTIL = "days_until"  # (first, later): days from first to later
    IS_ABSENT = "is_absent"  # (value): the value is not recorded
    TERM_TEXT = "term_text"  # (term_months, end_date): the term in Dutch words

    @property
    def takes_missing(self) -> bool:
        """It has a value when an input has none (the others are absent then)."""
        return self in (Calculation.IS_ABSENT, Calculation.TERM_TEXT)


@dataclass(frozen=True)
class Derived:
    calculation: Calculation
    inputs: tuple[str, ...]


# The derived facts, in an order in which each one's inputs come first.
DERIVED: dict[str, Derived] = {
    "open_ended": Derived(Calculation.IS_ABSENT, ("end_date",)),
    "age": Derived(Calculation.WHOLE_YEARS, ("birth_date", "start_date")),
    "age_at_end": Derived(Calculation.WHOLE_YEARS, ("birth_date", "end_date")),
    "term_months": Derived(Calculation.TERM_IN_MONTHS, ("start_date", "end_date")),
    "term_days": Derived(Calculation.DAYS_THROUGH, ("start_date", "end_date")),
    "start_delay_days": Derived(Calculation.DAYS_UNTIL, ("request_date", "start_date")),
    "term_text": Derived(Calculation.TERM_TEXT, ("term_months", "end_date")),
}


def _term_text(months: int | None, end: dt.date | None) -> str:
    if end is None or months is None:
        return wording.OPEN_ENDED_TERM.fill()
    return wording.TERM.fill(months=str(months), end=end.isoformat())


PYTHON: dict[Calculation, Callable[..., Any]] = {
    Calculation.WHOLE_YEARS: whole_years,
    Calculation.TERM_IN_MONTHS: term_in_months,
    Calculation.DAYS_THROUGH: lambda first, last: (last - first).days + 1,
    Calculation.DAYS_UNTIL: lambda first, later: (later - first).days,
    Calculation.IS_ABSENT: lambda value: value is None,
    Calculation.TERM_TEXT: _term_text,
}


def derive_facts(
    decision: Decision,
    *,
    region: str,
    municipality: str,
    municipality_code: str,
    residence_municipality: str,
    residence_region: str | None,
    regional_document_from: dt.date,
    rules_on: dt.date,
    segment: tuple[str, tuple[str, ...]] | None,
) -> dict[str, Any]:
    """All facts of `FACTS` that have a value for this decision (absent = not recorded)."""
    client = decision.client
    facts: dict[str, Any] = {
        "region": region,
        "municipality": municipality,
        "municipality_code": municipality_code,
        "residence_municipality": residence_municipality,
        "regional_document_from": regional_document_from,
        "law": decision.law.value,
        "service": decision.service.value,
        "form": decision.form.value,
        "contract": decision.contract.value,
        "child_protection": client.child_protection.value,
        "crisis": decision.crisis,
        "goals_count": len(decision.goals or []),
        "exceptions_count": len(decision.exceptions),
        "request_date": decision.request_date,
        "decision_date": rules_on,
        "start_date": decision.start_date,
        "birth_date": client.birth_date,
    }
    optional = {
        "perspective": decision.perspective and decision.perspective.value,
        "residence_region": residence_region,
        "referrer": decision.referrer and decision.referrer.value,
        "social_network_involved": client.social_network_involved,
        "network_strengthening": client.network_strengthening,
        "education_arrangement": decision.education_arrangement,
        "progress": decision.progress,
        "part_of_treatment": (decision.part_of_treatment or "").strip() or None,
        "extends": (decision.extends or "").strip() or None,
        "activities": [a.value for a in decision.activities] if decision.activities else None,
    }
    if decision.product:
        optional |= {
            "product_code": decision.product.code,
            "product_category": decision.product.category,
            "variant": decision.product.variant,
        }
    if decision.provider:
        optional["provider_id"] = decision.provider.id
    if decision.volume:
        optional |= {
            "volume_amount": decision.volume.amount,
            "volume_unit": decision.volume.unit.value,
            "volume_per": decision.volume.per.value,
        }
    optional["end_date"] = decision.end_date
    if segment is not None:
        optional |= {"segment": segment[0], "segment_laws": list(segment[1])}
    facts.update({name: value for name, value in optional.items() if value is not None})
    for name, derived in DERIVED.items():
        inputs = [facts.get(source) for source in derived.inputs]
        if derived.calculation.takes_missing or None not in inputs:
            facts[name] = PYTHON[derived.calculation](*inputs)
    return facts
