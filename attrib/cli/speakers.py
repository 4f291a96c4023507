"""``attrib speakers``: who said what, across the output of ``attrib annotate``.

Writes CSV or Parquet by the suffix of ``-o`` (Parquet keeps list columns as
lists), or prints a table: rich on a terminal, tab-separated with ``--plain``
(for pipes and scripts). Unreadable lines and unparseable dates are reported
on stderr with file and line; they never stop the run.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from attrib.cli.main import app

TERMINAL_TOP = 25
MAX_PROBLEM_MESSAGES = 20
OUTPUT_SUFFIXES = (".csv", ".parquet")


def err(message: str) -> None:
    typer.echo(f"attrib: {message}", err=True)


def write_csv(rows: list[dict[str, Any]], out: Path) -> None:
    from attrib.speakers import COLUMNS, flat

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow(flat(row))


def write_parquet(rows: list[dict[str, Any]], out: Path) -> None:
    from attrib.speakers import to_frame

    out.parent.mkdir(parents=True, exist_ok=True)
    to_frame(rows).to_parquet(out, index=False)


TERMINAL_COLUMNS = ("speaker", "statements", "direct", "documents", "first_date", "last_date",
                    "outlets", "examples")


def print_plain(rows: list[dict[str, Any]]) -> None:
    from attrib.speakers import COLUMNS, flat

    print("\t".join(COLUMNS))
    for row in rows:
        cells = flat(row)
        print("\t".join("" if cells[c] is None else str(cells[c]).replace("\t", " ")
                        for c in COLUMNS))


def print_rich(rows: list[dict[str, Any]], total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from attrib.speakers import flat

    table = Table(title=f"Speakers ({len(rows)} of {total})", show_lines=True)
    for column in TERMINAL_COLUMNS:
        numeric = column in ("statements", "direct", "documents")
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        cells = flat({**row, "examples": row["examples"][:1]}, sep="\n")
        table.add_row(*("" if cells[c] is None else str(cells[c]) for c in TERMINAL_COLUMNS))
    Console().print(table)


@app.command()
def speakers(
    predictions: list[Path] = typer.Argument(  # noqa: B008
        ..., metavar="PRED...", help="JSONL output of `attrib annotate` (doccano or jsonl; .gz ok)."
    ),
    output: Path = typer.Option(  # noqa: B008
        None, "--output", "-o", help="Write OUT.csv or OUT.parquet instead of a table."
    ),
    top: int = typer.Option(
        None, min=1, help=f"Only the N most quoted speakers (terminal default {TERMINAL_TOP})."
    ),
    examples: int = typer.Option(3, min=0, help="Example statements kept per speaker."),
    plain: bool = typer.Option(False, help="Tab-separated table instead of a rich one."),
) -> None:
    """Aggregate attributions by speaker: counts, dates, outlets, examples."""
    from attrib.speakers import speakers_table

    if output is not None and output.suffix.lower() not in OUTPUT_SUFFIXES:
        err(f"cannot write {output}: the suffix must be one of {', '.join(OUTPUT_SUFFIXES)}")
        raise typer.Exit(2)
    problems: list = []
    unattributed: Counter[str] = Counter()
    rows = speakers_table(predictions, problems, unattributed, max_examples=examples)
    for problem in problems[:MAX_PROBLEM_MESSAGES]:
        err(str(problem))
    if len(problems) > MAX_PROBLEM_MESSAGES:
        err(f"... {len(problems) - MAX_PROBLEM_MESSAGES} more problems not shown")
    total = len(rows)
    shown = rows[:top] if top else rows
    if output is None:
        shown = rows[: top or TERMINAL_TOP]
        if plain:
            print_plain(shown)
        else:
            print_rich(shown, total)
    elif output.suffix.lower() == ".csv":
        write_csv(shown, output)
    else:
        write_parquet(shown, output)
    statements = sum(r["statements"] for r in rows)
    err(
        f"{total} speakers, {statements} statements"
        + (f", {sum(unattributed.values())} attributions without a speaker" if unattributed else "")
        + (f"; wrote {len(shown)} rows to {output}" if output else "")
    )
    if problems and not rows:
        raise typer.Exit(1)
    sys.stdout.flush()
