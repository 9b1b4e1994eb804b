"""How outcomes look to people: the one vocabulary of the terminal (`triage check`), the web
page and the audit and impact reports.

- `LEVELS`: per verdict or finding outcome its Dutch label, what it asks of the consultant,
  its colour in the terminal and in HTML, and its symbol;
- `PRIORITY_LABELS`;
- `label`: a Dutch label for every decision field, fact, parameter, computed date and
  context value a finding may list (`FIELD_LABELS`, `FACT_LABELS`, `COMPUTED_LABELS`; a
  parameter is labelled by its description in the rule files);
- `value_text`: a value as the page and the reports show it (the words of `triage.wording`);
- Dutch numbers, shares, dates and durations for the reports.

The sentences inside an outcome are `triage.wording`'s; this module only dresses them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from triage.vocabulary import Outcome as Level
from triage.vocabulary import PriorityClass
from triage.wording import display


@dataclass(frozen=True)
class Look:
    label: str  # "Motivering vereist"
    terminal: str  # a colour name of `rich`
    html: str  # a colour with at least 4.5:1 contrast on white
    symbol: str  # before the label on the page
    asks: str | None = None  # what the verdict asks of the consultant (verdicts only)


LEVELS: dict[Level, Look] = {
    Level.CONFORM: Look("Conform", "green", "#2e7d32", "✓", "past binnen het regionale kader"),
    Level.CONFORM_MET_UITZONDERING: Look(
        "Conform met uitzondering", "cyan", "#1565c0", "✓", "past, met een vastgelegde uitzondering"
    ),
    Level.MOTIVERING_VEREIST: Look(
        "Motivering vereist", "yellow", "#b45309", "!", "leg een uitzondering met motivering vast of pas aan"
    ),
    Level.NIET_CONFORM: Look("Niet conform", "red", "#b91c1c", "✕", "pas de beschikking aan"),
    Level.SIGNAAL: Look("Signaal", "blue", "#4b5563", "i"),
}
# a finding that counted an exception is marked shorter than the verdict says it
FINDING_LABELS = {level: look.label for level, look in LEVELS.items()} | {
    Level.CONFORM_MET_UITZONDERING: "Uitzondering"
}
PRIORITY_LABELS = {
    PriorityClass.CRISIS: "Crisis",
    PriorityClass.VOORRANG: "Voorrang",
    PriorityClass.REGULIER: "Regulier",
}


_LEVEL_VALUES = {level.value for level in Level}


def verdict_label(level: str) -> str:
    """The label of a verdict given by its value; an unknown one readable as it is."""
    return LEVELS[Level(level)].label if level in _LEVEL_VALUES else _readable(level)


def finding_label(level: str) -> str:
    """The label of a finding's outcome given by its value."""
    return FINDING_LABELS[Level(level)] if level in _LEVEL_VALUES else _readable(level)


def priority_label(priority: str) -> str:
    """The label of a priority class given by its value."""
    known = {p.value: label for p, label in PRIORITY_LABELS.items()}
    return known.get(priority) or _readable(priority)


def colour(level: str) -> str:
    """The HTML colour of a verdict or finding outcome given by its value."""
    return LEVELS[Level(level)].html if level in _LEVEL_VALUES else "#6b7280"


def _readable(key: str) -> str:
    return key.replace("_", " ").capitalize()


# -- labels of fields, facts and the other names a finding lists --------------------------------
FIELD_LABELS = {
    "id": "Kenmerk van de beschikking",
    "region": "Regio",
    "municipality": "Gemeente",
    "law": "Wet",
    "request_date": "Datum van de melding of aanvraag",
    "decision_date": "Datum van de beschikking",
    "client": "Cliënt",
    "client.id": "Cliëntnummer",
    "client.birth_date": "Geboortedatum",
    "client.residence_municipality": "Woonplaats",
    "client.child_protection": "Jeugdbescherming",
    "client.social_network_involved": "Sociaal netwerk betrokken",
    "client.network_strengthening": "Lokaal team versterkt het netwerk",
    "crisis": "Crisis",
    "service": "Voorziening",
    "product": "Product",
    "product.code": "Productcode",
    "product.category": "Productcategorie",
    "product.variant": "Productvariant",
    "form": "Vorm",
    "provider": "Aanbieder",
    "provider.id": "AGB-code van de aanbieder",
    "provider.name": "Naam van de aanbieder",
    "contract": "Contract",
    "start_date": "Startdatum",
    "end_date": "Einddatum",
    "volume": "Omvang",
    "volume.amount": "Omvang: hoeveel",
    "volume.unit": "Omvang: eenheid",
    "volume.per": "Omvang: per",
    "perspective": "Perspectief",
    "referrer": "Verwijzer",
    "goals": "Doelen",
    "activities": "Activiteiten",
    "education_arrangement": "Onderwijsarrangement",
    "part_of_treatment": "Hoort bij behandeling",
    "extends": "Verlengt beschikking",
    "progress": "Vooruitgang geboekt",
    "exceptions": "Uitzonderingen",
}
# facts (`triage.facts.FACTS`) that are not a decision field under the same name
FACT_LABELS = {
    "region": "Regio",
    "municipality_code": "CBS-code van de gemeente",
    "residence_municipality": FIELD_LABELS["client.residence_municipality"],
    "residence_region": "Regio van de woonplaats",
    "regional_document_from": "Regionaal beleid geldt vanaf",
    "product_code": FIELD_LABELS["product.code"],
    "product_category": FIELD_LABELS["product.category"],
    "variant": FIELD_LABELS["product.variant"],
    "child_protection": FIELD_LABELS["client.child_protection"],
    "social_network_involved": FIELD_LABELS["client.social_network_involved"],
    "network_strengthening": FIELD_LABELS["client.network_strengthening"],
    "provider_id": FIELD_LABELS["provider.id"],
    "goals_count": "Aantal doelen",
    "exceptions_count": "Aantal vastgelegde uitzonderingen",
    "volume_amount": FIELD_LABELS["volume.amount"],
    "volume_unit": FIELD_LABELS["volume.unit"],
    "volume_per": FIELD_LABELS["volume.per"],
    "decision_date": "Datum waarop de regels gelden",
    "birth_date": FIELD_LABELS["client.birth_date"],
    "open_ended": "Zonder einddatum",
    "age": "Leeftijd bij de start",
    "age_at_end": "Leeftijd bij het einde",
    "term_months": "Termijn in maanden",
    "term_days": "Termijn in dagen",
    "term_text": "Termijn",
    "start_delay_days": "Dagen van aanvraag tot start",
    "segment": "Segment",
    "segment_laws": "Wetten van het segment",
    # values of the context a message may name
    "region_name": "Regio",
    "regional_document": "Regionaal beleidsdocument",
    "segment_name": "Segment",
    "segment_note": "Toelichting bij het segment",
    "start_by": "Uiterlijk starten op",
}
# the dates rules compute (`compute:` in the rule files)
COMPUTED_LABELS = {
    "last_allowed_end_date": "Uiterste einddatum",
    "latest_start_date": "Uiterste startdatum",
    "majority_date": "Datum van meerderjarigheid",
}


def label(name: str, parameters: dict[str, str] | None = None) -> str:
    """The Dutch label of a name a finding lists or a form shows: a decision field (dotted), a
    fact, a computed date, or a parameter (`parameters`: name -> description). A name this
    module does not know is shown readable, and `tests/test_presentation.py` keeps that from
    happening for the rule book's names."""
    for known in (FACT_LABELS, FIELD_LABELS, COMPUTED_LABELS, parameters or {}):
        if name in known:
            return known[name]
    return _readable(name)


def field_label(name: str) -> str:
    """The Dutch label of a decision field (dotted name)."""
    return FIELD_LABELS.get(name) or label(name)


def value_text(value: Any) -> str:
    """A value as the page and the reports show it: the words of a message."""
    return display(value)


# -- Dutch numbers, dates and durations (reports) ----------------------------------------------
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTH_ABBR = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def number(value: float) -> str:
    """A whole number with Dutch thousands separators: 1000000 -> '1.000.000'."""
    return f"{round(value):,}".replace(",", ".")


def percentage(part: float, whole: float) -> str:
    """A share as a Dutch percentage with one decimal: '12,3%' ('0%' for nothing, '<0,1%' for a trace)."""
    if whole <= 0 or part <= 0:
        return "0%"
    share = 100 * part / whole
    if share < 0.05:
        return "<0,1%"
    return f"{share:.1f}".replace(".", ",") + "%"


def share(value: float) -> str:
    """A fraction as a Dutch percentage with one decimal: 0.123 -> '12,3%'."""
    return f"{value * 100:.1f}".replace(".", ",") + "%"


def points(value: float) -> str:
    """A difference of fractions in Dutch percentage points: 0.021 -> '+2,1 procentpunt'."""
    return f"{value * 100:+.1f}".replace(".", ",") + " procentpunt"


def date_words(day: dt.date) -> str:
    """A date in Dutch words: '17 maart 2027'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def moment_words(moment: dt.datetime) -> str:
    """A moment in Dutch words, with its UTC offset when it has one."""
    text = f"{date_words(moment)}, {moment:%H:%M:%S}"
    if moment.utcoffset() is not None:
        offset = moment.strftime("%z")
        text += " UTC" if offset == "+0000" else f" (UTC{offset[:3]}:{offset[3:]})"
    return text


def duration_words(seconds: float) -> str:
    """Wall-clock time in Dutch: '42,3 s', '3 min 05 s', '1 u 02 min'."""
    if seconds < 60:
        return f"{seconds:.1f}".replace(".", ",") + " s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} u {minutes:02d} min"
    return f"{minutes} min {secs:02d} s"


def in_force_words(value: str) -> str:
    """The rules' reference date of an audit in words."""
    try:
        return date_words(dt.date.fromisoformat(value))
    except ValueError:
        if value == "per beschikking":
            return "per beschikking (de beslisdatum van elke beschikking)"
        return value


def month_words(key: str, short: bool = False) -> tuple[str, str]:
    """A YYYY-MM key as (month, year) in Dutch; an unreadable key is returned as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", key)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return key, ""
    names = MONTH_ABBR if short else MONTHS
    return names[int(match.group(2)) - 1], match.group(1)
