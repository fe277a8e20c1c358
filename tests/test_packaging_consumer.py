"""examples/consumer: another organisation's program plans with its own names and tags.

The example is documentation and a test at once: planned offline by the mock engine (as CI
does with `auroractl plan --project-dir examples/consumer --stack sandbox --policy-pack
examples/acme-guardrails`), every resource it creates must carry ACME's naming prefix and tags,
and ACME's own pack (composed from aurora-guardrails) must find nothing mandatory.
"""

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONSUMER = ROOT / "examples" / "consumer"
PREFIX = "acme-sandbox-orders"
ACME_TAGS = {
    "acme:application": "orders",
    "acme:environment": "sandbox",
    "acme:cost-centre": "CC-4711",
    "acme:owner": "team-checkout",
    "acme:data-classification": "confidential",
}


@pytest.fixture(scope="module")
def plan() -> Any:
    """The sandbox stack of the consumer example, previewed by the mock engine."""
    from auroractl.engine import run_stack

    return run_stack(CONSUMER, "sandbox", preview=True)


def _own(plan: Any) -> list[Any]:
    """Resources the program created (not the stack or provider resources)."""
    return [
        r
        for r in plan.resources
        if r.type != "pulumi:pulumi:Stack" and not r.type.startswith("pulumi:providers:")
    ]


def test_consumer_plans_as_its_own_project(plan: Any) -> None:
    """The plan belongs to acme-orders-db/sandbox and contains an AuroraPlatform."""
    assert (plan.project, plan.stack) == ("acme-orders-db", "sandbox")
    assert any(r.type.endswith(":AuroraPlatform") for r in plan.resources)
    assert any(r.type == "aws:rds/cluster:Cluster" for r in plan.resources)


def test_consumer_names_every_resource_with_its_prefix(plan: Any) -> None:
    """Every resource the components create is named from ACME's prefix."""
    stray = sorted(r.name for r in _own(plan) if not r.name.startswith(PREFIX))
    assert stray == []


def test_consumer_tags_reach_every_taggable_resource(plan: Any) -> None:
    """ACME's tags are merged onto every resource that has tags."""
    untagged = sorted(
        f"{r.type} {r.name}"
        for r in _own(plan)
        if r.custom
        and isinstance(r.inputs.get("tags"), dict)
        and not ACME_TAGS.items() <= r.inputs["tags"].items()
    )
    taggable = [r for r in _own(plan) if r.custom and "tags" in r.inputs]
    assert taggable, "no resource carries tags"
    assert untagged == []


def test_consumer_provider_reaches_every_aws_resource(plan: Any) -> None:
    """ACME's explicit AWS provider (passed through opts) is used by every AWS resource."""
    providers = [r for r in plan.resources if r.type == "pulumi:providers:aws"]
    assert [p.name for p in providers] == [f"{PREFIX}-aws"]
    default = sorted(
        f"{r.type} {r.name}"
        for r in _own(plan)
        if r.custom and f"::{PREFIX}-aws::" not in r.provider
    )
    assert default == []


def test_consumer_exports_what_applications_need(plan: Any) -> None:
    """The stack exports the host, the secret ARN, the security group and the env block."""
    assert {"ordersDbHost", "ordersDbSecretArn", "ordersDbSecurityGroupId", "ordersDbEnv"} <= set(
        plan.outputs
    )


def test_consumer_passes_its_own_guardrails(plan: Any) -> None:
    """ACME's pack (examples/acme-guardrails) reports no mandatory violation on the plan."""
    from auroractl.policy import run_pack

    findings = run_pack(plan, ROOT / "examples" / "acme-guardrails")
    mandatory = [f"{f.policy}: {f.message}" for f in findings if f.level == "mandatory"]
    assert mandatory == []
