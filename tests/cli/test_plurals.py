"""Counts in the CLI's output are plain English: "1 file", "2 files", never "file(s)".

Why: the ingest summary said "1 file(s), 2 article(s)" and "1 contradictions flagged",
which reads as unfinished to the newsroom reader who meets it first (issue 25).
"""

from __future__ import annotations

import re

from claims.app import summary
from claims.pipeline.runs import IngestReport
from claims.words import noun, plural
from tests.cli.test_cli import BASIC, MORE

COUNTS = ("files", "articles", "sources_added", "copies_added", "already_stored",
          "claims_added", "sentences_dropped", "embeddings_computed", "topics_added",
          "pairs_scored", "contradictions_added")  # fmt: skip


def test_plural_and_noun() -> None:
    assert [plural(n, "file") for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]
    assert plural(1, "copy", "copies") == "1 copy" and plural(3, "copy", "copies") == "3 copies"
    assert (noun(1, "has", "have"), noun(2, "has", "have")) == ("has", "have")


def test_ingest_summary_says_one_and_many_properly() -> None:
    one = summary(IngestReport(**dict.fromkeys(COUNTS, 1), skipped_files=["a.jsonl: bad"]))
    assert "1 file, 1 article: 1 new, 1 copy folded, 1 already stored." in one
    assert "1 claim (1 sentence dropped), 1 embedded, 1 new story." in one
    assert "1 candidate pair scored, 1 contradiction flagged." in one
    assert "Skipped 1 bad file:" in one
    two = summary(IngestReport(**dict.fromkeys(COUNTS, 2), skipped_files=["a", "b"]))
    assert "2 files, 2 articles: 2 new, 2 copies folded" in two
    assert "2 claims (2 sentences dropped), 2 embedded, 2 new stories." in two
    assert "2 candidate pairs scored, 2 contradictions flagged." in two
    assert "Skipped 2 bad files:" in two
    assert "(s)" not in one + two and not re.search(r"\b1 \w+s\b", one)


def test_cli_output_has_no_parenthesised_plurals(cli, tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    ingested = cli("ingest", BASIC, MORE, str(bad), "--skip-bad")
    assert ingested.exit_code == 0, ingested.output
    assert "Skipped 1 bad file:" in ingested.output and "bad.jsonl" in ingested.output
    retopic = cli("retopic", "--embed-model", "hashing-256")
    assert retopic.exit_code == 0, retopic.output
    assert re.match(r"\d+ claims in (1 story|\d+ stories) \(", retopic.output)
    sources = cli("sources").output
    counts = [int(n) for n in re.findall(r"\s(\d+) claims?\s", sources)]
    assert counts and all(f" {n} {noun(n, 'claim')} " in sources for n in counts)
    assert "(s)" not in ingested.output + retopic.output + sources
