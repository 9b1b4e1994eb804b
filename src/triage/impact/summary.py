"""The impact summary (`summary.json`): which rules changed, totals that reconcile, the verdict
before × after matrix, and the changes per rule, principle, municipality and provider.

`report.html` is rendered from this model and the first lines of `changes.jsonl`."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from triage.audit.summary import ErrorCount, InputFile, RuleRef


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RulesRef(_Model):
    source: str = Field(description="the rule folder or git revision as given, or the --set changes")
    version: str = Field(description="hash of every rule and data file loaded (and of the --set changes)")
    settings: list[str] = Field(default_factory=list, description="--set REGION.PARAMETER=VALUE, as given")


class ImpactReceipt(_Model):
    engine_version: str
    before: RulesRef
    after: RulesRef
    rules_in_force_on: str = Field(description="an ISO date given with --on, or 'per beschikking'")
    generated_at: dt.datetime
    inputs: list[InputFile]
    pseudonymisation: str | None = None
    notes: list[str] = Field(default_factory=list)


class RuleChange(_Model):
    kind: str = Field(description="toegevoegd | verwijderd | gewijzigd")
    subject: str = Field(description="regel, parameter, gemeente, segment, grond, principe, document, regio")
    key: str
    details: list[str]
    text: str = Field(description="the change as one Dutch line, as `triage rules diff` prints it")


class ImpactTotals(_Model):
    input_rows: int
    evaluated: int = Field(description="decisions evaluated under both rule books")
    errors: int = Field(description="rows that could not be evaluated under one or both")
    reconciled: bool = Field(description="input_rows == evaluated + errors")
    changed: int = Field(description="decisions whose verdict, findings or priority changed")
    verdict_changed: int
    findings_changed: int
    priority_changed: int


class RuleImpact(RuleRef):
    gained: int = Field(description="changed decisions where this rule now gives a finding, before not")
    lost: int = Field(description="... where it gave a finding before and no longer does")
    outcome_changed: int = Field(description="... where its finding has another outcome")
    decisions: int = Field(description="gained + lost + outcome_changed")


class PrincipleImpact(_Model):
    principle: str
    name: str
    gained: int
    lost: int
    outcome_changed: int
    decisions: int


class GroupImpact(_Model):
    """One municipality or provider."""

    key: str = Field(description="municipality name or provider AGB code ('(geen)': none recorded)")
    label: str | None = Field(None, description="region of a municipality, provider name")
    decisions: int = Field(description="decisions evaluated")
    changed: int
    verdict_changed: int
    stricter: int = Field(description="decisions whose verdict becomes more severe")
    milder: int = Field(description="decisions whose verdict becomes less severe")


class ImpactSummary(_Model):
    status: str = Field(description="voltooid")
    receipt: ImpactReceipt
    rule_changes: list[RuleChange] = Field(description="what differs between the two rule books")
    totals: ImpactTotals
    verdict_matrix: dict[str, dict[str, int]] = Field(description="verdict before -> after -> decisions")
    priority_matrix: dict[str, dict[str, int]] = Field(description="priority before -> after -> decisions")
    by_rule: list[RuleImpact]
    by_principle: list[PrincipleImpact]
    by_municipality: list[GroupImpact]
    by_provider: list[GroupImpact]
    errors_by_field: list[ErrorCount]
    seconds: float
