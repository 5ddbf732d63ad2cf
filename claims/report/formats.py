"""The output formats each command offers (names only, so the CLI can list them cheaply)."""

from __future__ import annotations

REPORT_FORMATS = ("text", "markdown", "json", "html", "csv")
CHECK_FORMATS = ("text", "json", "junit", "github", "markdown")
EXPORT_FORMATS = ("claimreview", "csv")
LISTING_FORMATS = ("text", "json")
