"""Audits started from the web (issue 18: "auditor: ... start audits"): only an auditor may
start one or see one (401 without credentials, 403 for the other roles); an uploaded export is
audited in the background by `triage audit` with the counts the CLI gives; a bad file ends in
an honest status; the outputs download; the limit on audits at once holds; files are 0600 in
folders of 0700; and neither the upload's name nor a BSN or name in it reaches the server's
log."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from triage import Engine
from triage.web.app import create_app
from triage.web.audits import PLACE, AuditSettings, _try_lock
from triage.web.auth.api_keys import ApiKeys
from triage.web.auth.principal import Role
from triage.web.auth.settings import LOOPBACK_NAMES, AuthSettings
from web_client import PageClient

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
MANIFEST = json.loads((ROOT / "examples" / "audit" / "beschikkingen.manifest.json").read_text())
sys.path.insert(0, str(ROOT / "bench"))
from load_test import Server, create_api_key  # noqa: E402

KEYS_ONLY = AuthSettings(
    required=True,
    public_url="https://127.0.0.1",
    allowed_hosts=LOOPBACK_NAMES,
    session_secret="s" * 40,
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


class Site:
    """A signed-in app (API keys only) with a key for each role, its audits in `data`."""

    def __init__(self, tmp_path: Path, engine: Engine, **settings: Any):
        self.data = tmp_path / "data"
        audits = AuditSettings(data_dir=self.data, **settings)
        self.client = PageClient(
            create_app(tmp_path / "log.sqlite3", engine=engine, auth=KEYS_ONLY, audits=audits)
        )
        keys = ApiKeys(self.client.app.state.service.log)
        self.keys = {role: keys.create(role.value, [role]) for role in Role}

    def headers(self, role: Role) -> dict[str, str]:
        return {"X-API-Key": self.keys[role][1]}

    def subject(self, role: Role) -> str:
        return self.keys[role][0].subject

    def start(self, path: Path, name: str | None = None, role: Role = Role.auditor) -> httpx.Response:
        with path.open("rb") as upload:
            files = {"bestand": (name or path.name, upload, "application/octet-stream")}
            return self.client.post_as_sent("/api/v1/audits", files=files, headers=self.headers(role))

    def finished(self, audit_id: str) -> dict[str, Any]:
        return wait_until_done(
            lambda: self.client.get(f"/api/v1/audits/{audit_id}", headers=self.headers(Role.auditor))
        )


def wait_until_done(get: Callable[[], Any], timeout: float = 120.0) -> dict[str, Any]:
    """The audit's status once it is no longer `bezig`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = get()
        assert response.status_code == 200, response.text
        if response.json()["status"] != "bezig":
            return response.json()
        time.sleep(0.2)
    raise AssertionError(f"audit still running after {timeout} s")


@pytest.fixture
def site(tmp_path: Path, engine: Engine) -> Site:
    return Site(tmp_path, engine)


def test_only_an_auditor_may_start_or_see_audits(site: Site) -> None:
    addresses = [
        ("GET", "/audits"),
        ("POST", "/audits"),
        ("GET", "/api/v1/audits"),
        ("POST", "/api/v1/audits"),
    ]
    addresses += [
        ("GET", "/api/v1/audits/20261204-120000-0a1b2c3d"),
        ("GET", "/audits/20261204-120000-0a1b2c3d"),
    ]
    for method, path in addresses:
        assert site.client.request(method, path).status_code == 401, path
        for role in (Role.consulent, Role.beleid):
            answer = site.client.request(method, path, headers=site.headers(role))
            assert answer.status_code == 403, (path, role)
            assert "de rol auditor nodig" in answer.text
    assert site.start(SAMPLE, role=Role.consulent).status_code == 403
    assert not (site.data / "audits").exists() or not any((site.data / "audits").glob("2*"))
    assert site.client.get("/audits", headers=site.headers(Role.auditor)).status_code == 200
    started = site.start(SAMPLE)
    assert started.status_code == 202, started.text
    site.finished(started.json()["id"])


def test_an_uploaded_export_is_audited_with_the_counts_of_the_cli(site: Site) -> None:
    started = site.start(SAMPLE)
    assert started.status_code == 202
    body = started.json()
    assert body["status"] == "bezig" and body["started_by"] == site.subject(Role.auditor)
    assert started.headers["location"] == f"/api/v1/audits/{body['id']}"
    done = site.finished(body["id"])
    assert done["status"] == "voltooid", done
    totals = done["totals"]
    assert totals["input_rows"] == MANIFEST["rows"]
    assert totals["outcomes"] == MANIFEST["valid_rows"]
    assert totals["errors"] == MANIFEST["rows"] - MANIFEST["valid_rows"]
    assert totals["reconciled"] is True
    auditor = site.headers(Role.auditor)
    files = {}
    for name, url in done["files"].items():
        answer = site.client.get(url, headers=auditor)
        assert answer.status_code == 200, name
        assert answer.headers["content-disposition"].startswith("attachment")
        files[name] = answer.content
    assert set(files) == {"report.html", "summary.json", "outcomes.jsonl", "errors.jsonl"}
    assert json.loads(files["summary.json"])["totals"] == totals
    assert files["outcomes.jsonl"].count(b"\n") == MANIFEST["valid_rows"]
    assert files["errors.jsonl"].count(b"\n") == totals["errors"]
    assert b"<html" in files["report.html"]
    # who started it: the key's subject id, in the record beside the outputs
    folder = site.data / "audits" / body["id"]
    assert json.loads((folder / "audit.json").read_text())["started_by"] == site.subject(Role.auditor)
    # private: folders 0700, every file 0600
    for path in [site.data, site.data / "audits", folder]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # the audits list has it; another id, or a file that is no output, is 404
    listed = site.client.get("/api/v1/audits", headers=auditor).json()["audits"]
    assert [audit["id"] for audit in listed] == [body["id"]]
    assert site.client.get(f"/api/v1/audits/{body['id']}/audit.json", headers=auditor).status_code == 404
    assert site.client.get(f"/api/v1/audits/{body['id']}/invoer.csv", headers=auditor).status_code == 404
    assert site.client.get("/api/v1/audits/..%2F..%2Fetc/passwd", headers=auditor).status_code == 404
    assert site.client.get("/api/v1/audits/20261204-120000-0a1b2c3d", headers=auditor).status_code == 404


def test_the_auditor_starts_an_audit_on_the_page_with_its_csrf_token(tmp_path: Path, engine: Engine) -> None:
    """Single-user mode: the page's form, its CSRF token, the audit's page and downloads."""
    app = create_app(
        tmp_path / "log.sqlite3", engine=engine, audits=AuditSettings(data_dir=tmp_path / "data")
    )
    client = PageClient(app)
    with SAMPLE.open("rb") as upload:
        refused = client.post_as_sent("/audits", files={"bestand": ("export.csv", upload, "text/csv")})
    assert refused.status_code == 403
    assert not (tmp_path / "data").exists()
    page = client.get("/audits")
    assert 'action="/audits"' in page.text and 'name="csrf_token"' in page.text
    with SAMPLE.open("rb") as upload:
        started = client.post(
            "/audits", files={"bestand": ("export.csv", upload, "text/csv")}, follow_redirects=False
        )
    assert started.status_code == 303
    audit_page = started.headers["location"]
    audit_id = audit_page.rsplit("/", 1)[1]
    wait_until_done(lambda: client.get(f"/api/v1/audits/{audit_id}"))
    shown = client.get(audit_page)
    assert shown.status_code == 200
    assert "Status: voltooid" in shown.text and "lokale gebruiker" in shown.text
    assert f'href="/audits/{audit_id}/report.html"' in shown.text
    report = client.get(f"/audits/{audit_id}/report.html")
    assert report.status_code == 200 and report.headers["content-disposition"].startswith("attachment")
    assert audit_id in client.get("/audits").text


def test_a_bad_file_gives_an_honest_status(site: Site, tmp_path: Path) -> None:
    wrong_header = tmp_path / "export.csv"
    wrong_header.write_text("kenmerk,naam,bsn\nA-1,Jansen,123456782\n", encoding="utf-8")
    done = site.finished(site.start(wrong_header).json()["id"])
    assert done["status"] == "onvolledig"
    assert done["totals"]["input_rows"] == 0
    [refused] = done["refused_inputs"]
    assert "onbekende kolom" in refused["reason"] and "123456782" not in refused["reason"]
    # messages need the pseudonymisation key, which this server was not given
    message = ROOT / "examples" / "ijw" / sorted(os.listdir(ROOT / "examples" / "ijw"))[0]
    done = site.finished(site.start(message).json()["id"])
    assert done["status"] == "onvolledig" and "sleutel" in done["refused_inputs"][0]["reason"]
    # not something `triage audit` reads: refused at once, no audit made
    other = tmp_path / "export.pdf"
    other.write_bytes(b"%PDF-1.4")
    refused_upload = site.start(other)
    assert refused_upload.status_code == 422
    assert "onbekend formaat" in refused_upload.json()["message"]
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert site.start(empty).status_code == 422
    assert len(site.client.get("/api/v1/audits", headers=site.headers(Role.auditor)).json()["audits"]) == 2


def test_an_audit_that_ends_without_a_summary_is_mislukt(tmp_path: Path, engine: Engine) -> None:
    """`triage audit` refuses an empty rules folder before it writes anything."""
    (tmp_path / "leeg").mkdir()
    site = Site(tmp_path, engine, rules_dir=tmp_path / "leeg")
    done = site.finished(site.start(SAMPLE).json()["id"])
    assert done["status"] == "mislukt"
    assert done["failure"] == "de regelbestanden van de server konden niet geladen worden"
    assert done["files"] == {}


def test_uploads_over_the_limit_and_audits_over_the_limit_are_refused(tmp_path: Path, engine: Engine) -> None:
    site = Site(tmp_path, engine, max_upload_bytes=10_000)
    big = site.start(SAMPLE)  # about 50 kB: refused while it is stored
    assert big.status_code == 413
    assert big.json()["message"] == "het bestand is groter dan de grens van 10.000 bytes"
    bigger = tmp_path / "groot.csv"
    bigger.write_bytes(SAMPLE.read_bytes() * 3)  # over the limit with room for the form: never read
    assert site.start(bigger).status_code == 413
    assert list((site.data / "audits").glob("2*")) == []
    # every place taken, here as another server on the same data directory would hold it
    small = tmp_path / "klein.csv"
    small.write_bytes(SAMPLE.read_bytes()[:5000].rsplit(b"\n", 1)[0] + b"\n")
    (site.data / "audits").mkdir(parents=True, exist_ok=True)
    place = _try_lock(site.data / "audits" / PLACE.format(0))
    assert place is not None
    try:
        busy = site.start(small)
        assert busy.status_code == 503 and busy.headers["retry-after"] == "60"
        assert "Er lopen al 1 audit(s)" in busy.json()["message"]
    finally:
        os.close(place)
    started = site.start(small)
    assert started.status_code == 202
    assert site.finished(started.json()["id"])["status"] == "voltooid"


BSN = "123456782"  # passes the elfproef
NAME = "Jozefien Bakkerhuis"


def test_no_bsn_or_name_from_the_input_reaches_the_server_log(tmp_path: Path) -> None:
    """A real server: an export with a BSN in `client.id` and a name in free text, uploaded
    under a file name holding both; the server's output names neither."""
    rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    header, first = rows[0], rows[1].split(",")
    columns = header.split(",")
    first[columns.index("client.id")] = BSN
    first[columns.index("goals")] = NAME
    export = tmp_path / "export.csv"
    export.write_text("\n".join([header, ",".join(first), *rows[2:]]) + "\n", encoding="utf-8")
    db = tmp_path / "log.sqlite3"
    key = create_api_key(db, "auditor")
    data = tmp_path / "data"
    with Server(db, auth_args=["--data-dir", str(data)]) as server:
        with export.open("rb") as upload:
            files = {"bestand": (f"{NAME} {BSN}.csv", upload, "text/csv")}
            started = httpx.post(
                server.url + "/api/v1/audits", files=files, headers={"X-API-Key": key}, timeout=30
            )
        assert started.status_code == 202, started.text
        url = f"{server.url}/api/v1/audits/{started.json()['id']}"
        done = wait_until_done(lambda: httpx.get(url, headers={"X-API-Key": key}, timeout=30))
        assert done["status"] == "voltooid" and done["totals"]["errors"] >= 1
        output = server.output()
    folder = data / "audits" / done["id"]
    assert BSN not in output and NAME not in output
    assert "Jozefien" not in (folder / "audit.json").read_text() + (folder / "summary.json").read_text()
    assert BSN not in (folder / "errors.jsonl").read_text() + (folder / "summary.json").read_text()
