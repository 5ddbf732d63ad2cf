"""The story stage on synthetic articles: grouping, stable ids, order, dates, labels."""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from claims.stories.group import Rarity, StoryState, group_articles, one_event
from claims.stories.label import date_range, story_label
from claims.stories.profile import ArticleProfile, PlainProfiler, lede, normalise
from claims.types import Article
from tests.doubles import HashingEmbedder, TagProfiler

EMBED = HashingEmbedder()


def profile(text: str, names: list[str], day: date | None = None) -> ArticleProfile:
    vector = EMBED.embed([text])[0]
    return ArticleProfile(vector, {n: 1 for n in names}, day=day, display={n: n for n in names})


def rarity(profiles: list[ArticleProfile]) -> Rarity:
    df: dict[str, int] = {}
    for p in profiles:
        for name in p.entities:
            df[name] = df.get(name, 0) + 1
    return Rarity(df, len(profiles))


BORDER = [
    profile("Iran and Iraq sign a border security memorandum", ["iran", "iraq"]),
    profile("Iraq denies a security agreement with Iran, cites memorandum", ["iraq", "iran"]),
    profile("Larijani says Iran signed security agreement with Iraq", ["larijani", "iran", "iraq"]),
]
UKRAINE = [
    profile("Allies finalise security agreement for Ukraine", ["ukraine", "nato"]),
    profile("Security guarantees for Ukraine agreed in Paris", ["ukraine", "paris"]),
]
MINE = [profile("Roof fall at the Brannock mine kills two miners", ["brannock"])]


def partition(labels: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for row, label in enumerate(labels):
        groups.setdefault(label, set()).add(row)
    return {frozenset(g) for g in groups.values()}


def test_articles_naming_the_same_rare_entities_form_one_story_and_others_do_not() -> None:
    batch = BORDER + UKRAINE + MINE
    labels = group_articles(batch, [], rarity(batch))
    assert partition(labels) == {frozenset({0, 1, 2}), frozenset({3, 4}), frozenset({5})}


def test_alike_wording_without_a_shared_name_is_another_story() -> None:
    """Both are "security agreements"; the names say Ukraine is not Iran-Iraq."""
    a = profile("a security agreement was signed", ["ukraine"])
    b = profile("leaders expect the security agreement soon", ["iraq"])
    assert 0.7 * float(a.vector @ b.vector) > 0.2, "alike enough to join on the vector alone"
    assert len(set(group_articles([a, b], [], rarity([a, b])))) == 2
    c = profile("leaders expect the security agreement soon", [])  # names nothing
    assert len(set(group_articles([a, c], [], rarity([a, c])))) == 1


def test_stated_dates_months_apart_are_another_event() -> None:
    a = profile("Iran and Iraq sign border security pact", ["iran", "iraq"], date(2023, 3, 19))
    b = profile("Iran and Iraq sign border security pact", ["iran", "iraq"], date(2025, 8, 12))
    c = profile("Iran and Iraq border security pact signed", ["iran", "iraq"], date(2025, 8, 13))
    assert partition(group_articles([a, b, c], [], rarity([a, b, c]))) == {
        frozenset({0}),
        frozenset({1, 2}),
    }


def test_grouping_does_not_depend_on_the_order_of_the_batch() -> None:
    batch = BORDER + UKRAINE + MINE
    want = partition(group_articles(batch, [], rarity(batch)))
    for seed in range(5):
        order = list(range(len(batch)))
        random.Random(seed).shuffle(order)
        labels = group_articles([batch[i] for i in order], [], rarity(batch))
        got = {frozenset(order[r] for r in g) for g in partition(labels)}
        assert got == want


def test_a_new_article_joins_the_best_stored_story_and_stored_ids_never_change() -> None:
    stories: list[StoryState] = []
    first = BORDER[:2] + UKRAINE[:1]
    group_articles(first, stories, rarity(first))
    stories[0].id, stories[1].id = 7, 8  # as stored
    later = [BORDER[2], UKRAINE[1], MINE[0]]
    labels = group_articles(later, stories, rarity(first + later))
    assert [stories[i].id for i in labels[:2]] == [7, 8]
    assert stories[labels[2]].id is None, "an unrelated article starts a new story"
    assert [s.articles for s in stories] == [3, 2, 1]


def test_one_event_needs_shared_names_and_close_dates() -> None:
    stories: list[StoryState] = []
    batch = [BORDER[0], UKRAINE[0]]
    group_articles(batch, stories, rarity(batch))
    twin = StoryState(None, stories[0].centroid.copy(), dict(stories[0].entities), 1)
    assert one_event(stories[0], twin, rarity(batch))
    assert not one_event(stories[0], stories[1], rarity(batch))
    twin.first = twin.last = date(2020, 1, 1)
    stories[0].first = stories[0].last = date(2025, 8, 12)
    assert not one_event(stories[0], twin, rarity(batch))


def test_a_label_names_key_entities_the_event_phrase_and_the_dates() -> None:
    story = StoryState(1, np.zeros(4), {"iran": 3, "iraq": 3, "larijani": 1}, 3)
    story.display = {"iran": "Iran", "iraq": "Iraq", "larijani": "Larijani"}
    story.first, story.last = date(2025, 8, 11), date(2025, 8, 14)
    phrases = [["security memorandum"], ["security memorandum", "border"], ["agreement"]]
    label = story_label(story, Rarity({"iran": 3, "iraq": 3}, 3), phrases)
    assert label == "Iran, Iraq: security memorandum (Aug 2025)"
    assert date_range(date(2024, 12, 30), date(2025, 1, 2)) == "Dec 2024–Jan 2025"
    assert date_range(None, None) == ""


def test_profilers_read_names_spans_ledes_and_only_stated_dates() -> None:
    article = Article(
        "Ministers met in #Baghdad. The #Iraq side said no pact exists. More text.",
        "a.txt",
        title="Talks in Baghdad",
        published=date(2025, 8, 12),
        published_approx=True,
    )
    (tagged,) = TagProfiler().profile([article])
    assert tagged.entities == {"baghdad": 1, "iraq": 1}
    assert tagged.day is None, "a relative date ('6 days ago') is no evidence of the event"
    start = article.text.index("The")
    assert tagged.entities_within(start, len(article.text)) == {"iraq"}
    assert lede(article).startswith("Talks in Baghdad. Ministers met")
    (plain,) = PlainProfiler(EMBED).profile(
        [Article("The talks went on. Then Ali Larijani spoke.", "b")]
    )
    assert set(plain.entities) == {"ali larijani"}
    assert normalise("the European Union’s") == "european union"
