"""Stored verdicts: keyed by (scorer id, ordered inputs), read back as given, never twice.

Why: the verdict cache must return exactly what the scorer said, for exactly the keys asked,
and two writers that scored the same pair must both succeed.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from claims.detect.flag import verdict_key
from store.db import make_engine, migrate
from store.models import CachedVerdict
from store.records import Verdict
from store.verdicts import add_verdicts, verdicts_for


def test_keys_depend_on_scorer_and_order() -> None:
    assert verdict_key("m", "a", "b") != verdict_key("m", "b", "a")
    assert verdict_key("m", "a", "b") != verdict_key("m2", "a", "b")
    assert verdict_key("m", "ab", "c") != verdict_key("m", "a", "bc")  # length-prefixed
    assert len(verdict_key("m", "a", "b")) == 64


def test_verdicts_round_trip_and_a_second_insert_keeps_the_first(session: Session) -> None:
    key, other = verdict_key("m", "a", "b"), verdict_key("m", "c", "d")
    verdict = Verdict(0.8123, "numeric", "different figures", ((0, 3), None), "m")
    with session.begin():
        add_verdicts(session, "m", {key: verdict})
    with session.begin():
        add_verdicts(session, "m", {key: Verdict(0.1, "none", "later", model="m")})
        add_verdicts(session, "m", {})
    with session.begin():
        assert verdicts_for(session, [key, other]) == {key: verdict}
        assert session.scalar(select(func.count()).select_from(CachedVerdict)) == 1


def test_a_verdict_keeps_both_entailment_probabilities(session: Session) -> None:
    key, other = verdict_key("m", "a", "b"), verdict_key("m", "c", "d")
    both = Verdict(0.1, "other", "paraphrase", model="m", entailment=(0.93, 0.88))
    one_way = Verdict(0.2, "other", "settled", model="m", entailment=(0.3, None))
    with session.begin():
        add_verdicts(session, "m", {key: both, other: one_way})
    with session.begin():
        assert verdicts_for(session, [key, other]) == {key: both, other: one_way}


def test_a_verdict_stored_before_0012_loads_without_entailment(tmp_path: Path) -> None:
    """A store of 0011 holds verdicts without the entailment columns: migrated, they load
    with no entailment (which corroborates nothing) and nothing else changes."""
    engine = make_engine(tmp_path / "old.db")
    try:
        migrate(engine, "0011")
        key = verdict_key("m", "a", "b")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO verdicts (key, model_id, score, kind, explanation, span_a,"
                    " span_b, model) VALUES (:k, 'm', 0.75, 'numeric', 'old', '0:3', NULL, 'm')"
                ),
                {"k": key},
            )
        migrate(engine)
        with Session(engine) as session, session.begin():
            assert verdicts_for(session, [key]) == {
                key: Verdict(0.75, "numeric", "old", ((0, 3), None), "m")
            }
    finally:
        engine.dispose()
