"""The ``attrib`` command line (typer): thin wrappers over the library."""
