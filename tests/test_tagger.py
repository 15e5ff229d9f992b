"""The trained entity tagger: training learns, models round-trip, the shipped one works."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from conftest import SAMPLE

from reader.analysis import analyze
from reader.analysis.document import build_document
from reader.analysis.ner import model_file
from reader.analysis.ner.recognise import MODEL_VARIABLE, model_path
from reader.analysis.ner.tagger import Tagger
from reader.analysis.ner.training import Example, evaluate, gold_tags, read_examples, train
from reader.cli.main import main
from reader.errors import ReaderError

_GIVEN = ["Arlo", "Brisa", "Caspar", "Delphine", "Emrys", "Faye"]
_FAMILY = ["Quenby", "Ravel", "Stroud", "Tamsin", "Ulloa", "Vance"]
_TOWNS = ["Frimsk", "Gorlov", "Hesketh", "Ilvane"]
_FOODS = ["mango", "lentils", "barley"]


def _synthetic(count: int, seed: int = 3) -> list[dict]:
    """Invented sentences: people visit towns and eat food (FOOD is a type of our own)."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        parts, entities, text = [], [], ""
        for _ in range(3):
            person = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
            town, food = rng.choice(_TOWNS), rng.choice(_FOODS)
            sentence = f"{person} visited {town} and ate {food}. "
            base = len(text)
            entities.append({"start": base, "end": base + len(person), "label": "PERSON"})
            at = base + sentence.index(town)
            entities.append({"start": at, "end": at + len(town), "label": "GPE"})
            at = base + sentence.index(food)
            entities.append({"start": at, "end": at + len(food), "label": "FOOD"})
            text += sentence
            parts.append(sentence)
        docs.append({"text": text.strip(), "entities": entities})
    return docs


def _examples(docs: list[dict]) -> list[Example]:
    out = []
    for d in docs:
        doc = build_document(d["text"])
        out.append(Example(doc, gold_tags(doc, d["entities"])))
    return out


def _write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_training_learns_a_tiny_synthetic_set() -> None:
    examples = _examples(_synthetic(30))
    model = train(examples, epochs=6)
    scores = evaluate(model, examples)
    assert scores["all"][2] == 1.0, scores
    assert set(scores) == {"FOOD", "LOC", "PER", "all"}


def test_training_is_deterministic(tmp_path: Path) -> None:
    examples = _examples(_synthetic(10))
    model_file.save(train(examples, epochs=3, seed=5), tmp_path / "a.model")
    model_file.save(train(examples, epochs=3, seed=5), tmp_path / "b.model")
    assert (tmp_path / "a.model").read_bytes() == (tmp_path / "b.model").read_bytes()


def test_a_saved_model_tags_as_the_trained_one(tmp_path: Path) -> None:
    examples = _examples(_synthetic(20))
    model = train(examples, epochs=4)
    model_file.save(model, tmp_path / "m.model")
    loaded = model_file.load(tmp_path / "m.model")
    doc = build_document("Faye Stroud visited Gorlov and ate barley.")
    assert Tagger(loaded).tag(doc) == Tagger(model).tag(doc)
    assert [t.kind for t in Tagger(loaded).tag(doc)] == ["PER", "LOC", "FOOD"]


def test_another_model_is_chosen_by_the_environment(tmp_path, monkeypatch) -> None:
    """A researcher's model with a type of its own shows that type in the analysis."""
    model_file.save(train(_examples(_synthetic(30)), epochs=6), tmp_path / "food.model")
    monkeypatch.setenv(MODEL_VARIABLE, str(tmp_path / "food.model"))
    assert model_path() == tmp_path / "food.model"
    found = {
        (e.text, e.label) for e in analyze("Emrys Vance visited Ilvane and ate mango.").entities
    }
    assert ("mango", "FOOD") in found
    assert ("Emrys Vance", "PERSON") in found


def test_a_file_that_is_not_a_model_is_one_clear_error(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "broken.model"
    bad.write_bytes(b"\x00not a model")
    monkeypatch.setenv(MODEL_VARIABLE, str(bad))
    with pytest.raises(ReaderError) as caught:
        analyze("Someone said something.")
    message = str(caught.value)
    assert str(bad) in message and "not a tagger model" in message and "\n" not in message


def test_the_shipped_model_is_small_and_tags_the_sample_article() -> None:
    path = model_path()
    assert path.stat().st_size <= 15_000_000
    text = SAMPLE.read_text(encoding="utf-8")
    found = {(e.canonical, e.label) for e in analyze(text).entities}
    for name, label in [
        ("Ken Livingstone", "PERSON"),
        ("Jeremy Corbyn", "PERSON"),
        ("Jim Murphy", "PERSON"),
        ("Labour Party", "ORG"),
        ("London", "GPE"),
        ("Jewish", "NORP"),
    ]:
        assert (name, label) in found


def test_no_person_is_a_word_the_article_writes_in_lower_case() -> None:
    text = "Practice was over by noon. Coaches say practice makes the team. Hope stayed."
    entities = analyze(text + " They hope to win.").entities
    assert not [e for e in entities if e.label == "PERSON" and e.text in ("Practice", "Hope")]


def test_train_command_writes_a_model_and_scores_the_held_out_part(tmp_path, capsys) -> None:
    data = _write_jsonl(tmp_path / "data.jsonl", _synthetic(20))
    out = tmp_path / "mine.model"
    code = main(
        ["train", "entities", str(data), "-o", str(out), "--epochs", "3", "--hold-out", "0.2"]
    )
    printed = capsys.readouterr().out
    assert code == 0 and out.exists()
    assert "held-out (4 documents)" in printed
    assert read_examples(data)[0].gold.count("B-FOOD") == 3


def test_train_command_names_the_bad_line(tmp_path, capsys) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "ok", "entities": []}\n{"entities": []}\n', encoding="utf-8")
    code = main(["train", "entities", str(data), "-o", str(tmp_path / "m.model")])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert err.startswith("reader: ") and f"{data}:2:" in err and "\n" not in err


def test_word_profiles_say_how_plain_text_writes_a_word() -> None:
    from reader.analysis.ner.profile import build_profile, profile_features

    text = "\n".join(
        f"On day {n} then Quenby said the practice was fine, and Practice ended." for n in range(5)
    )
    profile = build_profile([build_document(text)])
    assert profile["quenby"].split()[0] == "3"  # capitalised wherever it appears
    assert profile["practice"].split()[0] == "2"  # capitalised half the time, mid-sentence
    assert profile_features("Quenby", profile) == ["pc:3", "pl:then", "pr:said"]
    assert profile_features("Zzyzx", profile) == ["pc:none"]


def test_unlabeled_text_is_learnt_from_and_travels_in_the_model(tmp_path, capsys) -> None:
    data = _write_jsonl(tmp_path / "data.jsonl", _synthetic(10))
    plain = tmp_path / "more.txt"
    plain.write_text("Tamsin Ulloa said so. " * 5, encoding="utf-8")
    out = tmp_path / "m.model"
    code = main(
        ["train", "entities", str(data), "-o", str(out), "--epochs", "2", "--unlabeled", str(plain)]
    )
    assert code == 0
    model = model_file.load(out)
    assert model.profile["ulloa"].startswith("3 ")
    assert model.meta["unlabeled"] == ["more.txt"]


def test_a_book_tagged_in_pieces_on_several_processes_names_the_same(monkeypatch) -> None:
    """The app's analysis child tags a book's pieces in forked workers; the names must
    not depend on how many there were, and each piece starts with no memory of tags."""
    from reader.analysis.entities import find_entities
    from reader.analysis.ner import tagger as tagger_module

    article = SAMPLE.read_text(encoding="utf-8").strip()
    assert find_entities(article, processes=3) == find_entities(article)  # one piece
    text = "\n\n".join([article] * 6)
    monkeypatch.setattr(tagger_module, "PIECE_CHARS", len(text) // 5)
    doc = build_document(text)
    parts = tagger_module.pieces(doc, tagger_module.PIECE_CHARS)
    assert len(parts) >= 4
    assert [s for part in parts for s in part] == doc.sentences  # whole sentences, in order
    serial = find_entities(text, processes=1)
    forked = find_entities(text, processes=3)
    assert forked == serial


def test_a_worker_that_dies_does_not_hang_the_analysis() -> None:
    """A forked worker killed (out of memory) leaves the parts to the caller."""
    import os
    import signal

    from reader.analysis.forking import fork_map

    parent = os.getpid()

    def job(part: int) -> int:
        if part == 1 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return part * 10

    assert fork_map(job, 4, processes=2) == [0, 10, 20, 30]
