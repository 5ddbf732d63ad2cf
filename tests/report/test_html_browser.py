"""The HTML report in a real browser (headless Chromium): readable, and inert.

Chromium loads the report built from the fixture batches, one of which carries
``<script>`` and ``onerror`` payloads in its title, outlet, URL and text; ``--dump-dom``
shows the DOM after the page ran. A control page proves this Chromium does run inline
scripts, so an unchanged title means the escaping held, not that scripts were off.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from tests.conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FLAGSHIP_A = "It stressed that there is no security agreement between the two countries"
FLAGSHIP_B = "said that Iran signed an important security agreement with Iraq"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
)


def dump_dom(page: Path) -> str:
    """The DOM Chromium ends with after loading ``page`` (scripts, if any, have run)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def title_of(dom: str) -> str:
    found = re.search(r"<title>(.*?)</title>", dom, re.DOTALL)
    return found.group(1) if found else ""


@pytest.fixture
def report_page(monkeypatch: pytest.MonkeyPatch, runtime: Runtime, tmp_path: Path) -> Path:
    """The HTML report of the fixture batches, with a verdict in its history."""
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    db = str(tmp_path / "browser.db")
    runner = CliRunner()

    def claims(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", db], obj=runtime)
        assert result.exit_code == 0, result.output
        return result.output

    claims("ingest", *(str(FIXTURES / "batches" / b) for b in ("basic", "more", "review")))
    claims("resolve", "1", "confirmed", "--by", "alice", "--note", "<script>x</script>")
    page = tmp_path / "report.html"
    claims("report", "--format", "html", "--out", str(page))
    return page


def test_the_control_page_shows_scripts_do_run_here(tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        "<!doctype html><title>Contradictions report</title>"
        "<body><script>document['title']='pwned'</script></body>"
    )
    assert title_of(dump_dom(page)) == "pwned"


def test_no_injected_script_runs(report_page: Path) -> None:
    dom = dump_dom(report_page)
    assert title_of(dom) == "Contradictions report"
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert "&lt;script&gt;document['title']='pwned'&lt;/script&gt;" in dom  # shown as text
    assert 'href="javascript' not in dom.lower()


def test_flagship_claims_appear_side_by_side(report_page: Path) -> None:
    dom = dump_dom(report_page)
    assert dom.count("<mark>") >= 2  # conflicting spans are marked (stripped below to match)
    plain = re.sub(r"</?mark>", "", dom)
    cards = re.findall(r'<article class="pair".*?</article>', plain, re.DOTALL)
    assert cards, "no contradiction cards in the page"
    flagship = [c for c in cards if FLAGSHIP_A in c and FLAGSHIP_B in c]
    assert len(flagship) == 1, "the flagship pair should share one card"
    card = flagship[0]
    sides = re.search(r'<div class="sides">(.*)</div>', card, re.DOTALL)
    assert sides, "the two claims are not in one side-by-side row"
    row = sides.group(1)
    a, b = row.index('class="claim a"'), row.index('class="claim b"')
    assert a < row.index(FLAGSHIP_A) < b < row.index(FLAGSHIP_B)
    assert "Tehran Daily" in row and "2025-08-20" in row and "Ali Larijani" in row
    assert "Review history (1)" in card and "alice" in card and "&lt;script&gt;x" in card
