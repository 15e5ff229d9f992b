"""The team store: annotations and article records on a PostgreSQL server (psycopg 3).

``connection`` (connecting, reconnecting, one-line errors with the password masked),
``schema`` (tables and the upgrade chain, recorded in a version table), ``rows``
(annotations and article records as table rows), ``store`` (``PostgresStore``, the
``AnnotationStore`` interface). Optional: installed with ``reader[postgres]``.
"""
