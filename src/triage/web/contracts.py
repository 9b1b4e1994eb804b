"""Contracts on the web: `POST /api/v1/contracts/check` (JSON in, the outcomes of
`triage contracts check --format json` out) and the Contracten page (upload a register, see
each contract's findings). Both use `triage.contracts.check.check_entries`, as the CLI does.

A contract check is not written to the check log (that log is for decisions about clients;
a register holds no client data).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from triage.contracts.check import ContractOutcome, RegisterResult, check_entries
from triage.contracts.register import (
    BUDGET_FIELDS,
    CONTRACT_FIELDS,
    FORMATS,
    UNKNOWN_FORMAT,
    Entry,
    RegisterError,
    RegisterFileError,
    read_entries,
)
from triage.presentation import FINDING_LABELS, LEVELS
from triage.version import __version__
from triage.web.api import StrictJsonRoute
from triage.web.rendering import templates

MAX_CONTRACTS = 1000
# what a verdict asks of the contract manager (the decision page's words speak of a beschikking)
CONTRACT_MEANING = {
    "conform": "past binnen het regionale kader",
    "conform_met_uitzondering": "past, met een vastgelegde afwijking (maatwerk)",
    "motivering_vereist": "leg een afwijking (maatwerk) met motivering vast, of pas het contract aan",
    "niet_conform": "pas het contract aan",
}
api_router = APIRouter(prefix="/api/v1", tags=["api"], route_class=StrictJsonRoute)
page_router = APIRouter(include_in_schema=False)


def _book(request: Request):
    return request.app.state.service.engine.book


def result_body(result: RegisterResult) -> dict[str, Any]:
    """A register's result as the API answers it (outcomes in the CLI's JSON)."""
    return {
        "results": [
            {"index": index, "outcome": outcome.to_json_dict()}
            if isinstance(outcome, ContractOutcome)
            else {"index": index, **outcome.as_dict()}
            for index, (_, outcome) in enumerate(result.results)
        ],
        "budget_errors": [error.as_dict() for error in result.budget_errors],
        "budget_notes": result.unmatched_budgets,
    }


@api_router.post("/contracts/check", summary="Toets contracten aan het regionale kader")
def check_contracts(
    request: Request,
    contracts: Annotated[
        list[Any], Body(description=f"Contracten (het registerformaat), hoogstens {MAX_CONTRACTS}.")
    ],
    budgets: Annotated[
        list[Any] | None, Body(description="Budgetregels per aanbieder en halfjaar (optioneel).")
    ] = None,
) -> Any:
    """Per contract, in order: `{"index", "outcome"}` or `{"index", "ref", "errors"}`;
    invalid budget rows in `budget_errors`, rows without a contract in `budget_notes`."""
    if len(contracts) > MAX_CONTRACTS:
        return JSONResponse(
            {
                "message": f"Te veel contracten: hoogstens {MAX_CONTRACTS} per verzoek, "
                f"gekregen {len(contracts)}."
            },
            status_code=413,
        )
    entries = [_json_entry(f"contract {i + 1}", item) for i, item in enumerate(contracts)]
    budget_entries = [_json_entry(f"budget {i + 1}", item) for i, item in enumerate(budgets or [])]
    return result_body(check_entries(_book(request), entries, budget_entries))


def _json_entry(ref: str, item: Any) -> Entry:
    if isinstance(item, dict):
        return Entry(ref, item)
    return Entry(ref, None, ("(contract)", "verwacht een object met velden"))


# ---------------------------------------------------------------- the page
@page_router.get("/contracten", response_class=HTMLResponse)
def contracts_page(request: Request) -> Response:
    """The upload form."""
    return _render(request)


@page_router.post("/contracten", response_class=HTMLResponse)
async def contracts_upload(request: Request) -> Response:
    """An uploaded register (and budgets): each contract's findings, or what is wrong."""
    form = await request.form(max_files=2, max_fields=10)
    register, budgets = form.get("register"), form.get("budgetten")
    if not isinstance(register, UploadFile) or not register.filename:
        return _render(request, problems=[("register", "kies een contractregister")], status=422)
    try:
        entries = await _read_upload(register, CONTRACT_FIELDS)
        budget_entries = []
        if isinstance(budgets, UploadFile) and budgets.filename:
            budget_entries = await _read_upload(budgets, BUDGET_FIELDS)
    except RegisterFileError as exc:
        return _render(request, problems=[(Path(str(exc.path)).name, exc.reason)], status=422)
    result = await run_in_threadpool(check_entries, _book(request), entries, budget_entries)
    return _render(request, result=result)


async def _read_upload(upload: UploadFile, fields: tuple[str, ...]) -> list[Entry]:
    """The entries of an uploaded file, read as `triage contracts check` reads a file
    (its format from the extension); refs name the file as uploaded."""
    name = Path(upload.filename or "register").name
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise RegisterFileError(name, UNKNOWN_FORMAT)
    raw = await upload.read()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        entries = await run_in_threadpool(read_entries, path, fields)
    return [Entry(entry.ref.replace(path.name, name, 1), entry.data, entry.problem) for entry in entries]


def _render(
    request: Request,
    *,
    result: RegisterResult | None = None,
    problems: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    book = _book(request)
    rows = []
    for ref, outcome in result.results if result else []:
        if isinstance(outcome, RegisterError):
            rows.append({"ref": ref, "errors": outcome.problems})
            continue
        meaning = CONTRACT_MEANING[outcome.verdict.value]
        rows.append(
            {
                "ref": ref,
                "errors": [],
                "outcome": outcome,
                "verdict": outcome.verdict.value,
                "verdict_label": LEVELS[outcome.verdict].label,
                "verdict_meaning": meaning,
                "region_name": book.regions[outcome.region].name,
                "findings": [
                    {"finding": f, "outcome": f.outcome.value, "mark": FINDING_LABELS[f.outcome].lower()}
                    for f in outcome.findings
                ],
            }
        )
    context = {
        "rows": rows,
        "result": result,
        "problems": problems or [],
        "version": __version__,
        "rules_version": book.version,
    }
    return templates.TemplateResponse(request, "contracten.html", context, status_code=status)
