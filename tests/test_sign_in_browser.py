"""Acceptance test of sign-in and roles (issue 18), in Debian's headless Chromium, against a
real OpenID Connect issuer on loopback (panva's oidc-provider, `tests/oidc_issuer/`) and a
real `triage serve` signed in against it:

1. a consultant signs in, checks a decision and sees it in "mijn toetsen";
2. an auditor exports the log, with the consultant's subject id in it (and no name or e-mail);
3. a consultant who tries the export gets 403;
4. a forged cross-site POST (another site, and another origin on the same site) is refused;
5. an expired token is refused (and a valid one of the same issuer is not).
"""

from __future__ import annotations

import base64
import json
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from chromium import artifacts_dir, chromium_page, needs_chromium
from issuer import AUDITOR, CONSULTANT, SERVICE, SHORT_SERVICE, SHORT_TTL, needs_issuer, running_issuer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from load_test import Server, export_log, free_port, load_decision_data  # noqa: E402

DECISION = load_decision_data(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml")


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, object]]:
    """The issuer, and `triage serve` signed in against it (clock leeway 0, so that a token
    of 2 seconds is expired after 3)."""
    folder = tmp_path_factory.mktemp("sign-in")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_issuer(base + "/aanmelden/terug", folder / "issuer.log") as issuer:
        server = Server(
            folder / "log.sqlite3",
            port,
            auth_args=[
                "--public-url", base,
                "--oidc-issuer", issuer.url,
                "--oidc-client-id", "triage-web",
                "--oidc-audience", "urn:triage:api",
                "--oidc-scopes", "openid profile email roles",
                "--oidc-leeway", "0",
            ],
            env={
                "TRIAGE_OIDC_CLIENT_SECRET": issuer.client_secret,
                "TRIAGE_SESSION_SECRET": secrets.token_urlsafe(32),
            },
        )  # fmt: skip
        with server:
            yield server, issuer


def _sign_in(page, base: str, user) -> None:
    response = page.goto(base + "/", wait_until="load")
    assert response.status == 401
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden nodig"
    page.get_by_role("link", name="Aanmelden").click()
    page.wait_for_load_state("load")
    page.get_by_label("Gebruikersnaam").fill(user.login)
    page.get_by_label("Wachtwoord").fill(user.password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + "/")


class _Attacker(BaseHTTPRequestHandler):
    """Another site's page that posts a decision to triage as soon as it opens."""

    target = ""

    def do_GET(self) -> None:
        fields = {"id": "VERVALST-1", "municipality": "Zeist", "law": "wmo", "request_date": "2027-02-01"}
        inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
        body = (
            f'<!doctype html><html lang="en"><body><form id="f" method="post" action="{self.target}/toets">'
            f"{inputs}</form><script>document.getElementById('f').submit()</script></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


def _attacker_site(host: str, target: str) -> ThreadingHTTPServer:
    handler = type("Attacker", (_Attacker,), {"target": target})
    site = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site


@needs_chromium
@needs_issuer
def test_consultant_auditor_forgery_and_tokens(signed_in: tuple[Server, object], tmp_path: Path) -> None:
    server, issuer = signed_in
    base = server.url
    folder = artifacts_dir()
    other_site = _attacker_site("127.0.0.1", base)  # opened as http://localhost:PORT: another site
    same_site = _attacker_site("127.0.0.1", base)  # opened as http://127.0.0.1:PORT: same site, other origin
    cross_url = f"http://localhost:{other_site.server_address[1]}/"
    same_url = f"http://127.0.0.1:{same_site.server_address[1]}/"
    allowed = (base, issuer.url, cross_url.rstrip("/"), same_url.rstrip("/"))
    try:
        with chromium_page(lambda url: url.startswith(allowed)) as (page, watch):
            # 1. the consultant signs in, checks a decision and sees it in "mijn toetsen"
            _sign_in(page, base, CONSULTANT)
            assert page.get_by_role("heading", level=1).inner_text() == "Toets een beschikking"
            cookie = next(c for c in page.context.cookies() if c["name"] == "triage_sessie")
            assert (cookie["secure"], cookie["httpOnly"], cookie["sameSite"]) == (True, True, "Lax")
            kept = json.loads(base64.b64decode(cookie["value"].split(".")[0]))
            assert set(kept) == {"sub", "roles", "until", "csrf"}  # no name, no e-mail address
            assert (kept["sub"], kept["roles"]) == (CONSULTANT.sub, ["consulent"])
            watch.errors.clear()  # the first page was a 401 by design
            page.get_by_label("Beschikking als JSON of YAML").fill(
                json.dumps({**DECISION, "id": "ZOU-AANMELD-1"})
            )
            page.get_by_role("button", name="Toets de geplakte beschikking").click()
            page.wait_for_load_state("load")
            assert "motivering_vereist" in page.locator(".verdict").inner_text()
            page.get_by_role("link", name="Mijn toetsen").click()
            page.wait_for_load_state("load")
            mine = page.locator("table").inner_text()
            assert "ZOU-AANMELD-1" in mine and "motivering_vereist" in mine
            page.screenshot(path=str(folder / "web-mijn-toetsen.png"), full_page=True)

            # 3. the consultant may not export the log
            response = page.goto(base + "/logboek/export.jsonl")
            assert response.status == 403
            assert "rol auditor" in page.locator("main").inner_text()
            assert page.request.get(base + "/logboek").status == 403

            # 4. a forged POST from another site: the browser sends no cookie (SameSite=Lax)
            checks = len(export_log(server.db))
            with page.expect_navigation(url=base + "/toets") as forged:
                page.goto(cross_url)
            assert forged.value.status == 401
            # ... and from another origin of the same site (here Chromium keeps the Secure cookie
            # of 127.0.0.1 from a page served over http; on https it would send it, and the
            # guard refuses what the browser marks `Sec-Fetch-Site: same-site`: below)
            with page.expect_navigation(url=base + "/toets") as forged:
                page.goto(same_url)
            assert forged.value.status in (401, 403)
            session = {"triage_sessie": cookie["value"]}
            page.goto(base + "/", wait_until="load")
            token = page.locator("input[name=csrf_token]").first.input_value()
            fields = {"tekst": json.dumps({**DECISION, "id": "VERVALST-2"}), "csrf_token": token}
            for headers in ({"sec-fetch-site": "same-site"}, {"origin": same_url.rstrip("/")}):
                sneaky = httpx.post(base + "/toets/tekst", data=fields, cookies=session, headers=headers)
                assert sneaky.status_code == 403, headers
            # the cookie without the form's token is refused too; with it, the post goes through
            form = {"tekst": json.dumps({**DECISION, "id": "ZOU-AANMELD-2"})}
            assert page.request.post(base + "/toets/tekst", multipart=form).status == 403
            assert len(export_log(server.db)) == checks
            assert page.request.post(base + "/toets/tekst", multipart={**form, "csrf_token": token}).ok
            assert len(export_log(server.db)) == checks + 1
            watch.errors.clear()  # the refused navigations above logged their 401 and 403

            # signing out ends the session: the next page asks to sign in again
            page.goto(base + "/mijn-toetsen", wait_until="load")
            page.get_by_role("button", name="Afmelden").click()
            page.wait_for_load_state("load")
            assert page.get_by_role("heading", level=1).inner_text() == "Afgemeld"
            assert page.goto(base + "/mijn-toetsen").status == 401
            watch.errors.clear()

        with chromium_page(lambda url: url.startswith(allowed)) as (page, watch):
            # 2. the auditor exports the log, with the consultant's subject id in it
            _sign_in(page, base, AUDITOR)
            watch.errors.clear()
            assert "het logboek inzien en exporteren" in page.locator("main").inner_text()
            page.get_by_role("link", name="Logboek").first.click()
            page.wait_for_load_state("load")
            with page.expect_download() as download:
                page.get_by_role("link", name="Exporteer het logboek (JSON Lines)").click()
            exported = tmp_path / "export.jsonl"
            download.value.save_as(exported)
            page.screenshot(path=str(folder / "web-logboek.png"), full_page=True)
            assert watch.errors == []
    finally:
        other_site.shutdown()
        same_site.shutdown()

    entries = [json.loads(line) for line in exported.read_text().splitlines()]
    by_decision = {entry["decision_id"]: entry for entry in entries}
    assert by_decision["ZOU-AANMELD-1"]["subject"] == CONSULTANT.sub
    assert by_decision["ZOU-AANMELD-2"]["subject"] == CONSULTANT.sub
    assert "VERVALST-1" not in by_decision and "VERVALST-2" not in by_decision
    text = exported.read_text() + server.output()
    for personal in (CONSULTANT.name, CONSULTANT.email, AUDITOR.name, AUDITOR.email):
        assert personal not in text


@needs_issuer
def test_an_expired_token_is_refused_and_a_valid_one_is_taken(signed_in: tuple[Server, object]) -> None:
    server, issuer = signed_in
    check = server.url + "/api/v1/check"
    short = issuer.service_token(SHORT_SERVICE)
    answer = httpx.post(
        check, json={**DECISION, "id": "ZOU-TOKEN-1"}, headers={"authorization": f"Bearer {short}"}
    )
    assert answer.status_code == 200, answer.text
    time.sleep(SHORT_TTL + 1.5)
    answer = httpx.post(
        check, json={**DECISION, "id": "ZOU-TOKEN-2"}, headers={"authorization": f"Bearer {short}"}
    )
    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["www-authenticate"]
    assert "verlopen" in answer.headers["www-authenticate"]
    valid = issuer.service_token(SERVICE)
    answer = httpx.post(
        check, json={**DECISION, "id": "ZOU-TOKEN-3"}, headers={"authorization": f"Bearer {valid}"}
    )
    assert answer.status_code == 200
    log = {entry["decision_id"]: entry for entry in export_log(server.db).values()}
    assert log["ZOU-TOKEN-1"]["subject"] == SHORT_SERVICE[0]  # a service's subject is its client id
    assert log["ZOU-TOKEN-3"]["subject"] == SERVICE[0]
    assert "ZOU-TOKEN-2" not in log
    # the consultant's token may check, not export
    answer = httpx.get(server.url + "/api/v1/log", headers={"authorization": f"Bearer {valid}"})
    assert answer.status_code == 403


@needs_issuer
def test_sign_in_starts_with_pkce_and_everything_else_needs_credentials(
    signed_in: tuple[Server, object],
) -> None:
    server, issuer = signed_in
    start = httpx.get(server.url + "/aanmelden?terug=/mijn-toetsen")
    assert start.status_code == 302
    location = httpx.URL(start.headers["location"])
    assert str(location).startswith(issuer.url + "/auth?")
    query = dict(location.params)
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    assert query["response_type"] == "code" and query["client_id"] == "triage-web"
    assert query["redirect_uri"] == server.url + "/aanmelden/terug"
    assert {"state", "nonce"} <= set(query)
    for method, path in [
        ("GET", "/"),
        ("GET", "/mijn-toetsen"),
        ("GET", "/logboek/export.jsonl"),
        ("POST", "/toets"),
        ("GET", "/static/triage.css"),
        ("GET", "/api/docs"),
        ("GET", "/api/v1/regions"),
        ("POST", "/api/v1/check"),
        ("GET", "/api/v1/log"),
        ("GET", "/aanmelden/terug"),
    ]:
        assert httpx.request(method, server.url + path).status_code == 401, path
    assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}
