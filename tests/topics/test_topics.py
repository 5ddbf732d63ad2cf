"""Topics on synthetic blobs: deterministic, stable ids, joins, readable labels."""

from __future__ import annotations

import numpy as np

from claims.topics.cluster import AgglomerativeClusterer, TopicState, assign_topics, label_topics


def blobs(seed: int = 0, per: int = 6, centres: int = 3, dim: int = 32) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centres, dim))
    v = np.concatenate([c[i] + 0.15 * rng.normal(size=(per, dim)) for i in range(centres)])
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_blobs_become_one_topic_each() -> None:
    topics: list[TopicState] = []
    labels = assign_topics(blobs(), topics, AgglomerativeClusterer())
    assert labels == [0] * 6 + [1] * 6 + [2] * 6
    assert [t.size for t in topics] == [6, 6, 6]


def test_same_input_same_topics() -> None:
    first = assign_topics(blobs(), [], AgglomerativeClusterer())
    second = assign_topics(blobs(), [], AgglomerativeClusterer())
    assert first == second


def test_later_batch_joins_existing_topics_and_keeps_ids() -> None:
    vectors = blobs(per=8)
    topics: list[TopicState] = []
    early = assign_topics(vectors[[0, 1, 2, 8, 9, 10]], topics, AgglomerativeClusterer())
    for n, t in enumerate(topics):
        t.id = 100 + n  # as stored
    late = assign_topics(vectors[[3, 4, 11, 12]], topics, AgglomerativeClusterer())
    assert late == [early[0], early[0], early[3], early[3]]
    assert [t.id for t in topics] == [100, 101]


def test_far_claims_form_new_topics() -> None:
    vectors = blobs(centres=2)
    topics: list[TopicState] = []
    assign_topics(vectors[:6], topics, AgglomerativeClusterer())
    labels = assign_topics(vectors[6:], topics, AgglomerativeClusterer())
    assert set(labels) == {1} and len(topics) == 2


def test_labels_name_the_top_terms() -> None:
    labels = label_topics(
        [
            "security agreement signed by Iran and Iraq. The security agreement covers borders.",
            "wheat harvest rose after rains. The harvest of wheat was large.",
        ]
    )
    assert "security" in labels[0] and "agreement" in labels[0]
    assert "wheat" in labels[1] or "harvest" in labels[1]
