"""Sign-in under attack (issue 26, item 7): 5 refused attempts a minute per client address
and per name, then 429 with Retry-After; a bound on concurrent argon2 checks (beyond it,
503 at once); every refused sign-in in the access log."""

from __future__ import annotations

import logging
import re
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Desk, csrf_of

ACCESS = "claims.web.access"


def _attempt(client: FlaskClient, name: str, token: str, addr: str = "127.0.0.1"):
    csrf = csrf_of(client, "/signin")
    return client.post(
        "/signin",
        data={"csrf_token": csrf, "name": name, "token": token},
        environ_base={"REMOTE_ADDR": addr},
        buffered=True,  # a WSGI server closes each response; the log line is written then
    )


def test_an_address_gets_five_refusals_a_minute_then_429(desk: Desk, client) -> None:
    for i in range(5):
        assert _attempt(client, f"guess{i}", "wrong").status_code == 401
    refused = _attempt(client, "alice", desk.tokens["alice"])  # even the right token now
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many" in refused.get_data(as_text=True)
    other = _attempt(client, "alice", desk.tokens["alice"], addr="10.0.0.9")
    assert other.status_code == 303  # another address is not held up


def test_a_name_gets_five_refusals_a_minute_then_429(desk: Desk, client) -> None:
    for i in range(5):
        assert _attempt(client, "alice", "wrong", addr=f"10.0.1.{i}").status_code == 401
    refused = _attempt(client, " ALICE ", desk.tokens["alice"], addr="10.0.2.1")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert _attempt(client, "vera", desk.tokens["vera"], addr="10.0.2.2").status_code == 303


def test_a_right_token_does_not_count(desk: Desk, client) -> None:
    for _ in range(4):
        assert _attempt(client, "nobody", "wrong").status_code == 401
    assert _attempt(client, "alice", desk.tokens["alice"]).status_code == 303
    assert _attempt(client, "nobody", "wrong").status_code == 401  # the fifth refusal
    assert _attempt(client, "nobody", "wrong").status_code == 429


def test_a_flood_beyond_the_gate_is_refused_at_once(web_app: Flask, client, desk: Desk) -> None:
    from claims.web.auth import GATE
    from claims.web.gate import Gate

    web_app.extensions[GATE] = Gate(at_once=0, waiting=0)
    busy = _attempt(client, "alice", desk.tokens["alice"])
    assert busy.status_code == 503 and busy.headers["Retry-After"].isdigit()
    assert "busy" in busy.get_data(as_text=True)


def test_the_gate_lets_some_run_some_wait_and_refuses_the_rest() -> None:
    from claims.web.gate import Gate

    gate = Gate(at_once=1, waiting=1, patience=0.2)
    holding, release, outcomes = threading.Event(), threading.Event(), []

    def first() -> None:
        with gate.turn() as ok:
            outcomes.append(("first", ok))
            holding.set()
            release.wait(5)

    worker = threading.Thread(target=first)
    worker.start()
    holding.wait(5)
    waiter = threading.Thread(target=lambda: outcomes.append(("waited", _turn(gate))))
    waiter.start()
    while gate._admitted._value:  # noqa: SLF001 - until the waiter holds its place in line
        threading.Event().wait(0.01)
    outcomes.append(("third", _turn(gate)))  # no room even to wait: refused at once
    waiter.join(5)
    release.set()
    worker.join(5)
    assert dict(outcomes) == {"first": True, "third": False, "waited": False}
    assert _turn(gate) is True  # all turns were given back


def _turn(gate) -> bool:  # noqa: ANN001 - a claims.web.gate.Gate
    with gate.turn() as ok:
        return ok


def test_every_refused_sign_in_is_in_the_access_log(
    desk: Desk, web_app: Flask, client, caplog: pytest.LogCaptureFixture
) -> None:
    from claims.web.auth import GATE
    from claims.web.gate import Gate

    caplog.set_level(logging.INFO, logger=ACCESS)
    for _ in range(6):
        _attempt(client, "alice", "wrong", addr="192.0.2.7")
    client.post("/signin", data={"name": "alice", "token": "x"}, buffered=True)  # no CSRF
    web_app.extensions[GATE] = Gate(at_once=0, waiting=0)
    _attempt(client, "vera", "wrong", addr="192.0.2.8")
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS]
    posts = [line for line in lines if '"POST /signin HTTP/1.1"' in line]
    statuses = [int(line.split('" ')[1].split()[0]) for line in posts]
    assert statuses == [401] * 5 + [429, 400, 503], posts
    clf = re.compile(r'^192\.0\.2\.7 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] '
                     r'"POST /signin HTTP/1\.1" 401 \d+$')  # fmt: skip
    assert clf.match(posts[0]), posts[0]
