"""The flat columns are read from the models (`triage.field_names`): their order is the
published order of the examples' headers, so a reordered or renamed model field fails here."""

import csv
from pathlib import Path

from pydantic import BaseModel

from triage.contracts.register import CONTRACT_FIELDS
from triage.decision import DECISION_FIELDS
from triage.field_names import dotted_field_names

EXAMPLES = Path(__file__).parents[1] / "examples"


def _header(path: Path) -> tuple[str, ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(next(csv.reader(handle)))


def test_decision_columns_are_the_published_header() -> None:
    assert _header(EXAMPLES / "audit" / "beschikkingen.csv") == DECISION_FIELDS


def test_contract_columns_are_the_published_header() -> None:
    assert _header(EXAMPLES / "contracts" / "kennemerland.csv") == CONTRACT_FIELDS


class _Inner(BaseModel):
    code: str
    unit: str | None = None


class _Outer(BaseModel):
    id: str
    inner: _Inner | None = None
    items: list[_Inner] = []
    after: int = 0


def test_nested_models_are_dotted_and_lists_of_models_stay_one_field() -> None:
    assert dotted_field_names(_Outer) == ("id", "inner.code", "inner.unit", "items", "after")
