"""Plain string helpers for building a proposition's text, tested without a model.

Kept apart from the parse code because they are pure: joining kept words, tidying the
punctuation that removing an attribution leaves behind, verb agreement after a pronoun is
replaced, and the finishing touches (capital first letter, final full stop, balanced quotes).
"""

from __future__ import annotations

import re

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_REPEATED_PUNCT = re.compile(r"([,;:])(?:\s*[,;:])+")
_COMMA_BEFORE_STOP = re.compile(r"[,;:]\s*([.!?])")
_SPACES = re.compile(r"[ \t]{2,}")
_LEADING_JUNK = " \t\n,;:—–-"
_TRAILING_JUNK = " \t\n,;:—–-"
_END = re.compile(r"[.!?][”\"’']?$")
_PAIRS = (("“", "”"), ("‘", "’"))
# first-person and plural present forms -> third person singular, for "we have" -> "X has"
_IRREGULAR = {
    "am": "is",
    "are": "is",
    "were": "was",
    "have": "has",
    "do": "does",
    "go": "goes",
    "'m": "is",
    "'re": "is",
    "'ve": "has",
    "’m": "is",
    "’re": "is",
    "’ve": "has",
}
_ARTICLE = re.compile(r"^(The|A|An)\s+(?=[a-z])")


def tidy(text: str) -> str:
    """Mend the punctuation left where words were cut out ("bridge , , will" -> "bridge will")."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = _COMMA_BEFORE_STOP.sub(r"\1", text)
    return text.strip()


def balance_quotes(text: str) -> str:
    """Mend quotation marks the cut left unpaired: a closing mark cut off after the last
    opening one is put back at the end; any other mismatch drops that kind of mark."""
    opened, closed = text.count("“"), text.count("”")
    if opened == closed + 1 and text.rfind("“") > text.rfind("”"):
        text = text.rstrip(_TRAILING_JUNK + ".") + "”"
    elif opened != closed:
        text = text.replace("“", "").replace("”", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text


def finish(text: str) -> str:
    """A readable sentence: no stray punctuation at either end, capital first letter, full stop.

    "the fire started at 2am" -> "The fire started at 2am."; a sentence already ending in
    ".", "!" or "?" (before a closing quote) keeps it.
    """
    text = balance_quotes(tidy(text))
    text = text.strip(_LEADING_JUNK).rstrip(_TRAILING_JUNK)
    text = _strip_outer_quotes(text)
    if not text:
        return text
    text = capitalise_first(text)
    if not _END.search(text):
        text = text.rstrip(_TRAILING_JUNK) + "."
    return text


def _strip_outer_quotes(text: str) -> str:
    """“We will not back down.” -> We will not back down. (only a quote around it all)"""
    for opening, closing in (*_PAIRS, ('"', '"')):
        inner = text[1:-1]
        if (
            len(text) > 2
            and text[0] == opening
            and text[-1] == closing
            and opening not in inner
            and closing not in inner
        ):
            return inner.strip()
        if len(text) > 3 and text[0] == opening and text[-2:] in (closing + ".", "." + closing):
            inner = text[1:-2]
            if opening not in inner and closing not in inner:
                return inner.strip() + "."
    return text


def capitalise_first(text: str) -> str:
    """Upper-case the first letter, past any opening quote ("“we" -> "“We")."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch.isdigit():
            return text
    return text


def third_singular(word: str) -> str:
    """The third-person singular present of a plural/first-person form ("have" -> "has").

    Used when "we"/"I"/"they" is replaced by one speaker: "we have" -> "the agency has".
    Past forms other than "were" do not change.
    """
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return word + "es"
    if re.search(r"[^aeiou]y$", low):
        return word[:-1] + "ies"
    return word + "s"


def as_subject(speaker: str) -> str:
    """A speaker phrase to put in a proposition's subject slot: "The minister" -> "the minister".

    Capitalised names stay ("The Guardian"); ``finish`` capitalises a proposition's first word.
    """
    return _ARTICLE.sub(lambda m: m.group(1).lower() + " ", speaker.strip())


def join_words(words: list[tuple[str, str, bool]]) -> str:
    """Join ``(text, whitespace_after, gap_after)`` words; a gap (words cut out) gets a space."""
    parts: list[str] = []
    for text, space, gap in words:
        parts.append(text)
        parts.append(" " if gap else space)
    return tidy("".join(parts))
