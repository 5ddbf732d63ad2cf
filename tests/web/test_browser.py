"""The desk in a real browser: headless Chromium (Debian's, driven by Playwright; nothing is
downloaded) against the real server (waitress) on a loopback port.

A reviewer signs in, walks the queue by keyboard and confirms a pair (checked in the store
and the log); a form posted without its CSRF token is refused; ``<script>`` and
``onerror`` payloads in an article stay inert text; two reviewers deciding one pair at
once leave one state and a conflict message; the screenshot script writes its pictures.
"""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import CHROMIUM, Desk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


def stored_status(desk: Desk, pair_id: int) -> str:
    return desk.run("show", "contradiction", str(pair_id)).splitlines()[0].rsplit(", ", 1)[1]


def test_walk_the_queue_by_keyboard_and_confirm(signed_in, url: str, desk: Desk) -> None:
    page = signed_in("alice")
    order = page.eval_on_selector_all("tr.qrow", "rows => rows.map(r => r.id)")
    assert len(order) == 4 and page.get_attribute("tr.qrow.sel", "id") == order[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.get_attribute("tr.qrow.sel", "id") == order[1]
    page.keyboard.press("Enter")
    second = int(order[1].split("-")[1])
    page.wait_for_url(f"**/pair/{second}?*")
    page.keyboard.press("k")  # back to the first pair of the queue
    first = int(order[0].split("-")[1])
    page.wait_for_url(f"**/pair/{first}?*")
    page.keyboard.press("n")
    page.keyboard.type("checked both transcripts")
    page.keyboard.press("Escape")
    page.keyboard.press("c")
    page.wait_for_selector(".flash[data-outcome=changed]")
    assert f"pair {first} is now confirmed" in page.inner_text(".flash")
    assert stored_status(desk, first) == "confirmed"
    [entry] = json.loads(desk.run("log", "-f", "json"))["entries"]
    assert (entry["by"], entry["entity_id"], entry["new_value"], entry["note"]) == (
        "alice", first, "confirmed", "checked both transcripts"
    )  # fmt: skip
    page.keyboard.press("j")  # on to the next open pair
    page.wait_for_url(f"**/pair/{second}?*")


def test_a_post_without_the_csrf_token_is_refused(signed_in, url: str, desk: Desk) -> None:
    page = signed_in("alice")
    page.goto(f"{url}/pair/1")
    page.eval_on_selector("#decide input[name=csrf_token]", "input => input.remove()")
    with page.expect_navigation():
        page.click("#confirm")
    assert "Form refused" in page.inner_text("h1")
    assert stored_status(desk, 1) == "open"
    assert json.loads(desk.run("log", "-f", "json"))["entries"] == []


def test_an_injected_script_stays_text(signed_in, url: str, desk: Desk) -> None:
    page = signed_in("alice")
    page.goto(f"{url}/sources")
    page.click("text=Pact <script>")  # the injected article, by its title shown as text
    pages = [page.url, f"{url}/pair/4", f"{url}/pair/3", f"{url}/queue", f"{url}/search?q=pwned"]
    for address in pages:
        page.goto(address)
        assert page.title() != "pwned", address
        scripts = page.eval_on_selector_all("script", "ss => ss.map(s => s.src || s.text)")
        assert scripts == [f"{url}/static/desk.js"], address
        assert page.locator("img").count() == 0, address
        assert page.locator("a[href^=javascript]").count() == 0, address
    page.goto(f"{url}/pair/4")
    assert "<script>document['title']='pwned'</script>" in page.inner_text("#pair")


def test_two_reviewers_at_once_one_sees_the_conflict(signed_in, url: str, desk: Desk) -> None:
    alice = signed_in("alice")
    bob = signed_in("bob", desk.add_reviewer("bob"))
    for page in (alice, bob):
        page.goto(f"{url}/pair/2")
    alice.keyboard.press("c")
    alice.wait_for_selector(".flash[data-outcome=changed]")
    bob.keyboard.press("d")
    bob.wait_for_selector(".flash[data-outcome=conflict]")
    assert "changed to confirmed by alice" in bob.inner_text(".flash")
    assert stored_status(desk, 2) == "confirmed"
    log = json.loads(desk.run("log", "-f", "json", "--contradiction", "2"))["entries"]
    assert [(e["by"], e["field"], e["new_value"]) for e in log] == [
        ("alice", "status", "confirmed"), ("bob", "conflict", "dismissed")
    ]  # fmt: skip


def test_the_screenshot_script_writes_its_pictures_at_1280_and_390_px(
    browser, url: str, desk: Desk, tmp_path
) -> None:  # noqa: ANN001
    from bench.screenshots_serve import capture

    shots = capture(url, "alice", desk.tokens["alice"], 1, tmp_path, browser=browser)
    assert [s.name for s in shots] == [
        "serve-queue.png",
        "serve-pair.png",
        "serve-queue-390.png",
        "serve-pair-390.png",
        "serve-pair-decide-390.png",
    ]
    assert all(s.read_bytes().startswith(b"\x89PNG") and s.stat().st_size > 20_000 for s in shots)
