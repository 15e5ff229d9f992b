"""The user's notes: the annotation model, re-anchoring in changed text, the open article's session."""
