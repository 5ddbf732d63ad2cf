"""int8_search.py: the layer groups it searches, the greedy order (most sensitive kept first,
stop at the first plan that meets the criterion), the calibration sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from training import int8_search  # noqa: E402


def tiny_bert(layers: int = 2):  # noqa: ANN201
    from transformers import BertConfig, BertForSequenceClassification

    cfg = BertConfig(vocab_size=100, hidden_size=16, num_hidden_layers=layers,
                     num_attention_heads=2, intermediate_size=32, num_labels=3)  # fmt: skip
    return BertForSequenceClassification(cfg)


def test_four_groups_per_encoder_layer() -> None:
    groups = int8_search.groups(tiny_bert(2))
    assert list(groups)[:4] == [f"bert.encoder.layer.0 {g}" for g in int8_search.GROUPS]
    assert len(groups) == 8
    assert groups["bert.encoder.layer.1 qkv"] == tuple(
        f"bert.encoder.layer.1.attention.self.{p}" for p in ("query", "key", "value")
    )


class FakeSearch:
    """Each group in int8 costs its own share of label agreement (a stand-in for the model)."""

    def __init__(self, cost: dict[str, float]) -> None:
        self.base = type("Base", (), {"model": tiny_bert(2)})()
        self.linears = tuple(n for n, m in self.base.model.named_modules()
                             if isinstance(m, torch.nn.Linear))  # fmt: skip
        self.groups = int8_search.groups(self.base.model)
        self.cost = cost

    def effect(self, keep: tuple[str, ...]) -> dict[str, float]:
        int8 = [g for g, mods in self.groups.items() if not set(mods) <= set(keep)]
        loss = sum(self.cost.get(g, 0.0) for g in int8)
        return {"agreement": 1 - loss, "max_diff": loss, "p99_diff": loss, "mean_abs": loss / 10}


def test_the_most_sensitive_groups_are_kept_until_the_rest_agrees() -> None:
    cost = {"bert.encoder.layer.1 output": 0.03, "bert.encoder.layer.0 intermediate": 0.02,
            "bert.encoder.layer.0 qkv": 0.004, "bert.encoder.layer.1 qkv": 0.003}  # fmt: skip
    found = int8_search.search(FakeSearch(cost), agree=0.99, max_diff=0.08)  # type: ignore[arg-type]
    assert found["kept_groups"] == [
        "bert.encoder.layer.1 output",
        "bert.encoder.layer.0 intermediate",
    ]
    assert found["int8s"]["agreement"] >= 0.99
    assert "bert.encoder.layer.1.output.dense" in found["keep"] and "classifier" in found["keep"]
    assert "bert.encoder.layer.0.attention.self.query" not in found["keep"]  # int8: cheap enough
    strict = int8_search.search(FakeSearch(cost), agree=1.0, max_diff=0.0)  # type: ignore[arg-type]
    assert len(strict["kept_groups"]) == 4  # every group that costs anything


def test_calibration_samples_each_source(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "train").mkdir()
    for k, name in enumerate(int8_search.SOURCES):
        rows = [{"premise": f"p{k}-{i}", "hypothesis": f"h{k}-{i}", "label": "neutral"}
                for i in range(3 + k)]  # fmt: skip
        with gzip.open(tmp_path / "train" / name, "wt") as f:
            f.write("\n".join(json.dumps(r) for r in rows))
    pairs, counts = int8_search.calibration(tmp_path, 4)
    assert list(counts.values()) == [3, 4, 4, 4, 4, 4]  # fewer where a source has fewer
    assert len(set(pairs)) == len(pairs) == 23
    assert pairs == int8_search.calibration(tmp_path, 4)[0]  # fixed seed
