"""The special shapes of attribution, each rewritten into a plain proposition.

- "X put/placed/estimated the number of Y at N" -> "the number of Y was N";
- "X denied claims/reports that P" -> P; "X denied reports of N" -> "there was N";
  "X denied doing Z" -> "X was doing Z" (all negated: a denial asserts the opposite);
- "X accused Y of doing Z" -> "Y was doing Z".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.extract.frame.found import Found, found_for, plural, subtree
from claims.extract.frame.record import ACCUSE_VERBS, DENY_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ESTIMATE_VERBS = frozenset({"put", "place", "estimate", "number", "peg", "set"})
_REPORT_NOUNS = frozenset(
    "report claim allegation suggestion accusation rumour rumor charge speculation "
    "assertion story suspicion".split()
)
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty hundred thousand million billion dozen dozens hundreds thousands half".split()
)


def _copula(verb: Token, plural: bool) -> str:
    """ "was"/"were" for a past reporting verb ("put"), "is"/"are" for a present one ("puts")."""
    present = verb.tag_ in ("VBZ", "VBP")
    if plural:
        return "are" if present else "were"
    return "is" if present else "was"


def _has_number(tok: Token) -> bool:
    return any(t.like_num or t.lower_ in _NUMBER_WORDS for t in tok.subtree)


def estimate(doc: Doc, verb: Token, lemma: str, speaker: Token | None) -> Found | None:
    """ "X put the number of injured at 12" -> "the number of injured was 12"."""
    if lemma not in _ESTIMATE_VERBS:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return None
    thing = objects[0]
    if any(c.dep_ == "prt" for c in verb.children):  # "put up a cordon"
        return None
    ats = [
        t
        for t in (*verb.children, *thing.subtree)
        if t.dep_ == "prep" and t.lower_ == "at" and t.i > thing.i and _has_number(t)
    ]
    if not ats:
        return None
    removed = {verb.i} | (subtree(speaker) if speaker is not None else set())
    removed |= {c.i for c in verb.children if c.dep_ in ("aux", "auxpass")}
    content = [i for i in sorted(subtree(verb)) if i not in removed]
    found = found_for(verb, speaker, content, None)
    found.replace[ats[-1].i] = _copula(verb, plural(thing))
    found.subject, found.predicate = thing.i, "be"
    return found


def denial(doc: Doc, verb: Token, lemma: str, speaker: Token | None) -> Found | None:
    """ "X denied claims that P", "X denied reports of N", "X denied doing Z"."""
    if lemma not in DENY_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in _REPORT_NOUNS:
            return _reported(verb, speaker, child)
        if child.dep_ in ("xcomp", "dobj", "pcomp") and child.tag_ == "VBG":
            if speaker is None:
                return None
            return _gerund(verb, speaker, speaker, child)
    return None


def _reported(verb: Token, speaker: Token | None, noun: Token) -> Found | None:
    for child in noun.children:
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"} | {
            c.lower_ for c in child.children if c.dep_ == "dobj" and c.lower_ == "that"
        }
        if child.dep_ in ("acl", "ccomp", "relcl") and "that" in marks:
            return found_for(verb, speaker, sorted(subtree(child)), child.i)
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "about"):
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ != "VERB"]
            if objects:
                thing = objects[0]
                content = sorted(subtree(thing))
                found = found_for(verb, speaker, content, None)
                found.insert[content[0]] = "there " + ("were" if plural(thing) else "was")
                found.subject, found.predicate = thing.i, "be"
                return found
    return None


def _gerund(
    verb: Token, speaker: Token | None, actor: Token, gerund: Token, cut: set[int] | None = None
) -> Found:
    """ "(X denied) doing Z" / "(accused Y of) doing Z" -> "actor was doing Z".

    ``cut``: tokens of the actor's phrase to leave out (the "of" of "accused Y of doing Z").
    """
    content = sorted((subtree(actor) - (cut or set())) | subtree(gerund))
    found = found_for(verb, speaker, content, gerund.i)
    be = "were" if plural(actor) else "was"
    having = [c for c in gerund.children if c.dep_ == "aux" and c.lower_ == "having"]
    if having:
        found.replace[having[0].i] = "had"
    elif gerund.lower_ == "being":
        found.replace[gerund.i] = be
    else:
        first = min(subtree(gerund))
        found.insert[first] = be
    found.subject, found.predicate = actor.i, gerund.lemma_.lower()
    return found


def accusation(doc: Doc, verb: Token, lemma: str, speaker: Token | None) -> Found | None:
    """ "X accused Y of hiding losses" -> "Y was hiding losses"."""
    if lemma not in ACCUSE_VERBS:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return None
    accused = objects[0]
    for prep in (*verb.children, *accused.children):
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for child in prep.children:
                if child.dep_ in ("pcomp", "pobj") and child.tag_ == "VBG":
                    found = _gerund(verb, speaker, accused, child, subtree(prep))
                    found.negated = False
                    return found
    return None
