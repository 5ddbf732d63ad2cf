"""YAML front matter and light Markdown-to-text, keeping one output line per input line.

Line-preserving so that a sentence's line in ``Article.text`` maps back to the file line
(GitHub annotations point at ``file=…,line=…``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from claims.config import Limits

DEFAULT_MAX_FRONT_MATTER_BYTES = Limits.max_front_matter_bytes

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)(?:[*+]|\d{1,3}[.)])\s+")
# Emphasis text never holds its own marker, so each scan stops at the next marker: linear.
# (".+?" up to any matching marker rescanned the rest of the line from every unclosed "*":
# 200k characters of "*a " took 138 s.) Nested emphasis goes in a second pass.
_EMPHASIS = re.compile(
    "|".join(
        rf"{m}(?=\S)([^{c}]+?)(?<=\S){m}"
        for m, c in (("\\*\\*", "*"), ("__", "_"), ("\\*", "*"), ("_", "_"), ("~~", "~"))
    )
)
_EMPHASIS_PASSES = 3
_CODE = re.compile(r"`([^`]*)`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


MAX_YAML_DEPTH = 20  # front matter is a flat mapping of fields; a few levels are plenty


class FrontMatterError(ValueError):
    """Front matter refused before or while it is loaded (one short line)."""


@functools.cache
def _no_alias_loader() -> type:
    """A YAML safe loader class that refuses anchors, aliases and deep nesting outright.

    Why: aliases let 554 bytes expand to gigabytes (a "billion laughs" bomb) once anything
    walks the structure; refusing them bounds the loaded data by the text's size.
    """
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise FrontMatterError("YAML anchors and aliases (&, *) are not allowed")
            self.depth += 1
            if self.depth > MAX_YAML_DEPTH:
                raise FrontMatterError(f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return NoAliasLoader


def _load_yaml(text: str) -> Any:
    """The YAML value of ``text``; FrontMatterError (one short line) for any problem."""
    import yaml

    loader = None
    try:
        loader = _no_alias_loader()(text)  # refuses control characters already
        return loader.get_single_data()
    except FrontMatterError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        raise FrontMatterError(f"{where}invalid YAML front matter") from None
    except (ValueError, TypeError, OverflowError, RecursionError):  # e.g. 2025-13-45
        raise FrontMatterError("invalid YAML front matter (a value cannot be read)") from None
    finally:
        if loader is not None:
            loader.dispose()


def split_front_matter(
    text: str, max_bytes: int = DEFAULT_MAX_FRONT_MATTER_BYTES
) -> tuple[dict[str, Any] | None, str, int]:
    """(front matter mapping or None, body, number of lines the front matter took).

    Raises ``FrontMatterError`` (a ValueError, one short line) on front matter over
    ``max_bytes`` (UTF-8), with anchors or aliases, nested too deep, or not parsing.
    """
    m = _FRONT.match(text)
    if not m:
        return None, text, 0
    raw = m["yaml"] or ""
    size = len(raw.encode("utf-8", "replace"))
    if size > max_bytes:
        raise FrontMatterError(f"front matter is {size:,} bytes, over the {max_bytes:,}-byte limit")
    data = _load_yaml(raw) or {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of fields")
    head = m.group(0)
    return data, text[len(head) :], head.count("\n")


def _emphasised(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _strip_emphasis(line: str) -> str:
    """``line`` without emphasis markers (``**a**``, ``_a_``, ``~~a~~``), nested ones too."""
    for _ in range(_EMPHASIS_PASSES):
        stripped = _EMPHASIS.sub(_emphasised, line)
        if stripped == line:
            break
        line = stripped
    return line


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
        line = _strip_emphasis(line)
        out.append(line.rstrip())
    return "\n".join(out)
