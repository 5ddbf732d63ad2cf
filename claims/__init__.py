"""claims: split news into claims, cluster them by topic, flag contradicting pairs."""

from __future__ import annotations

__version__ = "0.1.0"
