"""iJw 3.2 / iWmo 3.2 code lists, and how they map onto the decision vocabulary.

Plain data, kept apart from the reader so that a reviewer can check each mapping against
the published code lists (https://informatiemodel.istandaarden.nl). A product category is
mapped to a service only where every product in that category is that service; categories
that hold several services, or none of ours, are deliberately absent from the `*_SERVICE`
tables, and the reader turns such a product into an error record naming the category.

Known coarseness, left to the rules rather than guessed here: youth categories 43/44 also
hold pleegzorg, gezinshuis and logeren, and 45 also holds begeleiding and dyslexiezorg; the
category cannot tell them apart, so they map to the general service (jeugdhulp_verblijf,
jeugdhulp_ambulant). The region's own product code is kept in `product.code`.
"""

from __future__ import annotations

from triage.vocabulary import Law, Referrer, Service, VolumePer, VolumeUnit

# COD002-VEKT (Berichtcode, Vektis): the Header's BerichtCode of the toewijzing messages and
# of the requests for allocation (verzoek om toewijzing)
MESSAGE_CODES: dict[str, tuple[str, Law]] = {
    "436": ("JW301", Law.JEUGDWET),
    "414": ("WMO301", Law.WMO),
    "446": ("JW315", Law.JEUGDWET),
    "444": ("WMO315", Law.WMO),
}

# COD327 (Verwijzer type): all codes, and those that map onto the vocabulary's referrers.
# 01 gemeente is left unmapped: it can be a local team or a central access point.
REFERRER_TYPES: dict[str, str] = {
    "01": "gemeente",
    "02": "huisarts",
    "03": "jeugdarts",
    "04": "gecertificeerde instelling",
    "05": "medisch specialist",
    "06": "zelfverwijzer/geen verwijzer",
    "08": "rechter, officier van justitie, functionaris JJI",
}
REFERRER: dict[str, Referrer] = {
    "02": Referrer.HUISARTS,
    "03": Referrer.JEUGDARTS,
    "04": Referrer.GECERTIFICEERDE_INSTELLING,
    "05": Referrer.MEDISCH_SPECIALIST,
    "06": Referrer.GEEN,
    "08": Referrer.RECHTER,
}

# JZ020 (Productcategorie, iJw 3.2): all codes with their names, for messages
JEUGD_CATEGORIES: dict[str, str] = {
    "31": "(2015) zonder verblijf: uitgevoerd door wijk- of buurtteam",
    "32": "(2015) zonder verblijf: ambulante jeugdhulp op locatie van de aanbieder",
    "33": "(2015) zonder verblijf: daghulp op locatie van de aanbieder",
    "34": "(2015) zonder verblijf: jeugdhulp in het netwerk van de jeugdige",
    "35": "(2015) met verblijf: pleegzorg",
    "36": "(2015) met verblijf: gezinsgericht",
    "37": "(2015) met verblijf: gesloten plaatsing",
    "38": "(2015) met verblijf: overig residentieel",
    "40": "persoonlijke verzorging",
    "41": "dagbehandeling",
    "42": "vervoerdiensten",
    "43": "jeugdhulp verblijf (incl. behandeling)",
    "44": "jeugdhulp verblijf (excl. behandeling)",
    "45": "jeugdhulp ambulant",
    "46": "jeugdhulp crisis",
    "47": "jeugdreclassering",
    "48": "jeugdbescherming",
    "49": "activiteiten in het preventief justitieel kader",
    "50": "maatwerkarrangementen jeugd",
    "51": "generalistische basis-ggz",
    "52": "specialistische ggz",
    "53": "kindergeneeskunde",
    "54": "jeugd-ggz",
    "55": "landelijk ingekochte zorg",
}

# JZ020 (Productcategorie, iJw 3.2) -> service; unmapped: 31-38 (legacy 2015), 40, 49, 50, 53, 55
JEUGD_SERVICE: dict[str, Service] = {
    "41": Service.DAGBEHANDELING_JEUGD,
    "42": Service.VERVOER_JEUGD,
    "43": Service.JEUGDHULP_VERBLIJF,
    "44": Service.JEUGDHULP_VERBLIJF,
    "45": Service.JEUGDHULP_AMBULANT,
    "46": Service.CRISIS_JEUGD,
    "47": Service.JEUGDRECLASSERING,
    "48": Service.JEUGDBESCHERMING,
    "51": Service.JEUGD_GGZ,
    "52": Service.JEUGD_GGZ,
    "54": Service.JEUGD_GGZ,
}

# WMO020 (Productcategorie, iWmo 3.2): all codes with their names, for messages
WMO_CATEGORIES: dict[str, str] = {
    "01": "hulp bij het huishouden",
    "02": "begeleiding",
    "03": "persoonlijke verzorging",
    "04": "kortdurend verblijf",
    "05": "woondiensten",
    "06": "overige ondersteuning gericht op het individu of huishouden/gezin",
    "07": "dagbesteding",
    "08": "vervoerdiensten",
    "09": "overige groepsgerichte ondersteuning",
    "10": "overige maatwerkarrangementen",
    "11": "rolstoelen",
    "12": "vervoervoorzieningen",
    "13": "woonvoorzieningen",
    "14": "overige hulpmiddelen",
    "15": "beschermd wonen",
    "16": "opvang",
    "17": "spoedopvang",
    "18": "overige beschermd wonen en opvang",
}

# WMO020 (Productcategorie, iWmo 3.2) -> service; unmapped: 03, 05, 06, 09, 10, 18
WMO_SERVICE: dict[str, Service] = {
    "01": Service.HUISHOUDELIJKE_HULP,
    "02": Service.BEGELEIDING_WMO,
    "04": Service.LOGEREN_WMO,
    "07": Service.DAGBESTEDING_WMO,
    "08": Service.VERVOER_WMO,
    "11": Service.HULPMIDDELEN,
    "12": Service.HULPMIDDELEN,  # scootmobiel, aangepaste fiets/auto: individual means, not transport
    "13": Service.WONINGAANPASSING,
    "14": Service.HULPMIDDELEN,
    "15": Service.BESCHERMD_WONEN,
    "16": Service.MAATSCHAPPELIJKE_OPVANG,
    "17": Service.MAATSCHAPPELIJKE_OPVANG,
}

# WJ756 (Eenheid, shared by iJw and iWmo 3.2) -> volume unit
UNIT: dict[str, VolumeUnit] = {
    "01": VolumeUnit.MINUUT,
    "04": VolumeUnit.UUR,
    "14": VolumeUnit.ETMAAL,
    "16": VolumeUnit.DAGDEEL,
    "82": VolumeUnit.STUKS,  # stuks (output)
    "83": VolumeUnit.EURO,
    "84": VolumeUnit.STUKS,  # stuks (inspanning)
}

# WJ757 (iJw) / WMO757 (iWmo) (Frequentie, 3.2) -> volume period
PER: dict[str, VolumePer] = {
    "1": VolumePer.DAG,
    "2": VolumePer.WEEK,
    "4": VolumePer.MAAND,
    "6": VolumePer.TOTAAL,  # totaal binnen de geldigheidsduur van de toewijzing
}

# JZ002 / WMO002 (Reden wijziging toewijzing, 3.2): with Einddatum = Ingangsdatum these mean the
# toewijzing was withdrawn and is "not current" (OP087); there is no decision to check
WITHDRAWN_REASONS: dict[str, str] = {
    "01": "administratieve correctie (vervallen)",
    "13": "verwijderd",
}

# COD170 (Datumgebruik): 3 = day, month and year unknown; the birth date is then meaningless
UNKNOWN_DATE_USE = "3"


def categories(law: Law) -> dict[str, str]:
    """The product-category names of the law's code list (JZ020 or WMO020)."""
    return JEUGD_CATEGORIES if law is Law.JEUGDWET else WMO_CATEGORIES


def services(law: Law) -> dict[str, Service]:
    """The category -> service mapping for the law's code list."""
    return JEUGD_SERVICE if law is Law.JEUGDWET else WMO_SERVICE


def code_list(law: Law) -> str:
    """The name of the law's product-category code list."""
    return "JZ020" if law is Law.JEUGDWET else "WMO020"
