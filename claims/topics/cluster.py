"""Topics: agglomerative clustering of claim vectors, incremental and deterministic.

New claims join the nearest existing topic when close enough, so topic ids stay stable
across batches; the rest are clustered among themselves into new topics. Labels are the
top terms of each topic by class-based TF-IDF (c-TF-IDF) over all topics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

JOIN_SIMILARITY = 0.45  # cosine similarity to a topic centroid needed to join it
CHUNK = 2000  # new claims clustered at once: keeps memory and time linear in batch size


class AgglomerativeClusterer:
    """Average-linkage agglomerative clustering on cosine distance with a threshold."""

    def __init__(self, similarity: float = JOIN_SIMILARITY) -> None:
        self.similarity = similarity

    def cluster(self, vectors: np.ndarray) -> np.ndarray:
        if len(vectors) < 2:
            return np.zeros(len(vectors), dtype=int)
        from sklearn.cluster import AgglomerativeClustering

        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=1.0 - self.similarity,
        )
        return model.fit_predict(vectors)


@dataclass
class TopicState:
    """A topic as the assigner sees it: id (None until stored), centroid, size."""

    id: int | None
    centroid: np.ndarray
    size: int

    def add(self, vector: np.ndarray) -> None:
        total = self.centroid * self.size + vector
        self.size += 1
        self.centroid = total / max(np.linalg.norm(total), 1e-12)


def assign_topics(
    vectors: np.ndarray,
    topics: list[TopicState],
    clusterer: AgglomerativeClusterer,
    join_similarity: float = JOIN_SIMILARITY,
) -> list[int]:
    """Index into ``topics`` for each row of ``vectors``; appends new topics as needed.

    Rows are handled in chunks: each row first tries the existing (and earlier new) topics,
    the rest of a chunk is clustered and each cluster becomes a new topic.
    """
    assigned = [-1] * len(vectors)
    for start in range(0, len(vectors), CHUNK):
        rows = list(range(start, min(start + CHUNK, len(vectors))))
        rest = []
        if topics:
            centroids = np.stack([t.centroid for t in topics])
            sims = vectors[rows] @ centroids.T
            for i, row in enumerate(rows):
                best = int(np.argmax(sims[i]))
                if sims[i, best] >= join_similarity:
                    assigned[row] = best
                else:
                    rest.append(row)
        else:
            rest = rows
        if rest:
            labels = clusterer.cluster(vectors[rest])
            first_new = len(topics)
            order = {label: n for n, label in enumerate(dict.fromkeys(labels.tolist()))}
            topics.extend(TopicState(None, np.zeros(vectors.shape[1]), 0) for _ in order)
            for row, label in zip(rest, labels, strict=True):
                assigned[row] = first_new + order[label]
        for row in rows:
            topics[assigned[row]].add(vectors[row])
    return assigned


def label_topics(docs: Sequence[str], n_terms: int = 3) -> list[str]:
    """A label per topic from the top c-TF-IDF terms of its concatenated claims."""
    if not docs:
        return []
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(
        stop_words="english", ngram_range=(1, 2), token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z-]+\b"
    )
    try:
        counts = vectorizer.fit_transform(docs)
    except ValueError:  # every document is empty after stop words
        return ["" for _ in docs]
    counts = counts.astype(float)
    tf = counts.multiply(1.0 / np.maximum(counts.sum(axis=1), 1)).tocsr()
    avg_words = counts.sum() / len(docs)
    idf = np.log(1 + avg_words / np.maximum(np.asarray(counts.sum(axis=0)).ravel(), 1))
    scores = tf.multiply(idf).tocsr()
    terms = vectorizer.get_feature_names_out()
    labels = []
    for row in range(scores.shape[0]):
        data, idx = scores[row].data, scores[row].indices
        order = sorted(range(len(data)), key=lambda k: (-data[k], terms[idx[k]]))
        picked: list[str] = []
        for k in order:
            term = terms[idx[k]]
            if any(term in p or p in term for p in picked):
                continue
            picked.append(term)
            if len(picked) == n_terms:
                break
        labels.append(", ".join(picked))
    return labels
