"""Sign-in and roles, safe by default (issue 18), through FastAPI's test client and the CLI:
every address answers 401 without credentials (except the health check), bearer tokens are
checked on signature, issuer, audience and expiry, API keys are stored hashed and can be
revoked, each role reaches what it may and gets 403 elsewhere, forms need their CSRF token,
the Host header is checked, requests are rate-limited per user and key, the cookie is
Secure/HttpOnly/SameSite=Lax, files are created 0600, and the log is purged by age.

The real sign-in with an identity provider is `test_sign_in_browser.py`."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import itsdangerous
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.routing import Mount

from cli_process import triage
from triage import Engine
from triage.web.app import create_app
from triage.web.auth.api_keys import ApiKeys
from triage.web.auth.guard import PUBLIC_PATHS, SESSION_COOKIE
from triage.web.auth.settings import AuthSettings, OidcSettings
from triage.web.auth.tokens import IssuerDocuments
from triage.web.checklog import CheckLog
from web_client import LOCAL_BASE, PageClient, csrf_token_in

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from load_test import load_decision_data  # noqa: E402

DECISION = load_decision_data(ROOT / "examples" / "zou-begeleiding-12-maanden.yaml")
ISSUER = "https://login.gemeente.example"
AUDIENCE = "urn:triage:api"
SECRET = "s" * 40
SIGNING = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "alg": "RS256", "use": "sig"})


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def _settings(**changes: Any) -> AuthSettings:
    oidc = OidcSettings(issuer=ISSUER, client_id="triage-web", client_secret="geheim", audience=AUDIENCE)
    base = AuthSettings(
        required=True,
        public_url="https://triage.gemeente.example",
        allowed_hosts=("triage.gemeente.example", "127.0.0.1", "localhost", "::1"),
        session_secret=SECRET,
        oidc=oidc,
    )
    return AuthSettings(**{**base.__dict__, **changes})


@pytest.fixture
def issuer_keys(monkeypatch: pytest.MonkeyPatch) -> list[KeySet]:
    """The issuer's discovery document and key set, served without a network; the test may
    swap the key set (rotation)."""
    published = [KeySet([RSAKey.import_key(SIGNING.as_dict(private=False))])]
    fetched: list[str] = []

    def get(self: IssuerDocuments, url: str) -> dict[str, Any]:
        fetched.append(url)
        if url.endswith("/.well-known/openid-configuration"):
            return {"issuer": ISSUER, "jwks_uri": ISSUER + "/jwks"}
        assert url == ISSUER + "/jwks"
        return published[0].as_dict()

    monkeypatch.setattr(IssuerDocuments, "_get", get)
    return published


def _client(tmp_path: Path, engine: Engine, settings: AuthSettings | None = None) -> PageClient:
    app = create_app(tmp_path / "log.sqlite3", engine=engine, auth=settings or _settings())
    return PageClient(app, base_url="https://triage.gemeente.example")


def _token(key: Any = SIGNING, header: dict[str, Any] | None = None, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "medewerker-17", "exp": now + 300, "iat": now, **claims}
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(header or {"alg": "RS256", "kid": "sleutel-1"}, body, key)


def _hs256_with_public_key(**claims: Any) -> str:
    """The old confusion attack: HMAC-signed with the issuer's public key as the secret."""
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "aanvaller", "exp": now + 300, **claims}

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    signing_input = part({"alg": "HS256", "kid": "sleutel-1"}) + "." + part(body)
    mac = hmac.new(SIGNING.as_pem(private=False), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _session(
    roles: list[str], sub: str = "medewerker-42", until: float | None = None, csrf: str = "t"
) -> str:
    """A session cookie as a sign-in leaves it (signed like Starlette's SessionMiddleware)."""
    data = {"sub": sub, "roles": roles, "until": until or time.time() + 3600, "csrf": csrf}
    payload = base64.b64encode(json.dumps(data).encode())
    return itsdangerous.TimestampSigner(SECRET).sign(payload).decode()


def _log(client: PageClient) -> list[dict[str, Any]]:
    return list(client.app.state.service.log.entries())


# --- without credentials: 401 everywhere but the health check ---------------------------


def _every_address(routes: list[Any]) -> Iterator[tuple[str, str]]:
    """(method, path) of every route and mount, into included routers, parameters filled in."""
    for route in routes:
        if hasattr(route, "original_router"):  # a router included into the app (FastAPI)
            yield from _every_address(route.original_router.routes)
        elif isinstance(route, Mount):
            yield "GET", route.path + ("/triage.css" if route.name == "static" else "/index.html")
        elif getattr(route, "methods", None):
            path = route.path.replace("{", "").replace("}", "")
            yield from ((method, path) for method in sorted(route.methods) if method != "HEAD")


def test_without_credentials_every_address_answers_401_but_the_health_check(tmp_path: Path, engine: Engine):
    client = _client(tmp_path, engine, _settings(oidc=None))  # API keys only: /aanmelden is 401 too
    addresses = [
        *sorted(set(_every_address(client.app.routes))),
        ("GET", "/bestaat-niet"),
        ("GET", "/api/nergens"),
    ]
    assert ("POST", "/api/v1/check") in addresses and ("GET", "/logboek/export.jsonl") in addresses
    assert len(addresses) > 20
    answers = {(method, path): client.request(method, path).status_code for method, path in addresses}
    assert answers.pop(("GET", "/healthz")) == 200
    assert {address: status for address, status in answers.items() if status != 401} == {}
    assert client.get("/api/v1/regions").headers["www-authenticate"].startswith("Bearer")
    assert set(PUBLIC_PATHS) == {"/healthz", "/aanmelden", "/aanmelden/terug"}
    assert _log(client) == []


def test_the_sign_in_callback_without_a_started_sign_in_is_401(tmp_path: Path, engine: Engine):
    client = _client(tmp_path, engine)
    response = client.get("/aanmelden/terug?code=gestolen&state=verzonnen")
    assert response.status_code == 401
    assert "Aanmelden mislukt" in response.text


# --- bearer tokens ----------------------------------------------------------------------------


def _check(client: PageClient, token: str, decision_id: str = "ZOU-TOKEN") -> Any:
    return client.post(
        "/api/v1/check", json={**DECISION, "id": decision_id}, headers={"authorization": f"Bearer {token}"}
    )


def test_a_valid_token_checks_and_its_subject_is_logged(tmp_path: Path, engine: Engine, issuer_keys):
    client = _client(tmp_path, engine)
    response = _check(client, _token(roles=["consulent"], name="Jan Jansen", email="jan@gemeente.example"))
    assert response.status_code == 200, response.text
    [entry] = _log(client)
    assert entry["subject"] == "medewerker-17"
    assert "Jan" not in json.dumps(entry) and "jan@" not in json.dumps(entry)


OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "alg": "RS256"})


@pytest.mark.parametrize(
    ("case", "token"),
    [
        ("expired", lambda: _token(roles=["consulent"], exp=int(time.time()) - 60)),
        ("other audience", lambda: _token(roles=["consulent"], aud="triage-web")),
        ("other issuer", lambda: _token(roles=["consulent"], iss="https://elders.example")),
        ("no expiry", lambda: _token(roles=["consulent"], exp=None)),
        ("no subject", lambda: _token(roles=["consulent"], sub=None)),
        ("signed by another key", lambda: _token(OTHER_KEY, roles=["consulent"])),
        (
            "unknown key id",
            lambda: _token(OTHER_KEY, {"alg": "RS256", "kid": "onbekend"}, roles=["consulent"]),
        ),
        ("HS256 with the public key as secret", lambda: _hs256_with_public_key(roles=["consulent"])),
        ("not a JWT", lambda: "triage_nietsbijzonders"),
    ],
)
def test_a_token_that_does_not_hold_is_refused(tmp_path: Path, engine: Engine, issuer_keys, case: str, token):
    client = _client(tmp_path, engine)
    response = _check(client, token())
    assert response.status_code == 401, case
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert _log(client) == []


def test_alg_none_is_refused(tmp_path: Path, engine: Engine, issuer_keys):
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "x",
        "exp": int(time.time()) + 60,
        "roles": ["consulent"],
    }
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert _check(_client(tmp_path, engine), f"{header}.{payload}.").status_code == 401


def test_rotated_keys_are_fetched_again(tmp_path: Path, engine: Engine, issuer_keys):
    client = _client(tmp_path, engine)
    assert _check(client, _token(roles=["consulent"]), "ZOU-1").status_code == 200
    new = RSAKey.generate_key(2048, parameters={"kid": "sleutel-2", "alg": "RS256", "use": "sig"})
    issuer_keys[0] = KeySet([RSAKey.import_key(new.as_dict(private=False))])
    time.sleep(0)  # the first fetch was just now: a refresh waits KEY_REFRESH_SECONDS
    import triage.web.auth.tokens as tokens

    tokens.KEY_REFRESH_SECONDS, before = 0, tokens.KEY_REFRESH_SECONDS
    try:
        assert (
            _check(
                client, _token(new, {"alg": "RS256", "kid": "sleutel-2"}, roles=["consulent"]), "ZOU-2"
            ).status_code
            == 200
        )
    finally:
        tokens.KEY_REFRESH_SECONDS = before


# --- roles -------------------------------------------------------------------------------------

ROLE_MATRIX = [
    # path, method, {role: expected status}
    ("/", "GET", {"consulent": 200, "auditor": 200, "beleid": 200, "": 403}),
    ("/mijn-toetsen", "GET", {"consulent": 200, "auditor": 403, "beleid": 403}),
    ("/logboek", "GET", {"consulent": 403, "auditor": 200, "beleid": 403}),
    ("/logboek/export.jsonl", "GET", {"consulent": 403, "auditor": 200, "beleid": 403}),
    ("/api/docs", "GET", {"consulent": 200, "auditor": 200, "beleid": 200}),
    ("/api/v1/openapi.json", "GET", {"consulent": 200, "auditor": 200, "beleid": 200, "": 200}),
    ("/regels", "GET", {"consulent": 200, "auditor": 403, "beleid": 200}),
    ("/regels/ZOU-GIGG-01", "GET", {"consulent": 200, "auditor": 403, "beleid": 200}),
]


@pytest.mark.parametrize(("path", "method", "expected"), ROLE_MATRIX, ids=[row[0] for row in ROLE_MATRIX])
def test_each_role_reaches_its_pages_and_gets_403_elsewhere(
    tmp_path: Path, engine: Engine, path, method, expected
):
    client = _client(tmp_path, engine)
    for role, status in expected.items():
        client.cookies.set(SESSION_COOKIE, _session([role] if role else []))
        response = client.request(method, path)
        assert response.status_code == status, (role, path)
        if status == 403 and path != "/":
            assert "nodig" in response.text and "medewerker" not in response.text


def test_the_api_takes_no_cookie_and_checks_roles_of_tokens(tmp_path: Path, engine: Engine, issuer_keys):
    client = _client(tmp_path, engine)
    client.cookies.set(SESSION_COOKIE, _session(["consulent", "auditor", "beleid"]))
    assert client.post("/api/v1/check", json=DECISION).status_code == 401
    client.cookies.clear()
    auditor = {"authorization": f"Bearer {_token(roles=['auditor'])}"}
    beleid = {"authorization": f"Bearer {_token(roles=['beleid'])}"}
    assert client.post("/api/v1/check", json=DECISION, headers=auditor).status_code == 403
    assert client.get("/api/v1/rules", headers=auditor).status_code == 403
    assert client.get("/api/v1/rules", headers=beleid).status_code == 200
    assert client.get("/api/v1/log", headers=auditor).status_code == 200
    assert client.get("/api/v1/log", headers=beleid).json() == {
        "message": "Hiervoor is de rol auditor nodig; u heeft als rol: beleid."
    }


def test_a_consultant_sees_only_their_own_checks(tmp_path: Path, engine: Engine):
    client = _client(tmp_path, engine)
    for sub, decision_id in (("medewerker-1", "ZOU-EIGEN-1"), ("medewerker-2", "ZOU-ANDER-1")):
        client.cookies.set(SESSION_COOKIE, _session(["consulent"], sub=sub))
        form = {"tekst": json.dumps({**DECISION, "id": decision_id}), "csrf_token": "t"}
        assert client.post("/toets/tekst", data=form).status_code == 200
    page = client.get("/mijn-toetsen").text
    assert "ZOU-ANDER-1" in page and "ZOU-EIGEN-1" not in page
    assert [entry["subject"] for entry in _log(client)] == ["medewerker-1", "medewerker-2"]


def test_an_expired_session_is_refused_and_cleared(tmp_path: Path, engine: Engine):
    client = _client(tmp_path, engine)
    client.cookies.set(SESSION_COOKIE, _session(["consulent"], until=time.time() - 1))
    response = client.get("/")
    assert response.status_code == 401
    assert "Uw sessie is verlopen" in response.text
    assert "1970" in response.headers["set-cookie"]


def test_the_session_cookie_is_secure_httponly_and_lax(tmp_path: Path, engine: Engine):
    client = PageClient(create_app(tmp_path / "log.sqlite3", engine=engine))
    cookie = client.get("/").headers["set-cookie"].lower()
    assert cookie.startswith(SESSION_COOKIE + "=")
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= {part.strip() for part in cookie.split(";")}


# --- CSRF, Host, rate limits -----------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True], ids=["single-user", "signed-in"])
def test_every_form_needs_its_csrf_token(tmp_path: Path, engine: Engine, signed_in: bool):
    if signed_in:
        client = _client(tmp_path, engine)
        client.cookies.set(SESSION_COOKIE, _session(["consulent"], csrf="het-echte-token"))
    else:
        client = PageClient(create_app(tmp_path / "log.sqlite3", engine=engine))
    page = client.get("/")
    token = csrf_token_in(page.text)
    assert page.text.count('name="csrf_token"') == page.text.count("<form") == 3 if signed_in else 2
    text = json.dumps(DECISION)
    for form in ({"tekst": text}, {"tekst": text, "csrf_token": "geraden"}):
        refused = client.post_as_sent("/toets/tekst", data=form)
        assert refused.status_code == 403
        assert "Formulier geweigerd" in refused.text
    for headers in ({"origin": "https://aanvaller.example"}, {"sec-fetch-site": "cross-site"}):
        refused = client.post("/toets/tekst", data={"tekst": text, "csrf_token": token}, headers=headers)
        assert refused.status_code == 403, headers
    assert _log(client) == []
    assert client.post("/toets/tekst", data={"tekst": text, "csrf_token": token}).status_code == 200
    assert (
        client.post(
            "/toets/tekst", files={"bestand": ("b.json", text.encode())}, data={"csrf_token": token}
        ).status_code
        == 200
    )
    assert len(_log(client)) == 2


def test_a_result_page_form_carries_the_token(tmp_path: Path, engine: Engine):
    client = PageClient(create_app(tmp_path / "log.sqlite3", engine=engine))
    result = client.post("/toets/tekst", data={"tekst": json.dumps(DECISION)}).text
    assert result.count('name="csrf_token"') == result.count("<form ") == 3  # check again, suggestions, paste


@pytest.mark.parametrize("signed_in", [False, True], ids=["single-user", "signed-in"])
def test_a_host_not_of_this_app_is_refused(tmp_path: Path, engine: Engine, signed_in: bool):
    app = create_app(tmp_path / "log.sqlite3", engine=engine, auth=_settings() if signed_in else None)
    client = PageClient(app, base_url="https://aanvaller.example")
    response = client.get("/healthz")
    assert response.status_code == 400
    assert "hoort niet bij deze triage-server" in response.text


def test_requests_are_rate_limited_per_key(tmp_path: Path, engine: Engine):
    client = _client(tmp_path, engine, _settings(rate_per_minute=3))
    keys = ApiKeys(client.app.state.service.log)
    first = {"x-api-key": keys.create("een", ["consulent"])[1]}
    second = {"x-api-key": keys.create("twee", ["consulent"])[1]}
    statuses = [client.get("/api/v1/regions", headers=first).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/regions", headers=first)
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["message"].startswith("Te veel verzoeken")
    assert client.get("/api/v1/regions", headers=second).status_code == 200


# --- API keys -------------------------------------------------------------------------------


def test_api_keys_are_stored_hashed_checked_and_revoked(tmp_path: Path, engine: Engine):
    db = tmp_path / "log.sqlite3"
    made = triage("keys", "create", "--name", "zaaksysteem", "--role", "consulent", "--db", str(db))
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("triage_") and len(key) > 40
    assert "api-key:1" in made.stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT * FROM api_keys").fetchall()
    assert key not in repr(stored) and key[7:20] not in repr(stored)
    client = _client(tmp_path, engine)
    assert client.post("/api/v1/check", json=DECISION, headers={"x-api-key": key}).status_code == 200
    assert client.get("/api/v1/log", headers={"x-api-key": key}).status_code == 403
    assert _log(client)[0]["subject"] == "api-key:1"
    listed = triage("keys", "list", "--db", str(db))
    assert "zaaksysteem" in listed.stdout and key not in listed.stdout
    assert triage("keys", "revoke", "1", "--db", str(db)).returncode == 0
    assert client.post("/api/v1/check", json=DECISION, headers={"x-api-key": key}).status_code == 401
    assert triage("keys", "revoke", "1", "--db", str(db)).returncode == 1
    assert triage("keys", "create", "--name", "x", "--role", "baas", "--db", str(db)).returncode == 2


# --- serve's settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["--no-auth", "--host", "0.0.0.0"], {}, "--no-auth kan alleen"),
        (["--host", "0.0.0.0"], {}, "--public-url"),
        (["--host", "0.0.0.0", "--public-url", "http://triage.gemeente.example"], {}, "https://"),
        (["--oidc-issuer", "https://login.example"], {}, "half ingesteld"),
        (
            ["--oidc-issuer", "https://login.example", "--oidc-client-id", "triage"],
            {"TRIAGE_OIDC_CLIENT_SECRET": "x"},
            "TRIAGE_SESSION_SECRET",
        ),
        (
            ["--oidc-issuer", "http://login.example", "--oidc-client-id", "triage"],
            {"TRIAGE_OIDC_CLIENT_SECRET": "x", "TRIAGE_SESSION_SECRET": SECRET},
            "https",
        ),
    ],
    ids=[
        "no-auth-off-loopback",
        "no-public-url",
        "http-public-url",
        "half-oidc",
        "no-session-secret",
        "http-issuer",
    ],
)
def test_serve_refuses_unsafe_settings(tmp_path: Path, args: list[str], env: dict[str, str], says: str):
    done = triage("serve", "--db", str(tmp_path / "log.sqlite3"), *args, env=env)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr
    assert "Traceback" not in done.stderr


# --- files 0600, retention -------------------------------------------------------------------


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_log_and_its_exports_are_created_0600(tmp_path: Path, engine: Engine):
    old = os.umask(0o022)
    try:
        client = PageClient(create_app(tmp_path / "log.sqlite3", engine=engine))
        assert client.post("/api/v1/check", json=DECISION).status_code == 200
        files = sorted(tmp_path.glob("log.sqlite3*"))
        assert {path.name for path in files} >= {"log.sqlite3", "log.sqlite3-wal", "log.sqlite3-shm"}
        assert all(_private(path) for path in files), {p.name: oct(p.stat().st_mode) for p in files}
        export = tmp_path / "export.jsonl"
        assert (
            triage("log", "export", "--db", str(tmp_path / "log.sqlite3"), "--out", str(export)).returncode
            == 0
        )
        assert _private(export)
    finally:
        os.umask(old)


def test_an_audits_outputs_are_created_0600(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "triage", "audit", str(ROOT / "examples" / "audit" / "beschikkingen.csv"),
         "--out", str(tmp_path / "uit"), "--workers", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    files = [path for path in (tmp_path / "uit").rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"outcomes.jsonl", "errors.jsonl", "summary.json", "report.html"}
    assert all(_private(path) for path in files), {p.name: oct(p.stat().st_mode) for p in files}


def test_log_purge_removes_checks_older_than_the_retention(tmp_path: Path, engine: Engine):
    db = tmp_path / "log.sqlite3"
    client = PageClient(create_app(db, engine=engine))
    for decision_id in ("OUD-1", "OUD-2", "NIEUW-1"):
        assert client.post("/api/v1/check", json={**DECISION, "id": decision_id}).status_code == 200
    with sqlite3.connect(db) as connection:
        for decision_id, days in (("OUD-1", 400), ("OUD-2", 91)):
            moment = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="milliseconds")
            connection.execute(
                "UPDATE checks SET checked_at = ? WHERE decision_id = ?", (moment, decision_id)
            )
    done = triage("log", "purge", "--older-than", "90", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("2 toetsen van voor")
    assert [entry["decision_id"] for entry in CheckLog(db).entries()] == ["NIEUW-1"]
    assert triage("log", "purge", "--older-than", "0", "--db", str(db)).returncode == 2


def test_a_log_made_before_the_subject_column_gets_it(tmp_path: Path):
    db = tmp_path / "oud.sqlite3"
    with sqlite3.connect(db) as connection:
        columns = (
            "id INTEGER PRIMARY KEY, checked_at VARCHAR(32) NOT NULL, channel VARCHAR(16) NOT NULL, "
            "engine_version VARCHAR(32) NOT NULL, rules_version VARCHAR(64) NOT NULL, "
            "rules_in_force_on VARCHAR(10) NOT NULL, decision_id VARCHAR(200) NOT NULL, "
            "client_id VARCHAR(200), "
            "region VARCHAR(40) NOT NULL, municipality VARCHAR(80), verdict VARCHAR(40) NOT NULL, "
            "priority VARCHAR(20) NOT NULL, findings TEXT NOT NULL"
        )
        connection.execute(f"CREATE TABLE checks ({columns})")
        row = (
            1,
            "2026-01-01T00:00:00.000+00:00",
            "api",
            "0.1.0",
            "v",
            "2026-01-01",
            "OUD",
            "c-1",
            "zou",
            "Zeist",
        )
        connection.execute(
            "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'conform', 'regulier', '[]')", row
        )
    [entry] = CheckLog(db).entries()
    assert entry["decision_id"] == "OUD" and entry["subject"] is None


def test_single_user_mode_keeps_todays_use(tmp_path: Path, engine: Engine):
    client = PageClient(create_app(tmp_path / "log.sqlite3", engine=engine))
    assert client.post("/api/v1/check", json=DECISION).status_code == 200
    assert client.get("/mijn-toetsen").status_code == 200
    assert client.get("/logboek/export.jsonl").status_code == 200
    assert _log(client)[0]["subject"] is None
    assert LOCAL_BASE.startswith("https://127.0.0.1")


def test_a_retention_period_purges_the_log_when_the_server_starts(tmp_path: Path, engine: Engine):
    db = tmp_path / "log.sqlite3"
    with PageClient(create_app(db, engine=engine)) as client:
        for decision_id in ("OUD-1", "NIEUW-1"):
            assert client.post("/api/v1/check", json={**DECISION, "id": decision_id}).status_code == 200
    moment = (dt.datetime.now(dt.UTC) - dt.timedelta(days=31)).isoformat(timespec="milliseconds")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE checks SET checked_at = ? WHERE decision_id = 'OUD-1'", (moment,))
    with PageClient(create_app(db, engine=engine, retention_days=30)) as client:
        deadline = time.monotonic() + 10
        while len(_log(client)) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [entry["decision_id"] for entry in _log(client)] == ["NIEUW-1"]
        assert "30 dagen" in client.get("/logboek").text


def test_the_database_password_may_come_from_a_secret_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from sqlalchemy.engine import make_url

    from triage.web.checklog import database_url

    secret = tmp_path / "db_password"
    secret.write_text("g3h31m\n")
    monkeypatch.setenv("TRIAGE_DB_PASSWORD_FILE", str(secret))
    assert make_url(database_url("postgresql+psycopg://triage@db:5432/triage")).password == "g3h31m"
    # a password in the URL is kept; a path stays an SQLite file
    assert make_url(database_url("postgresql+psycopg://triage:anders@db/triage")).password == "anders"
    assert database_url(tmp_path / "log.sqlite3").startswith("sqlite:///")
