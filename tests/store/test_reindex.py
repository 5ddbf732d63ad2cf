"""``claims reindex`` builds a store's vector index again: on PostgreSQL as an HNSW graph with
the settings given (which the index keeps), on SQLite as the usearch file beside the db. A
bad setting is a one-line error that leaves the old index in place."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from claims.pipeline import Stages
from cli.common import Runtime
from store.db import make_engine, open_store
from store.vectors import ExactIndex
from store.vectors_index import index_for
from tests import pg
from tests.conftest import FIXTURES
from tests.store.test_admin import run

BATCH, MORE = (str(FIXTURES / "batches" / name) for name in ("basic", "more"))
QUERY = "Officials denied that the agreement had been signed."


@pytest.fixture
def pg_db(pg_store: str) -> str:
    """This run's PostgreSQL store, emptied, with no HNSW index yet."""
    engine = make_engine(pg_store)
    try:
        pg.empty_tables(engine)
    finally:
        engine.dispose()
    return pg_store


def _graph(engine: Engine, stages: Stages):  # noqa: ANN202 - a Graph or None
    from store.vectors_pg import index_graph

    with Session(engine) as session:
        return index_graph(session, stages.embedder.model_id, stages.embedder.dimension)


def test_reindex_rebuilds_the_index_with_the_settings_given(
    store_db: str, store_engine: Engine, runtime: Runtime, stages: Stages
) -> None:
    for batch in (BATCH, MORE):  # the second one's lookup makes the index
        assert run("ingest", batch, "--db", store_db, runtime=runtime).exit_code == 0
    model = stages.embedder.model_id
    postgres = store_engine.dialect.name == "postgresql"
    if postgres:
        from store.vectors_pg import Graph

        assert _graph(store_engine, stages) == Graph(24, 128)  # the first lookup's defaults
    dense = ["--m", "8", "--ef-construction", "40"] if postgres else []
    result = run("reindex", "--db", store_db, "--embed-model", model, *dense)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("rebuilt ") and f"vectors of {model}" in result.output
    with Session(store_engine) as session:
        claims = session.execute(text("SELECT count(*) FROM claims")).scalar_one()
        queries = stages.embedder.embed([QUERY])
        found = index_for(session).nearest(session, model, queries, 5, 10**9)
        exact = ExactIndex().nearest(session, model, queries, 5, 10**9)
    assert found[0][0][0] == exact[0][0][0]  # the same nearest claim
    if postgres:
        assert _graph(store_engine, stages) == Graph(8, 40)
        assert "m 8, ef_construction 40" in result.output
    else:
        meta = json.loads(Path(f"{result.output.split()[1]}").with_suffix(".json").read_text())
        assert meta["model_id"] == model and meta["indexed"] >= claims > 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--m", "40", "--ef-construction", "64"], "2m <= ef_construction"),
        (["--memory", "lots"], "--memory must be a size such as 512MB"),
        (["--embed-model", "nobody"], "no claims embedded by nobody"),
    ],
)
def test_reindex_refuses_bad_settings_and_keeps_the_index(
    pg_db: str, runtime: Runtime, stages: Stages, args: list[str], says: str
) -> None:
    from store.vectors_pg import Graph

    for batch in (BATCH, MORE):
        assert run("ingest", batch, "--db", pg_db, runtime=runtime).exit_code == 0
    model = ["--embed-model", stages.embedder.model_id] if "--embed-model" not in args else []
    result = run("reindex", "--db", pg_db, *model, *args)
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert says in result.output
    engine = open_store(pg_db)
    try:
        assert _graph(engine, stages) == Graph()
    finally:
        engine.dispose()


def test_reindex_on_sqlite_refuses_postgres_settings(tmp_path: Path, runtime: Runtime) -> None:
    db = str(tmp_path / "claims.db")
    assert run("ingest", BATCH, "--db", db, runtime=runtime).exit_code == 0
    result = run("reindex", "--db", db, "--m", "8")
    assert result.exit_code == 2
    assert result.output.strip() == "error: --m applies to PostgreSQL stores only"


def test_reindex_warns_when_the_graph_will_not_fit_in_memory(
    pg_db: str, stages: Stages, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.app import reindex
    from claims.config import Tuning
    from claims.pipeline import ingest
    from store import vectors_pg

    monkeypatch.setattr(vectors_pg, "build_memory", lambda claims, graph: 10**12)
    engine = open_store(pg_db)
    try:
        with Session(engine) as session, session.begin():
            ingest(session, sorted(Path(BATCH).iterdir()), stages, Tuning())
        seen: list[tuple[str, int, int]] = []
        with Session(engine) as session, session.begin(), caplog.at_level(logging.WARNING):
            done = reindex(
                session, stages.embedder.model_id, memory="64MB", progress=lambda *s: seen.append(s)
            )
    finally:
        engine.dispose()
    assert "maintenance_work_mem is 0.1 GB" in caplog.text and "want about 1000.0 GB" in caplog.text
    assert done.vectors > 0 and (done.m, done.ef_construction) == (24, 128)
    assert seen[-1] == ("HNSW graph", done.vectors, done.vectors)
    assert not [t for t in threading.enumerate() if t.name == "hnsw-progress"]


def test_a_higher_ef_search_of_the_database_is_kept(pg_db: str, stages: Stages) -> None:
    from store.vectors_pg import EF_SEARCH, PgVectorIndex

    engine = open_store(pg_db)
    queries = stages.embedder.embed([QUERY])
    model = stages.embedder.model_id
    setting = text("SELECT current_setting('hnsw.ef_search')")
    try:
        for given, used in ((None, EF_SEARCH), (EF_SEARCH * 3, EF_SEARCH * 3)):
            with Session(engine) as session, session.begin():
                if given:
                    session.execute(text(f"SET LOCAL hnsw.ef_search = {given}"))
                PgVectorIndex().nearest(session, model, queries, 5, 10**9)
                assert int(session.execute(setting).scalar_one()) == used
    finally:
        engine.dispose()
