"""The outcome (output) model: the format of `docs/decision-format.md`, extended.

Fields named by the spec keep their names; additions are marked in their descriptions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from triage.vocabulary import Outcome as OutcomeLevel
from triage.vocabulary import PriorityClass


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class SourceRef(_Out):
    document: str
    section: str
    quote: str | None = None
    title: str | None = Field(None, description="extension: the document's title")
    status: str | None = Field(
        None, description="extension: what the document calls itself when not final, e.g. consultatieversie"
    )


class AppliedException(_Out):
    principle: str
    ground: str
    accepted: bool
    reason: str = Field(description="why it did (not) count, in Dutch")


class Finding(_Out):
    rule: str
    principle: str
    outcome: OutcomeLevel
    message: str
    facts: dict[str, Any]
    source: SourceRef
    remedy: str | None = None
    title: str | None = Field(None, description="extension: the rule's title")
    exception: AppliedException | None = Field(
        None, description="extension: the recorded exception this finding considered"
    )
    suggestion: dict[str, Any] | None = Field(
        None,
        description="extension: a concrete change that makes the decision fit (decision fields"
        " with new values, and/or `exception`: principle and accepted grounds); only offered"
        " when applying it gives a valid decision",
    )


class Priority(_Out):
    priority_class: PriorityClass = Field(alias="class")
    start_by: dt.date | None = None
    reason: str
    rule: str | None = Field(None, description="extension: the rule that set the priority")
    source: SourceRef | None = Field(None, description="extension")


class SegmentRef(_Out):
    id: str
    name: str
    note: str | None = None


class Receipt(_Out):
    """What is needed to reproduce an outcome (extension)."""

    engine_version: str
    rules_version: str = Field(description="hash of every rule and data file loaded")
    rules_in_force_on: dt.date


class Outcome(_Out):
    decision: str
    region: str
    rules_in_force_on: dt.date
    rules_version: str
    verdict: OutcomeLevel
    priority: Priority
    segment: SegmentRef | None = None
    findings: list[Finding]
    passed: list[str]
    not_applicable: list[str] = Field(
        default_factory=list, description="extension: rules in force that did not apply"
    )
    client: str | None = Field(None, description="extension: the pseudonymous client id")
    municipality: str | None = Field(None, description="extension: canonical municipality")
    engine_version: str | None = Field(None, description="extension")
    receipt: Receipt | None = Field(None, description="extension: engine, rules version and date")

    def to_json_dict(self) -> dict[str, Any]:
        """The outcome as JSON-ready data, with the spec's field names."""
        return self.model_dump(mode="json", by_alias=True)
