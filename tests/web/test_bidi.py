"""Text direction on every desk page (issue 26, item 10): an outlet, a title and claims
carrying U+202E (RIGHT-TO-LEFT OVERRIDE) and U+2066–2069 (the isolates) must not reorder
what the page prints after them. Each such text sits in an isolating element (``<bdi>`` or
one with ``dir``), or between FSI and PDI where no markup is allowed (``<title>``,
``<option>``), and is balanced there, truncated or not."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from claims.web.app import create_app
from store.db import open_store
from tests.conftest import FIXTURES
from tests.web.conftest import _token, csrf_of, ingested, sign_in

RLO, PDF, LRI, RLI = "\u202e", "\u202c", "\u2066", "\u2067"
FSI, PDI = "\u2068", "\u2069"
OPENERS = {"\u202a", "\u202b", "\u202d", RLO, LRI, RLI, FSI}
CONTROLS = OPENERS | {PDF, PDI}
OUTLET = f"Border {RLO}Watch"  # left open: "Border Watch · 2025-08-23" read backwards
LONG = (
    "Officials said there is no security agreement between Iraq and Iran and "
    f"{RLO}the memorandum signed in Baghdad covers border patrols, intelligence sharing "
    f"and training{PDF}, and the officials added that talks would go on for many weeks."
)
ARTICLES = [
    {"id": "b1", "title": f"Pact {LRI}denied{PDI} {FSI}twice", "outlet": OUTLET,
     "published": "2025-08-23", "url": f"https://example.org/{RLO}gpj.exe",
     "text": f"There is a security agreement between Iraq and Iran, {RLI}said{PDI} officials. "
             f"{LONG} The storm killed 30 people {RLO}last week{PDI}."},
    {"id": "b2", "title": "Plain", "outlet": f"{LRI}Gulf{PDI} {FSI}Daily",
     "published": "2025-08-24", "text": "There is no security agreement between Iraq and Iran."},
]  # fmt: skip
ISOLATING = {"bdi"}
VOID = {"meta", "link", "input", "br", "img", "hr"}


def _balanced(text: str) -> bool:
    """Whether every opener of ``text`` is closed and every closer closes one (UAX #9)."""
    stack: list[str] = []
    for ch in text:
        if ch in OPENERS:
            stack.append(ch)
        elif ch == PDF:
            if not stack or stack[-1] in (LRI, RLI, FSI):
                return False
            stack.pop()
        elif ch == PDI:
            if not any(c in (LRI, RLI, FSI) for c in stack):
                return False
            while stack.pop() not in (LRI, RLI, FSI):
                pass
    return not stack


class Checker(HTMLParser):
    """Finds text with direction controls outside an isolating element, or unbalanced
    within one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, list[str]]] = []
        self.problems: list[str] = []
        self.controls = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            isolates = tag in ISOLATING or any(k == "dir" for k, _ in attrs)
            self.stack.append((tag, isolates, []))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, isolates, text = self.stack.pop()
            if isolates and not _balanced("".join(text)):
                self.problems.append(f"unbalanced in <{name}>: {''.join(text)!r}")
            if self.stack:
                self.stack[-1][2].extend(text)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1][2].append(data)
        if not any(ch in CONTROLS for ch in data):
            return
        self.controls += 1
        if any(isolates for _, isolates, _ in self.stack):
            return
        if not _self_isolated(data):
            where = self.stack[-1][0] if self.stack else "?"
            self.problems.append(f"not isolated in <{where}>: {data!r}")


def _self_isolated(text: str) -> bool:
    """Whether every control of ``text`` lies in a balanced run FSI … PDI of its own."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if depth == 0 and ch in CONTROLS and ch != FSI:
            return False
        if ch in (FSI, LRI, RLI):
            start = i if depth == 0 else start
            depth += 1
        elif ch == PDI:
            depth -= 1
            if depth == 0 and not _balanced(text[start : i + 1]):
                return False
    return depth == 0


@pytest.fixture(scope="module")
def bidi_desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("bidi")
    batch = folder / "batch" / "bidi.jsonl"
    batch.parent.mkdir()
    batch.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    db = folder / "bidi.db"
    run = ingested(db, FIXTURES / "batches" / "basic", batch.parent)
    return str(db), _token(run("reviewers", "add", "ann"))


@pytest.fixture
def reviewer(bidi_desk: tuple[str, str]) -> FlaskClient:
    db, token = bidi_desk
    engine = open_store(db)
    client = create_app(engine, secret_key=b"b" * 32).test_client()
    sign_in(client, "ann", token)
    yield client
    engine.dispose()


def _check(client: FlaskClient, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, path
    checker = Checker()
    checker.feed(response.get_data(as_text=True))
    checker.close()
    assert not checker.problems, f"{path}: {checker.problems}"
    return checker.controls


def _ids(client: FlaskClient, page: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, client.get(page).get_data(as_text=True))), key=int)


def test_every_desk_page_isolates_direction_controls(reviewer: FlaskClient) -> None:
    note = f"checked {RLO}with the desk"
    token = csrf_of(reviewer, "/queue")
    reviewer.post("/pair/1/note", data={"csrf_token": token, "note": note, "next": "/log"})
    pages = ["/queue?status=all", "/sources", "/topics", "/log",
             f"/queue?status=all&outlet={OUTLET}", "/search?q=agreement",
             f"/search?q={RLO}", f"/pair/1?outlet={RLO}x"]  # fmt: skip
    pages += [f"/pair/{i}" for i in _ids(reviewer, "/queue?status=all", r"/pair/(\d+)")]
    pages += [f"/claim/{i}" for i in _ids(reviewer, "/search?q=a", r"/claim/(\d+)")]
    pages += [f"/source/{i}" for i in _ids(reviewer, "/sources", r"/source/(\d+)")]
    pages += [f"/topic/{i}" for i in _ids(reviewer, "/topics", r"/topic/(\d+)")]
    found = {path: _check(reviewer, path) for path in pages}
    for path in ("/queue?status=all", "/sources", "/log", "/search?q=agreement"):
        assert found[path], f"{path} shows none of the controls: the test checked nothing"
    assert sum(1 for p, n in found.items() if p.startswith("/pair/") and n) >= 1


def test_the_outlet_menu_and_the_title_are_isolated(reviewer: FlaskClient) -> None:
    page = reviewer.get("/queue?status=all").get_data(as_text=True)
    assert f">{FSI}Border {RLO}Watch{PDF}{PDI}</option>" in page
    assert f'<option value="{OUTLET}"' in page  # the filter's value itself is unchanged
    source = _ids(reviewer, "/sources", r"/source/(\d+)")
    titles = [reviewer.get(f"/source/{i}").get_data(as_text=True) for i in source]
    assert any(f"<title>{FSI}Pact {LRI}denied{PDI} {FSI}twice{PDI}{PDI}" in t for t in titles)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("plain", "plain"), (f"a{RLO}b", f"a{RLO}b{PDF}"), (f"a{PDF}b", "ab"),
     (f"{LRI}a{RLO}b{PDI}c", f"{LRI}a{RLO}b{PDF}{PDI}c"),
     (f"{RLO}{LRI}x{PDF}", f"{RLO}{LRI}x{PDI}{PDF}"),
     (f"x{PDI}{FSI}", f"x{FSI}{PDI}")],
)  # fmt: skip
def test_balanced_closes_what_is_open_and_drops_what_closes_nothing(text, expected) -> None:
    from claims.web.bidi import balanced

    assert balanced(text) == expected and _balanced(expected)


def test_a_cut_never_leaves_a_control_open() -> None:
    from claims.web.render import gist

    for limit in range(10, len(LONG) + 2, 7):
        cut = gist(LONG, limit)
        assert _balanced(cut) and len(cut) <= limit + 2
