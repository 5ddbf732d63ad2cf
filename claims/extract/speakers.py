"""Speaker phrases to names: strip titles and appositives, find the fullest written form.

Kept apart from ``claims.extract.attribution`` (which finds *where* a speaker is named) because
these are plain string rules, tested on their own.
"""

from __future__ import annotations

import re

TITLE_WORDS = frozenset(
    "president vice prime minister secretary spokesman spokeswoman spokesperson adviser "
    "advisor ambassador chancellor envoy general major lieutenant colonel commander chief "
    "director head leader analyst official king prince senator governor mayor mr mrs ms dr "
    "sheikh deputy chairman chairwoman chair representative correspondent reporter editor "
    "professor judge admiral brigadier captain sergeant gen lt col sen rep gov mp emir "
    "chargé chargé d’affaires d'affaires affaires ayatollah pope".split()
)
ORG_WORDS = frozenset(
    "council office ministry advisory agency embassy department government statement army "
    "forces committee commission assembly parliament court union organization organisation "
    "bank company police military presidency administration news media party movement group "
    "coalition alliance nato un irna reuters afp ap board authority authorities institute "
    "corps guard network channel tv newspaper times post press service services".split()
)
PRONOUNS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their"})
_LEADING_JUNK = frozenset(
    "but and so yet also meanwhile however then later still instead moreover "
    "separately earlier".split()
)
_PREPOSITIONS = frozenset("in of from at for to on by with near".split())
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|bint|abu|de|da|di|du|van|von|der|le|la)(?:-\S*)?$")
_RELATIVE = re.compile(r"\s+(?:who|which|that|whose|whom)\b.*$", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_NOT_NAMES = frozenset(
    "the a an this that these those in on at after before when while since if as but and for "
    "with without during following although because yet so then today tomorrow yesterday now "
    "last next there here it its we they our their".split()
)
_DEMONYM = re.compile(
    r"(?:ian|ish|ese|ean|iqi|aeli|udi|rati|aiti|tari|meni|stani|deshi|mali)$"
    r"|’s$|'s$"
)


def is_title(token: str) -> bool:
    """A role word ("Minister", "spokesman", "Major-General")."""
    return _is_title(token)


def _is_title(token: str) -> bool:
    low = token.casefold().strip(".,")
    return low in TITLE_WORDS or any(p in TITLE_WORDS for p in low.split("-") if p)


def _capitalised(token: str) -> bool:
    core = token.strip("()[]“”\"'‘’,.")
    return bool(core) and (core[0].isupper() or bool(_PARTICLE.match(core))) and core == token


def _trailing_run(tokens: list[str]) -> list[str]:
    run: list[str] = []
    for token in reversed(tokens):
        if not _capitalised(token):
            break
        run.insert(0, token)
    while run and _PARTICLE.match(run[0]) and "-" not in run[0]:
        run.pop(0)
    return run


def clean_speaker(phrase: str) -> str | None:
    """The speaker a phrase names: "Iraqi Prime Minister Mohammed al-Sudani" -> the name.

    Organisations stay whole ("Iraq’s National Security Advisory"); relative clauses and
    leading connectives are cut; None when nothing is left.
    """
    phrase = _RELATIVE.sub("", phrase.strip(" ,;:—–-\n\t'’‘\"“”"))
    phrase = _TRAILING_PARENS.sub("", phrase)
    tokens = _TOKEN.findall(phrase)
    while tokens and tokens[0].casefold().strip(",") in _LEADING_JUNK:
        tokens.pop(0)
    if not tokens:
        return None
    run = _trailing_run(tokens)
    if not run:
        return " ".join(tokens)
    if len(run) < len(tokens) and tokens[-len(run) - 1].casefold() in _PREPOSITIONS:
        return " ".join(tokens)  # "Iraq's embassy in Washington": the place is not the speaker
    titles = [i for i, t in enumerate(run) if _is_title(t)]
    if titles and titles[-1] + 1 < len(run):
        run = run[titles[-1] + 1 :]
    if len(run) == 1 and _is_title(run[0]):
        return " ".join(tokens)
    return " ".join(run)


def is_pronoun(speaker: str) -> bool:
    return speaker.casefold() in PRONOUNS


def is_definite(speaker: str) -> bool:
    """A phrase that refers back to someone named ("the advisory", "his office")."""
    words = speaker.split()
    return (
        len(words) <= 3
        and words[0].casefold() in ("the", "his", "her", "its", "their")
        and all(not w[:1].isupper() or _is_title(w) for w in words[1:])
    )


def is_person_name(text: str) -> bool:
    """Two or more capitalised name tokens, no role, organisation or article words."""
    tokens = text.split()
    return (
        len(tokens) >= 2
        and all(_capitalised(t) for t in tokens)
        and tokens[0].casefold() not in _NOT_NAMES
        and _person_like(tokens[:-1])
    )


def is_organisation(speaker: str) -> bool:
    return any(possessive_free(w.casefold()) in ORG_WORDS for w in speaker.split())


def possessive_free(word: str) -> str:
    """``word`` without a trailing possessive ("office’s" -> "office")."""
    return word.removesuffix("’s").removesuffix("'s")


def _person_like(tokens: list[str]) -> bool:
    return not any(
        _is_title(t) or t.casefold() in ORG_WORDS or (len(t) > 4 and _DEMONYM.search(t))
        for t in tokens
    )


def fullest_form(name: str, context: str) -> str:
    """The longest written form of a name in ``context`` ("Larijani" -> "Ali Larijani").

    Only person-like forms count: no titles, organisation words or demonyms in front.
    """
    words = name.split()
    bare = words[-1].removeprefix("al-").removeprefix("Al-") if words else ""
    if not words or len(words) > 2 or not bare[:1].isupper():
        return name
    pattern = re.compile(rf"((?:[A-Z][\w’'-]*\s+){{1,4}})((?:[aA]l-)?{re.escape(bare)})\b")
    best = words
    for m in pattern.finditer(context):
        tokens = m.group(1).split() + [m.group(2)]
        for n in range(len(tokens), len(best), -1):
            if _person_like(tokens[-n:-1]):
                best = tokens[-n:]
                break
    return " ".join(best)
