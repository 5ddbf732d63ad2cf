"""An undated article takes its story's dates only where the story's other articles state
them: its published date stays unknown, every view says so and adds the story's dates,
they follow the story as dated articles join it and through a rebuild, and the report's
and the desk's date filters and the event-year guard read them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages, ingest
from claims.pipeline.analysis import rebuild_topics
from claims.report.browse import show_claim, show_contradiction, sources
from claims.report.contradictions import Filters, build_report
from claims.report.render import render
from claims.types import Article, SourceRecord
from claims.web.render import date_label
from store import desk, queries
from store.models import Claim, Source, Topic
from tests.doubles import (
    FixedScorer,
    HashingEmbedder,
    MemoryReader,
    SplitExtractor,
    TagProfiler,
)

DAY = date(2025, 8, 12)
LATER_DAY = date(2025, 8, 20)
STORY_SHOWN = "unknown (story: Aug 2025)"
DATED = {
    "dated.txt": [
        Article(
            "#Iran and #Iraq signed a border pact. The pact covers the border.",
            "dated.txt",
            title="Border pact",
            published=DAY,
        )
    ]
}
UNDATED = {
    "undated.txt": [
        Article(
            "#Iraq said there is no border pact with #Iran. The border stays open.",
            "undated.txt",
            title="No border pact",
        )
    ]
}
ALSO_UNDATED = {
    "relative.txt": [
        Article(
            "#Iran denied a border pact with #Iraq exists. Talks go on.",
            "relative.txt",
            title="Pact denied",
        )
    ]
}


def _ingest(session: Session, tmp_path: Path, name: str, articles: dict) -> FixedScorer:
    folder = tmp_path / name
    folder.mkdir()
    for file in articles:
        (folder / file).write_text("read by the memory reader\n")
    scorer = FixedScorer(0.9)
    stages = Stages(
        MemoryReader(articles),
        SplitExtractor(),
        HashingEmbedder(),
        TagProfiler(),
        scorer,
    )
    with session.begin():
        ingest(session, [folder], stages, Tuning(min_similarity=0.0, model_alignment=0.0))
    return scorer


def _source(session: Session, path: str) -> SourceRecord:
    source_id = session.scalar(select(Source.id).where(Source.path == path))
    found = desk.source_text(session, source_id)
    assert found is not None
    return found[0]


def _claim_of(session: Session, path: str) -> int:
    stmt = select(Claim.id).join(Source, Source.id == Claim.source_id).where(Source.path == path)
    return min(session.scalars(stmt))


def test_an_undated_article_shows_unknown_and_its_storys_dates_everywhere(
    session: Session, tmp_path: Path
) -> None:
    _ingest(session, tmp_path, "a", DATED | UNDATED)
    with session.begin():
        undated, dated = _source(session, "undated.txt"), _source(session, "dated.txt")
        assert undated.published is None, "an undated article is never given a date"
        assert (undated.story_first, undated.story_last) == (DAY, DAY)
        assert (dated.story_first, dated.story_last) == (None, None), "its own date speaks"
        assert date_label(undated) == STORY_SHOWN and date_label(dated) == DAY.isoformat()
        assert STORY_SHOWN in show_claim(session, _claim_of(session, "undated.txt"))
        assert STORY_SHOWN in sources(session)
        listed = json.loads(sources(session, "json"))["sources"]
        assert {s["path"]: s["story_first"] for s in listed} == {
            "dated.txt": None,
            "undated.txt": DAY.isoformat(),
        }
        pair = queries.contradictions(session)[0]
        assert STORY_SHOWN in show_contradiction(session, pair.id)
        data = build_report(session)
    for fmt in ("text", "markdown", "html", "csv"):
        assert STORY_SHOWN in render(data, fmt), fmt
    pairs = json.loads(render(data, "json"))["contradictions"]
    shown = [c["source"] for p in pairs for c in p["claims"]]
    mine = next(s for s in shown if s["path"] == "undated.txt")
    assert mine["published"] is None and mine["published_label"] == STORY_SHOWN
    assert (mine["story_first"], mine["story_last"]) == (DAY.isoformat(), DAY.isoformat())


def test_a_story_of_undated_articles_stays_unknown_until_a_dated_one_joins_it(
    session: Session, tmp_path: Path
) -> None:
    _ingest(session, tmp_path, "a", UNDATED | ALSO_UNDATED)
    with session.begin():
        first = _source(session, "undated.txt")
        assert (first.published, first.story_first) == (None, None)
        assert date_label(first) == "unknown", "other undated articles give no date"
        assert session.scalar(select(Topic.first_date)) is None
    _ingest(session, tmp_path, "b", DATED)
    with session.begin():
        for path in ("undated.txt", "relative.txt"):
            joined = _source(session, path)
            assert joined.published is None and joined.story_first == DAY, path
        assert len(set(session.scalars(select(Source.story_id)))) == 1
        rebuild_topics(session, HashingEmbedder().model_id, lambda: TagProfiler())
    with session.begin():
        rebuilt = _source(session, "undated.txt")
        assert (rebuilt.published, rebuilt.story_first, rebuilt.story_last) == (None, DAY, DAY)


def test_report_and_desk_date_filters_read_an_undated_articles_story_dates(
    store_engine: Engine, tmp_path: Path
) -> None:
    with Session(store_engine) as session:  # on SQLite and PostgreSQL: the filters are SQL
        _filters_read_story_dates(session, tmp_path)


def _filters_read_story_dates(session: Session, tmp_path: Path) -> None:
    _ingest(session, tmp_path, "a", UNDATED | ALSO_UNDATED)
    _ingest(session, tmp_path, "b", DATED)
    with session.begin():
        undated_pairs = {
            p.id
            for p in queries.contradictions(session)
            if p.claim_a.source.published is None and p.claim_b.source.published is None
        }
        assert undated_pairs, "the two undated articles' claims were compared"
        since = lambda day: {  # noqa: E731
            p["id"] for p in build_report(session, filters=Filters(since=day))["contradictions"]
        }
        assert undated_pairs <= since(DAY)
        assert not undated_pairs & since(LATER_DAY), "the story ends before that day"
        until = lambda day: {  # noqa: E731
            p["id"] for p in build_report(session, filters=Filters(until=day))["contradictions"]
        }
        assert undated_pairs <= until(DAY) and not until(DAY - (LATER_DAY - DAY))
        assert desk.count(session, desk.QueueFilter(until=DAY - (LATER_DAY - DAY))) == 0
        assert desk.count(session, desk.QueueFilter(since=DAY, until=DAY)) == len(
            queries.contradictions(session)
        )


def test_the_event_year_guard_reads_the_storys_years_for_an_undated_claim(
    session: Session, tmp_path: Path
) -> None:
    recap = {
        "recap.txt": [
            Article(
                "In 2023 #Iran and #Iraq signed a border pact.",
                "recap.txt",
                title="Pact recap",
                published=DAY,
            )
        ]
    }
    alone = _ingest(session, tmp_path, "a", UNDATED | ALSO_UNDATED)
    assert alone.seen, "undated claims of a story without dates are compared"
    scorer = _ingest(session, tmp_path, "b", DATED | recap)
    with session.begin():
        ids = {c.id: c.source.path for c in session.scalars(select(Claim))}
    recap_vs_undated = [
        (a, b)
        for a, b in scorer.seen
        if {ids[a], ids[b]} & {"recap.txt"} and {ids[a], ids[b]} & {"undated.txt", "relative.txt"}
    ]
    assert not recap_vs_undated, "an undated claim of a story of 2025 is not the 2023 event"
    assert any({ids[a], ids[b]} == {"dated.txt", "undated.txt"} for a, b in scorer.seen)
