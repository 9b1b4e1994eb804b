"""What every input reader produces, whatever the file format.

A reader turns one input file into `SourceRecord`s in input order. A record either carries
a decision in the nested shape of `docs/decision-format.md` (values as read: text,
numbers, booleans, lists) or the reason it could not even be read as a decision. `ref`
says where it came from in words an auditor can look up ("regel 17", "rij 5",
"bericht.xml, client 2, product 1"); it never contains a BSN or a name.

CSV and Excel exports are flat: one decision per row, nested fields flattened with dots
(`client.birth_date`, `volume.amount`). `FLAT_COLUMNS` is that column list.

"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage.decision import DECISION_FIELDS

FLAT_COLUMNS: tuple[str, ...] = DECISION_FIELDS
LIST_COLUMNS = ("goals", "activities")
JSON_COLUMNS = ("exceptions",)
BOOL_COLUMNS = (
    "client.social_network_involved",
    "client.network_strengthening",
    "crisis",
    "education_arrangement",
    "progress",
)
TRUE_WORDS = ("true", "ja", "1")
FALSE_WORDS = ("false", "nee", "0")


@dataclass(frozen=True)
class RowError:
    """One input row that could not be evaluated: where, which field, and why (Dutch)."""

    ref: str
    field: str
    reason: str
    decision: str | None = None  # the decision id, when the row had a readable one
    # an iJw/iWmo product category without a service ("JZ020 55"): counted in the summary
    category: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "decision": self.decision, "field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class SourceRecord:
    """One decision read from an input file, or why it could not be read."""

    ref: str
    decision: dict[str, Any] | None = None
    error: RowError | None = None
    # of a toewijzing: (Afzender, ToewijzingNummer, Toewijzingsdatum, Toewijzingstijd), to
    # keep only the latest version of each allocation
    version: tuple[str, str, str, str] | None = None
