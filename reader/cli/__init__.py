"""The command line: a thin layer that parses arguments and calls the core."""

from reader.cli.main import main

__all__ = ["main"]
