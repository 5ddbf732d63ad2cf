"""Review workflow: verdicts, the append-only audit log, stable identity, export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claims.errors import BadInput, NotFound
from claims.report.browse import render_log
from claims.review import audit_entries, parse_when, resolve, tag
from store.models import AuditEntry, Claim, Contradiction, Source
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "batches" / "basic")
MORE = str(FIXTURES / "batches" / "more")
REVIEW = str(FIXTURES / "batches" / "review")


def log_of(cli) -> list[dict]:
    result = cli("log", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["entries"]


def snapshot(db: str) -> dict[str, list[tuple]]:
    """Every stored claim, contradiction and source as plain tuples (to compare runs)."""
    from store.db import open_store

    engine = open_store(db)
    with Session(engine) as s:
        out = {
            "claims": [
                (c.id, c.source_id, c.start, c.text, c.status)
                for c in s.scalars(select(Claim).order_by(Claim.id))
            ],
            "pairs": [
                (c.id, c.claim_a_id, c.claim_b_id, c.status)
                for c in s.scalars(select(Contradiction).order_by(Contradiction.id))
            ],
            "sources": [
                (x.id, x.path, x.content_hash)
                for x in s.scalars(select(Source).order_by(Source.id))
            ],
        }
    engine.dispose()
    return out


def test_tag_and_resolve_change_status_and_log_each_change(cli) -> None:
    assert cli("ingest", BASIC).exit_code == 0
    result = cli("tag", "1", "2", "verified", "--note", "matches the wire", "--by", "alice")
    assert result.exit_code == 0, result.output
    assert "claim 1: unreviewed -> verified" in result.output and "2 changed" in result.output
    result = cli("resolve", "1", "dismissed", "--by", "bob")
    assert result.exit_code == 0, result.output
    entries = log_of(cli)
    keys = ("entity", "entity_id", "old_value", "new_value", "by")
    changes = [tuple(e[k] for k in keys) for e in entries]
    assert changes == [
        ("claim", 1, "unreviewed", "verified", "alice"),
        ("claim", 2, "unreviewed", "verified", "alice"),
        ("contradiction", 1, "open", "dismissed", "bob"),
    ]
    assert entries[0]["note"] == "matches the wire" and entries[2]["note"] is None
    assert entries[0]["at"].endswith("Z") and entries[0]["field"] == "status"
    shown = cli("show", "contradiction", "1")
    assert "dismissed" in shown.output


def test_setting_the_same_value_again_logs_nothing(cli) -> None:
    cli("ingest", BASIC)
    cli("tag", "1", "disputed", "--by", "alice")
    again = cli("tag", "1", "disputed", "--by", "bob", "--note", "still")
    assert again.exit_code == 0 and "already disputed" in again.output
    assert "0 changed, 1 unchanged" in again.output
    cli("resolve", "1", "open")
    assert len(log_of(cli)) == 1


def test_unknown_id_is_one_line_and_changes_nothing(cli) -> None:
    cli("ingest", BASIC)
    result = cli("tag", "1", "2", "999", "verified")
    assert result.exit_code == 2
    assert result.output.strip() == "error: no claim with id 999; nothing changed"
    result = cli("resolve", "1", "998", "999", "confirmed")
    assert result.exit_code == 2 and "no contradictions with id 998, 999" in result.output
    assert log_of(cli) == []
    claims = json.loads(cli("report", "--format", "json").output)["contradictions"][0]["claims"]
    assert {c["status"] for c in claims} == {"unreviewed"}


def test_bad_status_is_refused(cli) -> None:
    cli("ingest", BASIC)
    assert cli("tag", "1", "confirmed").exit_code != 0
    assert cli("resolve", "1", "verified").exit_code != 0
    assert log_of(cli) == []


def test_by_defaults_to_the_os_user(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "carol")  # getpass reads LOGNAME first
    cli("ingest", BASIC)
    assert cli("tag", "3", "verified").exit_code == 0
    assert log_of(cli)[0]["by"] == "carol"


def test_log_filters(cli) -> None:
    cli("ingest", BASIC)
    cli("tag", "1", "verified", "--by", "alice")
    cli("tag", "2", "disputed", "--by", "bob")
    cli("resolve", "1", "confirmed", "--by", "alice")
    only = json.loads(cli("log", "-f", "json", "--claim", "2").output)["entries"]
    assert [(e["entity_id"], e["by"]) for e in only] == [(2, "bob")]
    pairs = json.loads(cli("log", "-f", "json", "--contradiction", "1").output)["entries"]
    assert [e["entity"] for e in pairs] == ["contradiction"]
    by_alice = json.loads(cli("log", "-f", "json", "--by", "alice").output)["entries"]
    assert len(by_alice) == 2
    today = datetime.now(UTC).date().isoformat()
    assert len(json.loads(cli("log", "-f", "json", "--since", today).output)["entries"]) == 3
    assert cli("log", "--until", "2000-01-01").output.strip() == "no audit entries"
    text_log = cli("log").output
    assert "claim 2" in text_log and "unreviewed -> disputed" in text_log
    assert cli("log", "--claim", "999").output.strip() == "error: no claim with id 999"
    assert cli("log", "--since", "yesterday").exit_code == 2


def test_log_time_window_in_the_library(session: Session, cli) -> None:
    cli("ingest", BASIC)
    with session.begin():
        tag(session, [1], "verified", by="a", now=datetime(2025, 1, 1, 23, 59))
        tag(session, [1], "disputed", by="a", now=datetime(2025, 1, 2, 0, 0))
    day_one = json.loads(render_log(audit_entries(session, until="2025-01-01"), "json"))["entries"]
    assert [e["new_value"] for e in day_one] == ["verified"]
    later = audit_entries(session, since="2025-01-02T00:00:00Z")
    assert [e.new_value for e in later] == ["disputed"]
    assert parse_when("2025-01-01T01:00:00+01:00") == datetime(2025, 1, 1)


def test_library_refuses_before_writing(session: Session, cli) -> None:
    cli("ingest", BASIC)
    with pytest.raises(NotFound), session.begin():
        resolve(session, [1, 42], "confirmed", by="x")
    with pytest.raises(BadInput), session.begin():
        tag(session, [], "verified", by="x")
    with pytest.raises(BadInput), session.begin():
        tag(session, [1], "verified", by="  ")
    assert session.scalars(select(AuditEntry)).all() == []


def test_audit_log_is_append_only(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, by, entity, entity_id, field, old_value, new_value) "
                "VALUES ('2025-01-01 00:00:00', 'a', 'claim', 1, 'status', 'x', 'y')"
            )
        )
    for statement in ("UPDATE audit_log SET by = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))


def test_ids_tags_and_statuses_survive_reingest_and_new_batches(cli) -> None:
    cli("ingest", BASIC)
    cli("tag", "1", "2", "verified", "--by", "alice")
    cli("resolve", "1", "confirmed", "--by", "alice")
    before = snapshot(cli.db)
    assert cli("ingest", BASIC).exit_code == 0
    assert snapshot(cli.db) == before
    assert cli("ingest", MORE, REVIEW).exit_code == 0
    after = snapshot(cli.db)
    for table, rows in before.items():  # nothing deleted or rewritten, only appended
        assert after[table][: len(rows)] == rows, table
    assert len(after["claims"]) > len(before["claims"])
    assert len(log_of(cli)) == 3


def test_a_dismissed_pair_is_not_flagged_again(cli) -> None:
    cli("ingest", BASIC)
    flagged = json.loads(cli("report", "-f", "json").output)["contradictions"]
    pair_ids = [str(c["id"]) for c in flagged]
    assert cli("resolve", *pair_ids, "dismissed", "--note", "same event").exit_code == 0
    dismissed = {tuple(x["id"] for x in c["claims"]) for c in flagged}
    for batch in (BASIC, MORE, REVIEW, BASIC):
        assert cli("ingest", batch).exit_code == 0
    report = json.loads(cli("report", "-f", "json").output)["contradictions"]
    pairs = [tuple(x["id"] for x in c["claims"]) for c in report]
    assert len(pairs) == len(set(pairs))
    open_again = [p for p, c in zip(pairs, report, strict=True) if c["status"] != "dismissed"]
    assert not dismissed & set(open_again)
    listed = json.loads(cli("report", "-f", "json", "--status", "dismissed").output)
    assert {c["id"] for c in listed["contradictions"]} == {int(i) for i in pair_ids}


PUBLISHER = (
    "--claimreview-url", "https://checks.example/claims/{id}", "--claimreview-publisher", "Desk",
)  # fmt: skip


def test_export_claimreview_and_csv(cli, tmp_path: Path) -> None:
    cli("ingest", BASIC, MORE)
    tehran = json.loads(cli("list", "--source", "2", "--format", "json").output)["claims"][0]
    cli("tag", str(tehran["id"]), "verified", "--by", "alice", "--note", "confirmed by Baghdad")
    cli("tag", "1", "disputed", "--by", "bob")
    reviews = json.loads(cli("export", *PUBLISHER).output)
    assert len(reviews) == 2 and all(r["@type"] == "ClaimReview" for r in reviews)
    first = next(r for r in reviews if r["reviewRating"]["alternateName"] == "Verified")
    assert first["@context"] == "https://schema.org"
    assert first["claimReviewed"] == tehran["text"]
    assert first["itemReviewed"]["@type"] == "Claim"
    assert first["itemReviewed"]["author"]["name"] in ("Ali Larijani", "Tehran Daily")
    assert first["itemReviewed"]["datePublished"] == "2025-08-20"
    appeared = first["itemReviewed"]["appearance"]
    assert appeared[0]["url"] == "https://example.org/tehran/larijani-pact"
    assert first["url"] == f"https://checks.example/claims/{tehran['id']}"
    assert first["author"] == {
        "@type": "Organization", "name": "Desk", "url": "https://checks.example/",
    }  # fmt: skip
    assert first["reviewBody"] == "confirmed by Baghdad"
    assert first["reviewRating"]["ratingValue"] == 5
    out = tmp_path / "reviews.csv"
    result = cli("export", "--format", "csv", "--status", "disputed", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["claim_id"], r["status"], r["reviewed_by"]) for r in rows] == [
        ("1", "disputed", "bob")
    ]
    assert cli("export", "--status", "unreviewed").exit_code == 2


def test_export_never_emits_a_script_url(cli) -> None:
    cli("ingest", BASIC, REVIEW)
    injected = json.loads(cli("list", "--source", "3", "--format", "json").output)["claims"]
    cli("tag", *(str(c["id"]) for c in injected), "disputed")
    reviews = json.loads(cli("export", *PUBLISHER).output)
    assert reviews and all("javascript:" not in json.dumps(r) for r in reviews)
