"""train_nli.py's loop resumes exactly, its mix reads .jsonl.gz, its guard keeps
train-restricted/ weights from shipping. A tiny BERT and toy rows: runs in seconds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from training import train_nli  # noqa: E402
from training.loop import LoopConfig, Trainer  # noqa: E402
from training.nli_mix import load_sources, sample_epoch  # noqa: E402

LABELS = ("entailment", "neutral", "contradiction")
WORDS = "the a man dog ran sat city rose fell council voted not police said no".split()


def toy_rows(n: int, seed: int) -> list[dict]:
    import random

    rng = random.Random(seed)
    words = lambda k: " ".join(rng.choices(WORDS, k=k))  # noqa: E731
    return [{"premise": words(6), "hypothesis": words(4), "label": LABELS[i % 3]} for i in range(n)]


def encode(rows: list[dict]) -> dict:
    """Word ids by position in WORDS: no tokenizer needed."""
    ids = [[1] + [2 + WORDS.index(w) for w in (r["premise"] + " x " + r["hypothesis"]).split()
            if w in WORDS] for r in rows]  # fmt: skip
    width = max(map(len, ids))
    mask = [[1] * len(x) + [0] * (width - len(x)) for x in ids]
    ids = [x + [0] * (width - len(x)) for x in ids]
    return {"input_ids": torch.tensor(ids), "attention_mask": torch.tensor(mask),
            "labels": torch.tensor([LABELS.index(r["label"]) for r in rows])}  # fmt: skip


def tiny_model(seed: int):  # noqa: ANN201
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(seed)
    cfg = BertConfig(vocab_size=32, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=32, max_position_embeddings=32, num_labels=3,
                     hidden_dropout_prob=0.2, attention_probs_dropout_prob=0.2)  # fmt: skip
    return BertForSequenceClassification(cfg)


SOURCES = {"a": toy_rows(30, 1), "b": toy_rows(12, 2)}
MIX = {"a": 24, "b": 16}  # b repeats within an epoch
CFG = LoopConfig(epochs=2, batch_size=8, learning_rate=1e-3, seed=5)


def trainer(work: Path, model_seed: int) -> Trainer:
    torch.set_num_threads(1)
    return Trainer(tiny_model(model_seed), CFG, lambda e: sample_epoch(SOURCES, MIX, CFG.seed, e),
                   encode, work)  # fmt: skip


def stop_after(n: int):  # noqa: ANN201
    calls = iter(range(n - 1, -1, -1))  # True at the n-th call
    return lambda: next(calls, 0) == 0


def test_a_resumed_run_reaches_the_weights_of_an_uninterrupted_one(tmp_path: Path) -> None:
    whole = trainer(tmp_path / "whole", 0)
    torch.manual_seed(99)  # the random state the loop starts from
    assert whole.run(save_every=1000)
    assert whole.pos.step == whole.total_steps == 10

    first = trainer(tmp_path / "parts", 0)
    torch.manual_seed(99)
    assert not first.run(stop=stop_after(3), save_every=1000)  # mid-epoch
    second = trainer(tmp_path / "parts", 123)  # other initial weights: the checkpoint rules
    torch.manual_seed(7)  # and another random state, which the checkpoint replaces
    assert second.resume() and second.pos.step == 3
    assert not second.run(stop=stop_after(4), save_every=1000)  # across the epoch boundary
    third = trainer(tmp_path / "parts", 321)
    assert third.resume() and (third.pos.epoch, third.pos.batch) == (1, 2)
    assert third.run(save_every=2)
    a, b = whole.model.state_dict(), third.model.state_dict()
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a), "resumed weights differ"
    assert whole.opt.state_dict()["state"][0]["step"] == third.opt.state_dict()["state"][0]["step"]
    assert third.sched.get_last_lr() == whole.sched.get_last_lr()


def test_a_checkpoint_of_other_settings_is_refused(tmp_path: Path) -> None:
    t = trainer(tmp_path, 0)
    t.run(stop=stop_after(1))
    other = Trainer(tiny_model(0), LoopConfig(epochs=3, batch_size=8, seed=5),
                    lambda e: sample_epoch(SOURCES, MIX, 5, e), encode, tmp_path)  # fmt: skip
    with pytest.raises(SystemExit, match="was made with"):
        other.resume()


def test_epochs_are_fixed_by_seed_and_differ_from_each_other() -> None:
    e0 = sample_epoch(SOURCES, MIX, 5, 0)
    assert e0 == sample_epoch(SOURCES, MIX, 5, 0)
    assert e0 != sample_epoch(SOURCES, MIX, 5, 1)
    assert len(e0) == 40 and sum(r in SOURCES["b"] for r in e0) == 16


def test_sources_read_from_jsonl_and_gzip(tmp_path: Path) -> None:
    (tmp_path / "train").mkdir()
    (tmp_path / "train-restricted").mkdir()
    rows = toy_rows(6, 3)
    (tmp_path / "train" / "plain.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with gzip.open(tmp_path / "train" / "packed.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows[:4])
    with gzip.open(tmp_path / "train-restricted" / "fnc1_train_related.jsonl.gz", "wt") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows[:2])
    mix = {"plain": 6, "packed": 4, "fnc1_train_related": 2}
    sources, _, restricted = load_sources(tmp_path, tmp_path / "none", tmp_path, mix, 1)
    assert {k: len(v) for k, v in sources.items()} == {"plain": 6, "packed": 4,
                                                        "fnc1_train_related": 2}  # fmt: skip
    assert restricted == ["fnc1_train_related"]


def test_restricted_weights_never_go_where_shipped_weights_go(tmp_path: Path) -> None:
    with pytest.raises(train_nli.RestrictedData):
        train_nli.check_shippable(tmp_path / "model", ["lingnli_train"], None)
    with pytest.raises(train_nli.RestrictedData):
        train_nli.check_shippable(train_nli.MODELS / "x", ["lingnli_train"], "exp")
    train_nli.check_shippable(tmp_path / "model", ["lingnli_train"], "exp")
    train_nli.check_shippable(train_nli.MODELS / "x", [], None)
    (tmp_path / "train_meta.json").write_text(json.dumps({"restricted": ["fnc1_train_related"]}))
    with pytest.raises(train_nli.RestrictedData):
        train_nli.ship(tmp_path, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_restricted_data_needs_an_experiment_name() -> None:
    with pytest.raises(SystemExit):
        train_nli.parse_args(["--with-restricted"])
    args = train_nli.parse_args(["--with-restricted", "--experiment", "r"])
    assert args.work == train_nli.OUT / "experiments" / "r"


def test_finishing_a_stopped_run_needs_its_checkpoint(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no checkpoint"):
        train_nli.main(["--finish-partial", "--work", str(tmp_path)])
