"""Pydantic validation errors as plain Dutch: which field, and what was expected."""

from __future__ import annotations

from typing import Any

_EXPECTED = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "date_from_datetime_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_type": "verwacht een datum JJJJ-MM-DD",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "string_type": "verwacht tekst",
    "list_type": "verwacht een lijst",
    "model_type": "verwacht een object met velden",
    "dict_type": "verwacht een object met velden",
    "model_attributes_type": "verwacht een object met velden",
    "float_parsing": "verwacht een getal",
    "float_type": "verwacht een getal",
    "int_parsing": "verwacht een geheel getal",
    "int_type": "verwacht een geheel getal",
    "greater_than_equal": "verwacht 0 of meer",
    "finite_number": "verwacht een eindig getal",
    "date_from_datetime_inexact": "verwacht een datum JJJJ-MM-DD, zonder tijd",
    "string_too_short": "mag niet leeg zijn",
}


MAX_SHOWN = 80


def _shown(value: Any) -> str:
    """The received value as written back in a message, cut short (never a whole body)."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def describe_error(error: dict[str, Any]) -> tuple[str, str]:
    """(dotted field, Dutch reason) for one pydantic error."""
    field = ".".join(str(part) for part in error["loc"]) or "(beschikking)"
    kind = error["type"]
    if kind == "enum":
        # pydantic lists the values in English ("'a', 'b' or 'c'")
        expected = error.get("ctx", {}).get("expected", "").replace("' or '", "' of '")
        reason = f"onbekende waarde {error.get('input')!r}; verwacht een van: {expected}"
    elif kind in _EXPECTED:
        reason = _EXPECTED[kind]
        if kind != "missing" and "input" in error and field != "(beschikking)":
            reason += f" (gekregen: {_shown(error['input'])})"
    else:
        reason = error["msg"].removeprefix("Value error, ")
    return field, reason
