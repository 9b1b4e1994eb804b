"""The choices of the consultant's form: the closed vocabularies as (value, Dutch label)
pairs for its pickers, grouped services, and the labels of an exception row's parts. Where
the form needs no more than the words messages use (units, periods, activities), the
choices are the rule book's words (`FormView.choices`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from triage.vocabulary import (
    ChildProtection,
    Contract,
    Form,
    Law,
    Perspective,
    Referrer,
    Service,
)

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


OPTIONS = _Options(
    law=_pairs(LAW_LABELS),
    child_protection=_pairs(CHILD_PROTECTION_LABELS),
    form=_pairs(FORM_LABELS),
    perspective=[("", "Niet vastgelegd"), *_pairs(PERSPECTIVE_LABELS)],
    referrer=_pairs(REFERRER_LABELS),
    contract=_pairs(CONTRACT_LABELS),
)
# the vocabularies whose words on the form are the rule book's (catalogue.yaml `labels`),
# as messages show them: see `FormView.choices`
BOOK_WORDS = {"unit": "volume_unit", "per": "volume_per", "activity": "activity"}
