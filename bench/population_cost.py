"""What the population rules cost the audit (issue 20: at most 15% of the 1M-row audit).

Two measurements, interleaved so that the shared machine's speed hits both sides alike:

1. the whole `triage audit` of a file (default: the 1,000,000-row benchmark input) with the
   rule book as it is, and with a copy without the population rule files
   (`rules/*/populatie.yaml`), `--repeat` times each, alternating; wall time and CPU time
   (user + system of the audit's processes) per run, medians compared;
2. one batch of 50,000 rows evaluated by the vectorised engine in this process, with and
   without the population rules (the counting plan is the only difference), median of
   `--batch-repeat` runs each.

    .venv/bin/python bench/population_cost.py [--input bench/data/audit-1m.csv] [--repeat 5]

Both audits must give the same outcomes and errors (population rules add figures only); the
script checks that the outcome files are identical. Write the figures into bench/README.md
with the machine's load (`uptime`) beside them.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"


def _rules_without_population(target: Path) -> Path:
    shutil.copytree(ROOT / "rules", target)
    for path in target.glob("*/populatie.yaml"):
        path.unlink()
    return target


def _same_but_version(left: Path, right: Path, name: str) -> bool:
    """The two outcome files are the same apart from the rules version (a hash of the rule
    files, which differ by the population files)."""
    versions = [
        json.loads((folder / "summary.json").read_text())["receipt"]["rules_version"]
        for folder in (left, right)
    ]
    with (left / name).open("rb") as one, (right / name).open("rb") as other:
        try:
            for line, other_line in zip(one, other, strict=True):
                if line.replace(versions[0].encode(), versions[1].encode()) != other_line:
                    return False
        except ValueError:  # one file has more lines
            return False
    return True


def _audit(export: Path, out: Path, rules: Path, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the audit's processes)."""
    subprocess.run(["sync"], check=False)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "triage", "audit", str(export), "--out", str(out), "--workers", str(workers)],
        env={**os.environ, "TRIAGE_RULES": str(rules)},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode not in (0, 2):
        raise SystemExit(f"audit failed ({run.returncode}): {run.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _batch_times(export: Path, rules: Path, repeat: int) -> list[float]:
    """Seconds per evaluation of the first 50,000 rows by the vectorised engine."""
    code = f"""
import statistics, time, polars as pl
from pathlib import Path
from triage.audit.chunks import parse_chunk
from triage.audit.inputs import csv_chunks
from triage.audit.evaluator import BatchEvaluator
from triage.audit.options import AuditOptions
from triage.engine.vectorised.engine import VectorisedEngine
from triage.rulebook.loader import load_rulebook
book = load_rulebook(Path({str(rules)!r}))
chunk = next(iter(csv_chunks(Path({str(export)!r}), 0)))
batch = parse_chunk(chunk)
evaluator = BatchEvaluator(book, AuditOptions(inputs=[], out_dir=Path("/tmp")))
fast, _ = evaluator._split(batch.flat)
engine = VectorisedEngine(book)
engine.evaluate(fast)  # warm: expressions built once per layout
times = []
for _ in range({repeat}):
    started = time.perf_counter()
    engine.evaluate(fast)
    times.append(time.perf_counter() - started)
print(" ".join(f"{{t:.4f}}" for t in times))
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [float(t) for t in run.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DATA / "audit-1m.csv")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch-repeat", type=int, default=9)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not args.input.is_file():
        raise SystemExit(
            f"{args.input}: generate it first: bench/generate_audit_input.py 1000000 {args.input} "
            "--seed 20261122 --broken 0.01"
        )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        without = _rules_without_population(work / "rules-without-population")
        sides = {"with": ROOT / "rules", "without": without}
        runs: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
        for index in range(args.repeat):
            order = list(sides) if index % 2 == 0 else list(reversed(sides))
            for side in order:
                out = work / f"out-{side}"
                runs[side].append(_audit(args.input, out, sides[side], args.workers))
                wall, cpu = runs[side][-1]
                print(f"run {index + 1} {side:7s}: wall {wall:.2f} s, cpu {cpu:.2f} s")
        same = _same_but_version(work / "out-with", work / "out-without", "outcomes.jsonl")
        same = same and filecmp.cmp(
            work / "out-with" / "errors.jsonl", work / "out-without" / "errors.jsonl", shallow=False
        )
        batch = {side: _batch_times(args.input, sides[side], args.batch_repeat) for side in sides}
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ninput {args.input.name}, {args.repeat} runs per side, --workers {args.workers}, load {load}")
    for measure, position in (("wall", 0), ("cpu", 1)):
        medians = {side: statistics.median(r[position] for r in runs[side]) for side in sides}
        extra = medians["with"] / medians["without"] - 1
        print(
            f"audit {measure}: with {medians['with']:.2f} s, without {medians['without']:.2f} s: {extra:+.1%}"
        )
    medians = {side: statistics.median(batch[side]) for side in sides}
    extra = medians["with"] / medians["without"] - 1
    print(
        f"one batch of 50,000 rows, vectorised evaluate: with {medians['with'] * 1000:.0f} ms, "
        f"without {medians['without'] * 1000:.0f} ms: {extra:+.1%}"
    )
    print(f"outcomes.jsonl and errors.jsonl identical with and without population rules: {same}")


if __name__ == "__main__":
    main()
