"""Population figures of `triage audit` against an independent count.

Generated decisions (seeded) are audited on the fast path in small batches, on the
reference path (durable_rules) and through the command line with two worker processes; every
entry of `summary.json`'s `population` must equal what a plain-Python count of the same
decisions gives. The count below reads the decision dictionaries and the municipality lists
of the region files directly: it shares no code with triage's rule book, conditions, engines
or figures, only what PRINCIPLES.md says each figure counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import random
import subprocess
import sys
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from triage.audit.flat_rows import flatten
from triage.audit.options import AuditOptions
from triage.audit.pipeline import Auditor
from triage.audit.records import FLAT_COLUMNS
from triage.audit.summary import AuditSummary
from triage.population.figures import joined, population_entries
from triage.rulebook.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- generated decisions
MUNICIPALITIES = {
    "zuidoost-utrecht": ["Zeist", "Bunnik", "De Bilt"],
    "westfriesland": ["Hoorn", "Enkhuizen", "Medemblik"],
    "midden-holland": ["Gouda", "Waddinxveen", "Zuidplas"],
    "kennemerland": ["Haarlem"],
}
YOUTH = [
    "jeugdhulp_ambulant",
    "begeleiding_jeugd",
    "jeugd_ggz",
    "crisis_jeugd",
    "jeugdhulp_verblijf",
    "pleegzorg",
]
WMO = ["begeleiding_wmo", "huishoudelijke_hulp", "dagbesteding_wmo"]
PROVIDERS = [("11111111", "Aanbieder Een"), ("22222222", "Aanbieder Twee"), ("33333333", None), (None, None)]


def generate(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    decisions = []
    for index in range(count):
        region = rng.choice(list(MUNICIPALITIES))
        municipality = rng.choice(MUNICIPALITIES[region])
        service = rng.choice(YOUTH + WMO)
        law = "jeugdwet" if service in YOUTH else "wmo"
        start = dt.date(rng.choice([2025, 2026, 2027, 2028]), rng.randint(1, 12), rng.randint(1, 28))
        request = start - dt.timedelta(days=rng.choice([0, 1, 2, 14, 80, 89, 90, 91, 92, 95, 120]))
        decision_date = start - dt.timedelta(days=rng.choice([0, 5, 40]))  # some cross a 1 January
        birth = start.replace(year=start.year - (rng.randint(4, 16) if law == "jeugdwet" else 40))
        decision: dict[str, Any] = {
            "id": f"GEN-{index}",
            "municipality": municipality,
            "law": law,
            "request_date": request.isoformat(),
            "decision_date": decision_date.isoformat(),
            "client": {
                "id": f"c-{index}",
                "birth_date": birth.isoformat(),
                "child_protection": rng.choice(
                    ["geen", "geen", "ots", "voogdij", "jeugdreclassering", "in_aanloop"]
                )
                if law == "jeugdwet"
                else "geen",
            },
            "service": service,
            "start_date": start.isoformat(),
            "end_date": (start + dt.timedelta(days=rng.choice([60, 200, 400]))).isoformat(),
            "goals": ["Doel"],
            "volume": {
                "amount": 2,
                "unit": "dagdeel" if service == "dagbesteding_wmo" else "uur",
                "per": "week",
            },
        }
        if rng.random() < 0.8:
            decision["form"] = rng.choice(["groep", "individueel"])
        if rng.random() < 0.8:
            decision["contract"] = rng.choice(
                ["regulier", "regulier", "pgb", "onderaanneming", "maatwerkcontract"]
            )
        if rng.random() < 0.15:
            decision["crisis"] = True
        provider_id, name = rng.choice(PROVIDERS)
        if provider_id:
            decision["provider"] = {"id": provider_id, **({"name": name} if name else {})}
        if rng.random() < 0.02:  # invalid: never counted
            decision["municipality"] = "Atlantis"
        decisions.append(decision)
    return decisions


# ---------------------------------------------------------------- the independent count
def _regions() -> dict[str, str]:
    found = {}
    for path in (ROOT / "rules").glob("*/region.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for municipality in data.get("municipalities", []):
            found[municipality["name"]] = data["region"]
    return found


def _plus_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


# what each figure counts (PRINCIPLES.md, "Contract and population level"):
# rule -> (region, first day of the framework, in the population, in the figure)
FIGURES = {
    "ZOU-POP-01": (
        "zuidoost-utrecht",
        dt.date(2027, 1, 1),
        lambda d: d["law"] == "jeugdwet" and d["service"] in ("jeugdhulp_ambulant", "begeleiding_jeugd"),
        lambda d: d.get("form", "individueel") == "groep",
    ),
    "WF-POP-01": (
        "westfriesland",
        dt.date(2024, 1, 1),
        lambda d: d["law"] == "jeugdwet" and d["client"]["child_protection"] in ("ots", "voogdij"),
        lambda d: (
            dt.date.fromisoformat(d["start_date"])
            <= _plus_months(dt.date.fromisoformat(d["request_date"]), 3)
        ),
    ),
    "MH-POP-01": (
        "midden-holland",
        dt.date(2025, 1, 1),
        lambda d: d.get("crisis") is True or d["service"] == "crisis_jeugd",
        lambda d: (
            (dt.date.fromisoformat(d["start_date"]) - dt.date.fromisoformat(d["request_date"])).days <= 1
        ),
    ),
    "MH-POP-02": (
        "midden-holland",
        dt.date(2025, 1, 1),
        lambda d: True,
        lambda d: d.get("contract", "regulier") in ("pgb", "onderaanneming", "maatwerkcontract"),
    ),
}


def independent_count(decisions: list[dict[str, Any]]) -> dict[tuple, list[int]]:
    """(rule, scope kind, region, municipality or provider, year) -> [numerator, denominator]."""
    regions = _regions()
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for d in decisions:
        region = regions.get(d["municipality"])
        if region is None:
            continue
        year = int(d["start_date"][:4])
        for rule, (rule_region, first_day, population, figure) in FIGURES.items():
            if region != rule_region or dt.date.fromisoformat(d["decision_date"]) < first_day:
                continue
            if not population(d):
                continue
            keys = [
                (rule, "region", region, None, year),
                (rule, "municipality", region, d["municipality"], year),
            ]
            if d.get("provider", {}).get("id"):
                keys.append((rule, "provider", region, d["provider"]["id"], year))
            for key in keys:
                counts[key][1] += 1
                counts[key][0] += bool(figure(d))
    return dict(counts)


def _key(entry: dict[str, Any]) -> tuple:
    scope = entry["scope"]
    if "municipality" in scope:
        return (entry["rule"], "municipality", scope["region"], scope["municipality"], scope["year"])
    if "provider" in scope:
        return (entry["rule"], "provider", scope["region"], scope["provider"], scope["year"])
    return (entry["rule"], "region", scope["region"], None, scope["year"])


def assert_matches(population: list[dict[str, Any]], decisions: list[dict[str, Any]]) -> None:
    expected = independent_count(decisions)
    got = {_key(e): e for e in population}
    assert set(got) == set(expected)
    for key, (numerator, denominator) in expected.items():
        entry = got[key]
        assert (entry["numerator"], entry["denominator"]) == (numerator, denominator), key
        assert entry["value"] == round(numerator / denominator, 4), key
        rule = key[0]
        if rule == "ZOU-POP-01":  # held against 0.8
            assert entry["threshold"] == 0.8
            assert entry["outcome"] == (
                "signaal" if Fraction(numerator, denominator) < Fraction(4, 5) else "conform"
            )
        elif rule == "MH-POP-02":  # growth against a parameter without a value: the figure only
            before = expected.get((*key[:4], key[4] - 1))
            assert entry["threshold"] is None and entry["outcome"] == "conform"
            if before is None:
                assert entry["previous"] is None and entry["growth"] is None
            else:
                assert (entry["previous"]["numerator"], entry["previous"]["denominator"]) == tuple(before)
                growth = Fraction(numerator, denominator) - Fraction(*before)
                assert entry["growth"] == round(float(growth), 4), key
        else:  # figures without a threshold
            assert entry["threshold"] is None and entry["outcome"] == "conform"


# ---------------------------------------------------------------- the audits
@pytest.fixture(scope="module")
def decisions() -> list[dict[str, Any]]:
    return generate(4000, seed=20)


@pytest.fixture(scope="module")
def export(tmp_path_factory, decisions) -> Path:
    path = tmp_path_factory.mktemp("populatie") / "beschikkingen.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in decisions), encoding="utf-8")
    return path


def test_generated_decisions_fill_every_figure(decisions) -> None:
    counted = independent_count(decisions)
    assert {key[0] for key in counted} == set(FIGURES)
    assert any(key[0] == "MH-POP-02" and (*key[:4], key[4] - 1) in counted for key in counted)
    numerators = {key[0]: set() for key in counted}
    for key, (numerator, denominator) in counted.items():
        numerators[key[0]].add(0 < numerator < denominator)
    assert all(True in values for values in numerators.values()), "every figure has a share between 0 and 1"


def test_fast_path_in_small_batches_equals_the_independent_count(decisions, export, tmp_path, monkeypatch):
    import triage.audit.pipeline as pipeline

    # six batches: their counts are added up (JSON Lines is cut like CSV)
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(pipeline.csv_chunks, batch_rows=700))
    summary = Auditor(load_rulebook(), AuditOptions(inputs=[export], out_dir=tmp_path, workers=1)).run()
    assert summary.totals.errors == sum(d["municipality"] == "Atlantis" for d in decisions) > 0
    text = (tmp_path / "summary.json").read_bytes()
    written = json.loads(text)["population"]
    assert written == summary.population
    assert_matches(written, decisions)
    # summary.json is written by orjson, its plain parts as they are: byte for byte what
    # pydantic makes of the model, and read back by the model as it was
    assert any(e["compare"] == "growth" and e["previous"] for e in written)
    assert any("provider" in e["scope"] for e in written) and summary.by_provider
    assert text == summary.model_dump_json(indent=2).encode()
    assert AuditSummary.model_validate_json(text) == summary


def test_figures_made_by_a_worker_equal_those_made_here(decisions, export, tmp_path, monkeypatch):
    """With worker processes the population figures are made by them, a share each, while
    the main process makes the rest of the summary; a worker that is gone by then (killed,
    out of memory) leaves them to the main process. The same figures every way."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    import triage.audit.pipeline as pipeline

    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(pipeline.csv_chunks, batch_rows=1500))
    book = load_rulebook()
    auditor = Auditor(book, AuditOptions(inputs=[export], out_dir=tmp_path / "here", workers=1))
    here = auditor.run()
    # shares joined are the whole, in its order, whatever their number
    counts, names = auditor.tally.population, auditor.tally.labels["provider"]
    for parts in (1, 2, 3, 7):
        shares = [population_entries(book, counts, names, None, share=(i, parts)) for i in range(parts)]
        assert sum(map(len, shares)) == len(here.population)
        assert parts > 3 or all(shares)  # (three providers: seven shares leave some empty)
        assert joined(book, shares) == here.population, parts
    handed: list[object] = []
    population = pipeline.Auditor._population
    monkeypatch.setattr(
        pipeline.Auditor, "_population", lambda self, f: handed.append(f) or population(self, f)
    )
    by_worker = Auditor(book, AuditOptions(inputs=[export], out_dir=tmp_path / "worker", workers=2)).run()
    shares = handed[0]
    assert len(shares) == 2 and all(isinstance(s, Future) and s.exception() is None for s in shares)
    assert all(share.result() for share in shares)  # each made a part
    assert by_worker.population == here.population
    assert_matches(by_worker.population, decisions)

    def gone(self, function, *arguments):
        future: Future = Future()
        future.set_exception(BrokenProcessPool("een werkproces is gestopt"))
        return future

    monkeypatch.setattr(pipeline._Dispatcher, "offload", gone)
    after_loss = Auditor(book, AuditOptions(inputs=[export], out_dir=tmp_path / "lost", workers=2)).run()
    assert after_loss.population == here.population and after_loss.status == "voltooid"

    def broken(self, function, *arguments):  # the pool knows already: it takes no more work
        raise BrokenProcessPool("een werkproces is gestopt")

    monkeypatch.setattr(pipeline._Dispatcher, "offload", broken)
    refused = Auditor(book, AuditOptions(inputs=[export], out_dir=tmp_path / "refused", workers=2)).run()
    assert refused.population == here.population and refused.status == "voltooid"


def test_reference_path_equals_the_independent_count(decisions, export, tmp_path):
    summary = Auditor(
        load_rulebook(), AuditOptions(inputs=[export], out_dir=tmp_path, workers=1, engine="durable")
    ).run()
    assert_matches(summary.population, decisions)


def test_command_line_with_two_workers_equals_the_independent_count(decisions, tmp_path):
    """CSV cut into batches evaluated by two worker processes; their tallies are merged."""
    export = tmp_path / "beschikkingen.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for decision in decisions:
            writer.writerow(flatten(decision))
    env = {**os.environ, "TRIAGE_AUDIT_BATCH_ROWS": "900"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "triage",
            "audit",
            str(export),
            "--out",
            str(tmp_path / "uit"),
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    summary = json.loads((tmp_path / "uit" / "summary.json").read_text(encoding="utf-8"))
    assert_matches(summary["population"], decisions)
    report = (tmp_path / "uit" / "report.html").read_text(encoding="utf-8")
    zeist = next(
        e
        for e in summary["population"]
        if e["rule"] == "ZOU-POP-01" and e["scope"].get("municipality") == "Zeist"
    )
    shown = f"{zeist['numerator']} van {zeist['denominator']} = "
    assert 'id="populatie"' in report and shown in report
