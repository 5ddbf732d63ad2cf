"""The runtime choice per CPU, and the ONNX export cache keyed by content hash."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claims.detect.nli import runtime as rt
from claims.detect.nli.model import SHIPPED_MODEL, load_nli_model


def test_choice_follows_the_cpu_and_names_its_reason() -> None:
    amx = frozenset({"avx2", "avx512f", "amx_bf16", "amx_int8"})
    assert rt.choose(amx, ort=True).tag == "torch-bf16(amx_bf16)"
    assert rt.choose(frozenset({"avx2", "fma"}), ort=True).tag == "ort-fp32(avx2)"
    assert rt.choose(frozenset({"avx2", "avx512f"}), ort=True).tag == "ort-fp32(avx512f)"
    assert rt.choose(frozenset({"avx2"}), ort=False).tag == "torch-fp32(no-onnxruntime)"


def test_a_gpu_takes_pytorch_fp32_there_whatever_the_cpu() -> None:
    choice = rt.choose(frozenset({"avx2", "amx_bf16"}), ort=True, gpu=True)
    assert (choice.backend, choice.precision, choice.tag) == ("torch", "fp32", "torch-fp32(cuda)")


def test_no_gpu_is_looked_for_when_told_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setenv("CLAIMS_DEVICE", "cpu")
    monkeypatch.setitem(sys.modules, "torch", None)  # asking torch would raise ImportError
    assert rt.cuda_device() is None


def test_avx2_emulation_masks_the_newer_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX2")
    flags = rt.cpu_flags()
    assert not any(f.startswith(("avx512", "amx")) for f in flags)


def test_cache_root_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path))
    assert rt.cache_root() == tmp_path
    with pytest.raises(ValueError):
        rt.onnx_path("k", "fp16", lambda dest: None)


@pytest.mark.model
def test_ort_export_matches_pytorch_and_is_cached(monkeypatch, tmp_path: Path) -> None:
    """The exported fp32 graph gives PyTorch's probabilities; a second load reuses the file."""
    pytest.importorskip("onnxruntime")
    if not (SHIPPED_MODEL / "config.json").exists():
        pytest.skip("shipped NLI model not built")
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path))
    pairs = [("A man plays a guitar.", "A man plays music."), ("It rained.", "It was dry.")]
    ort = load_nli_model(precision="ort-fp32")
    ref = load_nli_model(precision="fp32")
    assert ort.model_id.endswith("/ort-fp32(requested)")
    assert np.allclose(ort.predict(pairs), ref.predict(pairs), atol=1e-4)
    (cached,) = (tmp_path / "onnx").glob(f"*{ort.content_hash}/fp32.onnx")
    stamp = cached.stat().st_mtime_ns
    load_nli_model(precision="ort-fp32")
    assert cached.stat().st_mtime_ns == stamp
