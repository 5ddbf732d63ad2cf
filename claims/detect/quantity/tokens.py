"""Tokens with character offsets, and rough word classes and lemmas from lemminflect.

Why: the comparator must report the exact characters each quantity came from, and it needs
to tell a noun from a verb ("48 confirmed cases" vs "48 cases were confirmed") without a
parser. lemminflect's lexicon lists the parts of speech a word can take and its lemma for
each, which is enough for the short noun phrases that follow a number in news sentences.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+(?:['’][A-Za-z]+)?|[^\sA-Za-z\d]"
)
# words whose lemmas lemminflect gets wrong or lacks in the sense news uses them
_LEMMA_FIXES = {"people": "people", "staff": "staff", "injured": "injured", "dead": "dead"}


@dataclass(frozen=True)
class Token:
    """One word, number or sign; `glued` when nothing separates it from the previous one."""

    text: str
    start: int
    end: int
    glued: bool

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_digit(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens, keeping offsets and whether each touches the one before."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        glued = bool(out) and out[-1].end == m.start()
        out.append(Token(m.group(), m.start(), m.end(), glued))
    return out


@functools.lru_cache(maxsize=8192)
def _lemmas(word: str) -> tuple[tuple[str, str], ...]:
    """(universal POS, lemma) pairs lemminflect knows for `word` (lower case)."""
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    return tuple((pos, lemmas[0]) for pos, lemmas in found.items() if lemmas)


def pos_of(word: str) -> frozenset[str]:
    """The parts of speech `word` can take ('NOUN', 'VERB', 'ADJ', ...); empty if unknown."""
    return frozenset(pos for pos, _ in _lemmas(word.lower()))


def can_be_noun(word: str) -> bool:
    """True for a word the lexicon lists as a noun, or an unknown word (a name, a compound)."""
    pos = pos_of(word)
    return not pos or "NOUN" in pos or "PROPN" in pos


def is_plural_noun(word: str) -> bool:
    """True when `word` is a noun whose lemma differs from it (cases, people, children)."""
    w = word.lower()
    if w in ("people", "staff", "personnel", "aircraft"):
        return True
    return any(pos == "NOUN" and lemma != w for pos, lemma in _lemmas(w))


def is_inflected_verb(word: str) -> bool:
    """ "fell", "ran", "rose": a verb form that is not its own lemma and not an -s form."""
    w = word.lower()
    return not w.endswith("s") and any(pos == "VERB" and lem != w for pos, lem in _lemmas(w))


@functools.lru_cache(maxsize=8192)
def is_participle(word: str) -> bool:
    """True for a past or present participle ("hurt", "cut", "crossing"), not "water"."""
    from lemminflect import getInflection

    w = word.lower()
    verbs = [lem for pos, lem in _lemmas(w) if pos == "VERB"]
    return any(w in getInflection(v, tag) for v in verbs for tag in ("VBN", "VBG"))


def lemma(word: str, prefer: str = "NOUN") -> str:
    """The lemma of `word`, taken as a `prefer` part of speech when it can be one."""
    w = word.lower().replace("’", "'")
    if w in _LEMMA_FIXES:
        return _LEMMA_FIXES[w]
    found = dict(_lemmas(w))
    for pos in (prefer, "NOUN", "VERB", "ADJ", "AUX"):
        if pos in found:
            return found[pos]
    return _oov_lemma(w, prefer)


@functools.lru_cache(maxsize=4096)
def _oov_lemma(word: str, prefer: str) -> str:
    """lemminflect's rules for words its lexicon lacks ("dockers" -> "docker")."""
    from lemminflect import getLemma

    if not word.isalpha() or prefer not in ("NOUN", "VERB"):
        return word
    found = getLemma(word, upos=prefer)
    return found[0] if found else word
