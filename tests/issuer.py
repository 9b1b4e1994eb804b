"""A real OpenID Connect issuer for the tests: `tests/oidc_issuer/issuer.mjs` (panva's
oidc-provider, installed from the npm registry by `.ci/run` with `npm ci`) run with node on
127.0.0.1, and a `triage serve` signed in against it."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
ISSUER_DIR = ROOT / "tests" / "oidc_issuer"
AUDIENCE = "urn:triage:api"
WEB_CLIENT = "triage-web"

# CI installs node's packages (.ci/run); only a developer machine without them may skip
needs_issuer = pytest.mark.skipif(
    (shutil.which("node") is None or not (ISSUER_DIR / "node_modules" / "oidc-provider").is_dir())
    and not os.environ.get("CI"),
    reason="the test issuer is not installed: npm ci --prefix tests/oidc_issuer",
)


@dataclass(frozen=True)
class User:
    login: str
    password: str
    sub: str  # the issuer's subject id: what triage may record
    name: str  # what triage must never record
    email: str
    roles: tuple[str, ...]


CONSULTANT = User(
    "c.devries",
    secrets.token_urlsafe(12),
    "8f1c2e7a-consulent",
    "Carla de Vries",
    "c.devries@zeist.example",
    ("consulent",),
)
AUDITOR = User(
    "a.bakker",
    secrets.token_urlsafe(12),
    "41d9b0c3-auditor",
    "Anton Bakker",
    "a.bakker@zeist.example",
    ("auditor",),
)
SERVICE = ("zaaksysteem", secrets.token_urlsafe(16))  # client credentials, consulent, 10 minutes
SHORT_SERVICE = ("zaaksysteem-kort", secrets.token_urlsafe(16))  # the same, tokens of 2 seconds
SHORT_TTL = 2


@dataclass
class Issuer:
    url: str
    client_secret: str
    process: subprocess.Popen[str]

    def service_token(self, client: tuple[str, str] = SERVICE) -> str:
        """An access token by the client credentials grant (a JWT for triage's API)."""
        response = httpx.post(
            self.url + "/token", data={"grant_type": "client_credentials"}, auth=client, timeout=10
        )
        response.raise_for_status()
        return response.json()["access_token"]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_issuer(redirect_uri: str, log: Path) -> Iterator[Issuer]:
    """The issuer on a free port, with CONSULTANT and AUDITOR, the web client `triage-web`
    (returning to `redirect_uri`) and the two services; stopped afterwards."""
    port = _free_port()
    client_secret = secrets.token_urlsafe(24)
    config: dict[str, Any] = {
        "port": port,
        "users": {
            user.login: {
                "password": user.password,
                "sub": user.sub,
                "name": user.name,
                "email": user.email,
                "roles": list(user.roles),
            }
            for user in (CONSULTANT, AUDITOR)
        },
        "clients": [
            {"client_id": WEB_CLIENT, "client_secret": client_secret, "redirect_uris": [redirect_uri]}
        ],
        "services": [
            {"client_id": SERVICE[0], "client_secret": SERVICE[1], "roles": ["consulent"], "ttl": 600},
            {
                "client_id": SHORT_SERVICE[0],
                "client_secret": SHORT_SERVICE[1],
                "roles": ["consulent"],
                "ttl": SHORT_TTL,
            },
        ],
        "audience": AUDIENCE,
    }
    output = log.open("w")
    process = subprocess.Popen(
        ["node", "issuer.mjs"],
        cwd=ISSUER_DIR,
        env={**os.environ, "ISSUER_CONFIG": json.dumps(config)},
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while "ready" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the issuer did not start within 30 s"
            time.sleep(0.1)
        yield Issuer(url, client_secret, process)
    finally:
        process.terminate()
        process.wait(10)
        output.close()
