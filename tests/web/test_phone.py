"""The desk on a phone (390 px wide) and its reach, in headless Chromium (Debian's).

Why: at 390 px the queue was 798 px and the pair page 549 px wide, with Confirm/Dismiss,
Log, search and Sign out off-screen and "Keep note only" cut off; Confirm was the red
default though Dismiss is the common decision; an anchor on a source page scrolled the
claim under the sticky header. Each is measured here in the browser, where layout happens.
"""

from __future__ import annotations

import pytest

from tests.web.conftest import CHROMIUM, DESKTOP, Desk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
PHONE = {"width": 390, "height": 844}
PAGES = ("/queue?status=all", "/queue?status=all&sort=story", "/pair/1", "/pair/4",
         "/topics", "/sources", "/source/1", "/log", "/claim/1", "/search?q=the")  # fmt: skip


def within_window(page, selector: str, width: int) -> bool:  # noqa: ANN001
    """The element is shown, whole, inside the window's width (no sideways scrolling)."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def test_every_page_fits_a_390_px_phone(signed_in, url: str) -> None:
    page = signed_in(viewport=PHONE)
    for path in PAGES:
        page.goto(f"{url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide at 390 px"


def test_the_controls_a_reviewer_needs_are_reachable_at_390_px(signed_in, url: str) -> None:
    page = signed_in(viewport=PHONE)
    page.goto(f"{url}/queue?status=all")
    for selector in ("#search", "text=Sign out", ".nav >> text=Log", ".nav >> text=Stories",
                     "#row-1 button.dismiss", "#row-1 button.confirm"):  # fmt: skip
        assert within_window(page, selector, 390), selector
    page.goto(f"{url}/pair/1")
    for selector in ("#dismiss", "#confirm", "#note-only", "#take", "#note", "#next"):
        assert within_window(page, selector, 390), selector
    note_only = page.locator("#note-only")
    assert note_only.evaluate("b => b.scrollWidth <= b.clientWidth")  # its text not cut off
    assert note_only.inner_text().strip() == "Keep note only"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_dismiss_is_as_easy_to_reach_as_confirm(signed_in, url: str, viewport: dict) -> None:
    page = signed_in(viewport=viewport)
    page.goto(f"{url}/pair/1")
    dismiss, confirm = page.locator("#dismiss"), page.locator("#confirm")
    d, c = dismiss.bounding_box(), confirm.bounding_box()
    assert d is not None and c is not None
    assert abs(d["width"] - c["width"]) <= 1 and abs(d["height"] - c["height"]) <= 1
    assert d["y"] <= c["y"] and (d["y"] < c["y"] or d["x"] < c["x"])  # Dismiss comes first
    background = "b => getComputedStyle(b).backgroundColor"
    assert dismiss.evaluate(background) == confirm.evaluate(background) == "rgb(255, 255, 255)"
    page.goto(f"{url}/queue?status=all")
    small = [page.locator(f"#row-1 button.{k}").bounding_box() for k in ("dismiss", "confirm")]
    assert small[0] and small[1] and abs(small[0]["width"] - small[1]["width"]) <= 1


def test_a_claim_anchor_lands_below_the_sticky_header(signed_in, url: str) -> None:
    page = signed_in(viewport=DESKTOP)
    page.goto(f"{url}/source/1")
    ids = page.eval_on_selector_all("a.sent", "links => links.map(a => a.id)")
    claim = ids[len(ids) // 2]
    page.goto(f"{url}/source/1?claim={claim.split('-')[1]}")
    # room below the article, so the browser can bring the claim to the very top
    page.evaluate("document.body.style.paddingBottom = '3000px'")
    page.evaluate(f"location.hash = '#{claim}'")
    page.wait_for_function("scrollY > 0")
    header = page.locator("header.top").bounding_box()
    box = page.locator(f"#{claim}").bounding_box()
    assert header is not None and box is not None
    assert box["y"] >= header["y"] + header["height"], (box, header)


def test_a_read_only_viewer_sees_no_decision_keys(signed_in, url: str) -> None:
    page = signed_in("vera", viewport=DESKTOP)
    for path in ("/queue?status=all", "/pair/1"):
        page.goto(f"{url}{path}")
        shown = page.eval_on_selector_all("#keys kbd", "ks => ks.map(k => k.textContent)")
        assert shown and not {"c", "d", "v / x", "V / X", "n"} & set(shown), (path, shown)
        assert page.locator("kbd", has_text="c").count() == 0
        assert page.locator("#confirm, #dismiss, button.confirm, #take").count() == 0
    page.keyboard.press("c")  # nothing to press: the pair stays open
    assert page.get_attribute("#pair", "data-status") == "open"


def test_taking_a_pair_shows_others_who_is_on_it(signed_in, url: str, desk: Desk) -> None:
    alice = signed_in(viewport=DESKTOP)
    alice.goto(f"{url}/pair/2")
    alice.click("#take")
    alice.wait_for_selector(".flash[data-outcome=changed]")
    assert alice.locator("#release").count() == 1
    vera = signed_in("vera", viewport=PHONE)
    vera.goto(f"{url}/queue?status=all")
    assert vera.inner_text("#row-2 .badge.progress") == "in progress: alice"
    vera.goto(f"{url}/pair/2")
    assert "in progress: alice" in vera.inner_text(".pair-head")


def test_the_losing_reviewer_keeps_their_note(signed_in, url: str, desk: Desk) -> None:
    bob_token = desk.add_reviewer("bob")
    desk.tokens["bob"] = bob_token
    alice, bob = signed_in(viewport=DESKTOP), signed_in("bob", viewport=PHONE)
    for page in (alice, bob):
        page.goto(f"{url}/pair/3")
    alice.click("#confirm")
    alice.wait_for_selector(".flash[data-outcome=changed]")
    bob.fill("#note", "Both quote the same ministry statement.")
    bob.click("#dismiss")
    bob.wait_for_selector(".flash[data-outcome=conflict]")
    assert bob.input_value("#note") == "Both quote the same ministry statement."
