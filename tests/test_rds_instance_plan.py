"""`auroractl plan` on a standalone RDS PostgreSQL instance program, checked by the real pack.

The fixture program (tests/programs/rds_instance) has three stacks: `insecure` (the quick-start
shape), `secure`, and `web` (secure, behind an internet-facing load balancer whose group admits
80/443 from anywhere).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from auroractl.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = Path(__file__).resolve().parent / "programs" / "rds_instance"
PACK = ROOT / "policies"
INSTANCE = "aws:rds/instance:Instance"


def _plan(capsys: pytest.CaptureFixture[str], stack: str, mode: str) -> tuple[int, dict[str, Any]]:
    code = main(
        [
            "plan",
            "--project-dir",
            str(PROGRAM),
            "--stack",
            stack,
            "--mode",
            mode,
            "--policy-pack",
            str(PACK),
            "--json",
        ]
    )
    return code, json.loads(capsys.readouterr().out)


WEAKNESSES = [
    ("instance-not-public", "publiclyAccessible is true, expected false."),
    ("aurora-storage-encrypted", "storageEncrypted is unset, expected true."),
    ("aurora-backup-retention", "backupRetentionPeriod is 0 days, expected at least 7."),
    ("aurora-deletion-protection", "deletionProtection is unset, expected true."),
    ("aurora-final-snapshot", "skipFinalSnapshot is true, expected false"),
    ("aurora-custom-admin", 'username is "postgres", a well-known admin name'),
    ("aurora-managed-password", "plaintext in the program's source"),
    ("db-subnet-group-set", "dbSubnetGroupName is unset"),
    ("pg-force-ssl", "parameterGroupName is unset"),
]


@pytest.mark.parametrize("mode", ["preview", "update"])
def test_insecure_instance_exits_1_naming_each_weakness(
    capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    """Every weakness of the quick-start instance is a mandatory finding on the instance.

    In update mode the deployment stops at the instance's first mandatory finding, so the
    stack policies (``AnalyzeStack``) never run, as under the real engine
    (step_generator.go, generateSteps: "resource %s is invalid").
    """
    code, doc = _plan(capsys, "insecure", mode)
    assert code == 1
    mandatory = [
        (f["policy"], f["message"])
        for f in doc["policyFindings"]
        if f["level"] == "mandatory" and f["resource_type"] == INSTANCE
    ]
    stack_level = {"pg-force-ssl"}
    for policy, text in WEAKNESSES:
        if mode == "update" and policy in stack_level:
            assert not any(p == policy for p, _ in mandatory)
            continue
        assert any(p == policy and text in m for p, m in mandatory), (policy, mandatory)
    assert "correct-horse-battery" not in json.dumps(doc)


@pytest.mark.parametrize("stack", ["secure", "web"])
@pytest.mark.parametrize("mode", ["preview", "update"])
def test_secure_instance_and_public_load_balancer_exit_0(
    capsys: pytest.CaptureFixture[str], stack: str, mode: str
) -> None:
    """A private, hardened instance passes, also behind a world-facing 80/443 load balancer."""
    code, doc = _plan(capsys, stack, mode)
    mandatory = [f for f in doc["policyFindings"] if f["level"] == "mandatory"]
    assert mandatory == []
    assert code == 0
    advisory = {f["policy"] for f in doc["policyFindings"]}
    assert "sg-no-world-ingress" not in advisory
    if stack == "web":
        assert "sg-no-open-egress" in advisory  # the load balancer's open egress: advisory
