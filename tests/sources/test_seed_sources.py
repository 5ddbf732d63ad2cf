"""The seeds through the CLI as a user runs it: every source has an outlet that is no path or
hash, the headlines of 002 and 003 are titles, and no date comes from the day of the ingest."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.sources.readers import FileReader
from cli.common import Runtime
from cli.main import app
from tests.doubles import fast_stages

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    # the CLI's reader: no saved-on day, so "7 hours ago" has nothing to count back from
    stages = dataclasses.replace(fast_stages(), reader=FileReader())
    runtime = Runtime(stages=lambda settings: stages)
    db = str(tmp_path_factory.mktemp("seeds") / "claims.db")
    runner = CliRunner()
    ingest = runner.invoke(app, ["ingest", str(SEEDS), "--db", db], obj=runtime)
    assert ingest.exit_code == 0, ingest.output
    again = runner.invoke(app, ["ingest", str(SEEDS), "--db", db], obj=runtime)
    assert again.exit_code == 0 and "Nothing new" in again.output, again.output  # same outlets
    listed = runner.invoke(app, ["sources", "--format", "json", "--db", db], obj=runtime)
    assert listed.exit_code == 0, listed.output
    return json.loads(listed.output)["sources"]


def by_title(sources: list[dict], start: str) -> dict:
    [found] = [s for s in sources if (s["title"] or "").startswith(start)]
    return found


def test_every_seed_source_has_a_readable_outlet(sources: list[dict]) -> None:
    outlets = [s["outlet"] for s in sources]
    assert len(outlets) == 9 and all(outlets), outlets
    assert not any("/" in o or len(o) > 40 or "_" in o for o in outlets), outlets
    assert {"France 24", "The National", "Associated Press", "LBCI"} <= set(outlets)


def test_headlines_of_002_and_003_are_titles(sources: list[dict]) -> None:
    titles = {s["title"] for s in sources}
    assert "Coalition of the Willing plans security guarantees for Ukraine" in titles
    assert "Iraq and Iran sign agreement to strengthen border security" in titles


def test_relative_dates_without_an_anchor_are_unknown(sources: list[dict]) -> None:
    france24 = by_title(sources, "‘Today it's paper")
    national = by_title(sources, "Iraq security deal with Iran")
    for source in (france24, national):  # "7 hours ago", "6 days ago" on an undated page
        assert source["published"] is None and not source["published_approx"]
    assert by_title(sources, "A 'Druze crisis'")["published"] == "2025-07-15"
