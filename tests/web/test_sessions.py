"""Sessions that end on the server (issue 26, item 6): the cookie holds only a random id;
sign-out, revoke, reset, ``claims reviewers signout``, idle and absolute expiry end the
session, so a cookie copied before any of them reads nothing and changes nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, text

from claims.web import accounts
from store.desk import transaction
from tests.web.conftest import Desk, csrf_of, sign_in

SID = re.compile(r"claims_desk=([A-Za-z0-9_-]{43});")
COOKIE = re.compile(r"claims_desk=([^;]+);")


def _cookie(response) -> str:
    """The value of the desk's cookie that ``response`` sets."""
    found = COOKIE.search(response.headers.get("Set-Cookie", ""))
    assert found, response.headers.get("Set-Cookie")
    return found.group(1)


def _signed_in(client: FlaskClient, name: str, token: str) -> str:
    response = client.post(
        "/signin", data={"csrf_token": csrf_of(client, "/signin"), "name": name, "token": token}
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return _cookie(response)


def _replay(app: Flask, sid: str) -> FlaskClient:
    """A second browser holding a copy of the cookie ``sid``."""
    thief = app.test_client()
    thief.set_cookie("claims_desk", sid)
    return thief


def _refused(thief: FlaskClient, csrf: str) -> None:
    page = thief.get("/queue")
    assert page.status_code == 302 and page.headers["Location"].startswith("/signin")
    post = thief.post("/pair/1/note", data={"csrf_token": csrf, "note": "replayed"})
    assert post.status_code in (400, 403), post.status_code


@pytest.fixture
def store_app(store_engine: Engine) -> Iterator[tuple[Flask, str]]:
    """The desk on an empty store of either engine, with one reviewer (bob) and his token."""
    from claims.web.app import create_app

    with transaction(store_engine) as s:
        token = accounts.add(s, "bob").token
    yield create_app(store_engine, secret_key=b"k" * 32), token


def test_a_cookie_replayed_after_sign_out_is_refused(
    store_app: tuple[Flask, str], store_engine: Engine
) -> None:
    app, token = store_app
    browser = app.test_client()
    sid = _signed_in(browser, "bob", token)
    thief = _replay(app, sid)
    assert thief.get("/queue").status_code == 200  # a copy works while the session lives
    csrf = csrf_of(thief, "/queue")
    browser.post("/signout", data={"csrf_token": csrf_of(browser, "/queue")})
    _refused(thief, csrf)
    assert SID.fullmatch(f"claims_desk={sid};")  # the cookie held only a random id
    stored = _rows(store_engine, "SELECT key, end_reason FROM desk_sessions")
    assert stored == [(hashlib.sha256(sid.encode()).hexdigest(), "signed out")]


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def _age(engine: Engine, column: str, by: timedelta) -> None:
    """Move every session's ``column`` (seen_at, created_at) ``by`` into the past."""
    from store.models import DeskSession

    with transaction(engine) as s:
        for row in s.scalars(select(DeskSession)):
            setattr(row, column, getattr(row, column) - by)


@pytest.mark.parametrize(("column", "limit"), [("seen_at", "IDLE"), ("created_at", "ABSOLUTE")])
def test_idle_and_old_sessions_end(
    store_app: tuple[Flask, str], store_engine: Engine, column: str, limit: str
) -> None:
    app, token = store_app
    browser = app.test_client()
    _signed_in(browser, "bob", token)
    csrf = csrf_of(browser, "/queue")
    _age(store_engine, column, getattr(accounts, limit) + timedelta(minutes=1))
    _refused(browser, csrf)


def test_a_used_session_stays_open(store_app: tuple[Flask, str], store_engine: Engine) -> None:
    app, token = store_app
    browser = app.test_client()
    _signed_in(browser, "bob", token)
    _age(store_engine, "seen_at", accounts.IDLE - timedelta(minutes=5))
    assert browser.get("/queue").status_code == 200  # and that use is noted
    from store.models import DeskSession

    with transaction(store_engine) as s:
        row = s.scalars(select(DeskSession)).one()
        assert row.seen_at >= row.created_at - timedelta(seconds=1)
    _age(store_engine, "seen_at", accounts.IDLE - timedelta(minutes=5))
    assert browser.get("/queue").status_code == 200


@pytest.mark.parametrize("command", ["revoke", "reset", "signout"])
def test_revoke_reset_and_signout_end_sessions(desk: Desk, web_app: Flask, command: str) -> None:
    browser = web_app.test_client()
    sid = _signed_in(browser, "alice", desk.tokens["alice"])
    csrf = csrf_of(browser, "/queue")
    listed = desk.run("reviewers", "sessions")
    assert listed.startswith("alice") and hashlib.sha256(sid.encode()).hexdigest()[:8] in listed
    out = desk.run("reviewers", command, "alice")
    if command == "signout":
        assert "1 open session ended" in out
    _refused(_replay(web_app, sid), csrf)
    assert desk.run("reviewers", "sessions").strip() == "no open sessions"


def test_the_cookie_carries_only_the_session_id(desk: Desk, client: FlaskClient) -> None:
    anonymous = client.get("/signin").headers["Set-Cookie"]
    assert "claims_desk=" in anonymous  # before sign-in: a signed CSRF token, as Flask's
    response = client.post(
        "/signin",
        data={"csrf_token": csrf_of(client, "/signin"), "name": "alice",
              "token": desk.tokens["alice"]},
    )  # fmt: skip
    cookie = response.headers["Set-Cookie"]
    assert SID.search(cookie) and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/queue").status_code == 200
    assert "Set-Cookie" not in client.get("/queue").headers  # nothing else to write


def test_signing_in_again_ends_the_older_session(desk: Desk, client: FlaskClient) -> None:
    first = _signed_in(client, "alice", desk.tokens["alice"])
    second = _signed_in(client, "alice", desk.tokens["alice"])
    assert first != second
    assert client.get("/queue").status_code == 200
    assert desk.run("reviewers", "sessions").count("alice") == 1


def test_signing_out_is_said_and_shows_the_sign_in_page(desk: Desk, alice: FlaskClient) -> None:
    response = alice.post(
        "/signout", data={"csrf_token": csrf_of(alice, "/queue")}, follow_redirects=True
    )
    assert response.status_code == 200 and "Signed out." in response.get_data(as_text=True)
    sign_in(alice, "alice", desk.tokens["alice"])
    assert alice.get("/queue").status_code == 200
