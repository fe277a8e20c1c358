"""Secure config stays secret end to end and can be planned offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from auroractl.cli import main
from auroractl.engine import ConfigError, PlanResult, run_stack

REPO_ROOT = Path(__file__).resolve().parents[1]
CIPHERTEXT = {"secure": "v1:c2VjcmV0LWNpcGhlcnRleHQ="}
SECRET_WIRE_KEY = "4dabf18193072939515e22adb298388d"


def prod_with(tmp_path: Path, **changes: Any) -> Path:
    """A copy of the program with Pulumi.prod.yaml's keys changed."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    doc = yaml.safe_load((REPO_ROOT / "Pulumi.prod.yaml").read_text())
    for key, value in changes.items():
        doc["config"][f"aurora-platform:{key}"] = value
    (tmp_path / "Pulumi.prod.yaml").write_text(yaml.safe_dump(doc))
    return tmp_path


def subscription_endpoint(plan: PlanResult) -> Any:
    (subscription,) = plan.by_type("aws:sns/topicSubscription:TopicSubscription")
    return subscription.inputs["endpoint"]


def test_secure_alarm_email_plans_as_a_secret(tmp_path: Path) -> None:
    """Offline, a secure alarmEmail is a known placeholder: the subscription is planned and
    its endpoint is a secret; the config shows [secret]."""
    plan = run_stack(prod_with(tmp_path, alarmEmail=CIPHERTEXT), "prod", preview=False)
    endpoint = subscription_endpoint(plan)
    assert isinstance(endpoint, dict) and SECRET_WIRE_KEY in endpoint
    assert plan.config["aurora-platform:alarmEmail"] == "[secret]"


def test_secure_alarm_email_plaintext_reaches_the_resource_as_a_secret(tmp_path: Path) -> None:
    """With its plaintext (as under the Pulumi CLI), the subscription's endpoint is a secret
    holding it: the program reads it as a secret, not as a plain string."""
    plan = run_stack(
        prod_with(tmp_path, alarmEmail=CIPHERTEXT),
        "prod",
        preview=False,
        config_overrides={"alarmEmail": "dba@example.com"},
    )
    endpoint = subscription_endpoint(plan)
    assert endpoint == {SECRET_WIRE_KEY: endpoint[SECRET_WIRE_KEY], "value": "dba@example.com"}
    assert "dba@example.com" not in json.dumps(plan.config)


def test_plain_alarm_email_stays_plain(tmp_path: Path) -> None:
    """A plaintext alarmEmail is not marked secret."""
    plan = run_stack(prod_with(tmp_path), "prod", preview=False)
    assert subscription_endpoint(plan) == "dba-oncall@example.com"


def test_fails_invalid_secret_without_showing_it(tmp_path: Path) -> None:
    """A bad secret value is refused naming the key; the message shows [secret]."""
    with pytest.raises(ConfigError) as info:
        run_stack(
            prod_with(tmp_path, alarmEmail=CIPHERTEXT),
            "prod",
            config_overrides={"alarmEmail": "oncall-not-an-address"},
        )
    assert str(info.value) == (
        "Stack 'prod' with configuration key 'alarmEmail' must be an email address or empty, "
        "got [secret]"
    )


@pytest.mark.parametrize("key", ["readers", "tags", "network"])
def test_fails_secure_value_the_program_would_pass_in_plaintext(tmp_path: Path, key: str) -> None:
    """Any other key stored encrypted would reach AWS as text: refused by name."""
    with pytest.raises(ConfigError) as info:
        run_stack(prod_with(tmp_path, **{key: CIPHERTEXT}), "prod")
    assert str(info.value) == (
        f"Stack 'prod' with configuration key '{key}' must be plaintext, got a secure value: "
        f"the program passes {key} to AWS as it is (only alarmEmail can be kept secret)"
    )


def test_plan_json_shows_the_secret_as_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """auroractl plan --json: the config value and the resource input are [secret]."""
    project = prod_with(tmp_path, alarmEmail=CIPHERTEXT)
    args = ["plan", "--stack", "prod", "--json", "--project-dir", str(project)]
    assert main([*args, "--policy-pack", str(REPO_ROOT / "policies")]) == 0
    out = capsys.readouterr().out
    document = json.loads(out)
    assert document["config"]["aurora-platform:alarmEmail"] == "[secret]"
    assert "c2VjcmV0" not in out


def test_typed_secure_value_of_any_program_plans(tmp_path: Path, toy: Any) -> None:
    """Any program: a secure integer key plans with a placeholder of its type (the declared
    default), reported secret; it used to exit 2 naming an option that does not exist."""
    stack_yaml = toy.stack_yaml + "  toy:size:\n    secure: v1:c2l6ZQ==\n"
    plan = run_stack(toy.write(tmp_path / "toy", stack_yaml=stack_yaml), "dev")
    assert plan.config["toy:size"] == "[secret]"
    assert [r.name for r in plan.resources if r.type == "toy:index:Thing"] == ["thing-2"]
