"""Who asserts a sentence (speaker, direct or reported speech) and when its event happened.

Rules, not a parser: speech verbs outside quotation marks ("Larijani said", "said a
statement from …", "according to Reuters"), the attribution after a closing quote (also
for quotes that span several sentences), pronouns and "the advisory"-like phrases
resolved to the last speaker named in the text before, names given in their fullest
written form. Event dates come from ``claims.sources.dates``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from claims.extract.speakers import (
    clean_speaker,
    fullest_form,
    is_definite,
    is_organisation,
    is_person_name,
    is_pronoun,
    is_title,
)
from claims.extract.speakers import possessive_free as _possessive_free
from claims.sources.dates import find_event_date
from claims.types import Attribution, SentenceDraft

_VERBS = (
    r"said|says|say|added|adds|stated|told|tells|announced|announces|noted"
    r"|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|warned|warns|claimed|confirmed"
    r"|confirms|denied|denies|explained|explains|insisted|insists|argued|argues|wrote|writes"
    r"|declared|declares|asserted|reported|indicated|indicates|acknowledged"
    r"|affirmed|reaffirmed|urged|cautioned|pointed out|highlighted|revealed|disclosed"
    r"|maintained|suggested|suggests|underlined|underscored|reiterated|commented|observed"
    r"|remarked|recalled|assured|vowed|promised|predicted|concluded|replied|responded"
    r"|countered|denounced|issued a (?:clarification|statement|denial)"
)
_AUX = r"(?:\s+(?:has|have|had|also|previously|reportedly|later|then|further|earlier|again))*"
_QUOTED = re.compile(
    r"[“\"][^“”\"]*(?:[”\"]|$)"
    r"|(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=\S)(?:[^‘’']|(?<=\w)['’](?=\w))*?(?<=\S)[’']"
    r"(?=[\s,.;:!?)\]—–-]|$)"
)
_SUBJECT_VERB = re.compile(rf"(?P<who>[^.;:!?]+?){_AUX}\s+(?P<verb>{_VERBS})\b")
_VERB_SUBJECT = re.compile(
    rf"^\s*(?P<verb>{_VERBS})\s+(?P<who>[^.,;:!?]+?)(?:\s+(?:in|on|at|during)\s|[.,;:!?]|$)"
)
_ACCORDING = re.compile(r"\baccording to (?P<who>[^.,;:!?]+)", re.IGNORECASE)
_STATEMENT_FROM = re.compile(r"^(?:a|the|in a) (?:statement|report) (?:from|by|of) ", re.I)
_SENTENCE_END = re.compile(r"\s*\n\s*|(?<=[.!?])[\"”’']?\s+(?=[“\"‘'A-Z])")
_OPENERS = '“"'
_CLOSERS = '”"'
_CONTEXT_SENTENCES = 12
_SPAN_LOOKBACK = 800  # a quote spanning sentences opened at most this many chars before
_AUXILIARIES = frozenset(
    "is are was were has have had will would can could should may might must do does did "
    "be been".split()
)
_DOCUMENTS = frozenset({"statement", "report", "office", "release", "communique", "readout"})
_APPOSITIVE_HEADS = frozenset(
    "secretary head spokesman spokeswoman spokesperson chief director minister adviser "
    "advisor envoy ambassador speaking meanwhile however the a an".split()  # noqa: SIM905
)
_SUBORDINATE = re.compile(
    r"\b(?:that|where|when|while|because|as|after|before|if|since|but|though)\s+",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:might|may|would|could|should|will|can|to|not|n't|cannot)\s*$", re.IGNORECASE
)
_SAYING = re.compile(
    r"^(?P<who>(?:He|She|It|They|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4}))\s+[a-z]\w*\b.*?,\s+"
    r"(?:saying|adding|noting|stressing|warning|arguing|insisting)\b"
)
_LEADING_SUBJECT = re.compile(
    r"^(?P<who>(?:(?:[A-Z]|al-|el-)[\w’'.-]*\s+){1,6}?)(?=(?!al-|el-)[a-z])"
)


@dataclass(frozen=True)
class _Found:
    speaker: str
    how: str  # "verb" | "according" | "tail"


def _mask_quotes(text: str) -> str:
    """``text`` with quoted passages blanked out (same length), so verbs inside are ignored.

    A blanked quote ends in a comma: it bounds a clause, like "“…,” Larijani said".
    """
    return _QUOTED.sub(lambda m: " " * (len(m.group(0)) - 1) + ",", text)


def _quoted_share(text: str) -> float:
    quoted = sum(len(m.group(0)) for m in _QUOTED.finditer(text))
    return quoted / max(1, len(text.strip()))


def _subject(before_verb: str) -> str | None:
    """The speaker in the words before a speech verb, skipping appositives.

    "Ali Larijani, Secretary of …, said" -> "Ali Larijani"; "…, a move that Iraqi
    officials say" -> "Iraqi officials"; "…, he said" -> "he".
    """
    parts = [p.strip() for p in before_verb.split(",")]
    if parts and parts[-1]:
        return _clause_tail(parts[-1])
    parts = [p for p in parts if p]
    for index in range(len(parts) - 1, -1, -1):
        first = parts[index].split()[0]
        if index and (first[:1].islower() or first.casefold() in _APPOSITIVE_HEADS):
            continue
        return _clause_tail(parts[index])
    return None


def _clause_tail(words: str) -> str | None:
    """The last clause's subject: text after "that"/"but"/"when"…, or a long "… and"."""
    tail = _SUBORDINATE.split(re.split(r"[:;—–]", words)[-1])[-1].strip()
    pieces = tail.split(" and ")
    if len(pieces) > 1 and len(" and ".join(pieces[:-1]).split()) >= 4:
        tail = pieces[-1].strip()
    if not tail or len(tail.split()) > 14 or tail.split()[0].casefold().endswith("ing"):
        return None
    return tail


def _plain_subject(phrase: str) -> bool:
    """A noun phrase, not a clause: no auxiliary or past-tense verb in it."""
    words = (clean_speaker(phrase) or "").split()
    return 0 < len(words) <= 6 and not any(
        w in _AUXILIARIES or (w.islower() and w.endswith("ed") and len(w) > 4) for w in words
    )


def _tail_speaker(tail: str) -> str | None:
    """Attribution after a closing quote: "…,” Larijani said" or "…,” said the statement."""
    tail = tail.lstrip(" ,—–-")
    clause = re.split(r"(?<=[.!?;])\s", tail, maxsplit=1)[0]
    m = _VERB_SUBJECT.match(clause)
    if m:
        return _STATEMENT_FROM.sub("", m["who"]).strip()
    m = _SUBJECT_VERB.match(_mask_quotes(clause))
    if m:
        return _subject(re.sub(rf"{_AUX}\s*$", "", clause[: m.start("verb")].rstrip()))
    return None


def _find(sentence: str) -> _Found | None:
    """A speaker named in the sentence itself (unresolved: may be "he" or "the advisory")."""
    masked = _mask_quotes(sentence)
    for m in re.finditer(rf"(?:^|\s)(?P<verb>{_VERBS})\b", masked):
        before = masked[: m.start("verb")]
        if _HYPOTHETICAL.search(before):  # "he might say", "to say"
            continue
        if before.rstrip().endswith(","):  # "…, announced Chief of Staff … Bagheri."
            subject = _subject(before)
            if not (subject and _plain_subject(subject)):
                who = _tail_speaker(sentence[m.start("verb") :])
                if who:
                    return _Found(who, "verb")
        if not before.strip(" ,—–-"):
            who = _tail_speaker(sentence[m.start("verb") :])
            if who:
                return _Found(who, "verb")
            continue
        who = _subject(re.sub(rf"{_AUX}\s*$", "", before.rstrip()))
        if who:
            return _Found(who, "verb")
    m = _SAYING.match(masked)
    if m:
        return _Found(m["who"], "verb")
    m = _ACCORDING.search(masked)
    if m:
        return _Found(m["who"].strip(), "according")
    return None


def _opens(text: str) -> bool:
    """True when the last double quote mark of ``text`` opens a quotation."""
    marks = [i for i, ch in enumerate(text) if ch in '“”"']
    if not marks:
        return False
    i = marks[-1]
    if text[i] != '"':
        return text[i] == "“"
    before_ok = i == 0 or text[i - 1].isspace() or text[i - 1] in "(—–-:"
    return before_ok and i + 1 < len(text) and not text[i + 1].isspace()


def _spanning_speaker(sentence: str, before: str, after: str) -> str | None:
    """Speaker of a sentence inside a quote that spans several sentences.

    The speaker is named after the quote closes ("… Iraq,” Ali Larijani said") or, failing
    that, before it opens ("Larijani said: “…").
    """
    paragraph_before = before.rsplit("\n", 1)[-1][-_SPAN_LOOKBACK:]
    inside = _opens(paragraph_before)
    opens = _opens(sentence)
    if not (inside or opens):
        return None
    closes = [i for i, ch in enumerate(sentence) if ch in _CLOSERS]
    if inside and not opens and closes:  # the quote ends here: its tail names the speaker
        who = _tail_speaker(sentence[closes[-1] + 1 :])
    else:  # the quote goes on: look where it closes
        paragraph_after = after.split("\n", 1)[0]
        closes = [i for i, ch in enumerate(paragraph_after) if ch in _CLOSERS]
        who = _tail_speaker(paragraph_after[closes[0] + 1 :]) if closes else None
    if who:
        return who
    if inside:
        opening = max(paragraph_before.rfind(c) for c in _OPENERS)
        found = _find(paragraph_before[:opening].rstrip(" :,")) if opening > 0 else None
        return found.speaker if found else None
    return None


def _named_speakers(context: str) -> list[str]:
    """Speakers named in the last sentences of ``context``, resolved in reading order."""
    named: list[str] = []
    sentences = _SENTENCE_END.split(context)[-_CONTEXT_SENTENCES:]
    for sentence in sentences:
        found = _find(sentence)
        if found is None:  # a sentence opening with a name still introduces a person
            m = _LEADING_SUBJECT.match(sentence)
            name = clean_speaker(m["who"]) if m else None
            if name and is_person_name(name):
                named.append(name)
            continue
        resolved = _resolve(found.speaker, named, context)
        if resolved:
            named.append(resolved)
    return named


def _resolve(raw: str, named: list[str], context: str) -> str | None:
    """Pronouns and definite phrases to the last fitting named speaker; names in full."""
    speaker = clean_speaker(raw)
    if not speaker:
        return None
    if is_pronoun(speaker.split()[0]) and len(speaker.split()) <= 2:
        want_org = speaker.split()[0].casefold() in ("it", "its", "they", "their")
        return next((n for n in reversed(named) if is_organisation(n) == want_org), None)
    if is_definite(speaker):
        head = _possessive_free(speaker.split()[-1].casefold())
        for name in reversed(named):
            if head in name.casefold():
                return name
        if is_title(head):  # "The General", "the spokesman": the last person named
            return next((n for n in reversed(named) if not is_organisation(n)), speaker)
        if head in _DOCUMENTS and named:  # "the statement said": whoever issued it
            return named[-1]
        return speaker
    return fullest_form(speaker, context)


def attribute(
    sentence: str,
    context_before: str,
    published: date | None,
    published_approx: bool,
    context_after: str = "",
) -> Attribution:
    """Speaker, speech type and event date of ``sentence``.

    ``context_before`` is the article text before the sentence (pronouns refer into it);
    ``context_after`` the text after it (a quote may close there, naming its speaker).
    """
    context = context_before[-4000:]
    raw = _spanning_speaker(sentence, context, context_after[:2000])
    direct = raw is not None
    if raw is None:
        found = _find(sentence)
        raw = found.speaker if found else None
    speaker = None
    if raw:
        speaker = _resolve(raw, _named_speakers(context), context + " " + sentence)
    share = _quoted_share(sentence)
    speech = None
    if direct or share >= 0.4 or sentence.lstrip().startswith(("“", '"', "‘", "'")):
        speech = "direct" if speaker or share >= 0.4 else None
    elif speaker:
        speech = "reported"
    event = find_event_date(sentence, published)
    return Attribution(
        speaker=speaker,
        speech=speech,
        event_date=event.value if event else None,
        event_date_text=event.text if event else None,
        event_date_approx=bool(event and event.relative and event.value and published_approx),
    )


def inherit_article_event(drafts: list[SentenceDraft]) -> list[SentenceDraft]:
    """Date the undated claims of an article that names exactly one event day.

    A report that says the agreement was "signed on Sunday" is likely about that Sunday's
    event throughout; its undated claims inherit the day, marked as inherited: the guards
    rank such pairs lower but never keep claims apart on an inherited day alone.
    """
    days = {
        d.attribution.event_date_text for d in drafts if d.kept and d.attribution.event_date_text
    }
    if len(days) != 1:
        return drafts
    dated = next(d.attribution for d in drafts if d.attribution.event_date_text in days)
    out = []
    for draft in drafts:
        who = draft.attribution
        if draft.kept and not who.event_date_text:
            who = replace(
                who,
                event_date=dated.event_date,
                event_date_text=dated.event_date_text,
                event_date_approx=True,
                event_date_inherited=True,
            )
            draft = replace(draft, attribution=who)
        out.append(draft)
    return out
