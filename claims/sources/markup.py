"""YAML front matter and light Markdown-to-text, keeping one output line per input line.

Line-preserving so that a sentence's line in ``Article.text`` maps back to the file line
(GitHub annotations point at ``file=…,line=…``).
"""

from __future__ import annotations

import re
from typing import Any

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)(?:[*+]|\d{1,3}[.)])\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """(front matter mapping or None, body, number of lines the front matter took).

    Raises ValueError (with the YAML problem) on front matter that does not parse.
    """
    m = _FRONT.match(text)
    if not m:
        return None, text, 0
    import yaml

    try:
        data = yaml.safe_load(m["yaml"] or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        raise ValueError(f"{where}invalid YAML front matter") from None
    if not isinstance(data, dict):
        raise ValueError("front matter is not a mapping of fields")
    head = m.group(0)
    return data, text[len(head) :], head.count("\n")


def markdown_to_text(text: str) -> str:
    """Plain text of Markdown: markup removed, one output line per input line."""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence or _REF_DEF.match(line) or _RULE.match(line):
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _BULLET.sub(r"\1", line)
        line = _IMAGE.sub("", line)  # images: alt text is a caption, not a claim
        line = _LINK.sub(r"\1", line)
        line = _REF_LINK.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        line = _HTML_TAG.sub("", line)
        line = _EMPHASIS.sub(r"\2", line)
        out.append(line.rstrip())
    return "\n".join(out)
