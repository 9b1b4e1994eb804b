"""Field types that the decision and the contract models share: text, text without control
characters, and a field guarded against a BSN. One home for what they accept and for the Dutch
words they refuse a value with."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints

from triage.privacy import bsn_problem

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _without_control_characters(text: str) -> str:
    if any(ord(character) < 32 or 127 <= ord(character) < 160 for character in text):
        raise ValueError("bevat een stuurteken (zoals NUL, tab of regeleinde); verwacht gewone tekst")
    return text


# text that ends up in every output and report line (an id, a name): no control characters
PlainText = Annotated[NonEmptyText, AfterValidator(_without_control_characters)]


def bsn_guarded(field: str) -> BeforeValidator:
    """Refuse a value that may be a BSN or hold one (`privacy.BSN_GUARDS`), before any
    other check, so that no message ever repeats the number."""

    def check(value: Any) -> Any:
        reason = bsn_problem(field, value)
        if reason is not None:
            raise ValueError(reason)
        return value

    return BeforeValidator(check)
