"""A chunk of an input file (`triage.audit.inputs.CsvChunk`: a run of lines cut by the main
process) read as a batch, in the worker process that takes it: CSV by
`triage.audit.readers`, JSON Lines by `triage.audit.json_lines`. A line that is not one
well-formed record (an unclosed quote, too few or too many fields, not UTF-8) becomes an
error; the rest is read."""

from __future__ import annotations

from triage.audit.inputs import Batch, CsvChunk
from triage.audit.json_lines import parse_json_chunk
from triage.audit.readers import parse_csv_chunk


def parse_chunk(chunk: CsvChunk) -> Batch:
    """The chunk as a batch."""
    return parse_json_chunk(chunk) if chunk.kind == "jsonl" else parse_csv_chunk(chunk)
