"""Between nested decisions and flat rows (CSV/Excel columns, see `records.FLAT_COLUMNS`).

`unflatten` is the reference reading of a flat row: the fast path must read every row it
accepts exactly as `parse_decision(unflatten(row))` would.
"""

from __future__ import annotations

import json
from typing import Any

from triage.audit.records import (
    BOOL_COLUMNS,
    FALSE_WORDS,
    FLAT_COLUMNS,
    JSON_COLUMNS,
    LIST_COLUMNS,
    TRUE_WORDS,
)
from triage.yaml_source import load_json

LIST_SEPARATOR = ";"
FLAT_COLUMN_SET = frozenset(FLAT_COLUMNS)


def split_list(cell: str) -> list[str]:
    """A `;`-separated cell as its non-empty, trimmed items."""
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def _cell_value(column: str, cell: str) -> Any:
    if column in LIST_COLUMNS:
        return split_list(cell)
    if column in JSON_COLUMNS:
        try:
            return load_json(cell)
        except json.JSONDecodeError:
            return cell  # parse_decision names the field and the expected shape
    if column in BOOL_COLUMNS:
        word = cell.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return cell


def unflatten(row: dict[str, str | None]) -> dict[str, Any]:
    """A flat row as a nested decision; empty cells are absent fields."""
    decision: dict[str, Any] = {}
    for column, cell in row.items():
        if cell is None or cell == "":
            continue
        target = decision
        *parents, leaf = column.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = _cell_value(column, cell)
    return decision


class NotFlat(ValueError):
    """A decision whose values a flat row cannot carry faithfully (the slow path reads it)."""


def flatten(decision: dict[str, Any]) -> dict[str, str]:
    """A nested decision as flat cells, the inverse of `unflatten`; raises `NotFlat` for
    values a row cannot carry as they are (a list where text is expected, an unknown key...)."""
    row: dict[str, str] = {}

    def visit(prefix: str, value: Any) -> None:
        if value is None:
            return
        if prefix in JSON_COLUMNS:
            row[prefix] = json.dumps(value, ensure_ascii=False)
        elif prefix in LIST_COLUMNS:
            if not isinstance(value, list) or not all(
                isinstance(item, str) and LIST_SEPARATOR not in item for item in value
            ):
                raise NotFlat(prefix)
            row[prefix] = LIST_SEPARATOR.join(value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                visit(f"{prefix}.{key}" if prefix else str(key), inner)
        elif prefix not in FLAT_COLUMN_SET or isinstance(value, list):
            raise NotFlat(prefix)
        elif isinstance(value, bool):
            row[prefix] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            row[prefix] = str(value)
        else:
            raise NotFlat(prefix)

    visit("", decision)
    return row
