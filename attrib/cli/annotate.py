"""``attrib annotate``: files, directories or stdin in; attributions out.

Thin by design: readers, the processing core and writers do the work; this
module wires them, reports rejects on stderr and keeps the tally
(documents in = annotated + rejected) that the user can check.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import typer

from attrib.cli.main import app
from attrib.io.items import Annotated, Document, Reject, Rendered

MAX_REJECT_MESSAGES = 20
T = TypeVar("T")


class Format(str, Enum):
    doccano = "doccano"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    html = "html"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def err(message: str) -> None:
    typer.echo(f"attrib: {message}", err=True)


def default_rejects_path(out: str | None) -> str | None:
    """``OUT.rejects.jsonl`` beside a real output file; none for stdout."""
    if out in (None, "-"):
        return None
    path = Path(out)
    return str(path.with_name(path.stem + ".rejects.jsonl"))


class Counter:
    """Counts what passes through an iterator (the documents read in)."""

    def __init__(self) -> None:
        self.count = 0

    def through(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            self.count += 1
            yield item


def progress(items: Iterable[T], enabled: bool) -> Iterable[T]:
    """A docs/s progress bar on stderr, only for a terminal."""
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)


def run_engine(
    engine: Engine,
    items: Iterable[Document | Reject],
    model: str,
    batch_size: int,
    n_process: int,
    scheduler: str | None,
    workers: int | None,
    fmt: Format,
) -> Iterator[Annotated | Rendered | Reject]:
    """Results in input order; the Dask engine's come rendered for ``fmt``
    by the workers (the client only writes them out)."""
    if engine is Engine.dask:
        from attrib.distributed import ModelLoadError, run_dask

        try:
            return run_dask(items, model, batch_size, scheduler, workers, render=fmt.value)
        except (ModelLoadError, ValueError, OSError) as exc:
            err(f"dask engine: {exc}")
            raise typer.Exit(2) from exc
    import attrib
    from attrib.annotate import annotate as annotate_items

    try:
        nlp = attrib.load(model)
    except Exception as exc:  # noqa: BLE001 - any load failure is a usage error here
        err(f"cannot load model {model!r}: {type(exc).__name__}: {exc}")
        raise typer.Exit(2) from exc
    return annotate_items(nlp, items, batch_size=batch_size, n_process=n_process)


@app.command()
def annotate(
    inputs: list[str] = typer.Argument(  # noqa: B008
        ...,
        metavar="INPUT...",
        help="Text files, directories (.txt/.jsonl/.csv inside), JSONL, CSV, or - for stdin.",
    ),
    output: str = typer.Option(None, "--output", "-o", help="Output file (default: stdout)."),
    fmt: Format = typer.Option(Format.doccano, "--format", "-f", help="Output format."),  # noqa: B008
    model: str = typer.Option("rules", "--model", "-m", help="'rules' or a pipeline path."),
    text_field: str = typer.Option("text", help="JSONL field holding the text."),
    id_field: str = typer.Option("id", help="JSONL/CSV field holding the document id."),
    text_column: str = typer.Option("text", help="CSV column holding the text."),
    batch_size: int = typer.Option(32, min=1, help="Documents per nlp.pipe batch."),
    n_process: int = typer.Option(1, min=1, help="Processes for nlp.pipe."),
    rejects: str = typer.Option(
        None, help="JSONL file for rejected records (default: OUT.rejects.jsonl)."
    ),
    strict: bool = typer.Option(False, help="Exit with status 1 if anything was rejected."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or reject lines."),
    engine: Engine = typer.Option(Engine.local, help="local (nlp.pipe) or dask."),  # noqa: B008
    scheduler: str = typer.Option(None, help="Dask scheduler address (engine dask)."),
    workers: int = typer.Option(None, min=1, help="Local Dask workers (engine dask)."),
) -> None:
    """Find who said what in Arabic news texts."""
    from attrib.io.readers import read_inputs
    from attrib.io.writers import RejectsWriter, open_writer

    if engine is Engine.local and (scheduler or workers):
        err("--scheduler/--workers only apply with --engine dask")
        raise typer.Exit(2)
    if scheduler and workers:
        err("give either --scheduler (an existing cluster) or --workers (a local one), not both")
        raise typer.Exit(2)
    rejects_path = rejects or default_rejects_path(output)
    if rejects is None and rejects_path and Path(rejects_path).exists():
        Path(rejects_path).unlink()  # a previous run's rejects would mislead
    try:
        writer = open_writer(fmt.value, output)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from exc

    read = Counter()
    items = read.through(
        read_inputs(inputs, text_field=text_field, id_field=id_field, text_column=text_column)
    )
    results = run_engine(engine, items, model, batch_size, n_process, scheduler, workers, fmt)
    attributions = 0
    show = not quiet and sys.stderr.isatty()
    say = err
    if show:  # messages must not tear the progress bar
        from tqdm import tqdm

        def say(message: str) -> None:
            tqdm.write(f"attrib: {message}", file=sys.stderr)

    with writer, RejectsWriter(rejects_path, eager=rejects is not None) as rejected:
        for result in progress(results, show):
            if isinstance(result, Reject):
                rejected.write(result)
                if not quiet and rejected.count <= MAX_REJECT_MESSAGES:
                    say(f"rejected {result.origin}: {result.reason}")
                continue
            if isinstance(result, Rendered):
                writer.write_rendered(result.output)
                attributions += result.attributions
            else:
                writer.write(result)
                attributions += len(result.attributions)
    tally: dict[str, Any] = {
        "in": read.count,
        "annotated": writer.documents,
        "rejected": rejected.count,
    }
    if not quiet and rejected.count > MAX_REJECT_MESSAGES:
        err(f"... {rejected.count - MAX_REJECT_MESSAGES} more rejects not shown")
    where = f" (see {rejects_path})" if rejected.count and rejects_path else ""
    err(
        f"{tally['in']} documents in: {tally['annotated']} annotated, "
        f"{tally['rejected']} rejected{where}; {attributions} attributions"
    )
    if tally["in"] != tally["annotated"] + tally["rejected"]:
        err("internal error: documents in != annotated + rejected")
        raise typer.Exit(3)
    if strict and rejected.count:
        raise typer.Exit(1)
