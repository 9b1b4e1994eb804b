"""The web form ↔ decision mapping of the consultant's page.

Form fields carry the decision's own dotted field names (`client.birth_date`,
`exceptions.0.ground`), so the problems of `parse_decision` (in the CLI's words) land next to
the field they name. An empty form field means "absent"; nothing is ever guessed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from triage.decision import DECISION_FIELDS, Decision
from triage.presentation import FIELD_LABELS
from triage.privacy import BSN_GUARDS, bsn_problem
from triage.rulebook.loader import Rulebook
from triage.vocabulary import (
    Activity,
    ChildProtection,
    Contract,
    Form,
    Law,
    Perspective,
    Referrer,
    Service,
    VolumePer,
    VolumeUnit,
)

# Every single-valued form field, in the decision's dotted names.
LIST_FIELDS = ("goals", "activities")
SCALAR_FIELDS = tuple(name for name in DECISION_FIELDS if name not in (*LIST_FIELDS, "exceptions"))
EXCEPTION_PARTS = ("principle", "ground", "motivation")
_EXCEPTION_KEY = re.compile(r"^exceptions\.(\d{1,3})\.(principle|ground|motivation|fixed|grounds|weglaten)$")

EXCEPTION_PART_LABELS = {"principle": "principe", "ground": "grond", "motivation": "motivering"}
SERVICE_LABELS = {
    Service.JEUGDHULP_AMBULANT: "Ambulante jeugdhulp (ook opvoedhulp en behandeling)",
    Service.BEGELEIDING_JEUGD: "Begeleiding (jeugd)",
    Service.JEUGD_GGZ: "Jeugd-ggz",
    Service.DAGBEHANDELING_JEUGD: "Dagbehandeling (jeugd)",
    Service.DAGBESTEDING_JEUGD: "Dagbesteding (jeugd)",
    Service.LOGEREN_JEUGD: "Logeren (jeugd)",
    Service.JEUGDHULP_VERBLIJF: "Jeugdhulp met verblijf",
    Service.PLEEGZORG: "Pleegzorg",
    Service.GEZINSHUIS: "Gezinshuis",
    Service.JEUGDZORG_PLUS: "Jeugdzorg Plus",
    Service.CRISIS_JEUGD: "Crisishulp (jeugd)",
    Service.JEUGDBESCHERMING: "Jeugdbescherming",
    Service.JEUGDRECLASSERING: "Jeugdreclassering",
    Service.DYSLEXIEZORG: "Dyslexiezorg",
    Service.VERVOER_JEUGD: "Vervoer (jeugd)",
    Service.BEGELEIDING_WMO: "Begeleiding (Wmo)",
    Service.DAGBESTEDING_WMO: "Dagbesteding (Wmo)",
    Service.LOGEREN_WMO: "Logeren (Wmo)",
    Service.HUISHOUDELIJKE_HULP: "Huishoudelijke hulp",
    Service.BESCHERMD_WONEN: "Beschermd wonen",
    Service.MAATSCHAPPELIJKE_OPVANG: "Maatschappelijke opvang",
    Service.HULPMIDDELEN: "Hulpmiddelen",
    Service.WONINGAANPASSING: "Woningaanpassing",
    Service.VERVOER_WMO: "Vervoer (Wmo)",
    Service.CLIENTONDERSTEUNING: "Cliëntondersteuning",
    Service.COMPLEMENTAIRE_ZORG: "Complementaire zorg",
}
_YOUTH = (
    Service.JEUGDHULP_AMBULANT,
    Service.BEGELEIDING_JEUGD,
    Service.JEUGD_GGZ,
    Service.DAGBEHANDELING_JEUGD,
    Service.DAGBESTEDING_JEUGD,
    Service.LOGEREN_JEUGD,
    Service.JEUGDHULP_VERBLIJF,
    Service.PLEEGZORG,
    Service.GEZINSHUIS,
    Service.JEUGDZORG_PLUS,
    Service.CRISIS_JEUGD,
    Service.JEUGDBESCHERMING,
    Service.JEUGDRECLASSERING,
    Service.DYSLEXIEZORG,
    Service.VERVOER_JEUGD,
)
_EITHER = (Service.COMPLEMENTAIRE_ZORG,)
SERVICE_GROUPS = (
    ("Jeugdwet", list(_YOUTH)),
    ("Wmo 2015", [s for s in Service if s not in _YOUTH and s not in _EITHER]),
    ("Beide wetten", list(_EITHER)),
)
LAW_LABELS = {Law.JEUGDWET: "Jeugdwet", Law.WMO: "Wmo 2015"}
CHILD_PROTECTION_LABELS = {
    ChildProtection.GEEN: "Geen",
    ChildProtection.IN_AANLOOP: "Maatregel in aanloop",
    ChildProtection.OTS: "Ondertoezichtstelling (OTS)",
    ChildProtection.VOOGDIJ: "Voogdij",
    ChildProtection.JEUGDRECLASSERING: "Jeugdreclassering",
}
FORM_LABELS = {Form.INDIVIDUEEL: "Individueel", Form.GROEP: "In een groep"}
CONTRACT_LABELS = {
    Contract.REGULIER: "Regulier (regionaal contract)",
    Contract.MAATWERKCONTRACT: "Maatwerkcontract (eenmalig, met een niet-gecontracteerde aanbieder)",
    Contract.PGB: "Persoonsgebonden budget (pgb)",
    Contract.ONDERAANNEMING: "Onderaanneming",
    Contract.GEEN: "Geen (algemene voorziening)",
}
PERSPECTIVE_LABELS = {
    Perspective.ACTIVEREND: "Activerend (ontwikkeling)",
    Perspective.STABILISEREND: "Stabiliserend",
}
REFERRER_LABELS = {
    Referrer.LOKAAL_TEAM: "Lokaal team",
    Referrer.HUISARTS: "Huisarts",
    Referrer.JEUGDARTS: "Jeugdarts",
    Referrer.MEDISCH_SPECIALIST: "Medisch specialist",
    Referrer.GECERTIFICEERDE_INSTELLING: "Gecertificeerde instelling",
    Referrer.RECHTER: "Rechter",
    Referrer.CENTRALE_TOEGANG: "Centrale toegang",
    Referrer.GEEN: "Geen verwijzer",
}
UNIT_LABELS = {
    VolumeUnit.MINUUT: "minuten",
    VolumeUnit.UUR: "uur",
    VolumeUnit.ETMAAL: "etmalen",
    VolumeUnit.DAGDEEL: "dagdelen",
    VolumeUnit.STUKS: "stuks",
    VolumeUnit.EURO: "euro",
}
PER_LABELS = {
    VolumePer.DAG: "per dag",
    VolumePer.WEEK: "per week",
    VolumePer.MAAND: "per maand",
    VolumePer.TOTAAL: "in totaal",
}
ACTIVITY_LABELS = {
    Activity.LICHT_HUISHOUDELIJK_WERK: "Licht huishoudelijk werk",
    Activity.ZWAAR_HUISHOUDELIJK_WERK: "Zwaar huishoudelijk werk",
    Activity.WASVERZORGING: "Wasverzorging",
    Activity.BOODSCHAPPEN: "Boodschappen",
    Activity.ORGANISATIE_HUISHOUDEN: "Organisatie van het huishouden",
    Activity.MAALTIJDEN: "Maaltijden",
    Activity.ZELFVERZORGING_KINDEREN: "Zelfverzorging van kinderen",
}
TRI_STATE = (("", "Niet vastgelegd"), ("true", "Ja"), ("false", "Nee"))


def _pairs(labels: Mapping[Any, str]) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


@dataclass(frozen=True)
class _Options:
    """(value, Dutch label) choices of the closed vocabularies, for the form's pickers."""

    law: list[tuple[str, str]]
    child_protection: list[tuple[str, str]]
    form: list[tuple[str, str]]
    perspective: list[tuple[str, str]]
    referrer: list[tuple[str, str]]
    contract: list[tuple[str, str]]
    unit: list[tuple[str, str]]
    per: list[tuple[str, str]]
    activity: list[tuple[str, str]]


OPTIONS = _Options(
    law=_pairs(LAW_LABELS),
    child_protection=_pairs(CHILD_PROTECTION_LABELS),
    form=_pairs(FORM_LABELS),
    perspective=[("", "Niet vastgelegd"), *_pairs(PERSPECTIVE_LABELS)],
    referrer=_pairs(REFERRER_LABELS),
    contract=_pairs(CONTRACT_LABELS),
    unit=_pairs(UNIT_LABELS),
    per=_pairs(PER_LABELS),
    activity=_pairs(ACTIVITY_LABELS),
)

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


def _get(data: Any, path: str) -> Any:
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
    "client.id",
    "client.birth_date",
    "client.residence_municipality",
    "client.child_protection",
    "client.social_network_involved",
    "client.network_strengthening",
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
        return as_text(_get(self.data, path))

    def values(self, path: str) -> list[str]:
        value = _get(self.data, path)
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
