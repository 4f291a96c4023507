"""``attrib doccano serve|push|pull|agreement``: the annotation round trip.

Passwords come from ``$DOCCANO_PASSWORD`` or a hidden prompt, never from an
option (it would land in shell history and process lists) and never in
output. Failures print one clear line and exit nonzero.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from attrib.cli.main import app
from attrib.doccano.client import Doccano, DoccanoError
from attrib.doccano.convert import Problem
from attrib.doccano.project import DefinitionError, load_definition
from attrib.doccano.serve import DoccanoServer, ServeError, is_healthy

doccano_app = typer.Typer(help="Annotate in doccano: serve, push, pull, agreement.",
                          no_args_is_help=True)
app.add_typer(doccano_app, name="doccano")

DEFAULT_URL = "http://127.0.0.1:8000"
MAX_LISTED = 20

Url = Annotated[str | None, typer.Option("--url", envvar="DOCCANO_URL",
                                          help=f"doccano server [{DEFAULT_URL}]")]
User = Annotated[str, typer.Option("--username", envvar="DOCCANO_USERNAME", help="doccano user")]
ProjectName = Annotated[str, typer.Option("--project", "-p", help="doccano project name")]


def _password(username: str) -> str:
    password = os.environ.get("DOCCANO_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        _fail("set DOCCANO_PASSWORD (no terminal to prompt for the password)")
    return typer.prompt(f"doccano password for {username}", hide_input=True)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _connect(url: str | None, username: str) -> Doccano:
    try:
        return Doccano(url or DEFAULT_URL, username, _password(username))
    except DoccanoError as e:
        _fail(str(e))
        raise  # unreachable; keeps type checkers calm


def _list(title: str, problems: list[Problem]) -> None:
    if not problems:
        return
    typer.echo(f"{title}: {len(problems)}", err=True)
    for problem in problems[:MAX_LISTED]:
        typer.echo(f"  {problem}", err=True)
    if len(problems) > MAX_LISTED:
        typer.echo(f"  ... and {len(problems) - MAX_LISTED} more", err=True)


@doccano_app.command()
def serve(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8000,
    home: Annotated[Path, typer.Option(help="server home (venv, database, logs)")] = Path(
        ".doccano-home"),
    username: Annotated[str, typer.Option(
        "--username", envvar="DOCCANO_USERNAME", help="admin user to create on first start")
    ] = "admin",
    workers: Annotated[int, typer.Option(help="web worker processes")] = 2,
) -> None:
    """Install (first time), initialise and run doccano on 127.0.0.1 until Ctrl-C."""
    server = DoccanoServer(home, port=port, workers=workers)
    running = server.running_pid()
    if running and is_healthy(server.url):
        typer.echo(f"doccano is already running at {server.url} (serve pid {running}).")
        raise typer.Exit(0)
    try:
        server.install()
        server.configure()
        password = os.environ.get("DOCCANO_PASSWORD")
        if not password and sys.stdin.isatty() and not (server.home / "db.sqlite3").exists():
            password = typer.prompt(f"password for the new doccano user {username}",
                                    hide_input=True, confirmation_prompt=True)
        server.initialise(username, password)
        server.start()
        server.wait_healthy()
    except (ServeError, OSError) as e:
        server.stop()
        _fail(str(e))
    typer.echo(f"doccano is running at {server.url} (user {username}); Ctrl-C stops it.")
    raise typer.Exit(server.wait())


@doccano_app.command()
def push(
    inputs: Annotated[list[Path], typer.Argument(
        exists=True, dir_okay=False, help=".jsonl (exchange/gold) or .txt files")],
    project: ProjectName,
    predict: Annotated[str | None, typer.Option(
        help="pre-annotate with 'rules' or a model directory")] = None,
    verify: Annotated[bool, typer.Option(
        help="export again and compare every pushed document")] = True,
    url: Url = None,
    username: User = "admin",
) -> None:
    """Upload documents (plain, pre-annotated or gold) into a project; never twice."""
    from attrib.doccano import push as pushing

    records, rejected = pushing.read_documents(inputs)
    _list("rejected input", rejected)
    if predict:
        replaced = pushing.annotated(records)
        if replaced:
            typer.echo(f"note: --predict replaces the annotations of {replaced} input "
                       "document(s) with the pipeline's", err=True)
        records = pushing.predict(records, predict)
    try:
        definition = load_definition()
    except DefinitionError as e:
        _fail(str(e))
    doccano = _connect(url, username)
    try:
        report = pushing.push(doccano, project, records, definition, verify=verify)
    except DoccanoError as e:
        _fail(str(e))
    _list("warnings (pushed anyway)", report.warnings)
    _list("FAILED", report.failures)
    typer.echo(
        f"project {project!r} (id {report.project_id}{', new' if report.created else ''}): "
        f"{report.pushed} pushed, {report.already_there} already there, "
        f"{len(rejected)} rejected, {len(report.failures)} failed"
        + (f", {report.verified} verified" if verify else "")
        + f" in {report.seconds:.1f} s"
    )
    if rejected or not report.ok:
        raise typer.Exit(1)


@doccano_app.command()
def pull(
    project: ProjectName,
    out: Annotated[Path, typer.Option("--out", "-o", help="output JSONL (GUIDELINES format)")],
    only_confirmed: Annotated[bool, typer.Option(help="only examples marked done")] = False,
    user: Annotated[str | None, typer.Option("--user", help="only this annotator's labels")] = None,
    per_user: Annotated[bool, typer.Option(
        help="one file per annotator: OUT.<user>.jsonl")] = False,
    strict: Annotated[bool, typer.Option(help="exit 1 when problems are found")] = False,
    url: Url = None,
    username: User = "admin",
) -> None:
    """Download a project's annotations as GUIDELINES JSONL, checking them."""
    from attrib.doccano import pull as pulling

    doccano = _connect(url, username)
    try:
        pulled = pulling.pull(doccano, project, only_confirmed=only_confirmed)
        users = pulling.choose_users(pulled, user, per_user, only_confirmed)
    except DoccanoError as e:
        _fail(str(e))
    found = 0
    for name in users:
        path = pulling.output_path(out, name, several=per_user)
        n = pulling.write_jsonl(path, pulled.by_user[name])
        _list(f"problems in {name}'s annotations", pulled.problems[name])
        found += len(pulled.problems[name])
        typer.echo(f"{path}: {n} documents ({name})")
    if strict and found:
        raise typer.Exit(1)


@doccano_app.command()
def agreement(
    project: ProjectName,
    only_confirmed: Annotated[bool, typer.Option(
        help="only examples each annotator marked done")] = False,
    url: Url = None,
    username: User = "admin",
) -> None:
    """Span and attribution F1 between each pair of annotators."""
    from attrib.doccano.agreement import format_agreement, pairwise
    from attrib.doccano.pull import pull as pull_project

    doccano = _connect(url, username)
    try:
        pulled = pull_project(doccano, project, only_confirmed=only_confirmed)
    except DoccanoError as e:
        _fail(str(e))
    typer.echo(format_agreement(pairwise(pulled.by_user, confirmed_only=only_confirmed)))
