"""The view model of the consultant's form: each field's value, label and problem, the
error summary in the order of the page, and the exception rows.

The mapping between form fields and decision data is `triage.web.form_data`; the pickers'
choices are `triage.web.form_options`; the Dutch labels of the fields are
`triage.presentation`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from triage.decision import DECISION_FIELDS
from triage.presentation import FIELD_LABELS
from triage.rulebook.loader import Rulebook
from triage.web.form_data import LIST_FIELDS, SCALAR_FIELDS, RowMeta, as_text, value_at
from triage.web.form_options import BOOK_WORDS, EXCEPTION_PART_LABELS, SERVICE_GROUPS, SERVICE_LABELS


def field_id(path: str) -> str:
    return "f-" + path.replace(".", "-")


@dataclass
class Problem:
    field: str
    label: str
    reason: str
    anchor: str | None  # the id of the form field it belongs to, if any


def _form_field_of(name: str, rows: int) -> str | None:
    """The form field a problem's dotted name belongs to (None: no field, summary only)."""
    if name in SCALAR_FIELDS or name in LIST_FIELDS:
        return name
    head = name.split(".")[0]
    if head in LIST_FIELDS:
        return head  # goals.1, activities.0
    match = re.fullmatch(r"exceptions\.(\d+)\.(principle|ground|motivation)", name)
    if match and int(match.group(1)) < rows:
        return name
    if name == "volume":
        return "volume.amount"
    return _TEXT_FIELDS.get(name)


# problems with a pasted or uploaded decision as a whole belong to the paste form
_TEXT_FIELDS = {"(tekst)": "tekst", "(beschikking)": "tekst", "(bestand)": "bestand"}


# the order of the fields on the page, for the error summary
FORM_ORDER = (
    "tekst",
    "bestand",
    "id",
    "decision_date",
    "request_date",
    "law",
    "municipality",
    "region",
    "client",
    *(name for name in DECISION_FIELDS if name.startswith("client.")),
    "crisis",
    "service",
    "form",
    "perspective",
    "referrer",
    "goals",
    "activities",
    "start_date",
    "end_date",
    "volume",
    "volume.amount",
    "volume.unit",
    "volume.per",
    "contract",
    "provider",
    "provider.id",
    "provider.name",
    "product",
    "product.code",
    "product.category",
    "product.variant",
    "extends",
    "progress",
    "part_of_treatment",
    "education_arrangement",
    "exceptions",
)


def _form_position(problem: Problem) -> tuple[int, str]:
    name = _TEXT_FIELDS.get(problem.field, problem.field)
    parts = name.split(".")
    for size in range(len(parts), 0, -1):
        head = ".".join(parts[:size])
        if head in FORM_ORDER:
            return FORM_ORDER.index(head), name
    return len(FORM_ORDER), name


def _label(name: str) -> str:
    match = re.fullmatch(r"exceptions\.(\d+)\.(\w+)(.*)", name)
    if match:
        part = EXCEPTION_PART_LABELS.get(match.group(2), match.group(2))
        return f"Uitzondering {int(match.group(1)) + 1}: {part}"
    head = name.split(".")
    for size in range(len(head), 0, -1):
        label = FIELD_LABELS.get(".".join(head[:size]))
        if label:
            return label
    return name


class FormView:
    """What the form template needs: values, errors and choices for every field."""

    def __init__(
        self,
        book: Rulebook,
        data: Mapping[str, Any] | None = None,
        meta: Mapping[int, RowMeta] | None = None,
        problems: Iterable[tuple[str, str]] = (),
        focus_row: int | None = None,
    ):
        self.book = book
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        self.meta = dict(meta or {})
        self.focus_row = focus_row
        raw_rows = self.data.get("exceptions")
        self._rows = (
            [r if isinstance(r, Mapping) else {} for r in raw_rows] if isinstance(raw_rows, list) else []
        )
        self.problems: list[Problem] = []
        self._errors: dict[str, list[str]] = {}
        for name, reason in problems:
            target = _form_field_of(name, len(self._rows))
            self.problems.append(Problem(name, _label(name), reason, field_id(target) if target else None))
            if target:
                self._errors.setdefault(target, []).append(reason)
        self.problems.sort(key=_form_position)

    # values and errors
    def value(self, path: str) -> str:
        return as_text(value_at(self.data, path))

    def values(self, path: str) -> list[str]:
        value = value_at(self.data, path)
        return [as_text(v) for v in value] if isinstance(value, list) else []

    def error(self, path: str) -> str:
        return "; ".join(self._errors.get(path, []))

    def id(self, path: str) -> str:
        return field_id(path)

    def has_any(self, paths: Iterable[str]) -> bool:
        """Whether any of the fields has a value or an error (opens a folded section)."""
        return any(self.value(p) or self.error(p) for p in paths)

    # choices
    def regions(self) -> list[tuple[str, str]]:
        return [(r, self.book.regions[r].name) for r in self.book.region_names]

    def unknown_region(self) -> str:
        raw = self.value("region")
        return raw if raw and raw not in dict(self.regions()) else ""

    def municipality_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        groups = []
        for region, name in self.regions():
            names = sorted(m.name for m in self.book.regions[region].municipalities)
            groups.append((name, [(n, n) for n in names]))
        return groups

    def municipality_names(self) -> list[str]:
        return sorted(n for _, names in self.municipality_groups() for n, _ in names)

    def selected_municipality(self) -> str:
        """The canonical name for a known name or CBS code; else the value as entered."""
        raw = self.value("municipality")
        found = self.book.find_municipality(raw) if raw else None
        return found[1].name if found else raw

    def unknown_municipality(self) -> str:
        raw = self.value("municipality")
        return raw if raw and self.book.find_municipality(raw) is None else ""

    def choices(self, name: str) -> list[tuple[str, str]]:
        """(value, Dutch words) of a vocabulary of `BOOK_WORDS`, as the rule book words them."""
        words = self.book.catalogue.labels[BOOK_WORDS[name]]
        return [(value, text[:1].upper() + text[1:]) for value, text in words.items()]

    def service_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(law, [(s.value, SERVICE_LABELS[s]) for s in services]) for law, services in SERVICE_GROUPS]

    def principles(self) -> list[tuple[str, str]]:
        return [(p.id, p.name) for p in self.book.catalogue.principles]

    def grounds(self) -> list[tuple[str, str]]:
        return [(g.id, g.description) for g in self.book.catalogue.grounds]

    def principle_name(self, principle: str) -> str:
        return next((name for pid, name in self.principles() if pid == principle), principle)

    def exception_rows(self, blank: bool = True) -> list[dict[str, Any]]:
        """The recorded exceptions, and one empty row to add another (unless a row was just
        added from a suggestion)."""
        rows = []
        for index, row in enumerate(self._rows):
            meta = self.meta.get(index, RowMeta())
            principle = as_text(row.get("principle"))
            principles = self.principles()
            if meta.fixed:
                principles = [(pid, name) for pid, name in principles if pid == principle] or [
                    (principle, principle)
                ]
            grounds = self.grounds()
            if meta.fixed and meta.grounds:
                grounds = [(gid, desc) for gid, desc in grounds if gid in meta.grounds]
            ground = as_text(row.get("ground"))
            # a value from a pasted decision that the catalogue does not know stays visible
            if principle and principle not in {pid for pid, _ in principles}:
                principles = [(principle, f"{principle} (onbekend)"), *principles]
            if ground and not meta.fixed and ground not in {gid for gid, _ in grounds}:
                grounds = [(ground, f"{ground} (onbekend)"), *grounds]
            rows.append(
                {
                    "index": index,
                    "principle": principle,
                    "ground": ground,
                    "motivation": as_text(row.get("motivation")),
                    "fixed": meta.fixed,
                    "allowed": ",".join(meta.grounds),
                    "principles": principles,
                    "grounds": grounds,
                    "focus": index == self.focus_row,
                    "filled": True,
                }
            )
        if blank and self.focus_row is None:
            rows.append(
                {
                    "index": len(self._rows),
                    "principle": "",
                    "ground": "",
                    "motivation": "",
                    "fixed": False,
                    "allowed": "",
                    "principles": self.principles(),
                    "grounds": self.grounds(),
                    "focus": False,
                    "filled": False,
                }
            )
        return rows
