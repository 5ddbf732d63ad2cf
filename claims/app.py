"""Entry points the CLI calls: each builds the stages from settings and runs one job."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from claims.config import Settings
from claims.pipeline import IngestReport, Progress, ingest


def _noop(stage: str, done: int, total: int) -> None:
    return None


def ingest_paths(
    session: Session,
    paths: Sequence[Path],
    settings: Settings,
    skip_bad: bool = False,
    progress: Progress = _noop,
) -> IngestReport:
    """Ingest ``paths`` with the default stages configured by ``settings``."""
    from claims.stages import default_stages, options_from

    stages = default_stages(settings)
    return ingest(session, paths, stages, options_from(settings, skip_bad), progress)


def summary(report: IngestReport) -> str:
    """The one-paragraph summary printed after an ingest."""
    lines = [
        f"{report.files} file(s), {report.articles} article(s): "
        f"{report.sources_added} new, {report.copies_added} copies folded, "
        f"{report.already_stored} already stored.",
        f"{report.claims_added} claims ({report.sentences_dropped} sentences dropped), "
        f"{report.embeddings_computed} embedded, {report.topics_added} new topics.",
        f"{report.pairs_scored} candidate pairs scored, "
        f"{report.contradictions_added} contradictions flagged.",
    ]
    if report.articles and report.already_stored == report.articles:
        lines.insert(0, "Nothing new: every article of this batch is already stored.")
    if report.skipped_files:
        lines.append(f"Skipped {len(report.skipped_files)} bad file(s):")
        lines.extend(f"  {problem}" for problem in report.skipped_files)
    return "\n".join(lines)
