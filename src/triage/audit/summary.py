"""The audit summary (`summary.json`): totals that reconcile, the receipt, and breakdowns.

`report.html` is rendered from this model alone, so the page and the JSON never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import orjson
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict  # pydantic reads typing's TypedDict only from Python 3.12

from triage.population.figures import PopulationEntry

VERDICTS = ("conform", "conform_met_uitzondering", "motivering_vereist", "niet_conform")
FINDING_OUTCOMES = ("signaal", "conform_met_uitzondering", "motivering_vereist", "niet_conform")
PRIORITY_CLASSES = ("crisis", "voorrang", "regulier")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# What `AuditSummary.status` can say, and what an auditor may rely on for each (Dutch, for
# the report). Only "voltooid" claims that every input was read whole.
STATUSES = {
    "voltooid": "Alle invoerbestanden zijn helemaal gelezen en elke rij staat in de uitkomsten of de fouten.",
    "onvolledig": "De audit is afgemaakt, maar een of meer invoerbestanden zijn als geheel geweigerd "
    "(zie de geweigerde bestanden); hun rijen zijn niet getoetst en niet meegeteld.",
    "onderbroken": "De audit is gestopt (Ctrl-C of een stopsignaal); de bestanden bevatten alleen de rijen "
    "die vóór de onderbreking klaar waren.",
    "mislukt": "Een fout heeft de audit gestopt (zie de oorzaak); de bestanden bevatten alleen de rijen die "
    "daarvóór klaar waren.",
}


class InputFile(_Model):
    path: str
    format: str = Field(description="csv | xlsx | jsonl | ijw-xml")
    sha256: str | None = Field(None, description="None only when the run stopped before the file was hashed")
    rows: int = Field(description="input rows (decisions) read from this file, broken ones included")
    complete: bool = Field(True, description="false when the run stopped before the end of this file")


class RefusedInput(_Model):
    """An input file refused as a whole (unreadable, over a limit, wrong header...)."""

    path: str
    reason: str = Field(description="Dutch: why, naming the limit where one was exceeded")


class Receipt(_Model):
    """What is needed to reproduce the audit."""

    engine_version: str
    rules_version: str = Field(description="hash of every rule and data file loaded")
    rules_in_force_on: str = Field(
        description="an ISO date given with --on, or 'per beschikking' (each decision's decision_date)"
    )
    generated_at: dt.datetime
    inputs: list[InputFile]
    pseudonymisation: str | None = Field(
        None, description="Dutch sentence: how BSNs in messages were replaced by keyed pseudonyms"
    )
    notes: list[str] = Field(
        default_factory=list, description="Dutch sentences: assumptions of this audit a reader must know"
    )


class Totals(_Model):
    input_rows: int
    outcomes: int
    errors: int
    set_aside: int = Field(
        0, description="earlier versions of an iJw/iWmo toewijzing left out (--latest-only)"
    )
    reconciled: bool = Field(description="input_rows == outcomes + errors + set_aside")


class Breakdown(TypedDict):
    """Counts for one municipality, provider or month. A plain dictionary, not a model: an
    export may name a hundred thousand providers, and their rows are made and written as
    they are (`summary_json`)."""

    key: Annotated[str, Field(description="municipality name, provider AGB code or YYYY-MM")]
    label: Annotated[str | None, Field(description="region of a municipality, provider name, ...")]
    decisions: int
    verdicts: Annotated[dict[str, int], Field(description="verdict -> decisions")]
    findings: Annotated[int, Field(description="findings other than signaal")]


class RuleRef(_Model):
    """A rule as the summaries name it."""

    rule: str
    title: str
    principle: str
    region: str


class RuleCount(RuleRef):
    source: str = Field(description="document and section, e.g. 'ZOU-2027 §5.4'")
    applied: int = Field(description="decisions the rule applied to (fired or passed)")
    findings: int
    outcomes: dict[str, int] = Field(description="finding outcome -> count")


class PrincipleCount(_Model):
    principle: str
    name: str
    findings: int
    outcomes: dict[str, int]


class Offender(_Model):
    kind: str = Field(description="aanbieder | gemeente")
    key: str
    label: str | None = None
    decisions: int
    not_fitting: int = Field(description="decisions with verdict motivering_vereist or niet_conform")
    share: float = Field(description="not_fitting / decisions")


class ErrorCount(_Model):
    field: str
    rows: int
    example: str = Field(description="one reason, as written in errors.jsonl")


class UnmappedCategory(_Model):
    """iJw/iWmo products whose category has no service in the vocabulary."""

    code_list: str = Field(description="JZ020 (Jeugdwet) or WMO020 (Wmo)")
    category: str = Field(description="the category code; '?' for one not in the code list")
    reason: str = Field(description="Dutch, as written in errors.jsonl")
    rows: int


class AuditSummary(_Model):
    status: str = Field(description=" | ".join(STATUSES) + "; see STATUSES")
    failure: str | None = Field(None, description="Dutch: what stopped the run (status mislukt)")
    receipt: Receipt
    refused_inputs: list[RefusedInput] = Field(default_factory=list)
    totals: Totals
    verdicts: dict[str, int]
    priorities: dict[str, int]
    by_rule: list[RuleCount]
    by_principle: list[PrincipleCount]
    by_municipality: list[Breakdown] = Field(description="most decisions first, then by key")
    by_provider: list[Breakdown] = Field(description="most decisions first, then by key")
    by_month: list[Breakdown] = Field(description="by month of start_date, ascending")
    worst_offenders: list[Offender]
    errors_by_field: list[ErrorCount]
    population: list[PopulationEntry] = Field(
        default_factory=list,
        description="population rules: one entry per rule, scope (region, municipality, provider) and year",
    )
    unmapped_categories: list[UnmappedCategory] = Field(
        default_factory=list, description="rows per iJw/iWmo product category left without a service"
    )
    seconds: float = Field(description="wall-clock time of the run")


# the parts that grow with the number of providers: plain JSON values already, written as
# they are (pydantic's serialiser takes 0.4 s for a hundred thousand providers, orjson 0.05 s)
_PLAIN_PARTS = frozenset({"by_provider", "population"})


def summary_json(summary: AuditSummary) -> bytes:
    """`summary.json`: pydantic's JSON for every part, except the provider rows and population
    entries, which are plain dictionaries of JSON values and go to orjson as they are; the
    bytes are those of `summary.model_dump_json(indent=2)` (a test holds them to it)."""
    parts = summary.model_dump(mode="json", exclude=set(_PLAIN_PARTS))
    fields = AuditSummary.model_fields
    ordered = {name: getattr(summary, name) if name in _PLAIN_PARTS else parts[name] for name in fields}
    return orjson.dumps(ordered, option=orjson.OPT_INDENT_2)
