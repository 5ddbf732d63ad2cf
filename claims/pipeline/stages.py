"""The default stages, built from settings through a registry. Models load once, in the
background, while the batch is read and extracted.

A scorer name (``Settings.scorer``) maps to a factory in ``SCORERS``; the other stages have
one default each. Callers that want other stages (tests, benchmarks) build a ``Stages``
themselves and pass it in: nothing here is looked up through a module global at run time.

``default_stages`` starts one warm-up thread that loads the models in the order an ingest
first needs them: spaCy (framing the first claim), the embedder, the NLI scorer, the
explicit cues' tables, then scikit-learn for the story grouping. Each stage waits
for its own model only when first used, so the first claim does not wait for the two
transformer models (``bench/speed.py`` measures the time to first claim).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.abc
import json
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

from claims import config
from claims.config import Settings
from claims.detect.cues import CueScorer
from claims.errors import BadInput
from claims.extract.sentences import SentenceExtractor
from claims.pipeline.runs import Stages
from claims.sources.readers import FileReader
from claims.stories.profile import SpacyProfiler
from claims.topics.embed import SentenceTransformerEmbedder
from claims.types import ContradictionScorer, Verdict


class _TorchAbsentHere(importlib.abc.MetaPathFinder):
    """Tells one thread that torch is not installed; every other thread imports it as usual.

    Consulted only while torch is not in ``sys.modules``: a thread that imports torch in
    the meantime makes it present for everyone, spaCy's thread included (it then waits on
    the module's import lock and gets the real torch, just not faster)."""

    def __init__(self, thread: threading.Thread) -> None:
        self.thread = thread

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "torch" and threading.current_thread() is self.thread:
            raise ModuleNotFoundError("torch is hidden while spaCy loads", name="torch")
        return None


def load_spacy() -> None:
    """Load spaCy's pipeline once (cached by ``claims.extract.frames``), without torch.

    spaCy's thinc imports torch at import time only to offer torch-backed layers, which
    en_core_web_sm never uses; that import alone is 2-3 s of a cold start. Where torch is
    not imported yet, thinc is shown it as absent, in this thread only and for the length
    of spaCy's import; the NLI model imports it later as usual.
    """
    from claims.extract.frames import load_pipeline

    if "torch" in sys.modules:
        load_pipeline()
        return
    finder = _TorchAbsentHere(threading.current_thread())
    sys.meta_path.insert(0, finder)
    try:
        load_pipeline()
    finally:
        sys.meta_path.remove(finder)


WARM_PAIRS = (
    ("Officials said 40 people were injured on Monday.", "Police said 12 people were injured."),
    ("Prices rose 3 percent in May.", "Prices rose 30 basis points in May."),
    ("The company denied that workers were hurt.", "The agency said two workers were hurt."),
)


def warm_cues() -> None:
    """Run the explicit cues once: their first call loads lemminflect's lexicon and pint's
    unit registry (seconds on a cold process), which would otherwise delay the first scores."""
    from claims.detect.cues import find_cues

    for a, b in WARM_PAIRS:
        find_cues(a, b)


def _import_grouping() -> None:
    """Import what the story grouping's average linkage uses (scikit-learn, about 1-3 s
    cold) in the background, not when the first batch is grouped."""
    import sklearn.cluster  # noqa: F401


class SpacyFramer:
    """The default Framer: spaCy's dependency parse (``claims.extract.frames``), as JSON.

    ``ready`` is the warm-up's load of spaCy, waited for on first use."""

    def __init__(self, ready: Future[None] | None = None) -> None:
        self.ready = ready

    def frames(self, sentences: Sequence[str], speakers: Sequence[str | None]) -> list[str | None]:
        if self.ready is not None:
            self.ready.result()
        from claims.extract.frames import frames

        return [json.dumps(f.to_dict()) for f in frames(sentences, speakers)]


class LazyScorer:
    """A ContradictionScorer built in the background: ``score``, ``model_id`` and any other
    attribute wait for it (and raise what building it raised, e.g. ``ModelNotFound``)."""

    def __init__(self, ready: Future[ContradictionScorer]) -> None:
        self.ready = ready

    @property
    def inner(self) -> ContradictionScorer:
        return self.ready.result()

    @property
    def model_id(self) -> str:  # type: ignore[override]
        return self.inner.model_id

    def score(self, pairs: Sequence[tuple[Any, Any]]) -> list[Verdict]:
        return self.inner.score(pairs)

    def __getattr__(self, name: str) -> Any:  # verdict_id, model, ...
        if name == "ready":
            raise AttributeError(name)
        return getattr(self.inner, name)


def _nli_scorer(settings: Settings) -> ContradictionScorer:
    """The NLI model (configured, or the shipped one) combined with the explicit cues."""
    from claims.detect.nli import NLIScorer, load_nli_model

    # a pair whose first direction settles it below the flag threshold skips the second
    settle = settings.flag_threshold if settings.nli_directions == "settle" else 0.0
    model = load_nli_model(settings.nli_model)
    return NLIScorer(model, settle_below=settle, view=settings.nli_view)


def _cue_scorer(settings: Settings) -> ContradictionScorer:
    """Explicit cues alone: no model, precise, low recall."""
    return CueScorer()


SCORERS: dict[str, Callable[[Settings], ContradictionScorer]] = {
    "nli": _nli_scorer,
    "cues": _cue_scorer,
}
assert tuple(SCORERS) == config.SCORERS, "claims.config.SCORERS names the registry's keys"


def default_scorer(settings: Settings) -> ContradictionScorer:
    try:
        factory = SCORERS[settings.scorer]
    except KeyError:
        raise BadInput(
            f"unknown scorer {settings.scorer!r}; choose one of {', '.join(SCORERS)}"
        ) from None
    return factory(settings)


def _cancel_at_exit(warmup: ThreadPoolExecutor) -> None:
    """At interpreter exit, drop the loads not started yet: a command that fails early (a
    bad path) then waits only for the load in flight, not for every model. Registered with
    threading's exit hooks, which run before the executor's own join of its thread."""
    register = getattr(threading, "_register_atexit", None)
    if register is None:  # not CPython's threading: loads finish before the process exits
        return
    with contextlib.suppress(RuntimeError):  # already shutting down
        register(functools.partial(warmup.shutdown, wait=False, cancel_futures=True))


def default_stages(settings: Settings, today: date | None = None) -> Stages:
    """The real stages: files, pysbd sentences, spaCy frames, MiniLM vectors of the
    propositions, stories (spaCy entities, MiniLM vectors of title and lede), the configured
    scorer; their models start loading now, in one background thread, in the order an ingest
    needs them.

    ``today``: the day the pages were saved, for runs that know it (benches replaying a fixed
    day); it anchors relative dates ("6 days ago"). The CLI leaves it None: such dates are
    unknown, never the day of the ingest."""
    warmup = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claims-warmup")
    spacy_ready = warmup.submit(load_spacy)
    embedder = SentenceTransformerEmbedder(settings.embed_model)
    warmup.submit(embedder.preload)  # embed() waits on the embedder's own lock
    scorer = LazyScorer(warmup.submit(default_scorer, settings))
    warmup.submit(warm_cues)  # the scorers' explicit cues: lexicon and unit tables
    warmed = warmup.submit(_import_grouping)  # stories group with scikit-learn
    warmup.shutdown(wait=False)  # runs what was submitted, then its thread ends
    _cancel_at_exit(warmup)
    return Stages(
        reader=FileReader(
            now=today,
            max_text_bytes=settings.max_text_bytes,
            max_front_matter_bytes=settings.max_front_matter_bytes,
            max_json_depth=settings.max_json_depth,
        ),
        extractor=SentenceExtractor(max_sentence_chars=settings.max_sentence_chars),
        embedder=embedder,
        stories=SpacyProfiler(embedder, spacy_ready),
        scorer=scorer,
        framer=SpacyFramer(spacy_ready),
        warmed=warmed,
    )


StageFactory = Callable[[Settings], Stages]
"""How an entry point gets its stages: ``default_stages`` unless the caller passes another."""
