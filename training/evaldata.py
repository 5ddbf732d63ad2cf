"""The one place that reads the shared NLI data: ../shared/evaldata and ../shared/nli.

Why one module: the dev slices held out of training (train_nli.py), the dev figures
(bench/eval_nli.py --split dev) and the combiner fit (fit_combiner.py) must be the very same
rows, so the split, its seed and the loaders live here, and the scripts import this module
rather than each other. Imports nothing from bench/ or the training scripts.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger("evaldata")

REPO = Path(__file__).resolve().parent.parent
# the shared data beside the checkout; CLAIMS_SHARED names it where a worktree sits deeper
SHARED = Path(os.environ.get("CLAIMS_SHARED") or REPO.parent / "shared")
EVALDATA = SHARED / "evaldata"
NLI_DIR = SHARED / "nli"
SEED = 20261127  # the training seed; it also fixes which dev rows are held out
SNLI_DEV_HOLDOUT = 1500  # dev rows held out of training, for dev figures and the combiner
RTE3_DEV_HOLDOUT = 250
SNLI_DEV = "contradiction/snli/snli_1.0_dev_labeled_tok.jsonl"
RTE3_DEV = "contradiction/rte3_3way_en/rte3_dev_3way_en.jsonl"
ANLI_R1_DEV = "contradiction/anli/anli_r1_dev.jsonl"

Rows = list[dict]
Loader = Callable[[Path], Rows]


def read_jsonl(path: Path) -> Rows:
    """Rows of a .jsonl or a gzip-compressed .jsonl.gz file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def detok(text: str) -> str:
    """SNLI here is tokenised ("dog ."); undo the common cases so it looks like real text."""
    for a, b in (
        (" .", "."),
        (" ,", ","),
        (" 's", "'s"),
        (" n't", "n't"),
        (" ?", "?"),
        (" !", "!"),
    ):
        text = text.replace(a, b)
    return text


def split_dev(rows: Rows, holdout: int, seed: int) -> tuple[Rows, Rows]:
    """Fixed split of a dev file into (train part, held-out part)."""
    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    held = set(idx[:holdout])
    return (
        [r for i, r in enumerate(rows) if i not in held],
        [r for i, r in enumerate(rows) if i in held],
    )


def three_way(rel: str, tidy: bool = False) -> Loader:
    def load(root: Path) -> Rows:
        rows = read_jsonl(root / rel)
        if tidy:
            rows = [
                {**r, "premise": detok(r["premise"]), "hypothesis": detok(r["hypothesis"])}
                for r in rows
            ]
        return rows

    return load


def dev_holdout(rel: str, holdout: int, tidy: bool = False) -> Loader:
    """The slice of a dev file that train_nli.py held out of training."""

    def load(root: Path) -> Rows:
        return split_dev(three_way(rel, tidy)(root), holdout, SEED)[1]

    return load


def stanford(name: str) -> Loader:
    def load(root: Path) -> Rows:
        rows = read_jsonl(root / "contradiction/stanford_contradiction_partial" / name)
        return [
            {
                "premise": r["text"],
                "hypothesis": r["hypothesis"],
                "label": "contradiction" if r["contradiction"] == "YES" else "other",
            }
            for r in rows
        ]

    return load


def climate_fever(root: Path) -> Rows:
    """Claim-evidence sentence pairs labelled SUPPORTS/REFUTES (NEI left out)."""
    rows = []
    for claim in read_jsonl(root / "contradiction/climate_fever/climate-fever.jsonl"):
        for ev in claim["evidences"]:
            if ev["evidence_label"] in ("SUPPORTS", "REFUTES"):
                rows.append(
                    {
                        "premise": ev["evidence"],
                        "hypothesis": claim["claim"],
                        "label": "contradiction" if ev["evidence_label"] == "REFUTES" else "other",
                    }
                )
    return rows


def fever_symmetric(root: Path, split: str = "dev") -> Rows:
    rows = read_jsonl(root.parent / f"nli/heldout/fever_symmetric_{split}.jsonl")
    return [{**r, "label": r["label"] if r["label"] == "contradiction" else "other"} for r in rows]


def fever_symmetric_test(root: Path) -> Rows:
    return fever_symmetric(root, "test")


def first(n: int, load: Loader) -> Loader:
    """The first ``n`` rows of a set (the issue's "SNLI test, first 2k")."""
    return lambda root: load(root)[:n]


def mnli_sample(root: Path) -> Rows:
    return read_jsonl(root.parent / "nli/heldout/mnli_dev_sample.jsonl")


# (name, loader, three-way?) ; binary sets count "contradiction" against everything else
TEST_SETS: list[tuple[str, Loader, bool]] = [
    ("SNLI test", three_way("contradiction/snli/snli_1.0_test_labeled_tok.jsonl", True), True),
    ("RTE-3 test (3-way)", three_way("contradiction/rte3_3way_en/rte3_test_3way_en.jsonl"), True),
    ("ANLI r1 dev", three_way(ANLI_R1_DEV), True),
    ("ANLI r2 dev", three_way("contradiction/anli/anli_r2_dev.jsonl"), True),
    ("ANLI r3 dev", three_way("contradiction/anli/anli_r3_dev.jsonl"), True),
    ("Stanford negated RTE2 A", stanford("negated_rte2_setA_102pairs_with_task_attr.jsonl"), False),
    ("Stanford negated RTE2 B", stanford("negated_rte2_setB_797pairs.jsonl"), False),
    ("Stanford real negation", stanford("real_contradiction_negation_subset.jsonl"), False),
    ("climate-fever (S/R evidence)", climate_fever, False),
]
SNLI_TEST = three_way("contradiction/snli/snli_1.0_test_labeled_tok.jsonl", True)
# the sets issue 24 reports for every model (bench/eval_nli.py --split issue)
ISSUE_SETS: list[tuple[str, Loader, bool]] = [
    ("SNLI test (first 2k)", first(2000, SNLI_TEST), True),
    ("MNLI dev sample", mnli_sample, True),
    ("RTE-3 test (3-way)", three_way("contradiction/rte3_3way_en/rte3_test_3way_en.jsonl"), True),
    ("FEVER-symmetric test", fever_symmetric_test, False),
]
DEV_SETS: list[tuple[str, Loader, bool]] = [
    ("SNLI dev held-out", dev_holdout(SNLI_DEV, SNLI_DEV_HOLDOUT, True), True),
    ("RTE-3 dev held-out", dev_holdout(RTE3_DEV, RTE3_DEV_HOLDOUT), True),
    ("MNLI dev sample", mnli_sample, True),
    ("FEVER-symmetric dev", fever_symmetric, False),
]


def claim_pairs(root: Path, n: int = 512) -> list[tuple[str, str]]:
    """Claim-length (15-35 word) sentence pairs from RTE-3 test texts, fixed seed."""
    path = root / "contradiction/rte3_3way_en/rte3_test_3way_en.jsonl"
    sents = sorted(
        {
            s
            for r in read_jsonl(path)
            for s in re.split(r"(?<=[.!?])\s+", r["premise"])
            if 15 <= len(s.split()) <= 35
        }
    )
    rng = random.Random(7)
    return [(rng.choice(sents), rng.choice(sents)) for _ in range(n)]


def load_sources(
    nli_dir: Path,
    evaldata: Path,
    edits: Path,
    names: Iterable[str],
    seed: int = SEED,
    holdouts: tuple[int, int] = (SNLI_DEV_HOLDOUT, RTE3_DEV_HOLDOUT),
) -> tuple[dict[str, Rows], dict[str, Rows]]:
    """Training data for train_nli.py: (sources by name, dev sets by name). `names` are the
    nli_dir/train files to read, `holdouts` the SNLI and RTE-3 dev rows kept out of training
    (split with `seed`); says what is absent."""
    names = list(names)
    sources: dict[str, Rows] = {}
    for name in names:
        path = nli_dir / "train" / f"{name}.jsonl"
        if path.exists():
            sources[name] = read_jsonl(path)
    if edits.exists():
        sources["news_edits"] = read_jsonl(edits)
    else:
        log.warning("news edits %s absent: run training/make_news_edits.py first", edits)
    dev: dict[str, Rows] = {}
    for name, rel, hold in (
        ("snli_dev", SNLI_DEV, holdouts[0]),
        ("rte3_dev", RTE3_DEV, holdouts[1]),
    ):
        path = evaldata / rel
        if not path.exists():
            log.warning("%s absent", path)
            continue
        rows = three_way(rel, tidy=name == "snli_dev")(evaldata)
        sources[name], dev[name] = split_dev(rows, hold, seed)
    anli = evaldata / ANLI_R1_DEV
    if anli.exists():
        dev["anli_r1_dev"] = read_jsonl(anli)
    missing = sorted(set(names) - set(sources))
    if missing:
        log.warning("sources absent, skipped: %s", ", ".join(missing))
    if not sources:
        raise SystemExit(f"no training data found under {nli_dir} / {evaldata}")
    return sources, dev
