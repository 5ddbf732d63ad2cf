"""The store's own errors: the database cannot be opened, migrated or written, or is busy.

``claims.errors`` re-exports them, so the CLI reports each as one line like every domain
error; they live here because store/ imports nothing from claims/.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database file cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another process kept the store's write lock for longer than we wait (exit code 3)."""
