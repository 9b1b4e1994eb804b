"""Texts written at their places in a file give the file of the texts one after the other,
in whatever order they are written, whether whole pages go past the page cache or not."""

from __future__ import annotations

import errno
import os
import random
from pathlib import Path

import polars as pl
import pytest

from triage.audit import placed_text
from triage.audit.placed_text import PAGE, PlacedTextWriter


def _texts(seed: int) -> list[pl.DataFrame]:
    """Batches of lines of all sizes: under a page, a page exactly, several pages; some
    with non-ASCII text, one empty."""
    rng = random.Random(seed)
    sizes = [0, 1, 17, PAGE - 1, PAGE, PAGE + 1, 3 * PAGE, 5 * PAGE + 123, 40_000, 2]
    batches = []
    for number, size in enumerate(sizes):
        lines, length = [], 0
        while length < size:
            line = f"{number}:{'é' * rng.randint(0, 3)}{'x' * rng.randint(0, 300)}\n"
            lines.append(line)
            length += len(line.encode())
        batches.append(pl.DataFrame({"text": lines}, schema={"text": pl.Utf8}))
    return batches


def _size(text: pl.DataFrame) -> int:
    return int(text.get_column("text").str.len_bytes().sum() or 0)


@pytest.mark.parametrize("direct", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_texts_written_in_any_order_make_the_file_in_order(tmp_path: Path, direct: bool, seed: int) -> None:
    texts = _texts(seed)
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + _size(text))
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    path = tmp_path / "out.jsonl"
    writer = PlacedTextWriter(direct=direct)
    for number in order:
        writer.write(texts[number], path, offsets[number], _size(texts[number]))
    expected = b"".join("".join(t.get_column("text")).encode() for t in texts)
    assert path.read_bytes() == expected


def test_whole_pages_go_past_the_page_cache(tmp_path: Path, monkeypatch) -> None:
    direct_writes: list[tuple[int, int]] = []
    write_direct = PlacedTextWriter._write_direct

    def spy(self, path, data, offset):
        direct_writes.append((offset, len(data)))
        return write_direct(self, path, data, offset)

    monkeypatch.setattr(PlacedTextWriter, "_write_direct", spy)
    text = pl.DataFrame({"text": ["y" * 999 + "\n"] * 20})  # 20,000 bytes
    writer = PlacedTextWriter()
    if not writer.direct:
        pytest.skip("this system has no direct writes")
    writer.write(text, tmp_path / "out.jsonl", 100, 20_000)
    if not writer.direct:
        pytest.skip("this file system refuses direct writes")
    # from the first page boundary after 100 to the last one before 20,100
    assert direct_writes == [(PAGE, 20_100 // PAGE * PAGE - PAGE)]
    assert (tmp_path / "out.jsonl").read_bytes() == b"\0" * 100 + b"".join(
        line.encode() for line in text.get_column("text")
    )


@pytest.mark.parametrize("answer", [errno.EINVAL, errno.EOPNOTSUPP])
def test_direct_writes_refused_by_the_file_system_are_made_the_usual_way(
    tmp_path: Path, monkeypatch, answer: int
) -> None:
    opened = placed_text._opened

    def refusing(path, flags):
        if flags:
            raise OSError(answer, os.strerror(answer))
        return opened(path, flags)

    monkeypatch.setattr(placed_text, "_opened", refusing)
    monkeypatch.setattr(placed_text, "_DIRECT", 0o40000)
    writer = PlacedTextWriter()
    writer.direct = True
    text = pl.DataFrame({"text": ["z" * 4999 + "\n"] * 4})
    writer.write(text, tmp_path / "out.jsonl", 0, 20_000)
    assert not writer.direct  # and so no more attempts
    assert (tmp_path / "out.jsonl").read_bytes() == (b"z" * 4999 + b"\n") * 4


def test_a_text_of_another_size_than_announced_is_refused(tmp_path: Path) -> None:
    text = pl.DataFrame({"text": ["abc\n"]})
    with pytest.raises(OSError, match="4 bytes tekst in plaats van 5"):
        PlacedTextWriter().write(text, tmp_path / "out.jsonl", 0, 5)


@pytest.mark.parametrize("direct", [True, False])
def test_a_first_batch_without_text_makes_an_empty_file(tmp_path: Path, direct: bool) -> None:
    empty = pl.DataFrame({"text": []}, schema={"text": pl.Utf8})
    writer = PlacedTextWriter(direct=direct)
    writer.write(empty, tmp_path / "out.jsonl", 0, 0)
    assert (tmp_path / "out.jsonl").read_bytes() == b""
    writer.write(pl.DataFrame({"text": ["a\n"]}), tmp_path / "out.jsonl", 0, 2)
    assert (tmp_path / "out.jsonl").read_bytes() == b"a\n"


def test_after_a_slow_direct_write_the_writer_goes_the_usual_way(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(placed_text, "_JUDGED", PAGE)
    line = "s" * (PAGE - 1) + "\n"
    text = pl.DataFrame({"text": [line] * 8})  # 8 pages
    writer = PlacedTextWriter()
    if not writer.direct:
        pytest.skip("this system has no direct writes")
    monkeypatch.setattr(placed_text, "SLOW_DISK", 1)  # 1 byte/s: no disk is that slow
    writer.write(text, tmp_path / "out.jsonl", 0, 8 * PAGE)
    if not writer.direct:
        pytest.skip("this file system refuses direct writes")
    monkeypatch.setattr(placed_text, "SLOW_DISK", 2**50)  # every disk is slower than that
    writer.write(text, tmp_path / "out.jsonl", 8 * PAGE, 8 * PAGE)
    assert not writer.direct
    writer.write(text, tmp_path / "out.jsonl", 16 * PAGE, 8 * PAGE)
    assert (tmp_path / "out.jsonl").read_bytes() == line.encode() * 24
