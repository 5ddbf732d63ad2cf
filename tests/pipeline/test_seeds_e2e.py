"""End to end on seeds/ with the real embedding model and each real scorer (marked: slow)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from claims.config import resolve
from claims.pipeline import IngestReport, default_stages, ingest
from claims.report.contradictions import build_report
from store.db import open_store
from tests.conftest import SEEDS

pytestmark = pytest.mark.model

LARIJANI = "we signed an important security agreement with Iraq"
ADVISORY = "there is no security agreement between the two countries; rather, it is a security"


@pytest.fixture(scope="module", params=["nli", "cues"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """seeds/ ingested once per scorer into a real SQLite file."""
    path: Path = tmp_path_factory.mktemp(request.param) / "seeds.db"
    settings = resolve(db=str(path), scorer=request.param, env={})
    engine = open_store(path)
    with Session(engine) as session, session.begin():
        stages = default_stages(settings, today=date(2025, 8, 20))
        report = ingest(session, [SEEDS], stages, settings.tuning)
    session = Session(engine)
    yield session, report
    session.close()
    engine.dispose()


def test_flagship_pair_is_the_top_contradiction(seeded: tuple[Session, IngestReport]) -> None:
    session, _ = seeded
    top = build_report(session)["contradictions"][0]
    texts = [c["text"] for c in top["claims"]]
    assert any(LARIJANI in t for t in texts), texts
    assert any(ADVISORY in t for t in texts), texts
    paths = {Path(c["source"]["path"]).name for c in top["claims"]}
    assert paths == {"004_2c233398325bed45.txt"}


def test_sunday_agreement_never_meets_monday_memorandum(
    seeded: tuple[Session, IngestReport],
) -> None:
    session, _ = seeded
    for item in build_report(session)["contradictions"]:
        paths = {c["source"]["path"].split("/")[-1][:3] for c in item["claims"]}
        texts = " ".join(c["text"] for c in item["claims"])
        if paths == {"000", "003"}:
            assert not ("Sunday" in texts and "Monday" in texts), item


def test_ap_reprint_is_folded_not_contradicted(seeded: tuple[Session, IngestReport]) -> None:
    session, report = seeded
    assert report.copies_added == 1
    for item in build_report(session)["contradictions"]:
        outlets = {c["source"]["outlet"] for c in item["claims"]}
        assert outlets != {"Yahoo", "Associated Press"}


def test_reingesting_seeds_adds_nothing(seeded: tuple[Session, IngestReport]) -> None:
    session, first = seeded
    settings = resolve(scorer="cues", env={})
    session.rollback()  # end the read transaction the earlier queries began
    with session.begin():
        again = ingest(
            session,
            [SEEDS],
            default_stages(settings, today=date(2025, 8, 20)),
            settings.tuning,
        )
    assert first.claims_added > 100
    assert again.sources_added == again.claims_added == again.embeddings_computed == 0
