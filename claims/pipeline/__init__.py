"""The pipeline: runs the stages over a batch and writes the results through store/.

The only package under claims/ that holds a session during a run. ``ingest`` adds a batch
(read → fold copies → extract → embed → stories → flag); ``check`` runs the same inside the
caller's transaction and lists what the batch would introduce; ``default_stages`` builds the
real stages from settings (a scorer name maps to a factory in ``SCORERS``).
Exports: ``Stages``, ``IngestReport``, ``ingest``, ``check``, ``CheckResult``,
``default_stages``, ``rebuild_topics``.
"""

from __future__ import annotations

from claims.pipeline.analysis import rebuild_topics
from claims.pipeline.check import CheckResult, check
from claims.pipeline.ingest import ingest
from claims.pipeline.runs import IngestReport, Stages
from claims.pipeline.stages import SCORERS, default_stages

__all__ = [
    "SCORERS",
    "CheckResult",
    "IngestReport",
    "Stages",
    "check",
    "default_stages",
    "ingest",
    "rebuild_topics",
]
