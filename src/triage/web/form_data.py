"""Form fields to decision data and back, for the consultant's page.

Form fields carry the decision's own dotted field names (`client.birth_date`,
`exceptions.0.ground`), so the problems of `parse_decision` (in the CLI's words) land next to
the field they name. An empty form field means "absent"; nothing is ever guessed. Values that
may be a BSN are taken out before anything shows, checks or logs them (`remove_bsn`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from triage.decision import DECISION_FIELDS, Decision
from triage.privacy import BSN_GUARDS, bsn_problem

# Every single-valued form field, in the decision's dotted names.
LIST_FIELDS = ("goals", "activities")
SCALAR_FIELDS = tuple(name for name in DECISION_FIELDS if name not in (*LIST_FIELDS, "exceptions"))
EXCEPTION_PARTS = ("principle", "ground", "motivation")
_EXCEPTION_KEY = re.compile(r"^exceptions\.(\d{1,3})\.(principle|ground|motivation|fixed|grounds|weglaten)$")


@dataclass
class RowMeta:
    """A form-only note on an exception row: added from a suggestion, so its principle is fixed
    and only the grounds the rule accepts are offered (empty: any ground)."""

    fixed: bool = False
    grounds: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- form -> decision data
def form_to_data(form: Any) -> tuple[dict[str, Any], dict[int, RowMeta]]:
    """Posted form fields (a Starlette FormData or a plain mapping) as raw decision data, with
    empty fields left out; plus the form-only notes on the exception rows (renumbered like the
    decision's `exceptions` list)."""
    data: dict[str, Any] = {}
    for path in SCALAR_FIELDS:
        text = _text(_first(form, path))
        if text == "":
            continue
        if path == "volume.amount" and re.fullmatch(r"\d+,\d+", text):
            text = text.replace(",", ".")  # Dutch decimal comma
        _set(data, path, text)
    goals = [line.strip() for line in _text(_first(form, "goals")).splitlines() if line.strip()]
    if goals:
        data["goals"] = goals
    activities = [a for a in (_text(v) for v in _all(form, "activities")) if a]
    if activities:
        data["activities"] = activities
    rows: dict[int, dict[str, str]] = {}
    for key in _keys(form):
        match = _EXCEPTION_KEY.match(key)
        if match:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = _text(_first(form, key))
    exceptions: list[dict[str, str]] = []
    meta: dict[int, RowMeta] = {}
    for index in sorted(rows):
        row = rows[index]
        if row.get("weglaten") or not any(row.get(part) for part in EXCEPTION_PARTS):
            continue
        if row.get("fixed"):
            grounds = [g for g in row.get("grounds", "").split(",") if g]
            meta[len(exceptions)] = RowMeta(fixed=True, grounds=grounds)
        # motivation is kept as typed (line breaks included); principle and ground trimmed
        exceptions.append(
            {
                "principle": row.get("principle", ""),
                "ground": row.get("ground", ""),
                "motivation": row.get("motivation", ""),
            }
        )
    if exceptions:
        data["exceptions"] = exceptions
    return data, meta


def _keys(form: Any) -> Iterable[str]:
    return list(form.keys())


def _first(form: Any, key: str) -> Any:
    value = form.get(key)
    return value[0] if isinstance(value, list) and value else value


def _all(form: Any, key: str) -> list[Any]:
    if hasattr(form, "getlist"):
        return list(form.getlist(key))
    value = form.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    # an uploaded file in a text field counts as empty
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def value_at(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


# ---------------------------------------------------------------- privacy
def remove_bsn(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Take every value that may be or hold a BSN (`privacy.BSN_GUARDS`) out of the decision
    before anything shows, checks or logs it; the problems name the fields."""
    problems = []
    for name in BSN_GUARDS:
        *parents, leaf = name.split(".")
        node: Any = data
        for parent in parents:
            node = node.get(parent) if isinstance(node, dict) else None
        if isinstance(node, dict) and (reason := bsn_problem(name, node.get(leaf))) is not None:
            node.pop(leaf)
            problems.append((name, reason))
    return problems


def safe_problems(problems: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The CLI's problems, minus the echoed value of unknown fields (it may be a name or BSN)."""
    result = []
    for name, reason in problems:
        if reason.startswith("onbekend veld"):
            reason = "onbekend veld"
        result.append((name, reason))
    return result


# ---------------------------------------------------------------- suggestions
def add_exception_row(
    data: dict[str, Any], principle: str, grounds: list[str]
) -> tuple[dict[str, Any], int, dict[int, RowMeta]]:
    """The data with an exception row for `principle` (an existing row for it is reused): its
    ground preset when only one is accepted, the motivation left to the consultant."""
    result = dict(data)
    rows = [dict(row) for row in result.get("exceptions") or [] if isinstance(row, Mapping)]
    index = next((i for i, row in enumerate(rows) if row.get("principle") == principle), None)
    if index is None:
        rows.append({"principle": principle, "ground": "", "motivation": ""})
        index = len(rows) - 1
    row = rows[index]
    if grounds and row.get("ground") not in grounds:
        row["ground"] = grounds[0] if len(grounds) == 1 else ""
    result["exceptions"] = rows
    return result, index, {index: RowMeta(fixed=True, grounds=list(grounds))}


# ---------------------------------------------------------------- decision data -> form
def decision_data(decision: Decision) -> dict[str, Any]:
    """A valid decision as form data (JSON values, absent fields left out)."""
    return decision.model_dump(mode="json", exclude_none=True)


def decision_json(decision: Decision) -> str:
    return json.dumps(decision_data(decision), ensure_ascii=False, separators=(",", ":"))


def as_text(value: Any) -> str:
    """A decision value as the text in a form field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# `?voorbeeld=zou`: examples/zou-begeleiding-12-maanden.yaml (the examples are not in the wheel)
EXAMPLES: dict[str, dict[str, Any]] = {
    "zou": {
        "id": "ZOU-2027-000123",
        "municipality": "Zeist",
        "law": "wmo",
        "request_date": "2027-02-01",
        "decision_date": "2027-02-10",
        "client": {"id": "c-81723", "birth_date": "1986-05-01", "social_network_involved": True},
        "service": "begeleiding_wmo",
        "provider": {"id": "12345678"},
        "start_date": "2027-03-01",
        "end_date": "2028-02-29",
        "volume": {"amount": 2, "unit": "uur", "per": "week"},
        "perspective": "activerend",
        "referrer": "lokaal_team",
        "goals": ["Zelfstandig de administratie bijhouden"],
    }
}
