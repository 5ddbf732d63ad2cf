"""What every request meets (issue 26, items 8 and 11, and the access log): POSTs naming
another Origin are refused; the cookie is Secure over HTTPS, directly or through a proxy
declared with ``--proxy``; ``--allow-remote`` without one warns; each request is one line
of the access log in the Common Log Format."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from typer.testing import CliRunner

from cli.main import app as cli_app
from tests.web.conftest import CSRF, Desk

ACCESS = "claims.web.access"


def csrf_of(client: FlaskClient, path: str, **kwargs) -> str:
    """The CSRF token of a page fetched with ``kwargs`` (headers, base_url)."""
    found = CSRF.search(client.get(path, **kwargs).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def _note(client: FlaskClient, origin: str | None, headers: dict | None = None):
    data = {"csrf_token": csrf_of(client, "/pair/1", headers=headers), "note": "from afar"}
    sent = {**(headers or {}), **({"Origin": origin} if origin is not None else {})}
    return client.post("/pair/1/note", data=data, headers=sent)


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "null", "http://localhost.evil.example", "https://localhost",
     "http://localhost:8080", "http://user@evil.example", "http://[bad", "javascript:x"],
)  # fmt: skip
def test_a_post_from_another_origin_is_refused(desk: Desk, alice: FlaskClient, origin) -> None:
    response = _note(alice, origin)
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "another site" in response.get_data(as_text=True)
    assert "from afar" not in desk.run("log")


def test_a_post_from_this_origin_or_none_goes_through(desk: Desk, alice: FlaskClient) -> None:
    for origin in ("http://localhost", "HTTP://LOCALHOST:80", None):
        assert _note(alice, origin).status_code == 303, origin


def test_a_sign_in_from_another_origin_is_refused(desk: Desk, client: FlaskClient) -> None:
    data = {"csrf_token": csrf_of(client, "/signin"), "name": "alice",
            "token": desk.tokens["alice"]}  # fmt: skip
    response = client.post("/signin", data=data, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def _cookie_of_sign_in(client: FlaskClient, desk: Desk, **kwargs) -> str:
    data = {"csrf_token": csrf_of(client, "/signin", **kwargs), "name": "alice",
            "token": desk.tokens["alice"]}  # fmt: skip
    response = client.post("/signin", data=data, **kwargs)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Set-Cookie"]


def test_the_cookie_is_secure_over_https(desk: Desk, client: FlaskClient) -> None:
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/signin"}}
    assert "Secure" in _cookie_of_sign_in(client, desk, **https)


def test_the_cookie_is_not_secure_over_plain_http(desk: Desk, client: FlaskClient) -> None:
    forged = {"headers": {"X-Forwarded-Proto": "https"}}  # no --proxy: not believed
    assert "Secure" not in _cookie_of_sign_in(client, desk, **forged)


@pytest.fixture
def proxied(desk: Desk) -> Iterator[Flask]:
    from claims.web.app import create_app
    from store.db import open_store

    engine = open_store(desk.db)
    yield create_app(engine, secret_key=b"p" * 32, proxy=True)
    engine.dispose()


def test_behind_a_declared_proxy_the_cookie_is_secure(desk: Desk, proxied: Flask) -> None:
    client = proxied.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "desk.example",
                 "X-Forwarded-For": "203.0.113.5", "Referer": "https://desk.example/signin",
                 "Origin": "https://desk.example"}  # fmt: skip
    cookie = _cookie_of_sign_in(client, desk, headers=forwarded)
    assert "Secure" in cookie
    page = client.get("/queue", headers=forwarded)
    assert page.status_code == 200 and "max-age" in page.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in proxied.test_client().get("/signin").headers
    assert _note(client, "https://desk.example", headers=forwarded).status_code == 303
    assert _note(client, "http://evil.example", headers=forwarded).status_code == 403


def test_allow_remote_without_a_proxy_warns(desk: Desk, monkeypatch) -> None:  # noqa: ANN001
    from claims.web.server import remote_warning

    assert remote_warning("0.0.0.0", allow_remote=True, proxy=True) is None
    assert remote_warning("127.0.0.1", allow_remote=False, proxy=False) is None
    started: list[str] = []
    monkeypatch.setattr(
        "claims.web.server.serve", lambda app, host, port, ready: started.append(host)
    )
    args = ["serve", "--host", "0.0.0.0", "--allow-remote", "--db", desk.db]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert "warning: serving plain HTTP on 0.0.0.0" in result.output and started == ["0.0.0.0"]
    quiet = CliRunner().invoke(cli_app, [*args, "--proxy"])
    assert quiet.exit_code == 0 and "warning" not in quiet.output


def test_each_request_is_one_line_of_the_access_log(
    desk: Desk, alice: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    alice.get("/queue?status=all", buffered=True)
    alice.get('/pair/1"\n127.0.0.1 - admin [x] "GET / HTTP/1.1" 200 1', buffered=True)
    alice.get("/pair/99999999999999999999", buffered=True)
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS]
    assert len(lines) == 3 and all("\n" not in line for line in lines)
    assert lines[0].startswith("127.0.0.1 - alice [")
    assert '"GET /queue?status=all HTTP/1.1" 200 ' in lines[0]
    assert lines[1].count('"') == 2 and "\\x22" in lines[1] and " 404 " in lines[1]
    assert lines[2].endswith(tuple(f" 404 {n}" for n in range(1, 10**5)))
