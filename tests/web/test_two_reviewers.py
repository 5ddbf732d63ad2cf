"""Two reviewers decide the same pair at the same moment: one recorded state, the other
told of the conflict, and the log holds both attempts (the refused one as ``conflict``)."""

from __future__ import annotations

import json
import threading

from claims.web import verdicts
from claims.web.verdicts import Outcome
from store.db import open_store
from store.desk import transaction
from tests.web.conftest import Desk


def test_decide_changes_reports_unchanged_and_conflicts(desk: Desk) -> None:
    engine = open_store(desk.db)
    try:
        with transaction(engine) as s:
            first = verdicts.decide(s, "contradiction", 1, "confirmed", "open", by="alice")
            again = verdicts.decide(s, "contradiction", 1, "confirmed", "open", by="bob")
            stale = verdicts.decide(s, "contradiction", 1, "dismissed", "open", by="carol")
            claim = verdicts.decide(s, "claim", 2, "disputed", "unreviewed", by="alice")
    finally:
        engine.dispose()
    assert [o.result for o in (first, again, stale, claim)] == [
        "changed", "unchanged", "conflict", "changed"
    ]  # fmt: skip
    assert stale.last is not None and stale.last.by == "alice"
    assert "by alice" in stale.message() and "Not saved" in stale.message()
    log = json.loads(desk.run("log", "-f", "json"))["entries"]
    assert [(e["by"], e["field"]) for e in log] == [
        ("alice", "status"), ("carol", "conflict"), ("alice", "status")
    ]  # fmt: skip


def test_confirm_and_dismiss_at_the_same_moment(desk: Desk) -> None:
    """Each reviewer in their own thread and connection, released together by a barrier."""
    engines = [open_store(desk.db), open_store(desk.db)]
    start = threading.Barrier(2)
    outcomes: dict[str, Outcome] = {}

    def reviewer(name: str, status: str, engine) -> None:  # noqa: ANN001
        start.wait()
        with transaction(engine) as s:
            outcomes[name] = verdicts.decide(s, "contradiction", 2, status, "open", by=name)

    threads = [
        threading.Thread(target=reviewer, args=("alice", "confirmed", engines[0])),
        threading.Thread(target=reviewer, args=("bob", "dismissed", engines[1])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for engine in engines:
        engine.dispose()
    results = sorted(o.result for o in outcomes.values())
    assert results == ["changed", "conflict"]
    winner = next(n for n, o in outcomes.items() if o.result == "changed")
    loser = next(n for n, o in outcomes.items() if o.result == "conflict")
    stored = json.loads(desk.run("report", "-f", "json", "--status", "confirmed,dismissed"))
    [pair] = [c for c in stored["contradictions"] if c["id"] == 2]
    assert pair["status"] == outcomes[winner].wanted
    assert outcomes[loser].current == outcomes[winner].wanted
    log = json.loads(desk.run("log", "-f", "json", "--contradiction", "2"))["entries"]
    assert [(e["by"], e["field"]) for e in log] == [(winner, "status"), (loser, "conflict")]
