"""Reads iJw/iWmo messages into decisions: toewijzingen (JW301, WMO301) and requests for
allocation (verzoek om toewijzing: JW315, WMO315), release 3.x.

One `SourceRecord` per `ToegewezenProduct` (or `AangevraagdProduct`), in document order.
The XML is parsed with `defusedxml` (no entities, no DTDs) and matched on local names, so any
namespace prefix, or none, is read alike. The message type comes from `Header/BerichtCode`
(436 JW301, 414 WMO301, 446 JW315, 444 WMO315) and/or the namespace of `Bericht`
(…/jw301/schema, …/wmo301/schema).

A standard message holds one `Bericht` with one `Client`; a file may also bundle several
`Bericht` elements under any root, or hold several `Client`s in one `Bericht`. Clients are
numbered across the file in the record's `ref`.

Mapping and assumptions (the audit report should state the first one):

- **request_date = Toewijzingsdatum.** A toewijzing carries no date of the request (melding,
  aanvraag); the allocation date is the nearest date in the message. Rules measured from
  the request (priority, start within N months) therefore run from the allocation date.
- decision_date = Toewijzingsdatum; start_date = Ingangsdatum; end_date = Einddatum (absent:
  open-ended); municipality = Header/Afzender (CBS code); provider.id = Header/Ontvanger
  (AGB code); id = "<CBS code>-<ToewijzingNummer>"; contract = regulier (a toewijzing goes to
  a contracted provider); service from Product/Categorie via `ijw_codes`; volume from Omvang
  (Volume, Eenheid, Frequentie); a Budget-only product has no volume.
- client.id is a keyed pseudonym of the Bsn; the Bsn itself, names, addresses and Commentaar
  are never read into a decision, a ref or an error reason.
- A toewijzing withdrawn per OP087 (Einddatum = Ingangsdatum with RedenWijziging 01 or 13) is
  not a decision: it becomes an error record, so that every product is accounted for.
- By OP087 each message repeats all current toewijzingen of the client at that provider, so
  a series of messages can hold the same toewijzing (same id) more than once; this reader
  does not deduplicate.
- A Geboortedatum with DatumGebruik 1 or 2 (day, or day and month, unknown) is used as
  given; with DatumGebruik 3 (wholly unknown) the product becomes an error record.

- Whole numbers (ToewijzingNummer, Volume, BerichtVersie) are read as xs:integer reads them
  (`000300201` is `300201`, `+2` is `2`) and must lie in the schema's range (`LDT_Nummer`
  0..999,999,999, `LDT_Volume` 0..99,999,999); another release than 3.x is named as such.
- A verzoek om toewijzing (JW315/WMO315, provider -> municipality): municipality =
  Header/Ontvanger, provider.id = Header/Afzender, id = "<AGB code>-<ReferentieAanbieder>",
  request_date = the message's Dagtekening (the day the request was sent), no decision_date,
  start/end = ToewijzingIngangsdatum/-Einddatum, referrer from Verwijzer/Type (COD327;
  01 gemeente is not mapped: it may be a local team or a central access point).

Dates stay ISO text (`YYYY-MM-DD`, xs:date); `triage.decision.parse_decision` validates them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from triage.audit import ijw_codes
from triage.audit.ijw_schema import SchemaFolder
from triage.audit.inputs import display_name
from triage.audit.pseudonym import Pseudonymiser
from triage.audit.records import RowError, SourceRecord
from triage.privacy import BSN_REASON, looks_like_bsn
from triage.vocabulary import Contract, Law

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element  # the type only: parsing is defusedxml's

_TOEWIJZING_MESSAGES = {"JW301": Law.JEUGDWET, "WMO301": Law.WMO, "JW315": Law.JEUGDWET, "WMO315": Law.WMO}
_REQUESTS = ("JW315", "WMO315")
_NAMESPACE_MESSAGE = re.compile(r"/(jw|wmo)(\d{3})/", re.IGNORECASE)
_NAMESPACE_RELEASE = re.compile(r"/(ijw|iwmo)/(\d+)_(\d+)/", re.IGNORECASE)
# the schema's ranges of the whole numbers read (basisschema: LDT_Nummer, LDT_Volume)
MAX_NUMBER = 999_999_999
MAX_VOLUME = 99_999_999
RELEASE = "3"  # the major release read (3.x)


class _Problem(Exception):
    """Why part of a message cannot become a decision: the XML element and a Dutch reason
    (`category`: the code list and product category, when that is what has no service)."""

    def __init__(self, field: str, reason: str, category: str | None = None) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.category = category


@dataclass(frozen=True)
class _Header:
    message: str  # JW301 | WMO301 | JW315 | WMO315
    law: Law
    municipality: str  # CBS code (the sender of a toewijzing, the receiver of a request)
    provider: str  # AGB code (the receiver of a toewijzing, the sender of a request)
    sent: str | None = None  # BerichtIdentificatie/Dagtekening

    @property
    def request(self) -> bool:
        return self.message in _REQUESTS


# --- reading -------------------------------------------------------------------------------------


def read_toewijzing(path: Path, pseudonymiser: Pseudonymiser) -> Iterator[SourceRecord]:
    """Yield one record per ToegewezenProduct in `path`; an unreadable file yields one error record."""
    name = display_name(path.name)
    try:
        if path.stat().st_size > MAX_MESSAGE_BYTES:
            raise _too_big()
        data = path.read_bytes()
    except _Problem as problem:
        yield _error(name, problem)
        return
    except OSError as exc:
        yield _error(name, _Problem("(bestand)", f"onleesbaar: {exc.strerror or 'onbekende fout'}"))
        return
    yield from read_message(data, name, pseudonymiser)


def read_message(
    data: bytes, name: str, pseudonymiser: Pseudonymiser, schema: SchemaFolder | None = None
) -> Iterator[SourceRecord]:
    """Yield one record per product of the message `data` (named `name` in the references);
    an unreadable message yields one error record, and so does one that does not follow its
    XSD in `schema` (`triage audit --xsd`)."""
    try:
        berichten = _berichten(data)
        if schema is not None and (found := schema.problem(data)) is not None:
            raise _Problem(*found)
    except _Problem as problem:
        yield _error(name, problem)
        return
    clients = 0
    for number, bericht in enumerate(berichten, start=1):
        header = _header_or_problem(bericht)
        found = _children(bericht, "Client")
        ref = name if len(berichten) == 1 else f"{name}, bericht {number}"
        if isinstance(header, _Problem) and header.field == "Header.BerichtVersie":
            # another release: its structure is not this one's; one record for the message
            yield _error(ref, header)
            continue
        if not found:
            yield _error(ref, header if isinstance(header, _Problem) else _missing("Client"))
        for client in found:
            clients += 1
            yield from _client_records(f"{name}, client {clients}", client, header, pseudonymiser)


def _berichten(data: bytes) -> list[Element]:
    """The Bericht elements of the message: the root itself, or all Berichten in a bundle."""
    root = _parse(data)
    berichten = [root] if _local(root.tag) == "Bericht" else _descendants(root, "Bericht")
    if not berichten:
        raise _Problem("(bestand)", "geen element Bericht gevonden: geen JW301- of WMO301-bericht")
    return berichten


# The largest message file read: a message is parsed whole, at roughly ten times its size in
# memory. A JW301 of a few thousand clients is a few megabytes.
MAX_MESSAGE_BYTES = 64 << 20


def _too_big() -> _Problem:
    return _Problem(
        "(bestand)", f"bericht groter dan {MAX_MESSAGE_BYTES >> 20} MB (de grens per berichtbestand)"
    )


def _parse(data: bytes) -> Element:
    """Parse safely; any failure becomes a `_Problem` for the whole message."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise _too_big()
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise _Problem("(bestand)", f"geen geldige XML (regel {line}, kolom {column})") from None
    except DefusedXmlException:
        raise _Problem(
            "(bestand)", "XML met DTD of entiteiten wordt om veiligheidsredenen niet gelezen"
        ) from None


def _client_records(
    ref: str, client: Element, header: _Header | _Problem, pseudonymiser: Pseudonymiser
) -> Iterator[SourceRecord]:
    """The records for one Client: one per ToegewezenProduct."""
    request = isinstance(header, _Header) and header.request
    products = _descendants(client, "AangevraagdProduct" if request else "ToegewezenProduct")
    if not products:
        missing = _missing("AangevraagdeProducten" if request else "ToegewezenProducten")
        yield _error(ref, header if isinstance(header, _Problem) else missing)
        return
    try:
        person: dict[str, Any] | _Problem = _read_client(client, pseudonymiser)
    except _Problem as problem:
        person = problem
    for number, product in enumerate(products, start=1):
        yield _product_record(ref, number, product, header, person)


def _product_record(
    client_ref: str,
    number: int,
    product: Element,
    header: _Header | _Problem,
    person: dict[str, Any] | _Problem,
) -> SourceRecord:
    """One ToegewezenProduct (or AangevraagdProduct) as a decision, or the first problem found."""
    if isinstance(header, _Header) and header.request:
        return _request_record(client_ref, number, product, header, person)
    try:
        toewijzing: str | None = _toewijzing_number(_text(product, "ToewijzingNummer"))
        number_problem = None
    except _Problem as exc:  # neither repeated in the reference nor in the id
        toewijzing, number_problem = None, exc
    ref = f"{client_ref}, product {number}" + (f" (toewijzing {toewijzing})" if toewijzing else "")
    decision_id = (
        f"{header.municipality}-{toewijzing}" if isinstance(header, _Header) and toewijzing else None
    )
    # the version of this toewijzing (`--latest-only`), also when it is no decision
    allocated = _text(product, "Toewijzingsdatum")
    version = None
    if isinstance(header, _Header) and toewijzing and allocated:
        version = (header.municipality, toewijzing, allocated, _text(product, "Toewijzingstijd") or "")
    problem = next((part for part in (number_problem, header, person) if isinstance(part, _Problem)), None)
    if problem is None:
        try:
            decision = _decision(product, header, person, toewijzing)
        except _Problem as exc:
            problem = exc
        else:
            return SourceRecord(ref, decision=decision, version=version)
    return replace(_error(ref, problem, decision_id), version=version)


def _request_record(
    client_ref: str, number: int, product: Element, header: _Header, person: dict[str, Any] | _Problem
) -> SourceRecord:
    """One AangevraagdProduct of a verzoek om toewijzing as a decision to be taken."""
    reference = _text(product, "ReferentieAanbieder")
    shown = reference if reference is not None and _PLAIN_REFERENCE.fullmatch(reference) else None
    ref = f"{client_ref}, product {number}" + (f" (referentie {shown})" if shown else "")
    decision_id = f"{header.provider}-{shown}" if shown else None
    try:
        if isinstance(person, _Problem):
            raise person
        if reference is None:
            raise _missing("ReferentieAanbieder")
        if shown is None:
            raise _Problem("ReferentieAanbieder", "verwacht een referentie van letters, cijfers en - . _ /")
        if header.sent is None:
            raise _missing("Header.BerichtIdentificatie.Dagtekening")
        decision: dict[str, Any] = {
            "id": decision_id,
            "municipality": header.municipality,
            "law": header.law.value,
            "request_date": header.sent,  # the day the request was sent
            "client": dict(person),
            **_service_and_product(product, header.law),
            "provider": {"id": header.provider},
            "contract": Contract.REGULIER.value,
            "start_date": _required(product, "ToewijzingIngangsdatum"),
        }
        end = _text(product, "ToewijzingEinddatum")
        if end is not None:
            decision["end_date"] = end
        volume = _volume(product)
        if volume is not None:
            decision["volume"] = volume
        referrer = _referrer(product)
        if referrer is not None:
            decision["referrer"] = referrer
    except _Problem as problem:
        return _error(ref, problem, decision_id)
    return SourceRecord(ref, decision=decision)


# a provider's own reference (LDT_Referentie): shown in references only when it is this plain
_PLAIN_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,14}")


def _referrer(product: Element) -> str | None:
    """The referrer from Verwijzer/Type (COD327), when it maps onto the vocabulary."""
    code = _text(product, "Verwijzer", "Type")
    if code is None:
        return None
    if code not in ijw_codes.REFERRER_TYPES:
        raise _Problem("Verwijzer.Type", "verwijzertype komt niet voor in codelijst COD327")
    referrer = ijw_codes.REFERRER.get(code)
    return referrer.value if referrer is not None else None


# --- header and client ---------------------------------------------------------------------------


def _header_or_problem(bericht: Element) -> _Header | _Problem:
    """The Header, or the problem that makes every product of this Bericht an error."""
    try:
        return _read_header(bericht)
    except _Problem as problem:
        return problem


def _read_header(bericht: Element) -> _Header:
    """Release, message type, municipality (CBS code) and provider (AGB code) from the Header."""
    _check_release(bericht)
    message, law = _message_type(bericht)
    municipality_at, provider_at = (
        ("Ontvanger", "Afzender") if message in _REQUESTS else ("Afzender", "Ontvanger")
    )
    municipality = _required(bericht, "Header", municipality_at)
    if not re.fullmatch(r"\d{4}", municipality):
        raise _Problem(
            f"Header.{municipality_at}", f"{municipality_at.lower()} is geen CBS-gemeentecode van 4 cijfers"
        )
    provider = _required(bericht, "Header", provider_at)
    if not re.fullmatch(r"\d{8}", provider):
        raise _Problem(f"Header.{provider_at}", f"{provider_at.lower()} is geen AGB-code van 8 cijfers")
    sent = _text(bericht, "Header", "BerichtIdentificatie", "Dagtekening")
    return _Header(message, law, municipality, provider, sent)


def _check_release(bericht: Element) -> None:
    """Release 3.x, from BerichtVersie/-Subversie and/or the namespace; another is named."""
    tag = bericht.tag if isinstance(bericht.tag, str) else ""
    match = _NAMESPACE_RELEASE.search(tag.partition("}")[0]) if tag.startswith("{") else None
    standard = None
    if match is not None:
        standard = "iJw" if match.group(1).lower() == "ijw" else "iWmo"
    elif (code := _namespace_message(tag) or _text(bericht, "Header", "BerichtCode")) is not None:
        standard = "iWmo" if code.upper().startswith("WMO") or code in ("414", "444") else "iJw"
    version = _text(bericht, "Header", "BerichtVersie")
    major = str(int(version)) if version is not None and re.fullmatch(r"\+?\d{1,2}", version) else None
    if version is not None and major is None:
        raise _Problem("Header.BerichtVersie", "verwacht een geheel getal (0 tot en met 99)")
    if major is None and match is not None:
        major = str(int(match.group(2)))
    if major is None:
        raise _Problem(
            "Header.BerichtVersie",
            "release onbekend (geen BerichtVersie, geen release in de namespace); alleen release 3.x",
        )
    if major != RELEASE:
        minor = _text(bericht, "Header", "BerichtSubversie")
        if minor is None or not re.fullmatch(r"\+?\d{1,2}", minor):
            minor = match.group(3) if match is not None and str(int(match.group(2))) == major else "x"
        else:
            minor = str(int(minor))
        raise _Problem(
            "Header.BerichtVersie", f"{standard or 'iJw/iWmo'} {major}.{minor}-bericht: alleen release 3.x"
        )


def _message_type(bericht: Element) -> tuple[str, Law]:
    """JW301 or WMO301, from BerichtCode and/or namespace; anything else is a problem."""
    by_namespace = _namespace_message(bericht.tag)
    code = _text(bericht, "Header", "BerichtCode")
    by_code = _code_message(code) if code is not None else None
    if by_namespace is not None and by_namespace not in _TOEWIJZING_MESSAGES:
        raise _Problem(
            "Bericht",
            f"dit is een {by_namespace}-bericht, geen toewijzing (JW301, WMO301) of verzoek om toewijzing "
            "(JW315, WMO315)",
        )
    if by_code and by_namespace and by_code != by_namespace:
        raise _Problem(
            "Header.BerichtCode", f"berichtcode {code} past niet bij de namespace ({by_namespace})"
        )
    message = by_code or by_namespace
    if message is None:
        raise _Problem(
            "Header.BerichtCode", "berichtsoort onbekend: geen BerichtCode en geen namespace van het bericht"
        )
    return message, _TOEWIJZING_MESSAGES[message]


def _code_message(code: str) -> str:
    """The message a BerichtCode stands for (436 JW301, 414 WMO301, 446 JW315, 444 WMO315;
    the names are accepted too)."""
    if code.upper() in _TOEWIJZING_MESSAGES:
        return code.upper()
    if code in ijw_codes.MESSAGE_CODES:
        return ijw_codes.MESSAGE_CODES[code][0]
    raise _Problem(
        "Header.BerichtCode",
        "berichtcode is geen toewijzing of verzoek om toewijzing (JW301 = 436, WMO301 = 414, JW315 = 446, "
        "WMO315 = 444)",
    )


def _namespace_message(tag: str) -> str | None:
    """The message named by a tag's namespace (…/ijw/3_2/jw301/schema -> JW301), if any."""
    match = _NAMESPACE_MESSAGE.search(tag.partition("}")[0]) if tag.startswith("{") else None
    return f"{match.group(1).upper()}{match.group(2)}" if match else None


def _read_client(client: Element, pseudonymiser: Pseudonymiser) -> dict[str, Any]:
    """The decision's `client`: pseudonym and birth date. The Bsn is never kept or shown."""
    bsn = _text(client, "Bsn")
    if bsn is None:
        raise _missing("Client.Bsn")
    if not _valid_bsn(bsn):
        raise _Problem(
            "Client.Bsn", "geen geldig burgerservicenummer (9 cijfers, elfproef); waarde niet getoond"
        )
    return {"id": pseudonymiser.client_id(bsn), "birth_date": _birth_date(client)}


def _valid_bsn(bsn: str) -> bool:
    """Nine digits (as the message's Bsn element has them) that pass the elfproef of
    `privacy.looks_like_bsn`, the one home of the test; 000000000 is no BSN."""
    return re.fullmatch(r"\d{9}", bsn) is not None and looks_like_bsn(bsn)


def _toewijzing_number(number: str | None) -> str | None:
    """A ToewijzingNummer as the whole number it is (`000300201` -> `300201`), within the
    schema's range; it becomes part of the decision id and of every reference, so it is
    never one that may be a BSN. None when absent (`_decision` names that)."""
    if number is None:
        return None
    value = whole_number(number, "ToewijzingNummer", MAX_NUMBER)
    if looks_like_bsn(value):
        raise _Problem("ToewijzingNummer", BSN_REASON)
    return value


def whole_number(text: str, field: str, maximum: int) -> str:
    """An xs:integer (an optional sign, digits) between 0 and `maximum`, written plainly."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise _Problem(field, "verwacht een geheel getal (alleen cijfers)")
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > len(str(maximum)) or int(digits) > maximum or (text.startswith("-") and digits != "0"):
        raise _Problem(
            field, f"buiten het bereik van het schema (0 tot en met {maximum:,})".replace(",", ".")
        )
    return digits


def _birth_date(client: Element) -> str:
    """Geboortedatum/Datum (or a flat Geboortedatum); wholly unknown dates are refused."""
    element = _child(client, "Geboortedatum")
    if element is None:
        raise _missing("Client.Geboortedatum")
    if _text(element, "DatumGebruik") == ijw_codes.UNKNOWN_DATE_USE:
        raise _Problem(
            "Client.Geboortedatum", "geboortedatum onbekend (DatumGebruik 3): leeftijd niet te bepalen"
        )
    value = _text(element, "Datum") or _own_text(element)
    if value is None:
        raise _missing("Client.Geboortedatum.Datum")
    return value


# --- product -------------------------------------------------------------------------------------


def _decision(
    product: Element, header: _Header, person: dict[str, Any], number: str | None
) -> dict[str, Any]:
    """The decision dict for one ToegewezenProduct (`number`: its ToewijzingNummer, read)."""
    if number is None:
        raise _missing("ToewijzingNummer")
    allocated = _required(product, "Toewijzingsdatum")
    start = _required(product, "Ingangsdatum")
    end = _text(product, "Einddatum")
    _refuse_withdrawn(product, start, end)
    decision: dict[str, Any] = {
        "id": f"{header.municipality}-{number}",
        "municipality": header.municipality,
        "law": header.law.value,
        "request_date": allocated,  # assumption: the message has no request date
        "decision_date": allocated,
        "client": dict(person),
        **_service_and_product(product, header.law),
        "provider": {"id": header.provider},
        "contract": Contract.REGULIER.value,
        "start_date": start,
    }
    if end is not None:
        decision["end_date"] = end
    volume = _volume(product)
    if volume is not None:
        decision["volume"] = volume
    return decision


def _refuse_withdrawn(product: Element, start: str, end: str | None) -> None:
    """A toewijzing withdrawn per OP087 (end = start, RedenWijziging 01/13) is no decision."""
    reason = _text(product, "RedenWijziging")
    if reason in ijw_codes.WITHDRAWN_REASONS and end == start:
        label = ijw_codes.WITHDRAWN_REASONS[reason]
        raise _Problem(
            "RedenWijziging",
            f"toewijzing ingetrokken (reden {reason}: {label}; einddatum = ingangsdatum): niet te toetsen",
        )


def _service_and_product(product: Element, law: Law) -> dict[str, Any]:
    """`service` and `product` from Product/Categorie and Product/Code."""
    element = _child(product, "Product")
    if element is None:
        raise _Problem("Product", "geen Product (aspecifieke toewijzing): de dienst is niet af te leiden")
    category = _text(element, "Categorie")
    if category is None:
        raise _missing("Product.Categorie")
    return {
        "service": _service(category, law),
        "product": _drop_none({"code": _text(element, "Code"), "category": category}),
    }


def _service(category: str, law: Law) -> str:
    """The service for a product category, or a problem naming the category."""
    names = ijw_codes.categories(law)
    code_list = ijw_codes.code_list(law)
    if category not in names:
        raise _Problem(
            "Product.Categorie", f"productcategorie komt niet voor in codelijst {code_list}", f"{code_list} ?"
        )
    service = ijw_codes.services(law).get(category)
    if service is None:
        raise _Problem(
            "Product.Categorie",
            f"productcategorie '{category}' ({names[category]}) "
            "heeft geen eenduidige dienst in de woordenlijst",
            f"{code_list} {category}",
        )
    return service.value


def _volume(product: Element) -> dict[str, Any] | None:
    """Omvang as {amount, unit, per}; None when there is no Omvang (e.g. Budget only)."""
    omvang = _child(product, "Omvang")
    if omvang is None:
        return None
    amount = whole_number(_required(omvang, "Volume", field="Omvang.Volume"), "Omvang.Volume", MAX_VOLUME)
    unit = _required(omvang, "Eenheid", field="Omvang.Eenheid")
    per = _required(omvang, "Frequentie", field="Omvang.Frequentie")
    if unit not in ijw_codes.UNIT:
        raise _Problem("Omvang.Eenheid", "eenheid komt niet voor in codelijst WJ756")
    if per not in ijw_codes.PER:
        raise _Problem("Omvang.Frequentie", "frequentie komt niet voor in de codelijst Frequentie")
    return {"amount": int(amount), "unit": ijw_codes.UNIT[unit].value, "per": ijw_codes.PER[per].value}


# --- XML helpers (local names, namespace-tolerant) -----------------------------------------------


def _local(tag: object) -> str:
    """An element's name without namespace; comments and processing instructions have none."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    """Direct children with this local name, in document order."""
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    """The first direct child with this local name."""
    return next(iter(_children(element, name)), None)


def _descendants(element: Element, name: str) -> list[Element]:
    """All descendants (not the element itself) with this local name, in document order."""
    return [found for found in element.iter() if found is not element and _local(found.tag) == name]


def _own_text(element: Element) -> str | None:
    """The element's stripped text, or None when empty."""
    value = (element.text or "").strip()
    return value or None


def _text(element: Element, *path: str) -> str | None:
    """The stripped text at a path of child names, or None when absent or empty."""
    for name in path:
        found = _child(element, name)
        if found is None:
            return None
        element = found
    return _own_text(element)


def _required(element: Element, *path: str, field: str | None = None) -> str:
    """Like `_text`, but a missing element is a problem."""
    value = _text(element, *path)
    if value is None:
        raise _missing(field or ".".join(path))
    return value


def _missing(field: str) -> _Problem:
    """The problem for a required element that is absent or empty."""
    return _Problem(field, f"verplicht element {field} ontbreekt of is leeg")


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """The mapping without None values."""
    return {key: value for key, value in values.items() if value is not None}


def _error(ref: str, problem: _Problem, decision: str | None = None) -> SourceRecord:
    """An error record for `ref`."""
    return SourceRecord(ref, error=RowError(ref, problem.field, problem.reason, decision, problem.category))
