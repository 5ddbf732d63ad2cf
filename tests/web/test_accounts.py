"""Reviewers: tokens printed once and stored argon2-hashed, revocation, read-only viewers,
and ``claims serve`` refusing a non-loopback address without ``--allow-remote``."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from claims.web.server import check_bind, is_loopback
from cli.main import app as cli_app
from tests.web.conftest import Desk


def stored_hashes(db: str) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT name, token_hash FROM reviewers"))


def test_the_token_is_printed_once_and_only_its_hash_is_stored(desk: Desk) -> None:
    output = desk.run("reviewers", "add", "bob")
    token = output.splitlines()[1].strip()
    assert len(token) >= 40 and "shown once" in output
    stored = stored_hashes(desk.db)["bob"]
    assert stored.startswith("$argon2id$") and token not in stored
    listing = desk.run("reviewers", "list")
    assert "bob" in listing and token not in listing


def test_authenticate_revoke_and_reset(desk: Desk) -> None:
    from claims.web import accounts
    from store.db import open_store
    from store.desk import transaction

    engine = open_store(desk.db)
    try:
        with transaction(engine) as s:
            assert accounts.authenticate(s, "alice", desk.tokens["alice"]).name == "alice"
            assert accounts.authenticate(s, "alice", "wrong") is None
            assert accounts.authenticate(s, "nobody", desk.tokens["alice"]) is None
            accounts.revoke(s, "alice")
            assert accounts.authenticate(s, "alice", desk.tokens["alice"]) is None
            fresh = accounts.reset(s, "alice")
            assert accounts.authenticate(s, "alice", fresh.token).active
            assert accounts.authenticate(s, "alice", desk.tokens["alice"]) is None
            assert accounts.authenticate(s, "vera", desk.tokens["vera"]).read_only
    finally:
        engine.dispose()


def test_a_taken_or_bad_name_is_one_line_and_exit_2(desk: Desk) -> None:
    runner = CliRunner()
    for name in ("alice", "<script>"):
        result = runner.invoke(cli_app, ["reviewers", "add", name, "--db", desk.db])
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output


def test_a_revoked_reviewer_is_signed_out_at_once(desk: Desk, alice) -> None:  # noqa: ANN001
    assert alice.get("/queue").status_code == 200
    desk.run("reviewers", "revoke", "alice")
    assert alice.get("/queue").status_code == 302


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.2", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
     ("example.org", False)],
)  # fmt: skip
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_remote_address_without_allow_remote(desk: Desk) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--db", desk.db])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: --host 0.0.0.0 is not a loopback address")
    assert result.output.count("\n") == 1
    check_bind("0.0.0.0", 8765, allow_remote=True)  # allowed when meant


def test_serve_refuses_a_missing_store(tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store at" in result.output
