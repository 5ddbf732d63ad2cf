"""The model card (README.md beside the weights) written by train_nli.py from its run meta.

Why generated: the card must name the exact data drawn, its licences, the settings and every
figure of the weights it sits beside; ``--card-only EVAL.md`` rewrites it once the bench
figures (bench/eval_nli.py, bench/fnc1_separation.py, bench/eval_news.py) are in.
"""

from __future__ import annotations

import json
from pathlib import Path

LICENCES = {
    "snli_dev": "CC BY-SA 4.0",
    "rte3_dev": "PASCAL RTE texts; labels BSD-2-Clause",
    "oie_snli_mnli": "SNLI CC BY-SA 4.0, MultiNLI text (OANC / CC BY-SA 3.0)",
    "taxinli_mnli": "C-UDA 1.0 (MNLI text)",
    "cad_snli_all_combined_train": "Apache-2.0 (SNLI text)",
    "newprotocols_base_train": "CC BY-SA 3.0 (Wikipedia)",
    "newprotocols_contrast_train": "CC BY-SA 3.0 (Wikipedia)",
    "newprotocols_edit_other_train": "CC BY-SA 3.0 (Wikipedia)",
    "newprotocols_edit_premise_train": "CC BY-SA 3.0 (Wikipedia)",
    "conjnli_adv_train": "MIT",
    "mnli_train_sample_llicl": "MultiNLI (OANC / CC BY-SA 3.0)",
    "wanli_train_sample": "CC BY 4.0",
    "breaking_nli": "CC BY-SA 4.0",
    "infotabs_train": "Apache-2.0",
    "scitail_dev": "Apache-2.0",
    "tracie_train_uniform": "Apache-2.0",
    "fm2_dev_test": "Apache-2.0; Wikipedia CC BY-SA",
    "vitaminc_train_sample_llicl": "CC BY-SA 3.0",
    "cannot_wikifactcheck_negated": "CC BY-SA 4.0",
    "tabfact_pairwise": "MIT; Wikipedia tables",
    "summedits_other": "Apache-2.0",
    "summedits_news": "Apache-2.0",
    "news_edits": "rule-made from the rows above (training/make_news_edits.py)",
    "news_frames": "rule-made from the rows above (training/make_news_frames.py)",
    "news_register": "rule-made from wikiref220 news, clef2020 Snopes claims, SummEdits news",
}

WEAKNESSES = """\
- Small (6 layers, 22M parameters) and trained on CPU on a few hundred thousand pairs drawn
  from ~170k shippable ones, against ~940k SNLI+MNLI pairs for public cross-encoders.
- Inputs are cut at 128 tokens: long premises (TabFact tables, SummEdits articles) are read
  in part; the pipeline scores sentences, where this rarely matters.
- The news edits and frames are rule-made: the model learns their surface. Contradictions in
  wording the rules do not hold, implicature and arithmetic stay weak.
- English only."""


def data_table(meta: dict) -> str:
    """Rows drawn per epoch by source, the source's size and its licence."""
    lines = ["| source | rows | drawn per epoch | licence |", "|---|---:|---:|---|"]
    for name, drawn in meta["mix"].items():
        rows = meta["sources"].get(name)
        if rows:
            lic = LICENCES.get(name, "restricted: experiment only")
            lines.append(f"| {name} | {rows} | {drawn} | {lic} |")
    return "\n".join(lines)


def write_card(out: Path, meta: dict, eval_table: str | None) -> None:
    """Base, how trained, data and licences, settings, dev and bench figures, weaknesses."""
    dev = "\n".join(
        f"| {k} | {v['n']} | {v['acc']:.3f} | {v['c_p']:.3f} | {v['c_r']:.3f} | {v['c_f1']:.3f} |"
        for k, v in meta["dev"].items()
    )
    run = meta["run"]
    text = f"""---
language: en
license: other  # base Apache-2.0; see the training data licences below
base_model: sentence-transformers/all-MiniLM-L6-v2
pipeline_tag: text-classification
tags: [cross-encoder, nli, contradiction]
---
# nli-minilm-l6: a small 3-way NLI cross-encoder for claim contradiction

3-way cross-encoder (`(premise, hypothesis)` -> logits `{{0: entailment, 1: neutral,
2: contradiction}}`, see `config.json`), fp16 safetensors. Built by `training/train_nli.py`
from {meta["init"]}: {run["steps"]} steps of {run["planned_steps"]} ({run["epochs"]} epoch(s) of
{run["pairs_per_epoch"]} pairs), {run["trained_min"]:.0f} min of training on {run["device"]}
({run["examples_per_s"]:.1f} examples/s in the last session), precision {run["precision"]}.

## Training data
{data_table(meta)}

SNLI test, RTE-3 test, ANLI, every file of `heldout/`, the news evaluation set, FNC-1
competition test, climate-fever and seeds/ were not trained on.
Restricted sources used: {", ".join(meta["restricted"]) or "none"}.

## Settings
```json
{json.dumps(meta["config"], indent=2)}
```

## Dev figures at the end of training (held-out slices, not trained on)
| set | n | accuracy | contradiction P | R | F1 |
|---|---:|---:|---:|---:|---:|
{dev}

## Evaluation
{eval_table or "(not yet run)"}

## Known weaknesses
{WEAKNESSES}
"""
    (out / "README.md").write_text(text, encoding="utf-8")
