"""Outcome lines go straight to their place in outcomes.jsonl when every earlier batch has
one, else through a part file: either way the file is the same, and an audit that stops on
an error leaves only the batches it finished."""

from __future__ import annotations

import functools
import json
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest

from triage import Engine
from triage.audit import pipeline
from triage.audit.evaluator import BatchEvaluator
from triage.audit.inputs import csv_chunks
from triage.audit.pipeline import AuditOptions, Auditor
from triage.audit.places import PARTS, OutcomePlaces

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"  # 200 rows: 5 batches of about 40


def test_places_are_claimed_in_batch_order_only() -> None:
    places = OutcomePlaces()
    places.reset()
    assert places.claim(1, 10) is None  # batch 0 has no place yet
    assert places.claim(0, 100) == 0
    assert places.claim(0, 100) is None  # claimed once
    assert places.claim(1, 10) == 100
    assert places.claim(2, 0) == 110  # a batch of errors only takes no room
    assert places.placed() == (3, 110)
    places.reset()
    assert places.placed() == (0, 0)


class _Refusing:
    """Places as a worker sees them when the batches `refused` finish before an earlier one."""

    def __init__(self, places: OutcomePlaces, refused: set[int]):
        self.places, self.refused = places, refused

    def claim(self, number: int, size: int) -> int | None:
        return None if number in self.refused else self.places.claim(number, size)


def _audit(engine: Engine, out: Path, monkeypatch, refused: set[int] | None = None) -> dict[str, bytes]:
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=40))
    if refused is not None:
        evaluator_init = BatchEvaluator.__init__

        def init(self, book, options, places=None):
            evaluator_init(self, book, options, _Refusing(places, refused) if places else None)

        monkeypatch.setattr(BatchEvaluator, "__init__", init)
    Auditor(engine.book, AuditOptions(inputs=[SAMPLE], out_dir=out, workers=1)).run()
    return {name: (out / name).read_bytes() for name in ("outcomes.jsonl", "errors.jsonl")}


@pytest.mark.parametrize("refused", [{0, 1, 2, 3, 4}, {1, 3}, {4}])
def test_batches_through_part_files_give_the_same_files(
    engine: Engine, tmp_path: Path, monkeypatch, refused: set[int]
) -> None:
    direct = _audit(engine, tmp_path / "direct", monkeypatch)
    assert _audit(engine, tmp_path / "parts", monkeypatch, refused) == direct
    assert not (tmp_path / "parts" / PARTS).exists()
    assert len(direct["outcomes.jsonl"].splitlines()) + len(direct["errors.jsonl"].splitlines()) == 200


def test_an_audit_stopped_by_an_error_keeps_only_the_batches_it_finished(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    whole = _audit(engine, tmp_path / "whole", monkeypatch)["outcomes.jsonl"].splitlines(keepends=True)
    finish = Auditor._finish

    def finish_two(self, result, outcomes, errors, source):
        if result.number == 2:
            raise RuntimeError("schijf vol")
        return finish(self, result, outcomes, errors, source)

    # with one process, batch 2 is evaluated and written in place before it is taken
    monkeypatch.setattr(Auditor, "_finish", finish_two)
    out = tmp_path / "stopped"
    with pytest.raises(RuntimeError, match="schijf vol"):
        Auditor(engine.book, AuditOptions(inputs=[SAMPLE], out_dir=out, workers=1)).run()
    kept = (out / "outcomes.jsonl").read_bytes().splitlines(keepends=True)
    _, second, third, *_ = csv_chunks(SAMPLE, 0, batch_rows=40)
    lines = [int(json.loads(line)["ref"].rsplit(" ", 1)[1]) for line in kept]
    assert max(lines) == second.first_line + second.lines - 1 < third.first_line  # batches 0 and 1
    assert kept == whole[: len(kept)]


def test_a_ctrl_c_while_waiting_for_the_last_batch_leaves_no_unfinished_batch(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    """A second Ctrl-C arrives while the main process waits for a batch that a worker is
    still evaluating: the audit stops, and that batch may not be written after the file
    was cut off at the end of the finished ones."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_audit_input import write_csv

    data = tmp_path / "input.csv"
    write_csv(data, 6000, seed=3)
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=3000))
    next_result = pipeline._Dispatcher.next_result
    waits = []  # the real wait for the last batch, once it has been replaced

    def interrupting(self, drain=False):
        last = self.pending[-1] if self.pending else None
        if drain and not waits and isinstance(last, Future):
            if last.done():
                pytest.skip("the last batch was done before the main process waited for it")
            waits.append(last.result)

            def result(timeout=None):
                raise KeyboardInterrupt  # the Ctrl-C, in the wait

            last.result = result
        return next_result(self, drain)

    monkeypatch.setattr(pipeline._Dispatcher, "next_result", interrupting)
    out = tmp_path / "out"
    auditor = Auditor(engine.book, AuditOptions(inputs=[data], out_dir=out, workers=2))
    with pytest.raises(KeyboardInterrupt):
        auditor.run()
    waits[0]()  # the worker's batch is done by now (and written, if it was written late)
    outcomes = out / "outcomes.jsonl"
    assert outcomes.stat().st_size == auditor._outcomes_end
    assert all(line.endswith(b"}") for line in outcomes.read_bytes().splitlines())
