"""How far each speaker stage looks, in characters (phrase reaches in words): named
once so stages agree.

Why one place: the tag reader, the resolver, the candidate generator and dialogue
turns all bound their searches; a change to one reach is a change to the others'
evidence, so the figures are kept side by side.
"""

from __future__ import annotations

TAG_WINDOW = 400
"""How far a speech tag's sentence may reach from its quote."""

FOCUS_LOOKBACK = 3000
"""How far back a person named outside quotes stays in focus for a pronoun."""

FOCUS_MENTIONS = 60
"""How many earlier name mentions a focus search reads at most."""

PARAGRAPH_BACK = 4000
"""How far back a paragraph is followed to its start."""

PARAGRAPH_AHEAD = 8000
"""How far ahead a paragraph is followed to its end."""

CANDIDATES_BEFORE = 700
"""How far before a quote a name mention still makes its bearer a candidate."""

CANDIDATES_AFTER = 300
"""How far after a quote (within its own and the next paragraph) a mention counts."""

PREVIOUS_TURNS = 3
"""How many earlier quotes' speakers are offered as candidates (dialogue turns)."""

SCENE_TURNS = 10
"""How many earlier quotes' speakers (within the focus look-back) are in the scene."""

SALIENT_PEOPLE = 5
"""How many of the most-mentioned people before a quote are offered as candidates."""

SCENE_LOOKBACK = 10000
"""How far back a person named outside quotes is still in a novel's scene (a candidate)."""

SCENE_MENTIONS = 200
"""How many earlier name mentions a scene search reads at most."""

SCENE_PEOPLE = 8
"""How many of the people last named outside quotes in that look-back are candidates."""

QUOTED_PEOPLE = 8
"""How many of the people last named inside earlier quotes ("Thank you, Leaf") are
candidates: some characters are only ever named by the others."""

LATER_REACH = 3000
"""How far after a quote a person named outside quotes is a candidate."""

LATER_PEOPLE = 3
"""How many people named after a quote (within that reach) are candidates."""

NEXT_TURNS = 2
"""How many later tagged quotes' speakers are offered as candidates."""

PRONOUN_REACH = 200
"""How far from a quote a "he"/"she" outside quotes makes its referent a candidate."""

AROUND = 2
"""Turns on each side whose first-pass speakers the second pass knows: the nearest quote,
then the nearest in another paragraph than it (the turn before that one)."""

TURN_REACH = 8
"""How many quotes a turn is looked for across (a turn may be several quotes long)."""

ROLE_WORDS = 5
"""Phrase reach, in words: between a name and the person it qualifies ("Lakeview
College political scientist Harold Brennan")."""

QUALIFIER_WORDS = 6
"""Phrase reach, in words: a qualifier after a described source ("to the Clintons")."""

ASIDE_WORDS = 10
"""Phrase reach, in words: an aside between a speaker and the speech verb."""
