"""A tiny random BERT NLI classifier with the shipped tokenizer: the runtimes' tests load
it in seconds (the real model is not under test there)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    """A random 1-layer BERT NLI classifier saved with the shipped tokenizer."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from transformers import BertConfig, BertForSequenceClassification

    from claims.detect.nli.model import SHIPPED_MODEL

    if not (SHIPPED_MODEL / "tokenizer.json").exists():
        pytest.skip("shipped tokenizer absent")
    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1,
                     num_attention_heads=2, intermediate_size=64, num_labels=3,
                     id2label={0: "entailment", 1: "neutral", 2: "contradiction"},
                     label2id={"entailment": 0, "neutral": 1, "contradiction": 2})  # fmt: skip
    out = tmp_path / "tiny-nli"
    BertForSequenceClassification(cfg).save_pretrained(out)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(SHIPPED_MODEL / name, out / name)
    return out
