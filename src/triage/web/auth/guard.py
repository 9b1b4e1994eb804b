"""The app's gatekeepers, as ASGI middleware (outermost first, see `install`):

1. `HostGuard`: a request whose Host header is not one of this app's names is refused (400),
   so that a DNS-rebinding page cannot talk to the app under a name of its own.
2. Starlette's `SessionMiddleware`: the signed session cookie (`HttpOnly`, `SameSite=Lax`,
   `Secure`), which holds the subject id, roles, the session's end and the CSRF token.
3. `AuthGate`: establishes the `Principal` of every request (session, bearer token or API
   key) and answers 401 when there is none, except on the health check and the two sign-in
   addresses; then counts the request against its user's or key's rate limit (429).
4. `CsrfGuard`: a state-changing request carried by the browser's cookie must come from this
   site (`Sec-Fetch-Site`, `Origin`) and carry the session's CSRF token (form field
   `csrf_token` or header `X-CSRF-Token`), else 403. A request with a bearer token or an
   API key carries no ambient credential and needs no token.
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage.web.auth.api_keys import ApiKeys
from triage.web.auth.principal import LOCAL_USER, PRINCIPAL_SCOPE_KEY, Principal, roles_from_claims
from triage.web.auth.settings import AuthSettings
from triage.web.auth.tokens import BearerTokens, IssuerUnavailable, TokenRefused

SESSION_COOKIE = "triage_sessie"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
HEALTH_PATH = "/healthz"
SIGN_IN_PATHS = ("/aanmelden", "/aanmelden/terug")
PUBLIC_PATHS = frozenset({HEALTH_PATH, *SIGN_IN_PATHS})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_FORM_FIELDS = 500

# (scope, status, reason code) -> (body, content type); the pages render Dutch HTML, the API JSON
Refuse = Callable[[Scope, int, str], tuple[bytes, str]]


def is_api(path: str) -> bool:
    """The JSON API (the interactive documentation and the OpenAPI file are pages)."""
    return path.startswith("/api/v1/") and path != "/api/v1/openapi.json"


async def _send(
    send: Send, status: int, body: bytes, content_type: str, extra: list[tuple[bytes, bytes]]
) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class HostGuard:
    def __init__(self, app: ASGIApp, settings: AuthSettings, refuse: Refuse):
        self.app, self.settings, self.refuse = app, settings, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host", "")
            name = urlsplit(f"//{host}").hostname or ""
            if not self.settings.host_allowed(name):
                body, content_type = self.refuse(scope, 400, "host")
                await _send(send, 400, body, content_type, [])
                return
        await self.app(scope, receive, send)


class RateLimiter:
    """A token bucket per user or key: `per_minute` requests a minute on average, up to a
    minute's worth at once. In one process: N servers allow N times as much."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait_needed(self, key: str) -> float:
        """0 when the request may go ahead (and is counted); else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        rate = self.per_minute / 60
        with self._lock:
            tokens, then = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return (1 - tokens) / rate
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 100_000:  # forget the idle ones (full buckets)
                self._buckets = {k: v for k, v in self._buckets.items() if v[0] < self.per_minute - 1}
            return 0.0


class AuthGate:
    def __init__(
        self,
        app: ASGIApp,
        settings: AuthSettings,
        refuse: Refuse,
        keys: ApiKeys | None,
        bearer: BearerTokens | None,
    ):
        self.app, self.settings, self.refuse = app, settings, refuse
        self.keys, self.bearer = keys, bearer
        self.limiter = RateLimiter(settings.rate_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        principal, problem = await self._principal(scope)
        if principal is None:
            await self._refuse(scope, send, 503 if problem == "issuer" else 401, problem)
            return
        key = principal.rate_key
        wait = self.limiter.wait_needed(key) if key else 0.0
        if wait:
            body, content_type = self.refuse(scope, 429, "rate")
            await _send(send, 429, body, content_type, [(b"retry-after", str(int(wait) + 1).encode())])
            return
        scope[PRINCIPAL_SCOPE_KEY] = principal
        await self.app(scope, receive, send)

    async def _principal(self, scope: Scope) -> tuple[Principal | None, str]:
        if not self.settings.required:
            return LOCAL_USER, ""
        headers = Headers(scope=scope)
        authorization = headers.get("authorization")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip() or self.bearer is None:
                return None, "token"
            try:
                claims = await run_in_threadpool(self.bearer.claims, token.strip())
            except TokenRefused as exc:
                scope["triage.token_problem"] = str(exc)
                return None, "token"
            except IssuerUnavailable:
                return None, "issuer"
            roles = roles_from_claims(claims, self.bearer.settings.role_claim)
            return Principal(subject=str(claims["sub"]), roles=roles, kind="token"), ""
        key = headers.get("x-api-key")
        if key is not None:
            principal = await run_in_threadpool(self.keys.principal, key) if self.keys else None
            return (principal, "") if principal else (None, "key")
        if is_api(scope["path"]):
            return None, "api"  # the API takes tokens and keys, not the browser's cookie
        session = scope.get("session") or {}
        subject, until = session.get("sub"), session.get("until", 0)
        if not isinstance(subject, str):
            return None, "session"
        if until <= dt.datetime.now(dt.UTC).timestamp():
            session.clear()
            return None, "expired"
        roles = roles_from_claims({"roles": session.get("roles", [])}, "roles")
        return Principal(subject=subject, roles=roles, kind="sessie"), ""

    async def _refuse(self, scope: Scope, send: Send, status: int, problem: str) -> None:
        body, content_type = self.refuse(scope, status, problem)
        extra = []
        if status == 401:
            challenge = 'Bearer realm="triage"'
            if problem == "token":
                reason = scope.get("triage.token_problem", "ongeldig")
                challenge += f', error="invalid_token", error_description="{reason}"'
            extra.append((b"www-authenticate", challenge.encode()))
        # `send` passes the session middleware: a session cleared here clears the cookie too
        await _send(send, status, body, content_type, extra)


class CsrfGuard:
    def __init__(self, app: ASGIApp, settings: AuthSettings, refuse: Refuse):
        self.app, self.settings, self.refuse = app, settings, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "authorization" in headers or "x-api-key" in headers:
            await self.app(scope, receive, send)  # no ambient credential: nothing to forge
            return
        if not self._same_site(headers):
            await self._forbid(scope, send)
            return
        if is_api(scope["path"]):
            # single-user mode only (signed in, the API takes no cookie): JSON bodies, which a
            # cross-site form cannot send without a preflight that this app never allows
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        token = headers.get(CSRF_HEADER) or await _form_token(scope, headers, body)
        expected = (scope.get("session") or {}).get("csrf")
        if not token or not isinstance(expected, str) or not hmac.compare_digest(token, expected):
            await self._forbid(scope, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _same_site(self, headers: Headers) -> bool:
        """False for a request the browser marks as coming from another site or origin."""
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is None or origin == "null":  # "null": the page's Referrer-Policy is no-referrer
            return True
        parts = urlsplit(origin)
        return parts.netloc.lower() == headers.get("host", "").lower() and self.settings.host_allowed(
            parts.hostname or ""
        )

    async def _forbid(self, scope: Scope, send: Send) -> None:
        body, content_type = self.refuse(scope, 403, "csrf")
        await _send(send, 403, body, content_type, [])


async def _read_body(receive: Receive) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    return bytes(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _form_token(scope: Scope, headers: Headers, body: bytes) -> str | None:
    """The `csrf_token` field of a form body (URL-encoded or multipart), if any."""
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        try:
            values = parse_qs(body.decode("latin-1"), max_num_fields=MAX_FORM_FIELDS).get(CSRF_FIELD)
        except ValueError:
            return None
        return values[0] if values else None
    if media_type == "multipart/form-data":
        request = Request(scope, _replay(body, _no_more))
        try:
            async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS) as form:
                value = form.get(CSRF_FIELD)
                return value if isinstance(value, str) else None
        except Exception:  # a malformed body has no token; the form route would refuse it too
            return None
    return None


async def _no_more() -> Message:
    return {"type": "http.disconnect"}


def install(
    app: Any, settings: AuthSettings, refuse: Refuse, keys: ApiKeys | None, bearer: BearerTokens | None
) -> None:
    """Add the gatekeepers to `app` (Starlette runs the last added outermost)."""
    app.add_middleware(CsrfGuard, settings=settings, refuse=refuse)
    app.add_middleware(AuthGate, settings=settings, refuse=refuse, keys=keys, bearer=bearer)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.session_hours * 3600),
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(HostGuard, settings=settings, refuse=refuse)
