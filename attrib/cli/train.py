"""``attrib train``, ``convert``, ``bootstrap`` and ``package``: the trainable
pipeline from gold JSONL to an installable package (see training/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from attrib.cli.main import app

_EXTRA = {"allow_extra_args": True, "ignore_unknown_options": True}


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command("train", context_settings=_EXTRA)
def train_cmd(
    ctx: typer.Context,
    config: Annotated[Path, typer.Argument(help="training config, e.g. training/cnn.cfg")],
    train: Annotated[Path, typer.Option("--train", help="gold JSONL (or .spacy) to train on")],
    dev: Annotated[Path, typer.Option("--dev", help="gold JSONL (or .spacy) for model selection")],
    output: Annotated[Path, typer.Option("--output", "-o", help="directory for model-best/-last")],
    gpu_id: Annotated[int, typer.Option("--gpu-id", help="GPU id, -1 for CPU")] = -1,
    tune: Annotated[bool, typer.Option(help="pick the decoding threshold of model-best on dev")
                    ] = True,
) -> None:
    """Train with spaCy's loop; extra ``--section.key value`` pairs override the config.

    Afterwards (``--tune``) the relation decoder's threshold and rule fallback
    of ``model-best`` are chosen on the dev set and saved in its config."""
    from spacy.cli._util import parse_config_overrides

    from attrib.training.train import train as run_train

    try:
        overrides = parse_config_overrides(ctx.args)
        run_train(config, output, train_path=train, dev_path=dev, overrides=overrides,
                  use_gpu=gpu_id)
    except FileNotFoundError as err:
        _fail(str(err))
    best_dir = output / "model-best"
    if tune and best_dir.exists():
        _tune(best_dir, dev)


def _tune(model_dir: Path, dev: Path) -> None:
    from attrib.training.records import LineError, read_jsonl
    from attrib.training.tune import tune_decoding

    if dev.suffix != ".jsonl":
        typer.echo(f"not tuning: {dev} is not JSONL", err=True)
        return
    records = [item for _, item in read_jsonl(dev) if not isinstance(item, LineError)]
    try:
        best, results = tune_decoding(model_dir, records)
    except ValueError as err:
        typer.echo(f"not tuning: {err}", err=True)
        return
    typer.echo("\nDecoding on dev (attribution F1):")
    for s in results:
        mark = " <- saved" if s == best else ""
        typer.echo(f"  {s.describe()}{mark}")


@app.command("convert")
def convert_cmd(
    source: Annotated[Path, typer.Argument(help="doccano JSONL (.jsonl) or DocBin (.spacy)")],
    target: Annotated[Path, typer.Argument(help="the other format: .spacy or .jsonl")],
) -> None:
    """Doccano JSONL → DocBin (spans and relations kept, snaps reported) or back."""
    from spacy.tokens import DocBin

    from attrib.tokenizer import blank
    from attrib.training.convert import Report, docbin_to_records, records_to_docbin
    from attrib.training.records import LineError, read_jsonl, write_jsonl

    if not source.exists():
        _fail(f"{source} not found")
    nlp = blank()
    if source.suffix == ".jsonl" and target.suffix == ".spacy":
        report = Report()
        good = []
        for origin, item in read_jsonl(source):
            if isinstance(item, LineError):
                report.errors.append(str(item))
            else:
                good.append((origin, item))
        records_to_docbin(nlp, good, report).to_disk(target)
        for line in report.errors:
            typer.echo(f"skipped {line}", err=True)
        for line in report.snapped:
            typer.echo(f"snapped {line}", err=True)
        typer.echo(report.summary(), err=True)
        if report.errors:
            raise typer.Exit(2)
    elif source.suffix == ".spacy" and target.suffix == ".jsonl":
        n = write_jsonl(target, docbin_to_records(DocBin().from_disk(source), nlp.vocab))
        typer.echo(f"{n} documents written to {target}", err=True)
    else:
        _fail("convert goes .jsonl → .spacy or .spacy → .jsonl "
              f"(got {source.suffix} → {target.suffix})")


@app.command("bootstrap")
def bootstrap_cmd(
    corpus: Annotated[Path, typer.Argument(help="unlabelled JSONL (one {'text': ...} a line)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="silver JSONL to write")],
    limit: Annotated[int, typer.Option("--limit", help="documents to read (0: all)")] = 0,
    min_confidence: Annotated[float, typer.Option("--min-confidence",
                                         help="keep attributions at least this confident")] = 0.8,
    keep_empty: Annotated[bool, typer.Option("--keep-empty",
                                    help="also write documents with no attribution")] = False,
) -> None:
    """Label unlabelled articles with the rules in high-precision mode (silver data)."""
    from attrib.training.bootstrap import BootstrapReport, bootstrap, rules_pipeline
    from attrib.training.records import write_jsonl

    if not corpus.exists():
        _fail(f"{corpus} not found")
    report = BootstrapReport()
    nlp = rules_pipeline(min_confidence)
    write_jsonl(output, bootstrap(corpus, nlp, min_confidence=min_confidence, limit=limit,
                                  keep_empty=keep_empty, report=report))
    for line in report.errors:
        typer.echo(f"skipped {line}", err=True)
    typer.echo(report.summary(), err=True)


@app.command("package")
def package_cmd(
    model: Annotated[Path, typer.Argument(help="a trained pipeline directory (model-best)")],
    output: Annotated[Path, typer.Argument(help="where the package directory goes")],
    name: Annotated[str, typer.Option("--name", help="package name, ar_ is prefixed")
                    ] = "attrib_cnn",
    version: Annotated[str, typer.Option("--version")] = "0.1.0",
    wheel: Annotated[bool, typer.Option("--wheel", help="also build a wheel (needs build)")
                     ] = False,
) -> None:
    """An installable pipeline package (sdist) that loads with ``spacy.load``."""
    from attrib.training.package import package

    try:
        built = package(model, output, name=name, version=version, wheel=wheel)
    except (FileNotFoundError, RuntimeError) as err:
        _fail(str(err))
    typer.echo(str(built))
    sys.stdout.flush()
