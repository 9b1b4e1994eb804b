"""`triage serve` as a real process on loopback: the API answers exactly what `triage check`
prints, invalid input is refused in the CLI's words, size limit and security headers hold, and
the check log keeps every acknowledged check, under load and when the server is SIGKILLed.

Every test of a running server runs twice: with the log in SQLite and in PostgreSQL (the
server `.ci/run` starts); two servers on one PostgreSQL lose no acknowledged check either."""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from postgres import BACKENDS, fresh_database, needs_postgres
from triage.interfaces.serve_command import serve
from triage.yaml_source import NESTING_PROBLEM

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from load_test import (  # noqa: E402  (bench/ is not a package)
    CHECK_ID_HEADER,
    LoadResult,
    Server,
    compare_log,
    create_api_key,
    example_files,
    export_log,
    load_decision_data,
    run_load,
)

EXAMPLES = example_files()
BASE_EXAMPLE = ROOT / "examples" / "zou-begeleiding-12-maanden.yaml"
JSON = {"content-type": "application/json"}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def _triage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triage", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def _log_database(backend: str, folder: Path) -> Path | str:
    return folder / "log.sqlite3" if backend == "sqlite" else fresh_database("serve")


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server (`python -m triage serve --no-auth --port P --db LOG`), ready to
    answer; LOG is an SQLite file, then a PostgreSQL database."""
    folder = tmp_path_factory.mktemp("serve")
    with Server(_log_database(request.param, folder), log_dir=folder) as running:
        yield running


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    """A client for the module's server (`http.base_url` is the server's URL)."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


# --- the API answers what the CLI prints ------------------------------------------------------


@pytest.fixture(scope="module")
def cli_outcomes() -> dict[str, Any]:
    """`triage check EVERY_EXAMPLE --format json`, run once: file name -> outcome."""
    result = _triage("check", *map(str, EXAMPLES), "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXAMPLES)
    return {path.name: json.loads(line) for path, line in zip(EXAMPLES, lines, strict=True)}


def test_examples_include_yaml_and_json():
    assert {path.suffix for path in EXAMPLES} >= {".yaml", ".json"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_api_outcome_equals_cli(http: httpx.Client, cli_outcomes: dict[str, Any], path: Path):
    response = http.post("/api/v1/check", json=load_decision_data(path))
    assert response.status_code == 200, response.text
    assert response.headers[CHECK_ID_HEADER].isdigit()
    assert response.json() == cli_outcomes[path.name]


# --- invalid input: 422 in the CLI's words --------------------------------------------------


def _with(**changes: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: {**data, **changes}


def _without_client_id(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "client": {k: v for k, v in data["client"].items() if k != "id"}}


BROKEN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "bad-date": _with(request_date="2027-13-45"),
    "unknown-service": _with(service="toverdrank"),
    "bad-date-and-unknown-service": _with(start_date="2027-02-30", service="toverdrank"),
    "unknown-municipality": _with(municipality="Atlantis"),
    "region-not-of-municipality": _with(region="kennemerland"),
    "missing-client-id": _without_client_id,
    "unknown-field": _with(end_dat="2027-11-30"),
    "end-before-start": _with(end_date="2027-01-01"),
    "negative-volume": _with(volume={"amount": -1, "unit": "uur", "per": "week"}),
    # the rules' month arithmetic would pass 9999-12-31 (this was a 500)
    "start-in-year-9999": _with(start_date="9999-12-01", end_date="9999-12-31"),
}


BrokenCase = tuple[dict[str, Any], list[tuple[str, str]]]


def _problems(stderr: str, source: str) -> list[tuple[str, str]]:
    """(field, reason) of every `SOURCE: field: reason` line that the CLI wrote for one file."""
    problems = []
    for line in stderr.splitlines():
        line = line.removeprefix("Ongeldige invoer: ")
        if line.startswith(f"{source}: "):
            field, reason = line.removeprefix(f"{source}: ").split(": ", 1)
            problems.append((field, reason))
    return problems


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BrokenCase]:
    """Case -> (decision data, the CLI's (field, reason) list for it): one CLI run for all."""
    folder = tmp_path_factory.mktemp("broken")
    base = load_decision_data(BASE_EXAMPLE)
    cases = {name: change(base) for name, change in BROKEN.items()}
    paths = {name: folder / f"{name}.json" for name in cases}
    for name, data in cases.items():
        paths[name].write_text(json.dumps(data), encoding="utf-8")
    result = _triage("check", *map(str, paths.values()), "--format", "json")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    return {name: (data, _problems(result.stderr, str(paths[name]))) for name, data in cases.items()}


def _assert_no_trace(response: httpx.Response) -> None:
    assert "Traceback" not in response.text
    assert 'File "' not in response.text


@pytest.mark.parametrize("case", BROKEN)
def test_invalid_decision_is_422_in_the_cli_words(
    http: httpx.Client, broken: dict[str, BrokenCase], case: str
):
    data, cli_problems = broken[case]
    assert cli_problems, f"the CLI reported nothing for {case}"
    response = http.post("/api/v1/check", json=data)
    assert response.status_code == 422, response.text
    _assert_no_trace(response)
    assert CHECK_ID_HEADER.lower() not in response.headers
    api_problems = [(error["field"], error["reason"]) for error in response.json()["errors"]]
    assert sorted(api_problems) == sorted(cli_problems)


def test_the_two_problems_are_both_named(broken: dict[str, BrokenCase]):
    fields = {field for field, _ in broken["bad-date-and-unknown-service"][1]}
    assert fields == {"start_date", "service"}


@pytest.mark.parametrize(
    "body", [b"{not json", b"[1, 2]", b'"a decision"', b"null"], ids=["bad-json", "list", "string", "null"]
)
def test_body_that_is_no_decision_is_422(http: httpx.Client, body: bytes):
    response = http.post("/api/v1/check", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    _assert_no_trace(response)
    [error] = response.json()["errors"]
    assert error["field"] == "(beschikking)"
    # the CLI says "verwacht een object met velden" for a file that holds no mapping
    assert error["reason"].startswith(("geen geldige JSON", "verwacht een object met velden"))


@pytest.mark.parametrize("content_type", ["text/plain", None])
def test_a_decision_not_sent_as_json_is_told_so(http: httpx.Client, content_type: str | None):
    body = json.dumps(load_decision_data(BASE_EXAMPLE)).encode()
    response = http.post(
        "/api/v1/check", content=body, headers={"content-type": content_type} if content_type else {}
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    sent = f"als {content_type}" if content_type else "zonder Content-Type"
    assert error == {
        "field": "(beschikking)",
        "reason": f"verwacht een object met velden (het verzoek is {sent} verstuurd; "
        "stuur JSON met Content-Type: application/json)",
    }


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/check/batch"])
def test_a_body_that_names_a_field_twice_is_refused(http: httpx.Client, path: str):
    decision = b'{"id": "a", "region": "x", "region": "y"}'
    body = decision if path.endswith("/check") else b"[" + decision + b"]"
    response = http.post(path, content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"field": "(beschikking)", "reason": "geen geldige JSON: het veld 'region' staat er twee keer in"}
    ]


def test_a_body_nested_too_deep_is_refused_as_invalid_json(http: httpx.Client):
    response = http.post("/api/v1/check", content=b"[" * 5000 + b"]" * 5000, headers=JSON)
    assert response.status_code == 422, response.text
    _assert_no_trace(response)
    assert response.json()["errors"] == [
        {"field": "(beschikking)", "reason": "geen geldige JSON: " + NESTING_PROBLEM}
    ]


@pytest.mark.parametrize("body", ['{"id": "caf\u00e9"}'.encode("latin-1")], ids=["latin-1"])
def test_a_body_that_cannot_be_read_gets_a_dutch_message(http: httpx.Client, body: bytes):
    response = http.post("/api/v1/check", content=body, headers=JSON)
    assert response.status_code == 400, response.text
    _assert_no_trace(response)
    assert response.json() == {
        "message": "Het verzoek kon niet gelezen worden: verwacht JSON in UTF-8, niet extreem diep genest."
    }


def test_an_unknown_api_path_is_answered_in_dutch(http: httpx.Client):
    response = http.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.json() == {"message": "Niet gevonden."}


# --- limits, headers, documentation, rules, binding --------------------------------------


def _oversized_body() -> bytes:
    body = json.dumps({**load_decision_data(BASE_EXAMPLE), "goals": ["x" * 1_000_001]}).encode()
    assert len(body) > 1_000_000
    return body


def test_body_over_one_million_bytes_is_413(http: httpx.Client):
    response = http.post("/api/v1/check", content=_oversized_body(), headers=JSON)
    assert response.status_code == 413
    assert "1.000.000" in response.json()["message"]


def test_streamed_body_over_one_million_bytes_is_413(http: httpx.Client):
    body = _oversized_body()
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))  # no content-length: chunked
    response = http.post("/api/v1/check", content=chunks, headers=JSON)
    assert response.status_code == 413


def test_413_has_security_headers(http: httpx.Client):
    response = http.post("/api/v1/check", content=_oversized_body(), headers=JSON)
    assert response.status_code == 413
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/regions", None),
        ("POST", "/api/v1/check", BASE_EXAMPLE),
        ("POST", "/api/v1/check", {"id": "x"}),
        ("GET", "/api/v1/does-not-exist", None),
    ],
    ids=["regions", "check-200", "check-422", "404"],
)
def test_security_headers(http: httpx.Client, method: str, path: str, body: Path | dict | None):
    data = load_decision_data(body) if isinstance(body, Path) else body
    response = http.request(method, path, json=data)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_openapi_has_decision_and_outcome_schemas(http: httpx.Client):
    spec = http.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"id", "municipality", "law", "client", "service"} <= set(schemas["Decision"]["properties"])
    check = spec["paths"]["/api/v1/check"]["post"]
    assert check["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Decision")
    # the 200 answer is the Outcome model (whatever name FastAPI gives its schema)
    ref = check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    outcome = schemas[ref.rsplit("/", 1)[1]]
    assert outcome["title"] == "Outcome"
    assert {"decision", "verdict", "findings", "rules_version"} <= set(outcome["properties"])


def test_openapi_outcome_schema_is_called_outcome(http: httpx.Client):
    assert "Outcome" in http.get("/api/v1/openapi.json").json()["components"]["schemas"]


def test_rules_of_a_region_on_a_date(http: httpx.Client):
    response = http.get("/api/v1/rules", params={"region": "zuidoost-utrecht", "on": "2027-03-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["on"] == "2027-03-01"
    assert "ZOU-GIGG-01" in {rule["rule"] for rule in data["rules"]}


def test_unknown_region_is_422(http: httpx.Client):
    response = http.get("/api/v1/rules", params={"region": "atlantis"})
    assert response.status_code == 422
    assert "atlantis" in response.json()["message"]


def test_a_bad_query_parameter_is_named_as_a_parameter(http: httpx.Client):
    response = http.get("/api/v1/rules", params={"on": "2027-02-30"})
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "Een parameter van het verzoek is ongeldig; zie de velden hieronder."
    assert [error["field"] for error in body["errors"]] == ["on"]


def _non_loopback_address() -> str | None:
    """This machine's address on its default route, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_serve_binds_to_loopback_by_default(server: Server):
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    address = _non_loopback_address()
    if address is None:
        pytest.skip("no non-loopback address to try")
    # the fixture's server was started without --host: not reachable from outside
    with pytest.raises(OSError):
        socket.create_connection((address, server.port), timeout=2).close()


# --- the check log under load, and after SIGKILL -----------------------------------------------


def test_load_every_acknowledged_check_is_logged(server: Server):
    before = export_log(server.db)
    result = run_load(server.url, clients=20, seconds=5)
    assert result.errors == {}
    assert result.successes > 20
    after = export_log(server.db)
    log_check = compare_log(result, before, after)
    assert log_check.rows == result.successes
    assert log_check.missing == []
    assert log_check.wrong_decision == []
    assert {i for i in after if i not in before} == set(result.acknowledged)


def _load_in_background(url: str, stop: threading.Event) -> tuple[threading.Thread, dict[str, LoadResult]]:
    box: dict[str, LoadResult] = {}

    def target() -> None:
        box["result"] = run_load(url, clients=20, seconds=30, stop=stop)

    thread = threading.Thread(target=target, name="load", daemon=True)
    thread.start()
    return thread, box


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_loses_no_acknowledged_check(tmp_path: Path, backend: str):
    db = _log_database(backend, tmp_path)
    stop = threading.Event()
    with Server(db, log_dir=tmp_path) as first:
        thread, box = _load_in_background(first.url, stop)
        time.sleep(2)
        killed_at = time.perf_counter()
        os.kill(first.pid, signal.SIGKILL)
        assert first.process is not None
        first.process.wait(10)
        time.sleep(0.3)  # the clients now see connection errors: expected
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
    result = box["result"]
    acknowledged = result.acknowledged
    assert len(acknowledged) > 20, result.summary()
    assert result.successes == len(acknowledged)
    # before the kill nothing failed; after it, only connections did
    for sample in result.samples:
        if sample.error is not None:
            assert sample.error == "connection", sample
            assert result.started + sample.sent_at + sample.latency >= killed_at, sample

    with Server(db, log_dir=tmp_path) as second:
        log = export_log(db)
        missing = sorted(set(acknowledged) - set(log))
        assert missing == [], f"{len(missing)} acknowledged checks lost"
        assert all(log[i]["decision_id"] == decision_id for i, decision_id in acknowledged.items())
        # at most one check per client was in flight: committed, never acknowledged
        assert len(log) - len(acknowledged) <= 20
        if backend == "sqlite":
            with contextlib.closing(sqlite3.connect(db)) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

        data = {**load_decision_data(BASE_EXAMPLE), "id": "NA-HERSTART-1"}
        response = httpx.post(second.url + "/api/v1/check", json=data, timeout=30)
        assert response.status_code == 200, response.text
        new_id = int(response.headers[CHECK_ID_HEADER])
        assert new_id > max(log)
        assert export_log(db)[new_id]["decision_id"] == "NA-HERSTART-1"


@needs_postgres
def test_two_servers_on_one_postgresql_lose_no_acknowledged_check(tmp_path: Path):
    """Two signed-in server processes (API key, no rate limit) on one PostgreSQL database,
    20 clients spread over them for 10 s: every acknowledged check is in the log once, under
    the id its server gave, with the key as its subject."""
    db = fresh_database("two")
    key = create_api_key(db)
    auth = ["--rate-limit", "0"]
    one, two = (Server(db, auth_args=auth, log_dir=tmp_path) for _ in range(2))
    with one, two:
        result = run_load([one.url, two.url], clients=20, seconds=10, headers={"X-API-Key": key})
    assert result.errors == {}, result.summary()
    assert result.successes > 100
    served = {url: sum(1 for s in result.samples if s.status == 200) for url in (one.url, two.url)}
    log = export_log(db)
    check = compare_log(result, {}, log)
    assert check.ok, check.summary()
    assert len(log) == result.successes == len(result.acknowledged)  # no id acknowledged twice
    assert {entry["subject"] for entry in log.values()} == {"api-key:1"}
    assert all(count > 0 for count in served.values())


def test_a_batch_answers_every_decision_even_when_one_is_refused(http: httpx.Client):
    base = load_decision_data(BASE_EXAMPLE)
    batch = [base, {**base, "start_date": "9999-12-01", "end_date": "9999-12-31"}, base]
    response = http.post("/api/v1/check/batch", json=batch)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [result["index"] for result in results] == [0, 1, 2]
    assert "outcome" in results[0] and "outcome" in results[2]
    assert [error["field"] for error in results[1]["errors"]] == ["start_date"]
