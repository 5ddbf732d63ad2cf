"""Hypothesis settings and input strategies shared by the fuzz tests.

Why one place: every fuzz test must stay fast (a few seconds), never write a
``.hypothesis`` database into the checkout, and run the same examples in CI (``CI`` set:
derandomized) while exploring new ones on a developer's machine. ``FUZZ_EXAMPLES=2000``
in the environment runs a longer hunt.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

WORDS = "the minister said talks would go on Iran Iraq signed 12 agreement police".split()
# pieces that matter to our parsers: Markdown, YAML, HTML, JSON, sentence ends, encodings
MARKUP = [
    *WORDS,
    " ",
    "\n",
    "\r\n",
    "\t",
    ". ",
    "? ",
    "! ",
    "; ",
    "“",
    "”",
    "’",
    '"',
    "'",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "#",
    "# ",
    "> ",
    "- ",
    "1. ",
    "---",
    "---\n",
    "...",
    "<",
    ">",
    "</",
    "<p>",
    "</p>",
    "<b>",
    "&amp;",
    "&",
    "{",
    "}",
    ":",
    ": ",
    ",",
    "é",
    "\u2028",
    "\x0c",
    "\x00",
    "\ufeff",
    "Mr.",
    "U.N.",
    "\ud800",
    "\x85",
    "🙂",
    "ß",
]
YAML_BITS = [
    "title: ",
    "published: ",
    "date: ",
    "outlet: ",
    "url: ",
    "id: ",
    "author: ",
    "2025-08-17",
    "2025-13-45",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object ",
    "!!binary ",
    "!!str ",
    "? ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "'",
    '"',
    "|",
    ">",
    "\n",
    "\n  ",
    "#",
    "%YAML 1.2\n",
    "...\n",
    "~",
    "null",
    "yes",
    "1e999",
    "0x1F",
    *WORDS,
]


def joined(pieces: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Text made of ``pieces`` and arbitrary characters, up to ``max_size`` pieces."""
    return st.lists(st.sampled_from(pieces) | st.text(max_size=3), max_size=max_size).map("".join)


markup_text = joined(MARKUP)
yaml_text = joined(YAML_BITS, 40)


def to_bytes(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "ignore")


file_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(to_bytes, markup_text, st.sampled_from(["utf-8", "cp1252", "utf-16"])),
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)
