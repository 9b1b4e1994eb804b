"""The HTTP API, version 1: check one decision or a batch, list rules and regions, export
the check log.

Responses of `/check` are exactly the outcome of `triage check --format json`; the log id
of the check is in the `X-Triage-Check-Id` header. Signed in (the default), every call needs
a bearer token of the identity provider or an API key; the roles: `consulent` checks,
`beleid` reads the rules, `auditor` exports the log (`triage.web.auth`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from triage.decision import Decision, DecisionError
from triage.outcome import Outcome
from triage.rulebook.listing import rule_summary, rules_in_force
from triage.web.auth.principal import AsConsulent, Role, requires
from triage.web.service import CheckService, error_body
from triage.yaml_source import load_json


class _StrictJsonRequest(Request):
    """A request whose JSON body may not name a key twice (see `load_json`); FastAPI turns
    the error into a validation error, answered in Dutch by the app."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = load_json(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler


router = APIRouter(prefix="/api/v1", tags=["api"], route_class=StrictJsonRoute)
MAX_BATCH = 1000
CHECK_ID_HEADER = "X-Triage-Check-Id"

OnQuery = Annotated[
    dt.date | None,
    Query(description="Toets met de regels van deze datum in plaats van de beschikkingsdatum."),
]


def _service(request: Request) -> CheckService:
    return request.app.state.service


@router.post(
    "/check",
    response_model=Outcome,
    response_model_by_alias=True,
    summary="Toets één beschikking",
    responses={422: {"description": "Ongeldige beschikking: velden en redenen in het Nederlands"}},
)
def check(
    decision: Decision,
    request: Request,
    response: Response,
    principal: AsConsulent,
    on: OnQuery = None,
) -> Any:
    """One decision in (the decision format), its outcome out (the outcome format)."""
    try:
        outcome, check_id = _service(request).check(decision, "api", on, principal.subject)
    except DecisionError as error:
        return JSONResponse(error_body(error), status_code=422)
    response.headers[CHECK_ID_HEADER] = str(check_id)
    return outcome.to_json_dict()


@router.post("/check/batch", summary="Toets een lijst beschikkingen")
def check_batch(
    request: Request,
    decisions: Annotated[list[Any], Body(description=f"Hoogstens {MAX_BATCH} beschikkingen.")],
    principal: AsConsulent,
    on: OnQuery = None,
) -> Any:
    """Per decision, in order: `{"index", "outcome", "check_id"}` or `{"index", "errors"}`."""
    if len(decisions) > MAX_BATCH:
        return JSONResponse(
            {
                "message": f"Te veel beschikkingen: hoogstens {MAX_BATCH} per verzoek, "
                f"gekregen {len(decisions)}."
            },
            status_code=413,
        )
    results: list[dict[str, Any]] = []
    for index, data in enumerate(decisions):
        try:
            outcome, check_id = _service(request).check_data(data, "api-batch", on, principal.subject)
        except DecisionError as error:
            results.append({"index": index, **error_body(error)})
        except Exception as error:  # one decision the engine cannot take never costs the others
            message = f"Deze beschikking kon niet getoetst worden ({type(error).__name__})."
            results.append({"index": index, "message": message, "errors": []})
        else:
            results.append({"index": index, "check_id": check_id, "outcome": outcome.to_json_dict()})
    return {"results": results}


@router.get("/rules", summary="De regels die gelden", dependencies=[requires(Role.beleid, Role.consulent)])
def rules(
    request: Request,
    region: Annotated[str | None, Query(description="Alleen deze regio (met de landelijke regels).")] = None,
    on: Annotated[
        dt.date | None, Query(description="Regels die op deze datum gelden (standaard: vandaag).")
    ] = None,
) -> Any:
    """The rules in force on a date, for one region or all."""
    book = _service(request).engine.book
    if region is not None and region not in book.region_names:
        return JSONResponse(
            {"message": f"Onbekende regio {region!r}; kies uit: {', '.join(book.region_names)}."},
            status_code=422,
        )
    day = on or dt.date.today()
    return {
        "rules_version": book.version,
        "on": day.isoformat(),
        "region": region,
        "rules": [rule_summary(rule, book, day) for rule in rules_in_force(book, region, day)],
    }


@router.get("/regions", summary="Regio's, gemeenten en segmenten")
def regions(request: Request) -> Any:
    """Every region with its municipalities (name, CBS code) and segments."""
    book = _service(request).engine.book
    return {
        "regions": [
            {
                "id": region,
                "name": data.name,
                "documents": data.documents,
                "municipalities": [{"name": m.name, "cbs": m.cbs} for m in data.municipalities],
                "segments": [
                    {"id": s.id, "name": s.name, "laws": [law.value for law in s.laws], "note": s.note}
                    for s in data.segments
                ],
            }
            for region, data in book.regions.items()
            if region in book.region_names
        ]
    }


@router.get(
    "/log",
    summary="Het logboek van toetsen (JSON Lines)",
    dependencies=[requires(Role.auditor)],
    response_class=Response,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def check_log(request: Request) -> Response:
    """Every check, oldest first, one JSON object a line, as `triage log export` writes it:
    who checked is the identity provider's subject id (`subject`), never a name."""
    from triage.web.access_pages import export_response

    return export_response(request)
