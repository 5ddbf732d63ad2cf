"""``claims pairs`` through the CLI with the NLI double: order, shape, bad lines."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from tests.doubles import KeywordNLI

RUNTIME = Runtime(pair_model=lambda name: KeywordNLI())


def test_one_json_line_per_input_line_in_order(tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    src.write_text(
        '{"premise": "The deal was signed.", "hypothesis": "The deal was not signed.", "id": 1}\n'
        "\n"
        '{"premise": "The deal was signed.", "hypothesis": "A deal exists."}\n'
    )
    result = CliRunner().invoke(app, ["pairs", str(src)], obj=RUNTIME)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["label"] for r in rows] == ["contradiction", "neutral"]
    assert set(rows[0]["scores"]) == {"entailment", "neutral", "contradiction"}
    assert abs(sum(rows[0]["scores"].values()) - 1.0) < 1e-3


def test_a_line_without_both_fields_is_a_one_line_error(tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    src.write_text('{"premise": "a", "hypothesis": "b"}\n{"premise": "only"}\n')
    result = CliRunner().invoke(app, ["pairs", str(src)], obj=RUNTIME)
    assert result.exit_code == 2
    assert result.output.strip() == "error: line 2: missing or non-text 'hypothesis'"


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["pairs", str(tmp_path / "nope.jsonl")], obj=RUNTIME)
    assert result.exit_code == 2 and "no such file" in result.output
