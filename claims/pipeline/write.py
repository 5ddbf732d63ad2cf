"""Write a prepared batch: the short half of an ingest, the only part that holds the lock.

Inserts the run, its articles (canonical ones first, so copies can point at them) with the
copy fingerprints of the canonical ones, claims, dropped sentences and missing vectors; puts
the articles and their claims into their stories; stores the new verdicts and the flags
with their provisional claim ids mapped to the real ones.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from claims.pipeline.analysis import write_stories
from claims.pipeline.prepare import Prepared, text_hash
from claims.pipeline.runs import IngestReport, Stages
from claims.sources.copies import text_keys
from claims.types import Flag
from store import fingerprints, verdicts
from store import ingest as store
from store import stories as story_store


def write_prepared(
    session: Session, prepared: Prepared, stages: Stages, report: IngestReport
) -> None:
    """Store ``prepared`` in the caller's (write) transaction and fill in ``report``."""
    run_id = report.ingest_id = store.start_ingest(session, report.files)
    source_ids, claim_ids, per_source = _write_sources(session, prepared, run_id, report)
    model_id = stages.embedder.model_id
    have = store.embeddings_for(session, model_id, prepared.embedded)
    missing = [n for n, h in enumerate(prepared.hashes) if h in prepared.embedded]
    todo = {prepared.hashes[n]: n for n in missing if prepared.hashes[n] not in have}
    if todo:
        store.add_embeddings(session, model_id, list(todo), prepared.vectors[list(todo.values())])
    report.embeddings_computed = len(prepared.embedded)
    articles = {n: p.article for n, p in enumerate(prepared.sources)}
    report.topics_added = write_stories(
        session, model_id, prepared.stories, articles, source_ids, per_source
    )
    first = prepared.snapshot.max_claim_id + 1
    real = {first + n: claim_id for n, claim_id in enumerate(claim_ids)}
    store.add_flags(session, run_id, [_mapped(f, real) for f in prepared.flags])
    story_store.add_corroborations(
        session,
        [_ordered(real.get(a, a), real.get(b, b), k) for a, b, k in prepared.corroborations],
    )
    report.corroborations = len(prepared.corroborations)
    if prepared.verdicts:
        verdicts.add_verdicts(session, _verdict_id(stages), prepared.verdicts)
    report.claims_added = len(claim_ids)
    report.new_claim_ids = claim_ids
    report.pairs_scored = prepared.pairs_scored
    report.skipped_pairs = dict(prepared.skipped_pairs)
    report.contradictions_added = len(prepared.flags)
    report.already_stored = prepared.already_stored
    for stage, seconds in prepared.seconds.items():
        report.seconds[stage] = report.seconds.get(stage, 0.0) + seconds
    store.finish_ingest(
        session, run_id, report.sources_added, report.claims_added, report.contradictions_added
    )


def _ordered(a: int, b: int, kind: str) -> tuple[int, int, str]:
    return (a, b, kind) if a < b else (b, a, kind)


def _write_sources(
    session: Session, prepared: Prepared, run_id: int, report: IngestReport
) -> tuple[list[int], list[int], dict[int, int]]:
    """Insert the planned articles and the claims of the canonical ones: article ids, claim
    ids in order, and how many claims each planned article added."""
    source_ids: list[int] = []
    claim_ids: list[int] = []
    per_source: dict[int, int] = {}
    for n, (planned, drafts) in enumerate(zip(prepared.sources, prepared.drafts, strict=True)):
        head = planned.stored_head
        if planned.planned_head is not None:
            head = source_ids[planned.planned_head]
        source_id = store.add_source(session, run_id, planned.article, planned.digest, head)
        source_ids.append(source_id)
        if head is not None:
            report.copies_added += 1
            continue
        report.sources_added += 1
        fingerprints.add_fingerprints(session, source_id, text_keys(planned.article.text))
        added = store.add_claims(
            session,
            source_id,
            drafts,
            [(text_hash(d.text), text_hash(d.proposition)) for d in drafts],
        )
        claim_ids += added
        per_source[n] = len(added)
        report.sentences_dropped += sum(not d.kept for d in drafts)
    return source_ids, claim_ids, per_source


def _mapped(flag: Flag, real: dict[int, int]) -> Flag:
    """``flag`` with provisional claim ids replaced by stored ones, lower id first."""
    a, b = real.get(flag.claim_a_id, flag.claim_a_id), real.get(flag.claim_b_id, flag.claim_b_id)
    if a < b:
        return replace(flag, claim_a_id=a, claim_b_id=b)
    return replace(flag, claim_a_id=b, claim_b_id=a, spans=(flag.spans[1], flag.spans[0]))


def _verdict_id(stages: Stages) -> str:
    """The id the verdicts are keyed by (the scorer's ``verdict_id``, else its model id)."""
    return str(getattr(stages.scorer, "verdict_id", None) or stages.scorer.model_id)
