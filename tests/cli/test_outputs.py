"""What a user meets first on the command line (issue 25 item 2): a version, help without
typer's markers, no library chatter on stderr, and a check that says what it did."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app, version
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "batches" / "basic")
CONTRADICTS = str(FIXTURES / "batches" / "check" / "contradicts")
COMMANDS = [
    ["ingest"], ["check"], ["report"], ["show"], ["tag"], ["resolve"], ["export"], ["pairs"],
    ["backfill"], ["sources"], ["reviewers", "add"], [],
]  # fmt: skip


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"claims {version()}\n"
    assert version()[0].isdigit()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "claims")
def test_help_has_no_typer_markers(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    usage = result.output.split("Usage:")[1].splitlines()[0]
    assert "{" not in usage and "<" not in usage, usage
    assert not re.search(r"<(bool|str|int|float|path|list\[|text\||\w+\|)", result.output)
    if command in (["ingest"], ["check"]):
        assert "PATHS..." in usage


SCRIPT = """
import logging, sys, warnings
from cli import logs
logs.setup(debug=sys.argv[1] == "debug")
logging.getLogger("pint.util").warning("Redefining 'pp'")
logging.getLogger("claims.sources").warning("own warning")
warnings.warn("a library's FutureWarning", FutureWarning, stacklevel=1)
"""


def _logged(debug: bool) -> str:
    """What a fresh process set up as the CLI sets up logging writes to stderr."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    mode = "debug" if debug else "quiet"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stderr


def test_library_logs_and_warnings_reach_stderr_only_with_debug() -> None:
    quiet = _logged(debug=False)
    assert quiet == "WARNING claims.sources: own warning\n"
    loud = _logged(debug=True)
    assert "Redefining 'pp'" in loud and "FutureWarning" in loud and "own warning" in loud


def test_the_unit_registry_redefines_nothing(caplog: pytest.LogCaptureFixture) -> None:
    from claims.detect.quantity.units import registry

    registry.cache_clear()
    with caplog.at_level(logging.WARNING):
        reg = registry()
    assert not [r for r in caplog.records if r.name.startswith("pint")], caplog.text
    assert str(reg.parse_units("basis_point")) == "basis_point"


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch, runtime, tmp_path: Path):  # noqa: ANN001
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", BASIC, "--db", db], obj=runtime).exit_code == 0

    def invoke(*args: str):
        return runner.invoke(app, ["check", *args, "--db", db], obj=runtime)

    return invoke


def test_check_counts_in_words_and_never_says_stored(check, tmp_path: Path) -> None:
    result = check(CONTRADICTS)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("5 contradictions this batch would introduce")
    assert "(s)" not in result.output and "nothing stored" not in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    failed = check(str(bad))
    assert failed.exit_code == 2
    assert "1 bad file, nothing checked" in failed.stderr and "stored" not in failed.stderr


def test_bad_files_are_annotations_in_github_junit_and_markdown(check, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    github = check(CONTRADICTS, str(bad), "--format", "github")
    assert github.exit_code == 2
    errors = [x for x in github.stdout.splitlines() if x.startswith("::error file=")]
    assert len(errors) == 1 and "bad.jsonl" in errors[0] and "title=Bad file" in errors[0]
    skipped = check(CONTRADICTS, str(bad), "--format", "github", "--skip-bad")
    assert skipped.exit_code == 1
    warned = [x for x in skipped.stdout.splitlines() if x.startswith("::warning file=")]
    assert any("bad.jsonl" in x and "Bad file skipped" in x for x in warned)
    assert "1 bad file skipped" in skipped.stdout
    junit = check(CONTRADICTS, str(bad), "--format", "junit", "--skip-bad")
    cases = ET.fromstring(junit.stdout).findall("./testsuite/testcase")
    assert any("bad.jsonl" in c.get("name", "") and c.find("skipped") is not None for c in cases)
    summary = tmp_path / "summary.md"
    markdown = check(
        CONTRADICTS, str(bad), "-f", "markdown", "--skip-bad", "--summary", str(summary)
    )
    assert "1 bad file skipped" in markdown.stdout and "bad.jsonl" in markdown.stdout
    assert "bad.jsonl" in summary.read_text(encoding="utf-8")
    junit_bad = check(str(bad), "--format", "junit")
    assert junit_bad.exit_code == 2
    suite = ET.fromstring(junit_bad.stdout).find("./testsuite")
    assert suite is not None and suite.get("errors") == "1"


def test_report_story_filters_and_groups(check, tmp_path: Path) -> None:
    import json

    runner, db = CliRunner(), str(tmp_path / "c.db")
    items = json.loads(runner.invoke(app, ["report", "-f", "json", "--db", db]).output)
    items = items["contradictions"]
    assert items and all(c["story"] and set(c["story"]) == {"id", "label"} for c in items)
    story = items[0]["story"]
    only = json.loads(
        runner.invoke(app, ["report", "-f", "json", "--story", str(story["id"]), "--db", db]).output
    )["contradictions"]
    assert only and {c["story"]["id"] for c in only} == {story["id"]}
    text = runner.invoke(app, ["report", "--db", db], env={"COLUMNS": "100"}).output
    assert f"Story {story['id']}: " in text
