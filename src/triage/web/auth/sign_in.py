"""Signing in with the municipality's identity provider: OpenID Connect, authorization code
flow with PKCE (S256), through authlib's Starlette client. authlib makes the state, nonce and
code verifier, keeps them in the session, exchanges the code and validates the ID token
(signature against the issuer's keys, `iss`, `aud`, `exp`, `nonce`, `at_hash`).

What is kept of the ID token: its `sub` and the roles in the configured claim. Names and
e-mail addresses in it are never stored, not even in the session cookie. The session lasts
`session_hours`; a sign-in starts a new session (a new CSRF token included).

`/aanmelden?terug=/pad` starts the flow (a path on this site only), `/aanmelden/terug` is the
redirect URI registered with the provider, `POST /afmelden` ends the session.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

import httpx
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.errors import JoseError

from triage.web.auth.principal import roles_from_claims
from triage.web.auth.settings import AuthSettings

log = logging.getLogger("triage.web")
router = APIRouter(include_in_schema=False)
CLIENT_NAME = "gemeente"
_RETURN_KEY = "terug_na_aanmelden"


class SignIn:
    """The registered OpenID Connect client of one app."""

    def __init__(self, settings: AuthSettings):
        assert settings.oidc is not None
        self.settings = settings
        self.oidc = settings.oidc
        oauth = OAuth()
        self.client: Any = oauth.register(
            CLIENT_NAME,
            client_id=self.oidc.client_id,
            client_secret=self.oidc.client_secret,
            server_metadata_url=self.oidc.issuer + "/.well-known/openid-configuration",
            client_kwargs={"scope": self.oidc.scopes, "code_challenge_method": "S256"},
        )

    async def start(self, request: Request, back_to: str | None) -> Response:
        request.session[_RETURN_KEY] = safe_return_path(back_to)
        metadata = await self.client.load_server_metadata()
        if str(metadata.get("issuer", "")).rstrip("/") != self.oidc.issuer:
            raise OAuthError(description="discovery document of another issuer")
        return await self.client.authorize_redirect(request, self.settings.redirect_uri)

    async def finish(self, request: Request) -> Response | None:
        """The provider's redirect back: a new signed-in session and a redirect to where the
        person was going, or None when the sign-in failed."""
        try:
            token = await self.client.authorize_access_token(request, leeway=self.oidc.leeway_seconds)
        except (OAuthError, JoseError, httpx.HTTPError, KeyError, ValueError) as exc:
            # never the exception's text: it may quote the provider's answer
            log.warning("aanmelden mislukt (%s)", type(exc).__name__)
            return None
        claims = token.get("userinfo") or {}
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            return None
        back_to = request.session.get(_RETURN_KEY) or "/"
        request.session.clear()
        request.session.update(
            {
                "sub": subject,
                "roles": sorted(roles_from_claims(dict(claims), self.oidc.role_claim)),
                "until": dt.datetime.now(dt.UTC).timestamp() + self.settings.session_hours * 3600,
                "csrf": secrets.token_urlsafe(32),
            }
        )
        return RedirectResponse(back_to, status_code=303)


def safe_return_path(path: str | None) -> str:
    """A path on this site to return to after signing in; anything else becomes `/`."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path if all(33 <= ord(c) < 127 for c in path) else "/"


def _sign_in(request: Request) -> SignIn | None:
    return getattr(request.app.state, "sign_in", None)


@router.get("/aanmelden")
async def sign_in(request: Request, terug: str | None = None) -> Response:
    """Start signing in at the identity provider."""
    from triage.web.access_pages import refusal_response

    flow = _sign_in(request)
    if flow is None:
        return refusal_response(request, 401, "no-sign-in")
    try:
        return await flow.start(request, terug)
    except Exception as exc:  # the provider cannot be reached: say so, not a stack trace
        log.warning("aanmeldpagina van de identity provider niet bereikbaar (%s)", type(exc).__name__)
        return refusal_response(request, 503, "issuer")


@router.get("/aanmelden/terug")
async def sign_in_done(request: Request) -> Response:
    """The identity provider sends the browser back here with a code."""
    from triage.web.access_pages import refusal_response

    flow = _sign_in(request)
    done = await flow.finish(request) if flow is not None else None
    return done if done is not None else refusal_response(request, 401, "sign-in-failed")
