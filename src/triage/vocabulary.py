"""The closed vocabularies of the public interface (`docs/decision-format.md`).

Values that are Dutch terms of art stay Dutch; the enum names are English where that helps.
"""

from __future__ import annotations

from enum import StrEnum


class Law(StrEnum):
    JEUGDWET = "jeugdwet"
    WMO = "wmo"


class Service(StrEnum):
    # Youth (Jeugdwet)
    JEUGDHULP_AMBULANT = "jeugdhulp_ambulant"
    BEGELEIDING_JEUGD = "begeleiding_jeugd"
    JEUGD_GGZ = "jeugd_ggz"
    DAGBEHANDELING_JEUGD = "dagbehandeling_jeugd"
    DAGBESTEDING_JEUGD = "dagbesteding_jeugd"
    LOGEREN_JEUGD = "logeren_jeugd"
    JEUGDHULP_VERBLIJF = "jeugdhulp_verblijf"
    PLEEGZORG = "pleegzorg"
    GEZINSHUIS = "gezinshuis"
    JEUGDZORG_PLUS = "jeugdzorg_plus"
    CRISIS_JEUGD = "crisis_jeugd"
    JEUGDBESCHERMING = "jeugdbescherming"
    JEUGDRECLASSERING = "jeugdreclassering"
    DYSLEXIEZORG = "dyslexiezorg"
    VERVOER_JEUGD = "vervoer_jeugd"
    # Social support (Wmo 2015)
    BEGELEIDING_WMO = "begeleiding_wmo"
    DAGBESTEDING_WMO = "dagbesteding_wmo"
    LOGEREN_WMO = "logeren_wmo"
    HUISHOUDELIJKE_HULP = "huishoudelijke_hulp"
    BESCHERMD_WONEN = "beschermd_wonen"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke_opvang"
    HULPMIDDELEN = "hulpmiddelen"
    WONINGAANPASSING = "woningaanpassing"
    VERVOER_WMO = "vervoer_wmo"
    CLIENTONDERSTEUNING = "clientondersteuning"
    # Either law
    COMPLEMENTAIRE_ZORG = "complementaire_zorg"


class ChildProtection(StrEnum):
    GEEN = "geen"
    IN_AANLOOP = "in_aanloop"
    OTS = "ots"
    VOOGDIJ = "voogdij"
    JEUGDRECLASSERING = "jeugdreclassering"


class Form(StrEnum):
    INDIVIDUEEL = "individueel"
    GROEP = "groep"


class Contract(StrEnum):
    REGULIER = "regulier"
    MAATWERKCONTRACT = "maatwerkcontract"
    PGB = "pgb"
    ONDERAANNEMING = "onderaanneming"
    GEEN = "geen"


class Perspective(StrEnum):
    ACTIVEREND = "activerend"
    STABILISEREND = "stabiliserend"


class Referrer(StrEnum):
    LOKAAL_TEAM = "lokaal_team"
    HUISARTS = "huisarts"
    JEUGDARTS = "jeugdarts"
    MEDISCH_SPECIALIST = "medisch_specialist"
    GECERTIFICEERDE_INSTELLING = "gecertificeerde_instelling"
    RECHTER = "rechter"
    CENTRALE_TOEGANG = "centrale_toegang"
    GEEN = "geen"


class VolumeUnit(StrEnum):
    MINUUT = "minuut"
    UUR = "uur"
    ETMAAL = "etmaal"
    DAGDEEL = "dagdeel"
    STUKS = "stuks"
    EURO = "euro"


class VolumePer(StrEnum):
    DAG = "dag"
    WEEK = "week"
    MAAND = "maand"
    TOTAAL = "totaal"


class Activity(StrEnum):
    LICHT_HUISHOUDELIJK_WERK = "licht_huishoudelijk_werk"
    ZWAAR_HUISHOUDELIJK_WERK = "zwaar_huishoudelijk_werk"
    WASVERZORGING = "wasverzorging"
    BOODSCHAPPEN = "boodschappen"
    ORGANISATIE_HUISHOUDEN = "organisatie_huishouden"
    MAALTIJDEN = "maaltijden"
    ZELFVERZORGING_KINDEREN = "zelfverzorging_kinderen"


class FindingOutcome(StrEnum):
    """A finding's outcome; `conform` only ever appears as a verdict. (Named apart from the
    outcome model `triage.outcome.Outcome`, so that the API's schema names stay plain.)"""

    CONFORM = "conform"
    SIGNAAL = "signaal"
    CONFORM_MET_UITZONDERING = "conform_met_uitzondering"
    MOTIVERING_VEREIST = "motivering_vereist"
    NIET_CONFORM = "niet_conform"

    @property
    def severity(self) -> int:
        """Order used for the verdict; signals never count."""
        return _SEVERITY[self]


Outcome = FindingOutcome  # the name used throughout the code

_SEVERITY = {
    Outcome.CONFORM: 0,
    Outcome.SIGNAAL: 0,
    Outcome.CONFORM_MET_UITZONDERING: 1,
    Outcome.MOTIVERING_VEREIST: 2,
    Outcome.NIET_CONFORM: 3,
}


class PriorityClass(StrEnum):
    CRISIS = "crisis"
    VOORRANG = "voorrang"
    REGULIER = "regulier"

    @property
    def rank(self) -> int:
        """Lower is more urgent."""
        return {"crisis": 0, "voorrang": 1, "regulier": 2}[self.value]


# The closed vocabularies whose values are shown in Dutch words in messages (catalogue.yaml
# `labels`), by the name rule data uses for them.
VOCABULARIES: dict[str, type[StrEnum]] = {
    "service": Service,
    "law": Law,
    "child_protection": ChildProtection,
    "form": Form,
    "contract": Contract,
    "perspective": Perspective,
    "referrer": Referrer,
    "volume_unit": VolumeUnit,
    "volume_per": VolumePer,
    "activity": Activity,
}
