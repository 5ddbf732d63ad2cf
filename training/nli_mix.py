"""The training mix of train_nli.py: which sources, how many pairs of each per epoch.

Why per source: the sources differ wildly in size, register and label skew (Breaking NLI and
WikiFactCheck are almost all contradiction, SciTail has none, TabFact premises are tables),
so each epoch draws a fixed number of pairs from each (``MIX``), without replacement while
the source lasts, afresh every epoch from ``(seed, epoch)``: a resumed run rebuilds the very
epoch it stopped in. The counts aim at (a) E/N/C near balance overall, (b) the public
SNLI/MNLI-style sets (SNLI dev, OIE SNLI+MNLI, TaxiNLI, New-protocols, CAD) at about two
thirds, so SNLI and MNLI do not fall, (c) a third news register: the rule-made edits and
frames of make_news_edits.py / make_news_frames.py and the real-news SummEdits pairs.

``RESTRICTED_MIX`` (train-restricted/: non-commercial or unlicensed) joins only with
``--with-restricted``, which train_nli.py allows only with ``--experiment``: weights trained
on it never ship (train_nli.check_shippable).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from pathlib import Path

from training.evaldata import (
    RTE3_DEV,
    RTE3_DEV_HOLDOUT,
    SNLI_DEV,
    SNLI_DEV_HOLDOUT,
    Rows,
    read_jsonl,
    split_dev,
    three_way,
)

log = logging.getLogger("train_nli")

LABELS = ("entailment", "neutral", "contradiction")

# pairs per epoch from each shippable source (train/ file stem, dev split, or generated file)
MIX: dict[str, int] = {
    # public SNLI / MNLI-style sets (about two thirds)
    "snli_dev": 8000,  # SNLI dev less the held-out 1,500 (8,342 rows)
    "oie_snli_mnli": 16000,
    "taxinli_mnli": 9335,
    "cad_snli_all_combined_train": 8330,
    "newprotocols_base_train": 8000,
    "newprotocols_contrast_train": 5000,
    "newprotocols_edit_other_train": 5000,
    "newprotocols_edit_premise_train": 6000,
    "conjnli_adv_train": 6000,
    "mnli_train_sample_llicl": 300,
    "wanli_train_sample": 100,
    "rte3_dev": 550,  # RTE-3 dev less the held-out 250
    # other registers, one class skewed or long premises: a small share each
    "breaking_nli": 1500,
    "infotabs_train": 2500,
    "scitail_dev": 1304,
    "tracie_train_uniform": 500,
    "fm2_dev_test": 2548,
    "vitaminc_train_sample_llicl": 300,
    "cannot_wikifactcheck_negated": 2500,  # contradiction only
    "tabfact_pairwise": 1500,  # long table premises, cut at 128 tokens
    "summedits_other": 1500,
    # news register
    "summedits_news": 804,  # real 2023 news articles against edited summaries
    "news_edits": 12000,  # training/make_news_edits.py (real sentences, surface edits)
    "news_frames": 9000,  # training/make_news_frames.py (attributed frames)
    "news_register": 12000,  # news_register.py: wikiref220, clef2020, SummEdits
}
RESTRICTED_MIX: dict[str, int] = {
    "fnc1_train_related": 13160,  # real news headline vs body stance
    "fnc_arc_related": 4438,
    "lingnli_train": 12000,
    "lingnli_val": 5961,
    "xnli_en_dev": 2490,
    "sick_reannotated": 3000,
    "wikifactcheck_dev_claim_vs_refuted": 1500,
}
GENERATED = {
    "news_edits": "news_edits.jsonl",
    "news_frames": "news_frames.jsonl",
    "news_register": "news_register.jsonl",
}


def source_path(nli_dir: Path, folder: str, name: str) -> Path | None:
    """The .jsonl or .jsonl.gz file of a source, or None."""
    for ext in (".jsonl", ".jsonl.gz"):
        path = nli_dir / folder / f"{name}{ext}"
        if path.exists():
            return path
    return None


def _generated(rows: Rows) -> Rows:
    return [r for r in rows if r.get("label") in LABELS]


def load_sources(
    nli_dir: Path, evaldata: Path, data_dir: Path, mix: Mapping[str, int], seed: int
) -> tuple[dict[str, Rows], dict[str, Rows], list[str]]:
    """(rows by source, held-out dev sets, restricted sources used) for the sources in
    ``mix``; warns about each absent one. The SNLI and RTE-3 dev slices held out here are the
    ones bench/eval_nli.py --split dev reads."""
    sources: dict[str, Rows] = {}
    dev: dict[str, Rows] = {}
    restricted: list[str] = []
    for name in mix:
        if name in GENERATED:
            path = data_dir / GENERATED[name]
            if path.exists():
                sources[name] = _generated(read_jsonl(path))
            continue
        if name in ("snli_dev", "rte3_dev"):
            snli = name == "snli_dev"
            rel, hold = (SNLI_DEV, SNLI_DEV_HOLDOUT) if snli else (RTE3_DEV, RTE3_DEV_HOLDOUT)
            if (evaldata / rel).exists():
                rows = three_way(rel, tidy=snli)(evaldata)
                sources[name], dev[name] = split_dev(rows, hold, seed)
            continue
        path = source_path(nli_dir, "train", name)
        if path is None and name in RESTRICTED_MIX:
            path = source_path(nli_dir, "train-restricted", name)
            restricted += [name] if path else []
        if path is not None:
            sources[name] = [r for r in read_jsonl(path) if r.get("label") in LABELS]
    mnli = evaldata.parent / "nli" / "heldout" / "mnli_dev_sample.jsonl"
    if mnli.exists():
        dev["mnli_dev_sample"] = read_jsonl(mnli)
    missing = sorted(set(mix) - set(sources))
    if missing:
        log.warning("sources absent, skipped: %s", ", ".join(missing))
    if not sources:
        raise SystemExit(f"no training data found under {nli_dir} / {evaldata} / {data_dir}")
    return sources, dev, restricted


def sample_epoch(
    sources: Mapping[str, Rows], mix: Mapping[str, int], seed: int, epoch: int, scale: float = 1.0
) -> Rows:
    """The pairs of one epoch: ``mix[name] * scale`` rows of each source (a source smaller
    than that repeats), shuffled; a pure function of (sources, mix, seed, epoch, scale)."""
    rng = random.Random(f"{seed}:{epoch}")
    out: Rows = []
    for name in sorted(sources):
        rows, want = sources[name], round(mix.get(name, 0) * scale)
        picked: Rows = []
        while rows and len(picked) < want:
            order = list(range(len(rows)))
            rng.shuffle(order)
            picked.extend(rows[i] for i in order[: want - len(picked)])
        out.extend(picked)
    rng.shuffle(out)
    return out


def describe(sources: Mapping[str, Rows], mix: Mapping[str, int], scale: float) -> list[str]:
    """One log line per source: rows, drawn per epoch, its E/N/C; then the totals."""
    lines, total = [], dict.fromkeys(LABELS, 0.0)
    for name in sorted(sources):
        rows, want = sources[name], round(mix.get(name, 0) * scale)
        share = {lab: sum(r["label"] == lab for r in rows) / max(1, len(rows)) for lab in LABELS}
        for lab in LABELS:
            total[lab] += share[lab] * want
        enc = "/".join(f"{share[lab]:.2f}" for lab in LABELS)
        lines.append(f"source {name:36s} rows {len(rows):6d}  per epoch {want:6d}  E/N/C {enc}")
    n = sum(total.values())
    lines.append(
        f"per epoch {n:.0f} pairs, E/N/C about "
        + "/".join(f"{total[lab] / max(1, n):.2f}" for lab in LABELS)
    )
    return lines
