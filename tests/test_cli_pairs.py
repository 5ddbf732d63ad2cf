"""``claims pairs`` through the CLI with a fake NLI model: order, shape, bad lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli.main import app


class FakeNLI:
    """Contradiction when the hypothesis contains 'not', else entailment."""

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
        rows = [[0.05, 0.05, 0.9] if " not " in f" {h} " else [0.9, 0.05, 0.05] for _, h in pairs]
        return np.asarray(rows, dtype=np.float32)


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claims.detect.nli.model.load_nli_model", lambda name=None, **kw: FakeNLI())


def test_one_json_line_per_input_line_in_order(tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    src.write_text(
        '{"premise": "The deal was signed.", "hypothesis": "The deal was not signed.", "id": 1}\n'
        "\n"
        '{"premise": "The deal was signed.", "hypothesis": "A deal exists."}\n'
    )
    result = CliRunner().invoke(app, ["pairs", str(src)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["label"] for r in rows] == ["contradiction", "entailment"]
    assert set(rows[0]["scores"]) == {"entailment", "neutral", "contradiction"}
    assert abs(sum(rows[0]["scores"].values()) - 1.0) < 1e-3


def test_a_line_without_both_fields_is_a_one_line_error(tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    src.write_text('{"premise": "a", "hypothesis": "b"}\n{"premise": "only"}\n')
    result = CliRunner().invoke(app, ["pairs", str(src)])
    assert result.exit_code == 2
    assert result.output.strip() == "error: line 2: missing or non-text 'hypothesis'"


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["pairs", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.output
