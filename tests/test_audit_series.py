"""A series of iJw/iWmo messages (a folder or a .zip of single-message files) as one audit
input: every product accounted for, the latest version of each toewijzing on request, other
releases and out-of-range numbers named, unmapped categories counted, XSD errors as records."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from triage import Engine
from triage.audit.pipeline import AuditOptions, Auditor
from triage.audit.pseudonym import Pseudonymiser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ijw"
sys.path.insert(0, str(ROOT / "bench"))
KEY = Pseudonymiser(b"sleutel-voor-de-test")
XSD_DIR = os.environ.get("TRIAGE_IJW_XSD")


def _audit(engine: Engine, inputs: list[Path], out: Path, **options) -> dict:
    Auditor(engine.book, AuditOptions(inputs=inputs, out_dir=out, pseudonymiser=KEY, **options)).run()
    return json.loads((out / "summary.json").read_text())


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _without_series(records: list[dict]) -> list[dict]:
    """The records with the series' name taken out of the references."""
    return [{**r, "ref": r["ref"].split("/", 1)[1]} for r in records]


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    from generate_ijw_series import write_series

    folder = tmp_path_factory.mktemp("reeks") / "berichten"
    write_series(60, folder, seed=3)
    return folder


def test_a_folder_and_a_zip_of_messages_are_audited_alike(
    engine: Engine, series: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "berichten.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(series.iterdir()):
            handle.write(path, path.name)
    folder = _audit(engine, [series], tmp_path / "map")
    zipped = _audit(engine, [archive], tmp_path / "zip")
    products = sum(p.read_text().count("<m:ToegewezenProduct>") for p in series.iterdir())
    assert folder["totals"] == zipped["totals"]
    assert folder["totals"]["input_rows"] == products and folder["totals"]["reconciled"]
    assert folder["totals"]["set_aside"] == 0
    assert [i["format"] for i in folder["receipt"]["inputs"]] == ["ijw-xml"]
    for name in ("outcomes.jsonl", "errors.jsonl"):
        assert _without_series(_lines(tmp_path / "map" / name)) == _without_series(
            _lines(tmp_path / "zip" / name)
        )
    first = _lines(tmp_path / "map" / "outcomes.jsonl")[0]["ref"]
    assert re.fullmatch(r"berichten/bericht-\d{6}\.xml, client 1, product \d+ \(toewijzing \d+\)", first)
    # unmapped categories are counted per category, with the reason
    unmapped = {(u["code_list"], u["category"]): u for u in folder["unmapped_categories"]}
    errors = _lines(tmp_path / "map" / "errors.jsonl")
    assert sum(u["rows"] for u in unmapped.values()) == sum(e["field"] == "Product.Categorie" for e in errors)
    assert all("geen eenduidige dienst" in u["reason"] for u in unmapped.values())
    report = (tmp_path / "map" / "report.html").read_text(encoding="utf-8")
    assert "Productcategorieën zonder dienst" in report


def test_latest_only_keeps_the_latest_version_of_each_toewijzing(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "reeks"
    folder.mkdir()
    first = (EXAMPLES / "jw301-zeist-1.xml").read_text(encoding="utf-8")
    (folder / "a.xml").write_text(first, encoding="utf-8")
    # a later message repeats both toewijzingen (OP087), one of them changed: a new version
    later = first.replace("<jw301:Toewijzingstijd>10:15:00", "<jw301:Toewijzingstijd>16:00:00", 1)
    later = later.replace("<jw301:Einddatum>2028-02-29", "<jw301:Einddatum>2027-12-31", 1)
    (folder / "b.xml").write_text(later, encoding="utf-8")
    every = _audit(engine, [folder], tmp_path / "alle")
    latest = _audit(engine, [folder], tmp_path / "laatste", latest_only=True)
    assert every["totals"]["outcomes"] == 4 and every["totals"]["set_aside"] == 0
    assert latest["totals"] == {
        "input_rows": 4,
        "outcomes": 2,
        "errors": 0,
        "set_aside": 2,
        "reconciled": True,
    }
    outcomes = _lines(tmp_path / "laatste" / "outcomes.jsonl")
    # the changed one from b.xml (its later time); the unchanged one from b.xml too (later in the series)
    assert [o["ref"].split(",")[0] for o in outcomes] == ["reeks/b.xml", "reeks/b.xml"]
    report = (tmp_path / "laatste" / "report.html").read_text(encoding="utf-8")
    assert "eerdere versies" in report and "--latest-only" in report


def test_other_releases_and_out_of_range_numbers_give_precise_records(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "reeks"
    folder.mkdir()
    good = (EXAMPLES / "wmo301-gouda-1.xml").read_text(encoding="utf-8")
    old = good.replace("/iwmo/3_2/", "/iwmo/2_0/").replace(
        "<wmo301:BerichtVersie>3<", "<wmo301:BerichtVersie>2<"
    )
    old = old.replace("<wmo301:BerichtSubversie>2<", "<wmo301:BerichtSubversie>0<")
    (folder / "1-iwmo2.xml").write_text(old, encoding="utf-8")
    (folder / "2-nummer.xml").write_text(good.replace(">27100011<", ">1027100011<"), encoding="utf-8")
    (folder / "3-nul.xml").write_text(good.replace(">27100011<", ">00027100011<"), encoding="utf-8")
    (folder / "4-leesmij.txt").write_text("geen bericht", encoding="utf-8")
    summary = _audit(engine, [folder], tmp_path / "out")
    errors = {e["ref"].split(",")[0]: e for e in _lines(tmp_path / "out" / "errors.jsonl")}
    assert (errors["reeks/1-iwmo2.xml"]["field"], errors["reeks/1-iwmo2.xml"]["reason"]) == (
        "Header.BerichtVersie",
        "iWmo 2.0-bericht: alleen release 3.x",
    )
    assert errors["reeks/2-nummer.xml"]["field"] == "ToewijzingNummer"
    assert "bereik van het schema (0 tot en met 999.999.999)" in errors["reeks/2-nummer.xml"]["reason"]
    assert errors["reeks/4-leesmij.txt"]["field"] == "(bestand)"
    outcomes = _lines(tmp_path / "out" / "outcomes.jsonl")
    assert [o["decision"] for o in outcomes] == ["0513-27100011"]  # 00027100011 read as the number it is
    assert summary["totals"] == {
        "input_rows": 4,
        "outcomes": 1,
        "errors": 3,
        "set_aside": 0,
        "reconciled": True,
    }
    assert "1027100011" not in (tmp_path / "out" / "errors.jsonl").read_text()


def test_a_request_for_allocation_is_audited(engine: Engine, tmp_path: Path) -> None:
    summary = _audit(engine, [EXAMPLES / "jw315-zeist-1.xml"], tmp_path)
    assert summary["totals"]["outcomes"] == 1 and summary["totals"]["reconciled"]
    (outcome,) = _lines(tmp_path / "outcomes.jsonl")
    assert outcome["decision"] == "98012345-VZ-27-0042-1"


@pytest.mark.skipif(
    not XSD_DIR,
    reason="no XSD folder: set TRIAGE_IJW_XSD to a folder made by bench/prepare_ijw_xsd.py (docs/ijw-xsd.md)",
)
def test_with_xsd_the_examples_pass_and_an_invalid_message_is_an_error_record(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "reeks"
    shutil.copytree(EXAMPLES, folder)
    text = (EXAMPLES / "jw301-zeist-1.xml").read_text(encoding="utf-8")
    (folder / "z-ongeldig.xml").write_text(text.replace("<jw301:Geslacht>1<", "<jw301:Geslacht>7<"))
    summary = _audit(engine, [folder], tmp_path / "out", xsd=Path(str(XSD_DIR)))
    errors = _lines(tmp_path / "out" / "errors.jsonl")
    schema_errors = [e for e in errors if "XSD" in e["reason"] or ".xsd" in e["reason"]]
    assert [e["ref"] for e in schema_errors] == ["reeks/z-ongeldig.xml"]
    assert schema_errors[0]["field"] == "Client.Geslacht"
    assert schema_errors[0]["reason"].startswith("voldoet niet aan JW301.xsd:")
    assert summary["totals"]["reconciled"]


def test_the_command_refuses_an_xsd_folder_without_schemas(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "triage",
            "audit",
            str(EXAMPLES),
            "--xsd",
            str(tmp_path),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "--xsd" in result.stderr and "docs/ijw-xsd.md" in result.stderr
