"""Make news-style NLI pairs by controlled edits of real sentences (FactCC-style).

Why: the shippable NLI data holds few news-like contradictions (changed numbers, dates,
places, roles, denials). Rule-made edits of real sentences teach those, and entailed and
neutral edits of the same sentences keep "edited" from meaning "contradiction".

Usage: python training/make_news_edits.py [--nli-dir ../shared/nli] [--evaldata ../shared/evaldata]
       [--out training/data/news_edits.jsonl] [--seed 13] [--max-premises 12000]
Output: JSONL {premise, hypothesis, label, edit}. Deterministic for a given seed and input.
``python training/news_register.py [--per-kind 3000]`` applies these edits, the frames of
make_news_frames.py and hard near-misses to real news text instead (wikiref220, clef2020
Snopes claims, SummEdits news) and writes training/data/news_register.jsonl.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
# Only train/ files and dev splits: never test splits, heldout/ or seeds.
PREMISE_FILES = (
    "newprotocols_base_train.jsonl",
    "newprotocols_edit_premise_train.jsonl",
    "conjnli_adv_train.jsonl",
    "taxinli_mnli.jsonl",
)
RTE3_DEV = "contradiction/rte3_3way_en/rte3_dev_3way_en.jsonl"

ANTONYMS = (
    ("increased", "decreased"),
    ("increase", "decrease"),
    ("rose", "fell"),
    ("rise", "fall"),
    ("won", "lost"),
    ("win", "lose"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("approved", "rejected"),
    ("accepted", "refused"),
    ("before", "after"),
    ("open", "closed"),
    ("opened", "closed"),
    ("first", "last"),
    ("largest", "smallest"),
    ("biggest", "smallest"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("majority", "minority"),
    ("gained", "lost"),
    ("supported", "opposed"),
    ("supports", "opposes"),
    ("support", "oppose"),
    ("increasing", "decreasing"),
    ("expanded", "reduced"),
    ("raised", "lowered"),
    ("early", "late"),
    ("earlier", "later"),
    ("north", "south"),
    ("east", "west"),
    ("victory", "defeat"),
    ("profit", "loss"),
    ("legal", "illegal"),
    ("success", "failure"),
    ("successful", "unsuccessful"),
    ("arrived", "departed"),
    ("started", "ended"),
    ("began", "ended"),
    ("hired", "fired"),
    ("bought", "sold"),
    ("buy", "sell"),
    ("allowed", "banned"),
    ("maximum", "minimum"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("above", "below"),
    ("entered", "left"),
    ("joined", "left"),
    ("young", "old"),
    ("cheap", "expensive"),
    ("rich", "poor"),
    ("full", "empty"),
    ("true", "false"),
    ("agreed", "refused"),
    ("confirmed", "denied"),
    ("acquitted", "convicted"),
    ("private", "public"),
    ("domestic", "foreign"),
    ("male", "female"),
    ("up", "down"),
)
MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
AUX = (
    "is are was were has have had will would can could should may might must does do did"
).split()
NEG_RE = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|does|do|did)"
    r"( not|n't)\b",
    re.IGNORECASE,
)
NUM_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
ENT_RE = re.compile(r"(?<!^)(?<![.!?] )\b([A-Z][a-z]+(?:\s+(?:of\s+)?[A-Z][a-z]+){0,2})\b")
SYMMETRIC = re.compile(r"\b(and|met|with|between|versus|vs|married|both|or)\b")
NEUTRAL_DETAILS = (
    ", according to a statement released later",
    ", after several months of talks",
    ", the first such case this year",
    ", despite heavy rain",
    ", in a move that surprised analysts",
    ", officials said, adding that more details would follow",
    " for the second time in a decade",
    ", amid growing public criticism",
    ", with the support of local volunteers",
    ", a decision welcomed by the opposition",
    ", following a lengthy investigation",
)
SPEAKERS = (
    "Officials",
    "A spokesman",
    "The government",
    "Police",
    "Company executives",
    "The ministry",
    "Local authorities",
    "Witnesses",
)
DENIERS = (
    "The government",
    "A spokesman",
    "The company",
    "Officials",
    "The ministry",
    "The White House",
    "Police",
)


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def split_sentences(text: str) -> list[str]:
    """Crude sentence split, good enough for RTE-style news paragraphs."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def tidy(text: str) -> str:
    text = re.sub(r"\s+([.,;:!?%])", r"\1", text.replace(" 's", "'s").replace(" n't", "n't"))
    return re.sub(r"\s+", " ", text).strip()


def good_sentence(s: str) -> bool:
    n = len(s.split())
    return 6 <= n <= 45 and s[0].isupper() and s[-1] in '.!?"' and "\t" not in s


def load_documents(nli_dir: Path, evaldata: Path) -> list[list[str]]:
    """Documents as lists of sentences; RTE-3 dev texts are multi-sentence news paragraphs."""
    docs: list[list[str]] = []
    rte = evaldata / RTE3_DEV
    if rte.exists():
        seen: set[str] = set()
        for row in read_jsonl(rte):
            if row["premise"] not in seen:
                seen.add(row["premise"])
                docs.append([tidy(s) for s in split_sentences(row["premise"])])
    else:
        log.warning("%s absent: no RTE-3 dev premises", rte)
    for name in PREMISE_FILES:
        path = nli_dir / "train" / name
        if not path.exists():
            log.warning("%s absent, skipped", path)
            continue
        seen = set()
        for row in read_jsonl(path):
            p = row["premise"]
            if p not in seen:
                seen.add(p)
                docs.append([tidy(s) for s in split_sentences(p)])
    return [[s for s in d if good_sentence(s)] for d in docs]


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of lower-cased words (near-duplicates are not 'unrelated')."""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, len(wa | wb))


def replace_once(s: str, old: str, new: str) -> str | None:
    m = re.search(rf"\b{re.escape(old)}\b", s)
    return None if m is None else s[: m.start()] + new + s[m.end() :]


def lower_first(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or a name-like 'I'."""
    first = s.split()[0] if s.split() else s
    return s if (len(first) > 1 and first.isupper()) else s[0].lower() + s[1:]


def strip_end(s: str) -> str:
    return s.rstrip('.!?" ')


class Editor:
    """Holds the corpus-level vocabularies (entities) and the seeded random source."""

    def __init__(self, docs: list[list[str]], rng: random.Random) -> None:
        self.rng = rng
        ents: dict[int, set[str]] = {}
        for d in docs:
            for s in d:
                for e in self.entities(s):
                    ents.setdefault(len(e.split()), set()).add(e)
        self.entity_pool = {k: sorted(v) for k, v in ents.items()}
        self.by_entity: dict[str, list[str]] = {}
        for d in docs:
            for s in d:
                for e in set(self.entities(s)):
                    self.by_entity.setdefault(e, []).append(s)

    @staticmethod
    def entities(s: str) -> list[str]:
        skip = set(MONTHS) | set(WEEKDAYS) | {"The", "A", "An", "In", "On", "He", "She", "It"}
        return [m.group(1) for m in ENT_RE.finditer(s) if m.group(1).split()[0] not in skip]

    # --- contradictions -------------------------------------------------------------
    def negate(self, s: str) -> str | None:
        m = NEG_RE.search(s)
        if m and not re.match(r"\s+only", s[m.end() :]):
            return s[: m.start()] + m.group(1) + s[m.end() :]  # remove the negation
        if re.search(r"\bnever\b", s):
            return re.sub(r"\bnever\b", "always", s, count=1)
        m = re.search(rf"\b({'|'.join(AUX)})\b", s)
        if m is None or m.start() == 0:
            return None
        return s[: m.end()] + " not" + s[m.end() :]

    def antonym(self, s: str) -> str | None:
        pairs = list(ANTONYMS) + [(b, a) for a, b in ANTONYMS]
        self.rng.shuffle(pairs)
        for a, b in pairs:
            out = replace_once(s, a, b)
            if out is not None:
                return out
        return None

    def number(self, s: str) -> str | None:
        nums = [m for m in NUM_RE.finditer(s)]
        if not nums:
            return None
        m = self.rng.choice(nums)
        raw = m.group(1).replace(",", "")
        val = float(raw)
        if 1900 <= val <= 2030 and "." not in raw:
            new = str(int(val) + self.rng.choice([-3, -2, -1, 1, 2, 5]))
        else:
            factor = self.rng.choice([0.5, 0.75, 1.5, 2, 3, 10])
            nv = val * factor
            new = f"{nv:.1f}" if "." in raw else f"{int(round(nv)):,}"
            if new.replace(",", "") == raw:
                new = f"{int(val) + self.rng.randint(2, 9):,}"
        return s[: m.start()] + new + s[m.end() :]

    def date(self, s: str) -> str | None:
        for names in (MONTHS, WEEKDAYS):
            for n in names:
                if re.search(rf"\b{n}\b", s):
                    other = self.rng.choice([x for x in names if x != n])
                    return replace_once(s, n, other)
        return None

    def entity_swap(self, s: str) -> str | None:
        ents = self.entities(s)
        if not ents:
            return None
        e = self.rng.choice(ents)
        pool = self.entity_pool.get(len(e.split()), [])
        if len(pool) < 2:
            return None
        other = e
        while other == e or other in s:
            other = self.rng.choice(pool)
        return replace_once(s, e, other)

    def role_swap(self, s: str) -> str | None:
        ents = list(dict.fromkeys(self.entities(s)))
        if len(ents) < 2:
            return None
        a, b = ents[0], ents[1]
        ia, ib = s.find(a), s.find(b)
        if ia < 0 or ib < 0 or ia + len(a) > ib or SYMMETRIC.search(s[ia + len(a) : ib]):
            return None
        return s[:ia] + b + s[ia + len(a) : ib] + a + s[ib + len(b) :]

    def rather(self, s: str) -> str | None:
        """'It is not true that S; rather, S' with one fact changed."""
        changed = self.entity_swap(s) or self.number(s) or self.date(s)
        if changed is None:
            return None
        return f"It is not true that {lower_first(strip_end(s))}; rather, {lower_first(changed)}"

    def denial(self, s: str) -> str | None:
        who = self.rng.choice(DENIERS)
        form = self.rng.choice(
            [
                "{w} denied that {s}.",
                "{w} denied reports that {s}.",
                "It is false that {s}.",
                "Claims that {s} are untrue.",
            ]
        )
        return form.format(w=who, s=lower_first(strip_end(s)))

    # --- entailed -------------------------------------------------------------------
    def shorten(self, s: str) -> str | None:
        body = strip_end(s)
        for sep in (", which ", ", who ", ", after ", ", while ", ", as ", ", but ", ", and "):
            i = body.find(sep)
            if i > 0 and len(body[:i].split()) >= 5:
                return body[:i] + "."
        m = re.search(r"\s(in|on|at|during|since|by) [^,]{3,40}$", body)
        if m and len(body[: m.start()].split()) >= 5:
            return body[: m.start()] + "."
        return None

    def attribute(self, s: str) -> str | None:
        who = self.rng.choice(SPEAKERS)
        if self.rng.random() < 0.5:
            return f"{strip_end(s)}, {lower_first(who)} said."
        return f"{who} said that {lower_first(strip_end(s))}."

    def paraphrase(self, s: str) -> str | None:
        rules = [
            (r"\b(\w+) n't\b|\b(\w+)n't\b", None),
            (r"\bdid not\b", "didn't"),
            (r"\bdoes not\b", "doesn't"),
            (r"\bis not\b", "isn't"),
            (r"\bmore than\b", "over"),
            (r"\bpercent\b", "per cent"),
            (r"\bper cent\b", "percent"),
            (r"\babout\b", "around"),
            (r"\bapproximately\b", "about"),
            (r"\bpurchased\b", "bought"),
            (r"\bbought\b", "purchased"),
            (r"\bbegan\b", "started"),
            (r"\bstarted\b", "began"),
            (r"\bsaid\b", "stated"),
            (r"\bkilled\b", "left dead"),
            (r"\bbig\b", "large"),
            (r"\blarge\b", "big"),
            (r"\bshows\b", "indicates"),
            (r"\bhelp\b", "assist"),
            (r"\bquickly\b", "rapidly"),
        ]
        order = list(range(len(rules)))
        self.rng.shuffle(order)
        for i in order:
            pat, rep = rules[i]
            if rep is not None and re.search(pat, s):
                return re.sub(pat, rep, s, count=1)
        return None

    # --- neutral --------------------------------------------------------------------
    def add_detail(self, s: str) -> str | None:
        return strip_end(s) + self.rng.choice(NEUTRAL_DETAILS) + "."

    def related(self, s: str) -> str | None:
        """Another corpus sentence naming the same entity: on topic, usually neutral."""
        for e in self.entities(s):
            others = [t for t in self.by_entity.get(e, []) if overlap(s, t) < 0.5]
            if others:
                return self.rng.choice(others)
        return None


def make_pairs(docs: list[list[str]], seed: int, max_premises: int) -> Iterator[dict]:
    """Yield edited pairs; each premise gets a few edits so the labels stay mixed."""
    rng = random.Random(seed)
    ed = Editor(docs, rng)
    contra: list[tuple[str, Callable[[str], str | None]]] = [
        ("negation", ed.negate),
        ("antonym", ed.antonym),
        ("number", ed.number),
        ("date", ed.date),
        ("entity", ed.entity_swap),
        ("roles", ed.role_swap),
        ("rather", ed.rather),
        ("denial", ed.denial),
    ]
    entail = [("shorten", ed.shorten), ("attribution", ed.attribute), ("paraphrase", ed.paraphrase)]
    neutral = [("detail", ed.add_detail)]
    order = [(i, j) for i, d in enumerate(docs) for j in range(len(d))]
    rng.shuffle(order)
    for i, j in order[:max_premises]:
        s = docs[i][j]
        made: list[tuple[str, str, str]] = []
        cands = [c for c in contra if c[0] != "denial"]
        rng.shuffle(cands)
        if rng.random() < 0.6:  # 'rather' is a fallback for most sentences: keep it rarer
            cands = [c for c in cands if c[0] != "rather"]
        for name, fn in cands:
            h = fn(s)
            if h and h != s:
                made.append((name, h, "contradiction"))
                if len(made) == 2:
                    break
        if rng.random() < 0.15:
            made.append(("denial", ed.denial(s) or "", "contradiction"))
        e_cands = entail[:]
        rng.shuffle(e_cands)
        if rng.random() < 0.5:  # attribution applies to every sentence: keep it rarer
            e_cands = [c for c in e_cands if c[0] != "attribution"]
        for name, fn in e_cands:
            h = fn(s)
            if h and h != s:
                made.append((name, h, "entailment"))
                break
        # Entailment must survive an unrelated edit: shortened/attributed sentence as premise.
        if rng.random() < 0.5:
            made.append(("detail", neutral[0][1](s) or "", "neutral"))
        others = [k for k in range(len(docs[i])) if k != j]
        if others and rng.random() < 0.7:
            made.append(("same-doc", docs[i][rng.choice(others)], "neutral"))
        elif rng.random() < 0.5:
            made.append(("related", ed.related(s) or "", "neutral"))
        for name, h, label in made:
            if h:
                yield {"premise": s, "hypothesis": tidy(h), "label": label, "edit": name}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = Path(os.environ.get("CLAIMS_SHARED") or REPO.parent / "shared")
    ap.add_argument("--nli-dir", type=Path, default=shared / "nli")
    ap.add_argument("--evaldata", type=Path, default=shared / "evaldata")
    ap.add_argument("--out", type=Path, default=REPO / "training" / "data" / "news_edits.jsonl")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-premises", type=int, default=12000)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.nli_dir.exists():
        raise SystemExit(f"NLI data not found at {args.nli_dir} (give --nli-dir)")
    docs = load_documents(args.nli_dir, args.evaldata)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with args.out.open("w", encoding="utf-8") as f:
        for row in make_pairs(docs, args.seed, args.max_premises):
            key = f"{row['label']}/{row['edit']}"
            counts[key] = counts.get(key, 0) + 1
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for k in sorted(counts):
        log.info("%-28s %6d", k, counts[k])
    log.info("wrote %d pairs to %s", sum(counts.values()), args.out)


if __name__ == "__main__":
    main()
