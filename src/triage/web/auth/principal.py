"""Who is asking, and what a role may do.

Every request that reaches a route has a `Principal` (set by `AuthGate`): a person signed in
with the municipality's identity provider (session cookie or bearer token), a system with an
API key, or, in single-user mode (`triage serve --no-auth`), the one local user with every
role. A route states the roles it needs with `requires(...)`; a new page is protected by
adding that dependency to its route or router.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Request


class Role(StrEnum):
    """The roles, as the identity provider's role claim (or an API key) names them."""

    consulent = "consulent"  # checks decisions and sees their own checks
    auditor = "auditor"  # reads and exports the check log, starts audits
    beleid = "beleid"  # reads rules, coverage, impact reports


ROLE_TASKS = {
    Role.consulent: "beschikkingen toetsen en uw eigen toetsen terugzien",
    Role.auditor: "het logboek inzien en exporteren",
    Role.beleid: "de regels, hun dekking en impact bekijken",
}

PRINCIPAL_SCOPE_KEY = "triage.principal"


@dataclass(frozen=True)
class Principal:
    """One caller. `subject` goes into the check log: the identity provider's `sub`,
    `api-key:<id>`, or None for the single local user. Never a name or an e-mail address."""

    subject: str | None
    roles: frozenset[Role]
    kind: str  # "sessie", "token", "sleutel" or "lokaal"

    @property
    def rate_key(self) -> str | None:
        """Whose requests are counted together for the rate limit: one person's through the
        browser and with tokens alike, one key's (None: the single local user, not limited)."""
        return None if self.kind == "lokaal" else self.subject

    def may(self, roles: Iterable[Role]) -> bool:
        return bool(self.roles & set(roles))


LOCAL_USER = Principal(subject=None, roles=frozenset(Role), kind="lokaal")


def roles_from_claims(claims: dict[str, Any], claim: str) -> frozenset[Role]:
    """The roles named in a token's role claim. `claim` is a dotted path into the claims
    (`roles`, `realm_access.roles`, `resource_access.triage.roles`); its value is a list of
    names or one space-separated text. Names that are no role of triage are ignored."""
    value: Any = claims
    for part in claim.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        return frozenset()
    known = {role.value: role for role in Role}
    return frozenset(known[name] for name in value if isinstance(name, str) and name in known)


class RoleRequired(Exception):
    """Raised by `requires` when the caller lacks every role the route accepts (403)."""

    def __init__(self, roles: tuple[Role, ...]):
        super().__init__(", ".join(roles))
        self.roles = roles


def current_principal(request: Request) -> Principal:
    """The request's caller, as `AuthGate` established it (an app without the gate fails
    closed: no caller, no access)."""
    principal = request.scope.get(PRINCIPAL_SCOPE_KEY)
    if not isinstance(principal, Principal):
        raise RuntimeError("request without a principal: AuthGate is missing")
    return principal


def requires(*roles: Role) -> Any:
    """A dependency: the caller, if they have at least one of `roles`; else 403."""

    def check(request: Request) -> Principal:
        principal = current_principal(request)
        if not principal.may(roles):
            raise RoleRequired(roles)
        return principal

    return Depends(check)


def role_names(roles: Iterable[Role]) -> str:
    """`consulent of auditor` for a message."""
    names = [role.value for role in roles]
    return " of ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " of " + names[-1]


# The caller of a route that needs a role, as a parameter: `principal: AsConsulent`
AsConsulent = Annotated[Principal, requires(Role.consulent)]
AsAuditor = Annotated[Principal, requires(Role.auditor)]
AsBeleid = Annotated[Principal, requires(Role.beleid)]
