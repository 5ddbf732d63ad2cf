"""Configuration resolved in one place: flag, then environment, then file, then default.

The optional file is ``claims.toml`` in the working directory (or the path in
``CLAIMS_CONFIG``), with top-level keys named as the fields of ``Settings``; each can also
be set as ``CLAIMS_<KEY>`` in the environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claims.errors import BadInput
from claims.words import noun

DEFAULT_DB = "claims.db"
DEFAULT_EMBED_MODEL = "all-MiniLM-L6-v2"
FAIL_ON = ("new", "verified", "none")  # what makes `claims check` fail
SCORERS = ("nli", "cues")  # the names ``claims.pipeline.stages`` maps to scorer factories
NLI_VIEWS = ("proposition", "speaker", "sentence")  # what ``NLIScorer`` reads of a claim
NLI_DIRECTIONS = ("settle", "both")  # second direction only where it can matter, or always


@dataclass(frozen=True)
class Tuning:
    """The tunables of candidate search and flagging: their defaults live here only."""

    flag_threshold: float = 0.5  # score at which a pair is flagged
    neighbours: int = 12  # nearest claims of other stories a new claim is compared with
    min_similarity: float = 0.35  # cosine that makes a claim of the story a partner alone
    model_alignment: float = 0.5  # alignment a pair the NLI model alone flags (no cue) needs
    per_claim: int = 15  # aligned partners scored per new claim, one article at a time


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input may cost: their defaults live here only.

    Hostile or broken files (a 2 MB line without a full stop, a YAML alias bomb, 100k
    nested brackets) must fail fast with one line, or cost time and memory linear in
    their size. ``FileReader`` and ``SentenceExtractor`` take each as an argument.
    """

    max_text_bytes: int = 20 * 1024 * 1024  # a .txt/.md/.html file, or one JSONL record
    max_front_matter_bytes: int = 64 * 1024  # the YAML front matter of a text file
    max_json_depth: int = 64  # nested arrays and objects in one JSONL record
    max_sentence_chars: int = 1000  # longer runs without a sentence end: "too long"


@dataclass(frozen=True)
class Settings(Limits, Tuning):
    """Everything a command needs to know besides its own arguments."""

    db: str = DEFAULT_DB
    embed_model: str = DEFAULT_EMBED_MODEL
    nli_model: str | None = None  # None: the model shipped in the package
    scorer: str = "nli"  # "nli" (model + cues, combined) or "cues" (explicit cues only)
    # what the NLI model reads of a claim (NLI_VIEWS: attribution removed, "X said: P", or
    # the sentence), and whether every pair is read both ways or settled pairs skip one
    nli_view: str = "proposition"
    nli_directions: str = "settle"
    # ClaimReview export: the page of each review ("{id}" is the claim id; without it,
    # "#claim-ID" is appended) and the fact-checking organisation that publishes them.
    claimreview_url: str | None = None
    claimreview_publisher: str | None = None

    @property
    def tuning(self) -> Tuning:
        return Tuning(
            self.flag_threshold,
            self.neighbours,
            self.min_similarity,
            self.model_alignment,
            self.per_claim,
        )


def _file_values(env: dict[str, str]) -> dict[str, Any]:
    path = Path(env.get("CLAIMS_CONFIG", "claims.toml"))
    if not path.is_file():
        if "CLAIMS_CONFIG" in env:
            raise BadInput(f"config file {path} does not exist (CLAIMS_CONFIG)")
        return {}
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"config file {path} is not valid TOML: {exc}") from exc
    unknown = set(values) - set(Settings.__dataclass_fields__)
    if unknown:
        keys = f"{noun(len(unknown), 'key')} {', '.join(sorted(unknown))}"
        raise BadInput(f"config file {path}: unknown {keys}")
    return values


def resolve(
    *,
    db: str | None = None,
    embed_model: str | None = None,
    nli_model: str | None = None,
    scorer: str | None = None,
    claimreview_url: str | None = None,
    claimreview_publisher: str | None = None,
    env: dict[str, str] | None = None,
) -> Settings:
    """Settings from flags (given here), ``CLAIMS_*`` variables, the config file, defaults."""
    env = dict(os.environ) if env is None else env
    values = _file_values(env)
    flags = {"db": db, "embed_model": embed_model, "nli_model": nli_model, "scorer": scorer}
    flags |= {"claimreview_url": claimreview_url, "claimreview_publisher": claimreview_publisher}
    for key in Settings.__dataclass_fields__:
        from_env = env.get(f"CLAIMS_{key.upper()}")
        if flags.get(key) is not None:
            values[key] = flags[key]
        elif from_env:
            values[key] = from_env
    for key, cast in (
        ("flag_threshold", float),
        ("min_similarity", float),
        ("model_alignment", float),
        ("neighbours", int),
        ("per_claim", int),
        *((key, int) for key in Limits.__dataclass_fields__),
    ):
        if key in values:
            try:
                values[key] = cast(values[key])
            except (TypeError, ValueError):
                raise BadInput(f"must be a number, not {values[key]!r}", option=key) from None
    settings = Settings(**values)
    if settings.scorer not in SCORERS:
        raise BadInput(f"unknown scorer {settings.scorer!r}; choose one of {', '.join(SCORERS)}")
    for key, allowed in (("nli_view", NLI_VIEWS), ("nli_directions", NLI_DIRECTIONS)):
        if getattr(settings, key) not in allowed:
            value = getattr(settings, key)
            raise BadInput(f"unknown {value!r}; choose one of {', '.join(allowed)}", option=key)
    return settings
