"""Persistence: SQLAlchemy models, migrations and queries; functions take a session."""

from __future__ import annotations
