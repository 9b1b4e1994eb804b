"""The iJw/iWmo reader (JW301, WMO301, JW315, WMO315) and the BSN pseudonymiser."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from triage.audit import ijw_codes
from triage.audit.ijw_source import read_toewijzing
from triage.audit.pseudonym import Pseudonymiser
from triage.audit.records import SourceRecord
from triage.decision import parse_decision
from triage.vocabulary import Service

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ijw"
ZEIST = sorted(EXAMPLES.glob("jw301-zeist-*.xml"))  # one message per file, as they travel
GOUDA = sorted(EXAMPLES.glob("wmo301-gouda-*.xml"))
REQUEST = EXAMPLES / "jw315-zeist-1.xml"
SAMPLES = sorted(EXAMPLES.glob("*.xml"))
KEY = b"test-sleutel-niet-voor-productie"
VALID_BSN = "999990111"  # test range, passes the elfproef


def read(path: Path | list[Path], key: bytes = KEY) -> list[SourceRecord]:
    paths = path if isinstance(path, list) else [path]
    return [record for one in paths for record in read_toewijzing(one, Pseudonymiser(key))]


def by_number(records: list[SourceRecord], toewijzing: str) -> SourceRecord:
    (record,) = [r for r in records if f"(toewijzing {toewijzing})" in r.ref]
    return record


def message(
    tmp_path: Path,
    products: str,
    *,
    client: str = f"<m:Bsn>{VALID_BSN}</m:Bsn>",
    code: str = "<m:BerichtCode>436</m:BerichtCode>",
    namespace: str = "http://www.istandaarden.nl/ijw/3_2/jw301/schema",
    release: str = "<m:BerichtVersie>3</m:BerichtVersie><m:BerichtSubversie>2</m:BerichtSubversie>",
) -> Path:
    """A one-client message in the real shape (root Bericht), written to a temp file."""
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<m:Bericht xmlns:m="{namespace}" xmlns:b="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">
  <m:Header>{code}{release}<m:Afzender>0355</m:Afzender><m:Ontvanger>98012345</m:Ontvanger></m:Header>
  <m:Client>
    {client}
    <m:Geboortedatum><b:Datum>2015-05-01</b:Datum></m:Geboortedatum>
    <m:Naam><b:Geslachtsnaam><b:Achternaam>Verzonnen</b:Achternaam></b:Geslachtsnaam></m:Naam>
    <m:ToegewezenProducten>{products}</m:ToegewezenProducten>
  </m:Client>
</m:Bericht>"""
    path = tmp_path / "bericht.xml"
    path.write_text(text, encoding="utf-8")
    return path


OMVANG = "<m:Omvang><b:Volume>{}</b:Volume><b:Eenheid>{}</b:Eenheid><b:Frequentie>2</b:Frequentie></m:Omvang>"


def product(
    number: str = "555",
    category: str = "45",
    *,
    end: str = "<m:Einddatum>2027-11-30</m:Einddatum>",
    extra: str = "",
    omvang: str = OMVANG.format(3, "04"),
) -> str:
    return f"""<m:ToegewezenProduct>
      <m:ToewijzingNummer>{number}</m:ToewijzingNummer>
      <m:Product><b:Categorie>{category}</b:Categorie><b:Code>{category}X01</b:Code></m:Product>
      <m:Toewijzingsdatum>2027-02-10</m:Toewijzingsdatum><m:Toewijzingstijd>09:00:00</m:Toewijzingstijd>
      <m:Ingangsdatum>2027-03-01</m:Ingangsdatum>{end}{extra}{omvang}
    </m:ToegewezenProduct>"""


# --- the samples ---------------------------------------------------------------------------------


def test_zeist_sample_maps_every_product_in_document_order() -> None:
    records = read(ZEIST)
    assert len(records) == 6
    assert [r.ref for r in records][:2] == [
        "jw301-zeist-1.xml, client 1, product 1 (toewijzing 27000101)",
        "jw301-zeist-1.xml, client 1, product 2 (toewijzing 27000103)",
    ]
    assert records[4].ref.startswith("jw301-zeist-3.xml, client 1, product 1")
    decisions = [r.decision for r in records if r.decision is not None]
    assert len(decisions) == 5
    assert {d["law"] for d in decisions} == {"jeugdwet"}
    assert {d["municipality"] for d in decisions} == {"0355"}


def test_zeist_ambulant_twelve_months() -> None:
    decision = by_number(read(ZEIST), "27000101").decision
    assert decision is not None
    client = decision.pop("client")
    assert re.fullmatch(r"p-[0-9a-f]{16}", client["id"])
    assert client["birth_date"] == "2014-06-12"
    assert decision == {
        "id": "0355-27000101",
        "municipality": "0355",
        "law": "jeugdwet",
        "request_date": "2027-02-10",
        "decision_date": "2027-02-10",
        "service": "jeugdhulp_ambulant",
        "product": {"code": "45A48", "category": "45"},
        "provider": {"id": "98012345"},
        "contract": "regulier",
        "start_date": "2027-03-01",
        "end_date": "2028-02-29",
        "volume": {"amount": 2, "unit": "uur", "per": "week"},
    }


def test_zeist_budget_only_has_no_volume_and_open_ended_has_no_end() -> None:
    records = read(ZEIST)
    budget = by_number(records, "27000201").decision
    assert budget is not None
    assert budget["service"] == "jeugd_ggz"
    assert "volume" not in budget
    open_ended = by_number(records, "27000301").decision
    assert open_ended is not None
    assert open_ended["service"] == "jeugdhulp_verblijf"
    assert "end_date" not in open_ended
    assert open_ended["volume"] == {"amount": 31, "unit": "etmaal", "per": "maand"}


def test_zeist_unmapped_category_is_an_error_with_dutch_reason() -> None:
    record = by_number(read(ZEIST), "27000202")
    assert record.decision is None and record.error is not None
    assert record.error.field == "Product.Categorie"
    assert record.error.reason == (
        "productcategorie '50' (maatwerkarrangementen jeugd) heeft geen eenduidige dienst in de woordenlijst"
    )
    assert record.error.decision == "0355-27000202"
    assert record.error.ref == record.ref


def test_gouda_sample_is_wmo_with_huishoudelijke_hulp_and_begeleiding() -> None:
    records = read(GOUDA)
    assert len(records) == 5
    assert all(r.error is None for r in records)
    decisions = [r.decision for r in records if r.decision is not None]
    assert {d["law"] for d in decisions} == {"wmo"}
    hbh = by_number(records, "27100011").decision
    assert hbh is not None
    assert (hbh["id"], hbh["service"], hbh["product"]) == (
        "0513-27100011",
        "huishoudelijke_hulp",
        {"code": "01A01", "category": "01"},
    )
    assert hbh["volume"] == {"amount": 3, "unit": "uur", "per": "week"}
    begeleiding = by_number(records, "27100021").decision
    assert begeleiding is not None
    assert begeleiding["service"] == "begeleiding_wmo"
    assert (begeleiding["start_date"], begeleiding["end_date"]) == ("2027-03-01", "2027-11-30")
    assert begeleiding["provider"] == {"id": "98054321"}
    # the third Bericht uses a default namespace: read alike
    assert by_number(records, "27100031").decision["volume"]["unit"] == "minuut"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_decision_passes_parse_decision(path: Path) -> None:
    for record in read(path):
        if record.decision is not None:
            parse_decision(record.decision, record.ref)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_no_bsn_name_or_comment_leaks_into_records(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bsns = re.findall(r"Bsn>(\d{9})<", text)
    assert len(bsns) == 1  # one message, one client
    private = [*bsns, *re.findall(r"Achternaam>([^<]+)<", text), "Sleutel ligt", "Planning graag"]
    dump = repr(read(path))
    assert [value for value in private if value in dump] == []


def test_sample_bsns_pass_the_elfproef() -> None:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    for path in SAMPLES:
        for bsn in re.findall(r"Bsn>(\d{9})<", path.read_text(encoding="utf-8")):
            assert sum(int(d) * w for d, w in zip(bsn, weights, strict=True)) % 11 == 0, path.name


# --- pseudonyms ----------------------------------------------------------------------------------


def test_pseudonym_is_stable_and_depends_on_the_key() -> None:
    first, again, other = Pseudonymiser(KEY), Pseudonymiser(KEY), Pseudonymiser(b"een andere sleutel")
    assert first.client_id(VALID_BSN) == again.client_id(VALID_BSN)
    assert first.client_id(VALID_BSN) != other.client_id(VALID_BSN)
    assert first.client_id(VALID_BSN) != first.client_id("999990925")
    assert VALID_BSN not in first.client_id(VALID_BSN)


def test_pseudonym_groups_a_clients_products_and_changes_with_the_key() -> None:
    records = read(ZEIST)
    ids = [r.decision["client"]["id"] for r in records if r.decision is not None]
    assert ids[0] == ids[1] and ids[0] != ids[2]
    other = [r.decision["client"]["id"] for r in read(ZEIST, b"andere sleutel") if r.decision is not None]
    assert set(ids).isdisjoint(other)


def test_pseudonymiser_refuses_an_empty_key_and_hides_the_key() -> None:
    with pytest.raises(ValueError, match="sleutel"):
        Pseudonymiser(b"")
    assert "test-sleutel" not in repr(Pseudonymiser(KEY))
    assert "HMAC-SHA256" in Pseudonymiser.description()


# --- broken input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "<jw301:Bericht><unclosed>",
        "",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><Bericht>&e;</Bericht>',
        "<Rapport><Regel/></Rapport>",
    ],
    ids=["malformed", "empty", "entity", "no-bericht"],
)
def test_unreadable_file_is_one_error_record(tmp_path: Path, content: str) -> None:
    path = tmp_path / "kapot.xml"
    path.write_text(content, encoding="utf-8")
    (record,) = read(path)
    assert record.decision is None and record.error is not None
    assert (record.ref, record.error.field) == ("kapot.xml", "(bestand)")


def test_missing_file_is_one_error_record(tmp_path: Path) -> None:
    (record,) = read(tmp_path / "bestaat-niet.xml")
    assert record.error is not None and record.error.field == "(bestand)"


def test_missing_bsn_is_an_error_for_each_product(tmp_path: Path) -> None:
    path = message(tmp_path, product("1") + product("2"), client="")
    records = read(path)
    assert len(records) == 2
    assert all(r.error is not None and r.error.field == "Client.Bsn" for r in records)
    assert records[1].ref == "bericht.xml, client 1, product 2 (toewijzing 2)"


@pytest.mark.parametrize("bsn", ["12345678", "999990112", "99999O111", "9999901110", "000000000"])
def test_invalid_bsn_is_an_error_that_does_not_show_the_value(tmp_path: Path, bsn: str) -> None:
    (record,) = read(message(tmp_path, product(), client=f"<m:Bsn>{bsn}</m:Bsn>"))
    assert record.error is not None and record.error.field == "Client.Bsn"
    assert bsn not in repr(record)
    assert "burgerservicenummer" in record.error.reason


def test_real_single_message_shape_is_read(tmp_path: Path) -> None:
    (record,) = read(message(tmp_path, product()))
    assert record.ref == "bericht.xml, client 1, product 1 (toewijzing 555)"
    assert record.decision is not None
    assert (record.decision["id"], record.decision["law"]) == ("0355-555", "jeugdwet")
    parse_decision(record.decision)


@pytest.mark.parametrize(
    ("code", "namespace", "law"),
    [
        ("<m:BerichtCode>414</m:BerichtCode>", "urn:ergens", "wmo"),
        ("", "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema", "wmo"),
        ("", "http://www.istandaarden.nl/ijw/3_2/jw301/schema", "jeugdwet"),
    ],
    ids=["code-only", "wmo-namespace-only", "jw-namespace-only"],
)
def test_law_from_code_or_namespace(tmp_path: Path, code: str, namespace: str, law: str) -> None:
    category = "02" if law == "wmo" else "45"
    (record,) = read(message(tmp_path, product(category=category), code=code, namespace=namespace))
    assert record.decision is not None and record.decision["law"] == law


@pytest.mark.parametrize(
    ("code", "namespace", "field"),
    [
        (
            "<m:BerichtCode>414</m:BerichtCode>",
            "http://www.istandaarden.nl/ijw/3_2/jw301/schema",
            "Header.BerichtCode",
        ),
        ("<m:BerichtCode>438</m:BerichtCode>", "urn:ergens", "Header.BerichtCode"),
        ("", "http://www.istandaarden.nl/ijw/3_2/jw305/schema", "Bericht"),
        ("", "urn:ergens", "Header.BerichtCode"),
    ],
    ids=["conflict", "jw305-code", "jw305-namespace", "unknown"],
)
def test_other_or_unknown_message_type_is_an_error(
    tmp_path: Path, code: str, namespace: str, field: str
) -> None:
    (record,) = read(message(tmp_path, product(), code=code, namespace=namespace))
    assert record.error is not None and record.error.field == field


WITHDRAWN = product(
    end="<m:Einddatum>2027-03-01</m:Einddatum>", extra="<m:RedenWijziging>13</m:RedenWijziging>"
)


@pytest.mark.parametrize(
    ("xml", "field", "fragment"),
    [
        (product(category="99"), "Product.Categorie", "komt niet voor in codelijst JZ020"),
        (product().replace("<m:Ingangsdatum>2027-03-01</m:Ingangsdatum>", ""), "Ingangsdatum", "ontbreekt"),
        (product(omvang=OMVANG.format(3, "77")), "Omvang.Eenheid", "codelijst WJ756"),
        (product(omvang=OMVANG.format("2,5", "04")), "Omvang.Volume", "geheel getal"),
        (product(omvang=OMVANG.format("", "04")), "Omvang.Volume", "ontbreekt"),
        (re.sub(r"<m:Product>.*?</m:Product>", "", product(), flags=re.S), "Product", "aspecifieke"),
        (WITHDRAWN, "RedenWijziging", "ingetrokken"),
    ],
    ids=[
        "unknown-category",
        "no-start",
        "unknown-unit",
        "decimal-volume",
        "no-volume",
        "aspecific",
        "withdrawn",
    ],
)
def test_product_problems_name_the_element(tmp_path: Path, xml: str, field: str, fragment: str) -> None:
    (record,) = read(message(tmp_path, xml))
    assert record.error is not None, record.decision
    assert record.error.field == field
    assert fragment in record.error.reason


def test_unknown_birth_date_is_an_error(tmp_path: Path) -> None:
    path = message(tmp_path, product())
    unknown = "<b:Datum>1900-01-01</b:Datum><b:DatumGebruik>3</b:DatumGebruik>"
    path.write_text(path.read_text().replace("<b:Datum>2015-05-01</b:Datum>", unknown))
    (record,) = read(path)
    assert record.error is not None and record.error.field == "Client.Geboortedatum"


def test_a_bad_product_does_not_stop_the_next(tmp_path: Path) -> None:
    records = read(message(tmp_path, product("1", "50") + product("2", "45")))
    assert [r.error is None for r in records] == [False, True]


# --- code lists ----------------------------------------------------------------------------------


def test_code_lists_map_onto_the_vocabulary() -> None:
    assert set(ijw_codes.JEUGD_SERVICE) <= set(ijw_codes.JEUGD_CATEGORIES)
    assert set(ijw_codes.WMO_SERVICE) <= set(ijw_codes.WMO_CATEGORIES)
    assert all(
        isinstance(s, Service) for s in [*ijw_codes.JEUGD_SERVICE.values(), *ijw_codes.WMO_SERVICE.values()]
    )
    for unmapped in ("40", "49", "50", "53", "55"):
        assert unmapped not in ijw_codes.JEUGD_SERVICE
    for unmapped in ("03", "05", "06", "09", "10", "18"):
        assert unmapped not in ijw_codes.WMO_SERVICE


# --- whole numbers, releases, requests for allocation ---------------------------------------------


def test_whole_numbers_are_read_as_the_schema_reads_them(tmp_path: Path) -> None:
    (record,) = read(message(tmp_path, product("000300201", omvang=OMVANG.format("+2", "04"))))
    assert record.decision is not None, record.error
    assert record.decision["id"] == "0355-300201"
    assert record.ref.endswith("(toewijzing 300201)")
    assert record.decision["volume"]["amount"] == 2
    assert record.version == ("0355", "300201", "2027-02-10", "09:00:00")


@pytest.mark.parametrize(
    ("xml", "field"),
    [
        (product("1000000000"), "ToewijzingNummer"),
        (product("-5"), "ToewijzingNummer"),
        (product(omvang=OMVANG.format("100000000", "04")), "Omvang.Volume"),
    ],
    ids=["number-too-big", "number-negative", "volume-too-big"],
)
def test_a_number_out_of_the_schema_range_is_a_precise_error(tmp_path: Path, xml: str, field: str) -> None:
    (record,) = read(message(tmp_path, xml))
    assert record.error is not None and record.error.field == field
    assert "bereik van het schema" in record.error.reason
    assert "1000000000" not in repr(record) and "100000000" not in record.error.reason


def test_an_iwmo_2_message_is_named_as_such(tmp_path: Path) -> None:
    path = message(
        tmp_path,
        product(category="02"),
        code="<m:BerichtCode>414</m:BerichtCode>",
        namespace="http://www.istandaarden.nl/iwmo/2_0/wmo301/schema",
        release="<m:BerichtVersie>2</m:BerichtVersie><m:BerichtSubversie>0</m:BerichtSubversie>",
    )
    (record,) = read(path)
    assert record.error is not None
    assert (record.error.field, record.error.reason) == (
        "Header.BerichtVersie",
        "iWmo 2.0-bericht: alleen release 3.x",
    )


def test_a_message_without_a_release_is_refused(tmp_path: Path) -> None:
    (record,) = read(message(tmp_path, product(), namespace="urn:ergens", release=""))
    assert record.error is not None and record.error.field == "Header.BerichtVersie"
    assert "alleen release 3.x" in record.error.reason


def test_a_request_for_allocation_is_a_decision_to_take() -> None:
    (record,) = read(REQUEST)
    assert record.decision is not None, record.error
    decision = dict(record.decision)
    assert decision.pop("client")["birth_date"] == "2016-09-21"
    assert decision == {
        "id": "98012345-VZ-27-0042-1",
        "municipality": "0355",
        "law": "jeugdwet",
        "request_date": "2027-04-06",
        "service": "jeugdhulp_ambulant",
        "product": {"code": "45A48", "category": "45"},
        "provider": {"id": "98012345"},
        "contract": "regulier",
        "start_date": "2027-05-01",
        "end_date": "2027-10-31",
        "volume": {"amount": 2, "unit": "uur", "per": "week"},
        "referrer": "huisarts",
    }
    parse_decision(record.decision)


def test_an_unmapped_category_carries_its_code_list_for_the_counts() -> None:
    record = by_number(read(ZEIST), "27000202")
    assert record.error is not None and record.error.category == "JZ020 50"
    assert "category" not in record.error.as_dict()


# --- the official XSDs (not shipped: see docs/ijw-xsd.md) ------------------------------------------

XSD_DIR = os.environ.get("TRIAGE_IJW_XSD")


@pytest.mark.skipif(
    not XSD_DIR,
    reason="no XSD folder: set TRIAGE_IJW_XSD to a folder made by bench/prepare_ijw_xsd.py (docs/ijw-xsd.md)",
)
def test_samples_follow_the_xsds_and_a_broken_message_is_named() -> None:
    from triage.audit.ijw_schema import SchemaFolder
    from triage.audit.ijw_source import read_message

    schemas = SchemaFolder(Path(str(XSD_DIR)))
    for path in SAMPLES:
        assert schemas.problem(path.read_bytes()) is None, path.name
    broken = ZEIST[0].read_bytes().replace(b">27000101<", b">1027000101<")
    (record,) = read_message(broken, "kapot.xml", Pseudonymiser(KEY), schemas)
    assert record.error is not None
    assert record.error.field == "ToegewezenProduct.ToewijzingNummer"
    assert (
        record.error.reason
        == "voldoet niet aan JW301.xsd: de waarde is groter dan het maximum van het schema"
    )
    assert "1027000101" not in repr(record)
