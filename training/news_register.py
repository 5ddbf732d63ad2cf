"""News-register NLI pairs from real news text: ``python training/news_register.py``.

Why: the earlier edits and frames rewrite Wikipedia and MultiNLI sentences; the tracker reads
wire news. This builder applies the same controlled edits (make_news_edits.Editor: negation,
antonyms, numbers, dates, entity and role swaps, denials; make_news_frames.Framer: status
flips, agency, quantities re-expressed in words, fractions and units, "X said / Y denied",
paraphrases) to sentences of real news, and adds the hard near-misses a tracker must not flag
(``NearMiss``): an update marked as one, the same kind of fact about a different entity, a
demand against an offer, and two speakers' reports that disagree on a figure (a contradiction).

Sources (text only; labels come from the edits): the 220 news articles of wikiref220
(../shared/evaldata/clustering/wikiref220, the non-noise ones), the ~10k Snopes claims of
clef2020 task 2 (v3.0/verified_claims.docs.tsv), the 25 news articles of SummEdits
(../shared/nli/train/summedits_news.jsonl.gz, premises only). Never seeds/, the news
evaluation set (bench/news), FNC-1 competition test or climate-fever: no reported figure is
measured on these three sources' sentences.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from training.evaldata import read_jsonl  # noqa: E402
from training.make_news_edits import (  # noqa: E402
    good_sentence,
    lower_first,
    make_pairs,
    split_sentences,
    strip_end,
    tidy,
)
from training.make_news_frames import Framer, fix_start, make_frames  # noqa: E402
from training.news_lexicon import ASSERT_FRAMES  # noqa: E402
from training.news_quantities import find_quantities  # noqa: E402

log = logging.getLogger("make_news_edits")

WIKIREF = "clustering/wikiref220/wikiref220.jsonl"
CLEF = "claim_matching/clef2020_task2/v3.0/verified_claims.docs.tsv"
SUMMEDITS = "train/summedits_news.jsonl.gz"

DEMANDS = ("{S} demanded that {p}.", "{S} called for a deal in which {p}.",
           "{S} is pressing for an outcome in which {p}.")  # fmt: skip
OFFERS = ("{S} offered a deal in which {p}.", "{S} countered with an offer in which {p}.",
          "{S} proposed instead that {p}.")  # fmt: skip
DEAL_NOUNS = {"dollars", "euros", "pounds", "million", "billion", "jobs", "workers", "days",
              "weeks", "months", "hours", "percent", "per cent", "%", "cents"}  # fmt: skip
UPDATES = ("Updated figures released later showed that {p}.", "{P}, according to a later update.",
           "The figure has since been revised: {p}.", "In a later update, {p}.")  # fmt: skip


def load_docs(evaldata: Path, nli_dir: Path) -> dict[str, list[list[str]]]:
    """Documents as lists of good sentences, by source; absent sources are named."""
    docs: dict[str, list[list[str]]] = {"wikiref220": [], "clef2020": [], "summedits_news": []}
    path = evaldata / WIKIREF
    if path.exists():
        for row in read_jsonl(path):
            if not row.get("is_noise"):
                text = re.sub(r"\s*\n\s*", " \n", row["text"])
                sents = [tidy(s) for para in text.split("\n") for s in split_sentences(para)]
                docs["wikiref220"].append([s for s in sents if good_sentence(s)])
    path = evaldata / CLEF
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                sents = [tidy(s) for s in split_sentences(row.get("vclaim") or "")]
                if len(sents) == 1 and good_sentence(sents[0]):
                    docs["clef2020"].append(sents)
    path = nli_dir / SUMMEDITS
    if path.exists():
        for premise in sorted({r["premise"] for r in read_jsonl(path)}):
            sents = [tidy(s) for s in split_sentences(premise.replace("\n", " "))]
            docs["summedits_news"].append([s for s in sents if good_sentence(s)])
    for name in docs:  # mis-decoded bytes in the source text
        docs[name] = [[s for s in d if "\ufffd" not in s] for d in docs[name]]
    for name, found in docs.items():
        log.info("%-15s %5d documents, %6d sentences", name, len(found), sum(map(len, found)))
    return docs


class NearMiss:
    """Hard near-misses (and one hard contradiction) from one sentence with a figure."""

    def __init__(self, framer: Framer) -> None:
        self.fr, self.rng, self.ed = framer, framer.rng, framer.editor

    def _other_figure(self, s: str, up: bool | None = None, deal: bool = False) -> str | None:
        qs = [q for q in find_quantities(s) if 1 <= q.value < 1e9 and q.noun != "years"]
        if deal:  # what a demand and an offer are about: money, shares, rates
            near = lambda q: s[max(0, q.start - 2) : q.end]  # noqa: E731
            qs = [q for q in qs if q.noun in DEAL_NOUNS or "$" in near(q) or q.million]
        if not qs:
            return None
        q = self.rng.choice(qs)
        factor = self.rng.choice((1.2, 1.5, 2.0) if up else (0.5, 0.7, 1.3, 1.6, 2.0))
        v = round(q.value * factor) if q.value >= 10 else q.value + self.rng.randint(1, 4)
        return fix_start(s[: q.start] + q.render(v, words=False) + s[q.end :])

    def update(self, s: str) -> tuple[str, str, str] | None:
        """A later figure marked as an update: neutral, not a contradiction."""
        later = self._other_figure(s, up=True)
        if later is None:
            return None
        form = self.rng.choice(UPDATES)
        return s, form.format(p=lower_first(strip_end(later)), P=strip_end(later)), "neutral"

    def demand_offer(self, s: str) -> tuple[str, str, str] | None:
        """One side's demand against the other's offer with another figure: neutral."""
        other = self._other_figure(s, deal=True) if s[:1].isupper() else None
        if other is None:
            return None
        a, b = self.fr.speakers(2)
        return self.fr.frame(DEMANDS, a, s), self.fr.frame(OFFERS, b, other), "neutral"

    def other_entity(self, s: str) -> tuple[str, str, str] | None:
        """The same kind of fact about a different named entity, with another figure: neutral
        (two places' counts do not contradict)."""
        swapped = self.ed.entity_swap(s)
        other = self._other_figure(swapped) if swapped else None
        return (s, other, "neutral") if other else None

    def reports_disagree(self, s: str) -> tuple[str, str, str] | None:
        """'X said N' against 'Y said M' about one event: a contradiction between reports."""
        other = self._other_figure(s)
        if other is None:
            return None
        a, b = self.fr.speakers(2)
        return (
            self.fr.frame(ASSERT_FRAMES, a, s),
            self.fr.frame(ASSERT_FRAMES, b, other),
            ("contradiction"),
        )


def near_misses(sents: list[str], framer: Framer, per_kind: int) -> Iterator[dict]:
    nm = NearMiss(framer)
    order = sents[:]
    framer.rng.shuffle(order)
    for kind in ("update", "demand_offer", "other_entity", "reports_disagree"):
        made = 0
        for s in order:
            if made >= per_kind:
                break
            got = getattr(nm, kind)(s)
            if got and tidy(got[1]) != tidy(got[0]):
                made += 1
                yield {"premise": tidy(got[0]), "hypothesis": tidy(got[1]), "label": got[2],
                       "kind": f"near_{kind}"}  # fmt: skip
        log.info("near-miss %-17s %5d", kind, made)


def make_register(evaldata: Path, nli_dir: Path, seed: int, per_kind: int) -> Iterator[dict]:
    """All register pairs: surface edits per document, frames and near-misses per source."""
    for name, docs in load_docs(evaldata, nli_dir).items():
        sents = sorted({s for d in docs for s in d})
        if not sents:
            continue
        siblings = {s: [t for t in d if t != s] for d in docs for s in d}
        rng = random.Random(f"{seed}:{name}")
        framer = Framer(sents, siblings, rng)
        share = max(1, per_kind * len(sents) // 40000)  # sources weigh by their sentences
        for row in make_pairs(docs, seed, share * 3):
            yield {**row, "kind": f"edit_{row.pop('edit')}", "source": name}
        for row in make_frames(sents, siblings, seed, share):
            yield {**row, "source": name}
        for row in near_misses(sents, framer, share):
            yield {**row, "source": name}


def write_register(evaldata: Path, nli_dir: Path, out: Path, seed: int, per_kind: int) -> None:
    counts: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for row in make_register(evaldata, nli_dir, seed, per_kind):
            key = f"{row['label']}/{row['kind']}"
            counts[key] = counts.get(key, 0) + 1
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for k in sorted(counts):
        log.info("%-36s %6d", k, counts[k])
    labels = {lab: sum(v for k, v in counts.items() if k.startswith(lab)) for lab in
              ("entailment", "neutral", "contradiction")}  # fmt: skip
    log.info("wrote %d pairs to %s (E/N/C %s)", sum(counts.values()), out, labels)


def main() -> None:
    import argparse
    import os

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = Path(os.environ.get("CLAIMS_SHARED") or REPO.parent / "shared")
    ap.add_argument("--nli-dir", type=Path, default=shared / "nli")
    ap.add_argument("--evaldata", type=Path, default=shared / "evaldata")
    ap.add_argument("--out", type=Path, default=REPO / "training" / "data" / "news_register.jsonl")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-kind", type=int, default=3000, help="premises per kind")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_register(args.evaldata, args.nli_dir, args.out, args.seed, args.per_kind)


if __name__ == "__main__":
    main()
