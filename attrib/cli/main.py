"""Entry point of the ``attrib`` command: each sub-command lives in its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="attrib",
    help="Quotation and claim attribution for Arabic news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def main() -> None:
    app()


# Sub-command modules register themselves on ``app`` when imported.
# --- one import line per module below this marker (keep sorted) ---
import attrib.cli.annotate  # noqa: E402,F401
import attrib.cli.doccano  # noqa: E402,F401
import attrib.cli.evaluate  # noqa: E402,F401
import attrib.cli.speakers  # noqa: E402,F401
import attrib.cli.train  # noqa: E402,F401

if __name__ == "__main__":
    main()
