"""Why a pair was flagged, said two ways: plain words for a fact-checker, and the detail.

A stored explanation mixes what a reader can check ("different figures: 45 people vs 12
people") with what only the model's owner can ("NLI contradiction 0.80", quoted word
fragments the model compared). ``reasons`` splits it: ``why`` keeps the checkable part
(the cue, the denial, the caveats) as a sentence; ``detail`` holds the model id and its
scores. Stores written before this split are read the same way, since the split is done
on the stored text.
"""

from __future__ import annotations

import re
from typing import Any

# "NLI contradiction 0.80", "NLI contradiction 0.80: 'x' against 'y'" (model only),
# "NLI on the propositions 0.62" (a denial): the model's part of an explanation.
_MODEL_PART = re.compile(
    r"NLI (?P<what>contradiction|on the propositions) (?P<p>[01](?:\.\d+)?)(?::.*)?", re.S
)
# Caveats ``claims.detect.guards.pair_confidence`` appends, each after "; ".
_CAVEATS = re.compile(
    r"; (?P<c>only one claim dates its event \(.*?\)"
    r"|one claim is a forecast, plan or belief, the other a statement of fact)"
)
# What a pair flagged by the model alone means, in words, by kind.
_MODEL_ONLY = {
    "denial": "One source denies what the other asserts.",
    "numeric": "The two claims give figures that cannot both be right.",
    "temporal": "The two claims date the same event differently.",
}
MODEL_ONLY = (
    "The two claims say incompatible things about the same matter; "
    "the words that differ are marked."
)
_PREFIXES = (("denial: ", ""), ("different figures: ", "Different figures: "))


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ;")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def split(explanation: str, kind: str = "other", model: str | None = None) -> tuple[str, str]:
    """``(why, detail)`` of a stored explanation: the plain reason and the model detail."""
    caveats = [m["c"] for m in _CAVEATS.finditer(explanation)]
    core = _CAVEATS.sub("", explanation)
    details: list[str] = []
    words: list[str] = []
    for part in _parts(core):
        found = _MODEL_PART.fullmatch(part)
        if found:
            details.append(f"NLI {found['what']} {found['p']}")
        elif part:
            for prefix, shown in _PREFIXES:
                if part.startswith(prefix):
                    part = shown + part[len(prefix) :]
            words.append(part)
    why = [_sentence(w) for w in words] or [_MODEL_ONLY.get(kind, MODEL_ONLY)]
    why += [_sentence(f"Caveat: {c}") for c in caveats]
    if model:
        details.append(f"model {model}")
    return " ".join(w for w in why if w), "; ".join(details)


def _parts(core: str) -> list[str]:
    """The cue's words and the model's part (last; its quoted fragments may hold anything)."""
    found = re.search(r"(?:^|; )(NLI (?:contradiction|on the propositions) [01].*)$", core, re.S)
    head, tail = (core[: found.start()], found.group(1)) if found else (core, "")
    return [p for p in (head.strip(), tail) if p]


def reasons(item: dict[str, Any]) -> tuple[str, str]:
    """``(why, detail)`` of a report item or check finding dict (computed when absent)."""
    if "why" in item and "detail" in item:
        return item["why"], item["detail"]
    return split(item.get("explanation") or "", item.get("kind") or "other", item.get("model"))
