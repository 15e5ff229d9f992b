"""Who is making notes: the name recorded as each new note's author.

Teams annotate one database together, so every note says whose it is. The name is
the ``--user`` given on the command line, else the login name of the OS account
(``getpass.getuser``). There is no ``READER_…`` variable for it: one explicit way
to sign as someone else is enough.
"""

from __future__ import annotations

import getpass


def current_user(explicit: str | None) -> str:
    """The author for new notes: ``explicit`` when it has text, else the OS user.

    Returns ``""`` (author unknown) when neither is available: a container or
    service account without a name must still be able to save notes.
    """
    if explicit is not None and explicit.strip():
        return explicit.strip()
    try:
        return getpass.getuser().strip()
    except Exception:  # getpass raises OSError, KeyError or ImportError by platform
        return ""
