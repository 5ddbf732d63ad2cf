"""Check bench/news/pairs.jsonl against the article files.

Run: python3 bench/news/validate.py   (standard library only; exits 1 on problems)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CONTRADICTION_KINDS = {
    "attributed_count",
    "quantity_reexpressed",
    "none_vs_count",
    "status",
    "agency",
    "denial",
    "negation",
    "date_time",
}
NEAR_MISS_KINDS = {
    "update",
    "different_roles",
    "different_event",
    "compatible_quantity",
    "paraphrase",
    "elaboration",
}
MIN_PER_KIND = 12
MIN_PAIRS = 220
FRONT_MATTER_KEYS = ("title", "outlet", "published")


def read_article(path: Path) -> tuple[dict[str, str], str]:
    """Return (front matter, body) of one article file."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.S)
    if not match:
        raise ValueError(f"{path}: no front matter")
    meta = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, match.group(2)


def is_whole_sentence(body: str, sentence: str) -> bool:
    """True if sentence occurs in body bounded by line/paragraph edges or spaces."""
    for m in re.finditer(re.escape(sentence), body):
        before = body[m.start() - 1] if m.start() else "\n"
        after = body[m.end()] if m.end() < len(body) else "\n"
        if before in " \n" and after in " \n":
            return True
    return False


def main() -> int:
    problems: list[str] = []
    bodies: dict[str, str] = {}
    outlets: dict[str, str] = {}
    for path in sorted((ROOT / "stories").glob("*/*.md")):
        rel = path.relative_to(ROOT).as_posix()
        try:
            meta, body = read_article(path)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        missing = [k for k in FRONT_MATTER_KEYS if not meta.get(k)]
        if missing:
            problems.append(f"{rel}: front matter lacks {missing}")
        bodies[rel] = body
        outlets[rel] = meta.get("outlet", "")

    pairs = [
        json.loads(line)
        for line in (ROOT / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    ids = Counter(p["id"] for p in pairs)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]

    story_split: dict[str, set[str]] = defaultdict(set)
    counts: Counter[tuple[str, str, str]] = Counter()
    for p in pairs:
        pid, story = p["id"], p["story"]
        story_split[story].add(p["split"])
        counts[(p["split"], p["label"], p["kind"])] += 1
        if p["split"] not in ("dev", "test"):
            problems.append(f"{pid}: bad split {p['split']}")
        expected = (
            CONTRADICTION_KINDS
            if p["label"] == "contradiction"
            else NEAR_MISS_KINDS
            if p["label"] == "near_miss"
            else set()
        )
        if p["kind"] not in expected:
            problems.append(f"{pid}: kind {p['kind']} does not fit label {p['label']}")
        for side in ("a", "b"):
            ref = p[side]
            if not ref["file"].startswith(f"stories/{story}/"):
                problems.append(f"{pid}.{side}: {ref['file']} is not in story {story}")
            body = bodies.get(ref["file"])
            if body is None:
                problems.append(f"{pid}.{side}: missing file {ref['file']}")
            elif ref["text"] not in body:
                problems.append(
                    f"{pid}.{side}: text not found in {ref['file']}: {ref['text'][:60]}"
                )
            elif body.count(ref["text"]) != 1:
                problems.append(f"{pid}.{side}: text occurs more than once in {ref['file']}")
            elif not is_whole_sentence(body, ref["text"]):
                problems.append(f"{pid}.{side}: text is not a whole sentence in {ref['file']}")
            if not ref["text"].endswith((".", "!", "\u201d")):
                problems.append(f"{pid}.{side}: text does not end a sentence")
        if p["a"]["file"] == p["b"]["file"]:
            problems.append(f"{pid}: a and b are the same file")
        elif outlets.get(p["a"]["file"]) == outlets.get(p["b"]["file"]):
            problems.append(f"{pid}: a and b have the same outlet")
        if not p.get("note"):
            problems.append(f"{pid}: empty note")

    problems += [f"story {s} has splits {sorted(v)}" for s, v in story_split.items() if len(v) != 1]
    if len(pairs) < MIN_PAIRS:
        problems.append(f"only {len(pairs)} pairs (need {MIN_PAIRS})")
    for kind in sorted(CONTRADICTION_KINDS | NEAR_MISS_KINDS):
        total = sum(n for (_, _, k), n in counts.items() if k == kind)
        if total < MIN_PER_KIND:
            problems.append(f"kind {kind}: {total} pairs (need {MIN_PER_KIND})")
        for split in ("dev", "test"):
            if not any(n for (s, _, k), n in counts.items() if k == kind and s == split):
                problems.append(f"kind {kind} missing from {split}")

    labels = Counter(p["label"] for p in pairs)
    splits = Counter(next(iter(v)) for v in story_split.values())
    print(f"{len(pairs)} pairs, {len(story_split)} stories ({dict(splits)}), labels {dict(labels)}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
