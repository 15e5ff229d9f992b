"""``Analysis.from_json`` inverts ``to_json`` exactly: the analysis cache relies on it."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

from reader.analysis import analyze
from reader.analysis.model import Analysis, Entity, Quote
from reader.article.loading import load_article

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.is_file())


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("explain", [False, True])
def test_round_trip_on_the_samples(path, explain: bool) -> None:
    analysis = analyze(load_article(path).text, explain=explain)
    assert analysis.quotes and analysis.entities  # the samples have both
    written = json.loads(json.dumps(analysis.to_json(explain=explain)))  # as the cache keeps it
    back = Analysis.from_json(written, backend=analysis.backend)
    assert back == analysis
    assert back.to_json(explain=explain) == written
    if explain:
        assert [q.speaker_evidence for q in back.quotes] == [
            q["speaker_evidence"] for q in written["quotes"]
        ]
        assert any(q.speaker_evidence for q in back.quotes)
    else:
        assert all(q.speaker_evidence is None for q in back.quotes)


def test_the_backend_is_given_not_read() -> None:
    analysis = Analysis(
        quotes=(Quote(0, 4, '"hi"', None, None, None, None),),
        entities=(Entity(5, 8, "Ann", "PERSON", "Ann Lee"),),
        boilerplate=((9, 12),),
        backend="spacy",
    )
    assert Analysis.from_json(analysis.to_json(), backend="spacy") == analysis
    assert Analysis.from_json(analysis.to_json()).backend == "rules"


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"quotes": [], "entities": []},
        {"quotes": [{"start": 0}], "entities": [], "boilerplate": []},
        {"quotes": [], "entities": [{"start": "0"}], "boilerplate": []},
        {"quotes": [], "entities": [], "boilerplate": [[1, 2, 3]]},
        {
            "quotes": [
                {
                    "start": 0,
                    "end": 2,
                    "text": "x",
                    "speaker": None,
                    "speaker_start": None,
                    "speaker_end": None,
                    "speaker_confidence": "high",
                }
            ],
            "entities": [],
            "boilerplate": [],
        },
        [],
    ],
)
def test_anything_else_is_refused(broken) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        Analysis.from_json(broken)
