"""Bidi controls in user text cannot reverse what follows it (issue 26 item 10, reports).

An outlet and a claim carrying U+202E RIGHT-TO-LEFT OVERRIDE and the U+2066-2069 isolates
go through every report format: HTML isolates them in ``<bdi>``/``dir="auto"``, text,
Markdown and CSV carry no paired control except balanced FSI ... PDI isolates, JSON keeps
the exact strings (escaped as \\u202e, so a terminal showing it is not reversed), and a
cut never leaves a control open.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.report.escape import FSI, PDI, cut, isolate, plain
from cli.main import app
from tests.conftest import FIXTURES

RLO, LRI, RLI, FSI_, PDI_ = "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"
OUTLET = f"Gulf {RLO}Wire"
SPOOF = (
    f"The storm in the border region killed 45 people {RLO}last week{LRI}, "
    f"{RLI}officials{PDI_} said{FSI_}."
)
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BASIC = FIXTURES / "batches" / "basic"


def balanced(text: str) -> bool:
    """Only FSI ... PDI pairs, each closed on its own line; no override or embedding."""
    for line in text.splitlines():
        depth = 0
        for ch in CONTROLS.findall(line):
            if ch == FSI:
                depth += 1
            elif ch == PDI and depth:
                depth -= 1
            else:
                return False
        if depth:
            return False
    return True


def test_helpers_drop_paired_controls_and_isolate_right_to_left_text() -> None:
    assert plain(SPOOF) == CONTROLS.sub("", SPOOF) and not CONTROLS.search(plain(OUTLET))
    arabic = f"{RLO}الجزيرة"
    assert isolate(arabic) == f"{FSI}الجزيرة{PDI}" and isolate("Wire") == "Wire"
    for limit in range(1, 12):
        assert (
            balanced(cut(f"{RLO}الجزيرة نت {LRI}x", limit))
            and len(plain(cut("x" * 20, limit))) <= limit
        )


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, runtime, tmp_path: Path) -> str:  # noqa: ANN001
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    doc = tmp_path / "spoof.md"
    doc.write_text(
        f"---\ntitle: Storm {RLO}toll\noutlet: {OUTLET}\npublished: 2025-08-22\n---\n{SPOOF}\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "bidi.db")
    result = CliRunner().invoke(app, ["ingest", str(BASIC), str(doc), "--db", db], obj=runtime)
    assert result.exit_code == 0, result.output
    return db


def _report(db: str, fmt: str, width: str = "100") -> str:
    result = CliRunner().invoke(app, ["report", "-f", fmt, "--db", db], env={"COLUMNS": width})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_report_format_isolates_an_outlet_and_a_claim_with_bidi_controls(store: str) -> None:
    data = json.loads(_report(store, "json"))["contradictions"]
    spoofed = [c for c in data if any(x["source"]["outlet"] == OUTLET for x in c["claims"])]
    assert spoofed, "the spoofed source must be in a flagged pair"
    assert any(x["text"] == SPOOF for c in spoofed for x in c["claims"])  # JSON: exact
    raw_json = _report(store, "json")
    assert not CONTROLS.search(raw_json) and "\\u202e" in raw_json
    for fmt in ("text", "markdown", "csv"):
        out = _report(store, fmt)
        assert "Gulf Wire" in out and balanced(out), fmt
        assert "2025-08-22" in out
    narrow = _report(store, "text", "60")
    assert balanced(narrow) and "Gulf Wire" in narrow
    page = _report(store, "html")
    assert not CONTROLS.search(page)
    assert "<bdi>Gulf Wire</bdi>" in page and '<blockquote dir="auto">' in page
    assert re.search(r"<bdi>[^<]*killed 45 people last week, officials said", page)


def test_check_formats_carry_no_open_control() -> None:
    import xml.etree.ElementTree as ET

    from claims.report import check_formats
    from tests.report.builders import finding, ref, result

    new = ref(SPOOF, outlet=OUTLET, path=f"new/{RLO}a.md")
    other = ref(f"{RLI}الجزيرة{LRI} says 12 people", outlet=f"{RLO}الجزيرة", new=False)
    res = result(finding(new, other))
    res.report.skipped_files.append(f"new/{RLO}bad.md: not UTF-8")
    for fmt in ("text", "markdown", "github", "junit"):
        out = check_formats.render(res, fmt)
        assert balanced(out) and "killed 45 people last week" in out, fmt
        assert not re.search("[\u202a-\u202e\u2066\u2067]", out), fmt
    ET.fromstring(check_formats.render(res, "junit"))
    assert "\\u202e" in check_formats.render(res, "json")
