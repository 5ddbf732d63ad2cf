"""Quantities in a sentence and their re-expressions, for make_news_frames.py.

Why: news gives one figure in many forms (digits or words, "about", "more than", a fraction of
a stated whole, a percentage, another unit). The model must learn which forms are compatible
(entailed or neutral) and which are not (contradiction). ``reexpress`` returns, for one
quantity, a premise form and hypothesis forms labelled by what the qualifiers and values
imply: "more than 40" entails "at least 30", contradicts "fewer than 40", and is neutral to
"52". The unit factors below are exact definitions (a training-data builder, not the cue).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUE = {w: i for i, w in enumerate(ONES) if i >= 2} | {
    w: 10 * i for i, w in enumerate(TENS) if i >= 2
}
# qualifier -> what it bounds: approx (within 10%), under (just below), gt/ge/lt/le
QUALS = {
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "approximately": "approx",
    "some": "approx",
    "nearly": "under",
    "almost": "under",
    "more than": "gt",
    "over": "gt",
    "at least": "ge",
    "fewer than": "lt",
    "less than": "lt",
    "up to": "le",
    "no more than": "le",
}
QUAL_WORDS = {
    "approx": ("about", "around", "roughly", "some"),
    "under": ("nearly", "almost"),
    "gt": ("more than", "over"),
    "ge": ("at least",),
    "lt": ("fewer than",),
    "le": ("up to", "no more than"),
}
# unit -> (other unit, factor): value in the other unit = value * factor (exact definitions)
UNITS: dict[str, tuple[str, float]] = {
    "kilometres": ("metres", 1000),
    "kilometers": ("meters", 1000),
    "miles": ("kilometres", 1.609344),
    "metres": ("feet", 3.28084),
    "meters": ("feet", 3.28084),
    "feet": ("metres", 0.3048),
    "hectares": ("square kilometres", 0.01),
    "acres": ("hectares", 0.404686),
    "square miles": ("square kilometres", 2.589988),
    "square kilometres": ("hectares", 100),
    "tonnes": ("kilograms", 1000),
    "tons": ("pounds", 2000),
    "kilograms": ("pounds", 2.204623),
    "kg": ("pounds", 2.204623),
    "hours": ("minutes", 60),
    "weeks": ("days", 7),
    "years": ("months", 12),
    "basis points": ("percentage points", 0.01),
    "percentage points": ("basis points", 100),
}
PERCENT = {"percent", "per cent", "%"}
FRACTIONS = {
    50: "half",
    25: "a quarter",
    75: "three-quarters",
    33: "a third",
    20: "one in five",
    10: "one in ten",
    40: "two in five",
    60: "three in five",
    67: "two-thirds",
    80: "four in five",
    90: "nine in ten",
}
WHOLE_PARTS = {2: "half", 3: "a third", 4: "a quarter", 5: "one in five", 10: "one in ten"}
NOT_NOUNS = set(
    "was is has as his its this thus plus across less unless always perhaps whereas times "
    "yards years series news".split()
)
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(WORD_VALUE, key=len, reverse=True))
_UNIT_NOUN = r"square (?:kilometres|kilometers|miles|metres|meters)|basis points|percentage points"
QTY_RE = re.compile(
    rf"(?<![\w$£€.,/-])(?:(?P<qual>(?i:{'|'.join(QUALS)})) )?(?P<num>{_NUM})(?P<mult> million)?"
    rf"(?:(?P<pct>%)|(?: (?P<noun>{_UNIT_NOUN}|per cent|[a-z][a-z-]+)))(?![\w-])"
)


def num_words(n: int) -> str | None:
    """English words for n below a million when they read naturally (else None)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        head = f"{ONES[n // 100]} hundred"
        return head if n % 100 == 0 else f"{head} and {num_words(n % 100)}"
    if n < 1_000_000 and n % 1000 == 0:
        head = num_words(n // 1000)
        return f"{head} thousand" if head else None
    return None


@dataclass(frozen=True)
class Quantity:
    """One figure in a sentence: its span, qualifier, value and what it counts or measures."""

    start: int
    end: int
    qual: str | None
    value: float
    noun: str
    words: bool  # written in words in the sentence
    million: bool

    @property
    def qclass(self) -> str | None:
        return QUALS.get(self.qual) if self.qual else None

    @property
    def plural_count(self) -> bool:
        """A count of things ("40 people"), not a measure ("40 kilometres", "40 percent")."""
        return self.noun not in UNITS and self.noun not in PERCENT and not self.million

    @property
    def text_value(self) -> str:
        return self.render(self.value)

    def render(self, v: float, words: bool | None = None, noun: str | None = None) -> str:
        """The figure v with this quantity's noun: digits or (where natural) words."""
        noun = noun or self.noun
        words = self.words if words is None else words
        if self.million:
            m = v / 1e6
            num = f"{m:.1f}".rstrip("0").rstrip(".") if m < 10 else f"{round(m):,}"
            return f"{num} million {noun}"
        if noun == "%":
            return f"{fmt(v)}%"
        w = num_words(int(round(v))) if words and abs(v - round(v)) < 1e-9 else None
        return f"{w or fmt(v)} {noun}"


def fmt(v: float) -> str:
    """Digits: integers with thousands separators, else two significant decimals at most."""
    if abs(v - round(v)) < 1e-9 or v >= 100:
        return f"{int(round(v)):,}"
    return f"{v:.2f}".rstrip("0").rstrip(".") if v < 1 else f"{v:.1f}".rstrip("0").rstrip(".")


def find_quantities(s: str) -> list[Quantity]:
    """Figures with a counted noun or a unit; years and bare numbers are left out."""
    out = []
    for m in QTY_RE.finditer(s):
        raw = m["num"]
        value = float(WORD_VALUE[raw]) if raw in WORD_VALUE else float(raw.replace(",", ""))
        noun = "%" if m["pct"] else m["noun"]
        if noun in NOT_NOUNS or not (noun in UNITS or noun in PERCENT or noun.endswith("s")):
            continue
        if len(noun) < 4 and noun not in PERCENT and noun != "kg":
            continue
        if 1800 <= value <= 2100 and "," not in raw and noun not in UNITS:
            continue
        mult = bool(m["mult"])
        value = value * 1e6 if mult else value
        qual = m["qual"].lower() if m["qual"] else None
        out.append(Quantity(m.start(), m.end(), qual, value, noun, raw in WORD_VALUE, mult))
    return out


def round_count(q: Quantity, v: float) -> float:
    """Counts are whole numbers; measures keep two significant digits."""
    if q.plural_count or q.million:
        return float(max(1, round(v)))
    digits = max(0, 1 - int(f"{v:e}".split("e")[1]))
    return round(v, digits)


Interval = tuple[float, float]
TOL = 0.015  # relative slack for rounding ("a third" of 33 percent, converted units)
STRICT = 0.03  # "more than 40" starts above 40, "fewer than 40" ends below it
MULTS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0, 1.04, 1.3, 1.5, 2.0, 3.0)
FRACTION_VALUE = {50: 50.0, 25: 25.0, 75: 75.0, 33: 100 / 3, 20: 20.0, 10: 10.0, 40: 40.0}
FRACTION_VALUE |= {60: 60.0, 67: 200 / 3, 80: 80.0, 90: 90.0}


def interval(kind: str | None, v: float) -> Interval:
    """The values a qualified figure allows."""
    inf = float("inf")
    return {
        None: (v, v),
        "approx": (0.9 * v, 1.1 * v),
        "under": (0.9 * v, v * (1 - STRICT)),
        "gt": (v * (1 + STRICT), inf),
        "ge": (v, inf),
        "lt": (0.0, v * (1 - STRICT)),
        "le": (0.0, v),
    }[kind]


def relation(p: Interval, h: Interval, ref: float) -> str:
    """Entailed if h allows all p allows, contradiction if they share nothing, else neutral."""
    eps = TOL * ref
    if h[0] <= p[0] + eps and h[1] >= p[1] - eps:
        return "entailment"
    if h[1] < p[0] - eps or h[0] > p[1] + eps:
        return "contradiction"
    return "neutral"


def sig2(v: float) -> float:
    """Two significant digits (how a converted figure is reported)."""
    if v == 0:
        return 0.0
    return round(v, 1 - int(f"{abs(v):e}".split("e")[1]))


def candidate(
    q: Quantity, kind: str | None, mult: float, rng: random.Random, after: str
) -> tuple[str, Interval] | None:
    """One hypothesis form of q: qualifier, value x mult, maybe in words, another unit or a
    fraction; with the interval it allows, in q's own unit."""
    hv = round_count(q, q.value * mult)
    if q.plural_count and hv < 2:  # "1 workers": keep counts plural
        return None
    qual = rng.choice(QUAL_WORDS[kind]) if kind else None
    if qual == "fewer than" and not q.plural_count:
        qual = "less than"
    noun, shown, factor = q.noun, hv, 1.0
    if q.noun in UNITS and rng.random() < 0.6:
        noun, factor = UNITS[q.noun]
        shown = sig2(hv * factor)
        if kind is None and abs(shown - hv * factor) > 0.005 * hv * factor:
            kind, qual = "approx", rng.choice(QUAL_WORDS["approx"])
    fraction = q.noun in PERCENT and after.startswith(" of") and kind is None
    if fraction and int(hv) in FRACTIONS and abs(hv - int(hv)) < 1e-9 and rng.random() < 0.7:
        lo = FRACTION_VALUE[int(hv)]
        return FRACTIONS[int(hv)], (lo, lo)
    words = rng.random() < 0.4
    text = q.render(shown, words=words, noun=noun) if noun != "%" else f"{fmt(shown)}%"
    if noun == "%" and words and rng.random() < 0.5:
        text = q.render(shown, words=True, noun="percent")
    lo, hi = interval(kind, shown)
    return (f"{qual} {text}" if qual else text), (lo / factor, hi / factor)


def whole_parts(q: Quantity, rng: random.Random) -> tuple[str, dict[str, str]] | None:
    """'12 of the 48 workers' as premise: 'a quarter of the 48' entailed, 'half' contradicted."""
    k = rng.choice(sorted(WHOLE_PARTS))
    whole = int(q.value) * k
    other = rng.choice([j for j in WHOLE_PARTS if j != k and abs(1 / j - 1 / k) > 0.09] or [2])
    if other == k:
        return None
    premise = f"{q.render(q.value)[: -len(q.noun) - 1]} of the {whole:,} {q.noun}"
    contra = rng.choice(
        [
            f"{WHOLE_PARTS[other]} of the {whole:,} {q.noun}",
            f"{int(q.value) * 2:,} of the {whole:,} {q.noun}",
        ]
    )
    return premise, {
        "entailment": f"{WHOLE_PARTS[k]} of the {whole:,} {q.noun}",
        "contradiction": contra,
    }


def reexpress(
    q: Quantity, rng: random.Random, plain: bool = False, after: str = ""
) -> tuple[str, dict[str, str]] | None:
    """A premise form of q and hypothesis forms labelled by the intervals they allow.

    At least a contradiction and an entailment; a neutral where one was found. ``plain``
    keeps exact and approximate figures only (for two speakers' counts)."""
    pkind = q.qclass
    premise = q.render(q.value) if q.qual is None else f"{q.qual} {q.render(q.value)}"
    if not plain and q.plural_count and pkind is None and 2 <= q.value <= 500:
        if q.value == int(q.value) and rng.random() < 0.2:
            return whole_parts(q, rng)
        if rng.random() < 0.3:
            pkind = rng.choice(("gt", "ge", "le"))
            premise = f"{rng.choice(QUAL_WORDS[pkind])} {q.render(q.value)}"
    kinds = (None, "approx") if plain else (None, "approx", "gt", "ge", "under", "lt", "le")
    cands = [(k, m) for k in kinds for m in MULTS]
    rng.shuffle(cands)
    if rng.random() < 0.5:  # favour same-figure re-expressions (words, units, fractions)
        cands.sort(key=lambda c: c[1] != 1.0)
    p_int = interval(pkind, q.value)
    found: dict[str, str] = {}
    for kind, mult in cands:
        made = candidate(q, kind, mult, rng, after)
        if made is None or made[0] == premise:
            continue
        label = relation(p_int, made[1], q.value)
        found.setdefault(label, made[0])
    if "entailment" not in found or "contradiction" not in found:
        return None
    if plain:
        found.pop("neutral", None)
    return premise, found
