"""Shared desk work through Flask's test client: stories in the queue, a pair taken "in
progress", every flag on a claim dismissed at once, a note kept through a conflict, and
read-only views without decision keys.

Why: reviewers split a day's queue by story and by person; dismissing the flags of one
bad claim one by one wastes their time; a refused decision must not cost the note typed.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from flask.testing import FlaskClient

from store import desk as desk_store
from store.db import open_store
from tests.web.conftest import Desk, csrf_of, sign_in


def log_of(desk: Desk, *args: str) -> list[dict]:
    return json.loads(desk.run("log", "-f", "json", *args))["entries"]


def pairs(desk: Desk) -> list:
    engine = open_store(desk.db)
    try:
        with desk_store.transaction(engine) as s:
            return desk_store.queue_page(s, desk_store.QueueFilter(), 0, 100)[0]
    finally:
        engine.dispose()


def post(client: FlaskClient, path: str, page: str, **data: str):
    data["csrf_token"] = csrf_of(client, page)
    return client.post(path, data=data, follow_redirects=True)


def test_taking_and_releasing_a_pair_is_shown_and_logged(desk: Desk, alice: FlaskClient) -> None:
    page = post(alice, "/pair/2/progress", "/pair/2", action="take").get_data(as_text=True)
    assert "Pair 2 is in progress: alice" in page and 'id="release"' in page
    queue = alice.get("/queue?status=all").get_data(as_text=True)
    assert re.search(r'id="row-2".*?in progress: <bdi>alice</bdi>', queue, re.S)
    bob = alice.application.test_client()
    sign_in(bob, "bob", desk.add_reviewer("bob"))
    seen = bob.get("/pair/2").get_data(as_text=True)
    assert "in progress: <bdi>alice</bdi>" in seen and "Take over from <bdi>alice</bdi>" in seen
    post(bob, "/pair/2/progress", "/pair/2", action="take")
    post(bob, "/pair/2/status", "/pair/2", status="dismissed", seen="open")
    assert 'class="badge progress"' not in bob.get("/pair/2").get_data(as_text=True)
    post(alice, "/pair/3/progress", "/pair/3", action="take")
    post(alice, "/pair/3/progress", "/pair/3", action="release")
    entries = [(e["by"], e["entity_id"], e["field"], e["old_value"], e["new_value"])
               for e in log_of(desk)]  # fmt: skip
    assert entries == [
        ("alice", 2, "progress", None, "alice"),
        ("bob", 2, "progress", "alice", "bob"),
        ("bob", 2, "status", "open", "dismissed"),
        ("alice", 3, "progress", None, "alice"),
        ("alice", 3, "progress", "alice", None),
    ]
    text = desk.run("log")  # in words; the JSON above keeps the raw old and new values
    assert re.search(r"alice +contradiction 2 +in progress: alice took the pair", text)
    assert re.search(r"bob +contradiction 2 +in progress: bob took over from alice", text)
    assert re.search(r"alice +contradiction 3 +in progress: alice released the pair", text)
    assert "progress: None" not in text and "-> None" not in text


def test_dismiss_all_flags_on_a_claim_logs_each_and_spares_the_decided(
    desk: Desk, alice: FlaskClient
) -> None:
    rows = pairs(desk)
    per_claim = Counter(c for p in rows for c in (p.claim_a.id, p.claim_b.id))
    claim, n = per_claim.most_common(1)[0]
    assert n >= 2, "the fixture store needs a claim in two pairs"
    ids = sorted(p.id for p in rows if claim in (p.claim_a.id, p.claim_b.id))
    shown = alice.get(f"/pair/{ids[0]}").get_data(as_text=True)
    assert f"Dismiss all {n} open flags on this claim" in shown
    desk.run("resolve", str(ids[-1]), "confirmed", "--by", "bob")  # decided meanwhile
    seen = ",".join(map(str, ids))
    page = post(alice, f"/claim/{claim}/dismiss-all", f"/pair/{ids[0]}", seen=seen,
                note="wrong speaker").get_data(as_text=True)  # fmt: skip
    assert f"Dismissed {n - 1} flag" in page
    assert f"decided meanwhile by someone else: #{ids[-1]}" in page
    after = {p.id: p.status for p in pairs(desk)}
    assert [after[i] for i in ids] == ["dismissed"] * (n - 1) + ["confirmed"]
    dismissed = [e for e in log_of(desk) if e["by"] == "alice"]
    assert sorted(e["entity_id"] for e in dismissed) == ids[:-1]
    assert all(e["new_value"] == "dismissed" for e in dismissed)
    assert all(e["note"] == f"wrong speaker [every flag on claim {claim} dismissed at once]"
               for e in dismissed)  # fmt: skip


def test_a_note_survives_a_conflict(desk: Desk, alice: FlaskClient) -> None:
    desk.run("resolve", "1", "confirmed", "--by", "bob")
    page = post(alice, "/pair/1/status", "/pair/1", status="dismissed", seen="open",
                note="Checked the <b>transcript</b>").get_data(as_text=True)  # fmt: skip
    assert 'data-outcome="conflict"' in page
    box = re.search(r'<textarea name="note" id="note"[^>]*>(.*?)</textarea>', page, re.S)
    assert box and box.group(1) == "Checked the &lt;b&gt;transcript&lt;/b&gt;"
    assert "your note from the refused attempt" in page
    post(alice, "/pair/1/note", "/pair/1", note="Checked the transcript")
    again = alice.get("/pair/1").get_data(as_text=True)
    assert re.search(r'<textarea name="note" id="note"[^>]*></textarea>', again)


def test_read_only_views_show_no_decision_keys(desk: Desk, client: FlaskClient) -> None:
    sign_in(client, "vera", desk.tokens["vera"])
    for path in ("/queue?status=all", "/pair/1"):
        page = client.get(path).get_data(as_text=True)
        keys = re.findall(r"<kbd>([^<]*)</kbd>", page.split('id="keys"')[1])
        assert keys and not {"c", "d", "v / x", "V / X", "n"} & set(keys), (path, keys)
        assert 'id="confirm"' not in page and "dismiss-all" not in page and 'id="take"' not in page


def test_the_queue_filters_and_groups_by_story(desk: Desk, alice: FlaskClient) -> None:
    rows = pairs(desk)
    story = rows[0].claim_a.topic
    assert story is not None
    page = alice.get(f"/queue?status=all&topic={story.id}").get_data(as_text=True)
    assert 'id="story-head"' in page and "Story: " in page
    listed = {int(i) for i in re.findall(r'id="row-(\d+)"', page)}
    mine = {
        p.id for p in rows if story.id in {c.topic.id for c in (p.claim_a, p.claim_b) if c.topic}
    }
    assert listed == mine
    grouped = alice.get("/queue?status=all&sort=story").get_data(as_text=True)
    order = [int(i) for i in re.findall(r'id="row-(\d+)"', grouped)]
    by_id = {p.id: p for p in rows}
    stories = [by_id[i].claim_a.topic.id if by_id[i].claim_a.topic else 0 for i in order]
    assert stories == sorted(stories, reverse=True) and len(order) == len(rows)
    assert grouped.count('class="group"') == len(set(stories))
    second = order[1]
    pair = alice.get(f"/pair/{second}?status=all&sort=story").get_data(as_text=True)
    assert f'href="/pair/{order[0]}?' in pair and (
        len(order) < 3 or f'href="/pair/{order[2]}?' in pair
    )  # previous and next walk the grouped order


def test_the_stories_page_lists_dates_outlets_and_flags(alice: FlaskClient) -> None:
    page = alice.get("/topics").get_data(as_text=True)
    assert "Stories" in page and 'id="stories"' in page
    assert re.search(r"20\d\d-\d\d-\d\d|unknown", page)
    assert re.search(r'href="/queue\?topic=\d+&amp;status=open"', page)
