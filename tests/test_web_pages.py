"""The consultant's web page (`triage serve`, GET / and POST /toets...), through FastAPI's
test client: form, result, suggestions, errors in the CLI's words, escaping, privacy, log."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from triage import Engine
from triage.web.app import create_app
from web_client import PageClient

ROOT = Path(__file__).resolve().parents[1]
ZOU_YAML = ROOT / "examples" / "zou-begeleiding-12-maanden.yaml"
ZOU_MAATWERK = ROOT / "examples" / "zou-maatwerkcontract-met-uitzondering.json"

# examples/zou-begeleiding-12-maanden.yaml as a person fills in the form
ZOU_FORM = {
    "id": "ZOU-2027-000123",
    "municipality": "Zeist",
    "law": "wmo",
    "request_date": "2027-02-01",
    "decision_date": "2027-02-10",
    "client.id": "c-81723",
    "client.birth_date": "1986-05-01",
    "client.social_network_involved": "true",
    "client.child_protection": "geen",
    "service": "begeleiding_wmo",
    "form": "individueel",
    "contract": "regulier",
    "provider.id": "12345678",
    "start_date": "2027-03-01",
    "end_date": "2028-02-29",
    "volume.amount": "2",
    "volume.unit": "uur",
    "volume.per": "week",
    "perspective": "activerend",
    "referrer": "lokaal_team",
    "goals": "Zelfstandig de administratie bijhouden",
    # the empty exception row every form has
    "exceptions.0.principle": "",
    "exceptions.0.ground": "",
    "exceptions.0.motivation": "",
}


class Page(HTMLParser):
    """The parts of a page the tests look at: elements with attributes, label targets,
    button texts, textarea contents, and the text of a few sections."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.labels: set[str] = set()
        self.buttons: list[tuple[str, dict[str, str]]] = []
        self.textareas: dict[str, str] = {}
        self.options: dict[str, list[tuple[str, bool]]] = {}
        self.texts: dict[str, str] = {}  # id -> text inside
        self._button: dict[str, str] | None = None
        self._button_text = ""
        self._textarea: str | None = None
        self._select: str | None = None
        self._open: list[tuple[str, str]] = []  # (tag, id) of elements with an id
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag == "button":
            self._button, self._button_text = a, ""
        if tag == "textarea":
            self._textarea = a.get("name", "")
            self.textareas[self._textarea] = ""
        if tag == "select":
            self._select = a.get("name", "")
            self.options[self._select] = []
        if tag == "option" and self._select is not None:
            self.options[self._select].append((a.get("value", ""), "selected" in a))
        if "id" in a and tag not in ("input", "br", "img", "meta", "link"):
            self._open.append((tag, a["id"]))
            self.texts[a["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            self.buttons.append((" ".join(self._button_text.split()), self._button))
            self._button = None
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button_text += data
        if self._textarea is not None:
            self.textareas[self._textarea] += data
        for _, element_id in self._open:
            self.texts[element_id] += data

    def by_id(self, element_id: str) -> dict[str, str]:
        return next(a for _, a in self.elements if a.get("id") == element_id)

    def button(self, text: str) -> dict[str, str]:
        return next(a for label, a in self.buttons if label == text)

    def form_values(self) -> dict[str, Any]:
        """What the browser would post for form#beschikking (filled inputs, checked boxes,
        selected options, textareas)."""
        values: dict[str, Any] = {}
        for tag, a in self.elements:
            name = a.get("name")
            if tag != "input" or not name or name in ("tekst", "bestand", "beschikking"):
                continue
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    values.setdefault(name, []).append(a.get("value", "on"))
            elif kind in ("text", "hidden"):
                values[name] = a.get("value", "")
        for name, options in self.options.items():
            chosen = [v for v, selected in options if selected] or [options[0][0]]
            values[name] = chosen[0]
        for name, text in self.textareas.items():
            if name != "tekst":
                values[name] = text.removeprefix("\n")
        return values


@pytest.fixture(scope="module")
def shared_engine() -> Engine:
    return Engine.load(ROOT / "rules")


@pytest.fixture
def client(tmp_path: Path, shared_engine: Engine) -> PageClient:
    app = create_app(db=tmp_path / "log.sqlite3", engine=shared_engine)
    with PageClient(app) as test_client:
        yield test_client


def log_count(client: PageClient) -> int:
    return client.app.state.service.log.count()


def verdict_of(html: str) -> str:
    match = re.search(r'class="verdict verdict--(\w+)"', html)
    assert match, "no verdict on the page"
    return match.group(1)


def result_section(html: str) -> str:
    start = html.index('<section class="result"')
    return html[start : html.index("</section>", start)]


# ---------------------------------------------------------------- the form
def test_form_is_dutch_and_every_input_has_a_label(client: PageClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="nl">' in html
    page = Page(html)
    controls = [
        a
        for tag, a in page.elements
        if tag in ("select", "textarea") or (tag == "input" and a.get("type") not in ("hidden", "submit"))
    ]
    assert len(controls) > 30
    unlabelled = [a.get("name") for a in controls if a.get("id") not in page.labels]
    assert unlabelled == []
    # every fieldset has a legend right after it
    assert html.count("<fieldset") == len(re.findall(r"<fieldset[^>]*>\s*<legend", html))
    # the vocabularies are offered: regions, municipalities and services
    assert ("Zeist", False) in page.options["municipality"]
    assert ("zuidoost-utrecht", False) in page.options["region"]
    assert ("begeleiding_jeugd", False) in page.options["service"]
    assert {"woonplaatsbeginsel", "uitzonderlijke_situatie"} <= {
        v for v, _ in page.options["exceptions.0.ground"]
    }
    # CSP: no inline script or style; the stylesheet is served
    assert "<script" not in html and "style=" not in html and "<style" not in html
    css = client.get("/static/triage.css")
    assert css.status_code == 200 and "focus-visible" in css.text


def test_example_prefills_the_form(client: PageClient) -> None:
    page = Page(client.get("/?voorbeeld=zou").text)
    assert page.by_id("f-id")["value"] == "ZOU-2027-000123"
    assert ("Zeist", True) in page.options["municipality"]
    assert page.by_id("f-end_date")["value"] == "2028-02-29"
    assert "checked" in page.by_id("f-perspective-activerend")


# ---------------------------------------------------------------- result and suggestions
def test_zou_twelve_months_needs_motivation_and_the_suggestion_makes_it_conform(client: PageClient) -> None:
    response = client.post("/toets", data=ZOU_FORM)
    assert response.status_code == 200
    html = response.text
    assert verdict_of(html) == "motivering_vereist"
    result = result_section(html)
    assert "Motivering vereist" in result  # the verdict in words, not only in colour
    assert "ZOU-GIGG-01" in result
    assert "ZOU-2027 §5.4" in result
    assert "Inkoopkoers Jeugd en Wmo 2027" in result
    assert "Wat past wel:" in result and "2027-11-30" in result
    assert "Prioriteit:" in result and "regulier" in result
    assert "c-81723" in result
    # the facts behind the finding under Dutch labels, their values in Dutch words
    facts = result[result.index("Feiten waarop dit rust") :]
    assert "Uiterste einddatum" in facts and "Perspectief" in facts
    assert ">last_allowed_end_date<" not in facts and ">perspective<" not in facts
    assert "Maximale beschikkingstermijn bij een ontwikkelingsperspectief" in facts
    # rules version and log id, small, for auditors
    rules_version = client.app.state.service.engine.book.version
    assert re.search(rf"Logboeknummer <span class=\"code\">1</span>.*{rules_version}", result, re.S)
    assert log_count(client) == 1

    page = Page(html)
    # the filled form is on the result page: values kept for "pas aan en toets opnieuw"
    assert page.by_id("f-client-id")["value"] == "c-81723"
    assert page.by_id("f-end_date")["value"] == "2028-02-29"
    button = page.button("Zet einddatum op 2027-11-30")
    assert json.loads(button["value"])["change"] == {"end_date": "2027-11-30"}
    hidden = next(a for tag, a in page.elements if tag == "input" and a.get("name") == "beschikking")
    assert hidden["form"] == "voorstel"

    again = client.post(
        "/toets/voorstel", data={"beschikking": hidden["value"], "wijziging": button["value"]}
    )
    assert again.status_code == 200
    assert verdict_of(again.text) == "conform"
    assert "Conform" in result_section(again.text)
    assert Page(again.text).by_id("f-end_date")["value"] == "2027-11-30"
    assert log_count(client) == 2
    entries = list(client.app.state.service.log.entries())
    assert [e["channel"] for e in entries] == ["pagina", "pagina"]
    assert [e["verdict"] for e in entries] == ["motivering_vereist", "conform"]


def test_check_again_with_the_form_on_the_result_page(client: PageClient) -> None:
    page = Page(client.post("/toets", data=ZOU_FORM).text)
    values = page.form_values()
    values["end_date"] = "2027-11-30"
    response = client.post("/toets", data=values)
    assert response.status_code == 200
    assert verdict_of(response.text) == "conform"


def test_exception_suggestion_adds_a_row_with_the_accepted_grounds_only(client: PageClient) -> None:
    data = json.loads(ZOU_MAATWERK.read_text())
    motivation = data.pop("exceptions")[0]["motivation"]
    html = client.post("/toets/tekst", data={"tekst": json.dumps(data)}).text
    assert verdict_of(html) == "motivering_vereist"
    page = Page(html)
    button = page.button("Leg een uitzondering vast")
    hidden = next(a for tag, a in page.elements if tag == "input" and a.get("name") == "beschikking")
    checks = log_count(client)

    response = client.post(
        "/toets/voorstel", data={"beschikking": hidden["value"], "wijziging": button["value"]}
    )
    assert response.status_code == 200
    assert log_count(client) == checks  # nothing checked yet: the motivation is missing
    assert "Een motivering moet een mens schrijven" in response.text
    form = Page(response.text)
    assert form.options["exceptions.0.principle"] == [("nee-tenzij", True)]
    grounds = [v for v, _ in form.options["exceptions.0.ground"] if v]
    assert grounds == ["woonplaatsbeginsel", "uitzonderlijke_situatie"]
    assert "autofocus" in form.by_id("f-exceptions-0-motivation")
    assert form.textareas["exceptions.0.motivation"].strip() == ""

    values = form.form_values()
    values["exceptions.0.ground"] = "woonplaatsbeginsel"
    values["exceptions.0.motivation"] = motivation
    checked = client.post("/toets", data=values)
    assert checked.status_code == 200
    assert verdict_of(checked.text) == "conform_met_uitzondering"
    # the motivation stays in its textarea, and is never echoed in the explanation
    assert motivation not in result_section(checked.text)
    assert Page(checked.text).textareas["exceptions.0.motivation"].strip() == motivation
    # the row keeps its limited choice of grounds across "toets opnieuw"
    again = Page(checked.text)
    assert [v for v, _ in again.options["exceptions.0.ground"] if v] == grounds


def _findings_list(html: str) -> str:
    """The findings on a result page ("" when there are none)."""
    start = html.find('<ol class="findings">')
    return html[start : html.index("</ol>", start)] if start >= 0 else ""


# a decision of Gouda (its region named) for a client who lives elsewhere
def _residence_form(residence: str) -> dict[str, str]:
    return {
        **ZOU_FORM,
        "id": "MH-2027-000019",
        "region": "midden-holland",
        "municipality": "Gouda",
        "client.residence_municipality": residence,
        "end_date": "2027-08-31",
        "perspective": "",
    }


def test_the_municipality_suggestion_moves_the_region_along_and_the_finding_goes(client: PageClient) -> None:
    html = client.post("/toets", data=_residence_form("Zeist")).text
    assert verdict_of(html) == "niet_conform"
    assert "XR-WPB-01" in _findings_list(html)
    page = Page(html)
    button = page.button("Zet gemeente op Zeist en regio op zuidoost-utrecht")
    hidden = next(a for tag, a in page.elements if tag == "input" and a.get("name") == "beschikking")

    again = client.post(
        "/toets/voorstel", data={"beschikking": hidden["value"], "wijziging": button["value"]}
    )
    assert again.status_code == 200  # a valid decision, not an input error
    assert "XR-WPB-01" not in _findings_list(again.text)
    assert re.search(r"Getoetst en in orde:.*XR-WPB-01", result_section(again.text), re.S)
    moved = Page(again.text)
    assert ("zuidoost-utrecht", True) in moved.options["region"]
    assert ("Zeist", True) in moved.options["municipality"]


def test_a_residence_outside_the_regions_gets_the_remedy_in_words_and_no_button(client: PageClient) -> None:
    html = client.post("/toets", data=_residence_form("Amsterdam")).text
    assert verdict_of(html) == "niet_conform"
    findings = _findings_list(html)
    assert "XR-WPB-01" in findings
    assert "De gemeente Amsterdam beslist; triage kent haar inkoopkader niet." in findings
    # no suggestion button at all (the same form with a residence in Zeist has one, above)
    assert [label for label, a in Page(html).buttons if a.get("name") == "wijziging"] == []


def test_a_signal_offers_no_exception_button(client: PageClient) -> None:
    # MH-NT-01 is a signal with a "tenzij": an exception would leave it a signal
    html = client.post("/toets", data={**_residence_form("Gouda"), "contract": "pgb"}).text
    findings = _findings_list(html)
    assert "MH-NT-01" in findings and "finding--signaal" in findings
    assert [label for label, a in Page(html).buttons if a.get("name") == "wijziging"] == []


def test_exception_without_motivation_does_not_count(client: PageClient) -> None:
    values = {
        **ZOU_FORM,
        "exceptions.0.principle": "goed-is-goed-genoeg",
        "exceptions.0.ground": "uitzonderlijke_situatie",
    }
    html = client.post("/toets", data=values).text
    assert verdict_of(html) == "motivering_vereist"
    assert "De uitzondering heeft geen motivering" in result_section(html)


# ---------------------------------------------------------------- invalid input
def test_invalid_date_is_422_with_the_reason_next_to_the_field(client: PageClient) -> None:
    response = client.post("/toets", data={**ZOU_FORM, "request_date": "2027-02-30"})
    assert response.status_code == 422
    page = Page(response.text)
    error = page.texts["f-request_date-error"]
    assert "verwacht een datum JJJJ-MM-DD (gekregen: tekst van 10 tekens)" in error
    field = page.by_id("f-request_date")
    assert "f-request_date-error" in field["aria-describedby"].split()
    assert field["aria-invalid"] == "true"
    assert field["value"] == "2027-02-30"
    assert 'href="#f-request_date"' in response.text  # the summary links to the field
    # the other values are kept
    assert page.by_id("f-id")["value"] == "ZOU-2027-000123"
    assert page.by_id("f-client-id")["value"] == "c-81723"
    assert ("Zeist", True) in page.options["municipality"]
    assert page.textareas["goals"].strip() == "Zelfstandig de administratie bijhouden"
    assert log_count(client) == 0


def test_end_before_start_and_missing_fields_use_the_cli_words(client: PageClient) -> None:
    values = {**ZOU_FORM, "end_date": "2027-01-01", "client.birth_date": ""}
    response = client.post("/toets", data=values)
    assert response.status_code == 422
    page = Page(response.text)
    assert "einddatum 2027-01-01 ligt vóór de startdatum 2027-03-01" in page.texts["f-end_date-error"]
    assert "verplicht veld ontbreekt" in page.texts["f-client-birth_date-error"]


def test_unknown_municipality_is_422_next_to_the_picker(client: PageClient) -> None:
    data = json.loads(ZOU_MAATWERK.read_text())
    data["municipality"] = "Atlantis"
    response = client.post("/toets/tekst", data={"tekst": json.dumps(data)})
    assert response.status_code == 422
    page = Page(response.text)
    assert "onbekende gemeente (tekst van 8 tekens)" in page.texts["f-municipality-error"]
    assert ("Atlantis", True) in page.options["municipality"]
    assert log_count(client) == 0


def test_unreadable_paste_keeps_the_text_and_says_why(client: PageClient) -> None:
    response = client.post("/toets/tekst", data={"tekst": "id: [niet gesloten"})
    assert response.status_code == 422
    page = Page(response.text)
    assert "geen geldige JSON/YAML" in page.texts["f-tekst-error"]
    assert page.textareas["tekst"].strip() == "id: [niet gesloten"


# ---------------------------------------------------------------- paste and upload
def test_pasted_json_is_checked(client: PageClient) -> None:
    data = json.loads(ZOU_MAATWERK.read_text())
    response = client.post("/toets/tekst", data={"tekst": json.dumps(data)})
    assert response.status_code == 200
    assert verdict_of(response.text) == "conform_met_uitzondering"
    page = Page(response.text)
    assert ("Utrechtse Heuvelrug", True) in page.options["municipality"]
    assert log_count(client) == 1


def test_uploaded_yaml_is_checked(client: PageClient) -> None:
    files = {"bestand": ("zou.yaml", ZOU_YAML.read_bytes(), "application/yaml")}
    response = client.post("/toets/tekst", data={"tekst": ""}, files=files)
    assert response.status_code == 200
    assert verdict_of(response.text) == "motivering_vereist"
    assert "ZOU-GIGG-01" in result_section(response.text)
    # the form below is filled from the file
    assert Page(response.text).by_id("f-end_date")["value"] == "2028-02-29"


# ---------------------------------------------------------------- safety and privacy
def test_decision_text_is_escaped(client: PageClient) -> None:
    response = client.post("/toets", data={**ZOU_FORM, "id": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result_section(response.text)
    assert "<script" not in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_a_bsn_is_refused_and_never_shown_or_logged(client: PageClient) -> None:
    response = client.post("/toets", data={**ZOU_FORM, "client.id": "123456782"})
    assert response.status_code == 422
    assert "123456782" not in response.text
    assert "burgerservicenummer" in Page(response.text).texts["f-client-id-error"]
    assert log_count(client) == 0


def test_unknown_fields_are_named_without_their_value(client: PageClient) -> None:
    data = {**json.loads(ZOU_MAATWERK.read_text()), "naam": "Jan Jansen"}
    response = client.post("/toets/tekst", data={"tekst": json.dumps(data)})
    assert response.status_code == 422
    assert "onbekend veld" in response.text
    assert "Jan Jansen" not in response.text


def test_a_reload_of_a_result_goes_back_to_the_form(client: PageClient) -> None:
    response = client.get("/toets", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_an_unreadable_paste_with_a_bsn_is_not_shown_again(client: PageClient) -> None:
    response = client.post("/toets/tekst", data={"tekst": '{"client": {"id": "123456782"'})
    assert response.status_code == 422
    assert "123456782" not in response.text


def test_yaml_aliases_cannot_blow_up_a_decision(client: PageClient) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    lines.append("goals: *a7")
    response = client.post("/toets/tekst", data={"tekst": "\n".join(lines)})
    assert response.status_code == 422
    assert "te groot of te diep genest" in response.text


def test_an_exception_row_can_be_left_out(client: PageClient) -> None:
    values = {
        **ZOU_FORM,
        "end_date": "2027-11-30",
        "exceptions.0.principle": "goed-is-goed-genoeg",
        "exceptions.0.ground": "",
        "exceptions.0.weglaten": "1",
    }
    response = client.post("/toets", data=values)
    assert response.status_code == 200  # the empty ground would be an error if the row counted
    assert verdict_of(response.text) == "conform"
    assert Page(response.text).options["exceptions.0.principle"][0] == ("", True)


def test_a_ground_the_rule_does_not_accept_is_explained_and_kept_in_the_form(client: PageClient) -> None:
    data = json.loads(ZOU_MAATWERK.read_text())
    data["exceptions"][0]["ground"] = "onzin"
    response = client.post("/toets/tekst", data={"tekst": json.dumps(data)})
    assert response.status_code == 200
    assert verdict_of(response.text) == "motivering_vereist"
    assert "De grond 'onzin' telt hier niet" in unescape(result_section(response.text))
    assert ("onzin", True) in Page(response.text).options["exceptions.0.ground"]


def test_pasted_json_that_names_a_field_twice_is_refused(client: PageClient) -> None:
    response = client.post("/toets/tekst", data={"tekst": '{"id": "a", "id": "b"}'})
    assert response.status_code == 422
    page = Page(response.text)
    assert "geen geldige JSON: het veld 'id' staat er twee keer in" in page.texts["f-tekst-error"]
    assert log_count(client) == 0


def test_the_page_shows_the_consultation_status_beside_the_citation(client: PageClient) -> None:
    text = (ROOT / "examples" / "mh-crisis-te-laat.yaml").read_text(encoding="utf-8")
    html = unescape(client.post("/toets/tekst", data={"tekst": text}).text)
    assert (
        "Bron: MH-2025 §5.1 (Strategische kaders inkoop 2025 Jeugd en Wmo (Midden-Holland))"
        " — consultatieversie" in (" ".join(re.sub(r"<[^>]+>", " ", html).split()))
    )
