"""Untrusted text made inert for the formats that would act on it: Markdown, CSV, XML.

Source texts, outlets, speakers, paths, notes and reviewer names come from articles and
people we do not control. In Markdown (a pull-request comment, a step summary) they must
not become HTML, links, images, mentions or table cells; in CSV they must not become
spreadsheet formulas; in XML they must not hold characters that break the document.
Every renderer uses these helpers, so the rules live in one place.

Text direction: an outlet or a claim may carry bidi controls (U+202E RIGHT-TO-LEFT
OVERRIDE, the U+2066-2069 isolates) that would reverse what a renderer shows after it.
``plain`` drops the paired controls (embeddings, overrides, isolates), so a cut can never
leave one open; ``isolate`` then wraps right-to-left text in FSI ... PDI, so an Arabic
outlet cannot pull the date beside it into its own direction.
"""

from __future__ import annotations

import re
import unicodedata

# Inline Markdown syntax (CommonMark and GitHub's extensions: tables, strikethrough, math,
# emoji, autolinks): backslash-escaped wherever it appears. & < > become entities instead.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()!|~$#:")
# What makes a line a block (heading, list item, quote, rule, setext underline) when it
# starts one; escaped at the start of the text, since a renderer may put it first.
_BLOCK_START = re.compile(r"^(\d+)\.|^([-+=])")
_WWW = re.compile(r"(?i)\b(www)\.")
ZERO_WIDTH_SPACE = "&#8203;"

# The paired explicit controls: LRE RLE PDF LRO RLO, LRI RLI FSI PDI. The marks (LRM, RLM,
# ALM) open nothing and are kept.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FSI, PDI = "\u2068", "\u2069"
_RTL = frozenset(("R", "AL"))

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list, with
# the full-width forms some locales accept, and a leading newline).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def plain(text: object) -> str:
    """``text`` without the paired bidi controls (nothing left that needs a closing mark)."""
    return BIDI_CONTROLS.sub("", "" if text is None else str(text))


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana...)."""
    return any(unicodedata.bidirectional(ch) in _RTL for ch in text)


def isolate(text: object) -> str:
    """``plain(text)``, wrapped in FSI ... PDI when it holds right-to-left letters, so its
    direction stays inside it; left-to-right text is returned as it is (no invisible
    characters for tools that compare names)."""
    clean = plain(text)
    return f"{FSI}{clean}{PDI}" if has_rtl(clean) else clean


def cut(text: object, limit: int) -> str:
    """``text`` (made ``plain``) cut to at most ``limit`` characters with an ellipsis, then
    isolated: the cut never separates a control from its closing mark."""
    clean = plain(text)
    if len(clean) > limit:
        clean = clean[: max(0, limit - 1)].rstrip() + "…"
    return isolate(clean)


def md(text: object) -> str:
    """``text`` as inert inline Markdown that renders as the same characters.

    Whitespace runs (newlines included) become one space, so the text stays inside its
    line, quote or table cell; HTML is shown, never rendered; link, image, code, emphasis,
    table and autolink syntax is escaped; ``@name`` gets a zero-width space after the
    ``@`` so nobody is mentioned.
    """
    flat = " ".join(isolate(text).split())
    out = []
    for char in flat:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char == "@":
            out.append("@" + ZERO_WIDTH_SPACE)
        elif char in MARKDOWN_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = _WWW.sub(r"\1\\.", "".join(out))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\." if m[1] else f"\\{m[2]}", escaped)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (most C0 controls, lone
    surrogates, U+FFFE/U+FFFF), which would make the whole document unparsable, and
    without bidi controls (``plain``), which a CI page would show unbalanced."""
    return _XML_INVALID.sub("\ufffd", plain(text))


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading
    ``'`` (shown, not evaluated); numbers stay numbers and None an empty cell. Bidi
    controls are dropped (``plain``), so no cell reverses the cells after it."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = plain(value)
        return "'" + text if text.startswith(FORMULA_START) else text
    return value


def csv_row(values: list[object]) -> list[object]:
    """Every cell of a row through ``csv_cell``."""
    return [csv_cell(v) for v in values]
