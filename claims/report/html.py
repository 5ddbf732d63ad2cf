"""The report as one self-contained HTML page a reviewer can open anywhere.

Both claims of a pair side by side, the conflicting spans marked, each with its speaker,
outlet, date and link, then the pair's review history. No scripts and no external
assets: styles are inline, and a Content-Security-Policy forbids scripts outright. All
article text is escaped (``html.escape``), since sources are untrusted input; every text
from a source or a reviewer sits in ``<bdi>`` (or an element with ``dir="auto"``) with its
bidi controls dropped, so a right-to-left override in an outlet or a claim cannot reverse
what follows it.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from claims.report.escape import plain
from claims.report.serialise import source_date, web_url
from claims.report.stories import by_story, story_heading, story_of
from claims.report.why import reasons

CSS = """
:root{--ink:#1d2430;--muted:#5d6878;--line:#dde2ea;--bg:#f4f6f9;--card:#fff;
--a:#2f6fde;--b:#b4489a;--mark:#ffe08a}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:1280px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:24px;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 20px}
.sub span+span:before{content:"·";margin:0 8px;color:#aab2bf}
table{border-collapse:collapse;width:100%}
.index{background:var(--card);border:1px solid var(--line);border-radius:10px;margin-bottom:28px}
.index th,.index td{padding:7px 12px;text-align:left;border-bottom:1px solid var(--line);
vertical-align:top;font-size:13.5px}
.index th{color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;
letter-spacing:.04em}
.index tr:last-child td{border-bottom:0}
.index .n{width:1%;white-space:nowrap}
.index a{color:var(--ink);text-decoration:none}
.index a:hover{text-decoration:underline}
.gist{color:var(--muted)}
.pair{background:var(--card);border:1px solid var(--line);border-radius:12px;
margin:0 0 26px;box-shadow:0 1px 2px rgba(20,30,50,.05);overflow:hidden}
.pair-head{display:flex;flex-wrap:wrap;align-items:center;gap:10px;padding:14px 20px;
border-bottom:1px solid var(--line);background:#fafbfd}
.pid{font-weight:700;font-size:17px}
.topic{color:var(--muted);font-size:13.5px}
.score{margin-left:auto;display:flex;align-items:center;gap:8px;font-variant-numeric:tabular-nums;
font-weight:600}
.bar{width:90px;height:8px;border-radius:4px;background:#e6e9ef;overflow:hidden}
.bar i{display:block;height:100%;background:linear-gradient(90deg,#f0a23b,#d8453b)}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;
border:1px solid transparent;text-transform:lowercase}
.kind{background:#eef1f6;color:#3b4656}
.st-open{background:#fff4e0;color:#94600a;border-color:#f3d9a6}
.st-confirmed,.st-disputed{background:#fde8e8;color:#a12b2b;border-color:#f2bcbc}
.st-dismissed{background:#eceef1;color:#5d6878;border-color:#d6dae1}
.st-verified{background:#e3f5e8;color:#1f7a3c;border-color:#b5e0c2}
.st-unreviewed{background:#f1f3f6;color:#6b7585;border-color:#dde2ea}
.why{margin:0;padding:12px 20px 0;font-size:14px}
.detail{margin:0;padding:2px 20px 0;color:var(--muted);font-size:12.5px}
h2.story{font-size:18px;margin:30px 0 12px}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:18px;padding:16px 20px 18px}
.claim{border:1px solid var(--line);border-top:4px solid var(--a);border-radius:8px;
padding:12px 16px;display:flex;flex-direction:column}
.claim.b{border-top-color:var(--b)}
.claim-head{display:flex;justify-content:space-between;align-items:center;font-size:12.5px;
color:var(--muted);margin-bottom:6px}
.side{font-weight:700;color:var(--a);letter-spacing:.05em}
.claim.b .side{color:var(--b)}
blockquote{margin:0 0 12px;font-size:16.5px;line-height:1.55;flex:1}
mark{background:var(--mark);padding:1px 2px;border-radius:3px;box-shadow:0 0 0 1px #f1cf63}
dl{display:grid;grid-template-columns:82px 1fr;gap:3px 10px;margin:0;font-size:13.5px}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
a{color:#2458b8}
.history{border-top:1px solid var(--line);padding:10px 20px 14px;font-size:13.5px}
.history summary{cursor:pointer;color:var(--muted);font-weight:600}
.history table{width:auto;margin-top:6px}
.history td{padding:5px 22px 5px 0;border-bottom:1px solid #eef0f4;vertical-align:top}
.history tr:last-child td{border-bottom:0}
.none{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12.5px;text-align:center;margin-top:30px}
@media (max-width:820px){.sides{grid-template-columns:1fr}}
@media print{body{background:#fff}.pair{break-inside:avoid;box-shadow:none}}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(value: object) -> str:
    """Escaped text for element content and quoted attributes, bidi controls dropped."""
    return html.escape(plain(value), quote=True)


def bdi(value: object) -> str:
    """User text, escaped and isolated (``<bdi>``): its direction stays inside."""
    return f"<bdi>{e(value)}</bdi>"


def highlight(text: str, span: list[int] | None) -> str:
    """The claim text, escaped, with the conflicting span in ``<mark>``."""
    if not span or not 0 <= span[0] < span[1] <= len(text):
        return e(text)
    start, end = span
    return f"{e(text[:start])}<mark>{e(text[start:end])}</mark>{e(text[end:])}"


def link(url: str | None, label: str) -> str:
    """A link for http(s) URLs only (never ``javascript:``); otherwise the text."""
    if web_url(url):
        return f'<a href="{e(url)}" rel="noopener noreferrer" dir="auto">{e(label)}</a>'
    return bdi(label)


def badge(status: str) -> str:
    return f'<span class="badge st-{e(status)}">{e(status)}</span>'


def _claim(claim: dict[str, Any], span: list[int] | None, side: str) -> str:
    src = claim["source"]
    title = src["title"] or src["path"]
    rows = [
        ("Speaker", bdi(claim["speaker"] or "—")),
        ("Outlet", bdi(src["outlet"] or "—")),
        ("Published", e(source_date(src))),
        ("Source", link(src["url"], title)),
    ]
    if src["url"] and not web_url(src["url"]):
        rows.append(("URL", bdi(src["url"])))
    facts = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<section class="claim {side.lower()}"><div class="claim-head">'
        f'<span><span class="side">{side}</span> · claim {e(claim["id"])}</span>'
        f"{badge(claim['status'])}</div>"
        f'<blockquote dir="auto">{highlight(claim["text"], span)}</blockquote>'
        f"<dl>{facts}</dl></section>"
    )


def _history(entries: list[dict[str, Any]], sides: dict[int, str]) -> str:
    """The pair's and its claims' audit entries, oldest first; claims named A or B."""
    if not entries:
        return '<div class="history"><span class="none">Not reviewed yet.</span></div>'

    def what(x: dict[str, Any]) -> str:
        side = sides.get(x["entity_id"]) if x["entity"] == "claim" else None
        return f"{e(x['entity'])} {e(x['entity_id'])}" + (f" ({side})" if side else "")

    rows = "".join(
        f"<tr><td>{e(x['at'].replace('T', ' '))}</td><td>{bdi(x['by'])}</td><td>{what(x)}</td>"
        f"<td>{e(x['field'])}: {e(x['old_value'])} → <b>{e(x['new_value'])}</b></td>"
        f'<td dir="auto">{e(x["note"] or "")}</td></tr>'
        for x in entries
    )
    return (
        f'<details class="history" open><summary>Review history ({len(entries)})</summary>'
        f"<table>{rows}</table></details>"
    )


def _pair(c: dict[str, Any]) -> str:
    a, b = c["claims"]
    span_a, span_b = c.get("spans") or [None, None]
    why, detail = reasons(c)
    score = max(0.0, min(1.0, float(c["score"])))
    return (
        f'<article class="pair" id="c{e(c["id"])}"><header class="pair-head">'
        f'<span class="pid">#{e(c["id"])}</span>'
        f'<span class="badge kind">{e(c["kind"])}</span>{badge(c["status"])}'
        f'<span class="score"><span class="bar"><i style="width:{score * 100:.0f}%"></i></span>'
        f"{score:.2f}</span></header>"
        f'<p class="why">{e(why)}</p><p class="detail">{e(detail)}</p>'
        f'<div class="sides">{_claim(a, span_a, "A")}{_claim(b, span_b, "B")}</div>'
        f"{_history(c.get('history') or [], {a['id']: 'A', b['id']: 'B'})}</article>"
    )


def _story(story: dict[str, Any] | None, group: list[dict[str, Any]]) -> str:
    """A story's heading (its label isolated) and its pairs."""
    heading_html = e(story_heading(story, len(group)))
    if story:  # the same words, the label isolated
        flags = story_heading(None, len(group)).removeprefix("No story ")
        heading_html = f"Story {e(story['id'])}: {bdi(story['label'])} {e(flags)}"
    anchor = f' id="story-{e(story["id"])}"' if story else ""
    return f'<h2 class="story"{anchor}>{heading_html}</h2>' + "".join(_pair(c) for c in group)


def _gist(text: str, limit: int = 110) -> str:
    """The start of a claim, isolated; cut after its controls are dropped, so the cut
    never leaves one open."""
    clean = plain(text)
    return bdi(clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…")


def _story_link(c: dict[str, Any]) -> str:
    story = story_of(c)
    if not story:
        return "—"
    return f'<a href="#story-{e(story["id"])}">{_gist(str(story["label"]), 40)}</a>'


def _index(items: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<tr><td class="n"><a href="#c{e(c["id"])}">#{e(c["id"])}</a></td>'
        f'<td class="n">{c["score"]:.2f}</td><td class="n">{e(c["kind"])}</td>'
        f'<td class="n">{badge(c["status"])}</td><td>{_story_link(c)}</td>'
        f'<td><a href="#c{e(c["id"])}">{_gist(c["claims"][0]["text"])}</a>'
        f'<div class="gist">vs {_gist(c["claims"][1]["text"])}</div></td></tr>'
        for c in items
    )
    head = "<tr><th>#</th><th>score</th><th>kind</th><th>status</th><th>story</th>"
    head += "<th>claims</th></tr>"
    return f'<table class="index">{head}{rows}</table>'


def render_html(report: dict[str, Any], now: datetime | None = None) -> str:
    """The whole page for a report dict (as ``build_report`` makes it)."""
    items = report["contradictions"]
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    filters = report.get("filters") or {}
    shown = ", ".join(f"{k}={v}" for k, v in filters.items()) or "none"
    sub = (
        f"<span>{len(items)} flagged pair{'s' if len(items) != 1 else ''}</span>"
        f"<span>filters: {bdi(shown)}</span><span>generated {e(when)}</span>"
    )
    body = (
        _index(items) + "".join(_story(story, group) for story, group in by_story(items))
        if items
        else ('<p class="none">No contradictions match.</p>')
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Contradictions report</title><style>{CSS}</style></head>"
        f'<body><div class="page"><h1>Contradictions</h1><p class="sub">{sub}</p>'
        f"{body}<footer>claims · contradiction report · sources shown as plain text"
        "</footer></div></body></html>\n"
    )
