"""The default stages, built from settings. Models load lazily, on first use."""

from __future__ import annotations

from datetime import date

from claims.config import Settings
from claims.detect.cues import CueScorer
from claims.extract.sentences import SentenceExtractor
from claims.pipeline.ingest import Options, Stages
from claims.sources.readers import FileReader
from claims.topics.cluster import AgglomerativeClusterer
from claims.topics.embed import SentenceTransformerEmbedder
from claims.types import ContradictionScorer


def default_scorer(settings: Settings) -> ContradictionScorer:
    """The NLI scorer on the configured (or shipped) model, or explicit cues alone."""
    if settings.scorer == "cues":
        return CueScorer()
    from claims.detect.nli.model import NLIScorer, load_nli_model

    return NLIScorer(load_nli_model(settings.nli_model))


def default_stages(settings: Settings, today: date | None = None) -> Stages:
    return Stages(
        reader=FileReader(now=today or date.today()),
        extractor=SentenceExtractor(),
        embedder=SentenceTransformerEmbedder(settings.embed_model),
        clusterer=AgglomerativeClusterer(),
        scorer=default_scorer(settings),
    )


def options_from(settings: Settings, skip_bad: bool = False) -> Options:
    return Options(
        flag_threshold=settings.flag_threshold,
        neighbours=settings.neighbours,
        min_similarity=settings.min_similarity,
        model_similarity=settings.model_similarity,
        skip_bad=skip_bad,
    )
