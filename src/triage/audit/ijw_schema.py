"""Validation of iJw/iWmo messages against the official XSDs (`triage audit --xsd DIR`), with lxml.

`DIR` holds the iStandaarden XSD files as published (for example `ijw/JW301.xsd` next to
`ijw/Basisschema.xsd`, and `iwmo/WMO301.xsd` next to its own `Basisschema.xsd`); a message
is validated against `<MESSAGE>.xsd` found anywhere under it, the message named by the
namespace of its root (`…/jw301/schema` -> `JW301.xsd`). A schema's `xs:import` of
`basisschema.xsd` is looked up in the schema's own folder without regard to case (the
published files are called `Basisschema.xsd`).

A message that does not follow its XSD becomes one error record: the element (its last two
names, `ToegewezenProduct.ToewijzingNummer`) and the rule it breaks, in Dutch, without the
value (which may be personal data). triage does not ship the XSDs: see `docs/ijw-xsd.md`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_MESSAGE = re.compile(r"/(jw|wmo)(\d{3})/schema", re.IGNORECASE)
_FACETS = {
    "maxInclusive": "groter dan het maximum van het schema",
    "minInclusive": "kleiner dan het minimum van het schema",
    "maxExclusive": "groter dan het maximum van het schema",
    "minExclusive": "kleiner dan het minimum van het schema",
    "pattern": "past niet bij het patroon van het schema",
    "maxLength": "langer dan het schema toestaat",
    "minLength": "korter dan het schema toestaat",
    "length": "niet de lengte die het schema voorschrijft",
    "enumeration": "geen van de waarden die het schema toestaat",
    "totalDigits": "meer cijfers dan het schema toestaat",
    "fractionDigits": "meer decimalen dan het schema toestaat",
}


class SchemaError(ValueError):
    """The XSD folder cannot be used (Dutch reason)."""


class SchemaFolder:
    """The XSDs of one folder, compiled when a message first needs them."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise SchemaError(f"XSD-map {folder.name!r} bestaat niet of is geen map")
        self.folder = folder
        self._files = {path.stem.upper(): path for path in sorted(folder.rglob("*.xsd"))}
        if not any(name in self._files for name in ("JW301", "WMO301", "JW315", "WMO315")):
            raise SchemaError(
                "geen XSD van JW301, WMO301, JW315 of WMO315 in de XSD-map; zie docs/ijw-xsd.md"
            )
        self._schemas: dict[str, Any] = {}

    def problem(self, data: bytes) -> tuple[str, str] | None:
        """(element, reason) when the message does not follow its XSD; None when it does."""
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            return "(bestand)", "geen geldige XML"
        match = _MESSAGE.search(etree.QName(root).namespace or "")
        if match is None:
            return "Bericht", "geen namespace van een iJw/iWmo-bericht: niet te toetsen tegen de XSD"
        message = f"{match.group(1)}{match.group(2)}".upper()
        schema = self._schema(message)
        if schema is None:
            return "Bericht", f"geen XSD voor {message} in de XSD-map: niet getoetst"
        if schema.validate(root):
            return None
        error = schema.error_log[0]
        return _element(error.path, error.message), f"voldoet niet aan {message}.xsd: {_rule(error.message)}"

    def _schema(self, message: str) -> Any:
        if message not in self._schemas:
            path = self._files.get(message)
            self._schemas[message] = _load(path) if path is not None else None
        return self._schemas[message]


def _load(path: Path) -> Any:
    """An XSD, with imports resolved in its folder without regard to case."""
    from lxml import etree

    folder = {p.name.lower(): p for p in path.parent.iterdir()}

    class Resolver(etree.Resolver):
        def resolve(self, url: str, public_id: str, context: Any) -> Any:
            found = folder.get(Path(url).name.lower())
            return self.resolve_filename(str(found), context) if found is not None else None

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.resolvers.add(Resolver())
    try:
        return etree.XMLSchema(etree.parse(str(path), parser))
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError):
        raise SchemaError(f"{path.name} is geen leesbaar XSD; zie docs/ijw-xsd.md") from None


def _element(path: str | None, message: str) -> str:
    """The last two element names of the error's place (without namespaces and positions)."""
    names = [re.sub(r"\[\d+\]$", "", part).rpartition(":")[2] for part in (path or "").split("/") if part]
    found = re.match(r"Element '(?:\{[^}]*\})?([^']+)'", message)
    if names and found is not None:
        names[-1] = found.group(1)  # a default namespace gives "*" in the path: the name is here
    elif found is not None:
        names = [found.group(1)]
    names = [name for name in names if name != "*"] or ["Bericht"]
    return ".".join(names[-2:])


def _rule(message: str) -> str:
    """The rule of lxml's message in Dutch; no value is repeated."""
    facet = re.search(r"\[facet '(\w+)'\]", message)
    if facet is not None:
        return f"de waarde is {_FACETS.get(facet.group(1), 'in strijd met facet ' + facet.group(1))}"
    expected = re.search(r"Expected is(?: one of)? \( ([^)]*) \)", message)
    names = (
        ", ".join(re.sub(r"\{[^}]*\}", "", n).strip() for n in expected.group(1).split(","))
        if expected
        else ""
    )
    if "Missing child element" in message:
        return f"verplicht element ontbreekt (verwacht: {names})" if names else "verplicht element ontbreekt"
    if "This element is not expected" in message:
        return f"element hoort hier niet (verwacht: {names})" if names else "element hoort hier niet"
    atomic = re.search(r"not a valid value of the (?:atomic|local atomic) type '?([\w:{}/._-]+)'?", message)
    if atomic is not None:
        return f"geen geldige waarde van type {re.sub(r'{[^}]*}', '', atomic.group(1))}"
    if "No matching global declaration" in message:
        return "het hoofdelement is geen bericht van deze XSD"
    return "in strijd met het schema"
