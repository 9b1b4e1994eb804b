"""The decision (input) model: exactly the format of `docs/decision-format.md`.

Reading a decision from a file and validating it happens here; deriving facts from a valid
decision is `triage.facts`' job.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from triage.field_names import dotted_field_names
from triage.field_types import NonEmptyText, PlainText, bsn_guarded
from triage.validation_messages import describe_errors
from triage.vocabulary import (
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
from triage.yaml_source import load_json, load_yaml, syntax_problem

# an id ends up in every output and report line
Identifier = PlainText


class _Strict(BaseModel):
    # Unknown keys are refused so that a typo ("end_dat") never passes silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Client(_Strict):
    id: Annotated[Identifier, bsn_guarded("client.id")]
    birth_date: dt.date
    residence_municipality: Annotated[NonEmptyText | None, bsn_guarded("client.residence_municipality")] = (
        None
    )
    child_protection: ChildProtection = ChildProtection.GEEN
    social_network_involved: bool | None = None
    network_strengthening: bool | None = None


class Product(_Strict):
    code: Annotated[str | None, bsn_guarded("product.code")] = None
    category: Annotated[str | None, bsn_guarded("product.category")] = None
    variant: Annotated[str | None, bsn_guarded("product.variant")] = None


class Provider(_Strict):
    id: Annotated[str | None, bsn_guarded("provider.id")] = None
    name: Annotated[str | None, bsn_guarded("provider.name")] = None


class Volume(_Strict):
    amount: float = Field(ge=0, allow_inf_nan=False)
    unit: VolumeUnit
    per: VolumePer


class RecordedException(_Strict):
    """A recorded "tenzij" ground: counts when principle, ground and motivation fit a rule."""

    principle: NonEmptyText
    ground: NonEmptyText
    motivation: str = ""


class Decision(_Strict):
    """A proposed allocation decision (beschikking) as the consultant would send it."""

    id: Annotated[Identifier, bsn_guarded("id")]
    region: str | None = None
    municipality: NonEmptyText
    law: Law
    request_date: dt.date
    decision_date: dt.date | None = None
    client: Client
    crisis: bool = False
    service: Service
    product: Product | None = None
    form: Form = Form.INDIVIDUEEL
    provider: Provider | None = None
    contract: Contract = Contract.REGULIER
    start_date: dt.date
    end_date: dt.date | None = None
    volume: Volume | None = None
    perspective: Perspective | None = None
    referrer: Referrer | None = None
    goals: list[NonEmptyText] | None = None
    activities: list[Activity] | None = None
    education_arrangement: bool | None = None
    part_of_treatment: Annotated[str | None, bsn_guarded("part_of_treatment")] = None
    extends: Annotated[str | None, bsn_guarded("extends")] = None
    progress: bool | None = None
    exceptions: list[RecordedException] = Field(default_factory=list)

    @field_validator("municipality", mode="before")
    @classmethod
    def _cbs_code_as_number(cls, value: Any) -> Any:
        # a CBS code written as a number (355) is still the 4-digit code "0355"
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
            return f"{value:04d}"
        return value

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start_date")
        if end is not None and start is not None and end < start:
            raise ValueError(f"einddatum {end} ligt vóór de startdatum {start}")
        return end


# Every field of the decision format in dotted names (`client.birth_date`), in the order
# of the spec (`docs/decision-format.md`), which is the model's: the columns of flat exports and
# the names of the web form's fields. List fields are items separated by ";" in a flat row,
# `exceptions` a JSON array of {principle, ground, motivation}.
DECISION_FIELDS: tuple[str, ...] = dotted_field_names(Decision)


class DecisionError(ValueError):
    """An input decision that cannot be evaluated; the message names source and field."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {field}: {reason}" for field, reason in problems]
        super().__init__("\n".join(lines))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready description, for batch error files and the API."""
        return {
            "source": self.source,
            "errors": [{"field": field, "reason": reason} for field, reason in self.problems],
        }


def parse_decision(data: Any, source: str = "<beschikking>") -> Decision:
    """Validate raw data (a mapping) into a `Decision`, or raise `DecisionError`."""
    if not isinstance(data, dict):
        raise DecisionError(source, [("(beschikking)", "verwacht een object met velden")])
    try:
        return Decision.model_validate(data)
    except ValidationError as exc:
        raise DecisionError(source, describe_errors(exc.errors())) from None


_FILE_PROBLEMS: dict[type[OSError], str] = {
    FileNotFoundError: "bestand niet gevonden",
    IsADirectoryError: "dit is een map, geen bestand",
    PermissionError: "geen leesrechten",
}


def load_decision_file(path: Path) -> Decision:
    """Read one decision from a `.json`, `.yaml` or `.yml` file."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DecisionError(source, [("(bestand)", "onleesbaar: geen UTF-8-tekst")]) from None
    except OSError as exc:
        reason = _FILE_PROBLEMS.get(type(exc), "het bestand kan niet gelezen worden")
        raise DecisionError(source, [("(bestand)", f"onleesbaar: {reason}")]) from None
    try:
        # YAML is read safely, keeping CBS codes such as 0355 as text
        data = load_json(text) if path.suffix.lower() == ".json" else load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise DecisionError(source, [("(bestand)", syntax_problem(exc))]) from None
    return parse_decision(data, source)
