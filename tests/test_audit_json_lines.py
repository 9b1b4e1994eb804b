"""JSON Lines on the fast path: every line read as the reference path reads it.

The same lines, however odd, through the fast path and through durable_rules alone must give
the same outcomes and the same error records; most well-formed lines must take the fast path
(else it is not one); and the same decisions as CSV, JSON Lines and Excel give byte-identical
outcomes."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from triage import Engine
from triage.audit import json_lines
from triage.audit.chunks import parse_chunk
from triage.audit.flat_rows import unflatten
from triage.audit.inputs import csv_chunks
from triage.audit.pipeline import AuditOptions, Auditor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _variants(decision: dict[str, Any], rng: random.Random) -> list[str]:
    """Lines that hold the decision in odd but valid or subtly invalid ways."""
    d = json.loads(json.dumps(decision))
    text = json.dumps(d, ensure_ascii=False)
    shuffled = dict(rng.sample(list(d.items()), len(d)))
    client = d["client"]
    lines = [
        text,
        _compact(d),
        json.dumps(shuffled, ensure_ascii=False),
        json.dumps(d),  # non-ASCII as \\u escapes
        json.dumps(d, indent=None, separators=(" , ", " : ")),  # whitespace before a colon
        "  " + text + "  \r",
        # a key twice, in every combination with null
        text[:-1] + ', "municipality": "Gouda"}',
        text[:-1] + (', "end_date": null}' if "end_date" in d else ', "end_date": null, "end_date": null}'),
        '{"end_date": null, ' + text[1:] if "end_date" in d else '{"perspective": null, ' + text[1:],
        text[:-1] + ', "id": null}',
        json.dumps({**d, "client": {**client, "birth_date": client["birth_date"]}})[:-1]
        + ', "client": {"id": "c-9", "birth_date": "2001-01-01"}}',
        json.dumps({**d, "provider": {"id": "12345678"}})[:-1] + ', "provider": null}',
        '{"product": {}, ' + text[1:] if "product" not in d else text,
        # unknown keys, null or not, at the top and nested
        text[:-1] + ', "onbekend": 1}',
        text[:-1] + ', "onbekend": null}',
        json.dumps({**d, "client": {**client, "naam": None}}),
        # null where it means "absent", and where it does not
        json.dumps({**d, "perspective": None, "goals": None, "product": None, "volume": None}),
        json.dumps({**d, "crisis": None}),
        json.dumps({**d, "form": None}),
        json.dumps({**d, "exceptions": None}),
        json.dumps({**d, "client": {**client, "child_protection": None}}),
        json.dumps({**d, "client": None}),
        json.dumps({**d, "volume": {}}),
        json.dumps({**d, "volume": {"amount": None, "unit": "uur", "per": "week"}}),
        # values of another type or shape
        json.dumps({**d, "volume": {"amount": "6", "unit": "uur", "per": "week"}}),
        json.dumps({**d, "volume": {"amount": 6.50, "unit": "uur", "per": "week"}}),
        text.replace('"amount": ', '"amount": 1e') if "volume" in d else text,
        json.dumps({**d, "volume": {"amount": 0.000001, "unit": "uur", "per": "week"}}),
        json.dumps({**d, "crisis": "ja"}),
        json.dumps({**d, "crisis": 1}),
        json.dumps({**d, "municipality": 513}),
        json.dumps({**d, "region": ""}),
        json.dumps({**d, "provider": {"id": "", "name": " "}}),
        json.dumps({**d, "goals": []}),
        json.dumps({**d, "goals": ["", "Zelf koken"]}),
        json.dumps({**d, "goals": [" ", "Zelf koken"]}),
        json.dumps({**d, "goals": ["a;b"]}),
        json.dumps({**d, "goals": [" Zelf koken "]}),
        json.dumps({**d, "goals": ["Zelf\u00a0koken"]}),
        json.dumps({**d, "activities": [" wasverzorging"]}),
        json.dumps({**d, "activities": ["wasverzorging", "wasverzorging"]}),
        json.dumps({**d, "goals": [3]}),
        json.dumps({**d, "goals": "Zelf koken"}),
        json.dumps({**d, "extends": "a\u0000b"}),
        json.dumps({**d, "provider": {"id": "12345678", "name": 'Zorg "B.V." {x}'}}),
        json.dumps({**d, "provider": {"id": "12345678", "name": "\ud800"}}),
        text.replace('"id": "', '"id": "\\ud83d\\ude00', 1),
        text.replace('"id": "', '"id": "\\ud800', 1),
        # exceptions, plain and odd
        json.dumps({**d, "exceptions": []}),
        json.dumps({**d, "exceptions": [{"principle": "P1", "ground": "g"}]}),
        json.dumps({**d, "exceptions": [{"principle": "P1", "ground": "g", "motivation": None}]}),
        json.dumps({**d, "exceptions": [{"principle": "P1", "ground": "g", "x": "y"}]}),
        json.dumps({**d, "exceptions": [{"principle": "P1", "ground": "[g] {h}", "motivation": "m"}]}),
        _compact({**d, "exceptions": [{"principle": "P1", "ground": "g"}]})[:-3] + ',"ground":"h"}]}',
        json.dumps(
            {**d, "exceptions": [{"principle": "P1", "ground": "g", "motivation": 'a "b"\n\u00e9 \\ /'}]}
        ),
        text[:-1]
        + ', "exceptions": [{"principle": "P\\u0031", "ground": "g\\/h", "motivation": "\\u0000"}]}',
        text[:-1] + ', "exceptions": [{"principle": "P1", "ground": "g", "motivation": ""}, {}]}',
        # not one decision
        "[" + text + "]",
        text[:-1],
        '"tekst"',
        "{" * 40 + "}" * 40,
    ]
    return lines


def _corpus(path: Path, count: int) -> list[str]:
    from generate_audit_input import write_jsonl

    write_jsonl(path, count, seed=11)
    decisions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(5)
    lines: list[str] = []
    for decision in decisions[:40]:
        lines += _variants(decision, rng)
    lines += [json.dumps(d, ensure_ascii=False) for d in decisions[40:]]
    return lines


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_odd_json_lines_give_the_outcomes_and_errors_of_the_reference_path(
    engine: Engine, tmp_path: Path
) -> None:
    lines = _corpus(tmp_path / "generated.jsonl", 400)
    data = tmp_path / "regels.jsonl"
    with data.open("wb") as handle:
        handle.write("\n".join(lines[:30]).encode() + b"\n\n   \n")
        handle.write(b'{"id": "\xff"}\n')  # not UTF-8
        handle.write("\n".join(lines[30:]).encode())  # no line end at the end
    runs = {}
    for name, options in (("fast", {}), ("durable", {"engine": "durable"})):
        out = tmp_path / name
        Auditor(engine.book, AuditOptions(inputs=[data], out_dir=out, workers=1, **options)).run()
        runs[name] = out
    fast, durable = (json.loads((runs[n] / "summary.json").read_text()) for n in ("fast", "durable"))
    assert fast["totals"] == durable["totals"]
    assert fast["totals"]["input_rows"] == len(lines) + 1 and fast["totals"]["reconciled"]
    assert _lines(runs["fast"] / "outcomes.jsonl") == _lines(runs["durable"] / "outcomes.jsonl")
    assert _lines(runs["fast"] / "errors.jsonl") == _lines(runs["durable"] / "errors.jsonl")
    assert fast["totals"]["errors"] > 40 and fast["totals"]["outcomes"] > 300


def test_well_formed_lines_take_the_fast_path(tmp_path: Path) -> None:
    lines = _corpus(tmp_path / "generated.jsonl", 400)
    data = tmp_path / "regels.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (chunk,) = csv_chunks(data, 0, kind="jsonl")
    batch = parse_chunk(chunk)
    assert batch.rows == len(lines)
    from_json = batch.flat.filter(pl.col("__json").is_not_null())
    # all plainly written generated lines, and the variants that stay plain, are read column-wise
    assert from_json.height >= 360 + 40 * 4
    assert not from_json.get_column("__json").str.contains('"onbekend"').any()


def test_a_plain_line_is_a_flat_row_as_the_csv_has_it() -> None:
    decision = {
        "id": "Z-1",
        "municipality": "Gouda",
        "law": "wmo",
        "request_date": "2027-01-05",
        "client": {"id": "c-1", "birth_date": "1950-02-03", "social_network_involved": False},
        "service": "begeleiding_wmo",
        "volume": {"amount": 2.5, "unit": "uur", "per": "week"},
        "goals": ["Zelf koken", "Boodschappen"],
        "exceptions": [{"principle": "P", "ground": "g"}],
    }
    line = json.dumps(decision)
    assert pl.Series([line]).str.contains(json_lines.plain_line_pattern()).item()
    assert not pl.Series([line.replace('"Gouda"', '""')]).str.contains(json_lines.plain_line_pattern()).item()


@pytest.mark.parametrize("rows", [3000])
def test_csv_json_lines_and_excel_give_byte_identical_outcomes(tmp_path: Path, rows: int) -> None:
    """The same generated decisions as CSV, JSON Lines and Excel: the outcome lines are equal
    byte for byte once the row reference (file name and line or row number) is set aside,
    and so are the counts."""
    from generate_audit_input import write_csv, write_jsonl

    from triage.rulebook.loader import load_rulebook

    book = load_rulebook(ROOT / "rules")
    csv_file = tmp_path / "beschikkingen.csv"
    write_csv(csv_file, rows, seed=21)
    jsonl_file = tmp_path / "beschikkingen.jsonl"
    write_jsonl(jsonl_file, rows, seed=21)
    frame = pl.read_csv(csv_file, infer_schema=False)
    xlsx_file = tmp_path / "beschikkingen.xlsx"
    frame.write_excel(xlsx_file)
    nested = [json.loads(line) for line in _lines(jsonl_file)]
    assert [(d["id"], d["client"]["id"], d["start_date"]) for d in nested] == [
        (r["id"], r["client"]["id"], r["start_date"]) for r in map(unflatten, frame.iter_rows(named=True))
    ], "the generator wrote other decisions to the two files"
    texts, summaries = {}, {}
    for source in (csv_file, jsonl_file, xlsx_file):
        out = tmp_path / source.suffix.lstrip(".")
        Auditor(book, AuditOptions(inputs=[source], out_dir=out, workers=1)).run()
        texts[source.suffix] = [
            re.sub(r'^\{"ref":"[^"]*",', "{", line)
            for line in (out / "outcomes.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        summary = json.loads((out / "summary.json").read_text())
        summaries[source.suffix] = {k: summary[k] for k in ("totals", "verdicts", "by_rule", "by_provider")}
    assert len(texts[".csv"]) == rows
    assert texts[".jsonl"] == texts[".csv"]
    assert texts[".xlsx"] == texts[".csv"]
    assert summaries[".jsonl"] == summaries[".csv"] == summaries[".xlsx"]


def test_lines_as_a_model_writes_them_take_the_fast_path_alike(engine: Engine, tmp_path: Path) -> None:
    """Integrations often write every field, `null` for the absent ones and the defaults
    spelled out (pydantic's `model_dump_json`): such lines are plain, and their outcomes are
    those of the same decisions written sparsely."""
    from generate_audit_input import write_jsonl

    from triage.decision import parse_decision

    sparse = tmp_path / "kort.jsonl"
    write_jsonl(sparse, 400, seed=9)
    full = tmp_path / "vol.jsonl"
    full.write_text(
        "".join(parse_decision(json.loads(line)).model_dump_json() + "\n" for line in _lines(sparse)),
        encoding="utf-8",
    )
    assert '"region":null' in full.read_text(encoding="utf-8")
    (chunk,) = csv_chunks(full, 0, kind="jsonl")
    assert parse_chunk(chunk).flat.filter(pl.col("__json").is_not_null()).height == 400
    texts = []
    for source in (sparse, full):
        out = tmp_path / source.stem
        Auditor(engine.book, AuditOptions(inputs=[source], out_dir=out, workers=1)).run()
        texts.append([re.sub(r'^\{"ref":"[^"]*",', "{", line) for line in _lines(out / "outcomes.jsonl")])
    assert len(texts[0]) == 400 and texts[0] == texts[1]
