"""``Analyze`` sent while the program registers resources reports what ``Analyze`` sent after it
reports: the same requests, collected in resource order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from auroractl.engine import PlanResult, ProgramStart, run_stack
from auroractl.policy import (
    PackReport,
    PolicyConfigFile,
    PolicyPackSession,
    analyze_plan,
    parse_policy_config,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
PACK_DIR = REPO_ROOT / "policies"


def _streamed(
    stack: str, preview: bool, config: PolicyConfigFile | None
) -> tuple[PlanResult, PackReport, list[str]]:
    """Plan ``stack`` with the pack fed during the program: plan, report, URNs handed over."""
    seen: list[str] = []
    sessions: list[PolicyPackSession] = []

    def before_program(start: ProgramStart) -> None:
        session = PolicyPackSession(
            PACK_DIR,
            project=start.project,
            stack=start.stack,
            preview=start.preview,
            config=start.config,
        ).start()
        sessions.append(session)
        start.listeners.append(session.stream(config))
        start.listeners.append(lambda r: seen.append(r.urn))

    try:
        plan = run_stack(REPO_ROOT, stack, preview=preview, before_program=before_program)
        report = sessions[0].analyze(plan, config)
    finally:
        for session in sessions:
            session.close()
    return plan, report, seen


@pytest.mark.parametrize(
    ("stack", "preview", "config"),
    [
        ("prod", True, None),
        ("dev", False, {"all": "advisory"}),
        ("prod", True, {"proxy-require-tls": "remediate"}),
    ],
    ids=["prod-preview", "dev-update", "prod-remediate"],
)
def test_streamed_analysis_reports_what_the_analysis_after_the_program_reports(
    stack: str, preview: bool, config: dict[str, object] | None
) -> None:
    """Findings, not-applicable answers; every resource handed over once, in registration order."""
    parsed = parse_policy_config(config, "policy.json") if config is not None else None
    plan, streamed, seen = _streamed(stack, preview, parsed)
    after = analyze_plan(plan, PACK_DIR, config_file=parsed)
    assert seen == [r.urn for r in plan.resources]
    assert streamed.findings == after.findings
    assert streamed.not_applicable == after.not_applicable
    assert after.findings  # the case has findings to compare


def test_preview_sends_analyze_stack_when_the_analysis_begins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Streamed preview: ``begin_analyze`` sends ``AnalyzeStack`` itself (not the blocking call
    after collecting), and the report is the one of the analysis after the program."""
    blocking: list[str] = []
    call = PolicyPackSession._call

    def spy_call(session: PolicyPackSession, method: str, *args: Any, **kwargs: Any) -> Any:
        blocking.append(method)
        return call(session, method, *args, **kwargs)

    monkeypatch.setattr(PolicyPackSession, "_call", spy_call)
    plan, streamed, _ = _streamed("prod", True, None)
    assert "Configure" in blocking and "AnalyzeStack" not in blocking
    after = analyze_plan(plan, PACK_DIR)
    assert "AnalyzeStack" in blocking  # without streaming: after the Analyze answers
    assert (streamed.findings, streamed.not_applicable) == (after.findings, after.not_applicable)
    assert after.findings  # the case has findings to compare
