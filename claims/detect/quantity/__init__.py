"""Quantities: find the figures of a news sentence and compare two sentences' figures.

``find_quantities`` reads every figure (interval, unit, what it counts, approximation, part
of a stated whole, zero counts; years, dates, times, ages, ordinals typed apart);
``compare`` reports a ``QuantityConflict`` when two sentences' figures about the same thing
cannot both hold, and never for updates, demands, offers, forecasts or different events.
Module map: ``tokens`` (offsets, word classes), ``numbers`` (number phrases), ``units``
(pint), ``patterns`` (figure shapes), ``measured`` (what is counted), ``signals`` (frames),
``extract`` (``find_quantities``), ``align`` (same thing?), ``compare``, ``explain``.
"""

from __future__ import annotations

from claims.detect.quantity.compare import QuantityConflict, compare
from claims.detect.quantity.extract import Quantity, find_quantities
from claims.detect.quantity.measured import Measured

__all__ = ["Measured", "Quantity", "QuantityConflict", "compare", "find_quantities"]
