"""Bearer tokens from the municipality's identity provider, for the API.

A token is a signed JWT (RFC 9068 access token). It is accepted only when its signature
verifies against the issuer's published keys (JWKS, found through the issuer's discovery
document; an unknown key id fetches the keys again, at most once a minute), with an
asymmetric algorithm, and its `iss` is the configured issuer, its `aud` holds the API's
audience, its `exp` has not passed (with the configured leeway) and it names a `sub`.
Verification is joserfc's, the JOSE library under authlib.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from triage.web.auth.settings import OidcSettings

# No `none`, no HS* (a shared secret the issuer's public keys could be mistaken for)
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
KEY_REFRESH_SECONDS = 60
FETCH_TIMEOUT_SECONDS = 5


class TokenRefused(Exception):
    """A token that is not accepted; the text says why, for the `WWW-Authenticate` header."""


class IssuerUnavailable(Exception):
    """The issuer's discovery document or keys could not be fetched."""


class IssuerDocuments:
    """The issuer's discovery document and key set, fetched when first needed and kept."""

    def __init__(self, settings: OidcSettings, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self._client = httpx.Client(timeout=FETCH_TIMEOUT_SECONDS, transport=transport)
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._keys_fetched_at = 0.0

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = self._client.get(url)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise IssuerUnavailable(type(exc).__name__) from None
        if not isinstance(data, dict):
            raise IssuerUnavailable("no JSON object")
        return data

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                data = self._get(self.settings.issuer + "/.well-known/openid-configuration")
                # the document must be about the issuer we trust (no mix-up)
                if str(data.get("issuer", "")).rstrip("/") != self.settings.issuer:
                    raise IssuerUnavailable("discovery document of another issuer")
                if not isinstance(data.get("jwks_uri"), str):
                    raise IssuerUnavailable("no jwks_uri")
                self._metadata = data
            return self._metadata

    def keys(self, refresh: bool = False) -> KeySet:
        """The issuer's keys; `refresh` fetches them again unless that was done very lately."""
        uri = self.metadata()["jwks_uri"]
        with self._lock:
            stale = refresh and time.monotonic() - self._keys_fetched_at > KEY_REFRESH_SECONDS
            if self._keys is None or stale:
                try:
                    self._keys = KeySet.import_key_set(self._get(uri))  # type: ignore[arg-type]
                except (JoseError, ValueError, TypeError):
                    raise IssuerUnavailable("unreadable key set") from None
                self._keys_fetched_at = time.monotonic()
            return self._keys

    def close(self) -> None:
        self._client.close()


class BearerTokens:
    """Validates the API's bearer tokens against one issuer."""

    def __init__(self, settings: OidcSettings, documents: IssuerDocuments | None = None):
        self.settings = settings
        self.documents = documents or IssuerDocuments(settings)

    def claims(self, token: str) -> dict[str, Any]:
        """The claims of a valid token, or TokenRefused (IssuerUnavailable when the keys
        cannot be fetched)."""
        try:
            try:
                decoded = jwt.decode(token, self.documents.keys(), algorithms=ALGORITHMS)
            except InvalidKeyIdError:  # keys rotated since they were fetched
                decoded = jwt.decode(token, self.documents.keys(refresh=True), algorithms=ALGORITHMS)
        except IssuerUnavailable:
            raise
        except (JoseError, ValueError, TypeError):
            raise TokenRefused("handtekening of opbouw ongeldig") from None
        registry = jwt.JWTClaimsRegistry(
            leeway=self.settings.leeway_seconds,
            iss={"essential": True, "value": self.settings.issuer},
            aud={"essential": True, "value": self.settings.api_audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(decoded.claims)
        except JoseError as exc:
            raise TokenRefused(_claim_problem(exc)) from None
        return decoded.claims


def _claim_problem(exc: JoseError) -> str:
    from joserfc.errors import ExpiredTokenError

    if isinstance(exc, ExpiredTokenError):
        return "verlopen"
    claim = getattr(exc, "claim", None)
    return f"claim {claim} ontbreekt of klopt niet" if claim else "claims kloppen niet"
