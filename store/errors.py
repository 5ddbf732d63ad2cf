"""The store's own error: the database cannot be opened, migrated or written.

``claims.errors`` re-exports it, so the CLI reports it as one line like every domain error;
it lives here because store/ imports nothing from claims/.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database file cannot be opened, migrated or written."""
