"""The ``newsprism`` command line: a thin shell that parses options and calls the public API."""

from newsprism.cli.main import cli, main

__all__ = ["cli", "main"]
