"""``claims rescore``: stored candidate pairs scored again with a new model, on the local
engine and on a real Dask cluster; reviewed pairs keep their verdicts, every score is kept
under its model, and ``report --model`` sets old against new."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claims.backfill.rescore import rescore_store
from claims.errors import BadInput
from claims.pipeline.ingest import ingest_briefly
from claims.review import resolve
from cli.common import Runtime
from cli.main import app
from store.models import BackfillRun, Contradiction, Corroboration, PairScore
from tests.backfill.conftest import PATHS, SETTINGS
from tests.backfill.helpers import fast_stages, fixed_stages
from tests.doubles import FixedScorer


def _pairs(engine: Engine) -> dict[tuple[int, int], tuple[str, float, str]]:
    with Session(engine) as session:
        rows = session.scalars(select(Contradiction)).all()
        return {(p.claim_a_id, p.claim_b_id): (p.status, p.score, p.model) for p in rows}


def _reviewed(engine: Engine) -> dict[tuple[int, int], tuple[str, float, str]]:
    """Ingest the batch, confirm the first pair and dismiss the second."""
    ingest_briefly(engine, PATHS, fast_stages(), SETTINGS.tuning)
    with Session(engine) as session, session.begin():
        ids = sorted(session.scalars(select(Contradiction.id)))
        resolve(session, [ids[0]], "confirmed", by="alice")
        resolve(session, [ids[1]], "dismissed", by="alice")
    return _pairs(engine)


def _check_rescored(engine: Engine, before: dict) -> None:
    after = _pairs(engine)
    for pair, (status, score, model) in before.items():
        if status == "open":
            assert after[pair] == ("open", after[pair][1], "fixed"), "open pairs take new scores"
        else:
            assert after[pair] == (status, score, model), "reviewed pairs keep their verdicts"
    assert len(after) > len(before), "the new model flags pairs the old one did not"
    with Session(engine) as session:
        models = {m for (m,) in session.execute(select(PairScore.model))}
        runs = session.scalars(select(BackfillRun)).all()
    assert models == {"cues-v1", "fixed"}
    assert [r.finished_at is not None for r in runs] == [True]


def test_rescore_on_the_local_engine(store_engine: Engine) -> None:
    before = _reviewed(store_engine)
    report = rescore_store(store_engine, SETTINGS, fixed_stages)
    assert report.reviewed_kept == 2 and report.open_rescored == len(before) - 2
    _check_rescored(store_engine, before)
    again = rescore_store(store_engine, SETTINGS, fixed_stages)
    assert again.newly_flagged == 0, "a second rescore stores nothing twice"


@pytest.mark.cluster
def test_rescore_on_dask(store_engine: Engine, dask_address: str) -> None:
    before = _reviewed(store_engine)
    rescore_store(store_engine, SETTINGS, fixed_stages, "dask", address=dask_address)
    _check_rescored(store_engine, before)


def test_cli_rescore_then_report_by_model(engine: Engine) -> None:
    _reviewed(engine)
    db = str(engine.url.database)
    runner = CliRunner()
    env = {"CLAIMS_MIN_SIMILARITY": "0.2"}
    result = runner.invoke(app, ["rescore", "--db", db], obj=Runtime(stages=fixed_stages), env=env)
    assert result.exit_code == 0, result.output
    assert "claims report --model fixed" in result.output
    shown = runner.invoke(app, ["report", "--db", db, "--model", "fixed", "-f", "json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["model"] == "fixed" and data["pairs"]
    kept = [p for p in data["pairs"] if p["status"] != "open"]
    assert len(kept) == 2 and all(p["scores"]["cues-v1"] == p["score"] for p in kept)
    assert all("fixed" in p["scores"] for p in data["pairs"])
    text = runner.invoke(app, ["report", "--db", db, "--model", "fixed"])
    assert "cues-v1" in text.output and "fixed" in text.output


def test_rescore_refuses_a_missing_store(tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(app, ["rescore", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store at" in result.output


def test_rescore_since_a_day_scores_only_the_stored_pairs_beyond_it(engine: Engine) -> None:
    """With --since after every ingest, no claim is new: only the stored pairs are scored."""
    before = _reviewed(engine)
    report = rescore_store(engine, SETTINGS, fixed_stages, since="2999-01-01")
    assert report.pairs == len(before) and report.newly_flagged == 0
    with pytest.raises(BadInput, match="since"):
        rescore_store(engine, SETTINGS, fixed_stages, since="yesterday")


def test_rescore_records_pairs_the_new_model_reads_as_one_proposition(engine: Engine) -> None:
    """A new model that reads stored pairs as entailing each other both ways records them
    as corroborations, as an ingest would, and flags none of them."""
    ingest_briefly(engine, PATHS, fast_stages(), SETTINGS.tuning)
    before = _pairs(engine)
    with Session(engine) as session:
        known = set(session.execute(select(Corroboration.claim_a_id, Corroboration.claim_b_id)))

    def paraphrasing(settings=None):  # noqa: ANN001, ANN202
        return replace(fast_stages(settings), scorer=FixedScorer(0.9, entailment=(0.9, 0.9)))

    report = rescore_store(engine, SETTINGS, paraphrasing)
    with Session(engine) as session:
        same = set(session.execute(select(Corroboration.claim_a_id, Corroboration.claim_b_id)))
    assert report.pairs > 0 and same > known, "the rescored paraphrases are recorded"
    assert all(a < b for a, b in same)
    assert report.newly_flagged == 0 and set(_pairs(engine)) == set(before)
