"""Fixtures of the desk's tests: a store of the fixture batches (test stages), reviewers
with tokens, the Flask app, its test client, and the real server on a free loopback port.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from typer.testing import CliRunner

from claims.detect.cues import CueScorer
from claims.pipeline import Stages
from claims.sources.readers import FileReader
from cli.common import Runtime
from cli.main import app as cli_app
from tests.conftest import FIXTURES
from tests.doubles import HashingEmbedder, OneStoryProfiler, SplitExtractor

BATCHES = ("basic", "more", "review")  # review/ holds <script> and onerror payloads
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives headless Chromium (/usr/bin/chromium); runs in CI too"
    )


@dataclass(frozen=True)
class Desk:
    """A store ready for the desk: its path, and a way to run ``claims`` on it."""

    db: str
    run: Callable[..., str]
    tokens: dict[str, str]  # alice (reviewer) and vera (read-only), added with the store

    def add_reviewer(self, name: str, *, read_only: bool = False) -> str:
        """Add a reviewer through the CLI; their token (the one line it prints alone)."""
        return _token(self.run("reviewers", "add", name, *(["--read-only"] if read_only else [])))


def _runner(db: str, runtime: Runtime | None = None) -> Callable[..., str]:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli_app, [*args, "--db", db], obj=runtime)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def _token(output: str) -> str:
    return output.splitlines()[1].strip()


def ingested(db: Path, *batches: Path) -> Callable[..., str]:
    """``batches`` ingested into ``db`` with the test stages; ``claims`` on that store."""
    stages = Stages(  # the same test stages as tests/conftest.py's ``stages`` fixture
        reader=FileReader(now=date(2025, 8, 25)),
        extractor=SplitExtractor(),
        embedder=HashingEmbedder(),
        stories=OneStoryProfiler(),
        scorer=CueScorer(),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")  # the hashing double is not semantic
        run = _runner(str(db), Runtime(stages=lambda settings: stages))
        run("ingest", *(str(b) for b in batches))
    return run


@pytest.fixture(scope="session")
def desk_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The fixture batches ingested once with the test stages, and two reviewers (argon2
    is slow on purpose); each test gets a copy of the file."""
    db = tmp_path_factory.mktemp("desk") / "template.db"
    run = ingested(db, *(FIXTURES / "batches" / b for b in BATCHES))
    tokens = {
        "alice": _token(run("reviewers", "add", "alice")),
        "vera": _token(run("reviewers", "add", "vera", "--read-only")),
    }
    return db, tokens


@pytest.fixture
def desk(desk_template: tuple[Path, dict[str, str]], tmp_path: Path) -> Desk:
    """A fresh copy of the template store for one test."""
    template, tokens = desk_template
    db = tmp_path / "desk.db"
    shutil.copyfile(template, db)
    db.chmod(0o600)  # private, as claims creates a store: no warning in the output parsed
    return Desk(str(db), _runner(str(db)), dict(tokens))


@pytest.fixture
def web_app(desk: Desk) -> Iterator[Flask]:
    from claims.web.app import create_app
    from store.db import open_store

    engine = open_store(desk.db)
    yield create_app(engine, secret_key=b"test-secret-key-of-32-bytes-long")
    engine.dispose()


@pytest.fixture
def client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()


def csrf_of(client: FlaskClient, path: str) -> str:
    """The CSRF token a page's forms carry."""
    found = CSRF.search(client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, name: str, token: str) -> None:
    response = client.post(
        "/signin", data={"csrf_token": csrf_of(client, "/signin"), "name": name, "token": token}
    )
    assert response.status_code == 303, response.get_data(as_text=True)


@pytest.fixture
def alice(desk: Desk, client: FlaskClient) -> FlaskClient:
    """The test client, signed in as the reviewer alice."""
    sign_in(client, "alice", desk.tokens["alice"])
    return client


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The real server (waitress) on a free loopback port, in a thread; yields its URL."""
    from claims.web.server import make_server, url_of

    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield url_of(server).rstrip("/")
    finally:
        server.close()
        thread.join(10)


CHROMIUM = Path("/usr/bin/chromium")  # Debian's; the browser tests skip without it


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium for a module's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def signed_in(browser, url: str, desk: Desk) -> Iterator[Callable]:  # noqa: ANN001
    """Open a page signed in through the form as ``name`` (its fixture token unless given),
    in a window of ``viewport``; a dialog fails the test. The browser contexts close before
    the server stops, so no connection is left open."""
    contexts = []

    def open_page(name: str = "alice", token: str | None = None, viewport: dict = DESKTOP):  # noqa: ANN202 - a Playwright page
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
        page.goto(f"{url}/queue")
        assert "/signin" in page.url
        page.fill("#name", name)
        page.fill("#token", token if token is not None else desk.tokens[name])
        page.click("#signin")
        page.wait_for_url(f"{url}/queue")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def url(web_app: Flask) -> Iterator[str]:
    """The desk served on loopback for the test."""
    with serving(web_app) as base:
        yield base
