"""``reader train entities|speakers DATA.jsonl... -o MODEL``: retrain a shipped model.

Why a command: researchers have their own annotated corpora; training is the same
code that made the shipped models, and ``READER_ENTITY_MODEL=MODEL`` (or
``READER_SPEAKER_MODEL``) then uses theirs.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from reader.errors import ReaderError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p_train = sub.add_parser("train", help="train the entity tagger or the speaker model")
    p_train.add_argument("what", choices=("entities", "speakers"), help="which model to train")
    p_train.add_argument(
        "data",
        nargs="+",
        metavar="DATA.jsonl",
        help='lines of {"text", "entities"} (entities) or {"text", "quotes"} (speakers)',
    )
    p_train.add_argument("-o", "--output", required=True, metavar="MODEL", help="model to write")
    p_train.add_argument("--epochs", type=int, default=None, metavar="N")
    p_train.add_argument(
        "--unlabeled",
        action="append",
        default=[],
        metavar="FILE",
        help="more text (JSONL with a text field, or plain text) to learn how words are used",
    )
    p_train.add_argument("--seed", type=int, default=1, metavar="N")
    p_train.add_argument(
        "--runs",
        type=int,
        default=6,
        metavar="N",
        help="entities: train N times on differently shuffled data and average (default 6);"
        " the speaker model is one deterministic fit",
    )
    p_train.add_argument(
        "--hold-out",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="train without the last FRACTION of documents and print scores on them"
        " (speakers: every 10th document is held out and reported on; the confidence is"
        " calibrated on cross-fitted predictions over the rest)",
    )
    p_train.add_argument(
        "--workers", type=int, default=0, metavar="N", help="processes (speakers; default: CPUs)"
    )
    p_train.add_argument(
        "--folds",
        type=int,
        default=5,
        metavar="N",
        help="speakers: parts the training documents are cut into to calibrate the confidence"
        " on predictions for documents each fit did not see (default 5; 1: on the held-out tenth)",
    )


def _plain_texts(path: Path) -> list:
    """Documents of an unannotated file: JSONL lines with a "text", or the whole file."""
    import json

    from reader.analysis.document import build_document

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReaderError(f"{path}: {getattr(error, 'strerror', None) or error}") from None
    if path.suffix != ".jsonl":
        return [build_document(raw)]
    docs = []
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                docs.append(build_document(json.loads(line)["text"]))
            except (ValueError, KeyError, TypeError):
                raise ReaderError(f'{path}:{number}: no "text" in this line') from None
    return docs


def train_command(args: argparse.Namespace) -> int:
    if args.what == "speakers":
        return _train_speakers(args)
    if len(args.data) != 1:
        raise ReaderError("train entities: give one DATA.jsonl")
    return _train_entities(args)


def _train_speakers(args: argparse.Namespace) -> int:
    import os

    from reader.analysis.speakers.training import accuracy, reliability, train_model

    paths = [Path(d) for d in args.data]
    for path in paths:
        if not path.is_file():
            raise ReaderError(f"{path}: no such file")
    workers = args.workers or min(8, os.cpu_count() or 1)
    try:
        model, held = train_model(
            paths, workers=workers, log=lambda m: print(m, flush=True), folds=max(1, args.folds)
        )
    except ImportError as error:
        raise ReaderError(str(error)) from None
    except (ValueError, KeyError) as error:
        raise ReaderError(f"{', '.join(map(str, paths))}: not annotated quotes ({error})") from None
    output = Path(args.output)
    try:
        model.save(output)
    except OSError as error:
        raise ReaderError(f"{output}: {error.strerror or error}") from None
    print(f"wrote {output} ({len(model.second.weights):,} features)")
    for corpus in sorted({e.corpus for e in held}):
        acc, n = accuracy(model.second, [e for e in held if e.corpus == corpus])
        print(f"held-out {corpus}: speaker accuracy {acc:.3f} (n={n})")
    for kind in ("reporting", "dialogue"):
        print(f"held-out {kind}: confidence  quotes  accuracy")
        for label, n, acc in reliability(model, [e for e in held if e.kind == kind]):
            print(f"  {label:<10}  {n:>6}  {acc:.3f}")
    return 0


def _train_entities(args: argparse.Namespace) -> int:
    from reader.analysis.ner import model_file
    from reader.analysis.ner.profile import build_profile
    from reader.analysis.ner.training import evaluate, read_examples, train

    data = Path(args.data[0])
    try:
        examples = read_examples(data)
    except OSError as error:
        raise ReaderError(f"{data}: {error.strerror or error}") from None
    except ValueError as error:
        raise ReaderError(str(error)) from None
    if not examples:
        raise ReaderError(f"{data}: no annotated documents")
    cut = len(examples) - int(len(examples) * max(0.0, min(args.hold_out, 0.9)))
    training, held = examples[:cut], examples[cut:]
    digest = hashlib.sha256(data.read_bytes()).hexdigest()[:16]
    extra = [doc for name in args.unlabeled for doc in _plain_texts(Path(name))]
    profile = build_profile([ex.doc for ex in training] + extra)
    print(f"word profiles from {len(training) + len(extra)} texts: {len(profile):,} words")
    print(f"training on {len(training)} documents from {data.name}", flush=True)
    model = train(
        training,
        epochs=args.epochs or 12,
        seed=args.seed,
        runs=max(1, args.runs),
        log=True,
        meta={
            "data": data.name,
            "data_sha256": digest,
            "held_out": len(held),
            "unlabeled": [Path(name).name for name in args.unlabeled],
        },
        profile=profile,
    )
    output = Path(args.output)
    try:
        model_file.save(model, output)
    except OSError as error:
        raise ReaderError(f"{output}: {error.strerror or error}") from None
    size = output.stat().st_size
    print(f"wrote {output} ({len(model.index):,} features, {size / 1e6:.1f} MB)")
    if held:
        print(f"held-out ({len(held)} documents)   P      R      F1")
        for kind, (p, r, f) in evaluate(model, held).items():
            print(f"  {kind:<26} {p:.3f}  {r:.3f}  {f:.3f}")
    return 0
