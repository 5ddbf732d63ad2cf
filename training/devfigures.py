"""Dev figures at the end of a training run: accuracy and contradiction P/R/F1 per set.

Plain forward passes over length-sorted batches (no runtime choice, no cues), so the figure
is the weights' own; the sets are the held-out dev slices (never trained on).
"""

from __future__ import annotations

import logging

import numpy as np

log = logging.getLogger("train_nli")
LABELS = ("entailment", "neutral", "contradiction")


def predict_probs(model, tokenizer, pairs: list[tuple[str, str]], max_length: int,  # noqa: ANN001
                  batch_size: int = 64) -> np.ndarray:  # fmt: skip
    """(n, 3) softmax probabilities in input order."""
    import torch

    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    model.eval()
    device = next(model.parameters()).device
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx],
                            padding=True, truncation=True, max_length=max_length,
                            return_tensors="pt").to(device)  # fmt: skip
            logits = model(**enc).logits.float()
            out[idx] = torch.softmax(logits, dim=-1).cpu().numpy()
    return out


def dev_figures(model, tokenizer, dev: dict[str, list[dict]], max_length: int) -> dict:  # noqa: ANN001
    """{set: {n, acc, c_p, c_r, c_f1}}, logged as it goes."""
    figs: dict[str, dict[str, float]] = {}
    for name, rows in dev.items():
        pairs = [(r["premise"], r["hypothesis"]) for r in rows]
        pred = predict_probs(model, tokenizer, pairs, max_length).argmax(1)
        gold = np.array([LABELS.index(r["label"]) for r in rows])
        tp = int(((pred == 2) & (gold == 2)).sum())
        p = tp / max(1, int((pred == 2).sum()))
        r = tp / max(1, int((gold == 2).sum()))
        f1 = 2 * p * r / max(1e-9, p + r)
        figs[name] = {"n": len(rows), "acc": float((pred == gold).mean()), "c_p": p, "c_r": r,
                      "c_f1": f1}  # fmt: skip
        log.info("dev %-16s n=%5d acc=%.3f contradiction P=%.3f R=%.3f F1=%.3f", name,
                 len(rows), figs[name]["acc"], p, r, f1)  # fmt: skip
    return figs
