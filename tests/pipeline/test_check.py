"""``claims check``: a batch's contradictions, exit codes, formats, baselines, store untouched."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claims.config import Tuning
from claims.pipeline import Stages, ingest
from claims.pipeline.check import check, claim_line, display_path
from claims.report.check_formats import escape_data, escape_property
from cli.common import Runtime
from cli.main import app
from store import queries
from store.db import open_store
from store.models import Claim, Contradiction
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "batches" / "basic")
CONTRADICTS = str(FIXTURES / "batches" / "check" / "contradicts")
RESTATES = str(FIXTURES / "batches" / "check" / "restates")
WIRE = display_path(f"{CONTRADICTS}/border-wire.md")
NOTES = display_path(f"{CONTRADICTS}/gulf-notes.jsonl")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "check.db"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, runtime: Runtime, db: Path):
    """Invoke ``claims ARGS --db DB`` with the test stages; returns the result."""
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    runner = CliRunner()

    def invoke(*args: str, store: Path = db):
        return runner.invoke(app, [*args, "--db", str(store)], obj=runtime)

    return invoke


@pytest.fixture
def stored(cli, db: Path) -> Path:
    """A store holding the basic batch (two articles, two contradictions among them)."""
    result = cli("ingest", BASIC)
    assert result.exit_code == 0, result.output
    return db


def dump(db: Path) -> list[str]:
    """Every row of every table (content, not file bytes: WAL files may come and go)."""
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def as_json(result) -> dict:
    return json.loads(result.stdout)


def edit(db: Path, stmt) -> None:  # noqa: ANN001
    engine = open_store(db)
    with Session(engine) as s, s.begin():
        s.execute(stmt)
    engine.dispose()


def test_contradicting_batch_fails_in_every_format_and_stores_nothing(cli, stored: Path) -> None:
    before = dump(stored)
    outputs = {}
    for fmt in ("text", "json", "junit", "github", "markdown"):
        result = cli("check", CONTRADICTS, "--format", fmt)
        assert result.exit_code == 1, result.output
        outputs[fmt] = result.stdout
        assert "12 people" in result.stdout and "45 people" in result.stdout, fmt
    assert dump(stored) == before
    report = json.loads(outputs["json"])
    items = report["contradictions"]
    assert report["failed"] and report["version"] == 1 and len(items) == 5
    assert all(c["failing"] and c["status"] == "new" for c in items)
    assert all(c["claims"][0]["new"] for c in items)
    assert [c["score"] for c in items] == sorted((c["score"] for c in items), reverse=True)
    assert sum(c["within_batch"] for c in items) == 1
    stored_sides = {c["claims"][1]["source"]["path"] for c in items if not c["within_batch"]}
    assert stored_sides == {
        display_path(f"{BASIC}/baghdad.txt"),
        display_path(f"{BASIC}/tehran.md"),
    }
    source = items[0]["claims"][1]["source"]
    assert set(source) == {
        "path",
        "line",
        "outlet",
        "published",
        "story_first",
        "story_last",
        "title",
        "url",
    }
    assert "5 contradictions this batch" in outputs["text"] and "FAIL" in outputs["text"]
    assert outputs["markdown"].startswith("### :x: claims check")
    assert outputs["markdown"].count("| FAIL |") == 5


def test_junit_parses_with_one_testcase_per_pair(cli, stored: Path) -> None:
    result = cli("check", CONTRADICTS, "--format", "junit")
    root = ET.fromstring(result.stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 5 and all(case.find("failure") is not None for case in cases)
    assert root.find("testsuite").get("failures") == "5"
    assert {case.get("file") for case in cases} == {WIRE, NOTES}


def test_github_annotations_point_at_the_claims_file_and_line(cli, stored: Path) -> None:
    lines = cli("check", CONTRADICTS, "--format", "github").stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 5
    # border-wire.md: 5 lines of front matter, the claim is on line 8 of the file
    assert sum(line.startswith(f"::error file={WIRE},line=8,") for line in errors) == 3
    # gulf-notes.jsonl: the third record
    assert sum(line.startswith(f"::error file={NOTES},line=3,") for line in errors) == 2
    assert all(
        "\n" not in line and "title=Contradiction (numeric%2C score" in line for line in errors
    )
    assert lines[-1].startswith("::notice title=claims check::")


def test_github_escaping() -> None:
    assert escape_data("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_restating_batch_passes_and_stores_nothing(cli, stored: Path) -> None:
    before = dump(stored)
    result = cli("check", RESTATES)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("0 contradictions this batch")
    assert dump(stored) == before


def test_record_keeps_the_batch(cli, stored: Path) -> None:
    before = dump(stored)
    result = cli("check", CONTRADICTS, "--record", "--format", "json")
    assert result.exit_code == 1, result.output
    assert dump(stored) != before
    stats = as_json(cli("stats", "--format", "json"))
    assert stats["sources"] == 6 and stats["contradictions"] == 2 + 5
    again = cli("check", CONTRADICTS, "--format", "json")
    assert again.exit_code == 0, again.output
    assert as_json(again)["summary"]["already_stored"] == 4


def test_fail_on_verified_and_none(cli, stored: Path) -> None:
    assert cli("check", CONTRADICTS, "--fail-on", "verified").exit_code == 0
    edit(stored, update(Claim).where(Claim.text.contains("30 people")).values(status="verified"))
    before = dump(stored)
    result = cli("check", CONTRADICTS, "--fail-on", "verified", "--format", "json")
    assert result.exit_code == 1, result.output
    failing = [c for c in as_json(result)["contradictions"] if c["failing"]]
    assert len(failing) == 2
    assert all(c["claims"][1]["status"] == "verified" for c in failing)
    none = cli("check", CONTRADICTS, "--fail-on", "none", "--format", "json")
    assert none.exit_code == 0 and len(as_json(none)["contradictions"]) == 5
    assert dump(stored) == before


def test_dismissed_pairs_never_fail(cli, stored: Path, tmp_path: Path) -> None:
    edit(stored, update(Contradiction).values(status="dismissed"))
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "repeat.txt").write_text(
        "Aid convoys reached the flooded villages.\n\n"
        "The storm in the border region killed 45 people last week, "
        "according to the Red Crescent.\n"
    )
    result = cli("check", str(batch), "--format", "json")
    assert result.exit_code == 0, result.output
    report = as_json(result)
    assert report["contradictions"] == [] and report["summary"]["dismissed"] == 1
    recorded = cli("check", CONTRADICTS, "--record")
    assert recorded.exit_code == 1
    edit(stored, update(Contradiction).values(status="dismissed"))
    assert cli("check", CONTRADICTS).exit_code == 0


def test_baseline_round_trip_across_stores(cli, stored: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    written = cli("check", CONTRADICTS, "--write-baseline", str(baseline))
    assert written.exit_code == 0, written.output
    data = json.loads(baseline.read_text())
    assert data["version"] == 1 and len(data["pairs"]) == 5
    known = cli("check", CONTRADICTS, "--baseline", str(baseline), "--format", "json")
    assert known.exit_code == 0, known.output
    assert {c["status"] for c in as_json(known)["contradictions"]} == {"known"}
    other = tmp_path / "other.db"  # ids differ in another store; fingerprints do not
    cli("ingest", RESTATES, store=other)
    cli("ingest", BASIC, store=other)
    assert cli("check", CONTRADICTS, "--baseline", str(baseline), store=other).exit_code == 0
    data["pairs"] = data["pairs"][1:]
    baseline.write_text(json.dumps(data))
    partial = cli("check", CONTRADICTS, "--baseline", str(baseline), "--format", "json")
    assert partial.exit_code == 1
    assert as_json(partial)["summary"]["failing"] == 1
    junit = cli("check", CONTRADICTS, "--baseline", str(baseline), "--format", "junit")
    assert len(ET.fromstring(junit.stdout).findall("./testsuite/testcase/skipped")) == 4


@pytest.mark.parametrize("content", ["{not json", '{"version": 99, "pairs": []}', "[]"])
def test_bad_baseline_exits_2(cli, stored: Path, tmp_path: Path, content: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content)
    result = cli("check", CONTRADICTS, "--baseline", str(baseline))
    assert result.exit_code == 2 and "baseline" in result.output


def test_bad_file_exits_2_and_skip_bad_checks_the_rest(cli, stored: Path, tmp_path: Path) -> None:
    before = dump(stored)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    result = cli("check", CONTRADICTS, str(bad))
    assert result.exit_code == 2
    assert "bad.jsonl" in result.output and len(result.output.strip().splitlines()) == 1
    skipped = cli("check", CONTRADICTS, str(bad), "--skip-bad", "--format", "json")
    assert skipped.exit_code == 1
    assert len(as_json(skipped)["summary"]["skipped_files"]) == 1
    assert dump(stored) == before


def test_usage_errors_exit_2(cli, stored: Path) -> None:
    assert cli("check", CONTRADICTS, "--format", "pdf").exit_code == 2
    assert cli("check", CONTRADICTS, "--fail-on", "sometimes").exit_code == 2


def test_missing_store_is_not_created(cli, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = cli("check", CONTRADICTS, "--format", "json", store=missing)
    assert result.exit_code == 1, result.output
    assert [c["within_batch"] for c in as_json(result)["contradictions"]] == [True]
    assert not missing.exists()


def test_library_check_leaves_the_transaction_to_the_caller(
    session: Session, stages: Stages
) -> None:
    options = Tuning(min_similarity=0.2)
    with session.begin():
        ingest(session, [Path(BASIC)], stages, options)
    session.begin()
    result = check(session, [Path(CONTRADICTS)], stages, options, fail_on="none")
    assert len(result.findings) == 5 and not result.failed
    assert session.in_transaction()
    session.rollback()
    assert len(session.scalars(select(Contradiction)).all()) == 2


@pytest.mark.parametrize("name", ["page.txt", "front_matter.md", "article.txt", "articles.jsonl"])
def test_claim_lines_are_lines_of_the_file(session: Session, stages: Stages, name: str) -> None:
    path = FIXTURES / "sources" / name
    with session.begin():
        ingest(session, [path], stages)
        claims = queries.claims(session)
        assert claims
        lines = path.read_text(encoding="utf-8").splitlines()
        for claim in claims:
            assert claim.text[:12] in lines[claim_line(claim) - 1], (claim.text, claim_line(claim))
