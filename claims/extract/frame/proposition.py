"""What a claim asserts: the proposition's text, resolved pronoun, polarity, subject,
predicate and time expressions, built from a parse and the attribution found in it.

Negation is read on the proposition's main clause only ("not", "never", "n't" on its verb;
"no", "none", "nobody", "nothing" as its subject or object; "there was no X"), so a negated
relative clause does not flip a claim. A subject pronoun is replaced by the speaker only in
the clear cases: "I"/"we" (the speaker's own words), "he"/"she" for a singular speaker who is
not an organisation and with no other person named as the one told, "it" for a singular
organisation (never the "it" of "it was too early to tell"), "they" for a plural speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.extract.frame.found import Found, speaker_tokens
from claims.extract.frame.record import Frame, Lexicon, Span, reporting_kind
from claims.extract.frame.text import as_subject, finish, join_words, third_singular
from claims.extract.frame.times import times

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_EDGE_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "—", "–", "-", "(", ")", "[", "]", "..."})
_NEGATIVE_WORDS = frozenset({"nobody", "nothing", "none", "neither", "nowhere"})
_NEGATIVE_DETS = frozenset({"no", "neither"})
_ORG_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_RAISING = frozenset({"be", "seem", "appear", "remain", "become", "look"})


def build(doc: Doc, found: Found | None, given: str | None, words: Lexicon) -> Frame:
    """The frame of one parsed sentence (``found``: its attribution, if any; ``words``: the
    organisation and title words that tell who a pronoun can stand for)."""
    if found is None:
        content, root = [t.i for t in doc], _first_root(doc)
        replace: dict[int, str] = {}
        insert: dict[int, str] = {}
    else:
        content, root = found.content, found.root
        replace, insert = dict(found.replace), dict(found.insert)
    content = _trim(doc, content)
    speaker, head, from_caller = _speaker(doc, found, given)
    subject = found.subject if found and found.subject is not None else _subject(doc, root)
    if subject is not None and subject not in content:
        subject = None  # a misparse hung a word outside the content on its root
    resolved = None
    if speaker and subject is not None:
        resolved = _resolve(doc, found, head, speaker, subject, replace, words)
    negated = bool(found and found.negated)
    negative = root is not None and _negative(doc, doc[root])
    return Frame(
        sentence=doc.text,
        proposition=finish(_render(doc, content, replace, insert)),
        speaker=speaker,
        verb=found.verb if found else None,
        reporting=reporting_kind(found.verb) if found else "none",
        negated=negated,
        polarity="negative" if negative != negated else "positive",
        subject=_subject_lemma(doc, subject, root, resolved, head, speaker),
        predicate=(found.predicate if found and found.predicate else None)
        or (doc[root].lemma_.lower() if root is not None else None),
        times=times(doc, set(content)),
        proposition_spans=_runs(doc, content),
        speaker_span=_span(doc, found.speaker_tokens) if found else None,
        verb_span=_span(doc, found.verb_tokens) if found else None,
        resolved=resolved,
        speaker_given=from_caller,
    )


def _first_root(doc: Doc) -> int | None:
    return next((t.i for t in doc if t.dep_ == "ROOT"), None)


def _trim(doc: Doc, content: list[int]) -> list[int]:
    """Drop punctuation, quote marks, "and"/"but" and a leading "that" at the content's ends."""
    tokens = sorted(content)

    def junk(tok: Token, first: bool) -> bool:
        if tok.text in _EDGE_PUNCT or tok.is_quote or tok.is_space or tok.dep_ == "cc":
            return True
        return first and tok.lower_ == "that" and tok.dep_ in ("mark", "dobj") and tok.tag_ != "DT"

    while tokens and junk(doc[tokens[0]], True):
        tokens.pop(0)
    while tokens and junk(doc[tokens[-1]], False) and not _closes_quote(doc, tokens):
        tokens.pop()
    after = tokens[-1] + 1 if tokens else len(doc)
    if after < len(doc) and doc[after].is_quote and _closes_quote(doc, [*tokens, after]):
        tokens.append(after)  # the closing mark the parser hung on the reporting verb
    return tokens


def _closes_quote(doc: Doc, tokens: list[int]) -> bool:
    """The last token closes a quotation opened inside the content ('not for sale')."""
    if not tokens:
        return False
    last = doc[tokens[-1]].text
    if last not in ("'", "’", '"', "”"):
        return False
    marks = [doc[i].text for i in tokens[:-1] if doc[i].is_quote]
    opening = {"’": "‘", "”": "“"}.get(last, last)
    return marks.count(opening) % 2 == 1 and (opening != last or marks.count(last) % 2 == 1)


def _speaker(
    doc: Doc, found: Found | None, given: str | None
) -> tuple[str | None, Token | None, bool]:
    """(speaker phrase, its head token, whether it came from the caller).

    A parsed pronoun speaker ("he said") gives way to the caller's speaker when there is one.
    """
    if found is None or not found.speaker_tokens:
        return (given, None, True) if given else (None, None, False)
    tokens = found.speaker_tokens
    head = next(doc[i] for i in tokens if doc[i].head.i not in tokens or doc[i].head.i == i)
    if head.pos_ == "PRON" and given:
        return given, None, True
    return _text(doc, tokens), head, False


def _text(doc: Doc, tokens: list[int]) -> str:
    return doc.text[doc[min(tokens)].idx : _end(doc[max(tokens)])]


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _subject(doc: Doc, root: int | None) -> int | None:
    if root is None:
        return None
    for child in doc[root].children:
        if child.dep_ in _SUBJECT_DEPS:
            return child.i
    for child in doc[root].children:
        if child.dep_ == "expl":
            return child.i
    return None


def _resolve(
    doc: Doc,
    found: Found | None,
    head: Token | None,
    speaker: str,
    subject: int,
    replace: dict[int, str],
    words: Lexicon,
) -> str | None:
    """Replace a subject pronoun by the speaker where it plainly refers to them; the pronoun."""
    pronoun = doc[subject]
    low = pronoun.lower_
    if low not in ("i", "we", "he", "she", "it", "they"):
        return None
    if head is None:  # the caller's speaker: only the speaker's own "I"/"we" is certain
        plural, ok, short = _plural_phrase(speaker), low in ("i", "we"), speaker
    elif head.pos_ == "PRON":  # "“I was not there,” she said" -> "she was not there"
        if low not in ("i", "we") or head.lower_ not in ("he", "she", "they"):
            return None
        plural, ok, short = head.lower_ == "they", True, head.lower_
    else:
        plural = _plural_head(head)
        ok = _refers_to_speaker(low, head, plural, pronoun, found, words)
        short = _short_speaker(doc, head, found.speaker_tokens if found else [])
    if not ok:
        return None
    replace[pronoun.i] = as_subject(short)
    if (
        low in ("i", "we", "they")
        and not plural
        and not any(c.dep_ == "conj" for c in pronoun.children)
    ):
        _agree(doc, pronoun, replace)
    return pronoun.text


def _refers_to_speaker(
    low: str, head: Token, plural: bool, pronoun: Token, found: Found | None, words: Lexicon
) -> bool:
    """Whether a subject pronoun plainly means the speaker ``head``.

    The small model's entity labels are not trusted to tell people from organisations
    (it calls unfamiliar surnames ORG): "he"/"she" is refused only for organisation words
    ("council", "police"); "it" needs organisation evidence and a verb of action, since
    "it" is often the bridge or the weather, or nothing ("it will take months").
    """
    lemma = head.lemma_.lower()
    if low in ("i", "we"):
        return True
    if low in ("he", "she"):
        return (
            not plural and lemma not in words.organisations and not _someone_else(head.doc, found)
        )
    if low == "it":
        org = head.ent_type_ in _ORG_ENTS or lemma in words.organisations
        person = head.ent_type_ == "PERSON" or lemma in words.titles
        copula = pronoun.head.lemma_.lower() in _RAISING
        return org and not plural and not person and not copula and not _expletive(pronoun)
    return plural  # "they"


def _plural_head(head: Token) -> bool:
    """ "officials", "the union and the authority"; not "Velmont Chemicals" (a company)."""
    if any(c.dep_ == "conj" for c in head.children):
        return True
    return head.tag_ == "NNS" or (head.tag_ == "NNPS" and head.ent_type_ not in _ORG_ENTS)


def _someone_else(doc: Doc, found: Found | None) -> bool:
    """A person named as the one told ("the judge told Kessler he …"): "he" is ambiguous."""
    return found is not None and any(
        doc[i].tag_ in ("NNP", "NNPS")
        or doc[i].ent_type_ == "PERSON"
        or doc[i].lower_ in ("him", "her")
        for i in found.audience
    )


def _expletive(pronoun: Token) -> bool:
    """The "it" of "it was too early to tell" / "it is unclear whether": no referent."""
    if pronoun.dep_ == "expl":
        return True
    root = pronoun.head
    if root.lemma_.lower() not in _RAISING:
        return False
    clauses = ("ccomp", "xcomp", "csubj")
    return any(c.dep_ in clauses for c in root.children) or any(
        c.dep_ in ("acomp", "attr") and any(g.dep_ in clauses for g in c.children)
        for c in root.children
    )


def _plural_phrase(phrase: str) -> bool:
    """A caller's speaker read as plural ("union officials"); names stay singular."""
    last = phrase.split()[-1] if phrase.split() else ""
    return last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "'s", "’s"))


def _short_speaker(doc: Doc, head: Token, tokens: list[int]) -> str:
    """The name in "The adviser, Colm Derry" (its proper-noun appositive), else the phrase."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return _text(doc, speaker_tokens(child))
    return _text(doc, tokens) if tokens else head.text


def _agree(doc: Doc, pronoun: Token, replace: dict[int, str]) -> None:
    """ "we have" -> "the agency has": the finite verb after a replaced plural/first person."""
    root = pronoun.head
    verbs = sorted(
        (c for c in (*root.children, root) if c is root or c.dep_ in ("aux", "auxpass")),
        key=lambda t: t.i,
    )
    for verb in verbs:
        if verb.i > pronoun.i:
            if verb.tag_ == "VBP" or verb.lower_ in ("were", "am", "'m", "'re", "'ve", "’re"):
                replace[verb.i] = third_singular(verb.text)
            return


def _negative(doc: Doc, root: Token) -> bool:
    """Whether the main clause is negated: "not"/"never" on its verb, "no X"/"nobody" as an
    argument ("had no role", "there was no shortage", "no trams ran"), "no longer"."""
    for child in root.children:
        if child.dep_ == "neg" or child.lower_ == "never":
            return True
        dets = {g.lower_ for g in child.children if g.dep_ in ("det", "neg")}
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and (
            child.lower_ in _NEGATIVE_WORDS or dets & _NEGATIVE_DETS
        ):
            return True
        if (
            child.dep_ == "advmod"
            and child.lower_ == "longer"
            and "no" in {g.lower_ for g in child.children}
        ):
            return True
    return False


def _subject_lemma(
    doc: Doc,
    subject: int | None,
    root: int | None,
    resolved: str | None,
    head: Token | None,
    speaker: str | None,
) -> str | None:
    """The lemma of the proposition's subject head: the speaker's when a pronoun was
    resolved, the noun of "there was no X" for an expletive subject."""
    if subject is None:
        return None
    if resolved:
        if head is not None:
            return head.lemma_.lower()
        return speaker.split()[-1].lower() if speaker else None
    tok = doc[subject]
    if tok.dep_ == "expl" and root is not None:
        attrs = [c for c in doc[root].children if c.dep_ in ("attr", "nsubj")]
        return _head_word(attrs[0]) if attrs else None
    return _head_word(tok)


def _head_word(tok: Token) -> str:
    """A head's lemma, whole for hyphenated compounds ("cover-up", not "up")."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
        return doc[tok.i - 2 : tok.i + 1].text.lower()
    return tok.lemma_.lower()


def _runs(doc: Doc, content: list[int]) -> tuple[Span, ...]:
    """Character spans of the runs of consecutive content tokens (punctuation-only runs dropped)."""
    runs: list[list[int]] = []
    for i in content:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return tuple(
        (doc[run[0]].idx, _end(doc[run[-1]]))
        for run in runs
        if not all(doc[i].is_punct for i in run)
    )


def _span(doc: Doc, tokens: list[int]) -> Span | None:
    return (doc[min(tokens)].idx, _end(doc[max(tokens)])) if tokens else None


def _render(doc: Doc, content: list[int], replace: dict[int, str], insert: dict[int, str]) -> str:
    """The content tokens as text, with replacements and insertions; cuts become one space."""
    words: list[tuple[str, str, bool]] = []
    for pos, i in enumerate(content):
        tok = doc[i]
        text = replace.get(i, tok.text)
        if i in replace and tok.text[:1] in "'’" and text[:1].isalpha() and words:
            words[-1] = (words[-1][0], " ", words[-1][2])  # "We've" -> "The director has"
        if i in insert:
            text = f"{insert[i]} {text}"
        gap = pos + 1 < len(content) and content[pos + 1] != i + 1
        words.append((text, tok.whitespace_, gap))
    return join_words(words)
