"""The types of facts a rule condition may test (the catalogue is `triage.facts.FACTS`)."""

from __future__ import annotations

from enum import StrEnum


class FactType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOL = "bool"
    DATE = "date"
    LIST = "list"
