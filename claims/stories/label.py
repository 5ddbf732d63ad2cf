"""A story's label, for a reader: its key entities, the event's noun phrase, its dates.

"Iran, Iraq: security agreement (Aug 2025)": the two entities most of its articles name
(rarer ones first among equals), the noun phrase its titles use most, the month range of
its stated dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from claims.stories.dates import date_range
from claims.stories.group import Rarity, StoryState

KEY_ENTITIES = 2
MAX_LABEL = 80


def event_phrase(phrases: Sequence[Sequence[str]]) -> str:
    """The phrase most articles' titles use (each article counts once); longer wins ties."""
    counts = Counter(p for article in phrases for p in dict.fromkeys(article) if p)
    if not counts:
        return ""
    return min(counts, key=lambda p: (-counts[p], -len(p.split()), p))


def key_entities(story: StoryState, rarity: Rarity) -> list[str]:
    """The entities most of the story's articles name, rarer first among equals."""
    ranked = sorted(story.entities, key=lambda e: (-story.entities[e], -rarity.idf(e), e))
    return [_shown(story.display.get(e, e)) for e in ranked[:KEY_ENTITIES]]


def _shown(name: str) -> str:
    return name if any(c.isupper() for c in name) else name.title()


def story_label(story: StoryState, rarity: Rarity, phrases: Sequence[Sequence[str]]) -> str:
    names = ", ".join(key_entities(story, rarity))
    phrase = event_phrase(phrases)
    head = f"{names}: {phrase}" if names and phrase else names or phrase or "untitled story"
    when = date_range(story.first, story.last)
    head = head[: MAX_LABEL - len(when) - 3].rstrip(" ,:")
    return f"{head} ({when})" if when else head
