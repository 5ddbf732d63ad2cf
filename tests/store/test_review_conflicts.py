"""Two reviewers deciding the same pair at once, on both engines: one decision is saved,
every other one that saw the old status is refused as a conflict, and the log holds each
attempt exactly once (the desk's rule, ``claims.web.verdicts``; issue 14 item 4)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.pipeline.ingest import ingest
from claims.web.verdicts import Outcome, decide
from store import review as review_store
from tests.conftest import FIXTURES

REVIEWERS = 6


@pytest.fixture
def pair_id(engine: Engine, stages) -> int:  # noqa: ANN001 - the conftest's test stages
    with Session(engine) as session, session.begin():
        ingest(session, [FIXTURES / "batches" / b for b in ("basic", "more")], stages)
    with Session(engine) as session:
        ids = review_store.statuses(session, "contradiction", range(1, 50))
    assert ids, "the fixture batches flag pairs"
    return min(ids)


def test_reviewers_deciding_at_once_get_one_state_and_conflicts(
    engine: Engine, pair_id: int
) -> None:
    wanted = ["confirmed", "dismissed"] * (REVIEWERS // 2)
    outcomes: list[Outcome] = []
    start = threading.Barrier(REVIEWERS)

    def reviewer(n: int) -> None:
        start.wait()
        with Session(engine) as session, session.begin():
            outcomes.append(decide(session, "contradiction", pair_id, wanted[n], "open",
                                   by=f"r{n}", note=f"note {n}"))  # fmt: skip

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(REVIEWERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    results = Counter(o.result for o in outcomes)
    assert len(outcomes) == REVIEWERS and results["changed"] == 1
    winner = next(o for o in outcomes if o.result == "changed")
    assert results["conflict"] == wanted.count(
        "dismissed" if winner.wanted == "confirmed" else "confirmed"
    )
    with Session(engine) as session:
        final = review_store.statuses(session, "contradiction", [pair_id])[pair_id]
        log = review_store.entries(session, contradiction_ids=[pair_id])
    assert final == winner.wanted
    by_field = Counter(e.field for e in log)
    assert by_field["status"] == 1 and by_field["conflict"] == results["conflict"]
    assert len({e.by for e in log}) == len(log) == REVIEWERS  # each attempt once
    for entry in log:
        if entry.field == "conflict":
            assert entry.old_value == winner.wanted and entry.new_value != winner.wanted
