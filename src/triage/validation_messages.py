"""Pydantic validation errors as plain Dutch: which field, and what was expected.

A rejected value is described ("tekst van 12 tekens"), never repeated: it may be exactly the
personal data that must not reach a log, an error file or a report. Where a known value is
close to what was given, it is offered instead ("bedoelt u 'begeleiding_wmo'?").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
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


MAX_PROBLEMS = 20  # field errors named in one answer; the rest are counted


def more_problems(total: int) -> list[tuple[str, str]]:
    """The (field, reason) that counts the problems past `MAX_PROBLEMS` (none if there are
    none): an answer stays small however many items of a list are wrong."""
    rest = total - MAX_PROBLEMS
    return (
        [("(beschikking)", f"en nog {rest} andere fout(en), niet afzonderlijk genoemd")] if rest > 0 else []
    )


def describe_errors(errors: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """`describe_error` for the first `MAX_PROBLEMS` pydantic errors, then a count of the rest."""
    return [describe_error(error) for error in errors[:MAX_PROBLEMS]] + more_problems(len(errors))


def describe_value(value: Any) -> str:
    """What kind of value was given, in Dutch, without repeating it."""
    if value is None:
        return "niets (null)"
    if isinstance(value, bool):
        return "een ja/nee-waarde"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, str):
        return f"tekst van {len(value)} teken{'s' if len(value) != 1 else ''}" if value else "lege tekst"
    if isinstance(value, list | tuple):
        return f"een lijst met {len(value)} element{'en' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"een object met {len(value)} veld{'en' if len(value) != 1 else ''}"
    return "een waarde van een ander soort"


def closest(value: Any, known: Iterable[str]) -> str:
    """' bedoelt u 'x'?' when a known value is close to the text given, else ''."""
    if not isinstance(value, str) or not value:
        return ""
    match = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    return f"; bedoelt u {match[0]!r}?" if match else ""


def describe_error(error: dict[str, Any]) -> tuple[str, str]:
    """(dotted field, Dutch reason) for one pydantic error."""
    field = ".".join(str(part) for part in error["loc"]) or "(beschikking)"
    kind = error["type"]
    if kind == "enum":
        # pydantic lists the values in English ("'a', 'b' or 'c'")
        expected = error.get("ctx", {}).get("expected", "").replace("' or '", "' of '")
        known = [item.strip(" '") for item in expected.replace("' of '", "', '").split(",")]
        given = error.get("input")
        reason = (
            f"onbekende waarde ({describe_value(given)}){closest(given, known)}; verwacht een van: {expected}"
        )
    elif kind in _EXPECTED:
        reason = _EXPECTED[kind]
        if kind != "missing" and "input" in error and field != "(beschikking)":
            reason += f" (gekregen: {describe_value(error['input'])})"
    else:
        reason = error["msg"].removeprefix("Value error, ")
    return field, reason
