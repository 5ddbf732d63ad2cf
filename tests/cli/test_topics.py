"""``claims topics``: stories with their labels, articles, outlets, date range and flags.

Why: a reader browses stories, not sentence clusters; the listing must say where and when
each was published (unknown dates said so, never guessed) and how many of its flags are
open, confirmed or dismissed, counted as the desk counts them (a pair across two stories
counts in both, once in each).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claims.report.topic_list import date_range, topic_text, topics
from cli.main import app
from store.db import open_store
from store.models import Claim, Contradiction, Ingest, Source, Topic
from store.topic_overview import TopicOverview, topic_overview
from tests.conftest import FIXTURES


def _source(s: Session, n: int, outlet: str | None, day: date | None, head: int | None = None):
    s.add(
        Source(id=n, ingest_id=1, path=f"{n}.txt", content_hash=f"h{n}", outlet=outlet,
               published=day, text="t", canonical_id=head)
    )  # fmt: skip


def _claim(s: Session, n: int, source: int, topic: int | None) -> None:
    s.add(Claim(id=n, source_id=source, text=f"claim {n}", text_hash=f"c{n}", start=n, end=n + 1,
                topic_id=topic))  # fmt: skip


def _pair(s: Session, n: int, a: int, b: int, status: str) -> None:
    s.add(Contradiction(id=n, claim_a_id=a, claim_b_id=b, score=0.9, kind="numeric",
                        explanation="x", model="m", status=status, ingest_id=1))  # fmt: skip


@pytest.fixture
def store(store_db: str) -> str:
    """Story 1: three articles (one undated, one with a copy from a third outlet) and
    three flags; story 2: one undated article, sharing a flag with story 1; story 3: empty."""
    db = store_db  # SQLite, and PostgreSQL where a server is at hand
    engine = open_store(db)
    with Session(engine) as s, s.begin():
        s.add(Ingest(id=1, started_at=datetime(2025, 8, 20)))
        for t, label in ((1, "Iran–Iraq border memorandum"), (2, "Ukraine guarantees"), (3, "")):
            s.add(Topic(id=t, model_id="m", label=label, size=0, centroid=b""))
        s.flush()
        _source(s, 1, "Wire", date(2025, 8, 10))
        _source(s, 2, "Daily", date(2025, 8, 12))
        _source(s, 3, None, None)
        _source(s, 4, "Reprints", date(2025, 8, 11), head=1)  # a syndicated copy of 1
        _source(s, 5, "Daily", None)
        s.flush()
        for n, (source, topic) in enumerate([(1, 1), (1, 1), (2, 1), (3, 1), (5, 2)], 1):
            _claim(s, n, source, topic)
        s.flush()
        _pair(s, 1, 1, 3, "open")
        _pair(s, 2, 2, 3, "confirmed")
        _pair(s, 3, 1, 2, "dismissed")
        _pair(s, 4, 4, 5, "open")  # across stories 1 and 2
    engine.dispose()
    return db


def test_the_overview_counts_articles_outlets_dates_and_flags(store: str) -> None:
    engine = open_store(store)
    with Session(engine) as s:
        listed = topic_overview(s)
        only = topic_overview(s, [2])
    engine.dispose()
    assert [t.id for t in listed] == [1, 2, 3]  # most open flags first
    rows = {t.id: t for t in listed}
    one, two, three = rows[1], rows[2], rows[3]
    assert (one.claims, one.articles, one.undated) == (4, 3, 1)
    assert one.outlets == ("Daily", "Reprints", "Wire")
    assert (one.first, one.last) == (date(2025, 8, 10), date(2025, 8, 12))
    assert one.flags == {"open": 2, "confirmed": 1, "dismissed": 1}
    assert (two.articles, two.first, two.last, two.undated) == (1, None, None, 1)
    assert two.flags == {"open": 1, "confirmed": 0, "dismissed": 0}
    assert (three.claims, three.articles, three.outlets, sum(three.flags.values())) == (0, 0, (), 0)
    assert [t.id for t in only] == [2] and only[0] == two


def test_date_ranges_say_unknown_and_count_undated_articles() -> None:
    day, later = date(2025, 8, 10), date(2025, 8, 12)
    assert date_range(TopicOverview(1, "x", first=day, last=later)) == "2025-08-10 to 2025-08-12"
    assert date_range(TopicOverview(1, "x", first=day, last=day, undated=2)) == (
        "2025-08-10, 2 undated"
    )
    assert date_range(TopicOverview(1, "x", undated=1)) == "dates unknown"


def test_topics_command_json_and_text(store: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["topics", "--db", store, "-f", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["topics"]
    assert [t["id"] for t in listed] == [1, 2, 3]
    assert listed[0] == {
        "id": 1,
        "label": "Iran–Iraq border memorandum",
        "claims": 4,
        "articles": 3,
        "outlets": ["Daily", "Reprints", "Wire"],
        "dates": {"first": "2025-08-10", "last": "2025-08-12", "undated": 1},
        "flags": {"open": 2, "confirmed": 1, "dismissed": 1},
    }
    assert listed[1]["dates"] == {"first": None, "last": None, "undated": 1}
    text = runner.invoke(app, ["topics", "--db", store])
    assert text.exit_code == 0, text.output
    first = text.output.split("\n\n")[1]
    assert first.splitlines() == [
        "#1  Iran–Iraq border memorandum",
        "    3 articles · 4 claims · 2025-08-10 to 2025-08-12, 1 undated",
        "    flags: 2 open · 1 confirmed · 1 dismissed",
        "    outlets: Daily, Reprints, Wire",
    ]
    assert "dates unknown" in text.output and "(no label)" in text.output
    flagged = json.loads(runner.invoke(app, ["topics", "--db", store, "-f", "json",
                                             "--flagged"]).output)  # fmt: skip
    assert [t["id"] for t in flagged["topics"]] == [1, 2]


def test_an_empty_store_has_no_topics(tmp_path: Path) -> None:
    engine = open_store(str(tmp_path / "empty.db"))
    with Session(engine) as s:
        assert topics(s) == "no topics"
        assert json.loads(topics(s, "json")) == {"topics": []}
    engine.dispose()


def test_long_outlet_lists_wrap_to_the_width() -> None:
    outlets = tuple(f"Outlet number {n}" for n in range(12))
    row = TopicOverview(1, "A story", articles=12, outlets=outlets)
    lines = topic_text(row, 80).splitlines()
    assert all(len(line) <= 80 for line in lines) and len(lines) > 4
    assert all(line.startswith("        ") for line in lines[4:])


def test_topics_of_an_ingested_batch_add_up_to_the_store(run, tmp_path: Path) -> None:
    db = str(tmp_path / "claims.db")
    assert run("ingest", str(FIXTURES / "batches" / "basic"), "--db", db).exit_code == 0
    listed = json.loads(run("topics", "--db", db, "-f", "json").output)["topics"]
    stats = json.loads(run("stats", "--db", db, "-f", "json").output)
    sources = json.loads(run("sources", "--db", db, "-f", "json").output)["sources"]
    assert sum(t["claims"] for t in listed) == stats["claims"]
    assert {o for t in listed for o in t["outlets"]} == {s["outlet"] for s in sources} - {None}
    assert sum(t["flags"]["open"] for t in listed) >= stats["contradictions"] >= 1
