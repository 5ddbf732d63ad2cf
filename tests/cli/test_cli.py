"""The CLI through typer's CliRunner, on a real SQLite file, with fast stages."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "batches" / "basic")
MORE = str(FIXTURES / "batches" / "more")


def test_every_command_has_help() -> None:
    runner = CliRunner()
    group = app_commands()
    assert group, "no commands registered"
    for name in group:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output and len(result.output.splitlines()) > 4


def app_commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_ingest_then_report_json_schema(cli) -> None:
    result = cli("ingest", BASIC)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output and "contradictions flagged" in result.output
    report = json.loads(cli("report", "--format", "json").output)
    items = report["contradictions"]
    assert items and [c["score"] for c in items] == sorted(
        (c["score"] for c in items), reverse=True
    )
    first = items[0]
    assert set(first) >= {"id", "score", "kind", "status", "explanation", "topic", "claims"}
    assert first["status"] == "open" and set(first["topic"]) == {"id", "label"}
    claim = first["claims"][0]
    assert set(claim) >= {"id", "text", "speaker", "status", "source"}
    assert set(claim["source"]) >= {"id", "title", "outlet", "published", "url", "path"}


def test_reingest_says_nothing_new(cli) -> None:
    cli("ingest", BASIC)
    result = cli("ingest", BASIC)
    assert result.exit_code == 0, result.output
    assert "Nothing new" in result.output


def test_report_formats_and_limit(cli) -> None:
    cli("ingest", BASIC, MORE)
    markdown = cli("report", "--format", "markdown", "--limit", "1")
    assert markdown.exit_code == 0 and markdown.output.startswith("# Contradictions (1)")
    text = cli("report")
    assert text.exit_code == 0 and "Contradictions" in text.output
    bad = cli("report", "--format", "pdf")
    assert bad.exit_code != 0


def test_stats_topics_show_sources_list(cli) -> None:
    cli("ingest", BASIC, MORE)
    stats = json.loads(cli("stats", "--format", "json").output)
    assert stats["sources"] == 4 and stats["claims"] > 0 and stats["topics"] > 0
    assert stats["contradictions"] >= 1
    topics = cli("topics")
    assert topics.exit_code == 0 and topics.output.strip()
    shown = cli("show", "contradiction", "1")
    assert shown.exit_code == 0 and "A claim" in shown.output and "B claim" in shown.output
    claim = cli("show", "claim", "1")
    assert claim.exit_code == 0 and "source" in claim.output
    sources = json.loads(cli("sources", "--format", "json").output)["sources"]
    assert {s["outlet"] for s in sources} >= {"Tehran Daily", "Gulf Wire"}
    listed = json.loads(cli("list", "--source", "1", "--format", "json").output)["claims"]
    assert listed and all(c["source_id"] == 1 for c in listed)


def test_domain_errors_are_one_line_and_exit_2(cli, engine, tmp_path: Path) -> None:
    missing = cli("show", "claim", "999")
    assert missing.exit_code == 2
    assert missing.output.strip() == "error: no claim with id 999"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    result = cli("ingest", BASIC, str(bad))
    assert result.exit_code == 2
    assert "bad.jsonl" in result.output and "nothing stored" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert json.loads(cli("stats", "--format", "json").output)["sources"] == 0


def test_retopic_keeps_claims_pairs_and_verdicts(cli) -> None:
    cli("ingest", BASIC, MORE)
    before = json.loads(cli("list", "--format", "json").output)["claims"]
    assert cli("tag", "1", "verified", "--by", "alice").exit_code == 0
    assert cli("resolve", "1", "dismissed", "--by", "bob").exit_code == 0
    result = cli("retopic", "--embed-model", "hashing-256")
    assert result.exit_code == 0, result.output
    assert f"{len(before)} claims in" in result.output
    after = json.loads(cli("list", "--format", "json").output)["claims"]
    assert [c["id"] for c in after] == [c["id"] for c in before]
    report = json.loads(cli("report", "--format", "json").output)["contradictions"]
    assert {c["id"]: c["status"] for c in report}[1] == "dismissed"
    assert json.loads(cli("stats", "--format", "json").output)["topics"] > 0
    shown = cli("show", "claim", "1")
    assert "status: verified" in shown.output and "topic: -" not in shown.output


def test_retopic_without_vectors_of_that_model_is_an_error(cli) -> None:
    cli("ingest", BASIC)
    result = cli("retopic", "--embed-model", "some/other-model")
    assert result.exit_code == 2 and "no vector of 'some/other-model'" in result.output
