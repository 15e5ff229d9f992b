"""The speaker ranker: it learns, it is calibrated, its file round-trips, and on the
annotated dev text its confidences mean what they say."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.analysis.speakers.calibration import calibrate
from reader.analysis.speakers.ranker import Ranker, SpeakerModel, read_model
from reader.analysis.speakers.training import (
    MIN_QUOTES,
    Example,
    accuracy,
    fit,
    names_person,
)
from reader.errors import ReaderError

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "data" / "quotes-polnear-dev.jsonl"
"""The annotated dev split, beside the checkout when it is there."""


def _toy(n: int, seed: int) -> list[Example]:
    """Quotes whose speaker is the candidate beside the verb, among distractors."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randrange(1, 4)
        feats = [["nobody"]]
        for c in range(1, 4):
            near = ["name:b:d1", "name:b:v-after"] if c == k else ["name:b:d5"]
            feats.append(["cand", *near, f"noise{rng.randrange(5)}"])
        out.append(Example(feats, [False] + [c == k for c in range(1, 4)], "toy"))
    return out


def test_the_ranker_learns_a_toy_set() -> None:
    ranker = fit(_toy(300, 1))
    acc, n = accuracy(ranker, _toy(100, 2))
    assert n == 100 and acc == 1.0
    assert ranker.weights["name:b:v-after"] > 0 > ranker.weights["name:b:d5"]


def test_the_same_quotes_in_another_order_give_the_same_weights() -> None:
    """One full-batch fit: retraining moves no weight, so a change in held-out accuracy
    is the change made, not a shuffle's luck."""
    quotes = _toy(300, 1)
    shuffled = list(quotes)
    random.Random(7).shuffle(shuffled)
    a, b = fit(quotes).weights, fit(shuffled).weights
    assert a.keys() == b.keys()
    assert all(abs(a[f] - b[f]) < 1e-4 for f in a)


def test_a_feature_met_in_too_few_quotes_gets_no_weight() -> None:
    """A word seen beside a speaker once or twice is that sentence's accident: the model
    must not learn it (and would grow with every rare word if it did)."""
    quotes = _toy(300, 1)
    for ex in quotes[: MIN_QUOTES - 1]:
        right = ex.correct.index(True)
        ex.features[right].append("name:b:prev=once")
    weights = fit(quotes).weights
    assert "name:b:prev=once" not in weights
    assert weights["name:b:v-after"] > 0


def test_an_untrained_ranker_cannot_tell_candidates_apart() -> None:
    probs = Ranker().probabilities([["a"], ["b"], ["c"]])
    assert probs == pytest.approx([1 / 3] * 3)


def test_calibration_maps_probability_to_how_often_right() -> None:
    pairs = [(0.3, k % 2 == 0) for k in range(100)] + [(0.9, k % 10 != 0) for k in range(100)]
    steps = calibrate(pairs, least=50)
    model = SpeakerModel(Ranker(), Ranker(), {"reporting": steps})
    assert model.confidence(0.3, "reporting") == round(51 / 102, 4)
    assert model.confidence(0.95, "reporting") == round(91 / 102, 4)
    assert model.confidence(0.95, "dialogue") == 0.95  # no calibration: the raw probability


def test_he_said_has_a_calibration_of_its_own_apart_from_said_a_name() -> None:
    """ "said Elinor" and "said she" chosen at the same probability are not right as
    often: the rule's pronoun choices are calibrated apart (older models without that
    split fall back to the rule's calibration)."""
    steps = {
        "dialogue": [(0.0, 0.3)],
        "dialogue+rule": [(0.0, 0.95)],
        "dialogue+rule+pronoun": [(0.0, 0.7)],
    }
    model = SpeakerModel(Ranker(), Ranker(), steps)
    assert model.confidence(0.9, "dialogue", "rule") == 0.95
    assert model.confidence(0.9, "dialogue", "pronoun") == 0.7
    assert model.confidence(0.9, "dialogue") == 0.3
    del steps["dialogue+rule+pronoun"]
    assert model.confidence(0.9, "dialogue", "pronoun") == 0.95


def test_a_confidence_is_never_a_certainty() -> None:
    """Fifty quotes all right earn 51/52, not 1: no model is never wrong, and
    ``reader quotes --min-confidence 1`` must not keep anything."""
    steps = calibrate([(0.99, True)] * 50, least=50)
    assert steps == [(0.99, round(51 / 52, 4))]


def test_calibration_never_lowers_confidence_as_probability_rises() -> None:
    rng = random.Random(3)
    pairs = [(p, rng.random() < p) for p in (rng.random() for _ in range(2000))]
    shares = [share for _, share in calibrate(pairs)]
    assert shares == sorted(shares)


def test_model_file_round_trips(tmp_path: Path) -> None:
    model = SpeakerModel(Ranker({"a": 1.5}), Ranker({"b": -2.0}), {"dialogue": [(0.0, 0.4)]})
    path = tmp_path / "speakers.model"
    model.save(path)
    again = read_model(path)
    assert again.first.weights == {"a": 1.5} and again.second.weights == {"b": -2.0}
    assert again.confidence(0.7, "dialogue") == 0.4
    twice = tmp_path / "again.model"
    model.save(twice)
    assert twice.read_bytes() == path.read_bytes()  # the same model, the same bytes


def test_a_broken_model_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "speakers.model"
    path.write_bytes(b"not gzip")
    with pytest.raises(ReaderError, match=r"speakers\.model: not a speaker model"):
        read_model(path)


def test_names_compare_by_surname_without_titles() -> None:
    assert names_person(["Jeremy Corbyn"], "Mr. Corbyn")
    assert names_person(["Lord Henry", "Harry"], "Harry")
    assert not names_person(["Jeremy Corbyn"], "Jim Murphy")
    assert not names_person(["Jeremy Corbyn"], None)


NEEDS_DEV = pytest.mark.skipif(
    not DEV.is_file(), reason="the annotated dev split is not checked out"
)


def _dev_outcomes():
    from reader.analysis.speakers.report import outcomes

    with DEV.open(encoding="utf-8") as src:
        return outcomes(json.loads(line) for line in src)


@NEEDS_DEV
def test_confidence_is_calibrated_on_dev_news() -> None:
    """Quotes given >= 0.9 are right >= 95% of the time, confidence tracks accuracy,
    and the share reaching 0.9 does not fall below what the shipped model gives."""
    result = _dev_outcomes()
    share, right = result.confident(0.9)
    assert right >= 0.95, f"quotes at >= 0.9 right only {right:.3f} of the time"
    assert share >= 0.4, f"only {share:.1%} of quotes reach 0.9"
    assert result.calibration_error() <= 0.12


@NEEDS_DEV
def test_half_of_dev_news_quotes_reach_confidence_0_9() -> None:
    share, right = _dev_outcomes().confident(0.9)
    assert share >= 0.5, f"only {share:.1%} of quotes reach 0.9"
    assert right >= 0.95, f"quotes at >= 0.9 right only {right:.3f} of the time"


def test_an_uncertain_speaker_is_marked_as_a_guess_in_the_quotes_list() -> None:
    from reader.analysis.model import Analysis, Quote
    from reader.view.analysis_spans import quote_spans
    from reader.view.speaker_view import UNCERTAIN_BELOW

    analysis = Analysis(
        quotes=(
            Quote(0, 5, '"Hi,"', "Jim Murphy", speaker_confidence=UNCERTAIN_BELOW - 0.1),
            Quote(10, 15, '"Yo,"', "Ruth Smeeth", speaker_confidence=0.95),
            Quote(20, 25, '"So,"', None, speaker_confidence=0.3),
        )
    )
    assert [s.detail for s in quote_spans(analysis)] == ["? Jim Murphy", "Ruth Smeeth", ""]


def _annotated(path: Path, count: int) -> Path:
    """``count`` small annotated news documents: each quote's speaker is named in its tag."""
    people = ["Ana Ortiz", "Ben Hale", "Cara Diaz", "Dev Patel", "Eli Stone", "Fay Moss"]
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            text, quotes = "", []
            for j in range(3):
                who = people[(k + j) % len(people)]
                quote = f'"We will look at plan {k}{j} again,"'
                start = len(text)
                text += f"{quote} said {who} on Monday.\n\n"
                quotes.append({"start": start, "end": start + len(quote), "speaker": who})
            out.write(json.dumps({"text": text, "quotes": quotes, "source_corpus": "toy"}) + "\n")
    return path


def test_training_calibrates_on_folds_and_keeps_the_held_out_documents_apart(tmp_path) -> None:
    from reader.analysis.speakers.training import train_model

    data = _annotated(tmp_path / "toy.jsonl", 20)
    model, held = train_model([data], every=10, folds=3, log=lambda _: None)
    assert model.meta["calibration_folds"] == 3
    assert len(held) == 2 * 3  # documents 10 and 20 are only reported on
    assert {g.partition("+")[0] for g in model.calibration} == {"reporting"}
    acc, n = accuracy(model.second, held)
    assert n == 6 and acc == 1.0
    # the calibration rests on the training documents, each ranked by a fit without it
    [(lowest, share)] = model.calibration["reporting+rule"]  # each tag names its speaker
    assert share == round(55 / 56, 4) and lowest > 0.5  # 54 quotes, all right


def test_a_book_ranked_in_parts_on_forked_workers_gets_the_same_speakers(monkeypatch) -> None:
    """The app's analysis child ranks a book's quotes in parts on several workers; each
    part reads the first-pass choices just beyond its edges, so nothing changes."""
    from reader.analysis.speakers import decide
    from reader.analysis.speakers.decide import Attribution
    from reader.analysis.speakers.ranker import active_model

    article = (Path(__file__).resolve().parents[1] / "sample_articles").glob("*.txt")
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(article)) * 2
    model = active_model()
    assert model is not None
    serial = Attribution.of(text).by_model(model)
    monkeypatch.setattr(decide, "FORK_QUOTES", max(2, len(serial) // 5))
    forked = Attribution.of(text).by_model(model, processes=3)
    assert len(serial) > 20
    assert forked == serial
    in_process = Attribution.of(text).by_model(model, processes=1)
    assert in_process == serial


_SCENE = (
    "Ann Lee looked at Tom Hale across the table.",
    '"Where were you?" she asked.',
    '"Out."',
    '"Out where?"',
    '"Just out," said Tom. "Walking."',
    '"You always say that."',
    "He shrugged and turned to the window.",
)


def test_a_novel_decoded_in_parts_gets_the_same_speakers(monkeypatch) -> None:
    """A dialogue's turns are decoded as runs; a part reaches to its runs' ends, so
    cutting a book into parts cuts no conversation."""
    from reader.analysis.speakers import decide
    from reader.analysis.speakers.decide import Attribution
    from reader.analysis.speakers.ranker import active_model

    text = "\n\n".join(_SCENE * 30)
    model = active_model()
    assert model is not None
    attribution = Attribution.of(text)
    assert attribution.dialogue  # the turns are decoded, not ranked alone
    serial = attribution.by_model(model)
    monkeypatch.setattr(decide, "FORK_QUOTES", 7)  # parts end inside conversations
    assert Attribution.of(text).by_model(model, processes=3) == serial
    assert Attribution.of(text).by_model(model, processes=1) == serial


def test_training_with_one_fold_calibrates_on_the_held_out_documents(tmp_path) -> None:
    """``--folds 1``: both passes still learn from every training document."""
    from reader.analysis.speakers.training import train_model

    data = _annotated(tmp_path / "toy.jsonl", 20)
    model, held = train_model([data], every=10, folds=1, log=lambda _: None)
    assert model.first.weights and model.second.weights
    assert accuracy(model.second, held) == (1.0, 6)


def test_explained_evidence_is_the_same_in_every_process() -> None:
    """Tied weights once came out in set order, which changes with the hash seed."""
    import os
    import subprocess
    import sys

    code = (
        "from reader.analysis import analyze;"
        "t=open('sample_articles/ferry-contract-gdansk.txt').read();"
        "print([q.speaker_evidence['decided_by'] for q in analyze(t, explain=True).quotes])"
    )
    root = Path(__file__).resolve().parents[1]
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


_FEATURES_SCRIPT = """
from reader.analysis.speakers.decide import Attribution
text = '"Where were you?" Ann Lee asked Tom Hale.\\n\\n"Out," he said.\\n\\n"Out where?"'
a = Attribution.of(text)
print([a.candidates(k)[1] for k in range(len(a.spans))])
"""


def test_candidate_features_come_in_the_same_order_whatever_the_hash_seed() -> None:
    """Their weights are summed in that order; a sum that varied with the process's
    hash seed broke near-ties differently in every training run."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _FEATURES_SCRIPT], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_novels_chapters_stay_in_one_fold_and_articles_spread() -> None:
    """The second pass learns from a first pass that saw nothing of the book: a fold
    that held out one chapter but trained on the next would trust the first pass as
    it cannot be trusted on a new novel."""
    from reader.analysis.speakers.training import work_folds, work_of

    records = [
        {"id": "fiction:Book One:10"},
        {"id": "fiction:Book One:900"},
        {"id": "fiction:Book Two:5"},
        {"id": "news:story-a"},
        {"id": "news:story-b"},
        {},
    ]
    works = [work_of(r, k) for k, r in enumerate(records)]
    assert works[:3] == ["fiction:Book One", "fiction:Book One", "fiction:Book Two"]
    assert works[3] != works[4] and works[5] == "5"
    folds = work_folds(works, 3)
    assert folds[0] == folds[1] != folds[2]
    assert len(set(folds)) == 3


def test_the_second_pass_sees_where_the_first_ranked_each_candidate() -> None:
    from reader.analysis.speakers.features import first_pass_features

    first = {None: 0.05, "Ann Lee": 0.8, "Bo Kim": 0.15}
    assert first_pass_features("Ann Lee", first) == ["fp:rank1", "fp:p0.7", "fp:rank1:p0.7"]
    assert first_pass_features("Bo Kim", first) == ["fp:rank2", "fp:p0.1", "fp:rank2:p0.1"]
    assert first_pass_features(None, first)[0] == "fp:rank3"
    assert first_pass_features("Cy Ng", first) == ["fp:absent"]


def test_second_pass_features_carry_the_first_pass_ranking() -> None:
    """Analysis gives the second pass the same first-pass facts training did."""
    from reader.analysis.speakers.decide import Attribution
    from reader.analysis.speakers.ranker import active_model

    text = '"We will look again," said Ana Ortiz on Monday.\n\n"So will we," said Ben Hale.\n'
    attribution = Attribution.of(text)
    model = active_model()
    assert model is not None
    passed = attribution.first_pass(model.first)
    cands, feats, _ = attribution.candidates(0, attribution.around(passed, 0))
    chosen = next(f for c, f in zip(cands, feats, strict=True) if c.name == "Ana Ortiz")
    assert "fp:rank1" in chosen
