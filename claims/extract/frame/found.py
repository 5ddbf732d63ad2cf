"""The attribution record that the parse rules fill in, and the token helpers they share.

Kept apart so that ``attribution`` (which verb frames the sentence) and ``constructions``
(the special shapes: "put X at N", denials, accusations) share them without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claims.extract.frame.record import DENY_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Found:
    """An attribution in a parsed sentence (token indices into the Doc).

    ``content`` lists the tokens the proposition is built from; ``replace`` swaps a token's
    words ("at" -> "was"), ``insert`` puts words before a token ("there was"). ``root`` is
    the content's head (its subject and negation are read there); ``subject`` overrides
    the subject token where the construction makes one (the speaker of "denied doing Z").
    """

    verb: str
    verb_tokens: list[int]
    speaker_tokens: list[int]
    content: list[int]
    root: int | None
    negated: bool = False
    subject: int | None = None
    predicate: str | None = None
    replace: dict[int, str] = field(default_factory=dict)
    insert: dict[int, str] = field(default_factory=dict)
    audience: list[int] = field(default_factory=list)  # "told Kessler": another person


def subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def content_root(doc: Doc, content: list[int]) -> int | None:
    """The head of the content: a token whose head lies outside it, a verb if there is one."""
    inside = set(content)
    tops = [i for i in content if doc[i].head.i not in inside or doc[i].head.i == i]
    verbs = [i for i in tops if doc[i].pos_ in ("VERB", "AUX")]
    return (verbs or tops or [None])[0]


def found_for(verb: Token, speaker: Token | None, content: list[int], root: int | None) -> Found:
    lemma = verb.lemma_.lower()
    return Found(
        verb=lemma,
        verb_tokens=[verb.i],
        speaker_tokens=speaker_tokens(speaker) if speaker is not None else [],
        content=content,
        root=root,
        negated=lemma in DENY_VERBS,
        audience=[c.i for c in verb.children if c.dep_ in ("dobj", "dative")],
    )


def plural(tok: Token) -> bool:
    """A plural noun phrase head: "officials", "the union and the authority"."""
    return tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)


def speaker_tokens(head: Token) -> list[int]:
    """The speaker phrase around ``head``: its subtree less relative clauses and edge commas."""
    cut: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl"):
            cut |= subtree(child)
    tokens = sorted(i for i in subtree(head) if i not in cut)
    doc = head.doc
    while tokens and (doc[tokens[0]].is_punct or doc[tokens[0]].dep_ == "cc"):
        tokens.pop(0)
    while tokens and doc[tokens[-1]].is_punct:
        tokens.pop()
    return tokens
