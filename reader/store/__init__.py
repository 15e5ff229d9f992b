"""The annotations database: a TinyDB store persisted as a snapshot plus a journal."""
