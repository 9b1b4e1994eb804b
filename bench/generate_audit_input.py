"""Generate large, reproducible audit inputs: flat CSV exports (or JSON Lines) of decisions.

    python bench/generate_audit_input.py 100000 bench/data/audit-100k.csv
    python bench/generate_audit_input.py 1000000 bench/data/audit-1m.csv --seed 7 --broken 0.01
    python bench/generate_audit_input.py 100000 --jsonl bench/data/audit-100k.jsonl
    python bench/generate_audit_input.py 1000000 --jsonl bench/data/audit-1m.jsonl --jsonl-broken 0.01
    python bench/generate_audit_input.py --sample      # examples/audit/beschikkingen.csv (200 rows)

Options: --seed S (default 20261122), --broken SHARE (CSV), --jsonl OUT.jsonl (instead of or
as well as the CSV: the same decisions), --jsonl-broken SHARE (the same rows as in the CSV
broken in JSON Lines), --workers N (processes; the output is the same for any N because every
chunk of 10,000 decisions has its own random stream). How long it takes: bench/README.md,
"Figures behind the code".

Decisions are nested dicts in the shape of docs/decision-format.md, spread over all
five regions, every municipality (by name or by CBS code), both laws and every service, with
enough variation that every rule both fires and passes many times in 100,000 decisions:
ages around 18 and 23, terms around 6/9/12 months and open-ended ones, start delays around
the 24-hour and 3-month deadlines, decision dates on both sides of 2027-01-01, exceptions
with accepted and wrong grounds, empty motivations and principles that allow none.
Clients are pseudonymous (`c-000123`); providers are a fixed, synthetic pool of 200 with
8-digit AGB codes. The same count and seed always give the same bytes.

The CSV follows `triage.audit.records.FLAT_COLUMNS`. With `--broken SHARE` that share of
rows is broken on purpose, in five kinds taken in turn and spread evenly over the file (see
`BROKEN_KINDS`); the line numbers are in `<name>.manifest.json` next to the CSV.

Three rules use parameters that have no value in the rule book (MH-LZ-01
`light_care_services`, KL-SEG-01 and KL-EB-01 `segment_a_services`): they can only fire with
the per-municipality values of `AUDIT_PARAMETERS` (`parameter_overrides(municipality)`).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from bisect import bisect
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from triage.audit.records import FLAT_COLUMNS

DEFAULT_SEED = 20261122
REPO = Path(__file__).resolve().parents[1]
SAMPLE_PATH = REPO / "examples" / "audit" / "beschikkingen.csv"

# ---------------------------------------------------------------------------------------------
# Vocabulary and regional data (copied from rules/*/region.yaml so that the output does not
# change when unrelated rule files do).

REGIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "midden-holland",
        "MH",
        (
            ("Bodegraven-Reeuwijk", "1901"),
            ("Gouda", "0513"),
            ("Krimpenerwaard", "1931"),
            ("Waddinxveen", "0627"),
            ("Zuidplas", "1892"),
        ),
    ),
    (
        "gooi-en-vechtstreek",
        "GV",
        (
            ("Blaricum", "0376"),
            ("Eemnes", "0317"),
            ("Gooise Meren", "1942"),
            ("Hilversum", "0402"),
            ("Huizen", "0406"),
            ("Laren", "0417"),
            ("Wijdemeren", "1696"),
        ),
    ),
    (
        "westfriesland",
        "WF",
        (
            ("Drechterland", "0498"),
            ("Enkhuizen", "0388"),
            ("Hoorn", "0405"),
            ("Koggenland", "1598"),
            ("Medemblik", "0420"),
            ("Opmeer", "0432"),
            ("Stede Broec", "0532"),
        ),
    ),
    (
        "zuidoost-utrecht",
        "ZOU",
        (
            ("Bunnik", "0312"),
            ("De Bilt", "0310"),
            ("Utrechtse Heuvelrug", "1581"),
            ("Wijk bij Duurstede", "0352"),
            ("Zeist", "0355"),
        ),
    ),
    (
        "kennemerland",
        "KL",
        (
            ("Beverwijk", "0375"),
            ("Bloemendaal", "0377"),
            ("Haarlem", "0392"),
            ("Heemskerk", "0396"),
            ("Heemstede", "0397"),
            ("Velsen", "0453"),
            ("Zandvoort", "0473"),
        ),
    ),
)
# Residences outside the five regions (woonplaatsbeginsel: another municipality pays).
OUTSIDE_MUNICIPALITIES = ("Utrecht", "Amsterdam", "Leiden", "Alkmaar", "Amersfoort")

# Parameters that the rule book leaves empty (the documents give no list); an audit that wants
# MH-LZ-01, KL-SEG-01 and KL-EB-01 to fire passes these per municipality.
AUDIT_PARAMETERS: dict[str, dict[str, list[str]]] = {
    "Gouda": {"light_care_services": ["huishoudelijke_hulp", "begeleiding_wmo"]},
    "Waddinxveen": {"light_care_services": ["huishoudelijke_hulp"]},
    "Haarlem": {
        "segment_a_services": [
            "clientondersteuning",
            "huishoudelijke_hulp",
            "begeleiding_wmo",
            "jeugdhulp_ambulant",
        ]
    },
    "Velsen": {"segment_a_services": ["clientondersteuning", "huishoudelijke_hulp"]},
}
_CANONICAL = {key.casefold(): name for _, _, ms in REGIONS for name, cbs in ms for key in (name, cbs)}


def write_audit_rules(source: Path, target: Path) -> Path:
    """A copy of the rule folder `source` at `target` with `AUDIT_PARAMETERS` filled in as
    per-municipality parameter values (from 2018-01-01), so that every rule can fire when
    the audit reads its rules from there (`TRIAGE_RULES`, or `load_rulebook(target)`)."""
    shutil.copytree(source, target)
    for region_file in target.glob("*/region.yaml"):
        data = yaml.safe_load(region_file.read_text(encoding="utf-8"))
        names = {m["name"] for m in data.get("municipalities", [])}
        for municipality, values in AUDIT_PARAMETERS.items():
            for name, value in values.items():
                if municipality in names and name in data.get("parameters", {}):
                    data["parameters"][name]["values"].append(
                        {"value": value, "valid_from": "2018-01-01", "municipality": municipality}
                    )
        region_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def parameter_overrides(municipality: str) -> dict[str, Any]:
    """`AUDIT_PARAMETERS` for a municipality given by name (any case) or CBS code."""
    name = _CANONICAL.get(municipality.strip().casefold())
    return dict(AUDIT_PARAMETERS.get(name, {})) if name else {}


YOUTH, WMO, EITHER = "jeugdwet", "wmo", "either"
# service -> (law, weight in the mix, provider family, iJw/iWmo product category)
SERVICES: dict[str, tuple[str, float, str, str]] = {
    "jeugdhulp_ambulant": (YOUTH, 9.0, "jeugd_ambulant", "45"),
    "begeleiding_jeugd": (YOUTH, 7.0, "jeugd_ambulant", "45"),
    "jeugd_ggz": (YOUTH, 7.0, "jeugd_ambulant", "54"),
    "dagbehandeling_jeugd": (YOUTH, 2.5, "jeugd_dag", "41"),
    "dagbesteding_jeugd": (YOUTH, 5.5, "jeugd_dag", "45"),
    "logeren_jeugd": (YOUTH, 2.0, "jeugd_dag", "44"),
    "jeugdhulp_verblijf": (YOUTH, 2.5, "jeugd_verblijf", "43"),
    "pleegzorg": (YOUTH, 2.5, "jeugd_verblijf", "44"),
    "gezinshuis": (YOUTH, 1.5, "jeugd_verblijf", "43"),
    "jeugdzorg_plus": (YOUTH, 1.0, "jeugd_verblijf", "43"),
    "crisis_jeugd": (YOUTH, 2.0, "jeugd_verblijf", "46"),
    "jeugdbescherming": (YOUTH, 2.5, "jeugd_gi", "48"),
    "jeugdreclassering": (YOUTH, 1.5, "jeugd_gi", "47"),
    "dyslexiezorg": (YOUTH, 3.0, "jeugd_ambulant", "54"),
    "vervoer_jeugd": (YOUTH, 2.0, "vervoer", "42"),
    "begeleiding_wmo": (WMO, 9.0, "wmo_begeleiding", "02"),
    "dagbesteding_wmo": (WMO, 4.0, "wmo_begeleiding", "07"),
    "logeren_wmo": (WMO, 1.5, "wmo_begeleiding", "04"),
    "huishoudelijke_hulp": (WMO, 12.0, "hh", "01"),
    "beschermd_wonen": (WMO, 2.5, "wonen", "15"),
    "maatschappelijke_opvang": (WMO, 2.5, "wonen", "16"),
    "hulpmiddelen": (WMO, 4.0, "hulpmiddelen", "14"),
    "woningaanpassing": (WMO, 2.5, "hulpmiddelen", "13"),
    "vervoer_wmo": (WMO, 3.0, "vervoer", "08"),
    "clientondersteuning": (WMO, 2.5, "wmo_begeleiding", "06"),
    "complementaire_zorg": (EITHER, 4.5, "jeugd_ambulant", "45"),
}
COURT_SERVICES = frozenset({"jeugdbescherming", "jeugdreclassering"})
MEASURES = ("ots", "voogdij", "jeugdreclassering")
GROUPABLE = frozenset(
    {
        "jeugdhulp_ambulant",
        "begeleiding_jeugd",
        "begeleiding_wmo",
        "dagbesteding_jeugd",
        "dagbesteding_wmo",
        "dagbehandeling_jeugd",
        "logeren_jeugd",
        "logeren_wmo",
    }
)
ADULT_ONLY = frozenset(
    {"begeleiding_wmo", "dagbesteding_wmo", "logeren_wmo", "huishoudelijke_hulp", "beschermd_wonen"}
)
NO_PERSPECTIVE = frozenset(
    {
        "jeugdbescherming",
        "jeugdreclassering",
        "hulpmiddelen",
        "woningaanpassing",
        "vervoer_wmo",
        "vervoer_jeugd",
    }
)
RESIDENTIAL = frozenset(
    {
        "jeugdhulp_verblijf",
        "pleegzorg",
        "gezinshuis",
        "jeugdzorg_plus",
        "beschermd_wonen",
        "maatschappelijke_opvang",
    }
)
BASIC_ACTIVITIES = (
    ("licht_huishoudelijk_werk", 0.92),
    ("zwaar_huishoudelijk_werk", 0.45),
    ("wasverzorging", 0.4),
    ("boodschappen", 0.3),
    ("organisatie_huishouden", 0.2),
)
PLUS_ACTIVITIES = ("maaltijden", "zelfverzorging_kinderen")

# Texts: no ";" (the goals separator), no commas or quotes (so plain cells stay unquoted), no
# newlines, no names.
GOALS = {
    YOUTH: (
        "Zelfstandig naar school reizen",
        "Minder conflicten thuis",
        "Structuur in de dag",
        "Omgaan met emoties",
        "Weer naar school gaan",
        "Veilig opgroeien in het gezin",
        "Ouders versterken in de opvoeding",
        "Contact met leeftijdgenoten",
        "Beter slapen",
        "Leesvaardigheid op niveau",
    ),
    WMO: (
        "Zelfstandig blijven wonen",
        "Grip op de financien",
        "Een schoon en leefbaar huis",
        "Zinvolle daginvulling",
        "Sociaal netwerk uitbreiden",
        "Mantelzorger ontlasten",
        "Veilig thuis bewegen",
        "Zelfstandig boodschappen doen",
        "Weer een eigen woning",
        "Deelnemen aan activiteiten in de wijk",
    ),
}
MOTIVATIONS = {
    "verlengde_jeugdhulp": "Hulp is voor het 18e jaar gestart en loopt door; overgang naar de Wmo in "
    "voorbereiding.",
    "woonplaatsbeginsel": "Jeugdige verblijft bij pleegouders buiten de regio; alleen deze aanbieder is "
    "daar beschikbaar.",
    "uitzonderlijke_situatie": "Gezin in een uitzonderlijke situatie, gewogen in het multidisciplinair "
    "overleg van 'het lokale team'.",
    "continuiteit_van_zorg": "Client houdt de eigen hulpverlener; wisselen zou de voortgang schaden.",
    "geen_gecontracteerd_aanbod": "Gecontracteerde aanbieders hebben geen plek binnen 8 weken (navraag "
    "bij drie aanbieders).",
}
GROUNDS = tuple(MOTIVATIONS)

KINDS = ("bad_date", "unknown_service", "missing_columns", "wrong_type", "unparsable")
BROKEN_KINDS = {
    "bad_date": "start_date 'YYYY-02-30' (no such day) or end_date as 'DD-MM-YYYY', alternating",
    "unknown_service": "service not in the vocabulary: 'thuiszorg', 'jeugdhulp-ambulant' or "
    "'Begeleiding groep', in turn",
    "missing_columns": "the row's first 34, 27 or 20 fields only (header has 35), in turn",
    "wrong_type": "volume.amount 'veel' (empty unit/per filled with uur/week) or crisis 'misschien', "
    "alternating",
    "unparsable": 'municipality cell opens a double quote that never closes (`,"Zeist,`); the rest '
    "of the line has no quotes (exceptions left empty), and the line ends at its own "
    "newline",
}
_UNKNOWN_SERVICES = ("thuiszorg", "jeugdhulp-ambulant", "Begeleiding groep")
_MISSING_KEEP = (34, 27, 20)


# ---------------------------------------------------------------------------------------------
# Small helpers


def _table(pairs: Sequence[tuple[Any, float]]) -> tuple[tuple[Any, ...], list[float], float]:
    values = tuple(v for v, _ in pairs)
    cum, total = [], 0.0
    for _, weight in pairs:
        total += weight
        cum.append(total)
    return values, cum, total


def _add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clipped to the month's last day (as triage.date_arithmetic.add_months)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_ISO_BASE = dt.date(1920, 1, 1).toordinal()
_ISO: list[str] = []  # ordinal - _ISO_BASE -> "YYYY-MM-DD", filled on first use (1920-2034)
_MONTHS_LATER: dict[tuple[int, int], int] = {}


def _iso_table() -> list[str]:
    if not _ISO:
        _ISO.extend(dt.date.fromordinal(o).isoformat() for o in range(_ISO_BASE, _ISO_BASE + 115 * 366))
    return _ISO


def _months_later(ordinal: int, months: int) -> int:
    """`_add_months` on day ordinals, memoised (the generator asks for few distinct days)."""
    key = (ordinal, months)
    found = _MONTHS_LATER.get(key)
    if found is None:
        found = _MONTHS_LATER[key] = _add_months(dt.date.fromordinal(ordinal), months).toordinal()
    return found


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# a provider's data quality: multiplies the chance of gaps (no goals, no volume, ...)
_SLOPPINESS = (0.5, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0)
ProviderTable = tuple[tuple[tuple[dict[str, str], float], ...], list[float], float]


def _providers() -> dict[tuple[str, str], ProviderTable]:
    """A fixed synthetic pool of 200 providers -> per (region, family) a weighted table of
    (provider, sloppiness)."""
    rng = random.Random(1_000_003)  # independent of the seed: the same market in every file
    families = (
        ("jeugd_ambulant", 60, "Jeugdhulp"),
        ("jeugd_dag", 20, "Dagprogramma"),
        ("jeugd_verblijf", 25, "Jeugdverblijf"),
        ("jeugd_gi", 6, "Gecertificeerde Instelling"),
        ("wmo_begeleiding", 40, "Begeleiding"),
        ("hh", 22, "Huishoudelijke Hulp"),
        ("wonen", 10, "Wonen en Opvang"),
        ("hulpmiddelen", 8, "Hulpmiddelen"),
        ("vervoer", 9, "Vervoer"),
    )
    regions = [r for r, _, _ in REGIONS]
    seen: set[str] = set()
    by_key: dict[tuple[str, str], list[tuple[dict[str, str], float]]] = {}
    number = 0
    for family, count, label in families:
        for k in range(count):
            number += 1
            while True:
                agb = f"{rng.choice(('41', '73', '75', '98'))}{rng.randrange(10**6):06d}"
                if agb not in seen:
                    seen.add(agb)
                    break
            provider = ({"id": agb, "name": f"Zorgaanbieder {label} {number:03d}"}, _SLOPPINESS[number % 7])
            if family in ("jeugd_gi", "hulpmiddelen", "vervoer"):
                served = regions  # national or supra-regional providers
            else:
                served = [regions[k % 5], *rng.sample(regions, rng.choice((0, 0, 1, 2)))]
            weight = 1.0 / (1 + k) ** 0.8  # a few big providers, a long tail
            for region in dict.fromkeys(served):
                by_key.setdefault((region, family), []).append((provider, weight))
    return {key: _table(pairs) for key, pairs in by_key.items()}


PROVIDERS = _providers()


# ---------------------------------------------------------------------------------------------
# Decisions


CHUNK = 10_000  # decisions per random stream: chunks can be generated in parallel, same result


def generate_decisions(count: int, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """`count` nested decisions (decision-format.md); the same seed gives the same decisions.
    Decision i comes from the random stream of chunk i // CHUNK, seeded with "seed/chunk"."""
    for first in range(0, count, CHUNK):
        yield from _generate_chunk(seed, first, min(count, first + CHUNK))


def _generate_chunk(seed: int, first: int, stop: int) -> Iterator[dict]:
    """Decisions number `first` (a multiple of CHUNK) up to `stop`, from chunk first // CHUNK."""
    if first % CHUNK or stop - first > CHUNK:
        raise ValueError(f"not one chunk: {first}..{stop}")
    rng = random.Random(f"{seed}/{first // CHUNK}")  # str seeds go through SHA-512: stable
    r = rng.random

    def randrange(n: int) -> int:  # int(random() * n): several times faster than rng.randrange
        return int(r() * n)

    def choice(seq: Sequence[Any]) -> Any:
        return seq[int(r() * len(seq))]

    def pick(table: tuple[tuple[Any, ...], list[float], float]) -> Any:
        values, cum, total = table
        return values[bisect(cum, r() * total)]

    service_table = _table([(s, spec[1]) for s, spec in SERVICES.items()])
    youth_cp = _table([("geen", 82), ("in_aanloop", 6), ("ots", 7), ("voogdij", 2), ("jeugdreclassering", 3)])
    wmo_cp = _table([("geen", 95), ("in_aanloop", 3), ("ots", 2)])
    contract_table = _table(
        [("regulier", 78), ("maatwerkcontract", 6), ("pgb", 7), ("onderaanneming", 4), ("geen", 1)]
    )
    residential_contract = _table(
        [("regulier", 65), ("maatwerkcontract", 25), ("pgb", 5), ("onderaanneming", 5)]
    )
    youth_referrer = _table(
        [
            ("lokaal_team", 45),
            ("huisarts", 20),
            ("jeugdarts", 8),
            ("medisch_specialist", 7),
            ("gecertificeerde_instelling", 2),
            ("geen", 3),
            (None, 15),
        ]
    )
    wmo_referrer = _table(
        [("lokaal_team", 72), ("huisarts", 6), ("medisch_specialist", 2), ("geen", 5), (None, 15)]
    )
    access_referrer = _table([("centrale_toegang", 62), ("lokaal_team", 20), ("huisarts", 8), (None, 7)])
    start_2026 = dt.date(2026, 1, 5).toordinal()
    start_2027 = dt.date(2027, 1, 1).toordinal()
    edge = dt.date(2026, 12, 20).toordinal()
    fromordinal = dt.date.fromordinal
    iso = _iso_table()
    base = _ISO_BASE
    months_later = _months_later

    service_values, service_cum, service_total = service_table

    for number in range(first, stop):
        region, prefix, municipalities = REGIONS[int(r() * 5)]
        municipality, cbs = municipalities[int(r() * len(municipalities))]
        service = service_values[bisect(service_cum, r() * service_total)]
        law, _, family, category = SERVICES[service]
        if law == EITHER:
            law = YOUTH if r() < 0.6 else WMO
        elif r() < 0.05:  # given under the other law: MH-SEG-01 judges it
            law = WMO if law == YOUTH else YOUTH
        youth = law == YOUTH

        providers, cum, total = PROVIDERS[region, family]
        provider, sloppy = providers[bisect(cum, r() * total)]

        # --- dates: decision date in 2026 or 2027, with a cluster around 2027-01-01
        u = r()
        if u < 0.06:
            decided = edge + int(r() * 24)
        elif u < 0.45:
            decided = start_2026 + int(r() * (start_2027 - start_2026))
        else:
            decided = start_2027 + int(r() * 365)
        crisis = (service == "crisis_jeugd" and r() < 0.85) or r() < 0.025
        request = decided - (int(r() * 2) if crisis else int(r() * 22))

        # --- client
        if service == "jeugdbescherming":
            protection = "ots" if r() < 0.7 else "voogdij"
        elif service == "jeugdreclassering":
            protection = "jeugdreclassering"
        else:
            protection = pick(youth_cp if youth else wmo_cp)
        measure = protection in MEASURES

        if crisis:
            start = request + choice((0, 0, 0, 1, 1, 1, 2, 3, 5, 8))
        elif measure and youth:
            offset = choice((-45, -20, -1, 0, 0, 1, 2, 14, 40))
            start = months_later(request, 3) + offset
            start = max(start, request)
        else:
            start = decided + choice((0, 1, 7, 14, 14, 21, 28, 31, 45, 60, 92))
        start_day = fromordinal(start)

        u = r()
        if youth:
            if service == "jeugdreclassering":
                age = 12 + int(r() * 6)
            elif u < 0.10:
                age = 17
            elif u < 0.17:
                age = 18 + int(r() * 5)
            elif u < 0.185:
                age = 23 + int(r() * 5)
            elif service == "dyslexiezorg":
                age = 7 + int(r() * 6)
            else:
                age = int(r() * 17)
        elif u < 0.03:
            age = 15 + int(r() * 3)
        elif u < 0.06:
            age = 18
        elif service in ("huishoudelijke_hulp", "hulpmiddelen", "woningaanpassing"):
            age = 55 + int(r() * 40)
        else:
            age = 19 + int(r() * 70)
        birth = _years_back(start_day, age).toordinal() - int(r() * 365)
        client: dict[str, Any] = {
            "id": f"c-{int(r() * 1_000_000):06d}",
            "birth_date": iso[birth - base],
        }

        u = r()
        if u < 0.88:
            pass
        elif u < 0.92:
            client["residence_municipality"] = municipality
        elif u < 0.94:
            client["residence_municipality"] = cbs
        elif u < 0.985:
            other = municipalities[int(r() * len(municipalities))][0]
            client["residence_municipality"] = other  # may be the same one: then it still fits
        elif u < 0.995:
            elsewhere = REGIONS[int(r() * 5)][2]
            client["residence_municipality"] = elsewhere[int(r() * len(elsewhere))][0]
        else:
            client["residence_municipality"] = choice(OUTSIDE_MUNICIPALITIES)
        if protection != "geen" or r() < 0.7:
            client["child_protection"] = protection
        u = r()
        involved = True if u < 0.55 else False if u < 0.8 else None
        if involved is not None:
            client["social_network_involved"] = involved
        u = r()
        if involved is True:
            if u < 0.15:
                client["network_strengthening"] = False
        elif u < 0.3:
            client["network_strengthening"] = True
        elif u < 0.5:
            client["network_strengthening"] = False

        year = 2027 if decided >= start_2027 else 2026
        decision: dict[str, Any] = {"id": f"{prefix}-{year}-{number:07d}"}
        if r() < 0.35:
            decision["region"] = region
        decision["municipality"] = cbs if r() < 0.15 else municipality
        decision["law"] = law
        decision["request_date"] = iso[request - base]
        decision["decision_date"] = iso[decided - base]
        decision["client"] = client
        if crisis:
            decision["crisis"] = True
        elif r() < 0.5:
            decision["crisis"] = False
        decision["service"] = service

        # --- contract and provider
        if (service == "clientondersteuning" and r() < 0.6) or (
            service in ("huishoudelijke_hulp", "vervoer_wmo", "begeleiding_wmo") and r() < 0.07
        ):
            contract = "geen"
        elif service in RESIDENTIAL and service not in ("beschermd_wonen", "maatschappelijke_opvang"):
            contract = pick(residential_contract)
        elif service in COURT_SERVICES:
            contract = "regulier"
        else:
            contract = pick(contract_table)
        if contract == "geen" or (contract == "pgb" and r() < 0.5):
            provider = None

        if r() < 0.85 and contract != "geen":
            product: dict[str, str] = {
                "code": f"{category}{prefix[0]}{1 + int(r() * 59):02d}",
                "category": category,
            }
            if service == "huishoudelijke_hulp":
                u = r()
                if u < 0.55:
                    product["variant"] = "basis"
                elif u < 0.9:
                    product["variant"] = "plus"
            elif service in ("begeleiding_wmo", "begeleiding_jeugd", "dagbesteding_wmo") and r() < 0.4:
                product["variant"] = "basis" if r() < 0.7 else "intensief"
            decision["product"] = product
        u = r()
        if service in GROUPABLE:
            if u < 0.55:
                decision["form"] = "individueel"
            elif u < 0.85:
                decision["form"] = "groep"
        elif u < 0.4:
            decision["form"] = "individueel"
        if provider is not None:
            decision["provider"] = dict(provider) if r() < 0.7 else {"id": provider["id"]}
        if contract != "regulier" or r() < 0.8:
            decision["contract"] = contract
        decision["start_date"] = iso[start - base]

        # --- term
        if service in COURT_SERVICES:
            open_p, months = 0.0, (12,)
        elif service in ("hulpmiddelen", "huishoudelijke_hulp"):
            open_p, months = 0.35, (12, 24, 36, 60)
        elif service == "woningaanpassing":
            open_p, months = 0.1, (3, 6)
        elif service in ("beschermd_wonen", "maatschappelijke_opvang"):
            open_p, months = 0.25, (6, 12, 24, 36)
        elif service == "crisis_jeugd":
            open_p, months = 0.02, (1, 3)
        elif youth:
            open_p, months = 0.05 * sloppy, (3, 6, 6, 9, 9, 9, 12, 12, 18)
        else:
            open_p, months = 0.12, (6, 9, 12, 12, 24, 36)
        if r() >= open_p:
            end = months_later(start, choice(months))
            u = r()
            if u < 0.7:
                end -= 1  # exactly N months
            elif u < 0.8:
                pass  # one day over N months
            else:
                end -= 2 + int(r() * 20)
            decision["end_date"] = iso[max(end, start) - base]

        # --- volume
        if r() >= 0.04 * sloppy:
            decision["volume"] = _volume(service, r, randrange, choice)

        # --- perspective and referrer
        u = r()
        missing = 0.8 if service in NO_PERSPECTIVE else 0.15 * sloppy
        if u >= missing:
            active = 0.55 if youth else 0.35
            decision["perspective"] = "activerend" if r() < active else "stabiliserend"
        if service in ("beschermd_wonen", "maatschappelijke_opvang"):
            referrer = pick(access_referrer)
        elif service in COURT_SERVICES:
            referrer = "gecertificeerde_instelling" if r() < 0.55 else "rechter"
        elif youth and measure and r() < 0.5:
            referrer = "gecertificeerde_instelling"
        else:
            referrer = pick(youth_referrer if youth else wmo_referrer)
        if referrer is not None:
            decision["referrer"] = referrer

        # --- goals, activities, education, treatment, extension
        u = r()
        if u >= (0.4 if contract == "geen" else 0.05 * sloppy):
            pool = GOALS[law]
            first = int(r() * len(pool))  # 1-3 different goals (steps of 3 over 10)
            decision["goals"] = [pool[(first + 3 * k) % len(pool)] for k in range(1 + int(r() * 3))]
        elif u < 0.01:
            decision["goals"] = []
        if service == "huishoudelijke_hulp" and r() < 0.92:
            activities = [a for a, p in BASIC_ACTIVITIES if r() < p] or ["licht_huishoudelijk_werk"]
            plus = 0.35 if decision.get("product", {}).get("variant") == "plus" else 0.3
            if r() < plus:
                activities.append(choice(PLUS_ACTIVITIES))
            decision["activities"] = activities
        if service == "dagbesteding_jeugd":
            u = r()
            if u < 0.65:
                decision["education_arrangement"] = True
            elif u < 0.88:
                decision["education_arrangement"] = False
        elif service == "dagbehandeling_jeugd" and r() < 0.3:
            decision["education_arrangement"] = True
        if service == "complementaire_zorg" and r() >= 0.5 * sloppy:
            decision["part_of_treatment"] = f"BEH-{year}-{int(r() * (10**5)):05d}"
        if not crisis and r() < 0.22:
            decision["extends"] = f"{prefix}-{year - 1}-{int(r() * (10**6)):07d}"
            u = r()
            if u < 0.55:
                decision["progress"] = True
            elif u < 0.9:
                decision["progress"] = False

        exceptions = _exceptions(decision, age, youth, contract, start, crisis, r, choice)
        if exceptions:
            decision["exceptions"] = exceptions
        yield decision


def _volume(service: str, r, randrange, choice) -> dict[str, Any]:
    u = r()
    if service in ("dagbesteding_jeugd", "dagbesteding_wmo", "dagbehandeling_jeugd"):
        if service == "dagbesteding_jeugd" and u < 0.1:  # MH-DAG-02 wants dagdelen, in uren here
            return {"amount": 2 * (1 + randrange(8)), "unit": "uur", "per": "week"}
        if u < 0.8:
            return {"amount": 1 + randrange(8), "unit": "dagdeel", "per": "week"}
        if u < 0.9:
            return {"amount": 4 * (1 + randrange(5)), "unit": "uur", "per": "week"}
        return {"amount": 2 + randrange(10), "unit": "etmaal" if r() < 0.2 else "dagdeel", "per": "maand"}
    if service in (
        "jeugdhulp_ambulant",
        "begeleiding_jeugd",
        "begeleiding_wmo",
        "jeugd_ggz",
        "clientondersteuning",
        "complementaire_zorg",
    ):
        if u < 0.6:
            return {"amount": choice((1, 1.5, 2, 2, 3, 4, 6)), "unit": "uur", "per": "week"}
        if u < 0.75:
            return {"amount": 15 * (4 + randrange(30)), "unit": "minuut", "per": "week"}
        if u < 0.9:
            return {"amount": 2 + randrange(20), "unit": "uur", "per": "maand"}
        return {"amount": 10 + randrange(60), "unit": "uur", "per": "totaal"}
    if service == "dyslexiezorg":
        if u < 0.7:
            return {"amount": 20 + randrange(41), "unit": "uur", "per": "totaal"}
        return {"amount": 1500 + 50 * randrange(60), "unit": "euro", "per": "totaal"}
    if service in ("logeren_jeugd", "logeren_wmo"):
        return {"amount": 2 + randrange(7), "unit": "etmaal", "per": "maand"}
    if service in RESIDENTIAL:
        return (
            {"amount": 7, "unit": "etmaal", "per": "week"}
            if u < 0.6
            else {"amount": 30, "unit": "etmaal", "per": "maand"}
        )
    if service == "crisis_jeugd":
        if u < 0.7:
            return {"amount": 1 + randrange(28), "unit": "etmaal", "per": "totaal"}
        return {"amount": 4 + randrange(40), "unit": "uur", "per": "totaal"}
    if service in COURT_SERVICES:
        if u < 0.7:
            return {"amount": 1, "unit": "stuks", "per": "totaal"}
        return {"amount": round(900 + 12.5 * randrange(80), 2), "unit": "euro", "per": "maand"}
    if service == "huishoudelijke_hulp":
        if u < 0.7:
            return {"amount": choice((1.5, 2, 2.5, 3, 3.5, 4)), "unit": "uur", "per": "week"}
        if u < 0.9:
            return {"amount": 30 * (3 + randrange(6)), "unit": "minuut", "per": "week"}
        return {"amount": round(95 + 7.25 * randrange(40), 2), "unit": "euro", "per": "maand"}
    if service in ("hulpmiddelen", "woningaanpassing"):
        if u < 0.5:
            return {"amount": 1 + randrange(2), "unit": "stuks", "per": "totaal"}
        return {"amount": round(250 + 37.5 * randrange(600), 2), "unit": "euro", "per": "totaal"}
    # vervoer_wmo, vervoer_jeugd
    if u < 0.3:
        return {"amount": 2, "unit": "stuks", "per": "dag"}
    if u < 0.7:
        return {"amount": 2 + randrange(12), "unit": "stuks", "per": "week"}
    return {"amount": round(40 + 2.5 * randrange(60), 2), "unit": "euro", "per": "maand"}


def _exception(principle: str, ground: str, r, empty: float = 0.08) -> dict[str, str]:
    return {
        "principle": principle,
        "ground": ground,
        "motivation": "" if r() < empty else MOTIVATIONS.get(ground, MOTIVATIONS["uitzonderlijke_situatie"]),
    }


def _exceptions(
    decision: dict, age: int, youth: bool, contract: str, start: int, crisis: bool, r, choice
) -> list[dict[str, str]]:
    """Recorded 'tenzij' grounds where a rule is likely to fire: mostly fitting, some wrong."""
    found: list[dict[str, str]] = []
    service = decision["service"]
    if youth and 18 <= age < 23 and r() < 0.6:
        u = r()
        ground = "verlengde_jeugdhulp" if u < 0.8 else "uitzonderlijke_situatie"
        found.append(_exception("wettelijk-kader", ground, r))
    elif youth and age >= 23 and r() < 0.3:  # XR-WK-02 accepts no exception
        found.append(_exception("wettelijk-kader", "verlengde_jeugdhulp", r))
    if contract in ("maatwerkcontract", "pgb", "onderaanneming") and r() < 0.5:
        if contract == "maatwerkcontract":
            ground = choice(
                (
                    "woonplaatsbeginsel",
                    "uitzonderlijke_situatie",
                    "geen_gecontracteerd_aanbod",
                    "continuiteit_van_zorg",
                )
            )
        else:
            ground = "continuiteit_van_zorg" if r() < 0.8 else "uitzonderlijke_situatie"
        found.append(_exception("nee-tenzij" if r() < 0.97 else "nee tenzij", ground, r))
    long_term = False
    if decision.get("perspective") == "activerend":  # longer than 9 months (ZOU-GIGG-01)?
        end = decision.get("end_date")
        long_term = end is None or end >= _ISO[_months_later(start, 9) - _ISO_BASE]
    if (long_term and r() < 0.3) or (decision.get("progress") is False and r() < 0.3):
        found.append(_exception("goed-is-goed-genoeg", choice(GROUNDS), r))
    if (
        service in ("jeugdhulp_ambulant", "begeleiding_jeugd")
        and decision.get("form") != "groep"
        and r() < 0.25
    ):
        found.append(_exception("groepsaanbod-tenzij", choice(GROUNDS), r))
    # principles whose rules accept no exception
    residence = decision["client"].get("residence_municipality")
    if residence and residence not in (decision["municipality"],) and r() < 0.15:
        found.append(_exception("woonplaatsbeginsel", "woonplaatsbeginsel", r))
    if not decision.get("goals") and r() < 0.1:
        found.append(_exception("wat-en-hoeveel", "uitzonderlijke_situatie", r))
    if service == "dagbesteding_jeugd" and decision.get("education_arrangement") is not True and r() < 0.2:
        found.append(_exception("dagbesteding-onderwijs", "uitzonderlijke_situatie", r))
    if crisis and r() < 0.1:
        found.append(_exception("crisis", "uitzonderlijke_situatie", r))
    return found


# ---------------------------------------------------------------------------------------------
# Flat rows

_INDEX = {column: i for i, column in enumerate(FLAT_COLUMNS)}
_EMPTY: dict[str, Any] = {}
_BOOL = {True: "true", False: "false", None: ""}
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row(decision: dict) -> list[str]:
    """The cells of one decision in `FLAT_COLUMNS` order (written out: this is the hot path)."""
    d = decision.get
    client = d("client") or _EMPTY
    c = client.get
    product = d("product") or _EMPTY
    provider = d("provider") or _EMPTY
    volume = d("volume") or _EMPTY
    goals, activities, exceptions = d("goals"), d("activities"), d("exceptions")
    return [
        d("id") or "",
        d("region") or "",
        str(d("municipality") or ""),
        d("law") or "",
        d("request_date") or "",
        d("decision_date") or "",
        c("id") or "",
        c("birth_date") or "",
        c("residence_municipality") or "",
        c("child_protection") or "",
        _BOOL[c("social_network_involved")],
        _BOOL[c("network_strengthening")],
        _BOOL[d("crisis")],
        d("service") or "",
        product.get("code") or "",
        product.get("category") or "",
        product.get("variant") or "",
        d("form") or "",
        provider.get("id") or "",
        provider.get("name") or "",
        d("contract") or "",
        d("start_date") or "",
        d("end_date") or "",
        _num(volume.get("amount")),
        volume.get("unit") or "",
        volume.get("per") or "",
        d("perspective") or "",
        d("referrer") or "",
        ";".join(goals) if goals else "",
        ";".join(activities) if activities else "",
        _BOOL[d("education_arrangement")],
        d("part_of_treatment") or "",
        d("extends") or "",
        _BOOL[d("progress")],
        _encode(exceptions) if exceptions else "",
    ]


assert len(_row({})) == len(FLAT_COLUMNS)


def flatten(decision: dict) -> dict[str, str]:
    """One decision onto `FLAT_COLUMNS`: dotted nested fields, lists joined by ";",
    exceptions as JSON text, booleans true/false, "" for absent."""
    return dict(zip(FLAT_COLUMNS, _row(decision), strict=True))


def _broken_plan(count: int, share: float) -> dict[int, tuple[str, int]]:
    """Row index -> (kind, nth of that kind): round(count * share) rows, evenly spaced, the five
    kinds in turn."""
    total = round(count * share)
    return {int((k + 0.5) * count / total): (KINDS[k % 5], k // 5) for k in range(total)} if total else {}


def _break(kind: str, nth: int, row: list[str]) -> tuple[list[str] | str, str, str]:
    """(broken row or raw line, field, bad value) for the nth broken row of this kind."""
    row = list(row)
    if kind == "bad_date":
        if nth % 2 == 0:
            value = f"{row[_INDEX['start_date']][:4]}-02-30"
            row[_INDEX["start_date"]] = value
            return row, "start_date", value
        end = row[_INDEX["end_date"]] or row[_INDEX["start_date"]]
        value = f"{end[8:10]}-{end[5:7]}-{end[:4]}"
        row[_INDEX["end_date"]] = value
        return row, "end_date", value
    if kind == "unknown_service":
        value = _UNKNOWN_SERVICES[nth % len(_UNKNOWN_SERVICES)]
        row[_INDEX["service"]] = value
        return row, "service", value
    if kind == "missing_columns":
        keep = _MISSING_KEEP[nth % len(_MISSING_KEEP)]
        return row[:keep], "(kolommen)", f"{keep} van {len(FLAT_COLUMNS)} velden"
    if kind == "wrong_type":
        if nth % 2 == 0:
            row[_INDEX["volume.amount"]] = "veel"
            row[_INDEX["volume.unit"]] = row[_INDEX["volume.unit"]] or "uur"
            row[_INDEX["volume.per"]] = row[_INDEX["volume.per"]] or "week"
            return row, "volume.amount", "veel"
        row[_INDEX["crisis"]] = "misschien"
        return row, "crisis", "misschien"
    # unparsable: one opening quote that never closes; nothing else on the line is quoted
    row[_INDEX["exceptions"]] = ""
    cells = [cell.replace('"', "").replace(",", " ") for cell in row]
    municipality = cells[_INDEX["municipality"]]
    cells[_INDEX["municipality"]] = '"' + municipality
    return ",".join(cells) + "\n", "municipality", '"' + municipality


def _csv_chunk(seed: int, first: int, stop: int, plan: dict[int, tuple[str, int]]) -> tuple[str, list]:
    """CSV text of rows first..stop (one chunk) and the details of its broken rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    details = []
    rows: list[list[str]] = []
    append = rows.append
    for index, decision in enumerate(_generate_chunk(seed, first, stop), start=first):
        planned = plan.get(index)
        if planned is None:
            append(_row(decision))
            continue
        kind, nth = planned
        broken, field, value = _break(kind, nth, _row(decision))
        if isinstance(broken, str):  # a raw line: flush the rows before it
            writer.writerows(rows)
            rows.clear()
            buffer.write(broken)
        else:
            append(broken)
        details.append(
            {"line": index + 2, "kind": kind, "id": decision["id"], "field": field, "value": value}
        )
    writer.writerows(rows)
    return buffer.getvalue(), details


# JSON Lines: the same rows broken in the same five kinds, as a nested decision shows them
JSONL_BROKEN_KINDS = {
    "bad_date": BROKEN_KINDS["bad_date"],
    "unknown_service": BROKEN_KINDS["unknown_service"],
    "missing_columns": "a required field left out: client.birth_date, start_date or law, in turn",
    "wrong_type": BROKEN_KINDS["wrong_type"],
    "unparsable": "the line cut off in the middle (no closing brace): not JSON",
}
_MISSING_FIELDS = (("client", "birth_date"), ("start_date",), ("law",))


def _break_nested(kind: str, nth: int, decision: dict) -> tuple[str, str, str]:
    """(line, field, bad value) for the nth broken decision of this kind, as JSON Lines."""
    if kind in ("bad_date", "unknown_service", "wrong_type"):
        row, field, value = _break(kind, nth, _row(decision))
        assert isinstance(row, list)
        broken = {c: v for c, v in zip(FLAT_COLUMNS, row, strict=True)}
        data = json.loads(json.dumps(decision))
        for column in ("start_date", "end_date", "service", "crisis"):
            if broken[column] != flatten(decision)[column]:
                data[column] = broken[column]
        if field == "volume.amount":
            data["volume"] = {"amount": "veel", "unit": broken["volume.unit"], "per": broken["volume.per"]}
        return json.dumps(data, ensure_ascii=False), field, value
    if kind == "missing_columns":
        path = _MISSING_FIELDS[nth % len(_MISSING_FIELDS)]
        data = json.loads(json.dumps(decision))
        (data[path[0]] if len(path) == 2 else data).pop(path[-1], None)
        return json.dumps(data, ensure_ascii=False), ".".join(path), "(ontbreekt)"
    text = json.dumps(decision, ensure_ascii=False)
    return text[: len(text) // 2], "(regel)", "(afgebroken)"


def _jsonl_chunk(seed: int, first: int, stop: int, plan: dict) -> tuple[str, list]:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines, details = [], []
    for index, decision in enumerate(_generate_chunk(seed, first, stop), start=first):
        planned = plan.get(index)
        if planned is None:
            lines.append(encode(decision))
            continue
        kind, nth = planned
        line, field, value = _break_nested(kind, nth, decision)
        lines.append(line)
        details.append(
            {"line": index + 1, "kind": kind, "id": decision["id"], "field": field, "value": value}
        )
    return "".join(line + "\n" for line in lines), details


def _default_workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _chunks(job, count: int, seed: int, plan: dict, workers: int | None) -> Iterator[tuple[str, list]]:
    """Chunk results in order; in worker processes when there is more than one chunk. Each
    chunk has its own random stream, so the output does not depend on the number of workers."""
    bounds = [(first, min(count, first + CHUNK)) for first in range(0, count, CHUNK)]

    def args(first: int, stop: int) -> tuple:
        return seed, first, stop, {i: p for i, p in plan.items() if first <= i < stop}

    if workers is None:  # worker processes pay off from a few chunks on
        workers = _default_workers() if len(bounds) >= 5 else 1
    if workers <= 1 or len(bounds) <= 1:
        for first, stop in bounds:
            yield job(*args(first, stop))
        return
    # spawn, not fork: safe when the caller runs threads (pytest, polars), at some start-up cost
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque = deque()
        for first, stop in bounds:
            pending.append(pool.submit(job, *args(first, stop)))
            if len(pending) >= 2 * workers:  # bounded look-ahead: memory stays flat
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def write_csv(
    path: Path | str,
    count: int,
    seed: int = DEFAULT_SEED,
    broken_share: float = 0.0,
    workers: int | None = None,
) -> dict:
    """Write the header and `count` rows (streamed chunk by chunk); return and store the manifest
    (`<name>.manifest.json`): rows, broken rows per kind and their 1-based line numbers."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    plan = _broken_plan(count, broken_share)
    lines: dict[str, list[int]] = {kind: [] for kind in KINDS}
    details: list[dict] = []
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerow(FLAT_COLUMNS)
        for text, broken in _chunks(_csv_chunk, count, seed, plan, workers):
            out.write(text)
            details.extend(broken)
    for item in details:
        lines[item["kind"]].append(item["line"])
    manifest = {
        "file": path.name,
        "generator": "bench/generate_audit_input.py",
        "seed": seed,
        "rows": count,
        "valid_rows": count - len(plan),
        "broken_share": broken_share,
        "broken": {kind: len(lines[kind]) for kind in KINDS},
        "broken_lines": lines,
        "broken_rows": details,
        "broken_kinds": BROKEN_KINDS,
    }
    manifest_path = path.with_name(f"{path.stem}.manifest.json")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def write_jsonl(
    path: Path | str,
    count: int,
    seed: int = DEFAULT_SEED,
    workers: int | None = None,
    broken_share: float = 0.0,
) -> dict:
    """The same decisions as nested JSON objects, one per line; with `broken_share`, the
    same rows as in the CSV are broken (`JSONL_BROKEN_KINDS`), listed in the manifest
    (`<name>.jsonl.manifest.json`, written when rows are broken)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    plan = _broken_plan(count, broken_share)
    details: list[dict] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for text, broken in _chunks(_jsonl_chunk, count, seed, plan, workers):
            out.write(text)
            details.extend(broken)
    manifest = {"file": path.name, "seed": seed, "rows": count}
    if plan:
        manifest.update(
            generator="bench/generate_audit_input.py",
            valid_rows=count - len(plan),
            broken_share=broken_share,
            broken={kind: sum(d["kind"] == kind for d in details) for kind in KINDS},
            broken_rows=details,
            broken_kinds=JSONL_BROKEN_KINDS,
        )
        text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
        path.with_name(f"{path.stem}.jsonl.manifest.json").write_text(text, encoding="utf-8")
    return manifest


def write_sample(path: Path | str = SAMPLE_PATH) -> dict:
    """The committed sample: 200 rows, five broken (one of each kind) at lines 22, 62, 102,
    142 and 182."""
    return write_csv(path, 200, DEFAULT_SEED, broken_share=0.025)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", help="number of decisions (rows)")
    parser.add_argument("out", type=Path, nargs="?", help="CSV file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--broken", type=float, default=0.0, help="share of deliberately broken CSV rows")
    parser.add_argument(
        "--jsonl-broken",
        type=float,
        default=0.0,
        help="share of deliberately broken JSON Lines (the same rows as --broken's in the CSV)",
    )
    parser.add_argument("--jsonl", type=Path, help="write the nested decisions as JSON Lines here")
    parser.add_argument("--workers", type=int, help="processes (default: CPUs, at most 8); same output")
    parser.add_argument("--sample", action="store_true", help=f"rewrite {SAMPLE_PATH.relative_to(REPO)}")
    args = parser.parse_args(argv)
    if args.sample:
        manifest = write_sample()
        print(f"{SAMPLE_PATH}: {manifest['rows']} rijen, kapot: {manifest['broken']}")
        return 0
    if args.count is None or (args.out is None and args.jsonl is None):
        parser.error("give N and OUT.csv and/or --jsonl OUT.jsonl")
    if args.out is not None:
        began = time.perf_counter()
        manifest = write_csv(args.out, args.count, args.seed, args.broken, args.workers)
        print(
            f"{args.out}: {manifest['rows']} rijen ({sum(manifest['broken'].values())} kapot) "
            f"in {time.perf_counter() - began:.1f} s",
            file=sys.stderr,
        )
    if args.jsonl is not None:
        began = time.perf_counter()
        write_jsonl(args.jsonl, args.count, args.seed, args.workers, args.jsonl_broken)
        print(
            f"{args.jsonl}: {args.count} beschikkingen in {time.perf_counter() - began:.1f} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
