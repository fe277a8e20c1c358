"""The GitHub Actions workflow runs the repository's CI entry point on pull requests and uploads
the plans' SARIF logs to code scanning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def workflow() -> dict[Any, Any]:
    """.github/workflows/ci.yml (PyYAML reads the key `on` as True)."""
    doc: dict[Any, Any] = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    return doc


def test_runs_ci_run_on_pull_requests() -> None:
    """Every pull request runs .ci/run with SARIF_DIR set."""
    doc = workflow()
    assert "pull_request" in doc[True]
    (job,) = doc["jobs"].values()
    runs = [step.get("run") for step in job["steps"]]
    assert ".ci/run" in runs
    assert job["env"]["SARIF_DIR"] == "sarif"
    assert job["permissions"]["security-events"] == "write"


def test_uploads_the_sarif_directory_even_when_plans_fail() -> None:
    """upload-sarif reads the directory .ci/run writes, after a failure too."""
    (job,) = workflow()["jobs"].values()
    (upload,) = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["with"]["sarif_file"] == job["env"]["SARIF_DIR"]
    assert upload["if"].startswith("always()")
    ci_run = (ROOT / ".ci/run").read_text()
    assert 'make plan-all ${SARIF_DIR:+SARIF_DIR="$SARIF_DIR"}' in ci_run
