"""Models load in the background: building the default stages loads nothing on the caller's
thread, and a model that cannot be loaded fails where it is first used, as before.

Why: time to first claim. The first claim needs only spaCy; the embedder and the NLI model
load meanwhile (``bench/speed.py`` measures the time, never a test).
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from claims.config import resolve
from claims.errors import ModelNotFound
from claims.pipeline.stages import LazyScorer, default_stages
from claims.types import ClaimView, Verdict
from tests.doubles import FixedScorer


def test_lazy_scorer_waits_for_its_scorer_and_passes_attributes() -> None:
    ready: Future = Future()
    lazy = LazyScorer(ready)
    inner = FixedScorer(0.7)
    ready.set_result(inner)
    assert lazy.model_id == "fixed"
    assert lazy.score([]) == []
    assert lazy.value == 0.7  # any other attribute comes from the real scorer
    assert getattr(lazy, "verdict_id", None) is None


@pytest.mark.model  # the warm-up loads spaCy and the embedder before it tries the NLI model
def test_a_missing_nli_model_fails_on_first_use_not_when_stages_are_built(
    tmp_path: Path,
) -> None:
    settings = resolve(db=str(tmp_path / "s.db"), nli_model=str(tmp_path / "none"), env={})
    stages = default_stages(settings)
    with pytest.raises(ModelNotFound):
        stages.scorer.score([])
    with pytest.raises(ModelNotFound):
        _ = stages.scorer.model_id


def test_lazy_scorer_scores_through_the_real_one() -> None:
    ready: Future = Future()
    ready.set_result(FixedScorer(0.2))
    pair = (ClaimView(1, "a", 1), ClaimView(2, "b", 2))
    assert LazyScorer(ready).score([pair]) == [Verdict(0.2, "other", "fixed", model="fixed")]


HIDE_IN_ONE_THREAD = """
import sys, threading
from claims.pipeline.stages import _TorchAbsentHere
seen = {}
def hidden():
    finder = _TorchAbsentHere(threading.current_thread())
    sys.meta_path.insert(0, finder)
    try:
        import torch  # noqa: F401
        seen["hidden"] = "imported"
    except ModuleNotFoundError:
        seen["hidden"] = "absent"
        other = threading.Thread(target=lambda: seen.update(other=__import__("torch").__name__))
        other.start(); other.join()  # another thread, while the finder is in place
    finally:
        sys.meta_path.remove(finder)
t = threading.Thread(target=hidden); t.start(); t.join()
print(seen["hidden"], seen["other"])
"""


def test_torch_is_hidden_from_spacys_thread_only() -> None:
    """While spaCy loads, thinc must not import torch in that thread, and another thread
    that needs torch at the same moment (a model loading) must get it."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", HIDE_IN_ONE_THREAD], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["absent", "torch"]


def test_a_bad_path_fails_before_any_model_starts_loading(tmp_path: Path) -> None:
    from claims.app import ingest_paths
    from claims.errors import BadBatch
    from store.db import open_store

    built: list[object] = []
    settings = resolve(db=str(tmp_path / "s.db"), env={})
    engine = open_store(tmp_path / "s.db")
    with pytest.raises(BadBatch, match="no such file"):
        ingest_paths(engine, [tmp_path / "missing"], settings, stages=built.append)
    engine.dispose()
    assert built == []  # the stage factory (which starts the model loads) never ran
