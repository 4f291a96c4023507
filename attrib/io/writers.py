"""Output writers: one per format, all streaming one document at a time.

Writers consume :class:`Annotated` items (exchange record + attribution
dicts), never spaCy objects, so local and Dask runs produce the same bytes.
Writing is two steps: :meth:`Writer.render` turns one document into what
goes out (a JSON line, CSV text, table rows), without the output, so that a
Dask worker can do it beside the annotation and the client only puts it out
(:meth:`Writer.write_rendered`); ``write`` does both, in one process.
Every writer holds at most one chunk in memory (Parquet: a row group), so
memory does not grow with the number of documents.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from . import html as html_render
from .items import Annotated, Reject
from .tables import COLUMNS, rows_from_attributions

FORMATS = ("doccano", "jsonl", "csv", "parquet", "html")
STDOUT = "-"
PARQUET_ROWS_PER_GROUP = 10_000


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


class Writer:
    """Context manager writing one output stream; ``write`` takes one document."""

    def __init__(self, out: str | None) -> None:
        self.out = None if out in (None, STDOUT) else out
        self.documents = 0
        self.rows = 0
        self._fh: IO[Any] | None = None

    def _open_text(self) -> IO[str]:
        if self.out is None:
            return sys.stdout
        Path(self.out).parent.mkdir(parents=True, exist_ok=True)
        return open(self.out, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def __enter__(self) -> Writer:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        self._fh = self._open_text()

    @classmethod
    def render(cls, annotated: Annotated) -> Any:
        """What this format puts out for one document (pure, picklable)."""
        raise NotImplementedError

    def write(self, annotated: Annotated) -> None:
        self.write_rendered(self.render(annotated))

    def write_rendered(self, rendered: Any) -> None:
        """Put out one document that :meth:`render` (of this class) rendered."""
        self.documents += 1
        self._put(rendered)

    def _put(self, rendered: Any) -> None:
        assert self._fh is not None
        self._fh.write(rendered)

    def close(self) -> None:
        if self._fh is None:
            return
        if self._fh is sys.stdout:
            self._fh.flush()
        else:
            self._fh.close()
        self._fh = None


class DoccanoWriter(Writer):
    """GUIDELINES exchange JSONL: id, text, entities, relations, input fields."""

    @staticmethod
    def line(annotated: Annotated) -> dict[str, Any]:
        return annotated.record

    @classmethod
    def render(cls, annotated: Annotated) -> str:
        return _dumps(cls.line(annotated)) + "\n"


class JsonlWriter(DoccanoWriter):
    """The doccano line plus an ``attributions`` list (cue, speaker, source,
    antecedent, contents, kind, implicit, confidence), for programs."""

    @staticmethod
    def line(annotated: Annotated) -> dict[str, Any]:
        return {**annotated.record, "attributions": annotated.attributions}


class CsvWriter(Writer):
    """One row per attribution content (:mod:`attrib.io.tables` columns); the
    header is written even when no document has an attribution."""

    def open(self) -> None:
        super().open()
        assert self._fh is not None
        csv.DictWriter(self._fh, fieldnames=list(COLUMNS)).writeheader()

    @classmethod
    def render(cls, annotated: Annotated) -> tuple[str, int]:
        """The document's CSV text (the dialect the file would get) and its row count."""
        buffer = io.StringIO(newline="")
        rows = csv.DictWriter(buffer, fieldnames=list(COLUMNS))
        count = 0
        for row in rows_from_attributions(annotated.record.get("id"), annotated.attributions):
            rows.writerow(row)
            count += 1
        return buffer.getvalue(), count

    def _put(self, rendered: tuple[str, int]) -> None:
        text, count = rendered
        super()._put(text)
        self.rows += count


class ParquetWriter(Writer):
    """Rows buffered into row groups of :data:`PARQUET_ROWS_PER_GROUP`, so a
    long stream never sits in memory; an empty run still writes a valid file."""

    def __init__(self, out: str | None, rows_per_group: int = PARQUET_ROWS_PER_GROUP) -> None:
        super().__init__(out)
        if self.out is None:
            raise ValueError("parquet output needs a file: give -o FILE.parquet")
        self.rows_per_group = rows_per_group
        self._buffer: list[dict[str, Any]] = []
        self._parquet: Any = None

    def open(self) -> None:
        import pyarrow.parquet as pq

        from .tables import arrow_schema

        assert self.out is not None
        Path(self.out).parent.mkdir(parents=True, exist_ok=True)
        self._schema = arrow_schema()
        self._parquet = pq.ParquetWriter(self.out, self._schema)

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self._buffer = []

    @classmethod
    def render(cls, annotated: Annotated) -> list[dict[str, Any]]:
        return list(rows_from_attributions(annotated.record.get("id"), annotated.attributions))

    def _put(self, rendered: list[dict[str, Any]]) -> None:
        self._buffer.extend(rendered)
        self.rows += len(rendered)
        if len(self._buffer) >= self.rows_per_group:
            self._flush()

    def close(self) -> None:
        if self._parquet is None:
            return
        import pyarrow as pa

        self._flush()
        if not self.rows:
            self._parquet.write_table(pa.Table.from_pylist([], schema=self._schema))
        self._parquet.close()
        self._parquet = None


#: Rows per Parquet file of a partitioned output (each written in row groups).
ROWS_PER_FILE = 200_000


class PartitionedParquetWriter(ParquetWriter):
    """Parquet for corpus-sized output: a directory of ``part-NNNNN.parquet``
    files of at most ``rows_per_file`` rows (same columns as the one-file
    writer), readable as one dataset (``pandas.read_parquet(directory)``).

    Many files rather than one huge one let later jobs read, copy and
    parallelise by file; memory stays at one row group, as for the one-file
    writer. An empty run writes one valid, empty part.
    """

    def __init__(
        self,
        out: str | None,
        rows_per_file: int = ROWS_PER_FILE,
        rows_per_group: int = PARQUET_ROWS_PER_GROUP,
    ) -> None:
        super().__init__(out, rows_per_group=min(rows_per_group, rows_per_file))
        self.rows_per_file = rows_per_file
        self.files: list[Path] = []
        self._in_file = 0

    def open(self) -> None:
        from .tables import arrow_schema

        assert self.out is not None
        directory = Path(self.out)
        if directory.exists() and not directory.is_dir():
            raise ValueError(f"{directory} is a file; partitioned Parquet needs a directory")
        if any(directory.glob("part-*.parquet")):
            raise ValueError(
                f"{directory} already holds part files: remove them or choose "
                "another directory (old parts would mix with new ones)"
            )
        directory.mkdir(parents=True, exist_ok=True)
        self._schema = arrow_schema()

    def _roll(self) -> None:
        import pyarrow.parquet as pq

        if self._parquet is not None:
            self._parquet.close()
        assert self.out is not None
        path = Path(self.out) / f"part-{len(self.files):05d}.parquet"
        self._parquet = pq.ParquetWriter(path, self._schema)
        self.files.append(path)
        self._in_file = 0

    def _flush(self) -> None:
        import pyarrow as pa

        while self._buffer:
            if self._parquet is None or self._in_file >= self.rows_per_file:
                self._roll()
            room = self.rows_per_file - self._in_file
            chunk, self._buffer = self._buffer[:room], self._buffer[room:]
            self._parquet.write_table(pa.Table.from_pylist(chunk, schema=self._schema))
            self._in_file += len(chunk)

    def close(self) -> None:
        if not hasattr(self, "_schema"):
            return  # never opened
        self._flush()
        if self._parquet is None and not self.files:
            self._roll()  # an empty run still leaves a readable dataset
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


class HtmlWriter(Writer):
    """One RTL page, one ``<section>`` per document, written as they come."""

    def open(self) -> None:
        super().open()
        assert self._fh is not None
        self._fh.write(html_render.PAGE_HEAD)

    @classmethod
    def render(cls, annotated: Annotated) -> str:
        return html_render.render_record(annotated.record, annotated.attributions)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.write(html_render.PAGE_FOOT)
        super().close()


WRITERS: dict[str, type[Writer]] = {
    "doccano": DoccanoWriter,
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "parquet": ParquetWriter,
    "html": HtmlWriter,
}


def open_writer(fmt: str, out: str | None) -> Writer:
    """A writer for ``fmt`` to file ``out`` (stdout when None or ``-``); use
    it as a context manager."""
    try:
        cls = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    if cls is ParquetWriter and out and (out.endswith(("/", os.sep)) or Path(out).is_dir()):
        return PartitionedParquetWriter(out)
    return cls(out)


class RejectsWriter:
    """JSONL of rejected records (origin, reason, raw), opened on first use
    unless ``eager`` so that a clean run leaves no empty file behind."""

    def __init__(self, path: str | None, eager: bool = False) -> None:
        self.path = path
        self.count = 0
        self._fh: IO[str] | None = None
        if eager:
            self._open()

    def _open(self) -> None:
        if self.path is not None and self._fh is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115

    def write(self, reject: Reject) -> None:
        self.count += 1
        self._open()
        if self._fh is not None:
            self._fh.write(_dumps(reject.as_record()) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> RejectsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
