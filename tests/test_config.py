"""Settings resolve flag > environment > config file > default."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.config import resolve
from claims.errors import BadInput


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = resolve(env={})
    assert settings.db == "claims.db" and settings.nli_model is None and settings.scorer == "nli"


def test_flag_beats_env_beats_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims.toml").write_text('db = "file.db"\nflag_threshold = 0.7\n')
    assert resolve(env={}).db == "file.db"
    assert resolve(env={}).flag_threshold == 0.7
    assert resolve(env={"CLAIMS_DB": "env.db"}).db == "env.db"
    assert resolve(db="flag.db", env={"CLAIMS_DB": "env.db"}).db == "flag.db"
    assert resolve(env={"CLAIMS_NEIGHBOURS": "5"}).neighbours == 5


def test_bad_values_are_domain_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadInput, match="unknown scorer"):
        resolve(scorer="magic", env={})
    with pytest.raises(BadInput, match="unknown 'headline'; choose one of proposition, speaker"):
        resolve(env={"CLAIMS_NLI_VIEW": "headline"})
    with pytest.raises(BadInput, match="must be a number"):
        resolve(env={"CLAIMS_FLAG_THRESHOLD": "high"})
    (tmp_path / "claims.toml").write_text("colour = 'red'\n")
    with pytest.raises(BadInput, match="unknown key colour$"):
        resolve(env={})
    (tmp_path / "claims.toml").write_text("colour = 'red'\nsize = 2\n")
    with pytest.raises(BadInput, match="unknown keys colour, size$"):
        resolve(env={})
    with pytest.raises(BadInput, match="does not exist"):
        resolve(env={"CLAIMS_CONFIG": str(tmp_path / "nope.toml")})


def test_the_nli_view_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert (resolve(env={}).nli_view, resolve(env={}).nli_directions) == ("proposition", "settle")
    (tmp_path / "claims.toml").write_text('nli_view = "sentence"\n')
    settings = resolve(env={"CLAIMS_NLI_DIRECTIONS": "both"})
    assert (settings.nli_view, settings.nli_directions) == ("sentence", "both")


def test_input_limits_come_from_the_environment_too() -> None:
    settings = resolve(env={"CLAIMS_MAX_JSON_DEPTH": "10", "CLAIMS_MAX_SENTENCE_CHARS": "500"})
    assert (settings.max_json_depth, settings.max_sentence_chars) == (10, 500)
    with pytest.raises(BadInput, match="must be a number"):
        resolve(env={"CLAIMS_MAX_TEXT_BYTES": "lots"})
