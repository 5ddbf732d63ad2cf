"""The desk through Flask's test client: sign-in, CSRF, roles, headers, escaping, pages,
counts that match ``claims stats``, and decisions that land in the audit log."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing

import pytest
from flask.testing import FlaskClient

from tests.web.conftest import Desk, csrf_of, sign_in


def decide(client: FlaskClient, pair_id: int, status: str, seen: str, note: str = ""):
    token = csrf_of(client, f"/pair/{pair_id}")
    return client.post(
        f"/pair/{pair_id}/status",
        data={"csrf_token": token, "status": status, "seen": seen, "note": note},
        follow_redirects=True,
    )


def log_of(desk: Desk) -> list[dict]:
    return json.loads(desk.run("log", "-f", "json"))["entries"]


def test_every_page_needs_a_signed_in_reviewer(client: FlaskClient) -> None:
    for path in ("/queue", "/pair/1", "/claim/1", "/source/1", "/topics", "/search?q=x", "/log"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/signin?next=")


def test_a_wrong_token_is_refused_and_a_right_one_signs_in(desk: Desk, client) -> None:
    token = desk.tokens["alice"]
    bad = client.post(
        "/signin", data={"csrf_token": csrf_of(client, "/signin"), "name": "alice", "token": "x"}
    )
    assert bad.status_code == 401 and "Unknown name" in bad.get_data(as_text=True)
    sign_in(client, "alice", token)
    assert client.get("/queue").status_code == 200


def test_sign_in_goes_back_only_to_this_site(desk: Desk, client) -> None:
    token = desk.tokens["alice"]
    for target, expected in (("//evil.example/x", "/queue"), ("/pair/2", "/pair/2")):
        client.post("/signout", data={"csrf_token": csrf_of(client, "/signin")})
        response = client.post(
            "/signin",
            data={
                "csrf_token": csrf_of(client, "/signin"),
                "name": "alice",
                "token": token,
                "next": target,
            },
        )
        assert response.headers["Location"] == expected


def test_headers_cookie_and_csp(desk: Desk, client) -> None:
    response = client.get("/signin")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    token = desk.tokens["alice"]
    signed = client.post(
        "/signin", data={"csrf_token": csrf_of(client, "/signin"), "name": "alice", "token": token}
    )
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_a_post_without_the_csrf_token_changes_nothing(desk: Desk, alice: FlaskClient) -> None:
    response = alice.post("/pair/1/status", data={"status": "confirmed", "seen": "open"})
    assert response.status_code == 400 and "Form refused" in response.get_data(as_text=True)
    assert log_of(desk) == []
    assert "open" in desk.run("show", "contradiction", "1").splitlines()[0]


def test_a_read_only_viewer_sees_but_cannot_change(desk: Desk, client) -> None:
    sign_in(client, "vera", desk.tokens["vera"])
    page = client.get("/pair/1").get_data(as_text=True)
    assert "read-only" in page and 'id="confirm"' not in page
    response = decide(client, 1, "confirmed", "open")
    assert response.status_code == 403 and log_of(desk) == []


def test_queue_counts_match_claims_stats(desk: Desk, alice: FlaskClient) -> None:
    stored = json.loads(desk.run("stats", "-f", "json"))["contradictions"]
    decide(alice, 2, "dismissed", "open")
    page = alice.get("/queue?status=all").get_data(as_text=True)
    counts = [int(n) for n in re.findall(r'class="tab[^"]*" data-count="(\d+)"', page)]
    assert sum(counts) == stored and f'id="all-count" data-count="{stored}"' in page
    open_page = alice.get("/queue").get_data(as_text=True)
    assert open_page.count('class="qrow"') == stored - 1  # the dismissed pair left the queue


def test_queue_filters_and_sort(alice: FlaskClient) -> None:
    def ids(query: str) -> list[int]:
        page = alice.get(f"/queue?{query}").get_data(as_text=True)
        return [int(i) for i in re.findall(r'id="row-(\d+)"', page)]

    everything = ids("status=all")
    assert len(everything) == 4
    lowest_first = ids("status=all&sort=score")
    assert sorted(lowest_first) == sorted(everything) and lowest_first[0] == everything[-1]
    assert set(ids("kind=numeric")) < set(everything)
    assert set(ids("outlet=tehran")) and set(ids("outlet=tehran")) < set(everything)
    window = set(ids("since=2025-08-22&until=2025-08-23"))  # undated baghdad: its story's
    assert window == set(ids("outlet=border")) | set(ids("outlet=baghdad"))
    assert ids("until=2025-08-19") == [], "the story (undated baghdad's dates) starts later"
    assert ids("since=2025-08-24") == [], "... and ends before"
    assert set(ids("until=2025-08-20")) == set(ids("outlet=tehran")) | set(ids("outlet=baghdad"))
    assert ids("min_score=0.8") and all(i != 3 for i in ids("min_score=0.8"))
    page = alice.get("/queue?since=not-a-date").get_data(as_text=True)
    assert "Ignored: since=" in page and ids("since=not-a-date") == everything


def test_pair_page_shows_both_sides_marked_and_escaped(alice: FlaskClient) -> None:
    page = alice.get("/pair/4").get_data(as_text=True)
    assert page.count('<mark class="hit">') == 2
    assert "Ali Larijani" in page and "Tehran Daily" in page and "2025-08-20" in page
    assert "<script>document" not in page and "&lt;script&gt;document" in page
    assert "Border &lt;b&gt;Watch&lt;/b&gt;" in page and 'href="javascript' not in page
    assert re.search(r'href="/source/\d+\?claim=\d+#claim-\d+"', page)


def _paragraph(page: str, css: str) -> str:
    found = re.search(rf'<p class="{css}" id="{css}">(.*?)</p>', page, re.S)
    assert found, f"no {css} paragraph"
    return found.group(1)


def test_pair_page_says_why_plainly_and_keeps_the_model_detail_apart(desk, alice) -> None:
    """The desk splits a stored explanation as the reports do (``claims.report.why``): the
    score, model id and the word fragments the model compared go to the detail only."""
    model_said = "NLI contradiction 0.80: 'between' against 'In their meeting, Araji 'reviewed'"
    with closing(sqlite3.connect(desk.db)) as db, db:  # a pair the NLI model alone flagged
        db.execute(
            "UPDATE contradictions SET kind = 'other', model = 'nli-xlmr-4f2a', explanation = ?"
            " WHERE id = 2", (model_said,)
        )  # fmt: skip
    page = alice.get("/pair/2").get_data(as_text=True)
    why, detail = _paragraph(page, "why"), _paragraph(page, "detail")
    assert "say incompatible things about the same matter" in why
    assert not any(bit in why for bit in ("NLI", "0.80", "nli-xlmr", "Araji", "between"))
    assert "NLI contradiction 0.80" in detail and "model nli-xlmr-4f2a" in detail
    assert "Araji" not in page
    report = json.loads(desk.run("report", "-f", "json"))
    [item] = [p for p in report["contradictions"] if p["id"] == 2]
    assert item["why"] in why and item["detail"] in detail  # the same words as the reports
    cue_flagged = alice.get("/pair/4").get_data(as_text=True)
    why, detail = _paragraph(cue_flagged, "why"), _paragraph(cue_flagged, "detail")
    assert "One claim negates" in why and "Caveat: one claim is a forecast" in why
    assert "cues-v1" not in why and detail.endswith("model cues-v1</bdi>")


def test_every_desk_page_dates_a_source_as_the_reports_do(desk, alice) -> None:
    """A date read from "6 days ago" is "2025-08-20 (approx.)" and no date is "unknown",
    followed by its story's dates where the story's other articles state them: on the
    Sources page, a source's page, the pair page and the queue, as in every report."""
    with closing(sqlite3.connect(desk.db)) as db, db:
        db.execute("UPDATE sources SET published_approx = 1 WHERE outlet = 'Tehran Daily'")
    sources = alice.get("/sources").get_data(as_text=True)
    cells = re.findall(r'<td>((?:(?!<td).)*?)</td><td class="nowrap">(.*?)</td>', sources)
    rows = {re.sub(r"<[^>]+>", "", outlet): day for outlet, day in cells}
    assert rows["Tehran Daily"] == "2025-08-20 (approx.)"
    # baghdad.txt names no date (its outlet: the stem); its story's other articles do
    assert rows["baghdad"] == "unknown (story: Aug 2025)"
    assert "~" not in sources
    undated = re.search(r'<a href="(/source/\d+)">[^<]*<bdi>[^<]*baghdad', sources)
    assert undated
    undated_page = alice.get(undated.group(1)).get_data(as_text=True)
    assert "<dt>Published</dt><dd>unknown (story: Aug 2025)</dd>" in undated_page
    pair = alice.get("/pair/4").get_data(as_text=True)
    assert "<dt>Published</dt><dd>2025-08-20 (approx.)</dd>" in pair
    queue = alice.get("/queue").get_data(as_text=True)
    assert "· 2025-08-20 (approx.)" in queue and "· unknown (story: Aug 2025)" in queue
    assert "~" not in queue
    report = desk.run("report")
    assert "2025-08-20 (approx.)" in report and "unknown" in report


def test_source_page_marks_the_sentence_asked_for(alice: FlaskClient) -> None:
    page = alice.get("/pair/1").get_data(as_text=True)
    link = re.search(r'href="(/source/(\d+)\?claim=(\d+))#claim-\d+"', page)
    assert link
    source = alice.get(link.group(1)).get_data(as_text=True)
    assert f'class="sent target st-unreviewed" id="claim-{link.group(3)}"' in source


def test_a_decision_is_logged_under_the_reviewer_with_its_note(desk, alice) -> None:
    page = decide(alice, 1, "confirmed", "open", note="called the ministry").get_data(as_text=True)
    assert 'data-outcome="changed"' in page and "pair 1 is now confirmed" in page
    [entry] = log_of(desk)
    assert (entry["by"], entry["entity"], entry["entity_id"], entry["field"]) == (
        "alice", "contradiction", 1, "status"
    )  # fmt: skip
    assert (entry["old_value"], entry["new_value"], entry["note"]) == (
        "open", "confirmed", "called the ministry"
    )  # fmt: skip


def test_a_stale_form_is_a_conflict_and_both_attempts_are_logged(desk, alice) -> None:
    desk.run("resolve", "1", "confirmed", "--by", "bob")
    page = decide(alice, 1, "dismissed", "open", note="looks fine").get_data(as_text=True)
    assert 'data-outcome="conflict"' in page
    assert "changed to confirmed by bob" in page and "Your attempt is in the log" in page
    first, second = log_of(desk)
    assert (first["by"], first["field"], first["new_value"]) == ("bob", "status", "confirmed")
    assert (second["by"], second["field"]) == ("alice", "conflict")
    assert (second["old_value"], second["new_value"]) == ("confirmed", "dismissed")
    assert second["note"].startswith("looks fine [refused: saw open")
    assert "confirmed" in desk.run("show", "contradiction", "1").splitlines()[0]


def test_claims_are_verified_and_notes_kept(desk: Desk, alice: FlaskClient) -> None:
    token = csrf_of(alice, "/claim/1")
    alice.post(
        "/claim/1/status", data={"csrf_token": token, "status": "verified", "seen": "unreviewed"}
    )
    alice.post("/claim/1/note", data={"csrf_token": token, "note": "<b>sourced</b>"})
    entries = log_of(desk)
    assert [(e["field"], e["new_value"]) for e in entries] == [
        ("status", "verified"),
        ("note", None),
    ]
    page = alice.get("/claim/1").get_data(as_text=True)
    assert "&lt;b&gt;sourced&lt;/b&gt;" in page and "verified" in page


def test_search_topics_sources_and_log_pages(desk: Desk, alice: FlaskClient) -> None:
    found = alice.get("/search?q=30 people").get_data(as_text=True)
    assert "2 claims contain" in found
    assert alice.get("/search?q=100%25").status_code == 200  # LIKE wildcards taken literally
    assert "0 claims contain" in alice.get("/search?q=%25").get_data(as_text=True)
    assert alice.get("/topics").status_code == 200 and alice.get("/sources").status_code == 200
    assert alice.get("/topic/1").status_code == 200 and alice.get("/log").status_code == 200
    assert alice.get("/pair/999").status_code == 404 and alice.get("/claim/999").status_code == 404


@pytest.mark.parametrize("status", ["bogus", ""])
def test_an_unknown_status_is_refused(alice: FlaskClient, status: str) -> None:
    response = decide(alice, 1, status, "open")
    assert response.status_code == 400
