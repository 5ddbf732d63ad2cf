"""The desk's store queries: pages of the queue, neighbours in queue order, counts."""

from __future__ import annotations

from store import desk as queue
from store.db import open_store
from tests.web.conftest import Desk


def test_pages_neighbours_and_counts(desk: Desk) -> None:
    engine = open_store(desk.db)
    try:
        with queue.transaction(engine) as s:
            everything = queue.QueueFilter()
            first, total = queue.queue_page(s, everything, 0, 2)
            second, _ = queue.queue_page(s, everything, 2, 2)
            ids = [p.id for p in first + second]
            scores = [p.score for p in first + second]
            assert total == 4 and len(set(ids)) == 4 and scores == sorted(scores, reverse=True)
            assert queue.neighbours(s, everything, second[0]) == (ids[1], ids[3], 2)
            assert queue.neighbours(s, everything, first[0])[0] is None
            lowest = queue.QueueFilter(ascending=True)
            assert queue.queue_page(s, lowest, 0, 10)[0][0].id == ids[-1]
            assert sum(queue.status_counts(s).values()) == total
            assert queue.count(s, queue.QueueFilter(kinds=("numeric",))) == 2
            assert queue.count(s, everything, ids[0]) == 1
            assert queue.pairs_per_topic(s) and queue.filter_choices(s)[0]
    finally:
        engine.dispose()
