"""Text direction: user text (outlets, titles, claims, notes, labels) shown so that its
direction controls act only inside it.

An outlet ending in U+202E (RIGHT-TO-LEFT OVERRIDE) reversed whatever the page printed
after it ("outlet · date"). Two measures: the text is wrapped in ``<bdi>`` (or its element
has ``dir="auto"``), which isolates it; and it is ``balanced``: an embedding, override or
isolate left open is closed at its end, and a stray closing mark is dropped, so cutting a
text short (``gist``) never leaves an unbalanced control either.
"""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE RLE LRO RLO, closed by PDF
ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI RLI FSI, closed by PDI
PDF, PDI, FSI = "\u202c", "\u2069", "\u2068"
CONTROLS = EMBEDDINGS | ISOLATES | {PDF, PDI}


def balanced(text: str) -> str:
    """``text`` with every open embedding, override and isolate closed at its end and
    every closing mark that closes nothing dropped (the rules of Unicode's UAX #9: a PDI
    also closes the embeddings opened inside its isolate; a PDF never crosses an isolate)."""
    if not any(ch in CONTROLS for ch in text):
        return text
    out: list[str] = []
    stack: list[str] = []
    for ch in text:
        if ch in EMBEDDINGS or ch in ISOLATES:
            stack.append(ch)
        elif ch == PDF:
            if not stack or stack[-1] not in EMBEDDINGS:
                continue
            stack.pop()
        elif ch == PDI:
            if not any(c in ISOLATES for c in stack):
                continue
            while stack:
                opened = stack.pop()
                if opened in ISOLATES:
                    break
                out.append(PDF)
        out.append(ch)
    out.extend(PDI if c in ISOLATES else PDF for c in reversed(stack))
    return "".join(out)


def bdi(text: object) -> Markup:
    """``text`` escaped, balanced and isolated in ``<bdi>`` (empty for None)."""
    if text is None or text == "":
        return Markup("")
    if isinstance(text, Markup):
        return Markup("<bdi>") + Markup(balanced(str(text))) + Markup("</bdi>")
    return Markup("<bdi>{}</bdi>").format(balanced(str(text)))


def isolated(text: object) -> str:
    """``text`` balanced and isolated by the characters FSI … PDI, for places that take no
    markup (``<title>``, ``<option>``)."""
    if text is None or text == "":
        return ""
    return FSI + balanced(str(text)) + PDI


def install(app: Flask) -> None:
    app.jinja_env.filters.update(bdi=bdi, isolated=isolated)
