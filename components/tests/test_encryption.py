"""Encryption: the CMK, its policy and its alias."""

from __future__ import annotations

import json

import pytest
from aurora_components import Encryption
from componentmocks import ACCOUNT, REGION, RecordingMonitor, run


def test_key_is_rotating_cmk_with_30_day_window(monitor: RecordingMonitor) -> None:
    """The key rotates, waits 30 days before deletion and is protected by default."""
    _component, outputs = run(lambda: Encryption("db", {"tags": {"team": "data"}}))
    assert monitor.type_counts() == {
        "aurora-platform:encryption:Encryption": 1,
        "aws:kms/key:Key": 1,
        "aws:kms/alias:Alias": 1,
    }
    key = monitor.one("aws:kms/key:Key")
    assert key.name == "db-key"
    assert key.inputs["enableKeyRotation"] is True
    assert key.inputs["deletionWindowInDays"] == 30
    assert key.inputs["isEnabled"] is True
    assert key.inputs["bypassPolicyLockoutSafetyCheck"] is False
    assert key.inputs["description"] == "Aurora platform data key (db)"
    assert key.inputs["tags"] == {"team": "data"}
    assert key.protect is True
    assert key.parent == monitor.one("aurora-platform:encryption:Encryption").urn
    alias = monitor.one("aws:kms/alias:Alias")
    assert alias.inputs["name"] == "alias/db"
    assert alias.inputs["targetKeyId"] == key.state["keyId"]
    assert outputs["key_arn"] == key.state["arn"]
    assert outputs["alias_name"] == "alias/db"


def test_key_policy_is_explicit_and_scoped(monitor: RecordingMonitor) -> None:
    """Root of this account, CloudWatch Logs by encryption context, alarms to the topic."""
    run(lambda: Encryption("db", {}))
    policy = json.loads(monitor.one("aws:kms/key:Key").inputs["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert set(statements) == {
        "EnableAccountIamPolicies",
        "AllowCloudWatchLogsForThisAccount",
        "AllowCloudWatchAlarmsToPublishToEncryptedTopic",
    }
    assert statements["EnableAccountIamPolicies"]["Principal"] == {
        "AWS": f"arn:aws:iam::{ACCOUNT}:root"
    }
    logs = statements["AllowCloudWatchLogsForThisAccount"]
    assert logs["Principal"] == {"Service": f"logs.{REGION}.amazonaws.com"}
    assert logs["Condition"] == {
        "ArnLike": {
            "kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:*"
        }
    }
    assert all(
        s["Principal"] != "*" and s["Principal"] != {"AWS": "*"} for s in statements.values()
    )


def test_protect_off_when_not_requested(monitor: RecordingMonitor) -> None:
    """protect_resources False leaves the key unprotected."""
    run(lambda: Encryption("db", {"protect_resources": False}))
    assert monitor.one("aws:kms/key:Key").protect is False


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("db", 'alias_name must start with "alias/" and not with "alias/aws/", got \'db\''),
        (
            "alias/aws/rds",
            'alias_name must start with "alias/" and not with "alias/aws/", got \'alias/aws/rds\'',
        ),
    ],
)
def test_fails_bad_alias(monitor: RecordingMonitor, alias: str, message: str) -> None:
    """A bad alias is refused before anything is registered."""
    with pytest.raises(ValueError) as excinfo:
        run(lambda: Encryption("db", {"alias_name": alias}))
    assert str(excinfo.value) == message
    assert monitor.registrations == []
