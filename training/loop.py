"""The training loop of train_nli.py, with checkpoints that resume exactly.

Why not the Hugging Face Trainer: a run must span sessions (``budget_minutes``) and a resumed
run must reach the very weights an uninterrupted one reaches. Here the data order is a pure
function of ``(seed, epoch)`` (``epoch_rows``), so a checkpoint stores only the position
(epoch, batch) with the model, optimizer, LR schedule and every random state (Python, NumPy,
torch CPU and CUDA: dropout draws from them). A checkpoint is written beside its final name
and renamed, so a run killed while saving leaves the previous one whole.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("train_nli")

CHECKPOINT = "checkpoint.pt"


@dataclass(frozen=True)
class LoopConfig:
    """What fixes the run: a checkpoint made under another config is refused."""

    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 3e-5
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    seed: int = 20261127
    precision: str = "fp32"  # fp32 | bf16 (autocast; chosen by train_nli from the device)
    data: str = ""  # a digest of the mix, its scale and the sources' sizes: same data order


@dataclass
class Position:
    epoch: int = 0
    batch: int = 0  # batches of `epoch` already trained
    step: int = 0  # optimizer steps in all
    trained_s: float = 0.0  # seconds of training over all sessions


def lr_lambda(total: int, warmup: int) -> Callable[[int], float]:
    """Linear warm-up to the peak, then linear decay to zero at ``total`` steps."""

    def f(step: int) -> float:
        if step < warmup:
            return (step + 1) / max(1, warmup)
        return max(0.0, (total - step) / max(1, total - warmup))

    return f


def rng_state() -> dict[str, Any]:
    import torch

    state = {"python": random.getstate(), "numpy": np.random.get_state(),
             "torch": torch.get_rng_state()}  # fmt: skip
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    import torch

    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def seed_all(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class Trainer:
    """Trains ``model`` on batches made by ``encode(rows)`` over ``epoch_rows(epoch)``.

    ``encode`` returns the model's keyword inputs with ``labels``; the model returns an object
    with ``loss``. ``stop()`` (the time budget) is asked after every step.
    """

    def __init__(
        self,
        model: Any,
        cfg: LoopConfig,
        epoch_rows: Callable[[int], list],
        encode: Callable[[list], dict],
        work: Path,
        device: str = "cpu",
    ) -> None:
        import torch

        self.model, self.cfg, self.epoch_rows, self.encode = model, cfg, epoch_rows, encode
        self.work, self.device = work, device
        self.per_epoch = -(-len(epoch_rows(0)) // cfg.batch_size)
        total = self.per_epoch * cfg.epochs
        named = list(model.named_parameters())
        no_decay = [("bias" in n or "LayerNorm" in n or "norm" in n.lower()) for n, _ in named]
        decay = [p for (_, p), skip in zip(named, no_decay, strict=True) if not skip]
        rest = [p for (_, p), skip in zip(named, no_decay, strict=True) if skip]
        self.opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": cfg.weight_decay},
             {"params": rest, "weight_decay": 0.0}], lr=cfg.learning_rate,
        )  # fmt: skip
        warm = round(total * cfg.warmup_ratio)
        self.sched = torch.optim.lr_scheduler.LambdaLR(self.opt, lr_lambda(total, warm))
        self.pos = Position()
        self.total_steps = total
        self.rate, self.last_loss = 0.0, float("nan")

    def save(self) -> Path:
        """Write the checkpoint atomically; returns its path."""
        import torch

        self.work.mkdir(parents=True, exist_ok=True)
        final = self.work / CHECKPOINT
        tmp = final.with_name(f"{CHECKPOINT}.{os.getpid()}.tmp")
        torch.save(
            {"model": self.model.state_dict(), "optimizer": self.opt.state_dict(),
             "scheduler": self.sched.state_dict(), "rng": rng_state(),
             "position": asdict(self.pos), "config": asdict(self.cfg)},
            tmp,
        )  # fmt: skip
        os.replace(tmp, final)
        return final

    def resume(self) -> bool:
        """Load the checkpoint in ``work`` if there is one; refuses one of another config."""
        import torch

        path = self.work / CHECKPOINT
        if not path.exists():
            return False
        state = torch.load(path, map_location=self.device, weights_only=False)
        if state["config"] != asdict(self.cfg):
            raise SystemExit(
                f"{path} was made with {state['config']}, not {asdict(self.cfg)}: "
                "give another --work or the same settings"
            )
        self.model.load_state_dict(state["model"])
        self.opt.load_state_dict(state["optimizer"])
        self.sched.load_state_dict(state["scheduler"])
        set_rng_state(state["rng"])
        self.pos = Position(**state["position"])
        log.info("resumed at epoch %d batch %d (step %d)", self.pos.epoch, self.pos.batch,
                 self.pos.step)  # fmt: skip
        return True

    @property
    def done(self) -> bool:
        return self.pos.epoch >= self.cfg.epochs

    def run(self, stop: Callable[[], bool] = lambda: False, save_every: int = 500,
            log_every: int = 50) -> bool:  # fmt: skip
        """Train until the plan is done (True) or ``stop()`` says so (False, checkpointed).
        Logs examples/s of this session; ``self.rate`` holds it at the end."""
        import torch

        self.model.train()
        bs = self.cfg.batch_size
        start, seen, mark = time.time(), 0, time.time()
        while not self.done:
            rows = self.epoch_rows(self.pos.epoch)
            while self.pos.batch * bs < len(rows):
                batch = rows[self.pos.batch * bs : (self.pos.batch + 1) * bs]
                self._step(batch, torch)
                seen += len(batch)
                self.rate = seen / max(time.time() - start, 1e-9)
                if self.pos.step % log_every == 0:
                    log.info("epoch %d step %d/%d loss %.4f lr %.2e  %.1f examples/s",
                             self.pos.epoch, self.pos.step, self.total_steps, self.last_loss,
                             self.sched.get_last_lr()[0], self.rate)  # fmt: skip
                halt = stop()
                if halt or self.pos.step % save_every == 0:
                    self.pos.trained_s += time.time() - mark
                    mark = time.time()
                    self.save()
                if halt:
                    log.info("stopped at step %d of %d; rerun the command to resume",
                             self.pos.step, self.total_steps)  # fmt: skip
                    return False
            self.pos.epoch, self.pos.batch = self.pos.epoch + 1, 0
        self.pos.trained_s += time.time() - mark
        self.save()
        return True

    def _step(self, batch: list, torch: Any) -> None:
        enc = {k: v.to(self.device) for k, v in self.encode(batch).items()}
        kind = self.device.split(":")[0]
        with torch.autocast(kind, torch.bfloat16, enabled=self.cfg.precision == "bf16"):
            loss = self.model(**enc).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.max_grad_norm)
        self.opt.step()
        self.sched.step()
        self.opt.zero_grad(set_to_none=True)
        self.last_loss = float(loss.detach())
        self.pos.batch += 1
        self.pos.step += 1
