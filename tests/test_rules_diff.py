"""`triage rules diff`: what changed between two rule folders (or a folder and a git revision)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from cli_process import triage

ROOT = Path(__file__).resolve().parents[1]
NINE = "- {value: 9, valid_from: 2027-01-01"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _copy(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def test_one_parameter_value_is_exactly_one_change(tmp_path: Path) -> None:
    rules = _copy(tmp_path)
    _edit(rules / "zuidoost-utrecht" / "region.yaml", NINE, NINE.replace("9", "12"))
    result = triage("rules", "diff", "rules", str(rules))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:] == [
        "gewijzigd   parameter zuidoost-utrecht.max_term_months_activerend: waarde 9 → 12 "
        "(geldig vanaf 2027-01-01)",
        "1 wijziging.",
    ]
    same = triage("rules", "diff", "rules", str(_copy(tmp_path / "ongewijzigd")))
    assert same.stdout.splitlines()[-1] == "Geen verschillen."


def test_rules_municipalities_segments_grounds_and_dated_values(tmp_path: Path) -> None:
    rules = _copy(tmp_path)
    _edit(
        rules / "catalogue.yaml",
        "grounds:\n",
        'grounds:\n  - {id: wachtlijst, description: "geen plek binnen de wachttijd"}\n',
    )
    zou = rules / "zuidoost-utrecht"
    _edit(
        zou / "region.yaml",
        NINE + ', source: {document: ZOU-2027, section: "5.4"}}',
        NINE + ', valid_to: 2028-12-31, source: {document: ZOU-2027, section: "5.4"}}\n'
        "      - {value: 6, valid_from: 2029-01-01, municipality: Bunnik}",
    )
    _edit(zou / "region.yaml", '  - {name: Wijk bij Duurstede, cbs: "0352"}\n', "")
    _edit(rules / "kennemerland" / "region.yaml", " dyslexiezorg,", "")
    _edit(
        zou / "goed-is-goed-genoeg.yaml",
        "    unless: {any_ground: true}       # the document names no grounds",
        "    unless: {grounds: [uitzonderlijke_situatie, wachtlijst]}\n    valid_to: 2030-12-31",
    )
    text = (zou / "zorginhoud.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: ZOU-REGIE-01")
    end = text.index("  - id:", start + 10)
    (zou / "zorginhoud.yaml").write_text(text[:start] + text[end:], encoding="utf-8")

    result = triage("rules", "diff", "rules", str(rules))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[1:]
    assert lines == [
        "toegevoegd  grond wachtlijst: omschrijving geen plek binnen de wachttijd",
        "gewijzigd   segment kennemerland.B: diensten [jeugdhulp_ambulant, begeleiding_jeugd, jeugd_ggz, "
        "dagbehandeling_jeugd, dagbesteding_jeugd, logeren_jeugd, jeugdhulp_verblijf, pleegzorg, gezinshuis, "
        "jeugdzorg_plus, crisis_jeugd, jeugdbescherming, jeugdreclassering, dyslexiezorg, vervoer_jeugd, "
        "begeleiding_wmo, dagbesteding_wmo, logeren_wmo, huishoudelijke_hulp, beschermd_wonen, "
        "maatschappelijke_opvang, woningaanpassing, vervoer_wmo, clientondersteuning, complementaire_zorg] → "
        "[jeugdhulp_ambulant, begeleiding_jeugd, jeugd_ggz, dagbehandeling_jeugd, dagbesteding_jeugd, "
        "logeren_jeugd, jeugdhulp_verblijf, pleegzorg, gezinshuis, jeugdzorg_plus, crisis_jeugd, "
        "jeugdbescherming, jeugdreclassering, vervoer_jeugd, begeleiding_wmo, dagbesteding_wmo, logeren_wmo, "
        "huishoudelijke_hulp, beschermd_wonen, maatschappelijke_opvang, woningaanpassing, vervoer_wmo, "
        "clientondersteuning, complementaire_zorg]",
        "verwijderd  gemeente Wijk bij Duurstede (zuidoost-utrecht)",
        "gewijzigd   parameter zuidoost-utrecht.max_term_months_activerend: "
        "geldig tot en met (geen) → 2028-12-31 (geldig vanaf 2027-01-01 tot en met 2028-12-31); "
        "nieuwe waarde: 6 (geldig vanaf 2029-01-01, alleen Bunnik)",
        "gewijzigd   regel ZOU-GIGG-01: geldig tot en met (geen) → 2030-12-31; "
        "uitzonderingsgronden elke grond → uitzonderlijke_situatie, wachtlijst",
        "verwijderd  regel ZOU-REGIE-01: geldig vanaf 2027-01-01",
        "6 wijzigingen.",
    ]
    as_json = triage("rules", "diff", "rules", str(rules), "--format", "json")
    changes = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(c["kind"], c["subject"], c["key"]) for c in changes][-2:] == [
        ("gewijzigd", "regel", "ZOU-GIGG-01"),
        ("verwijderd", "regel", "ZOU-REGIE-01"),
    ]


def test_a_folder_against_a_git_revision(tmp_path: Path) -> None:
    repo = tmp_path / "beleid"
    shutil.copytree(ROOT / "rules", repo / "rules")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "regels"]):
        subprocess.run(["git", "-C", str(repo), *command], check=True, env=env, capture_output=True)
    _edit(repo / "rules" / "zuidoost-utrecht" / "region.yaml", NINE, NINE.replace("9", "12"))
    expected = "gewijzigd   parameter zuidoost-utrecht.max_term_months_activerend: waarde 9 → 12"
    for args, cwd in ((["HEAD", "rules"], repo), (["HEAD:rules", str(repo / "rules")], ROOT)):
        result = triage("rules", "diff", *args, cwd=cwd)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[1].startswith(expected), result.stdout
        assert result.stdout.splitlines()[-1] == "1 wijziging."
    unknown = triage("rules", "diff", "v9", "rules", cwd=repo)
    assert unknown.returncode == 2
    assert re.search(r"'v9' is geen map en geen bekende git-revisie", unknown.stderr)


def test_refused_rules_exit_3(tmp_path: Path) -> None:
    rules = _copy(tmp_path)
    _edit(rules / "zuidoost-utrecht" / "goed-is-goed-genoeg.yaml", "outcome: signaal", "outcome: onbekend")
    result = triage("rules", "diff", "rules", str(rules))
    assert result.returncode == 3
    assert "goed-is-goed-genoeg.yaml" in result.stderr and "ZOU-GIGG-03" in result.stderr
