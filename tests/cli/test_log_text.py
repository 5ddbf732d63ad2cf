"""``claims log`` in text says who took or released a pair in words, not as the raw
``progress: None -> alice`` of the stored entry (the JSON keeps the raw values)."""

from __future__ import annotations

import json
from datetime import datetime

from claims.report.browse import render_log
from claims.types import AuditRecord

AT = datetime(2026, 12, 6, 9, 30)


def entry(n: int, by: str, field: str, old: str | None, new: str | None) -> AuditRecord:
    return AuditRecord(n, AT, by, "contradiction", 7, field, old, new, None)


def test_progress_entries_read_as_sentences_and_json_is_unchanged() -> None:
    entries = [
        entry(1, "alice", "progress", None, "alice"),
        entry(2, "bob", "progress", "alice", "bob"),
        entry(3, "bob", "progress", "bob", None),
        entry(4, "carol", "progress", "alice", None),
        entry(5, "carol", "status", "open", "dismissed"),
    ]
    lines = render_log(entries).splitlines()
    assert [line.split("contradiction 7")[1].strip() for line in lines] == [
        "in progress: alice took the pair",
        "in progress: bob took over from alice",
        "in progress: bob released the pair",
        "in progress: carol released the pair (held by alice)",
        "status: open -> dismissed",
    ]
    raw = json.loads(render_log(entries, "json"))["entries"]
    assert [(e["field"], e["old_value"], e["new_value"]) for e in raw[:3]] == [
        ("progress", None, "alice"),
        ("progress", "alice", "bob"),
        ("progress", "bob", None),
    ]
