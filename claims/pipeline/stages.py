"""The default stages, built from settings through a registry. Models load lazily.

A scorer name (``Settings.scorer``) maps to a factory in ``SCORERS``; the other stages have
one default each. Callers that want other stages (tests, benchmarks) build a ``Stages``
themselves and pass it in: nothing here is looked up through a module global at run time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date

from claims import config
from claims.config import Settings
from claims.detect.cues import CueScorer
from claims.errors import BadInput
from claims.extract.sentences import SentenceExtractor
from claims.pipeline.runs import Stages
from claims.sources.readers import FileReader
from claims.topics.cluster import AgglomerativeClusterer
from claims.topics.embed import SentenceTransformerEmbedder
from claims.types import ContradictionScorer


class SpacyFramer:
    """The default Framer: spaCy's dependency parse (``claims.extract.frames``), as JSON."""

    def frames(self, sentences: Sequence[str], speakers: Sequence[str | None]) -> list[str | None]:
        from claims.extract.frames import frames

        return [json.dumps(f.to_dict()) for f in frames(sentences, speakers)]


def _nli_scorer(settings: Settings) -> ContradictionScorer:
    """The NLI model (configured, or the shipped one) combined with the explicit cues."""
    from claims.detect.nli import NLIScorer, load_nli_model

    # a pair whose first direction settles it below the flag threshold skips the second
    return NLIScorer(load_nli_model(settings.nli_model), settle_below=settings.flag_threshold)


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


def default_stages(settings: Settings, today: date | None = None) -> Stages:
    """The real stages: files, pysbd sentences, spaCy frames, MiniLM vectors of the
    propositions, agglomerative topics, the configured scorer."""
    return Stages(
        reader=FileReader(
            now=today or date.today(),
            max_text_bytes=settings.max_text_bytes,
            max_front_matter_bytes=settings.max_front_matter_bytes,
            max_json_depth=settings.max_json_depth,
        ),
        extractor=SentenceExtractor(max_sentence_chars=settings.max_sentence_chars),
        embedder=SentenceTransformerEmbedder(settings.embed_model),
        clusterer=AgglomerativeClusterer(),
        scorer=default_scorer(settings),
        framer=SpacyFramer(),
    )


StageFactory = Callable[[Settings], Stages]
"""How an entry point gets its stages: ``default_stages`` unless the caller passes another."""
