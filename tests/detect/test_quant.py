"""int8 made safe: the plan beside the weights, the layers it keeps out of int8 (PyTorch and
ONNX Runtime), the runtimes measured only where a plan matches, and the offline search."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claims.detect.nli import measure
from claims.detect.nli.quant import INT8_PLAN, int8_plan
from claims.errors import ModelNotFound

torch = pytest.importorskip("torch")
PAIRS = [
    ("The council approved the budget on Tuesday.", "The council rejected the budget."),
    ("Police said three people were hurt.", "Nobody was hurt, police said."),
    ("Unemployment rose to 5.4 percent in March.", "In March the jobless rate climbed."),
]
KEEP = ["classifier", "pooler.dense", "bert.encoder.layer.0.output.dense"]


def write_plan(model_dir: Path, keep: list[str] = KEEP, weights: str | None = None) -> None:
    from claims.detect.nli.model import content_hash

    plan = {"weights": weights or content_hash(model_dir), "keep": keep}
    (model_dir / INT8_PLAN).write_text(json.dumps(plan), encoding="utf-8")


def test_a_plan_counts_only_for_the_weights_it_was_searched_for(tiny_model: Path) -> None:
    from claims.detect.nli.model import content_hash

    digest = content_hash(tiny_model)
    assert int8_plan(tiny_model, digest) is None  # none written yet
    write_plan(tiny_model, weights="0123456789abcdef")
    assert int8_plan(tiny_model, digest) is None
    write_plan(tiny_model)
    assert int8_plan(tiny_model, digest) == tuple(KEEP)
    (tiny_model / INT8_PLAN).write_text("{not json", encoding="utf-8")
    assert int8_plan(tiny_model, digest) is None


def test_safe_int8_is_a_candidate_only_with_a_plan() -> None:
    bf16 = frozenset({"avx512f", "avx512_bf16"})
    assert "int8s" not in measure.candidates(bf16, ort=True)
    assert measure.candidates(frozenset({"avx2"}), ort=False, plan=True) == ["fp32", "int8s"]
    assert measure.candidates(bf16, ort=True, plan=True) == [
        "fp32", "bf16", "int8s", "int8s_bf16", "ort-fp32", "ort-int8s",
    ]  # fmt: skip


def test_int8s_keeps_the_planned_layers_and_quantises_the_rest(tiny_model: Path) -> None:
    from claims.detect.nli import load_nli_model

    with pytest.raises(ModelNotFound, match="no int8 plan"):
        load_nli_model(str(tiny_model), precision="int8s")
    write_plan(tiny_model)
    ref = load_nli_model(str(tiny_model), precision="fp32").predict(PAIRS)
    for precision in ("int8s", "int8s_bf16"):
        model = load_nli_model(str(tiny_model), precision=precision)
        kinds = {n: m._get_name() for n, m in model.model.named_modules()}
        assert kinds["bert.encoder.layer.0.output.dense"] == "Linear"  # kept
        assert kinds["classifier"] == "Linear"
        quantised = kinds["bert.encoder.layer.0.intermediate.dense"]
        assert quantised == ("Fp32In" if precision == "int8s_bf16" else "DynamicQuantizedLinear")
        probs = model.predict(PAIRS)
        assert probs.shape == (3, 3) and np.allclose(probs.sum(1), 1.0, atol=1e-3)
        assert np.abs(probs - ref).max() < 0.05  # a random tiny model: close, not equal


def test_measurement_may_pick_int8s_and_still_refuses_what_moves_labels(
    monkeypatch, tiny_model: Path
) -> None:
    from claims.detect.nli import load_nli_model

    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tiny_model.parent / "cache"))
    monkeypatch.setattr(
        measure, "candidates", lambda flags, ort, plan: ["fp32", "int8s"][: 1 + plan]
    )
    write_plan(tiny_model)
    model = load_nli_model(str(tiny_model))
    (record_file,) = (tiny_model.parent / "cache" / "runtime").glob("*.json")
    record = json.loads(record_file.read_text())
    assert [t["precision"] for t in record["trials"]] == ["fp32", "int8s"]
    assert model.runtime == f"torch-{record['chosen']}(measured)"
    trials = [measure.Trial(**t) for t in record["trials"]]
    assert measure.pick(trials, (1.01, 0.0)).precision == "fp32"  # nothing passes: fp32


def test_onnx_nodes_of_the_kept_layers(monkeypatch, tiny_model: Path) -> None:
    """The fused graph's Attention node stands for its layer's query/key/value; MatMuls are
    found by their module path; and ort-int8s leaves exactly those unquantised."""
    pytest.importorskip("onnxruntime")
    import onnx

    from claims.detect.nli import load_nli_model
    from claims.detect.nli.quant import onnx_nodes

    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tiny_model.parent / "cache"))
    keep = ["bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.output.dense"]
    write_plan(tiny_model, keep)
    model = load_nli_model(str(tiny_model), precision="ort-int8s")
    assert model.runtime == "ort-int8s(requested)"
    folder = next((tiny_model.parent / "cache" / "onnx").iterdir())
    fused = onnx.load(str(folder / "fp32.onnx"))
    nodes = onnx_nodes(fused, tuple(keep))
    assert len(nodes) == 2 and any(n.startswith("Attention") for n in nodes)
    assert any(n.endswith("layer.0/output/dense/MatMul") for n in nodes)
    (int8,) = folder.glob("int8s-*.onnx")
    ops = {n.name: n.op_type for n in onnx.load(str(int8)).graph.node}
    assert all(ops.get(n) in ("Attention", "MatMul") for n in nodes)  # left as they were
    assert "DynamicQuantizeMatMul" in ops.values() or "MatMulInteger" in ops.values()
    assert model.predict(PAIRS).shape == (3, 3)
