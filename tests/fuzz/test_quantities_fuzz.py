"""The quantity comparator reads any text without raising: it runs on every candidate pair,
so one odd figure ("318.9 m,", "12 km²") must never stop an ingest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.detect.quantity import compare, find_quantities
from tests.fuzz.strategies import FUZZ

PIECES = (
    "318.9 m, 12 km² 3 m² ²³ 1,500 1.5 million 25 basis points half a percentage point "
    "nearly half of the 46 workers eleven two dozen 30% of 200 homes between 10 and 12 "
    "10-12 about more than at least no nobody none 4am 2026 March 7 aged 45 45-year-old "
    "€18 million $3bn hectares square kilometres people were hurt killed a worker died "
    "said put the number at , . ; ( ) - – / ½ ⅓ 0.5 .5 5. 1e3 ∞ hundred thousand"
).split()
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40).map(" ".join)


@pytest.mark.fuzz
@FUZZ
@given(TEXT, TEXT)
def test_any_text_is_read_and_compared_without_raising(a: str, b: str) -> None:
    for text in (a, b):
        for q in find_quantities(text):
            assert 0 <= q.span[0] <= q.span[1] <= len(text)
    conflict = compare(a, b)
    assert conflict is None or 0.0 <= conflict.strength <= 1.0


def test_odd_figures_found_by_training_data_do_not_raise() -> None:
    assert [q.text for q in find_quantities("The tower is 318.9 m, the tallest.")] == ["318.9 m"]
    assert find_quantities("²³ people") == []
