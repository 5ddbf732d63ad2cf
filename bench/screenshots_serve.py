"""Screenshots of the review desk (``claims serve``): the queue and a pair page, on a
desktop (1280 px wide) and on a phone (390 px wide).

Serves a copy of a store (``--db``; by default the seeds ingested with the default stages,
about a minute on 2 cores) on a free loopback port, signs in through the form in headless
Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright, nothing downloaded), and
writes ``serve-queue.png``, ``serve-pair.png`` (1280 px) and ``serve-queue-390.png``,
``serve-pair-390.png``, ``serve-pair-decide-390.png`` (390 px; the last scrolled to the
decisions) to ``--out`` (bench/out/), printing each page's width as laid out
(``scrollWidth``: wider than the window means sideways scrolling). The copy gets a reviewer
and a little history (a note, a verified claim, a dismissed pair, a pair in progress), so
the pages show what a desk's day leaves behind; the store named by ``--db`` is never
written.

    python bench/screenshots_serve.py [--db claims.db] [--out bench/out]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"": {"width": 1280, "height": 900}, "-390": {"width": 390, "height": 844}}


def seeds_store(db: Path) -> None:
    """Ingest seeds/ into ``db`` with the default (real) stages, as ``make run`` does."""
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, ["ingest", str(ROOT / "seeds"), "--db", str(db)])
    if result.exit_code != 0:
        raise SystemExit(result.output)


def prepare(db: Path) -> tuple[str, str, int]:
    """Add a reviewer and some history to ``db``; (name, token, the pair to show)."""
    from claims.web import accounts, review_state, verdicts
    from store import desk
    from store.db import open_store

    engine = open_store(db)
    try:
        with desk.transaction(engine) as s:
            made = accounts.add(s, "screenshots")
            rows, _ = desk.queue_page(s, desk.QueueFilter(statuses=("open",)), 0, 3)
            if not rows:
                raise SystemExit(f"{db} holds no open pair to show")
            top = rows[0]
            verdicts.add_note(s, "contradiction", top.id, "Asked both press offices for the "
                              "signed text; waiting on the ministry.", by="maria")  # fmt: skip
            verdicts.decide(s, "claim", top.claim_a.id, "verified", top.claim_a.status,
                            by="maria", note="Quote matches the broadcast transcript.")  # fmt: skip
            if len(rows) > 2:
                verdicts.decide(s, "contradiction", rows[2].id, "dismissed", "open",
                                by="omar", note="Different agreements.")  # fmt: skip
            if len(rows) > 1:
                review_state.take(s, rows[1].id, by="omar")
    finally:
        engine.dispose()
    return made.reviewer.name, made.token, top.id


def capture(
    base: str, name: str, token: str, pair_id: int, out: Path, browser: Any = None
) -> list[Path]:
    """Sign in at ``base`` and screenshot the queue and pair ``pair_id`` into ``out``
    (with ``browser``, a Playwright browser already launched; else Chromium is started)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                return capture(base, name, token, pair_id, out, chromium)
            finally:
                chromium.close()
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    for suffix, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.goto(f"{base}/signin")
            page.fill("#name", name)
            page.fill("#token", token)
            page.click("#signin")
            views = [("queue", "/queue?status=all", None), ("pair", f"/pair/{pair_id}", None)]
            if suffix:  # on a phone, also the pair's decisions, a screen further down
                views.append(("pair-decide", f"/pair/{pair_id}", "#decide"))
            for what, address, at in views:
                page.goto(f"{base}{address}")
                if what == "queue" and not suffix:
                    page.keyboard.press("j")  # a reviewer mid-walk: the second row selected
                if at:
                    page.locator(at).scroll_into_view_if_needed()
                shot = out / f"serve-{what}{suffix}.png"
                page.screenshot(path=str(shot))
                laid_out = page.evaluate("document.documentElement.scrollWidth")
                print(f"{shot.name}: {viewport['width']} px window, page {laid_out} px wide")
                shots.append(shot)
        finally:
            context.close()
    return shots


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to show (a copy is used)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args()
    from claims.web.app import create_app
    from claims.web.server import make_server, url_of
    from store.db import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "desk.db"
        if args.db:
            shutil.copyfile(args.db, db)
        else:
            seeds_store(db)
        name, token, pair_id = prepare(db)
        engine = open_store(db)
        server = make_server(create_app(engine), "127.0.0.1", 0)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            shots = capture(url_of(server).rstrip("/"), name, token, pair_id, args.out)
        finally:
            server.close()
            thread.join(10)
            engine.dispose()
    for shot in shots:
        print(f"wrote {shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}")


if __name__ == "__main__":
    main()
