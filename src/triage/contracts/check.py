"""`ContractChecker.check`: one contract (and the budget rows that belong to it) against the
contract rules in force on its `start_date`, explained like a decision's outcome.

The conditions are walked by the plain-Python matcher (`triage.engine.python_matcher`): a
register holds hundreds of contracts, not millions. A recorded deviation (maatwerk: principle
and a non-empty motivation) counts for a rule with `unless: {deviation: true}` as an accepted
exception counts for a decision; its motivation is never shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from triage.contracts.facts import PARAMETER_FACTS, budget_facts, derive_contract_facts, period_bounds
from triage.contracts.register import Budget, Contract, Entry, RegisterError, parse_budget, parse_contract
from triage.date_arithmetic import add_months
from triage.decision import RecordedException
from triage.engine.python_matcher import holds, value_of
from triage.explanation import Context, condition_references, make_finding, verdict_of
from triage.outcome import Finding, Receipt
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import CROSS_REGION, DEVIATION_GROUND, Rule
from triage.version import __version__
from triage.vocabulary import Outcome


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ProviderRef(_Out):
    id: str
    name: str | None = None


class Unassessed(_Out):
    rule: str
    parameters: list[str] = Field(description="parameters without a value that the rule needs")
    reason: str = Field(description="Dutch")


class ContractOutcome(_Out):
    """The outcome of one contract: the shape of a decision's outcome with `contract` in
    place of `decision` (`docs/contract-format.md`), extended."""

    contract: str
    region: str
    rules_in_force_on: dt.date
    rules_version: str
    verdict: Outcome
    findings: list[Finding]
    passed: list[str]
    not_applicable: list[str] = Field(default_factory=list, description="extension: rules that did not apply")
    unassessed: list[Unassessed] = Field(
        default_factory=list, description="extension: rules that need a parameter without a value"
    )
    provider: ProviderRef | None = Field(None, description="extension")
    budgets: list[str] = Field(default_factory=list, description="extension: budget periods weighed")
    note: str | None = Field(None, description="extension: Dutch, e.g. no contract rules in force yet")
    engine_version: str | None = Field(None, description="extension")
    receipt: Receipt | None = Field(None, description="extension")

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def budget_belongs(contract: Contract, budget: Budget) -> bool:
    """A budget row belongs to a contract of its region and provider whose term (first term
    and every extension option; indefinite: no end) overlaps the half-year."""
    if (budget.region, budget.provider.id) != (contract.region, contract.provider.id):
        return False
    first, last = period_bounds(budget.period)
    end = None
    if contract.end_date is not None:
        end = add_months(contract.end_date, round(sum(contract.extension_options or []) * 12))
    return contract.start_date <= last and (end is None or first <= end)


class ContractChecker:
    """Checks contracts against one rule book."""

    def __init__(self, book: Rulebook):
        self.book = book

    def check(
        self,
        contract: Contract,
        budgets: list[Budget] | None = None,
        parameter_overrides: dict[str, Any] | None = None,
    ) -> ContractOutcome:
        """The outcome of a contract; `budgets`: rows of the budgets input (those that
        belong to it are used); `parameter_overrides`: for scenarios, over the rule files'."""
        book, region, on = self.book, contract.region, contract.start_date
        params = book.parameters(region, "", on) | (parameter_overrides or {})
        facts = derive_contract_facts(contract, params)
        ctx = Context(book, None, facts, params, {"region_name": book.regions[region].name})  # type: ignore[arg-type]
        own_budgets = [b for b in budgets or [] if budget_belongs(contract, b)]
        rules = [r for r in book.contract_rules if r.region in (CROSS_REGION, region) and r.in_force(on)]
        findings: list[Finding] = []
        passed: list[str] = []
        not_applicable: list[str] = []
        unassessed: list[Unassessed] = []
        for rule in rules:
            cases = [facts] if rule.per is None else [facts | budget_facts(b) for b in own_budgets]
            applying = [
                case
                for case in cases
                if rule.applies_to is None or holds(rule.applies_to, rule, case, params)
            ]
            if not applying:
                not_applicable.append(rule.id)
                continue
            missing = _missing_parameters(rule, params)
            if missing:
                unassessed.append(
                    Unassessed(
                        rule=rule.id,
                        parameters=missing,
                        reason="Niet beoordeeld: het document noemt geen getal en de parameter "
                        + ", ".join(missing)
                        + " heeft geen waarde in de regelbestanden.",
                    )
                )
                continue
            fired = [case for case in applying if rule.when is None or holds(rule.when, rule, case, params)]
            for case in fired:
                findings.append(self._finding(rule, contract, ctx, case))
            if not fired:
                passed.append(rule.id)
        return ContractOutcome(
            contract=contract.id,
            region=region,
            rules_in_force_on=on,
            rules_version=book.version,
            verdict=verdict_of(findings),
            findings=findings,
            passed=passed,
            not_applicable=not_applicable,
            unassessed=unassessed,
            provider=ProviderRef(id=contract.provider.id, name=contract.provider.name),
            budgets=[b.period for b in own_budgets],
            note=None if rules else self._no_rules_note(region, on),
            engine_version=__version__,
            receipt=Receipt(engine_version=__version__, rules_version=book.version, rules_in_force_on=on),
        )

    def _finding(self, rule: Rule, contract: Contract, ctx: Context, case: dict[str, Any]) -> Finding:
        """The finding of a rule that fired, explained as a decision's finding is; the
        contract's deviations are weighed as a decision's exceptions are."""
        computed = {name: value_of(expr, rule, case, ctx.params) for name, expr in rule.compute.items()}
        recorded = _Recorded(
            [
                RecordedException(principle=d.principle, ground=DEVIATION_GROUND, motivation=d.motivation)
                for d in contract.deviations
            ]
        )
        return make_finding(rule, Context(ctx.book, recorded, case, ctx.params, ctx.extras), computed)  # type: ignore[arg-type]

    def _no_rules_note(self, region: str, on: dt.date) -> str:
        data = self.book.regions[region]
        later = sorted(r.valid_from for r in self.book.contract_rules if r.region == region and r.valid_from)
        if later and later[0] > on:
            return (
                f"Op de startdatum {on.isoformat()} gelden nog geen contractregels van {data.name}: "
                f"het kader geldt voor contracten die op of na {later[0].isoformat()} ingaan. "
                "Er is niets getoetst."
            )
        return (
            f"Triage kent voor {data.name} geen contractregels die op {on.isoformat()} gelden: "
            "het kader van de regio stelt geen eisen aan contracten die triage kan toetsen. "
            "Er is niets getoetst."
        )


@dataclass
class _Recorded:
    """What the explanation reads of what is weighed: a contract's deviations, as exceptions."""

    exceptions: list[RecordedException]


def _missing_parameters(rule: Rule, params: dict[str, Any]) -> list[str]:
    """Parameters the rule's conditions need (directly, or through a fact computed from a
    parameter) that have no value."""
    facts, named = condition_references(rule)
    needed = set(named) | {PARAMETER_FACTS[f] for f in facts if f in PARAMETER_FACTS}
    return sorted(name for name in needed if params.get(name) is None)


# ---------------------------------------------------------------- a whole register
@dataclass
class RegisterResult:
    """Every entry of a register, in order: its outcome or its errors; and the budget rows
    that were invalid or belong to no contract of the register (Dutch notes)."""

    results: list[tuple[str, ContractOutcome | RegisterError]]
    budget_errors: list[RegisterError] = field(default_factory=list)
    unmatched_budgets: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> int:
        """Entries (contracts and budget rows) that could not be checked."""
        return sum(isinstance(r, RegisterError) for _, r in self.results) + len(self.budget_errors)


def check_entries(
    book: Rulebook, entries: list[Entry], budget_entries: list[Entry] | None = None
) -> RegisterResult:
    """Check every contract entry with the budget rows that belong to it."""
    budgets: list[tuple[str, Budget]] = []
    budget_errors: list[RegisterError] = []
    for entry in budget_entries or []:
        try:
            if entry.problem is not None:
                raise RegisterError(entry.ref, [entry.problem])
            budget = parse_budget(entry.data, entry.ref, book.region_names)
            if budget.region not in book.regions:
                raise RegisterError(entry.ref, [("region", "regio zonder regelbestanden")])
            budgets.append((entry.ref, budget))
        except RegisterError as error:
            budget_errors.append(error)
    checker = ContractChecker(book)
    results: list[tuple[str, ContractOutcome | RegisterError]] = []
    contracts: list[Contract] = []
    for entry in entries:
        try:
            if entry.problem is not None:
                raise RegisterError(entry.ref, [entry.problem])
            contract = parse_contract(entry.data, entry.ref, book.region_names)
            if contract.region not in book.regions:
                raise RegisterError(entry.ref, [("region", "regio zonder regelbestanden")])
            contracts.append(contract)
            results.append((entry.ref, checker.check(contract, [b for _, b in budgets])))
        except RegisterError as error:
            results.append((entry.ref, error))
    regions = {contract.region for contract in contracts}
    unmatched = [
        f"{ref}: geen contract van aanbieder {budget.provider.id} in regio {budget.region} dat "
        f"{budget.period} dekt in het register; deze budgetregel is niet getoetst."
        for ref, budget in budgets
        if budget.region in regions and not any(budget_belongs(contract, budget) for contract in contracts)
    ]
    elsewhere = sum(budget.region not in regions for _, budget in budgets)
    if elsewhere:
        unmatched.append(
            f"{elsewhere} budgetregel(s) van een regio zonder contracten in het register; niet getoetst."
        )
    return RegisterResult(results=results, budget_errors=budget_errors, unmatched_budgets=unmatched)
