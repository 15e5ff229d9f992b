"""The user's notes: the annotation model, re-anchoring, the open article's session."""
