"""The contract register and the budgets input (`docs/contract-format.md`): models,
and reading them from CSV, `.xlsx`, JSON Lines and YAML (or a JSON list).

Error discipline as for decisions: every problem names the file, the row and the field, in
Dutch, and describes a rejected value instead of repeating it (`validation_messages`). A
boolean field with free text in it ("zie bijlage") is refused, never guessed: absent means
"not recorded", which is not `false`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from triage.audit.records import FALSE_WORDS, TRUE_WORDS
from triage.field_names import dotted_field_names
from triage.field_types import PlainText, bsn_guarded
from triage.validation_messages import closest, describe_errors, describe_value
from triage.vocabulary import Service
from triage.yaml_source import load_json, load_yaml, syntax_problem

REQUIRED_CONTRACT_FIELDS = ("id", "region", "provider.id", "signed_on", "start_date", "services", "value_eur")
BUDGET_FIELDS: tuple[str, ...] = ("region", "provider.id", "period", "budget_eur", "declared_eur")
_LIST_FIELDS = frozenset({"extension_options", "services", "certifications"})
_JSON_FIELDS = frozenset({"tariffs", "deviations"})
LIST_SEPARATOR = ";"


# ---------------------------------------------------------------- field types
def _recorded_bool(value: Any) -> Any:
    """true/false, ja/nee, 1/0 (any case); anything else is refused, not guessed."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueError(
        f"verwacht true of false (ook: ja/nee, 1/0), gekregen: {describe_value(value)}; niet geraden. "
        "Laat de cel leeg als het niet is vastgelegd"
    )


def _agb_code(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:08d}"
    if not isinstance(value, str) or not re.fullmatch(r"\d{8}", value.strip()):
        raise ValueError(f"verwacht een AGB-code van 8 cijfers (gekregen: {describe_value(value)})")
    return value.strip()


def _known_region(value: Any, info: ValidationInfo) -> Any:
    """A region of the rule book (its names come with the validation: `parse_contract`)."""
    regions = list((info.context or {}).get("regions", ()))
    if value not in regions:
        raise ValueError(
            f"onbekende regio ({describe_value(value)}){closest(value, regions)}; "
            f"verwacht een van: {', '.join(regions)}"
        )
    return value


RecordedBool = Annotated[bool | None, BeforeValidator(_recorded_bool)]
Text = PlainText
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Region = Annotated[str, BeforeValidator(_known_region)]
AgbCode = Annotated[str, BeforeValidator(_agb_code)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provider(_Strict):
    id: AgbCode
    name: Annotated[Text | None, bsn_guarded("provider.name")] = None


class Tariff(_Strict):
    product_code: Annotated[Text, bsn_guarded("product.code")]
    unit: Text
    eur: Amount


class Deviation(_Strict):
    """A deviation the contract manager recorded (maatwerk), with its reason; the reason is
    never shown in an output."""

    principle: Text
    motivation: str = ""


class Contract(_Strict):
    """One contract of the register."""

    id: Annotated[Text, bsn_guarded("id")]
    region: Region
    provider: Provider
    signed_on: dt.date
    start_date: dt.date
    end_date: dt.date | None = None
    notice_months: Annotated[int, Field(ge=0)] | None = None
    extension_options: list[Annotated[float, Field(gt=0, allow_inf_nan=False)]] | None = None
    services: Annotated[list[Service], Field(min_length=1)]
    value_eur: Amount
    sroi_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    certifications: list[Text] | None = None
    dissolving_conditions: RecordedBool = None
    profit_cap: RecordedBool = None
    ubo_checked: RecordedBool = None
    tariffs: list[Tariff] | None = None
    deviations: list[Deviation] = Field(default_factory=list)

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(cls, end: dt.date | None, info) -> dt.date | None:
        start = info.data.get("start_date")
        if end is not None and start is not None and end < start:
            raise ValueError(f"einde van de eerste periode {end} ligt vóór de startdatum {start}")
        return end

    @model_validator(mode="after")
    def _term_or_notice(self) -> Contract:
        if self.end_date is None and self.notice_months is None:
            raise ValueError(
                "end_date: verplicht veld ontbreekt; een contract voor onbepaalde tijd laat het leeg "
                "en geeft notice_months (de opzegtermijn)"
            )
        return self


# Every field of the register in dotted names, in the order of the spec (`docs/contract-format.md`),
# which is the model's: the columns of a CSV or Excel register. In a flat row, list fields are
# items separated by ";", `tariffs` and `deviations` JSON arrays.
CONTRACT_FIELDS: tuple[str, ...] = dotted_field_names(Contract)


class Budget(_Strict):
    """One row of the budgets input: a provider's half-year budget and what it declared."""

    region: Region
    provider: Provider
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}-H[12]$")]
    budget_eur: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    declared_eur: Amount


# ---------------------------------------------------------------- errors
class RegisterError(ValueError):
    """A contract or budget row that cannot be checked; names where and which field."""

    def __init__(self, ref: str, problems: list[tuple[str, str]]):
        self.ref = ref
        self.problems = problems
        super().__init__("\n".join(f"{ref}: {field}: {reason}" for field, reason in problems))

    def as_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "errors": [{"field": f, "reason": r} for f, r in self.problems]}


class RegisterFileError(ValueError):
    """A whole register or budgets file that cannot be read (format, header, syntax)."""

    def __init__(self, path: Path | str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")


_PATTERN_REASONS = {"period": "verwacht een halfjaar als JJJJ-H1 of JJJJ-H2"}


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        field, reason = describe_error_fields(error)
        problems.append((field, reason))
    return problems


def describe_error_fields(error: dict[str, Any]) -> tuple[str, str]:
    """`validation_messages.describe_errors` for one error, with the register's own words
    for a model-level problem and a pattern."""
    (field, reason), *_ = describe_errors([error])
    if field == "(beschikking)":
        field = "(contract)"
    if field == "provider" and error["type"] == "missing":  # an empty provider.id column
        field = "provider.id"
    if reason.startswith("end_date: "):  # the model-level check names its field itself
        field, reason = "end_date", reason.removeprefix("end_date: ")
    if error["type"] == "string_pattern_mismatch":
        reason = _PATTERN_REASONS.get(field, "heeft niet de verwachte vorm")
        reason += f" (gekregen: {describe_value(error.get('input'))})"
    return field, reason


def parse_contract(data: Any, ref: str, regions: Sequence[str]) -> Contract:
    """Validate one register entry (nested) for a rule book with these `regions`, or raise
    RegisterError naming every field."""
    return _parse(Contract, "(contract)", data, ref, regions)


def parse_budget(data: Any, ref: str, regions: Sequence[str]) -> Budget:
    """Validate one budget row (nested), or raise RegisterError."""
    return _parse(Budget, "(budget)", data, ref, regions)


def _parse(model: type[_Strict], whole: str, data: Any, ref: str, regions: Sequence[str]) -> Any:
    if not isinstance(data, dict):
        raise RegisterError(ref, [(whole, "verwacht een object met velden")])
    try:
        return model.model_validate(data, context={"regions": regions})
    except ValidationError as exc:
        raise RegisterError(ref, _problems(exc)) from None


# ---------------------------------------------------------------- reading files
@dataclass(frozen=True)
class Entry:
    """One contract or budget row as read: its reference (`register.csv, regel 3`) and
    either its nested data or why it could not be read."""

    ref: str
    data: dict[str, Any] | None
    problem: tuple[str, str] | None = None


FORMATS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}

UNKNOWN_FORMAT = "onbekend formaat; verwacht .csv, .xlsx, .jsonl, .yaml of .json"


def read_entries(path: Path, fields: tuple[str, ...] = CONTRACT_FIELDS) -> list[Entry]:
    """The entries of a register (or, with `BUDGET_FIELDS`, a budgets file), in file order.
    Raises RegisterFileError for a file that cannot be read as a whole."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise RegisterFileError(path, UNKNOWN_FORMAT)
    if not path.is_file():
        raise RegisterFileError(path, "bestand niet gevonden")
    if kind == "xlsx":
        return list(_xlsx_entries(path, fields))
    if kind == "jsonl":
        return list(_jsonl_entries(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterFileError(path, "onleesbaar: geen UTF-8-tekst") from None
    if kind == "csv":
        return list(_csv_entries(path, text, fields))
    return _list_entries(path, text, kind)


def _header_check(fields: tuple[str, ...]):
    def check(path: Path, header: list[str]) -> None:
        from triage.audit.inputs import column_list

        unknown = [c for c in header if c not in fields]
        if unknown:
            raise RegisterFileError(
                path,
                f"onbekende kolom(men) {column_list(unknown)}; verwacht kolommen uit: {', '.join(fields)}",
            )
        if len(set(header)) != len(header):
            raise RegisterFileError(path, "een kolom staat meer dan eens in de kopregel")

    return check


def _csv_entries(path: Path, text: str, fields: tuple[str, ...]) -> Iterator[Entry]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return
    header = [cell.strip() for cell in header]
    _header_check(fields)(path, header)
    for row in reader:
        ref = f"{path.name}, regel {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Entry(
                ref,
                None,
                ("(regel)", f"verwacht {len(header)} velden (zoals de kopregel), gevonden {len(row)}"),
            )
            continue
        yield _flat_entry(ref, dict(zip(header, row, strict=True)))


def _xlsx_entries(path: Path, fields: tuple[str, ...]) -> Iterator[Entry]:
    from triage.audit.inputs import InputError
    from triage.audit.readers import xlsx_as_text

    try:
        frame = xlsx_as_text(path, _header_check(fields))
    except InputError as exc:
        raise RegisterFileError(path, exc.reason) from None
    for row in frame.iter_rows(named=True):
        excel_row = row.pop("__excel_row")
        yield _flat_entry(f"{path.name}, rij {excel_row}", row)


def _flat_entry(ref: str, row: dict[str, str | None]) -> Entry:
    """A flat row (all text) as a nested entry; an empty cell is an absent field."""
    data: dict[str, Any] = {}
    for column, cell in row.items():
        if cell is None or not cell.strip():
            continue
        cell = cell.strip()
        value: Any = cell
        if column in _LIST_FIELDS:
            value = [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]
        elif column in _JSON_FIELDS:
            try:
                value = load_json(cell)
            except json.JSONDecodeError:
                return Entry(ref, None, (column, "verwacht een JSON-lijst, bijvoorbeeld [{...}]"))
        target = data
        *parents, leaf = column.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return Entry(ref, data)


def _jsonl_entries(path: Path) -> Iterator[Entry]:
    from triage.audit.readers import jsonl_records

    for ref, data, error in jsonl_records(path):
        yield Entry(ref, data, (error.field, error.reason) if error is not None else None)


def _list_entries(path: Path, text: str, kind: str) -> list[Entry]:
    try:
        data = load_json(text) if kind == "json" else load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise RegisterFileError(path, syntax_problem(exc)) from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise RegisterFileError(path, f"verwacht een lijst, gekregen: {describe_value(data)}")
    entries = []
    for index, item in enumerate(data, start=1):
        ref = f"{path.name}, element {index}"
        if isinstance(item, dict):
            entries.append(Entry(ref, item))
        else:
            entries.append(
                Entry(ref, None, ("(element)", f"verwacht een object met velden ({describe_value(item)})"))
            )
    return entries
