"""Where the main process of `triage audit` spends its time at the end of a run.

    .venv/bin/python bench/audit_steps.py FEW.csv MANY.csv --repeat 5

Runs `triage audit` in this process for each file in turn (alternating, `--repeat` times),
with the steps of `Auditor._close` (and the evaluation of the batches before it) wrapped in
`time.perf_counter`, and prints per step the median seconds for each file and the
difference. The files are typically those of `run_cardinality_bench.py`
(`bench/data/cardinality-100000-provider.id-few.csv` and `...-many.csv`).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the steps, as (module, attribute, label)
STEPS = (
    ("triage.audit.pipeline", "Auditor._audit_inputs", "evaluating the batches"),
    ("triage.audit.report", "prepare_report", "compiling the report template"),
    ("triage.audit.tally", "Tally.breakdown", "breakdowns (municipality, provider, month)"),
    ("triage.audit.pipeline", "Auditor._population", "waiting for the population figures"),
    ("triage.audit.summary", "summary_json", "summary_json"),
    ("triage.audit.report", "render_report", "rendering the report"),
    ("triage.audit.pipeline", "write_results", "write_results (with the two above)"),
    ("triage.audit.pipeline", "Auditor._close", "_close in all"),
)


def _one_run(path: str) -> dict[str, float]:
    """Run in a child process: audit `path`, print the seconds per step as JSON."""
    import importlib

    seconds: dict[str, float] = {}

    def timed(label: str, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started

        return wrapper

    for module_name, attribute, label in STEPS:
        owner = importlib.import_module(module_name)
        *path_to, name = attribute.split(".")
        for part in path_to:
            owner = getattr(owner, part)
        setattr(owner, name, timed(label, getattr(owner, name)))
    from triage.interfaces.cli import main  # (summary_json is imported where it is called)

    with tempfile.TemporaryDirectory() as out:
        sys.argv = ["triage", "audit", path, "--out", out]
        started = time.perf_counter()
        with contextlib.suppress(SystemExit):
            main()
        seconds["in all"] = time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("few")
    parser.add_argument("many")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"few": [], "many": []}
    for _ in range(args.repeat):
        for name in ("few", "many"):
            done = subprocess.run(
                [sys.executable, __file__, "--child", getattr(args, name), args.few, args.many],
                capture_output=True,
                text=True,
                check=True,
            )
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    labels = [label for *_, label in STEPS] + ["in all"]
    print(f"| step | {Path(args.few).name}: median s | {Path(args.many).name}: median s | difference |")
    print("|---|--:|--:|--:|")
    for label in labels:
        few = statistics.median(run.get(label, 0.0) for run in runs["few"])
        many = statistics.median(run.get(label, 0.0) for run in runs["many"])
        print(f"| {label} | {few:.3f} | {many:.3f} | {many - few:+.3f} |")


if __name__ == "__main__":
    if "--child" in sys.argv:
        path = sys.argv[sys.argv.index("--child") + 1]
        result = _one_run(path)
        sys.stdout.flush()
        print(json.dumps(result))
    else:
        main()
