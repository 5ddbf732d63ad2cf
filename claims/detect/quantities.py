"""The quantity comparator's public entry point (the code lives in ``claims.detect.quantity``).

Why a module of its own: callers (the scorer, the benchmarks, the tests) import
``claims.detect.quantities`` and need not know how the package is split.
"""

from __future__ import annotations

from claims.detect.quantity import Measured, Quantity, QuantityConflict, compare, find_quantities

__all__ = ["Measured", "Quantity", "QuantityConflict", "compare", "find_quantities"]
