"""The optional spaCy backend: same contract as the rules, helpful errors when missing."""

from __future__ import annotations

import sys

import pytest

from reader.analysis import spacy_backend
from reader.analysis.spacy_backend import find_entities_spacy, load_model, model_name
from reader.errors import ReaderError

TEXT = (
    "KEN Livingstone has resigned from the Labour Party.\n\n"
    "READ MORE: Livingstone quits\n\n"
    "Mr Livingstone said Livingstone's critics in London were wrong.\n"
)


@pytest.fixture
def nlp():
    spacy = pytest.importorskip("spacy")
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": [{"LOWER": "ken"}, {"LOWER": "livingstone"}]},
            {"label": "PERSON", "pattern": "Livingstone"},
            {"label": "ORG", "pattern": "Labour Party"},
            {"label": "GPE", "pattern": "London"},
        ]
    )
    return pipeline


def test_entities_have_valid_offsets_and_labels(nlp) -> None:
    entities = find_entities_spacy(TEXT, nlp=nlp)
    assert [e.start for e in entities] == sorted(e.start for e in entities)
    for entity in entities:
        assert TEXT[entity.start : entity.end] == entity.text
    assert {e.label for e in entities} == {"PERSON", "ORG", "GPE"}


def test_mentions_are_grouped_under_the_full_name(nlp) -> None:
    entities = find_entities_spacy(TEXT, nlp=nlp)
    people = [e for e in entities if e.label == "PERSON"]
    assert {e.canonical for e in people} == {"Ken Livingstone"}
    assert "Livingstone" in [e.text for e in people]  # possessive 's left out of the span


def test_nothing_is_reported_inside_boilerplate(nlp) -> None:
    start = TEXT.index("READ MORE")
    span = (start, TEXT.index("\n", start))
    entities = find_entities_spacy(TEXT, boilerplate=[span], nlp=nlp)
    assert all(e.end <= span[0] or e.start >= span[1] for e in entities)
    assert len(find_entities_spacy(TEXT, nlp=nlp)) == len(entities) + 1


def test_model_name_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("READER_SPACY_MODEL", raising=False)
    assert model_name() == "en_core_web_sm"
    monkeypatch.setenv("READER_SPACY_MODEL", "en_core_web_lg")
    assert model_name() == "en_core_web_lg"
    assert model_name("xx_custom") == "xx_custom"


def test_missing_spacy_says_what_to_install(monkeypatch) -> None:
    load_model.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes "import spacy" fail
    with pytest.raises(ReaderError) as caught:
        load_model("en_core_web_sm")
    message = str(caught.value)
    assert "pip install 'reader[spacy]'" in message
    assert "python -m spacy download en_core_web_sm" in message
    load_model.cache_clear()


def test_missing_model_names_the_download_command() -> None:
    pytest.importorskip("spacy")
    load_model.cache_clear()
    with pytest.raises(ReaderError, match="python -m spacy download no_such_model_xyz"):
        load_model("no_such_model_xyz")
    load_model.cache_clear()


def test_analyze_with_spacy_backend_uses_the_loaded_model(nlp, monkeypatch) -> None:
    from reader.analysis import analyze

    monkeypatch.setattr(spacy_backend, "load_model", lambda name: nlp)
    analysis = analyze(TEXT, backend="spacy")
    assert analysis.backend == "spacy"
    assert {e.canonical for e in analysis.entities if e.label == "PERSON"} == {"Ken Livingstone"}
    assert analysis.boilerplate  # the READ MORE line
    bp_start, bp_end = analysis.boilerplate[0]
    assert all(e.end <= bp_start or e.start >= bp_end for e in analysis.entities)
