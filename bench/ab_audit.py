"""Alternating A/B runs of `triage audit`: this checkout against another one's `src/`.

    git worktree add /tmp/old <commit>
    .venv/bin/python bench/ab_audit.py /tmp/old/src bench/data/audit-1m.csv --pairs 6 [-- --workers 1]

Each pair runs the old and the new code once, in alternating order, each as its own process
(after `sync`), and records wall time and the CPU time (user + system) of the process tree.
CPU time is the steadier figure on a machine that other work shares: the medians of both
and their ratio (new / old) are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(data: str, out: Path, extra: list[str], env: dict[str, str]) -> tuple[float, float]:
    subprocess.run(["sync"], check=False)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "triage", "audit", data, "--out", str(out), *extra],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old_src", help="the src/ folder of the other checkout")
    parser.add_argument("data", help="the export to audit")
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--out", type=Path, default=Path("/tmp/triage-ab"))
    parser.add_argument("extra", nargs="*", help="options for triage audit (after --)")
    options = parser.parse_args()
    sides = {
        "old": dict(os.environ, PYTHONPATH=options.old_src),
        "new": dict(os.environ, PYTHONPATH=str(REPO / "src")),
    }
    runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    for pair in range(options.pairs):
        order = ("old", "new") if pair % 2 == 0 else ("new", "old")
        for side in order:
            wall, cpu = _run(options.data, options.out / side, options.extra, sides[side])
            runs[side].append((wall, cpu))
            print(f"{side}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    medians = {
        side: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for side, values in runs.items()
    }
    for side, (wall, cpu) in medians.items():
        print(f"{side}: median wall {wall:.2f} s, median CPU {cpu:.2f} s")
    print(
        f"new/old: wall {medians['new'][0] / medians['old'][0]:.3f}, "
        f"CPU {medians['new'][1] / medians['old'][1]:.3f}"
    )


if __name__ == "__main__":
    main()
