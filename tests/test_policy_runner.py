"""The Analyzer protocol client against a real (throwaway) policy pack process.

One pack process per mode for the whole module: startup costs about a second.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from auroractl.policy import (
    PackLog,
    PolicyConfigError,
    PolicyPackError,
    PolicyPackSession,
    analyze_plan,
    parse_policy_config,
    run_pack,
)
from auroractl.policy._engine_stub import EngineStub
from auroractl.policy.testing import (
    BUCKET_URN,
    ECHO_URN,
    PROJECT,
    STACK,
    TOY_SECRET,
    toy_plan,
    with_bucket,
    with_echo,
    write_pack,
)
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The throwaway pack of auroractl.policy.testing."""
    return write_pack(tmp_path_factory.mktemp("toy") / "pack")


def _session(pack_dir: Path, preview: bool) -> Iterator[PolicyPackSession]:
    with PolicyPackSession(
        pack_dir, project=PROJECT, stack=STACK, preview=preview, config=toy_plan().config
    ) as session:
        yield session


@pytest.fixture(scope="module")
def preview(pack_dir: Path) -> Iterator[PolicyPackSession]:
    """The pack started with PULUMI_DRY_RUN=true."""
    yield from _session(pack_dir, True)


@pytest.fixture(scope="module")
def update(pack_dir: Path) -> Iterator[PolicyPackSession]:
    """The pack started with PULUMI_DRY_RUN=false."""
    yield from _session(pack_dir, False)


def _summary(findings: list) -> list[tuple[str, str, str | None]]:  # type: ignore[type-arg]
    return [(f.policy, f.level, f.urn) for f in findings]


def test_compliant_preview_reports_only_the_unknown_read(preview: PolicyPackSession) -> None:
    """In preview the ARN read is skipped with the CLI's advisory; nothing else is reported."""
    report = preview.analyze(toy_plan(preview=True))
    assert _summary(report.findings) == [("toy-reads-arn", "advisory", BUCKET_URN)]
    assert report.findings[0].message == (
        "can't run policy 'toy-reads-arn' from policy pack 'toy-pack@v0.0.1' during preview: "
        "string value at .keyArn can't be known during preview"
    )
    assert (report.pack, report.version) == ("toy-pack", "1.2.3")
    assert report.mandatory == []


def test_compliant_update_reports_nothing(update: PolicyPackSession) -> None:
    """With known ids and ARNs every policy runs and passes."""
    assert update.analyze(toy_plan(preview=False)).findings == []


def test_mandatory_finding_scrubs_the_secret(preview: PolicyPackSession) -> None:
    """A public bucket fails; the secret the policy echoed is replaced before it is shown."""
    report = preview.analyze(with_bucket(toy_plan(), public=True))
    found = [f for f in report.findings if f.policy == "toy-no-public"]
    assert [(f.level, f.urn, f.resource_type) for f in found] == [
        ("mandatory", BUCKET_URN, "toy:index:Bucket")
    ]
    assert found[0].message == "Buckets are private.\ng-bucket is public (password [secret])"
    assert all(TOY_SECRET not in f.message for f in report.findings)


def test_unset_security_property_reaches_the_policy_as_missing(
    update: PolicyPackSession,
) -> None:
    """A property absent from the inputs is absent for the policy (fails closed here)."""
    plan = toy_plan(preview=False)
    bucket = next(r for r in plan.resources if r.urn == BUCKET_URN)
    del bucket.inputs["public"]
    assert [f.policy for f in update.analyze(plan).mandatory] == ["toy-no-public"]


def test_initial_config_then_file_config(update: PolicyPackSession) -> None:
    """The pack's initial floor (20, mandatory) applies; the file lowers it or relaxes all."""
    plan = with_bucket(toy_plan(preview=False), size=15)
    assert _summary(update.analyze(plan).findings) == [("toy-min-size", "mandatory", BUCKET_URN)]
    lowered = parse_policy_config({"toy-min-size": {"minSize": 10}}, "cfg")
    assert update.analyze(plan, lowered).findings == []
    relaxed = parse_policy_config({"all": "advisory"}, "cfg")
    assert _summary(update.analyze(plan, relaxed).findings) == [
        ("toy-min-size", "advisory", BUCKET_URN)
    ]


def test_disabled_policy_does_not_run(update: PolicyPackSession) -> None:
    """A policy disabled by config reports nothing."""
    plan = with_bucket(toy_plan(preview=False), public=True)
    config = parse_policy_config({"toy-no-public": "disabled"}, "cfg")
    assert [f.policy for f in update.analyze(plan, config).findings] == []


def test_stack_policy_sees_parents_and_property_dependencies(update: PolicyPackSession) -> None:
    """AnalyzeStack links resources; a bucket whose key is not a toy key is reported on its URN."""
    plan = toy_plan(preview=False)
    bucket = next(r for r in plan.resources if r.urn == BUCKET_URN)
    bucket.property_dependencies.clear()
    findings = update.analyze(plan).findings
    assert [(f.policy, f.urn, f.message) for f in findings] == [
        (
            "toy-key-linked",
            BUCKET_URN,
            "Buckets use a toy key.\ng-bucket is not encrypted with a toy key",
        )
    ]


def test_echo_shows_env_options_provider_and_config(preview: PolicyPackSession) -> None:
    """The pack sees the CLI's environment, resource options, default provider and its config."""
    plan = with_echo(toy_plan(), n=5, later=None)
    config = parse_policy_config({"toy-echo": {"note": "a"}}, "cfg")
    echo = next(f for f in preview.analyze(plan, config).findings if f.urn == ECHO_URN)
    seen = json.loads(echo.message.split("\n", 1)[1])
    assert seen == {
        "config": {"aws:region": "eu-west-1", "toy:region": "eu-west-1", "toyproj:size": "3"},
        "dryRun": "true",
        "ignoreChanges": ["tags"],
        "parent": f"urn:pulumi:{STACK}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{STACK}",
        "policyConfig": {"note": "a"},
        "project": PROJECT,
        "props": {"n": 5.0},
        "protect": True,
        "provider": ["pulumi:providers:toy", "default", {"region": "eu-west-1"}],
        "stack": STACK,
    }


def test_remediation_runs_only_at_remediate_level(update: PolicyPackSession) -> None:
    """Untagged: advisory by default; at remediate the props are fixed and reported as such."""
    plan = with_bucket(toy_plan(preview=False), tagged=False)
    assert _summary(update.analyze(plan).findings) == [("toy-tag", "advisory", BUCKET_URN)]
    config = parse_policy_config({"toy-tag": "remediate"}, "cfg")
    findings = update.analyze(plan, config).findings
    assert _summary(findings) == [("toy-tag", "remediate", BUCKET_URN)]
    assert findings[0].message.startswith("Buckets are tagged.\nremediated:")


def test_pack_logs_are_forwarded(update: PolicyPackSession) -> None:
    """pulumi.log output of a policy comes back as a log entry."""
    logs = update.analyze(toy_plan(preview=False)).logs
    assert PackLog("info", "checked g-bucket") in logs


def test_bad_config_names_the_policy_and_the_session_survives(
    update: PolicyPackSession,
) -> None:
    """An unknown policy in the config is a PolicyConfigError; the pack keeps working."""
    with pytest.raises(PolicyConfigError, match="policy 'toy-nope' is not in the pack"):
        update.analyze(toy_plan(preview=False), parse_policy_config({"toy-nope": "advisory"}, "c"))
    assert update.analyze(toy_plan(preview=False)).findings == []


def test_run_pack_stops_the_process(pack_dir: Path, tmp_path: Path) -> None:
    """The one-shot entry point reads the config file, reports, and leaves no process behind."""
    config = tmp_path / "cfg.json"
    config.write_text(json.dumps({"toy-no-public": "advisory"}), encoding="utf-8")
    plan = with_bucket(toy_plan(preview=False), public=True)
    pids: list[int | None] = []
    original = PolicyPackSession.__exit__

    def spy(self: PolicyPackSession, *args: object) -> None:
        pids.append(self.pid)
        original(self, *args)  # type: ignore[arg-type]

    PolicyPackSession.__exit__ = spy  # type: ignore[method-assign]
    try:
        findings = run_pack(plan, pack_dir, config_file=config)
    finally:
        PolicyPackSession.__exit__ = original  # type: ignore[method-assign]
    assert _summary(findings) == [("toy-no-public", "advisory", BUCKET_URN)]
    assert pids and pids[0] is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pids[0], 0)


def test_fails_when_the_pack_crashes_on_load(tmp_path: Path) -> None:
    """A pack that raises while loading is reported with its exit status and output."""
    pack = write_pack(tmp_path / "broken", main="raise SystemExit('no policies here')\n")
    with pytest.raises(PolicyPackError) as info:
        analyze_plan(toy_plan(), pack)
    assert "exited with status 1 before serving" in str(info.value)
    assert "no policies here" in str(info.value)


def test_fails_when_the_pack_prints_before_its_port(tmp_path: Path) -> None:
    """Output on stdout before the port line is a clear error, not a hang."""
    pack = write_pack(tmp_path / "chatty", main="print('hello')\nimport time\ntime.sleep(60)\n")
    with pytest.raises(PolicyPackError, match="printed 'hello' instead of its port"):
        analyze_plan(toy_plan(), pack)


def test_fails_on_a_plan_for_another_stack(update: PolicyPackSession) -> None:
    """A session serves one project/stack."""
    from dataclasses import replace

    with pytest.raises(ValueError, match="plan is for toyproj/prod, the session for toyproj/dev"):
        update.analyze(replace(toy_plan(), stack="prod"))


def test_engine_stub_records_logs() -> None:
    """The stub Engine service answers Log and the root-resource calls."""
    with EngineStub("urn:root") as stub:
        with grpc.insecure_channel(stub.address) as channel:
            client = engine_pb2_grpc.EngineStub(channel)
            client.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message="m", urn="u"))
            root = client.GetRootResource(engine_pb2.GetRootResourceRequest())
        assert root.urn == "urn:root"
        assert stub.take_logs() == [PackLog("warning", "m", "u")]
