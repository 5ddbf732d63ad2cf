"""Date phrases: page date lines ("6 days ago", "12-08-2025") and event dates in sentences.

Kept apart from the readers and attribution because both resolve dates against a
reference day, and because the rules (day-first numbers, most recent weekday on or
before the published day) must agree everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH_RE = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_RELATIVE = re.compile(
    r"^\s*(?P<n>\d+|an?|one)\s+(?P<unit>minute|min|hour|hr|day|week|month|year)s?\s+ago\s*$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^\s*(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{2,4})\s*$")
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b"
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})(?:,?\s+(?P<year>\d{{4}}))?\b"
)
_WEEKDAY = re.compile(
    r"\b(?P<last>last\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?!s\b)\b",
)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class PageDate:
    """A date read from a date line; ``approx`` for relative ones ("6 days ago")."""

    value: date
    approx: bool


@dataclass(frozen=True)
class EventDate:
    """A date phrase found in a sentence, resolved when a reference day is known.

    ``relative`` phrases ("on Sunday", "yesterday") are only as exact as that day.
    """

    text: str
    value: date | None
    relative: bool


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def parse_date_line(line: str, reference: date) -> PageDate | None:
    """Read a whole line that is only a date: relative, numeric (day-first) or ISO."""
    text = line.strip()
    if not text or len(text) > 40:
        return None
    low = text.lower()
    if low in ("today", "just now"):
        return PageDate(reference, True)
    if low == "yesterday":
        return PageDate(reference - timedelta(days=1), True)
    rel = _RELATIVE.match(text)
    if rel:
        n_text = rel["n"].lower()
        n = 1 if n_text in ("a", "an", "one") else int(n_text)
        unit = rel["unit"].lower()
        if unit in ("minute", "min", "hour", "hr"):
            hours = n / 60 if unit in ("minute", "min") else n
            return PageDate(reference - timedelta(days=int(hours // 24)), True)
        return PageDate(reference - timedelta(days=n * _UNIT_DAYS[unit]), True)
    num = _NUMERIC.match(text)
    if num:
        a, b, c = num["a"], num["b"], num["c"]
        if len(a) == 4:  # ISO-like: year first
            value = _safe_date(int(a), int(b), int(c))
        else:  # day-first, as European and Middle-Eastern sites write it
            year = int(c) + (2000 if len(c) == 2 else 0)
            value = _safe_date(year, int(b), int(a))
        return PageDate(value, False) if value else None
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        m = pattern.fullmatch(text)
        if m and m["year"]:
            month = _month(m["month"])
            value = _safe_date(int(m["year"]), month, int(m["day"])) if month else None
            return PageDate(value, False) if value else None
    return None


def parse_iso(value: object) -> date | None:
    """An ISO date (or datetime) from YAML/JSON; None when absent; ValueError when bad."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise ValueError(f"not a date: a {type(value).__name__}")  # never the value: it may be huge


def last_weekday(day_name: str, reference: date, strictly_before: bool = False) -> date:
    """The most recent ``day_name`` on or before ``reference`` (before it when strict)."""
    target = WEEKDAYS.index(day_name.lower())
    back = (reference.weekday() - target) % 7
    if back == 0 and strictly_before:
        back = 7
    return reference - timedelta(days=back)


def find_event_date(sentence: str, published: date | None) -> EventDate | None:
    """The first date phrase of a sentence, resolved against the published day if known."""
    best: tuple[int, EventDate] | None = None
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        for m in pattern.finditer(sentence):
            month = _month(m["month"])
            if month is None:
                continue
            day = int(m["day"])
            value: date | None = None
            if m["year"]:
                value = _safe_date(int(m["year"]), month, day)
            elif published is not None:
                value = _safe_date(published.year, month, day)
                if value and value > published:
                    value = _safe_date(published.year - 1, month, day)
            found = EventDate(m.group(0), value, not m["year"])
            if best is None or m.start() < best[0]:
                best = (m.start(), found)
            break
    for m in _WEEKDAY.finditer(sentence):
        text = m.group(0)
        value = (
            last_weekday(m["day"], published, strictly_before=bool(m["last"]))
            if published
            else None
        )
        if best is None or m.start() < best[0]:
            best = (m.start(), EventDate(text, value, True))
        break
    m = _YESTERDAY.search(sentence)
    if m and (best is None or m.start() < best[0]):
        value = published - timedelta(days=1) if published else None
        best = (m.start(), EventDate(m.group(0), value, True))
    return best[1] if best else None
