"""``attrib evaluate``: score predictions (a file, or a model run) against gold.

Gold must be sound: an unreadable file, an invalid line or a record that
breaks the exchange format stops the command with the file and line, since
a score over silently skipped gold would be wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer

from attrib.cli.main import app


class InputError(Exception):
    """A gold or prediction file that cannot be used; the message says where."""


def read_records(path: str, check: bool) -> list[dict[str, Any]]:
    """Exchange records of a JSONL file; ``check`` validates each as gold."""
    from attrib.exchange import validate_record

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    records = []
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not valid UTF-8 (byte {exc.start + 1})") from exc
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
        if not isinstance(record, dict):
            raise InputError(f"{where}: not a JSON object")
        problems = validate_record(record) if check else (
            [] if isinstance(record.get("text"), str) else ["'text' is missing or not a string"]
        )
        if problems:
            raise InputError(f"{where}: " + "; ".join(problems))
        records.append(record)
    if not records:
        raise InputError(f"{path}: no records")
    return records


def predict(gold: Iterable[dict[str, Any]], model: str) -> list[dict[str, Any]]:
    """Run the pipeline over the gold texts, keeping their ids."""
    import attrib
    from attrib.annotate import annotate
    from attrib.io.items import Document, Reject

    nlp = attrib.load(model)
    docs = (
        Document(id=g.get("id", i), text=g["text"], origin=f"gold:{i + 1}", position=i)
        for i, g in enumerate(gold)
    )
    out = []
    for result in annotate(nlp, docs):
        if isinstance(result, Reject):
            typer.echo(f"attrib: {result.origin}: {result.reason}", err=True)
            continue  # scored as a missing prediction, and reported
        out.append(result.record)
    return out


@app.command()
def evaluate(
    gold: str = typer.Argument(..., metavar="GOLD.jsonl", help="Gold exchange-format JSONL."),
    pred: str = typer.Option(None, "--pred", "-p", help="Predicted exchange-format JSONL."),
    model: str = typer.Option(
        None, "--model", "-m", help="Run 'rules' or a pipeline path over the gold texts."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score attributions and spans against gold (see attrib.evaluate)."""
    from attrib.evaluate import MismatchError, format_table
    from attrib.evaluate import evaluate as score

    if pred and model:
        typer.echo("attrib: give --pred or --model, not both", err=True)
        raise typer.Exit(2)
    try:
        gold_records = read_records(gold, check=True)
        if pred:
            pred_records = read_records(pred, check=False)
        else:
            pred_records = predict(gold_records, model or "rules")
        result = score(gold_records, pred_records)
    except (InputError, MismatchError) as exc:
        typer.echo(f"attrib: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_table(result))
