"""Input readers: every input record becomes one :class:`Document` or one :class:`Reject`.

Readers never raise on bad data and never drop anything silently: an invalid
JSON line, a missing text field, undecodable bytes, an empty or huge text each
become a :class:`Reject` whose ``origin`` names the file and line and whose
``reason`` says what is wrong, so that documents in = documents out + rejects.

Texts are decoded exactly as stored (only a leading UTF-8 BOM is dropped):
offsets in the output index this text, so nothing here normalises it.
Files are read line by line (JSONL, CSV), so memory does not grow with the
input.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .items import Document, Reject

MAX_CHARS = 5_000_000
RAW_KEEP = 10_000  # characters of a rejected record kept in the rejects file
STDIN = "-"
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
DIR_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _clip(raw: Any) -> Any:
    """Keep rejected raw records readable: a 5 MB text is cut, and says so."""
    if isinstance(raw, str) and len(raw) > RAW_KEEP:
        return raw[:RAW_KEEP] + f"…[{len(raw) - RAW_KEEP} more characters cut]"
    return raw


def _has_undecodable(text: str) -> int | None:
    """Index of the first byte smuggled in by ``surrogateescape``, if any."""
    for i, ch in enumerate(text):
        if "\udc80" <= ch <= "\udcff":
            return i
    return None


def _encodable(obj: Any) -> bool:
    """False when JSON escapes left a lone surrogate (``"\\ud800"``), which no
    writer could encode; valid pairs (escaped emoji) were joined by the parser."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text_problem(text: Any, field: str, max_chars: int) -> str | None:
    if not isinstance(text, str):
        return f"field {field!r} is not a string ({type(text).__name__})"
    if not text.strip():
        return f"empty text in field {field!r}"
    if len(text) > max_chars:
        return f"text too long: {len(text):,} characters (limit {max_chars:,})"
    return None


class _Reader:
    """Shared state of one ``read_inputs`` call: options and the running position."""

    def __init__(
        self, text_field: str, id_field: str, text_column: str, max_chars: int,
        stdin: IO[bytes] | None,
    ) -> None:
        self.text_field = text_field
        self.id_field = id_field
        self.text_column = text_column
        self.max_chars = max_chars
        self.stdin = stdin
        self.position = 0

    # -- item construction -------------------------------------------------
    def document(self, doc_id: Any, text: str, meta: dict[str, Any], origin: str) -> Document:
        doc = Document(id=doc_id, text=text, meta=meta, origin=origin, position=self.position)
        self.position += 1
        return doc

    def reject(self, origin: str, reason: str, raw: Any = None) -> Reject:
        rej = Reject(origin=origin, reason=reason, raw=_clip(raw), position=self.position)
        self.position += 1
        return rej

    def from_fields(
        self, fields: dict[str, Any], origin: str, default_id: str, text_key: str, raw: Any
    ) -> Document | Reject:
        """A JSON object or CSV row: text from ``text_key``, id from the id
        field (or a stable default), every other field kept in ``meta``."""
        if text_key not in fields:
            keys = ", ".join(sorted(map(str, fields))) or "none"
            return self.reject(origin, f"no field {text_key!r} (fields: {keys})", raw)
        text = fields[text_key]
        problem = _text_problem(text, text_key, self.max_chars)
        if problem:
            return self.reject(origin, problem, raw)
        doc_id = fields.get(self.id_field)
        if doc_id is None or doc_id == "":
            doc_id = default_id
        meta = {k: v for k, v in fields.items() if k not in (text_key, self.id_field)}
        return self.document(doc_id, text, meta, origin)

    # -- formats -------------------------------------------------------------
    def text_file(self, path: Path, name: str) -> Iterator[Document | Reject]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield self.reject(str(path), f"cannot read file: {exc.strerror or exc}")
            return
        yield self.text_bytes(data, str(path), name)

    def text_bytes(self, data: bytes, origin: str, doc_id: str) -> Document | Reject:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            return self.reject(
                f"{origin}:{line}",
                f"not valid UTF-8: undecodable byte at offset {exc.start}",
                data.decode("utf-8", errors="replace"),
            )
        text = text.removeprefix("\ufeff")
        problem = _text_problem(text, "text", self.max_chars)
        if problem:
            return self.reject(origin, problem, text)
        return self.document(doc_id, text, {}, origin)

    def jsonl_lines(
        self, lines: Iterable[bytes], origin: str, name: str, first_line: int = 1
    ) -> Iterator[Document | Reject]:
        for lineno, raw in enumerate(lines, start=first_line):
            where = f"{origin}:{lineno}"
            if lineno == first_line:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield self.reject(
                    where,
                    f"not valid UTF-8: undecodable byte at column {exc.start + 1}",
                    raw.decode("utf-8", errors="replace"),
                )
                continue
            if not line.strip():
                continue  # blank lines separate nothing and hold no record
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield self.reject(where, f"invalid JSON: {exc.msg} (column {exc.colno})", line)
                continue
            if not isinstance(obj, dict):
                yield self.reject(where, f"not a JSON object but {type(obj).__name__}", line)
                continue
            if _SURROGATE_ESCAPE.search(line) and not _encodable(obj):
                yield self.reject(where, "a string holds an unpaired UTF-16 surrogate escape",
                                  line)
                continue
            yield self.from_fields(obj, where, f"{name}:{lineno}", self.text_field, line)

    def jsonl_file(self, path: Path, name: str) -> Iterator[Document | Reject]:
        try:
            fh = path.open("rb")
        except OSError as exc:
            yield self.reject(str(path), f"cannot read file: {exc.strerror or exc}")
            return
        with fh:
            yield from self.jsonl_lines(fh, str(path), name)

    def csv_file(self, path: Path, name: str) -> Iterator[Document | Reject]:
        try:
            fh = path.open("rb")
        except OSError as exc:
            yield self.reject(str(path), f"cannot read file: {exc.strerror or exc}")
            return
        # surrogateescape keeps a bad byte local to its row instead of
        # failing the whole file; such rows are rejected below.
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
        # csv refuses cells over 128 KiB by default; let texts up to the
        # limit through (the setting is process-wide and only ever raised).
        csv.field_size_limit(max(csv.field_size_limit(), self.max_chars + 1))
        with text:
            reader = csv.reader(text)
            try:
                header = next(reader, None)
            except csv.Error as exc:
                yield self.reject(f"{path}:1", f"unreadable CSV header: {exc}")
                return
            if header is None:
                return
            bad = _has_undecodable("".join(header))
            if bad is not None:
                yield self.reject(f"{path}:1", "not valid UTF-8: undecodable byte in CSV header")
                return
            last_line = reader.line_num
            while True:
                lineno = last_line + 1
                where = f"{path}:{lineno}"
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    reason = (f"text too long: a cell exceeds {self.max_chars:,} characters"
                              if "field limit" in str(exc) else f"malformed CSV row: {exc}")
                    yield self.reject(where, reason)
                    last_line = reader.line_num
                    continue
                last_line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                raw = ",".join(row).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                if _has_undecodable("".join(row)) is not None:
                    yield self.reject(where, "not valid UTF-8: undecodable bytes in row", raw)
                    continue
                if len(row) != len(header):
                    yield self.reject(
                        where, f"row has {len(row)} cells, header has {len(header)}", raw
                    )
                    continue
                yield self.from_fields(
                    dict(zip(header, row, strict=True)), where, f"{name}:{lineno}",
                    self.text_column, raw,
                )

    def stdin_items(self) -> Iterator[Document | Reject]:
        """JSONL when the first non-blank line is a JSON object, else one text."""
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        head: list[bytes] = []
        for line in stream:
            head.append(line)
            if line.strip():
                break
        first = head[-1].lstrip().removeprefix(b"\xef\xbb\xbf") if head else b""
        if first.startswith(b"{"):
            blank = len(head) - 1
            yield from self.jsonl_lines(_chain(head[-1:], stream), "stdin", "stdin", blank + 1)
            return
        data = b"".join(head) + stream.read()
        if not data.strip():
            yield self.reject("stdin", "empty input on stdin")
            return
        yield self.text_bytes(data, "stdin", "stdin")

    def path(self, path: Path, name: str) -> Iterator[Document | Reject]:
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from self.jsonl_file(path, name)
        elif suffix in CSV_SUFFIXES:
            yield from self.csv_file(path, name)
        else:
            # a text file's id is its name without ``.txt``: ``seed-000.txt``
            # pairs with the gold document ``seed-000``
            yield from self.text_file(path, name.removesuffix(path.suffix) if suffix == ".txt"
                                      else name)

    def directory(self, root: Path) -> Iterator[Document | Reject]:
        files = sorted(
            p for p in root.rglob("*")
            if p.is_file() and p.suffix.lower() in DIR_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        for path in files:
            yield from self.path(path, path.relative_to(root).as_posix())

    def input(self, spec: str) -> Iterator[Document | Reject]:
        if spec == STDIN:
            yield from self.stdin_items()
            return
        path = Path(spec)
        if path.is_dir():
            yield from self.directory(path)
        elif path.exists():
            yield from self.path(path, path.name)
        else:
            yield self.reject(spec, "no such file or directory")


def _chain(first: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest


def read_inputs(
    inputs: list[str],
    text_field: str = "text",
    id_field: str = "id",
    text_column: str = "text",
    max_chars: int = MAX_CHARS,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document | Reject]:
    """Documents and rejects from files, directories or ``-`` (stdin), lazily.

    ``.jsonl``/``.ndjson`` are JSON lines (text in ``text_field``), ``.csv``
    has a header row (text in ``text_column``), anything else is one plain
    UTF-8 text. Directories are read recursively (``.txt``, ``.jsonl``,
    ``.csv``; hidden files skipped) in sorted order. A record without an id
    gets a stable one: the file name (``name:line`` for JSONL and CSV).
    ``position`` runs over the whole input so processing can restore order.
    """
    reader = _Reader(text_field, id_field, text_column, max_chars, stdin)
    for spec in inputs:
        yield from reader.input(spec)
