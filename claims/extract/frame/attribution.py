"""Who says a claim: the reporting verb, its speaker and the tokens of its content.

Read off spaCy's dependency parse. The outermost attribution wins (the root verb or a
"…, police said" clause hanging off the root, or "according to X"): a reporting verb
deeper in the sentence is part of what is claimed. Here:

- "X said (that) P", "“P,” X said", "P, X said", "said X", "X told Y P": content P;
  "X denied that P": content P, negated; "X expects Y to rise": "Y will rise";
- "according to X, P" / "P, according to X";
- "P, X said" where the small parser failed to attach P to the verb: P is all before the
  comma that opens the attribution;

and in ``constructions`` "put X at N", "denied reports of N", "denied doing Z", "accused Y
of doing Z". A reporting verb that is itself negated frames nothing ("did not confirm that
P" asserts nothing), except a belief: "does not expect P" expects not-P.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.extract.frame.constructions import accusation, denial, estimate
from claims.extract.frame.found import (
    Found,
    content_root,
    found_for,
    speaker_tokens,
    subtree,
)
from claims.extract.frame.record import ACCUSE_VERBS, REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_TAIL_DEPS = frozenset({"parataxis", "advcl", "ccomp"})
_NOT_CONTENT = frozenset("punct nsubj aux advmod det compound amod poss neg".split())
_COMPLEMENTS = frozenset({"xcomp", "ccomp", "attr", "oprd", "acomp"})
_NEG_RAISING = frozenset({"expect", "believe", "think", "anticipate", "suppose"})
_FUTURE_VERBS = frozenset({"expect", "predict", "forecast", "project"})


def find(doc: Doc) -> Found | None:
    """The outermost attribution of ``doc``, or None when it has none."""
    best: tuple[int, int, Found] | None = None
    for tok in doc:
        depth = _depth(tok)
        found = None
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            found = _according(doc, tok) if depth <= 2 else None
        elif tok.lemma_.lower() in REPORTING_VERBS and (
            depth == 0 or (depth == 1 and tok.pos_ in ("VERB", "AUX"))
        ):  # a root may be mis-tagged as a noun: "the minutes show"
            found = _verb(doc, tok, depth)
        if found and (best is None or (depth, tok.i) < best[:2]):
            best = (depth, tok.i, found)
    return best[2] if best else None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _according(doc: Doc, tok: Token) -> Found | None:
    to = doc[tok.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    removed = subtree(tok)
    content = [t.i for t in doc if t.i not in removed]
    return Found(
        verb="according to",
        verb_tokens=[tok.i, to.i],
        speaker_tokens=speaker_tokens(objects[0]),
        content=content,
        root=content_root(doc, content),
    )


def _verb(doc: Doc, verb: Token, depth: int) -> Found | None:
    """The frame a reporting verb heads, or None when it reports nothing here."""
    lemma = verb.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated and lemma not in _NEG_RAISING:  # "did not confirm that P" asserts nothing
        return None
    speaker = _speaker_of(verb)
    if depth == 1:
        return _tail(doc, verb, speaker) if _tail_shaped(verb, speaker) else None
    for build in (_misparsed_that, _clause, estimate, denial, accusation):
        found = build(doc, verb, lemma, speaker)
        if found:
            found.negated ^= negated  # "does not expect P" expects not-P
            return found
    if negated:
        return None
    if speaker is None or not _says_nothing_more(verb):
        return None
    outside = [t.i for t in doc if t.i not in subtree(verb)]
    if any(doc[i].is_alpha for i in outside):
        return _tail(doc, verb, speaker)  # "“…” he said." parsed as two sentences
    return _comma_tail(doc, verb, speaker)


def _says_nothing_more(verb: Token) -> bool:
    """A verb that closes an attribution ("…, X said on Friday"): no object, complement or
    clause of its own, except the one told ("…, witnesses told the Times")."""
    told = verb.lemma_.lower() == "tell"
    return not any(
        c.dep_ in _COMPLEMENTS or (c.dep_ in ("dobj", "dative") and not told) for c in verb.children
    )


def _tail_shaped(verb: Token, speaker: Token | None) -> bool:
    """ "P, X said" / "P, X said, Q" with the verb hanging off P's root: set off by punctuation,
    no "after/when/as" (a subordinate clause), nothing said to anyone but in "told"."""
    if speaker is None or verb.dep_ not in _TAIL_DEPS or _content_child(verb):
        return False
    if any(c.dep_ == "mark" for c in verb.children) or not _says_nothing_more(verb):
        return False
    first = min(subtree(verb))
    doc = verb.doc
    return doc[first].is_punct or (first > 0 and doc[first - 1].is_punct)


def _comma_tail(doc: Doc, verb: Token, speaker: Token) -> Found | None:
    """ "P, X said." where the parser did not make P the verb's clause: P is all before the
    comma that opens the attribution. The parser may also glue the end of P to the speaker
    ("… to undergo a medical, a source at the club said"): then the appositive speaks."""
    for head in (speaker, *(c for c in speaker.children if c.dep_ == "appos")):
        found = _after_comma(doc, verb, head)
        if found:
            return found
    return None


def _after_comma(doc: Doc, verb: Token, head: Token) -> Found | None:
    who = speaker_tokens(head)
    start = min([*who, verb.i])
    while (
        start > 0
        and doc[start - 1].head.i in (verb.i, head.i)
        and doc[start - 1].dep_
        in (
            "det",
            "compound",
            "amod",
            "poss",
        )
    ):
        start -= 1  # the "the" of "the minutes show" when "minutes" was read as a compound
    if start < 2 or doc[start - 1].text not in (",", "”", '"', "—", "–"):
        return None
    content = list(range(start - 1))
    if sum(doc[i].is_alpha for i in content) < 2:
        return None
    found = found_for(verb, head, content, content_root(doc, content))
    if who and start < min(who) < verb.i:
        found.speaker_tokens = list(range(start, min(who))) + who
    return found


def _speaker_of(verb: Token) -> Token | None:
    """The verb's subject nearest to it (the parser may hang P's subject on it too), else the
    agent of a passive ("it was confirmed by the ministry"), else a noun compound before it
    ("court records show" read as a compound)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    before = [c for c in subjects if c.i < verb.i]
    if before:
        return before[-1]
    if subjects:
        return subjects[0]
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    compounds = [c for c in verb.children if c.dep_ == "compound" and c.i == verb.i - 1]
    return compounds[0] if compounds else None


def _content_child(verb: Token) -> Token | None:
    """The clause a verb reports ("said [that P]"); None for "whether/if" clauses and for
    small clauses without a verb ("found Kessler guilty")."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
            marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
            if marks & {"whether", "if"}:
                return None
            return child
    return None


def _misparsed_that(doc: Doc, verb: Token, lemma: str, speaker: Token | None) -> Found | None:
    """ "X denied that P." where the parser did not read "that" as the clause's mark (it took
    a noun of P for a verb): P is the rest of the sentence, read off the surface."""
    after = verb.i + 1
    if after >= len(doc) or doc[after].lower_ != "that" or doc[after].dep_ == "mark":
        return None
    if lemma in ACCUSE_VERBS or doc[after].head.i == verb.i:  # "denied that" (a pronoun)
        return None
    content = list(range(after + 1, len(doc)))
    if sum(doc[i].is_alpha for i in content) < 3:
        return None
    return found_for(verb, speaker, content, content_root(doc, content))


def _attribution_modifiers(verb: Token, clause: Token) -> set[int]:
    """Tokens the parser hung on the clause that belong to the verb: the "on Monday" of
    "said on Monday it had cut jobs", between the verb and the clause's subject."""
    subjects = [c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if clause.i < verb.i or not subjects:
        return set()
    return {
        i
        for c in clause.children
        if c.dep_ in ("prep", "npadvmod") and verb.i < c.i < subjects[0]
        for i in subtree(c)
    }


def _tail(doc: Doc, verb: Token, speaker: Token) -> Found:
    """ "P, X said" (the verb hangs off P's root): P is everything outside the verb's clause."""
    removed = subtree(verb)
    content = [t.i for t in doc if t.i not in removed]
    return found_for(verb, speaker, content, content_root(doc, content))


def _clause(doc: Doc, verb: Token, lemma: str, speaker: Token | None) -> Found | None:
    """ "X said (that) P" / "P, X said": the reported clause, and in the second order every
    other clause before the attribution ("P1, and P2, a spokesman said")."""
    clause = _content_child(verb)
    if clause is None or lemma in ACCUSE_VERBS:
        return None
    content = subtree(clause) - _attribution_modifiers(verb, clause)
    if clause.i < verb.i:
        bound = min([*(subtree(speaker) if speaker is not None else ()), verb.i])
        for child in verb.children:
            if child.i < bound and child.dep_ not in _NOT_CONTENT:
                content |= subtree(child)
    for conj in (c for c in clause.children if c.dep_ == "conj"):  # "… and that he had never"
        content -= {c.i for c in conj.children if c.dep_ == "mark" and c.lower_ == "that"}
    found = found_for(verb, speaker, sorted(content), clause.i)
    to = [c for c in clause.children if c.dep_ == "aux" and c.tag_ == "TO"]
    if lemma in _FUTURE_VERBS and to:
        found.replace[to[0].i] = "will"  # "expects inflation to ease" -> "inflation will ease"
    return found
