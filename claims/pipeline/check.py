"""Check a batch before it lands: which contradictions would it introduce?

The check runs the real ingest pipeline inside the caller's transaction and reads back the
contradictions flagged by that run (new claims against stored ones, and within the batch).
Whether the run is then committed or rolled back is the caller's decision: ``claims check``
rolls back unless ``--record``, so the store is left exactly as it was.

Pairs are identified across stores by a fingerprint of their content (normalised claim
texts and source paths), never by database ids, which a rolled-back run does not keep.
A baseline file lists the fingerprints of known pairs, so a legacy corpus can adopt the
check without fixing its past.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePath

from sqlalchemy.orm import Session

from claims.config import FAIL_ON, Settings, Tuning
from claims.errors import BadInput
from claims.pipeline.ingest import ingest
from claims.pipeline.runs import IngestReport, Stages
from claims.pipeline.stages import StageFactory, default_stages
from claims.types import ClaimRecord, Progress, no_progress
from store import queries

BASELINE_VERSION = 1
LINE_MAPPED = (".txt", ".md", ".markdown")  # formats whose text keeps the file's lines


@dataclass(frozen=True)
class ClaimRef:
    """One side of a finding: the claim and where it stands in its source file."""

    text: str
    speaker: str | None
    status: str  # the reviewers' status of the claim ("unreviewed", "verified", ...)
    new: bool  # from the checked batch, not from the store
    path: str
    line: int  # 1-based line of the file where the claim is
    outlet: str | None
    published: date | None
    title: str | None
    url: str | None
    story_first: date | None = None  # an undated source's story's stated dates
    story_last: date | None = None


@dataclass(frozen=True)
class Finding:
    """A contradiction the batch would introduce; the batch's claim comes first."""

    fingerprint: str
    score: float
    kind: str
    explanation: str
    model: str
    claims: tuple[ClaimRef, ClaimRef]
    known: bool  # listed in the baseline: reported, never failing
    failing: bool

    @property
    def within_batch(self) -> bool:
        return self.claims[0].new and self.claims[1].new


@dataclass
class CheckResult:
    """What a check found, and whether it fails under ``fail_on``."""

    fail_on: str
    findings: list[Finding] = field(default_factory=list)
    dismissed: int = 0  # pairs left out because reviewers dismissed the same pair
    report: IngestReport = field(default_factory=IngestReport)

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.failing]

    @property
    def known(self) -> list[Finding]:
        return [f for f in self.findings if f.known]

    @property
    def failed(self) -> bool:
        return bool(self.failing)


def display_path(path: str) -> str:
    """A stored path as CI tools want it: relative to the working directory where it can be."""
    pure = PurePath(path)
    if pure.is_absolute():
        with contextlib.suppress(ValueError):
            pure = pure.relative_to(Path.cwd())
    text = pure.as_posix()
    return text[2:] if text.startswith("./") else text


def claim_line(claim: ClaimRecord) -> int:
    """The file line of a claim: its article's first line plus the newlines before it.

    Text, Markdown and front-matter files keep one text line per file line; a JSONL record
    is one line whatever its text holds, and HTML text has no lines of the file.
    """
    source = claim.source
    if PurePath(source.path).suffix.lower() not in LINE_MAPPED:
        return source.line
    return source.line + claim.newlines_before


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprint(a: ClaimRef, b: ClaimRef) -> str:
    """A pair's identity across stores: normalised texts and paths, in either order."""
    sides = sorted([[_norm(a.text), a.path], [_norm(b.text), b.path]])
    return hashlib.sha256(json.dumps(sides, ensure_ascii=False).encode("utf-8")).hexdigest()


def _ref(claim: ClaimRecord, new_ids: set[int]) -> ClaimRef:
    source = claim.source
    return ClaimRef(
        text=claim.text,
        speaker=claim.speaker,
        status=claim.status,
        new=claim.id in new_ids,
        path=display_path(source.path),
        line=claim_line(claim),
        outlet=source.outlet,
        published=source.published,
        title=source.title,
        url=source.url,
        story_first=source.story_first,
        story_last=source.story_last,
    )


def _valid_fail_on(fail_on: str) -> None:
    if fail_on not in FAIL_ON:
        raise BadInput(
            f"{fail_on!r} is unknown; choose one of {', '.join(FAIL_ON)}", option="fail_on"
        )


def _fails(fail_on: str, refs: tuple[ClaimRef, ClaimRef], known: bool) -> bool:
    if known or fail_on == "none":
        return False
    if fail_on == "verified":
        return any(r.status == "verified" for r in refs)
    return True


def check(
    session: Session,
    paths: Sequence[Path],
    stages: Stages,
    tuning: Tuning | None = None,
    fail_on: str = "new",
    baseline: Collection[str] = frozenset(),
    progress: Progress = no_progress,
    *,
    skip_bad: bool = False,
) -> CheckResult:
    """Ingest ``paths`` in the session (neither committed nor rolled back here) and list
    the contradictions that run flagged, marked known (baseline) and failing (``fail_on``).
    """
    _valid_fail_on(fail_on)
    dismissed = queries.dismissed_text_pairs(session)
    report = ingest(session, paths, stages, tuning, progress, skip_bad=skip_bad)
    result = CheckResult(fail_on=fail_on, report=report)
    if report.ingest_id is None:
        return result
    new_ids = set(report.new_claim_ids)
    for row in queries.pairs_of_ingest(session, report.ingest_id):
        if frozenset((row.claim_a.text_hash, row.claim_b.text_hash)) in dismissed:
            result.dismissed += 1
            continue
        a, b = _ref(row.claim_a, new_ids), _ref(row.claim_b, new_ids)
        refs = (b, a) if b.new and not a.new else (a, b)
        key = fingerprint(a, b)
        known = key in baseline
        result.findings.append(
            Finding(
                fingerprint=key,
                score=round(float(row.score), 4),
                kind=row.kind,
                explanation=row.explanation,
                model=row.model,
                claims=refs,
                known=known,
                failing=_fails(fail_on, refs, known),
            )
        )
    result.findings.sort(key=lambda f: (-f.score, f.fingerprint))
    return result


def load_baseline(path: Path) -> set[str]:
    """Fingerprints of the known pairs in a baseline file written by ``write_baseline``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"baseline {path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"baseline {path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise BadInput(f"baseline {path}: expected a JSON object with version {BASELINE_VERSION}")
    pairs = data.get("pairs")
    if not isinstance(pairs, list) or not all(
        isinstance(p, dict) and isinstance(p.get("fingerprint"), str) for p in pairs
    ):
        raise BadInput(f"baseline {path}: 'pairs' must be a list of objects with a fingerprint")
    return {p["fingerprint"] for p in pairs}


def baseline_json(result: CheckResult) -> str:
    """Every pair of ``result`` as a baseline (sorted, with the texts for reviewing diffs)."""
    pairs = [
        {
            "fingerprint": f.fingerprint,
            "kind": f.kind,
            "claims": sorted(
                ({"text": c.text, "path": c.path} for c in f.claims),
                key=lambda c: (c["path"], c["text"]),
            ),
        }
        for f in sorted(result.findings, key=lambda f: f.fingerprint)
    ]
    return (
        json.dumps({"version": BASELINE_VERSION, "pairs": pairs}, ensure_ascii=False, indent=2)
        + "\n"
    )


def accept_all(result: CheckResult) -> CheckResult:
    """``result`` with every finding known and none failing (after writing a baseline)."""
    findings = [replace(f, known=True, failing=False) for f in result.findings]
    return replace(result, findings=findings)


def write_baseline(path: Path, result: CheckResult) -> None:
    """Write ``result``'s pairs as a baseline file (atomically, so CI never reads half)."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(baseline_json(result), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        raise BadInput(f"cannot write baseline {path}: {exc}") from None


def check_paths(
    session: Session,
    paths: Sequence[Path],
    settings: Settings,
    fail_on: str = "new",
    baseline: Path | None = None,
    skip_bad: bool = False,
    progress: Progress = no_progress,
    write_to: Path | None = None,
    stages: StageFactory = default_stages,
) -> CheckResult:
    """``check`` with the default stages of ``settings``, reading a baseline file if given.

    With ``write_to``, every pair found is written there as a baseline and is known from
    then on, so the result no longer fails: that is how a legacy corpus adopts the check.
    """
    known = load_baseline(baseline) if baseline is not None else set()
    _valid_fail_on(fail_on)
    result = check(
        session,
        paths,
        stages(settings),
        settings.tuning,
        fail_on,
        known,
        progress,
        skip_bad=skip_bad,
    )
    if write_to is not None:
        write_baseline(write_to, result)
        result = accept_all(result)
    return result
