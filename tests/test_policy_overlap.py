"""``auroractl plan`` starts the policy pack before the program runs and always stops it.

The pack's start-up (a second Python process) overlaps the program; these tests check the
order of events, that bad policy input is reported before the program runs, that the pack
process is gone after success, a program failure and KeyboardInterrupt, and that pipelined
``Analyze`` calls report what one-at-a-time calls report.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auroractl.cli import EXIT_CONFIG, EXIT_PROGRAM, main
from auroractl.engine import runner
from auroractl.policy import PolicyPackSession, _runner, analyze_plan
from auroractl.policy.testing import BUCKET_URN, toy_plan, with_bucket, with_echo, write_pack

TOY_PROGRAM = """\
import pulumi
import pulumi_aws as aws

aws.sns.Topic("alerts")
pulumi.export("done", True)
"""


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The throwaway pack of auroractl.policy.testing."""
    return write_pack(tmp_path_factory.mktemp("overlap") / "pack")


class Events:
    """Records when the pack starts, the program runs and the pack is analyzed and closed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        self.pids: list[int] = []
        start, begin_analyze, close = (
            PolicyPackSession.start,
            PolicyPackSession.begin_analyze,  # also behind PolicyPackSession.analyze
            PolicyPackSession.close,
        )
        run_program = runner._run_program

        def spy_start(session: PolicyPackSession) -> PolicyPackSession:
            result = start(session)
            self.names.append("pack started")
            assert session.pid is not None
            self.pids.append(session.pid)
            return result

        def spy_analyze(session: PolicyPackSession, *args: Any, **kwargs: Any) -> Any:
            self.names.append("analyze")
            return begin_analyze(session, *args, **kwargs)

        def spy_close(session: PolicyPackSession) -> None:
            if session.pid is not None:
                self.names.append("pack closed")
            close(session)

        def spy_program(program: Path) -> None:
            self.names.append("program")
            run_program(program)

        monkeypatch.setattr(PolicyPackSession, "start", spy_start)
        monkeypatch.setattr(PolicyPackSession, "begin_analyze", spy_analyze)
        monkeypatch.setattr(PolicyPackSession, "close", spy_close)
        monkeypatch.setattr(runner, "_run_program", spy_program)

    def all_stopped(self) -> bool:
        """Whether every pack process started was stopped and reaped."""
        for pid in self.pids:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            return False
        return True


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Events:
    """Spies on the pack session and the program runner."""
    return Events(monkeypatch)


@pytest.fixture
def project(toy: Any, tmp_path: Path) -> Callable[..., Path]:
    """Writes a toy project (stack ``dev``) with the given program."""

    def make(program: str = TOY_PROGRAM) -> Path:
        written: Path = toy.write(tmp_path / "project", program=program)
        return written

    return make


def plan_argv(project_dir: Path, pack_dir: Path, *extra: str) -> list[str]:
    """``auroractl plan`` arguments for the toy project and the toy pack."""
    return ["plan", "--project-dir", str(project_dir), "--policy-pack", str(pack_dir), *extra]


def test_pack_starts_before_the_program_and_stops_after(
    events: Events, project: Callable[..., Path], pack_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pack started, then the program, then the analysis, then the pack is stopped."""
    code = main(plan_argv(project(), pack_dir, "--json"))
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert events.names == ["pack started", "program", "analyze", "pack closed"]
    doc = json.loads(out)
    assert [s["newState"]["type"] for s in doc["steps"]][-1] == "aws:sns/topic:Topic"
    assert events.all_stopped()


def test_bad_policy_config_is_reported_before_the_program_runs(
    events: Events,
    project: Callable[..., Path],
    pack_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A malformed config file: exit 2, one line, no program run and no pack started."""
    config = tmp_path / "policy.json"
    config.write_text("{not json", encoding="utf-8")
    code = main(plan_argv(project(), pack_dir, "--policy-pack-config", str(config)))
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_CONFIG, "")
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "policy.json" in err
    assert events.names == []


def test_bad_pack_folder_is_reported_before_the_program_runs(
    events: Events, project: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder without PulumiPolicy.yaml: exit 2 naming it, before the program runs."""
    code = main(plan_argv(project(), tmp_path))
    _, err = capsys.readouterr()
    assert code == EXIT_CONFIG
    assert "has no PulumiPolicy.yaml" in err and err.count("\n") == 1
    assert events.names == []


def test_program_failure_stops_the_started_pack(
    events: Events, project: Callable[..., Path], pack_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The program fails after the pack started: exit 3, and the pack process is gone."""
    code = main(plan_argv(project("raise RuntimeError('boom')\n"), pack_dir))
    _, err = capsys.readouterr()
    assert code == EXIT_PROGRAM
    assert "boom" in err
    assert events.names == ["pack started", "program", "pack closed"]
    assert events.all_stopped()


def test_keyboard_interrupt_stops_the_started_pack(
    events: Events, project: Callable[..., Path], pack_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the program runs: one line, exit 130, and the pack process is gone."""
    code = main(plan_argv(project("raise KeyboardInterrupt\n"), pack_dir))
    assert code == 130
    assert capsys.readouterr().err.splitlines()[-1] == "auroractl plan: interrupted"
    assert events.names == ["pack started", "program", "pack closed"]
    assert events.pids and events.all_stopped()


def test_no_policy_starts_no_pack(
    events: Events, project: Callable[..., Path], pack_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--no-policy``: the program runs and no pack process is started."""
    code = main(plan_argv(project(), pack_dir, "--no-policy"))
    capsys.readouterr()
    assert code == 0
    assert events.names == ["program"]


def test_pipelined_analyze_reports_what_sequential_calls_report(
    pack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several ``Analyze`` calls in flight give the same findings as one at a time."""
    plan = with_echo(with_bucket(toy_plan(preview=False), public=True, size=0.5), extra="x")
    monkeypatch.setattr(_runner, "ANALYZE_WINDOW", 1)
    one_at_a_time = analyze_plan(plan, pack_dir)
    monkeypatch.setattr(_runner, "ANALYZE_WINDOW", 3)
    pipelined = analyze_plan(plan, pack_dir)
    assert pipelined.findings == one_at_a_time.findings
    assert {(f.policy, f.urn) for f in pipelined.findings} >= {("toy-no-public", BUCKET_URN)}
