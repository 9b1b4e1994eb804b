"""Every hostile input of `tests/hostile_inputs.py`, audited beside a good file: a Dutch
message, no traceback, under 1 GB of memory, and the good file is still audited. Also the
routes of a single decision (`triage check`, the API) with hostile text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_inputs import CASES, GOOD_ROW, REQUIRED, Case, make_corpus

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT_MB = 1024
# runs the command given and prints its exit status, its peak memory (kB) and its stderr
_MEASURED = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(done.returncode)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.stdout.write(done.stderr)\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: path for case, path in make_corpus(folder)}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "goed.csv"
    path.write_text(",".join(REQUIRED) + "\n" + ",".join(GOOD_ROW) + "\n", encoding="utf-8")
    return path


def _measured(*args: str) -> tuple[int, int, str]:
    """(exit status, peak memory in MB, stderr) of a command run in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True, cwd=ROOT)
    status, peak, *stderr = done.stdout.split("\n")
    return int(status), int(peak) // 1024, "\n".join(stderr)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_is_refused_or_reported_and_the_rest_audited(
    case: Case, corpus: dict[str, Path], good: Path, tmp_path: Path
) -> None:
    key = tmp_path / "sleutel"
    key.write_bytes(b"een-geheime-sleutel")
    out = tmp_path / "out"
    args = ["-m", "triage", "audit", str(corpus[case.name]), str(good), "--out", str(out)]
    status, peak, stderr = _measured(
        sys.executable, *args, "--workers", "1", "--pseudonym-key-file", str(key)
    )
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert "\x1b" not in stderr, "a control character reached the terminal"
    assert peak < MEMORY_LIMIT_MB, f"{peak} MB"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    errors = (out / "errors.jsonl").read_text(encoding="utf-8")
    said = stderr + errors + json.dumps(summary, ensure_ascii=False)
    if case.refused:
        assert status == 2
        assert summary["status"] == "onvolledig"
        (refused,) = summary["refused_inputs"]
        assert case.expect in refused["reason"] and case.expect in stderr
    else:
        assert status == 0, stderr
        assert summary["status"] == "voltooid"
        assert case.expect in said.replace("\\\\", "\\")
    # the good file is audited whatever happened to the other
    good_input = next(i for i in summary["receipt"]["inputs"] if i["path"].endswith("goed.csv"))
    assert good_input["rows"] == 1 and good_input["complete"]
    assert '"ref": "goed.csv, regel 2"' in (out / "outcomes.jsonl").read_text(encoding="utf-8").replace(
        '"ref":"', '"ref": "'
    )
    assert summary["totals"]["reconciled"]


def test_the_corpus_covers_the_cases_of_the_issue() -> None:
    names = " ".join(case.name for case in CASES)
    for needed in (
        "XFD1048576",
        "300 MB",
        "990 deep",
        "100,000 '['",
        "million unknown columns",
        "empty rows",
    ):
        assert needed in names


def test_a_yaml_alias_bomb_and_deep_yaml_are_refused_by_check(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    lines += ["goals: *a8", "id: x"]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    deep = tmp_path / "diep.yaml"
    deep.write_text("goals: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    deeper = tmp_path / "dieper.yaml"  # deeper than libyaml itself reads
    deeper.write_text("goals: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    status, peak, stderr = _measured(
        sys.executable, "-m", "triage", "check", str(bomb), str(deep), str(deeper)
    )
    assert status == 2, stderr
    assert "Traceback" not in stderr and peak < MEMORY_LIMIT_MB
    assert f"{deep}: (bestand): geen geldige JSON/YAML: te diep genest" in stderr
    assert f"{deeper}: (bestand): geen geldige JSON/YAML (regel 1, kolom" in stderr
    assert f"{bomb}:" in stderr and len(stderr) < 5000


def test_an_api_request_with_240000_wrong_items_gets_a_small_answer(tmp_path: Path) -> None:
    from triage.web.app import create_app
    from web_client import PageClient

    decision = json.loads((ROOT / "examples" / "zou-maatwerkcontract-met-uitzondering.json").read_text())
    decision["activities"] = ["x"] * 240_000
    with PageClient(create_app(tmp_path / "log.sqlite3")) as client:
        response = client.post("/api/v1/check", json=decision)
    assert response.status_code == 422
    assert len(response.content) < 10_000
    errors = response.json()["errors"]
    assert len(errors) == 21 and "en nog 239980 andere fout(en)" in errors[-1]["reason"]
