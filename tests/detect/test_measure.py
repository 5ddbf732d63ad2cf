"""The NLI runtime chosen by measurement: fastest within tolerance of fp32, cached per CPU
and weights, never required. A tiny random BERT with the shipped tokenizer: seconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.detect.nli import measure
from claims.detect.nli.measure import Trial, pick

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


def test_the_fastest_runtime_within_tolerance_wins() -> None:
    trials = [
        Trial("fp32", 100.0, 1.0, 0.0),
        Trial("int8", 400.0, 0.90, 0.20),  # fastest, but changes labels
        Trial("bf16", 250.0, 0.99, 0.03),
        Trial("ort-fp32", 300.0, 1.0, 0.0, error="RuntimeError: no"),
    ]
    assert pick(trials).precision == "bf16"
    assert pick(trials[:2]).precision == "fp32"  # nothing else within tolerance


def test_candidates_follow_the_cpu() -> None:
    assert measure.candidates(frozenset({"avx2"}), ort=False) == ["fp32", "int8"]
    with_bf16 = measure.candidates(frozenset({"avx512f", "avx512_bf16"}), ort=True)
    assert with_bf16 == ["fp32", "bf16", "int8", "ort-fp32", "ort-int8"]


def test_the_cache_is_per_cpu_and_weights(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path))
    a = measure.cache_file("AMD EPYC 9654", "abc")
    assert a != measure.cache_file("Intel Xeon Platinum 8480+", "abc")
    assert a != measure.cache_file("AMD EPYC 9654", "abd")
    assert a.parent == tmp_path / "runtime"


def test_first_load_measures_and_the_next_reads_the_cache(monkeypatch, tiny_model: Path) -> None:
    from claims.detect.nli import load_nli_model

    cache = tiny_model.parent / "cache"
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(cache))
    monkeypatch.setattr(measure, "candidates", lambda flags, ort, plan=False: ["fp32", "int8"])
    first = load_nli_model(str(tiny_model))
    assert first.runtime.endswith("(measured)")
    (record_file,) = (cache / "runtime").glob("*.json")
    record = json.loads(record_file.read_text())
    assert [t["precision"] for t in record["trials"]] == ["fp32", "int8"]
    assert record["trials"][0]["agreement"] == 1.0 and record["weights"] == first.content_hash
    assert first.precision == record["chosen"].rpartition("-")[2]

    def no_measuring(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("measured again despite the cache")

    monkeypatch.setattr(measure, "measure", no_measuring)
    again = load_nli_model(str(tiny_model))
    assert again.runtime == first.runtime
    pairs = [("The council approved it.", "The council rejected it.")]
    assert again.predict(pairs).shape == (1, 3)


def test_an_unwritable_cache_is_no_obstacle(monkeypatch, tiny_model: Path) -> None:
    from claims.detect.nli import load_nli_model

    blocker = tiny_model.parent / "not-a-dir"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(blocker))
    monkeypatch.setattr(measure, "candidates", lambda flags, ort, plan=False: ["fp32", "int8"])
    assert load_nli_model(str(tiny_model)).runtime.endswith("(measured)")


def test_measuring_can_be_turned_off(monkeypatch, tiny_model: Path) -> None:
    from claims.detect.nli import load_nli_model

    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tiny_model.parent / "cache"))
    monkeypatch.setenv("CLAIMS_NLI_MEASURE", "0")
    monkeypatch.setenv("CLAIMS_DEVICE", "cpu")
    monkeypatch.setattr(measure, "measure", lambda *a, **k: pytest.fail("measured"))
    model = load_nli_model(str(tiny_model), precision="fp32")
    assert model.runtime == "torch-fp32(requested)"
    assert not load_nli_model(str(tiny_model)).runtime.endswith("(measured)")
