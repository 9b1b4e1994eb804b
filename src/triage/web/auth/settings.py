"""How `triage serve` protects itself: the settings, read from the command line and the
environment by `triage.interfaces.serve_command`, checked here.

Two modes:

- signed in (the default): every request needs a session from signing in with the
  municipality's OpenID Connect provider, a bearer token from that provider, or an API key.
  Without an issuer configured, only API keys are accepted.
- single user (`--no-auth`): no sign-in, every role, only when bound to loopback.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
MIN_SECRET_LENGTH = 32


class AuthSettingsError(ValueError):
    """A setting that cannot be used, in Dutch, naming the option or variable."""


@dataclass(frozen=True)
class OidcSettings:
    """The identity provider: issuer URL, this app's client id and secret; the audience a
    bearer token for the API must carry (default: the client id); the claim holding roles."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    audience: str = ""
    role_claim: str = "roles"
    leeway_seconds: int = 10  # clock difference allowed on exp/iat/nbf
    scopes: str = "openid"  # asked for at sign-in; some providers put roles under a scope of their own

    @property
    def api_audience(self) -> str:
        return self.audience or self.client_id


@dataclass(frozen=True)
class AuthSettings:
    required: bool  # False: single-user mode (--no-auth)
    public_url: str  # the address browsers use; the sign-in returns to <public_url>/aanmelden/terug
    allowed_hosts: tuple[str, ...]
    session_secret: str = field(repr=False)
    oidc: OidcSettings | None = None
    session_hours: float = 8.0
    rate_per_minute: int = 300  # requests per user or key; 0: no limit
    secure_cookies: bool = True

    @classmethod
    def single_user(cls, port: int = 8000, host: str = "127.0.0.1") -> AuthSettings:
        """`--no-auth`: one local user, loopback only, a session secret of this process."""
        shown_host = f"[{host}]" if ":" in host else host
        return cls(
            required=False,
            public_url=f"http://{shown_host}:{port}",
            allowed_hosts=LOOPBACK_NAMES,
            session_secret=secrets.token_urlsafe(32),
            rate_per_minute=0,
        )

    @property
    def redirect_uri(self) -> str:
        return self.public_url.rstrip("/") + "/aanmelden/terug"

    def host_allowed(self, host: str) -> bool:
        """Whether a request's Host header (without its port) names this app."""
        return host.lower() in self.allowed_hosts


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def secret_from_environment(name: str) -> str | None:
    """A secret from `$NAME`, or from the file that `$NAME_FILE` names (Docker secrets);
    never from the command line, where other users of the machine could read it."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value is None and path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            raise AuthSettingsError(f"{name}_FILE: het bestand kan niet gelezen worden") from None
    return value or None


def check_single_user(host: str) -> None:
    """`--no-auth` is refused unless the server listens on loopback only."""
    if not is_loopback(host):
        raise AuthSettingsError(
            "--no-auth kan alleen met --host 127.0.0.1, ::1 of localhost: zonder aanmelden kan "
            "iedereen die de server bereikt toetsen en het logboek lezen."
        )


def signed_in_settings(
    *,
    host: str,
    port: int,
    public_url: str | None,
    allowed_hosts: list[str],
    issuer: str | None,
    client_id: str | None,
    audience: str | None,
    role_claim: str,
    session_hours: float,
    rate_per_minute: int,
    leeway_seconds: int = 10,
    scopes: str = "openid",
) -> AuthSettings:
    """The settings of the signed-in mode, or AuthSettingsError saying what is wrong."""
    client_secret = secret_from_environment("TRIAGE_OIDC_CLIENT_SECRET")
    session_secret = secret_from_environment("TRIAGE_SESSION_SECRET")
    if public_url is None:
        if not is_loopback(host):
            raise AuthSettingsError(
                "--public-url (of TRIAGE_PUBLIC_URL) ontbreekt: het https-adres waarop "
                "medewerkers triage openen, bijvoorbeeld https://triage.gemeente.nl."
            )
        public_url = f"http://{host}:{port}"
    parts = urlsplit(public_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise AuthSettingsError("--public-url: verwacht een adres als https://triage.gemeente.nl")
    if parts.scheme != "https" and not is_loopback(parts.hostname):
        raise AuthSettingsError(
            "--public-url moet met https:// beginnen: de aanmeldcookie wordt alleen over https "
            "verstuurd (http mag alleen op 127.0.0.1 of localhost)."
        )
    oidc = None
    given = {
        "--oidc-issuer": issuer,
        "--oidc-client-id": client_id,
        "TRIAGE_OIDC_CLIENT_SECRET": client_secret,
    }
    if any(given.values()):
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise AuthSettingsError(
                f"Aanmelden via OpenID Connect is half ingesteld: {', '.join(missing)} ontbreekt."
            )
        assert issuer and client_id and client_secret
        issuer_parts = urlsplit(issuer)
        if issuer_parts.scheme != "https" and not is_loopback(issuer_parts.hostname or ""):
            raise AuthSettingsError("--oidc-issuer moet een https-adres zijn.")
        if not session_secret:
            raise AuthSettingsError(
                "TRIAGE_SESSION_SECRET (of TRIAGE_SESSION_SECRET_FILE) ontbreekt: een geheim van "
                f"minstens {MIN_SECRET_LENGTH} tekens waarmee de aanmeldcookie ondertekend wordt, "
                "gelijk voor alle servers van deze installatie."
            )
        oidc = OidcSettings(
            issuer=issuer.rstrip("/"),
            client_id=client_id,
            client_secret=client_secret,
            audience=audience or "",
            role_claim=role_claim,
            leeway_seconds=leeway_seconds,
            scopes=" ".join(dict.fromkeys(["openid", *scopes.split()])),
        )
    if session_secret and len(session_secret) < MIN_SECRET_LENGTH:
        raise AuthSettingsError(f"TRIAGE_SESSION_SECRET is te kort: minstens {MIN_SECRET_LENGTH} tekens.")
    if session_hours <= 0 or rate_per_minute < 0 or leeway_seconds < 0:
        raise AuthSettingsError(
            "--session-hours moet positief zijn, --rate-limit en --oidc-leeway 0 of meer."
        )
    hosts = {
        host_of(public_url),
        *LOOPBACK_NAMES,
        *(name.strip().lower() for name in allowed_hosts if name.strip()),
    }
    return AuthSettings(
        required=True,
        public_url=public_url.rstrip("/"),
        allowed_hosts=tuple(sorted(hosts)),
        session_secret=session_secret or secrets.token_urlsafe(32),
        oidc=oidc,
        session_hours=session_hours,
        rate_per_minute=rate_per_minute,
    )
