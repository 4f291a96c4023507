"""Reading GUIDELINES JSONL files line by line, with exact error locations.

Every line becomes either a record or a :class:`LineError` (``file:line:
what is wrong``), so callers can go on with the rest and report the rest,
never dropping a line silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exchange import validate_record


@dataclass(frozen=True)
class LineError:
    origin: str  # "file:line"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def read_jsonl(path: str | Path, *, gold: bool = True) -> Iterator[tuple[str, dict | LineError]]:
    """(origin, record or error) for every non-blank line. With ``gold``
    the record must also pass :func:`attrib.exchange.validate_record`."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            origin = f"{path}:{lineno}"
            if not line.strip():
                continue
            try:
                record: Any = json.loads(line)
            except json.JSONDecodeError as err:
                yield origin, LineError(origin, f"invalid JSON ({err.msg} at column {err.colno})")
                continue
            if not isinstance(record, dict):
                yield origin, LineError(origin, "a line must be a JSON object")
                continue
            problems = validate_record(record) if gold else (
                [] if isinstance(record.get("text"), str) else ["'text' is missing or not a string"]
            )
            if problems:
                yield origin, LineError(origin, "; ".join(problems))
                continue
            yield origin, record


def write_jsonl(path: str | Path, records: Iterator[dict] | list[dict]) -> int:
    """Write records one a line (UTF-8, Arabic unescaped); returns the count."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
