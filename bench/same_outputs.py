"""Byte identity of `triage audit`'s outputs: this checkout against another one's `src/`.

    git worktree add /tmp/old <commit>
    .venv/bin/python bench/same_outputs.py /tmp/old/src --rows 100000 [--engines fast durable python]

Generates a flat CSV export (`generate_audit_input.py`, seed 7, 1% broken rows) and a copy of
`rules/` of the other checkout with the per-municipality values of `AUDIT_PARAMETERS` (so that
every rule can fire), then runs `triage audit --engine E` with each side's `src/` on the same
file and rules, and compares `outcomes.jsonl` and `errors.jsonl` byte for byte. Prints one
line per engine and file (size, SHA-256, identical or the first differing line) and exits 1
when anything differs. A refactor that must not change outcomes is checked with this.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

FILES = ("outcomes.jsonl", "errors.jsonl")


def _audit(src: str, rules: Path, data: Path, out: Path, engine: str, workers: int) -> None:
    env = dict(os.environ, PYTHONPATH=src, TRIAGE_RULES=str(rules))
    command = [sys.executable, "-m", "triage", "audit", str(data), "--out", str(out), "--engine", engine]
    if engine != "fast":
        command += ["--workers", str(workers)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 2):  # 2: rows with errors are part of what is compared
        raise SystemExit(f"{engine} with {src}: exit {done.returncode}\n{done.stderr}")


def _first_difference(old: bytes, new: bytes) -> str:
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), start=1):
        if a != b:
            return f"line {number} differs"
    return f"{len(old.splitlines())} against {len(new.splitlines())} lines"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old_src", help="the src/ folder of the other checkout")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--engines", nargs="+", default=["fast", "durable", "python"])
    parser.add_argument("--workers", type=int, default=2, help="for durable and python")
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this folder")
    options = parser.parse_args()
    from generate_audit_input import write_audit_rules, write_csv

    work = options.keep or Path(tempfile.mkdtemp(prefix="triage-same-"))
    work.mkdir(parents=True, exist_ok=True)
    rules = work / "rules"
    if rules.exists():
        shutil.rmtree(rules)
    write_audit_rules(Path(options.old_src).resolve().parent / "rules", rules)
    data = work / "input.csv"
    write_csv(data, options.rows, seed=7, broken_share=0.01)
    sides = {"old": str(Path(options.old_src).resolve()), "new": str(REPO / "src")}
    differs = False
    for engine in options.engines:
        for side, src in sides.items():
            _audit(src, rules, data, work / engine / side, engine, options.workers)
        for name in FILES:
            old, new = ((work / engine / side / name).read_bytes() for side in sides)
            digest = hashlib.sha256(new).hexdigest()[:16]
            verdict = "identical" if old == new else f"DIFFERENT ({_first_difference(old, new)})"
            differs |= old != new
            lines = new.count(b"\n")
            print(f"{engine:8} {name:15} {lines:>7} lines {len(new):>11} bytes sha256 {digest}…  {verdict}")
    if not options.keep:
        shutil.rmtree(work)
    raise SystemExit(1 if differs else 0)


if __name__ == "__main__":
    main()
