"""Generate a series of single-message JW301/WMO301 files, as a municipality sends them.

    python bench/generate_ijw_series.py 20000 bench/data/series-20k            # a folder
    python bench/generate_ijw_series.py 20000 bench/data/series-20k --zip      # and a .zip of it

Every message is one Bericht with one Client (OP087): all current toewijzingen of that
client at that provider, so a client's later messages repeat its earlier toewijzingen (some
with a later Toewijzingsdatum/-tijd: a new version), and `--latest-only` has versions to set
aside. Municipalities are those of the rule book's regions (CBS codes), providers a pool of
eight-digit AGB codes, products of mapped categories mostly and of unmapped ones (JZ020 50
and 55, WMO020 03) now and then. BSNs come from the test range 999 99x xxx (passing the
elfproef); names and the rest are invented. The same count and seed give the same files.
Each file is valid against JW301.xsd / WMO301.xsd (checked by tests with `--xsd`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_audit_input import REGIONS

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
TEST_BSNS = [
    str(n)
    for n in range(999_990_000, 1_000_000_000)
    if sum(int(d) * w for d, w in zip(str(n), WEIGHTS, strict=True)) % 11 == 0
]
MUNICIPALITIES = [code for _, _, places in REGIONS for _, code in places]
JEUGD = [
    ("45", "45A48", "04", "2"),
    ("43", "43A10", "14", "4"),
    ("54", "54B10", "04", "2"),
    ("42", "42A02", "84", "2"),
]
JEUGD_UNMAPPED = [("50", "50X01", "04", "2"), ("55", "55L01", "04", "2")]
WMO = [("01", "01A01", "04", "2"), ("02", "02A05", "04", "2"), ("07", "07A03", "16", "2")]
WMO_UNMAPPED = [("03", "03P01", "04", "2")]

MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<m:Bericht xmlns:b="http://www.istandaarden.nl/{std}/3_2/basisschema/schema" xmlns:m="http://www.istandaarden.nl/{std}/3_2/{msg}/schema">
  <m:Header>
    <m:BerichtCode>{code}</m:BerichtCode>
    <m:BerichtVersie>3</m:BerichtVersie>
    <m:BerichtSubversie>2</m:BerichtSubversie>
    <m:Afzender>{municipality}</m:Afzender>
    <m:Ontvanger>{provider}</m:Ontvanger>
    <m:BerichtIdentificatie>
      <b:Identificatie>S{number:09d}</b:Identificatie>
      <b:Dagtekening>{sent}</b:Dagtekening>
    </m:BerichtIdentificatie>
    <m:XsdVersie>
      <b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie>
      <b:BerichtXsdVersie>1.0.0</b:BerichtXsdVersie>
    </m:XsdVersie>
  </m:Header>
  <m:Client>
    <m:Bsn>{bsn}</m:Bsn>
    <m:Geboortedatum>
      <b:Datum>{birth}</b:Datum>
    </m:Geboortedatum>
    <m:Geslacht>{sex}</m:Geslacht>
    <m:Naam>
      <b:Geslachtsnaam>
        <b:Achternaam>Verzonnen</b:Achternaam>
      </b:Geslachtsnaam>
      <b:Voorletters>A</b:Voorletters>
      <b:NaamGebruik>1</b:NaamGebruik>
    </m:Naam>
    <m:Contactgegevens>
      <m:Contact>
        <m:Soort>01</m:Soort>
        <m:Adres>
          <b:Huis>
            <b:Huisnummer>1</b:Huisnummer>
          </b:Huis>
          <b:Postcode>1234ZZ</b:Postcode>
          <b:Straatnaam>Voorbeeldlaan</b:Straatnaam>
          <b:Plaatsnaam>Verzonnen</b:Plaatsnaam>
          <b:LandCode>NL</b:LandCode>
        </m:Adres>
      </m:Contact>
    </m:Contactgegevens>
    <m:ToegewezenProducten>
{products}
    </m:ToegewezenProducten>
  </m:Client>
</m:Bericht>
"""
PRODUCT = """      <m:ToegewezenProduct>
        <m:ToewijzingNummer>{number}</m:ToewijzingNummer>
        <m:Product>
          <b:Categorie>{category}</b:Categorie>
          <b:Code>{code}</b:Code>
        </m:Product>
        <m:Toewijzingsdatum>{date}</m:Toewijzingsdatum>
        <m:Toewijzingstijd>{time}</m:Toewijzingstijd>
        <m:Ingangsdatum>{start}</m:Ingangsdatum>
        <m:Einddatum>{end}</m:Einddatum>
        <m:Omvang>
          <b:Volume>{volume}</b:Volume>
          <b:Eenheid>{unit}</b:Eenheid>
          <b:Frequentie>{per}</b:Frequentie>
        </m:Omvang>
      </m:ToegewezenProduct>"""


def _numbers() -> list[int]:
    """ToewijzingNummers that are no possible BSN (eight digits failing the elfproef)."""
    found = []
    for n in range(10_000_000, 99_999_999):
        if sum(int(d) * w for d, w in zip(f"{n:09d}", WEIGHTS, strict=True)) % 11:
            found.append(n)
        if len(found) >= 400_000:
            return found
    return found


def write_series(count: int, folder: Path, seed: int = 20261204) -> int:
    """`count` message files in `folder`; returns the number of products written."""
    rng = random.Random(seed)
    numbers = iter(_numbers())
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    products_written = 0
    written = 0
    while written < count:
        jeugd = rng.random() < 0.6
        municipality = rng.choice(MUNICIPALITIES)
        provider = f"{rng.randrange(10_000_000, 99_999_999):08d}"
        bsn = rng.choice(TEST_BSNS)
        birth = (
            dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 5000))
            if jeugd
            else dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000))
        )
        day = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(0, 300))
        allocations: list[dict] = []
        # one client: up to five messages, each repeating every allocation made so far
        for _ in range(rng.randint(1, 5)):
            if written >= count:
                break
            day += dt.timedelta(days=rng.randint(5, 40))
            time = f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
            if not allocations or rng.random() < 0.5:
                pool = (
                    (JEUGD if rng.random() < 0.9 else JEUGD_UNMAPPED)
                    if jeugd
                    else (WMO if rng.random() < 0.9 else WMO_UNMAPPED)
                )
                category, code, unit, per = rng.choice(pool)
                start = day + dt.timedelta(days=rng.randint(0, 30))
                allocations.append(
                    {
                        "number": next(numbers),
                        "category": category,
                        "code": code,
                        "unit": unit,
                        "per": per,
                        "start": start,
                        "end": start + dt.timedelta(days=rng.choice((90, 180, 364))),
                        "volume": rng.randint(1, 8),
                    }
                )
            for allocation in allocations:  # a new version of some: later date, other end
                if "date" not in allocation or rng.random() < 0.3:
                    allocation["date"], allocation["time"] = day, time
                    allocation["end"] = allocation["end"] + dt.timedelta(days=rng.choice((0, 30)))
            products = "\n".join(
                PRODUCT.format(
                    number=a["number"],
                    category=a["category"],
                    code=a["code"],
                    date=a["date"].isoformat(),
                    time=a["time"],
                    start=a["start"].isoformat(),
                    end=a["end"].isoformat(),
                    volume=a["volume"],
                    unit=a["unit"],
                    per=a["per"],
                )
                for a in allocations
            )
            text = MESSAGE.format(
                std="ijw" if jeugd else "iwmo",
                msg="jw301" if jeugd else "wmo301",
                code="436" if jeugd else "414",
                municipality=municipality,
                provider=provider,
                number=written,
                sent=day.isoformat(),
                bsn=bsn,
                birth=birth.isoformat(),
                sex=rng.choice("12"),
                products=products,
            )
            (folder / f"bericht-{written:06d}.xml").write_text(text, encoding="utf-8")
            written += 1
            products_written += len(allocations)
    return products_written


def zip_folder(folder: Path) -> Path:
    target = folder.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--zip", action="store_true", help="also write FOLDER.zip")
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()
    products = write_series(args.count, args.folder, args.seed)
    print(f"{args.folder}: {args.count} berichten, {products} producten", file=sys.stderr)
    if args.zip:
        print(f"{zip_folder(args.folder)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
