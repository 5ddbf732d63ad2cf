"""The labelled news set of ``bench/news``: its pairs and the articles of one split.

Why a module: the evaluation needs the same view of the set (which files, which pairs,
which day counts as "today") for every scorer it is run with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.sources.readers import FileReader

NEWS = Path(__file__).resolve().parent.parent / "news"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Side:
    """One sentence of a labelled pair: the article file (absolute) and its exact text."""

    file: Path
    text: str


@dataclass(frozen=True)
class LabelledPair:
    """A line of ``pairs.jsonl``."""

    id: str
    story: str
    split: str
    label: str  # "contradiction" | "near_miss"
    kind: str
    a: Side
    b: Side
    note: str

    @property
    def is_contradiction(self) -> bool:
        return self.label == "contradiction"


def load_pairs(split: str, news: Path = NEWS) -> list[LabelledPair]:
    """The labelled pairs of one split, in file order."""
    out: list[LabelledPair] = []
    for line in (news / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw["split"] != split:
            continue
        sides = [Side((news / raw[s]["file"]).resolve(), raw[s]["text"]) for s in ("a", "b")]
        out.append(
            LabelledPair(
                raw["id"],
                raw["story"],
                raw["split"],
                raw["label"],
                raw["kind"],
                sides[0],
                sides[1],
                raw["note"],
            )
        )
    return out


def story_files(pairs: list[LabelledPair], news: Path = NEWS) -> dict[str, list[Path]]:
    """Every article file of each story the pairs come from (all of them, labelled or not)."""
    stories = sorted({p.story for p in pairs})
    return {s: sorted((news / "stories" / s).resolve().glob("*.md")) for s in stories}


def latest_published(paths: list[Path]) -> date:
    """The latest published date among the articles: the run's fixed "today"."""
    reader = FileReader(now=date(2000, 1, 1))  # no article here dates itself relatively
    days = [a.published for p in paths for a in reader.read(p) if a.published is not None]
    if not days:
        raise SystemExit("no article of the split states a published date")
    return max(days)
