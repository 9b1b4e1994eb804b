"""Every Dutch sentence of an outcome that is not a rule's own text: one template each, with
named slots (`{ground}`), and the words values are shown with.

The explanation of one decision (`triage.explanation`) fills a template with Python values
(`Sentence.fill`); the fast path (`triage.engine.vectorised.explain`) fills the same
template with polars expressions (`Sentence.pieces`, joined by one helper there). A sentence
is therefore reworded here, once, and both paths say the new words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypeVar

_SLOT = re.compile(r"\{(\w+)\}")
Slot = TypeVar("Slot")


@dataclass(frozen=True)
class Sentence:
    template: str

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(_SLOT.findall(self.template))

    def fill(self, **values: str) -> str:
        """The sentence with each slot replaced by its text."""
        return "".join(piece if isinstance(piece, str) else values[piece.name] for piece in self._parts())

    def pieces(self, **values: Slot) -> list[str | Slot]:
        """The sentence as literal text and slot values, in order (for a caller that joins
        values of its own kind, such as polars expressions)."""
        return [piece if isinstance(piece, str) else values[piece.name] for piece in self._parts()]

    def _parts(self) -> list[str | _Name]:
        parts: list[str | _Name] = []
        for index, text in enumerate(_SLOT.split(self.template)):
            if index % 2:
                parts.append(_Name(text))
            elif text:
                parts.append(text)
        return parts


@dataclass(frozen=True)
class _Name:
    name: str


# -- exceptions (a finding's `exception.reason`, and its remedy) ------------------------------
EXCEPTION_ACCEPTED = Sentence("Uitzondering aanvaard: {ground}.")
GROUND_NOT_ACCEPTED = Sentence("De grond '{ground}' telt hier niet; aanvaarde gronden: {grounds}.")
NO_MOTIVATION = Sentence("De uitzondering heeft geen motivering; schrijf op waarom ze nodig is.")
NO_EXCEPTION = Sentence(
    "Deze regel kent geen uitzondering; een vastgelegde grond verandert de uitkomst niet."
)
RECORD_EXCEPTION = Sentence(
    "Of leg een uitzondering vast: principe {principle}, {grounds}, met een motivering."
)
ANY_GROUND = Sentence("een grond naar keuze")
THESE_GROUNDS = Sentence("grond {grounds}")  # the grounds joined by GROUND_CHOICE
GROUND_CHOICE = " of "
ACCEPTED_GROUNDS_SEPARATOR = ", "
GROUND_DESCRIBED = Sentence("{ground} ({description})")  # a catalogue ground
# a finding's message with the reason an exception counted, a remedy after a reason
FOLLOWED_BY = Sentence("{first} {then}")

# A contract records a deviation (maatwerk: principle and motivation) where a decision records
# an exception; it is weighed the same way, under the ground `DEVIATION_GROUND`, in these words.
DEVIATION_UNMOTIVATED = Sentence(
    "De vastgelegde afwijking heeft geen motivering; schrijf op waarom ze nodig is."
)
DEVIATION_REMEDY = Sentence("Of leg een afwijking (maatwerk) vast: principe {principle}, met een motivering.")
DEVIATION_NOT_ALLOWED = Sentence(
    "Deze regel staat geen afwijking toe; een vastgelegde afwijking verandert de uitkomst niet."
)
DEVIATION_ACCEPTED = Sentence("Afwijking (maatwerk) vastgelegd met een motivering: aanvaard.")

# -- priority -------------------------------------------------------------------------------
NO_PRIORITY = Sentence("Geen crisis en geen voorrangsgrond: de wachtlijst volgt de datum van de aanvraag.")

# -- facts in words (`term_text`) -----------------------------------------------------------
OPEN_ENDED_TERM = Sentence("zonder einddatum (open einde)")
TERM = Sentence("{months} maanden (tot en met {end})")

# -- values in a message (`display`, and its polars twin in the fast path) -------------------
NOT_RECORDED = "niet vastgelegd"
YES, NO = "ja", "nee"
EMPTY_LIST = "geen"
LIST_SEPARATOR = ", "
WITH_UNIT = Sentence("{value} {unit}")  # a parameter with its unit: "9 maanden"


def display(value: Any) -> str:
    """A value as plain Dutch text in a message."""
    if type(value) is str or type(value) is int:  # the most common, first
        return str(value)
    if value is None:
        return NOT_RECORDED
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(display(item) for item in value) or EMPTY_LIST
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
