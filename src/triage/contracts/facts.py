"""The facts a contract-level rule may look at, derived once per contract (and per budget
row for rules with `per: budget`).

`CONTRACT_FACTS` is the vocabulary of contract rule conditions, as `triage.facts.FACTS` is
for decisions: the loader refuses a contract rule that names another fact. A fact whose
value needs a parameter names it in `PARAMETER_FACTS`; without that parameter's value a rule
that looks at the fact cannot be assessed (it is listed as `unassessed`, never as passed).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from triage.date_arithmetic import term_in_months
from triage.fact_types import FactType
from triage.facts import FactSpec
from triage.vocabulary import Service

if TYPE_CHECKING:
    from triage.contracts.register import Budget, Contract

# KL-2018 §7: beschermd wonen, maatschappelijke opvang and vrouwenopvang have a term of their
# own; vrouwenopvang is part of `maatschappelijke_opvang` in the service vocabulary
OPVANG_SERVICES = frozenset({"beschermd_wonen", "maatschappelijke_opvang"})

CONTRACT_FACTS: dict[str, FactSpec] = {
    "region": FactSpec(FactType.TEXT, "region of the contract", regions=True),
    "provider_id": FactSpec(FactType.TEXT, "AGB code of the provider"),
    "provider_name": FactSpec(FactType.TEXT, "name of the provider (an organisation)"),
    "signed_on": FactSpec(FactType.DATE, "date the contract was signed"),
    "start_date": FactSpec(FactType.DATE, "start of the first term (its rules are those in force then)"),
    "end_date": FactSpec(FactType.DATE, "end of the first term, inclusive (absent: indefinite)"),
    "open_ended": FactSpec(FactType.BOOL, "the contract is for an indefinite period"),
    "notice_months": FactSpec(FactType.NUMBER, "notice period of an indefinite contract, in months"),
    "term_months": FactSpec(FactType.NUMBER, "first term: smallest N with end <= start + N months - 1 day"),
    "term_text": FactSpec(FactType.TEXT, "the first term in Dutch words, for messages"),
    "extension_count": FactSpec(FactType.NUMBER, "number of extension options"),
    "extension_years_total": FactSpec(FactType.NUMBER, "the extension options together, in years"),
    "extension_years_longest": FactSpec(FactType.NUMBER, "the longest extension option, in years"),
    "extension_years_shortest": FactSpec(FactType.NUMBER, "the shortest extension option, in years"),
    "extension_text": FactSpec(FactType.TEXT, "the extension options in Dutch words, for messages"),
    "total_months": FactSpec(
        FactType.NUMBER, "first term plus every extension option, in months (absent: indefinite)"
    ),
    "services": FactSpec(FactType.LIST, "services the contract covers", tuple(s.value for s in Service)),
    "opvang_only": FactSpec(
        FactType.BOOL, "every service is beschermd_wonen or maatschappelijke_opvang (incl. vrouwenopvang)"
    ),
    "value_eur": FactSpec(FactType.NUMBER, "contract value over the first term, in euros"),
    "sroi_pct": FactSpec(FactType.NUMBER, "social-return obligation agreed, percent of the value"),
    "certifications": FactSpec(FactType.LIST, "quality marks held, in capitals (HKZ, ...)"),
    "dissolving_conditions": FactSpec(FactType.BOOL, "the contract has dissolving conditions"),
    "profit_cap": FactSpec(FactType.BOOL, "profit is capped, for main and subcontractors"),
    "ubo_checked": FactSpec(FactType.BOOL, "the UBO register was consulted"),
    "tariffs_count": FactSpec(FactType.NUMBER, "number of tariffs recorded"),
    "tariffs_below_minimum": FactSpec(
        FactType.LIST, "tariffs under the region's minimum, as 'product_code/unit'"
    ),
    "tariffs_below_minimum_count": FactSpec(FactType.NUMBER, "number of tariffs under the minimum"),
    "deviations_count": FactSpec(FactType.NUMBER, "number of recorded deviations (maatwerk)"),
    # per row of the budgets input (rules with `per: budget`)
    "budget_period": FactSpec(FactType.TEXT, "half-year of the budget row, e.g. 2027-H1"),
    "budget_half": FactSpec(FactType.NUMBER, "1 for the first half-year, 2 for the second"),
    "budget_eur": FactSpec(FactType.NUMBER, "the provider's budget for the half-year"),
    "declared_eur": FactSpec(FactType.NUMBER, "what the provider declared for the half-year"),
    "budget_overrun": FactSpec(FactType.NUMBER, "declared / budget - 1 (0.25: a quarter over)"),
    "budget_overrun_text": FactSpec(FactType.TEXT, "the overrun in Dutch words, for messages"),
}

# fact -> the parameter its value needs
PARAMETER_FACTS = {
    "tariffs_below_minimum": "minimum_tariffs",
    "tariffs_below_minimum_count": "minimum_tariffs",
}
BUDGET_FACTS = frozenset(name for name in CONTRACT_FACTS if name.startswith(("budget_", "declared_")))


def years_text(years: float) -> str:
    """`1 jaar`, `2 jaar`, `0,5 jaar` (Dutch)."""
    shown = str(int(years)) if float(years).is_integer() else f"{years:g}".replace(".", ",")
    return f"{shown} jaar"


def percent_text(fraction: float) -> str:
    """`25,0%` (Dutch, one decimal)."""
    return f"{fraction * 100:.1f}%".replace(".", ",")


def tariff_key(product_code: str, unit: str) -> str:
    """How a tariff is named in the parameter `minimum_tariffs` and in messages."""
    return f"{product_code}/{unit}"


def derive_contract_facts(contract: Contract, params: dict[str, Any]) -> dict[str, Any]:
    """Every fact of `CONTRACT_FACTS` that has a value for this contract (absent = not
    recorded, or, for `PARAMETER_FACTS`, its parameter has no value)."""
    options = list(contract.extension_options or [])
    facts: dict[str, Any] = {
        "region": contract.region,
        "provider_id": contract.provider.id,
        "signed_on": contract.signed_on,
        "start_date": contract.start_date,
        "open_ended": contract.end_date is None,
        "extension_count": len(options),
        "extension_years_total": sum(options),
        "extension_text": " en ".join(years_text(o) for o in options) if options else "geen",
        "services": [s.value for s in contract.services],
        "opvang_only": all(s.value in OPVANG_SERVICES for s in contract.services),
        "value_eur": contract.value_eur,
        "tariffs_count": len(contract.tariffs or []),
        "deviations_count": len(contract.deviations or []),
        "term_text": "voor onbepaalde tijd",
    }
    optional: dict[str, Any] = {
        "provider_name": contract.provider.name,
        "notice_months": contract.notice_months,
        "sroi_pct": contract.sroi_pct,
        "dissolving_conditions": contract.dissolving_conditions,
        "profit_cap": contract.profit_cap,
        "ubo_checked": contract.ubo_checked,
    }
    if options:
        optional |= {"extension_years_longest": max(options), "extension_years_shortest": min(options)}
    if contract.certifications is not None:
        optional["certifications"] = sorted({c.strip().upper() for c in contract.certifications})
    if contract.end_date is not None:
        months = term_in_months(contract.start_date, contract.end_date)
        facts["term_text"] = f"{months} maanden (tot en met {contract.end_date.isoformat()})"
        optional |= {
            "end_date": contract.end_date,
            "term_months": months,
            "total_months": months + round(sum(options) * 12),
        }
    minimum = params.get("minimum_tariffs")
    if isinstance(minimum, dict):
        below = [
            tariff_key(t.product_code, t.unit)
            for t in contract.tariffs or []
            if tariff_key(t.product_code, t.unit) in minimum
            and t.eur < minimum[tariff_key(t.product_code, t.unit)]
        ]
        optional |= {"tariffs_below_minimum": below, "tariffs_below_minimum_count": len(below)}
    facts.update({name: value for name, value in optional.items() if value is not None})
    return facts


def budget_facts(budget: Budget) -> dict[str, Any]:
    """The facts of one budget row."""
    overrun = budget.declared_eur / budget.budget_eur - 1
    return {
        "budget_period": budget.period,
        "budget_half": int(budget.period[-1]),
        "budget_eur": budget.budget_eur,
        "declared_eur": budget.declared_eur,
        "budget_overrun": overrun,
        "budget_overrun_text": (
            f"{percent_text(overrun)} boven het budget" if overrun > 0 else "niet boven het budget"
        ),
    }


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a half-year `YYYY-H1` / `YYYY-H2`."""
    year, half = int(period[:4]), int(period[-1])
    return (
        (dt.date(year, 1, 1), dt.date(year, 6, 30))
        if half == 1
        else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    )
