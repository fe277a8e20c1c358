"""End to end: the real pack (policies/) as a process, on the resources our components produce.

Plans come from ``auroractl.engine.run_stack`` on the committed stacks; the pack is driven over
the Analyzer protocol exactly as the Pulumi CLI drives it. One pack process per (stack, mode)
for the whole module; ``auroractl plan`` itself is run a few times for the exit statuses.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from auroractl.cli import main
from auroractl.engine import PlanResult, run_stack
from auroractl.policy import PackReport, PolicyPackSession, load_policy_config

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "policies"
DEV_CONFIG = PACK / "config" / "dev.json"
MODES = ("preview", "update")
CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"

_plans: dict[tuple[str, str, str], PlanResult] = {}


def plan(stack: str, mode: str = "preview", **overrides: Any) -> PlanResult:
    """The committed stack's plan (cached), optionally with config overrides."""
    key = (stack, mode, json.dumps(overrides, sort_keys=True))
    if key not in _plans:
        _plans[key] = run_stack(ROOT, stack, preview=mode == "preview", config_overrides=overrides)
    return _plans[key]


@pytest.fixture(scope="module")
def pack() -> Iterator[Callable[[str, str], PolicyPackSession]]:
    """Sessions of the real pack, started on first use and stopped with the module."""
    sessions: dict[tuple[str, str], PolicyPackSession] = {}
    with ExitStack() as stack:

        def get(stack_name: str, mode: str) -> PolicyPackSession:
            if (stack_name, mode) not in sessions:
                sample = plan(stack_name, mode)
                sessions[(stack_name, mode)] = stack.enter_context(
                    PolicyPackSession(
                        PACK,
                        project=sample.project,
                        stack=stack_name,
                        preview=mode == "preview",
                        config=sample.config,
                    )
                )
            return sessions[(stack_name, mode)]

        yield get


def analyze(
    pack: Callable[[str, str], PolicyPackSession],
    p: PlanResult,
    config: Path | None = None,
) -> PackReport:
    """Findings of the real pack on one plan."""
    session = pack(p.stack, "preview" if p.preview else "update")
    return session.analyze(p, load_policy_config(config) if config else None)


def mandatory(report: PackReport) -> set[str]:
    """Names of the policies with a mandatory finding."""
    return {f.policy for f in report.mandatory}


def edit(p: PlanResult, type_: str, **inputs: Any) -> PlanResult:
    """The plan with ``inputs`` set on every resource of ``type_`` (outputs too when known)."""
    resources = [
        dataclasses.replace(
            r,
            inputs={**r.inputs, **inputs},
            outputs={**r.outputs, **inputs} if r.outputs else r.outputs,
        )
        if r.type == type_
        else r
        for r in p.resources
    ]
    assert any(r.type == type_ for r in resources), f"no {type_} in the plan"
    return dataclasses.replace(p, resources=resources)


@pytest.mark.parametrize("mode", MODES)
def test_prod_passes_with_no_config(
    pack: Callable[[str, str], PolicyPackSession], mode: str
) -> None:
    """The production stack meets every mandatory policy at full strictness."""
    report = analyze(pack, plan("prod", mode))
    assert len(pack("prod", mode).policies) >= 30
    assert report.mandatory == []


@pytest.mark.parametrize("mode", MODES)
def test_dev_fails_without_config_on_the_acu_floor(
    pack: Callable[[str, str], PolicyPackSession], mode: str
) -> None:
    """Dev scales to zero: below the production floor unless its policy config is passed."""
    report = analyze(pack, plan("dev", mode))
    assert "aurora-acu-bounds" in mandatory(report)
    assert any(
        f.message.endswith("minCapacity is 0, below the configured floor minCapacityFloor 0.5.")
        for f in report.mandatory
    )


@pytest.mark.parametrize("mode", MODES)
def test_dev_passes_with_its_policy_config(
    pack: Callable[[str, str], PolicyPackSession], mode: str
) -> None:
    """policies/config/dev.json relaxes exactly what dev needs."""
    assert analyze(pack, plan("dev", mode), DEV_CONFIG).mandatory == []


@pytest.mark.parametrize(
    ("stack", "variant", "policy"),
    [
        ("prod", lambda: plan("prod", backupRetentionDays=1), "aurora-backup-retention"),
        ("prod", lambda: plan("prod", deletionProtection=False), "aurora-deletion-protection"),
        (
            "prod",
            lambda: edit(plan("prod"), INSTANCE, publiclyAccessible=True),
            "instance-not-public",
        ),
        (
            "dev",
            lambda: edit(plan("dev"), CLUSTER, storageEncrypted=False),
            "aurora-storage-encrypted",
        ),
        ("dev", lambda: plan("dev", backupRetentionDays=1), "aurora-backup-retention"),
    ],
    ids=[
        "prod-retention-1",
        "prod-no-deletion-protection",
        "prod-public-instance",
        "dev-unencrypted",
        "dev-retention-1",
    ],
)
def test_one_setting_flipped_fails_the_named_policy(
    pack: Callable[[str, str], PolicyPackSession],
    stack: str,
    variant: Callable[[], PlanResult],
    policy: str,
) -> None:
    """Each single-setting variant of a passing stack adds exactly that policy's violation."""
    config = DEV_CONFIG if stack == "dev" else None
    assert mandatory(analyze(pack, variant(), config)) == {policy}


def _project_copy(tmp_path: Path, stack: str, **config: Any) -> Path:
    """A project folder with the committed program and one stack's config changed."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    data = yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8"))
    data["config"].update({f"aurora-platform:{k}": v for k, v in config.items()})
    (tmp_path / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return tmp_path


class TestAuroractlPlan:
    """``auroractl plan``: exit status, findings in text and JSON."""

    def test_dev_without_config_exits_1_naming_the_policy(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text report names the failing policy and the cluster it is about."""
        assert main(["plan", "--stack", "dev", "--project-dir", str(ROOT)]) == 1
        out = capsys.readouterr().out
        assert f"[mandatory]  aurora-acu-bounds  ({CLUSTER}: " in out
        assert "FAILED: " in out

    def test_dev_with_config_exits_0_with_json_findings(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json carries policyFindings and policy diagnostics; no mandatory finding."""
        code = main(
            [
                "plan",
                "--stack",
                "dev",
                "--project-dir",
                str(ROOT),
                "--mode",
                "update",
                "--json",
                "--policy-pack-config",
                str(DEV_CONFIG),
            ]
        )
        doc = json.loads(capsys.readouterr().out)
        assert code == 0
        assert "policyFindings" in doc
        assert all(f["level"] != "mandatory" for f in doc["policyFindings"])

    def test_prod_variant_exits_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """prod with one day of backups fails the retention policy."""
        project = _project_copy(tmp_path, "prod", backupRetentionDays=1)
        code = main(
            ["plan", "--stack", "prod", "--project-dir", str(project), "--policy-pack", str(PACK)]
        )
        assert code == 1
        assert "[mandatory]  aurora-backup-retention" in capsys.readouterr().out

    def test_unknown_policy_in_config_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A config naming a policy the pack lacks is bad input: one line, exit 2."""
        config = tmp_path / "cfg.json"
        config.write_text('{"aurora-acu-bound": "advisory"}', encoding="utf-8")
        code = main(
            [
                "plan",
                "--stack",
                "prod",
                "--project-dir",
                str(ROOT),
                "--policy-pack-config",
                str(config),
            ]
        )
        err = capsys.readouterr().err
        assert code == 2
        assert err.count("\n") == 1
        assert "policy 'aurora-acu-bound' is not in the pack" in err


def test_secret_input_reaches_the_pack_but_never_a_message(
    pack: Callable[[str, str], PolicyPackSession],
) -> None:
    """A plaintext master password (secret on the wire) is flagged; its value is never shown."""
    password = "e2e-made-up-password-000"
    secret = {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        "value": password,
    }
    report = analyze(pack, edit(plan("prod", "update"), CLUSTER, masterPassword=secret))
    assert mandatory(report) == {"aurora-managed-password"}
    shown = [f.message for f in report.findings] + [log.message for log in report.logs]
    assert not any(password in text for text in shown)
