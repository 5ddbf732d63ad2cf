"""Entry points the CLI calls: each builds the stages from settings and runs one job."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from claims.config import Settings
from claims.errors import BadInput
from claims.pipeline.ingest import IngestReport, Progress, ingest


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
    from claims.pipeline.stages import default_stages, options_from

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


def pairs_file(path: Path | str, nli_model: str | None = None) -> Iterator[str]:
    """JSON lines scoring each premise/hypothesis line of ``path`` ("-" reads stdin).

    Every line is checked before any is scored, so a bad line fails the run up front
    with its line number instead of after part of the output was written.
    """
    import json
    import sys

    from claims.detect.nli.model import load_nli_model
    from claims.detect.pairs import parse_pair, score_pairs

    if str(path) == "-":
        lines = sys.stdin.read().splitlines()
    else:
        source = Path(path)
        if not source.is_file():
            raise BadInput(f"{source}: no such file")
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise BadInput(f"{source}: not UTF-8 text ({exc.reason})") from None
    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            parse_pair(line, lineno)
    model = load_nli_model(nli_model)
    for result in score_pairs(lines, model):
        yield json.dumps(result)


def retopic(session: Session, settings: Settings) -> str:
    """Rebuild every topic from the stored vectors of the configured embedding model."""
    from claims.pipeline.analysis import rebuild_topics
    from claims.topics.cluster import AgglomerativeClusterer
    from claims.topics.embed import SentenceTransformerEmbedder

    model_id = SentenceTransformerEmbedder(settings.embed_model).model_id  # loads nothing
    claims, topics = rebuild_topics(session, model_id, AgglomerativeClusterer())
    return f"{claims} claims in {topics} topics (topic ids renumbered; reviews untouched)."
