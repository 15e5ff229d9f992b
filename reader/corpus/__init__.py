"""Many articles at once: who said what, and who is named, across a corpus.

``cache`` keeps each article's analysis on disk, keyed by its content fingerprint and
the analyser's version, so asking a second question of a thousand articles costs no
analysis; ``reading`` expands paths and yields each article with its analysis,
reporting files that fail instead of stopping; ``quotes`` and ``entities`` turn those
into rows for the command line. Textual-free and callable from a worker thread, so
the app's library views read the corpus the same way.
"""
