"""What readers yield: a document to process, or a reject with its reason.

Every input record becomes exactly one of these, so that documents in =
documents out + rejects holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    id: Any
    text: str
    meta: dict[str, Any] = field(default_factory=dict)  # all other input fields, kept
    origin: str = ""  # "file:line" (or "file") for messages
    position: int = 0  # running index over the whole input, to restore order


@dataclass
class Reject:
    origin: str
    reason: str
    raw: Any = None
    position: int = 0

    def as_record(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": self.reason, "raw": self.raw}


@dataclass
class Annotated:
    """A processed document, in picklable form: what writers consume, and what
    Dask workers send back (so single-process and Dask output are identical)."""

    document: Document
    record: dict[str, Any]  # exchange-format line (GUIDELINES) incl. the input's other fields
    attributions: list[dict[str, Any]]  # Attribution.as_dict() for each attribution, in order


@dataclass
class Rendered:
    """A processed document as an output format's ``Writer.render`` made it
    (on a Dask worker, see :func:`attrib.distributed.stream`): what the
    writer puts out for it, and how many attributions it has."""

    document: Document
    output: Any
    attributions: int
