"""Flags grouped by story (a claim's topic is its article's story): one grouping for
the text, Markdown and HTML reports."""

from __future__ import annotations

from typing import Any


def story_of(c: dict[str, Any]) -> dict[str, Any] | None:
    """The pair's story (``{"id", "label"}``), or None; reports older than stories name
    it ``topic``."""
    return c.get("story", c.get("topic"))


def by_story(items: list[dict[str, Any]]) -> list[tuple[dict[str, Any] | None, list]]:
    """The pairs grouped by story, each group where its best pair stood (the report is
    sorted by score, so the story with the strongest flag comes first)."""
    groups: dict[Any, tuple[dict[str, Any] | None, list]] = {}
    for c in items:
        story = story_of(c)
        key = story["id"] if story else None
        groups.setdefault(key, (story, []))[1].append(c)
    return list(groups.values())


def story_heading(story: dict[str, Any] | None, count: int) -> str:
    """ "Story 4: label (2 flags)", plain (the caller escapes or isolates the label)."""
    flags = f"{count} flag{'' if count == 1 else 's'}"
    return f"Story {story['id']}: {story['label']} ({flags})" if story else f"No story ({flags})"
