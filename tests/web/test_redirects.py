"""Where the desk sends a browser after sign-in and after a change: only to a path on this
desk (issue 26, item 5). Tabs and newlines are dropped by the browser or by Werkzeug on
the way out, so "/<TAB>/evil.example" became "//evil.example", another site."""

from __future__ import annotations

from flask.testing import FlaskClient

from claims.web.auth import safe_next
from tests.web.conftest import Desk, csrf_of

HOSTILE = (
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    "/\u3000/evil.example",
    "/\u202e/evil.example",
    "//evil.example",
    "//evil.example/queue",
    "//[evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "%2f%2fevil.example",
    "/%5cevil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "evil.example",
    "",
)
NAMED = ("/\t/evil.example", "/\n/x", "//evil.example", "/\\evil.example", "/%09/evil.example",
         "/%2f%2fevil.example", "javascript:alert(1)")  # fmt: skip
KEPT = ("/pair/2", "/queue?status=all&kind=number", "/search?q=a%20b", "/claim/3#history")


def _sign_in(client: FlaskClient, token: str, target: str):
    form = {"csrf_token": csrf_of(client, "/signin"), "name": "alice", "token": token}
    return client.post("/signin", data={**form, "next": target})


def test_only_paths_on_the_desk_are_kept(web_app) -> None:
    with web_app.test_request_context():
        for target in HOSTILE:
            assert safe_next(target) == "/queue", repr(target)
        for target in KEPT:
            assert safe_next(target) == target


def test_sign_in_never_sends_the_browser_off_the_desk(desk: Desk, client) -> None:
    for target in NAMED:
        response = _sign_in(client, desk.tokens["alice"], target)
        assert response.status_code == 303, response.get_data(as_text=True)
        assert response.headers["Location"] == "/queue", repr(target)
    for target in KEPT[:2]:
        assert _sign_in(client, desk.tokens["alice"], target).headers["Location"] == target


def test_the_sign_in_form_keeps_no_hostile_next(client: FlaskClient) -> None:
    for target in HOSTILE:
        page = client.get("/signin", query_string={"next": target}).get_data(as_text=True)
        assert 'name="next" value="/queue"' in page, repr(target)


def test_a_link_for_strangers_carries_no_hostile_next(desk: Desk, client) -> None:
    """A plain link: the desk sends a stranger to sign in, then to the queue, never away."""
    for path in ("/%09/evil.example", "/%0a/evil.example", "/%5c/evil.example"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/signin", response.headers["Location"]


def test_a_newline_in_next_is_no_server_error(desk: Desk, client) -> None:
    response = client.post(
        "/signin",
        query_string={"next": "/\n/x"},
        data={"csrf_token": csrf_of(client, "/signin"), "name": "alice",
              "token": desk.tokens["alice"]},
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/queue"


def test_an_action_never_sends_the_browser_off_the_desk(alice: FlaskClient) -> None:
    token = csrf_of(alice, "/pair/1")
    for target in HOSTILE:
        response = alice.post(
            "/pair/1/note", data={"csrf_token": token, "note": "checked", "next": target}
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        assert response.headers["Location"] == "/queue", repr(target)
    response = alice.post(
        "/claim/1/status",
        data={"csrf_token": token, "status": "verified", "seen": "unreviewed", "next": "/\t/x"},
    )
    assert response.headers["Location"] == "/queue"


def test_an_action_goes_back_to_the_page_it_came_from(alice: FlaskClient) -> None:
    token = csrf_of(alice, "/pair/1")
    back = "/queue?status=all"
    response = alice.post("/pair/1/note", data={"csrf_token": token, "note": "x", "next": back})
    assert response.headers["Location"] == back
    response = alice.post("/pair/1/note", data={"csrf_token": token, "note": "y"})
    assert response.headers["Location"] == "/pair/1"
