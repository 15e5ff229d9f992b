"""Allow ``python -m reader``."""

from reader.cli.main import main

# Guarded: analysis of a large article runs in a spawned child process, which
# imports this module again under another name.
if __name__ == "__main__":
    raise SystemExit(main())
