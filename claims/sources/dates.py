"""Date phrases: page date lines ("6 days ago", "12-08-2025") and event dates in sentences.

Kept apart from the readers and attribution because both resolve dates against a
reference day, and because the rules (day-first numbers, most recent weekday on or
before the published day) must agree everywhere.

A relative date ("7 hours ago") is only as good as its anchor: the day the page was saved,
when the page or the caller states it. Without one it stays unknown (``PageDate.value`` is
None), never the day of the ingest.
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
    """A date read from a date line; ``approx`` for relative ones ("6 days ago").

    ``value`` is None for a relative date without an anchor: a date line, of unknown day.
    """

    value: date | None
    approx: bool

    @property
    def published(self) -> tuple[date | None, bool]:
        """(published, published_approx) as an article stores them: approx only when dated."""
        return self.value, self.approx and self.value is not None


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


def _days_back(line: str) -> int | None:
    """How many days before its anchor a relative date line lies ("6 days ago": 6)."""
    low = line.lower()
    if low in ("today", "just now"):
        return 0
    if low == "yesterday":
        return 1
    rel = _RELATIVE.match(line)
    if not rel:
        return None
    n_text = rel["n"].lower()
    n = 1 if n_text in ("a", "an", "one") else int(n_text)
    unit = rel["unit"].lower()
    if unit in ("minute", "min", "hour", "hr"):
        hours = n / 60 if unit in ("minute", "min") else n
        return int(hours // 24)
    return n * _UNIT_DAYS[unit]


def parse_date_line(line: str, reference: date | None) -> PageDate | None:
    """Read a whole line that is only a date: relative, numeric (day-first) or ISO.

    A relative line resolves against ``reference`` (the day the page was saved); without
    one it is a PageDate of unknown value.
    """
    text = line.strip()
    if not text or len(text) > 40:
        return None
    back = _days_back(text)
    if back is not None:
        return PageDate(reference - timedelta(days=back) if reference else None, True)
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


_WEEKDAY_PREFIX = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ISO_START = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?=\b|T)")
_NUMERIC_START = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<c>\d{4})\b")
# what may follow a date on a date stamp line: a time, a zone, "|", "·", "Updated …"
_TIME_TAIL = re.compile(
    r"^[\s,|·•/-]*(?:(?:at\s+)?\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,5}|GMT|UTC)(?:\s*[+-]\s*\d{1,4}(?::\d{2})?)?)?)?[\s,|·•/-]*$",
    re.IGNORECASE,
)
_STAMP = re.compile(
    r"^(?P<kind>(?:first\s+)?published|posted|released|issued|date|dated|created|"
    r"(?:last\s+)?updated|modified|veröffentlicht|aktualisiert|publié|mis à jour|"
    r"publicado|actualizado|pubblicato|aggiornato|опубликовано|обновлено|"
    r"تاريخ النشر|نشر في|نشر|آخر تحديث)"
    r"(?:\s+(?:on|at|am|le|el|il))?\s*[:\-–—]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_UPDATED = (
    "updated",
    "last updated",
    "modified",
    "aktualisiert",
    "mis à jour",
    "actualizado",
    "aggiornato",
    "обновлено",
    "آخر تحديث",
)


def leading_date(text: str) -> date | None:
    """The full date (with year) a short text starts with, when only a time follows it.

    "Tuesday, 12 August 2025 10:32 GMT", "Aug. 12, 2025, 3:04 p.m. ET", "2025-08-12T10:00Z",
    "12.08.2025": numbers are day first, as in ``parse_date_line``.
    """
    text = _WEEKDAY_PREFIX.sub("", text.strip(), count=1)
    m = _ISO_START.match(text)
    if m:
        value = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return value  # an ISO stamp's time part is never read: its date is whole
    m = _NUMERIC_START.match(text)
    if m:
        value = _safe_date(int(m["c"]), int(m["b"]), int(m["a"]))
    else:
        value = None
        for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
            m = pattern.match(text)
            if m and m["year"] and (month := _month(m["month"])):
                value = _safe_date(int(m["year"]), month, int(m["day"]))
                break
    if m is None or value is None or not _TIME_TAIL.match(text[m.end() :]):
        return None
    return value


def parse_stamp(line: str, reference: date | None) -> tuple[str, PageDate] | None:
    """("published" or "updated", date) of a date stamp line: "Published: 12 Aug 2025",
    "Updated 3 hours ago", or a line that is only a date ("12 August 2025, 10:32")."""
    text = line.strip()
    if not text or len(text) > 80:
        return None
    kind = "published"
    m = _STAMP.match(text)
    if m:
        kind = "updated" if m["kind"].lower() in _UPDATED else "published"
        text = m["rest"].strip()
    value = leading_date(text)
    if value is not None:
        return kind, PageDate(value, False)
    parsed = parse_date_line(text, reference)
    return (kind, parsed) if parsed else None


def parse_markup_date(value: object) -> date | None:
    """The date of a date field in a page's markup (ISO, RFC 822, "March 5, 2024"), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:80]
    try:
        return parse_iso(text)
    except ValueError:
        pass
    text = re.sub(r"^[A-Z][a-z]{2},\s+", "", text)  # RFC 822: "Tue, 05 Mar 2024 08:00:00 GMT"
    return leading_date(text)


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
